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
 * Determinism: left items are processed in index order, edges in right-index
 * order, and every heap tie is broken by the right index, so the result is a
 * function of the canonical instance only (see toCandidateGraph).
 */
import { toAssignment, toCandidateGraph, type Assignment, type AssignmentInstance, type CandidateGraph } from './graph';

const GRID = 2 ** 30;
/** A left item settled as unmatched for good. */
const DEAD = -2;

/** Integer weights on a grid; see the header for why. */
export function gridWeights(weight: Float64Array): Float64Array {
  let max = 0;
  let integers = true;
  for (const w of weight) {
    if (w > max) max = w;
    if (integers && !Number.isInteger(w)) integers = false;
  }
  if (max === 0 || (integers && max <= GRID)) return weight;
  const scale = 2 ** (30 - Math.ceil(Math.log2(max)));
  return weight.map((w) => Math.round(w * scale));
}

/**
 * Solves the lexicographic assignment. Returns, for each left item, the index
 * of its chosen edge in `graph`, or -1.
 */
export function solveGraph(graph: CandidateGraph): Int32Array {
  const { left, rowStart, col } = graph;
  const right = graph.capacities.length;
  const w = gridWeights(graph.weight);

  // A right item never takes more items than it has edges: trimming keeps the slot arrays small.
  const degree = new Int32Array(right);
  for (let e = 0; e < col.length; e++) degree[col[e]!]!++;
  const cap = new Int32Array(right);
  const slotStart = new Int32Array(right + 1);
  for (let j = 0; j < right; j++) {
    cap[j] = Math.min(graph.capacities[j]!, degree[j]!);
    slotStart[j + 1] = slotStart[j]! + cap[j]!;
  }
  const slotRow = new Int32Array(slotStart[right]!);
  const load = new Int32Array(right);
  const matchEdge = new Int32Array(left).fill(-1);
  const rowSlot = new Int32Array(left);

  // Potentials of right items (pairs); a left item's potential follows from its tight matched edge.
  const vC = new Float64Array(right);
  const vW = new Float64Array(right);
  // Per-search labels, valid only where seen[j] === stamp, so nothing is cleared between searches.
  const dC = new Float64Array(right);
  const dW = new Float64Array(right);
  const predEdge = new Int32Array(right);
  const predRow = new Int32Array(right);
  const seen = new Int32Array(right);
  const done = new Int32Array(right);
  const scanned = new Int32Array(right);
  const heap = new Int32Array(right);
  const pos = new Int32Array(right);
  let size = 0;
  let stamp = 0;

  const before = (a: number, b: number) =>
    dC[a]! < dC[b]! || (dC[a] === dC[b] && (dW[a]! < dW[b]! || (dW[a] === dW[b] && a < b)));
  const siftUp = (at: number) => {
    const j = heap[at]!;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const p = heap[parent]!;
      if (!before(j, p)) break;
      heap[at] = p;
      pos[p] = at;
      at = parent;
    }
    heap[at] = j;
    pos[j] = at;
  };
  const popTop = () => {
    const last = heap[--size]!;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && before(heap[child + 1]!, heap[child]!)) child++;
      const c = heap[child]!;
      if (!before(c, last)) break;
      heap[at] = c;
      pos[c] = at;
      at = child;
    }
    heap[at] = last;
    pos[last] = at;
  };
  // The best way found so far to end the search: a right item with room (best >= 0) or, when
  // best < 0, the unmatched place of left item bestRow. Right items with room never enter the
  // heap: they are never scanned, only compared, so a tie with a full item ends the search early.
  let best = -1;
  let bestRow = -1;
  let bestC = 0;
  let bestW = 0;
  const relax = (k: number, lc: number, lw: number, e: number, r: number) => {
    const fresh = seen[k] !== stamp;
    if (!fresh && !(lc < dC[k]! || (lc === dC[k] && lw < dW[k]!))) return;
    seen[k] = stamp;
    dC[k] = lc;
    dW[k] = lw;
    predEdge[k] = e;
    predRow[k] = r;
    if (load[k]! < cap[k]!) {
      if (lc < bestC || (lc === bestC && (lw < bestW || (lw === bestW && (best < 0 || k < best))))) {
        best = k;
        bestC = lc;
        bestW = lw;
      }
    } else if (fresh) {
      heap[size] = k;
      siftUp(size++);
    } else {
      siftUp(pos[k]!);
    }
  };

  for (let i0 = 0; i0 < left; i0++) {
    if (rowStart[i0] === rowStart[i0 + 1]) continue;
    stamp++;
    size = 0;
    let nScanned = 0;
    // i0's own unmatched place costs (0, 0); a right item with room at the same cost wins the tie.
    best = -1;
    bestRow = i0;
    bestC = 0;
    bestW = 0;
    for (let e = rowStart[i0]!; e < rowStart[i0 + 1]!; e++) {
      const k = col[e]!;
      relax(k, -1 - vC[k]!, -w[e]! - vW[k]!, e, i0);
    }
    while (size > 0) {
      const j = heap[0]!;
      const jc = dC[j]!;
      const jw = dW[j]!;
      // Nothing through j can beat the best ending already found.
      if (bestC < jc || (bestC === jc && bestW <= jw)) break;
      popTop();
      done[j] = stamp;
      scanned[nScanned++] = j;
      const baseC = jc + 1 + vC[j]!;
      const baseW = jw + vW[j]!;
      for (let s = slotStart[j]!, end = s + load[j]!; s < end; s++) {
        const r = slotRow[s]!;
        // Label of r's unmatched place: the path reaches r at no cost (its matched edge is tight).
        const rw = baseW + w[matchEdge[r]!]!;
        if (baseC < bestC || (baseC === bestC && rw < bestW)) {
          best = -1;
          bestRow = r;
          bestC = baseC;
          bestW = rw;
        }
        for (let e = rowStart[r]!, stop = rowStart[r + 1]!; e < stop; e++) {
          const k = col[e]!;
          if (k === j || done[k] === stamp) continue;
          relax(k, baseC - 1 - vC[k]!, rw - w[e]! - vW[k]!, e, r);
        }
      }
    }
    const tC = bestC;
    const tW = bestW;
    const terminal = best;
    // Keeps every reduced cost non-negative and every edge on the tree tight.
    for (let s = 0; s < nScanned; s++) {
      const j = scanned[s]!;
      vC[j]! += dC[j]! - tC;
      vW[j]! += dW[j]! - tW;
    }

    let j: number;
    let slot: number;
    if (terminal >= 0) {
      j = terminal;
      slot = slotStart[j]! + load[j]!++;
    } else if (bestRow === i0) {
      matchEdge[i0] = DEAD;
      continue;
    } else {
      j = col[matchEdge[bestRow]!]!;
      slot = rowSlot[bestRow]!;
      matchEdge[bestRow] = DEAD;
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
  return matchEdge.map((e) => (e < 0 ? -1 : e));
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
