/**
 * The generic assignment instance and its compact form. `left` items (mentees)
 * are each matched to at most one `right` item (mentor); right item j takes at
 * most capacities[j]. The compact form keeps each left item's edges together
 * (compressed sparse rows), sorted by right index, so every algorithm walks
 * the same canonical order whatever order the edges arrived in.
 */

export type Edge = readonly [i: number, j: number, w: number];

export interface AssignmentInstance {
  left: number;
  capacities: readonly number[];
  edges: readonly Edge[];
}

export interface Assignment {
  /** [left, right] pairs sorted by left index. */
  pairs: [number, number][];
  matched: number;
  /** Sum of the original weights of the chosen edges, added in pair order. */
  total: number;
}

export interface CandidateGraph {
  left: number;
  capacities: Int32Array;
  /** Edges of left item i are rowStart[i] .. rowStart[i + 1] - 1. */
  rowStart: Int32Array;
  col: Int32Array;
  weight: Float64Array;
}

/** Bad instance: the message names the field and is fit to show a person. */
export class InvalidInstance extends Error {
  readonly code = 'InvalidInstance';
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;
// JSON.stringify would print NaN as null, which hides the problem.
const show = (x: unknown) => (typeof x === 'number' ? String(x) : JSON.stringify(x));

/**
 * An instance as columns, as the CLI's fast reader (fast-json.ts) produces it:
 * edge k is (edges.i[k], edges.j[k], edges.w[k]). Not yet validated.
 */
export interface ColumnarInstance {
  left: number;
  capacities: readonly number[];
  edges: { count: number; i: Float64Array; j: Float64Array; w: Float64Array };
}

/**
 * Validates an instance and builds its compact form. Every rule of the CLI
 * contract is checked here or in columnsToCandidateGraph, with the same
 * helpers in the same order, so the library and both CLI readers agree on
 * what is valid and on the message for the first problem.
 */
export function toCandidateGraph(instance: AssignmentInstance): CandidateGraph {
  const { left, capacities, edges } = instance;
  checkLeft(left);
  if (!Array.isArray(capacities)) throw new InvalidInstance('"capacities" must be an array of whole numbers');
  if (!Array.isArray(edges)) throw new InvalidInstance('"edges" must be an array of [i, j, w] triples');
  const caps = checkCapacities(capacities);
  const right = caps.length;
  const count = new Int32Array(left + 1);
  const columns = { count: edges.length, i: new Float64Array(edges.length), j: new Float64Array(edges.length), w: new Float64Array(edges.length) };
  edges.forEach((e, k) => {
    if (!Array.isArray(e) || e.length !== 3) throw new InvalidInstance(`edges[${k}] must be an [i, j, w] triple`);
    const [i, j, w] = e;
    checkEdge(k, i, j, w, left, right);
    columns.i[k] = i;
    columns.j[k] = j;
    columns.w[k] = w;
  });
  return buildRows(left, caps, count, columns);
}

/** The same as toCandidateGraph for an instance already in columns. */
export function columnsToCandidateGraph(instance: ColumnarInstance): CandidateGraph {
  const { left, capacities, edges } = instance;
  checkLeft(left);
  const caps = checkCapacities(capacities);
  const right = caps.length;
  const count = new Int32Array(left + 1);
  const { i, j, w } = edges;
  for (let k = 0; k < edges.count; k++) {
    const a = i[k]!;
    const b = j[k]!;
    const x = w[k]!;
    // The usual valid edge, tested inline; checkEdge names the first problem otherwise.
    if (a >= 0 && a < left && Math.floor(a) === a && b >= 0 && b < right && Math.floor(b) === b && x > 0 && x < Infinity) continue;
    checkEdge(k, a, b, x, left, right);
  }
  return buildRows(left, caps, count, edges);
}

function checkLeft(left: unknown): asserts left is number {
  if (!isCount(left)) throw new InvalidInstance('"left" must be a whole number of at least 0');
}

function checkCapacities(capacities: readonly unknown[]): Int32Array {
  const caps = new Int32Array(capacities.length);
  capacities.forEach((c, j) => {
    if (!isCount(c)) throw new InvalidInstance(`capacities[${j}] must be a whole number of at least 0, got ${show(c)}`);
    // A right item can never take more than its edges, so larger capacities change nothing.
    caps[j] = Math.min(c, 2 ** 31 - 1);
  });
  return caps;
}

function checkEdge(k: number, i: unknown, j: unknown, w: unknown, left: number, right: number): asserts w is number {
  if (!isCount(i) || i >= left) throw new InvalidInstance(`edges[${k}]: i must be a whole number from 0 to ${left - 1}, got ${show(i)}`);
  if (!isCount(j) || j >= right) throw new InvalidInstance(`edges[${k}]: j must be a whole number from 0 to ${right - 1}, got ${show(j)}`);
  if (typeof w !== 'number' || !Number.isFinite(w) || w <= 0) {
    throw new InvalidInstance(`edges[${k}]: w must be a finite number greater than 0, got ${show(w)}`);
  }
}

/**
 * Compressed sparse rows from validated edges, each row sorted by right index;
 * then the one rule that needs the rows: no two edges for the same pair.
 * `count` is a zeroed Int32Array of left + 1 (allocated by the caller before
 * validating edges, so a huge "left" fails at the same point on both paths).
 */
function buildRows(left: number, capacities: Int32Array, count: Int32Array, edges: ColumnarInstance['edges']): CandidateGraph {
  const { count: m, i: edgeI, j: edgeJ, w: edgeW } = edges;
  for (let k = 0; k < m; k++) count[edgeI[k]! + 1]! += 1;
  for (let i = 0; i < left; i++) count[i + 1]! += count[i]!;
  const rowStart = count.slice();
  const fill = count.slice(0, left);
  const col = new Int32Array(m);
  const weight = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const at = fill[edgeI[k]!]!++;
    col[at] = edgeJ[k]!;
    weight[at] = edgeW[k]!;
  }
  sortRows(rowStart, col, weight);
  for (let i = 0; i < left; i++) {
    for (let e = rowStart[i]! + 1; e < rowStart[i + 1]!; e++) {
      if (col[e] === col[e - 1]) throw new InvalidInstance(`edges: more than one edge for (i, j) = (${i}, ${col[e]})`);
    }
  }
  return { left, capacities, rowStart, col, weight };
}

/** Sorts each row's edges by right index. Rows are short and often sorted already, so check first. */
export function sortRows(rowStart: Int32Array, col: Int32Array, weight: Float64Array): void {
  for (let i = 0; i + 1 < rowStart.length; i++) {
    const start = rowStart[i]!;
    const end = rowStart[i + 1]!;
    let sorted = true;
    for (let e = start + 1; e < end && sorted; e++) sorted = col[e - 1]! <= col[e]!;
    if (sorted) continue;
    const order = Array.from({ length: end - start }, (_, k) => start + k).sort((a, b) => col[a]! - col[b]!);
    const cols = order.map((e) => col[e]!);
    const weights = order.map((e) => weight[e]!);
    col.set(cols, start);
    weight.set(weights, start);
  }
}

/** Turns a per-left-item choice (-1 for none) into the public result. */
export function toAssignment(graph: CandidateGraph, choice: Int32Array): Assignment {
  const pairs: [number, number][] = [];
  let total = 0;
  for (let i = 0; i < graph.left; i++) {
    const e = choice[i]!;
    if (e < 0) continue;
    pairs.push([i, graph.col[e]!]);
    total += graph.weight[e]!;
  }
  return { pairs, matched: pairs.length, total };
}
