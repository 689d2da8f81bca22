/**
 * What a matching round records for the programme report besides its
 * proposals: what a greedy pass would have scored on the same input (so the
 * gain of the optimal assignment shows), and who it left unmatched with the
 * engine's reasons.
 */
import type { RoundDetails, UnmatchedMentee } from '../domain/round';
import { UNMATCHED_KEPT } from '../domain/round';
import { waitingSinceOf } from '../domain/report-counters';
import {
  buildCandidates,
  DEFAULT_MAX_CANDIDATES,
  greedyGraph,
  prepareRound,
  type RoundRequest,
  type Unmatched,
} from '../matching';
import type { ProfileWithState } from '../ports';

/**
 * A highest-score-first pass over the same candidates the round's solver
 * saw (same profiles sorted the same way, same exclusions, weights and cap
 * per mentee): each pair taken when its mentee is free and its mentor has
 * room. Its total is what first-come-best-score matching would have scored.
 */
export function greedyBaseline(request: RoundRequest): { score: number; matched: number } {
  const { tables, mentees, mentors, excluded } = prepareRound(request);
  const { graph } = buildCandidates({ mentees, mentors, excluded, tables, maxPerMentee: request.maxCandidatesPerMentee ?? DEFAULT_MAX_CANDIDATES });
  let matched = 0;
  let tenths = 0;
  for (const e of greedyGraph(graph)) {
    if (e < 0) continue;
    matched++;
    tenths += graph.weight[e]!;
  }
  return { score: tenths / 10, matched };
}

/**
 * Who the round left unmatched, for the report: the longest waiting first
 * (at most UNMATCHED_KEPT of them, with the engine's reason), and all of
 * them counted by reason, region and council type.
 */
export function unmatchedDetails(roundId: string, unmatched: readonly Unmatched[], people: ReadonlyMap<string, ProfileWithState>): RoundDetails {
  const all: UnmatchedMentee[] = unmatched.flatMap((u) => {
    const mentee = people.get(u.menteeId);
    if (!mentee) return [];
    return [{ menteeId: u.menteeId, code: u.reason.code, reason: u.reason.text, region: mentee.region, councilType: mentee.councilType, waitingSince: waitingSinceOf(mentee) }];
  });
  const counts = new Map<string, { code: string; region: string; councilType: string; mentees: number }>();
  for (const u of all) {
    const key = `${u.code}|${u.region}|${u.councilType}`;
    const row = counts.get(key) ?? { code: u.code, region: u.region, councilType: u.councilType, mentees: 0 };
    row.mentees++;
    counts.set(key, row);
  }
  return {
    roundId,
    unmatched: all.sort((a, b) => a.waitingSince.localeCompare(b.waitingSince) || a.menteeId.localeCompare(b.menteeId)).slice(0, UNMATCHED_KEPT),
    byReason: [...counts.values()].sort((a, b) => b.mentees - a.mentees || a.code.localeCompare(b.code) || a.region.localeCompare(b.region) || a.councilType.localeCompare(b.councilType)),
  };
}
