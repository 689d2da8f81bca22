/**
 * The certificate that an assignment is optimal: dual prices, as in linear
 * programming duality. docs/matching.md ("Proof") explains it in words.
 *
 * Values are lexicographic pairs (count, weight): a real pair (i, j) is worth
 * (1, w_ij), so one more match beats any amount of weight. Each right item j
 * (mentor) has a price q_j >= 0 and each left item i (mentee) a value
 * pi_i >= 0 such that
 *
 *   (a) pi_i + q_j >= (1, w_ij) for every pair (i, j) that may be chosen,
 *   (b) equality on every chosen pair,
 *   (c) pi_i = 0 when i is unmatched, and q_j = 0 when j has a spare place.
 *
 * Then no assignment is worth more: any assignment's worth is the sum of
 * (1, w_ij) over its pairs, at most the sum of pi_i + q_j over them by (a),
 * at most sum(pi) + sum(capacity_j * q_j) since each left item is used once
 * and each right item at most its capacity; and the given assignment reaches
 * exactly that sum by (b) and (c). The argument needs only addition and
 * order, so it holds for the pairs as it does for numbers.
 *
 * Read as a market: q_j is the price of a place with mentor j, and every
 * mentee holds the place that is best for them at those prices (pi_i is what
 * they keep). A pair left out of the solved graph breaks the proof exactly
 * when (1, w_ij) - q_j beats pi_i: that mentee would rather have that mentor
 * at its price. Such a pair may improve the answer; no other pair can.
 */
import type { CandidateGraph } from './graph';
import type { Prices } from './solver';

/** Lexicographic pairs as two columns; `count` is 0 or 1 for prices and values alike. */
export interface Certificate {
  /** Right items' prices, canonical: 0 for every right item with a spare place. */
  prices: Prices;
  /** Left items' values, from their chosen pair (0 when unmatched). */
  values: Prices;
}

export class CertificateInvalid extends Error {
  readonly code = 'CertificateInvalid';
}

/** a > b for pairs (ac, aw) and (bc, bw). */
export const beats = (ac: number, aw: number, bc: number, bw: number): boolean => ac > bc || (ac === bc && aw > bw);

/**
 * Completes the solver's prices into a certificate for the solved graph and
 * checks every condition on every edge of it. `grid` holds the weights the
 * prices are in (solveWithPrices returns it); `capacities` are the real ones
 * (the solver trims a right item's capacity to its degree, which may give a
 * price to an item that in fact has room: its price becomes 0 here and its
 * mentees' values rise to match, which keeps every condition).
 *
 * Throws CertificateInvalid if the prices do not prove the assignment
 * optimal on this graph: that would be a solver bug, never bad input.
 */
export function certify(graph: CandidateGraph, grid: Float64Array, choice: Int32Array, solverPrices: Prices, capacities: Int32Array): Certificate {
  const right = capacities.length;
  const load = new Int32Array(right);
  for (let i = 0; i < graph.left; i++) if (choice[i]! >= 0) load[graph.col[choice[i]!]!]!++;
  const count = Uint8Array.from(solverPrices.count);
  const weight = Float64Array.from(solverPrices.weight);
  for (let j = 0; j < right; j++) {
    if (load[j]! < capacities[j]!) {
      count[j] = 0;
      weight[j] = 0;
    }
    if (count[j] === 0 && weight[j]! < 0) throw new CertificateInvalid(`Right item ${j} has a negative price`);
  }
  const valueCount = new Uint8Array(graph.left);
  const valueWeight = new Float64Array(graph.left);
  for (let i = 0; i < graph.left; i++) {
    const e = choice[i]!;
    if (e < 0) continue;
    const j = graph.col[e]!;
    const c = 1 - count[j]!;
    const x = grid[e]! - weight[j]!;
    if (c === 0 && x < 0) throw new CertificateInvalid(`Left item ${i} has a negative value`);
    valueCount[i] = c;
    valueWeight[i] = x === 0 ? 0 : x;
  }
  const { rowStart, col } = graph;
  for (let i = 0; i < graph.left; i++) {
    const vc = valueCount[i]!;
    const vw = valueWeight[i]!;
    for (let e = rowStart[i]!; e < rowStart[i + 1]!; e++) {
      const j = col[e]!;
      // A right item with no places takes nobody, whatever its price.
      if (capacities[j] === 0) continue;
      if (beats(1 - count[j]!, grid[e]! - weight[j]!, vc, vw)) {
        throw new CertificateInvalid(`Edge (${i}, ${j}) is worth more than its left item's value at the right item's price`);
      }
    }
  }
  return { prices: { count, weight }, values: { count: valueCount, weight: valueWeight } };
}
