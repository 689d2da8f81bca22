/**
 * Exact capacitated assignment on a sparse graph, with a lexicographic
 * objective: first as many matched left items as possible, then the largest
 * total weight among those.
 *
 * Method: the shortest-augmenting-path (Hungarian) algorithm, one left item
 * at a time, with Dijkstra over reduced costs and early exit at the first
 * free place. Two ideas make it exact for this objective without a dense
 * matrix or a "big M":
 *
 * - Costs are pairs (count, weight) compared lexicographically: a real edge
 *   costs (-1, -w). Dijkstra and dual potentials only need an ordered group,
 *   so the pairs behave like numbers and one more match always beats any
 *   amount of weight, with no precision lost to a large constant.
 * - Every left item has a private "stay unmatched" place costing (0, 0). The
 *   problem becomes a perfect assignment of the left side, for which the
 *   one-item-at-a-time method is optimal; the search can also end by
 *   displacing an earlier item into its own unmatched place when that raises
 *   the total. Displaced items never return, so these places are implicit.
 *
 * Capacity is native: a right item is one node with c_j places, never c_j
 * copies. Places only fill up (a path swaps items along it and adds one at
 * its end), so a right item with room has never been scanned and keeps
 * potential zero, which keeps all free places comparable.
 *
 * Exactness with floats: weights are put on an integer grid first (kept as
 * they are when they are already integers up to 2^30, otherwise multiplied by
 * a power of two so the largest is about 2^30 and rounded). Every sum in the
 * search is then an exact integer in a double, so the result is exactly
 * optimal for the grid weights; two assignments whose true totals differ by
 * less than one grid step per pair may be ranked either way. Totals are
 * reported as the sum of the original weights.
 *
 * Orientation: searches start from the scarcer side. With at least as many
 * places as left items they start from left items; otherwise from each place
 * (a right item with capacity c is searched from c times) over the transposed
 * graph, where free left items are plentiful and paths short. The optimum is
 * the same either way.
 *
 * Pruning: each row's edges are scanned heaviest first, and once a free place
 * is in hand the rest of a row is skipped at the first edge whose best
 * possible label cannot beat it. Exact, and it cuts most of the work.
 *
 * Determinism (the tie rule): searches run in index order (left items, or
 * places by right index), each row's edges heaviest first (equal weights by
 * index), a label is replaced only by a
 * strictly better one, and equal labels leave the heap by lower index. Among
 * several optimal assignments the solver returns the one this order reaches;
 * the order depends only on the canonical instance (see toCandidateGraph), so
 * shuffling the input never changes the output.
 */
import { toAssignment, toCandidateGraph, type Assignment, type AssignmentInstance, type CandidateGraph } from './graph';

const GRID = 2 ** 30;
/** A left item settled as unmatched for good. */
const DEAD = -2;

/** Integer weights on a grid; see the header for why. */
export function gridWeights(weight: Float64Array): Float64Array {
  let max = 0;
  let integers = true;
  for (let e = 0; e < weight.length; e++) {
    const w = weight[e]!;
    if (w > max) max = w;
    if (integers && Math.floor(w) !== w) integers = false;
  }
  if (max === 0 || (integers && max <= GRID)) return weight;
  // Two factors, because 2^k alone overflows for the tiniest weights (k can pass 1023).
  const k = 30 - Math.ceil(Math.log2(max));
  const a = 2 ** Math.floor(k / 2);
  const b = 2 ** (k - Math.floor(k / 2));
  return weight.map((w) => Math.round(w * a * b));
}

/** A binary min-heap of right items keyed by their labels (ties: lower index), with positions for decrease-key. */
class LabelHeap {
  readonly items: Int32Array;
  size = 0;
  constructor(
    private readonly label: Float64Array,
    private readonly pos: Int32Array,
  ) {
    this.items = new Int32Array(label.length);
  }
  private before(a: number, b: number): boolean {
    const la = this.label[a]!;
    const lb = this.label[b]!;
    return la < lb || (la === lb && a < b);
  }
  push(j: number): void {
    this.up(this.size++, j);
  }
  decreased(j: number): void {
    this.up(this.pos[j]!, j);
  }
  pop(): void {
    const last = this.items[--this.size]!;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.before(this.items[child + 1]!, this.items[child]!)) child++;
      const c = this.items[child]!;
      if (!this.before(c, last)) break;
      this.items[at] = c;
      this.pos[c] = at;
      at = child;
    }
    this.items[at] = last;
    this.pos[last] = at;
  }
  private up(at: number, j: number): void {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const p = this.items[parent]!;
      if (!this.before(j, p)) break;
      this.items[at] = p;
      this.pos[p] = at;
      at = parent;
    }
    this.items[at] = j;
    this.pos[j] = at;
  }
}

/**
 * Solves the lexicographic assignment. Returns, for each left item, the index
 * of its chosen edge in `graph`, or -1.
 *
 * The count half of every (count, weight) pair turns out to be a flag per
 * right item, so it is stored as one: along any alternating path the counts
 * telescope to -1, so a right item's count label is -1 minus its count
 * potential, which is 0 ("live") or -1 ("dead": scanned by a search that could
 * not add a match, so no later path through it can add one either). Every
 * unmatched place has count 0. A search therefore runs in two phases, each
 * comparing weights only: first live items, which is where every path that
 * adds a match lies; only if that finds no room, dead items and unmatched
 * places, where a path can only raise the total.
 */
export function solveGraph(graph: CandidateGraph): Int32Array {
  return solveWithPrices(graph).choice;
}

/**
 * Dual prices of the right items, the solver's certificate of optimality
 * (see certificate.ts). Lexicographic pairs in grid units: right item j's
 * price is (count[j], weight[j]), and count[j] is 0 or 1.
 */
export interface Prices {
  count: Uint8Array;
  weight: Float64Array;
}

export interface PricedSolution {
  /** For each left item, the index of its chosen edge, or -1. */
  choice: Int32Array;
  prices: Prices;
  /** The grid weights the prices are in (the graph's own array when they were integers already). */
  grid: Float64Array;
}

/**
 * solveGraph, also returning the dual prices it finished with. With rows as
 * left items (mentees) the right items' potentials are the prices: a "dead"
 * item's count potential is -1, so its price counts one match, and its weight
 * potential is minus the weight price. Searching from the places instead,
 * the potentials belong to the left items; a right item's price then follows
 * from any of its matched edges (they agree, and an unmatched place forces 0),
 * which certificate.ts checks rather than trusts.
 */
export function solveWithPrices(graph: CandidateGraph): PricedSolution {
  const { left, rowStart, col } = graph;
  const right = graph.capacities.length;
  const w = gridWeights(graph.weight);
  // A right item never takes more items than it has edges: trimming keeps the slot arrays small.
  const degree = new Int32Array(right);
  for (let e = 0; e < col.length; e++) degree[col[e]!]!++;
  const cap = Int32Array.from(degree, (deg, j) => Math.min(graph.capacities[j]!, deg));
  const places = cap.reduce((sum, c) => sum + c, 0);
  if (places >= left) {
    const { choice, v, dead } = augmentAll({ rows: left, rowBegin: rowStart.subarray(0, left), rowEnd: rowStart.subarray(1), col, w, cap });
    // -v, with +0 for 0 so prices print and compare plainly.
    const weight = v.map((x) => (x === 0 ? 0 : -x));
    return { choice, prices: { count: dead, weight }, grid: w };
  }
  // Fewer places than left items: searches from the left side would end, late in the solve,
  // hunting for the last free places across the whole graph. Searching from the places
  // instead (one search per place, over the transposed graph) finds free left items nearby.
  const start = new Int32Array(right + 1);
  for (let j = 0; j < right; j++) start[j + 1] = start[j]! + degree[j]!;
  const fill = start.slice(0, right);
  const tCol = new Int32Array(col.length);
  const tW = new Float64Array(col.length);
  const original = new Int32Array(col.length);
  const sorted = transpose(graph, w, fill, tCol, tW, original);
  const rowBegin = new Int32Array(places);
  const rowEnd = new Int32Array(places);
  for (let j = 0, slot = 0; j < right; j++) {
    for (let c = 0; c < cap[j]!; c++, slot++) {
      rowBegin[slot] = start[j]!;
      rowEnd[slot] = start[j + 1]!;
    }
  }
  const leftCap = new Int32Array(left);
  for (let e = 0; e < col.length; e++) leftCap[tCol[e]!] = 1;
  const { choice: bySlot, v, dead } = augmentAll({ rows: places, rowBegin, rowEnd, col: tCol, w: tW, cap: leftCap, sorted });
  const choice = new Int32Array(left).fill(-1);
  for (const e of bySlot) if (e >= 0) choice[tCol[e]!] = original[e]!;
  // A slot's price is its matched edge's value less the left item's price (its edge is tight);
  // an unmatched slot's is 0. Take the least over each right item's slots.
  const count = new Uint8Array(right);
  const weight = new Float64Array(right);
  for (let j = 0, slot = 0; j < right; j++) {
    let c = 1;
    let x = Infinity;
    for (let k = 0; k < cap[j]!; k++, slot++) {
      const e = bySlot[slot]!;
      let sc = 0;
      let sx = 0;
      if (e >= 0) {
        const i = tCol[e]!;
        sc = 1 - dead[i]!;
        sx = tW[e]! + v[i]!;
      }
      if (sc < c || (sc === c && sx < x)) {
        c = sc;
        x = sx;
      }
    }
    if (x === Infinity) c = x = 0;
    count[j] = c;
    weight[j] = x === 0 ? 0 : x;
  }
  return { choice, prices: { count, weight }, grid: w };
}

/**
 * The transposed graph: right item j's edges at fill[j] onwards, as (left
 * item, weight, original edge). Returns true when each right item's edges
 * come heaviest first (ties: lower left index, the canonical order), which
 * holds when the weights allow counting: edges are bucketed by weight, then
 * dealt to their right items bucket by bucket. Both passes read in order and
 * only write at random, which is what makes them fast on big graphs.
 */
function transpose(graph: CandidateGraph, w: Float64Array, fill: Int32Array, tCol: Int32Array, tW: Float64Array, original: Int32Array): boolean {
  const { left, rowStart, col } = graph;
  const m = col.length;
  let max = 0;
  let counting = true;
  for (let e = 0; e < m && counting; e++) {
    const x = w[e]!;
    counting = x >= 0 && x <= COUNTING_LIMIT && Math.floor(x) === x;
    if (x > max) max = x;
  }
  if (!counting) {
    for (let i = 0; i < left; i++) {
      for (let e = rowStart[i]!; e < rowStart[i + 1]!; e++) {
        const at = fill[col[e]!]!++;
        tCol[at] = i;
        tW[at] = w[e]!;
        original[at] = e;
      }
    }
    return false;
  }
  const bucket = new Int32Array(max + 2);
  for (let e = 0; e < m; e++) bucket[max - w[e]! + 1]!++;
  for (let b = 0; b <= max; b++) bucket[b + 1]! += bucket[b]!;
  const byWeightEdge = new Int32Array(m);
  const byWeightLeft = new Int32Array(m);
  const byWeightRight = new Int32Array(m);
  for (let i = 0; i < left; i++) {
    for (let e = rowStart[i]!; e < rowStart[i + 1]!; e++) {
      const at = bucket[max - w[e]!]!++;
      byWeightEdge[at] = e;
      byWeightLeft[at] = i;
      byWeightRight[at] = col[e]!;
    }
  }
  // bucket[b] is now the end of weight max - b's run.
  for (let b = 0, k = 0; b <= max; b++) {
    const x = max - b;
    for (const end = bucket[b]!; k < end; k++) {
      const at = fill[byWeightRight[k]!]!++;
      tCol[at] = byWeightLeft[k]!;
      tW[at] = x;
      original[at] = byWeightEdge[k]!;
    }
  }
  return true;
}

interface Problem {
  rows: number;
  /** Edges of row r are rowBegin[r] .. rowEnd[r] - 1 (rows may share a range). */
  rowBegin: Int32Array;
  rowEnd: Int32Array;
  col: Int32Array;
  /** Integer (grid) weights. */
  w: Float64Array;
  cap: Int32Array;
  /** Each row's range is already heaviest first (ties: lower index). */
  sorted?: boolean;
}

/** Weights up to this (whole numbers) are ordered by counting: round scores in tenths are at most 4,000. */
const COUNTING_LIMIT = 2 ** 20;

/**
 * All edges by weight, heaviest first, ties by index: one stable counting
 * pass, or undefined when the weights are not whole numbers up to
 * COUNTING_LIMIT (then rows are sorted one by one).
 */
function weightOrder(w: Float64Array): Int32Array | undefined {
  const m = w.length;
  let max = 0;
  for (let e = 0; e < m; e++) {
    const x = w[e]!;
    if (!(x >= 0 && x <= COUNTING_LIMIT && Number.isInteger(x))) return undefined;
    if (x > max) max = x;
  }
  const count = new Int32Array(max + 2);
  for (let e = 0; e < m; e++) count[max - w[e]! + 1]!++;
  for (let k = 0; k <= max; k++) count[k + 1]! += count[k]!;
  const order = new Int32Array(m);
  for (let e = 0; e < m; e++) order[count[max - w[e]!]!++] = e;
  return order;
}

/**
 * Copies of the edge arrays with each row's range sorted by weight, heaviest
 * first (ties: lower index), and `original`, the position each came from.
 * Rows may share a range (the places of one right item); ranges never
 * overlap otherwise, and edges in no row's range are never read.
 */
function heaviestFirst({ rows, rowBegin, rowEnd, col, w, sorted }: Problem) {
  const m = col.length;
  if (sorted) return { col, w, original: undefined };
  const original = new Int32Array(m);
  for (let e = 0; e < m; e++) original[e] = e;
  const order = weightOrder(w);
  if (order) {
    // Each edge to its own range, in weight order: the comparator sort below costs more than
    // the search itself on big graphs.
    const rangeOf = new Int32Array(m).fill(-1);
    const next = new Int32Array(m + 1);
    for (let r = 0; r < rows; r++) {
      const begin = rowBegin[r]!;
      if (begin === rowEnd[r] || rangeOf[begin] !== -1) continue;
      rangeOf.fill(begin, begin, rowEnd[r]!);
      next[begin] = begin;
    }
    for (let k = 0; k < m; k++) {
      const e = order[k]!;
      const range = rangeOf[e]!;
      if (range >= 0) original[next[range]!++] = e;
    }
  } else {
    const done = new Uint8Array(m + 1);
    for (let r = 0; r < rows; r++) {
      const begin = rowBegin[r]!;
      const end = rowEnd[r]!;
      if (done[begin] === 1 || begin === end) continue;
      done[begin] = 1;
      original.subarray(begin, end).sort((a, b) => w[b]! - w[a]! || a - b);
    }
  }
  const sortedCol = new Int32Array(m);
  const sortedW = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    sortedCol[e] = col[original[e]!]!;
    sortedW[e] = w[original[e]!]!;
  }
  return { col: sortedCol, w: sortedW, original };
}

/**
 * The search itself: one shortest augmenting path per row, in row order.
 * Returns each row's chosen edge (original index, or -1) and the columns'
 * final potentials: weight potentials v and the count flag dead.
 */
function augmentAll(problem: Problem): { choice: Int32Array; v: Float64Array; dead: Uint8Array } {
  const { rows: left, rowBegin, rowEnd, cap } = problem;
  const right = cap.length;
  // Each row's edges heaviest first: once a free place is in hand, the rest of a row can be
  // skipped at the first edge that cannot beat it (see the cutoff below).
  const { col, w, original } = heaviestFirst(problem);
  const slotStart = new Int32Array(right + 1);
  for (let j = 0; j < right; j++) slotStart[j + 1] = slotStart[j]! + cap[j]!;
  const slotRow = new Int32Array(slotStart[right]!);
  const load = new Int32Array(right);
  const matchEdge = new Int32Array(left).fill(-1);
  const rowSlot = new Int32Array(left);

  // Weight potentials of right items and the count potential as a flag; a left item's
  // potential follows from its tight matched edge, so it is never stored.
  const v = new Float64Array(right);
  const dead = new Uint8Array(right);
  // Per-search labels, valid only where state[j] is this search's stamp (labelled) or stamp + 1
  // (scanned, final): one array, one load per edge, and nothing to clear between searches.
  const d = new Float64Array(right);
  const predEdge = new Int32Array(right);
  const predRow = new Int32Array(right);
  const state = new Int32Array(right);
  const scanned = new Int32Array(right);
  const pos = new Int32Array(right);
  const liveHeap = new LabelHeap(d, pos);
  const deadHeap = new LabelHeap(d, pos);
  let stamp = 0;

  for (let i0 = 0; i0 < left; i0++) {
    if (rowBegin[i0] === rowEnd[i0]) continue;
    stamp += 2;
    liveHeap.size = 0;
    deadHeap.size = 0;
    let nScanned = 0;
    // Best ending that adds a match: a right item with room. Such items never enter a heap:
    // they are never scanned, only compared, so a tie with a full item ends the search early.
    let best = -1;
    let bestLabel = Infinity;
    // Best ending that adds none: some left item's unmatched place; i0's own costs 0.
    let dropRow = i0;
    let dropLabel = 0;

    // Phase 0 labels i0's own edges; phase 1 scans live items; phase 2, only when phase 1
    // found no room, scans dead items. Written as one loop without closures: it is the hot path.
    let phase = 0;
    let j = -1;
    for (;;) {
      let reach = 0;
      let r = i0;
      let s = 0;
      let slotsEnd = 0;
      if (phase !== 0) {
        state[j] = stamp + 1;
        scanned[nScanned++] = j;
        s = slotStart[j]!;
        slotsEnd = s + load[j]!;
      }
      // phase 0 runs the edge loop once for i0; later phases once per left item in j.
      for (let first = phase === 0; first || s < slotsEnd; first = false) {
        if (!first) {
          r = slotRow[s++]!;
          // The path reaches r at no cost (its matched edge is tight); so does r's unmatched place.
          reach = d[j]! + v[j]! + w[matchEdge[r]!]!;
          if (reach < dropLabel) {
            dropRow = r;
            dropLabel = reach;
          }
        }
        for (let e = rowBegin[r]!, stop = rowEnd[r]!; e < stop; e++) {
          // Cutoff: a full live item's potential is <= 0, so its label is at least reach - w[e],
          // and lighter edges follow; dead items no longer matter once a match-adding end exists.
          if (best >= 0 && reach - w[e]! >= bestLabel) break;
          const k = col[e]!;
          const at = state[k]!;
          if (at === stamp + 1) continue;
          const label = reach - w[e]! - v[k]!;
          const fresh = at !== stamp;
          if (!fresh && !(label < d[k]!)) continue;
          state[k] = stamp;
          d[k] = label;
          predEdge[k] = e;
          predRow[k] = r;
          if (load[k]! < cap[k]!) {
            if (label < bestLabel || (label === bestLabel && k < best)) {
              best = k;
              bestLabel = label;
            }
          } else {
            const heap = dead[k] === 1 ? deadHeap : liveHeap;
            if (fresh) heap.push(k);
            else heap.decreased(k);
          }
        }
      }
      if (phase === 0) phase = 1;
      if (phase === 1) {
        if (liveHeap.size > 0 && bestLabel > d[liveHeap.items[0]!]!) {
          j = liveHeap.items[0]!;
          liveHeap.pop();
          continue;
        }
        if (best >= 0) break;
        phase = 2;
      }
      if (deadHeap.size > 0 && dropLabel > d[deadHeap.items[0]!]!) {
        j = deadHeap.items[0]!;
        deadHeap.pop();
        continue;
      }
      break;
    }
    const addsMatch = best >= 0;
    // Keeps every reduced cost non-negative and every edge on the tree tight.
    const end = addsMatch ? bestLabel : dropLabel;
    for (let s = 0; s < nScanned; s++) {
      const j = scanned[s]!;
      v[j]! += d[j]! - end;
      if (!addsMatch) dead[j] = 1;
    }

    let slot: number;
    if (addsMatch) {
      j = best;
      slot = slotStart[j]! + load[j]!++;
    } else if (dropRow === i0) {
      matchEdge[i0] = DEAD;
      continue;
    } else {
      j = col[matchEdge[dropRow]!]!;
      slot = rowSlot[dropRow]!;
      matchEdge[dropRow] = DEAD;
    }
    // Walk the path back to i0, moving each item into the place its successor left.
    for (;;) {
      const r = predRow[j]!;
      const previous = matchEdge[r]!;
      const previousSlot = rowSlot[r]!;
      slotRow[slot] = r;
      rowSlot[r] = slot;
      matchEdge[r] = predEdge[j]!;
      if (r === i0) break;
      j = col[previous]!;
      slot = previousSlot;
    }
  }
  return { choice: matchEdge.map((e) => (e < 0 ? -1 : original ? original[e]! : e)), v, dead };
}

/**
 * Greedy baseline: highest weight first (ties by left, then right index),
 * taking an edge when its left item is free and its right item has room.
 * Used by the benchmark to show what the exact solver gains.
 */
export function greedyGraph(graph: CandidateGraph): Int32Array {
  const edges = graph.col.length;
  const rowOf = new Int32Array(edges);
  for (let i = 0; i < graph.left; i++) rowOf.fill(i, graph.rowStart[i]!, graph.rowStart[i + 1]!);
  // Sort packed numbers (weight rank, edge index) natively instead of calling a comparator millions of times.
  const distinct = Float64Array.from(new Set(graph.weight)).sort();
  const keys = new Float64Array(edges);
  for (let e = 0; e < edges; e++) {
    const rank = distinct.length - 1 - lowerBound(distinct, graph.weight[e]!);
    keys[e] = rank * edges + e;
  }
  keys.sort();
  const room = Int32Array.from(graph.capacities);
  const choice = new Int32Array(graph.left).fill(-1);
  for (const key of keys) {
    const e = key % edges;
    const i = rowOf[e]!;
    const j = graph.col[e]!;
    if (choice[i] !== -1 || room[j]! <= 0) continue;
    choice[i] = e;
    room[j]!--;
  }
  return choice;
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The exact lexicographic assignment of a generic instance (validated; throws InvalidInstance). */
export function solveAssignment(instance: AssignmentInstance): Assignment {
  const graph = toCandidateGraph(instance);
  return toAssignment(graph, solveGraph(graph));
}

/** The greedy baseline on a generic instance. */
export function greedyAssignment(instance: AssignmentInstance): Assignment {
  const graph = toCandidateGraph(instance);
  return toAssignment(graph, greedyGraph(graph));
}
