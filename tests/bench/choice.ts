/** What a solver's choice (an edge per mentee, -1 for none) comes to: mentees matched and the total score. */
import type { CandidateGraph } from '../../shared/matching';

export function tallyChoice(graph: Pick<CandidateGraph, 'weight'>, choice: ArrayLike<number>): { matched: number; total: number } {
  let matched = 0;
  let tenths = 0;
  for (let k = 0; k < choice.length; k++) {
    const e = choice[k]!;
    if (e < 0) continue;
    matched++;
    tenths += graph.weight[e]!;
  }
  // Weights are whole tenths of a point.
  return { matched, total: tenths / 10 };
}
