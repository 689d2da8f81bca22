/**
 * Matching rounds: every waiting mentee against every mentor's spare places,
 * solved for the most mentees matched and then the highest total score.
 */
import { type Match, DEFAULT_MATCH_POLICY, type MatchPolicy } from '../domain/match';
import { proposalEmail } from '../domain/match-emails';
import { Conflict } from '../domain/errors';
import { parseWeights, runRound, type MatchMentee, type MatchMentor, type RoundRequest, type Unmatched, type WeightsInput } from '../matching';
import type { Deps, ProfileWithState, RoundRecord } from '../ports';
import { newOutboxMessage } from './outbox-message';
import { proposalLinks } from './proposals';
import { greedyBaseline, unmatchedDetails } from './round-report';

const DAY = 86_400_000;
const addDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY).toISOString();

export interface RoundOutcome {
  /** Absent when another round held the lease and this one did nothing. */
  record?: RoundRecord;
  unmatched: Unmatched[];
}

/**
 * A matching round. Steps:
 * 1. take the round lease, so two rounds at once do not do the work twice;
 * 2. read ACTIVE mentees with no open match, ACTIVE mentors with their spare
 *    places (capacity less accepted and pending proposals) and closed pairs;
 * 3. run the engine (most mentees matched, then highest total score) with
 *    the weights given, else the admins' stored weights, else the defaults;
 * 4. write each proposal with its email in one transaction whose conditions
 *    refuse a mentee who already has an open match (so even without the lease
 *    no mentee is proposed twice);
 * 5. record the round, with the weights it used, its proof of optimality,
 *    what a greedy pass would have scored on the same input and who it left unmatched (for the report).
 */
export async function runMatchingRound(
  deps: Deps,
  o: { trigger: RoundRecord['trigger']; weights?: WeightsInput; policy?: MatchPolicy } = { trigger: 'schedule' },
): Promise<RoundOutcome> {
  const policy = o.policy ?? DEFAULT_MATCH_POLICY;
  const started = deps.clock.now();
  const roundId = deps.ids.next();
  if (!(await deps.rounds.acquireRoundLock(roundId, started, new Date(started.getTime() + 10 * 60_000)))) {
    deps.logger.info('Round skipped: another round is running', { roundId });
    return { unmatched: [] };
  }
  const t0 = performance.now();
  try {
    const [mentees, mentors, stored] = await Promise.all([deps.profiles.listActive('mentee'), deps.profiles.listActive('mentor'), deps.settings.getWeights()]);
    const weights = parseWeights(o.weights ?? stored?.weights ?? {});
    const waiting = mentees.filter((m) => !m.matching.openMatchId);
    const byId = new Map<string, ProfileWithState>([...mentees, ...mentors].map((p) => [p.id, p]));
    const request: RoundRequest = {
      mentees: waiting.map((m): MatchMentee => ({ id: m.id, councilCode: m.councilCode, seniority: m.seniority, skills: m.skills, format: m.format })),
      mentors: mentors.flatMap((m): MatchMentor[] =>
        m.role === 'mentor'
          ? [{ id: m.id, councilCode: m.councilCode, seniority: m.seniority, skills: m.skills, format: m.format, capacity: m.capacity, spareCapacity: Math.max(0, Math.min(m.capacity, m.capacity - m.matching.acceptedCount - m.matching.proposedCount)) }]
          : [],
      ),
      exclusions: waiting.flatMap((m) => m.matching.excludedMentorIds.map((mentorId) => ({ menteeId: m.id, mentorId }))),
      weights,
    };
    const result = runRound(request);

    let proposed = 0;
    let skipped = 0;
    for (const p of result.proposals) {
      const now = deps.clock.now();
      const match: Match = {
        id: deps.ids.next(),
        roundId,
        menteeId: p.menteeId,
        mentorId: p.mentorId,
        status: 'PROPOSED',
        score: p.score,
        reasons: p.reasons,
        proposedAt: now.toISOString(),
        remindAt: addDays(now, policy.reminderAfterDays),
        expiresAt: addDays(now, policy.expireAfterDays),
      };
      const mentee = byId.get(p.menteeId)!;
      const mentor = byId.get(p.mentorId)!;
      const email = proposalEmail({ match, mentee, mentor, links: proposalLinks(deps, match, policy) });
      try {
        await deps.matches.propose(match, [newOutboxMessage(deps, email, mentor.id, match.id)], { mentee, mentor });
        proposed++;
      } catch (error) {
        if (!(error instanceof Conflict)) throw error;
        skipped++;
      }
    }
    const finished = deps.clock.now();
    const durationMs = Math.round(performance.now() - t0);
    // After the round is timed: the baseline is for the report, not part of the round's work.
    const greedy = greedyBaseline(request);
    const record: RoundRecord = {
      id: roundId,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      trigger: o.trigger,
      mentees: waiting.length,
      mentors: mentors.length,
      places: result.stats.places,
      proposed,
      skipped,
      totalScore: result.stats.totalScore,
      durationMs,
      unmatched: result.unmatched.length,
      greedyScore: greedy.score,
      greedyMatched: greedy.matched,
      weights,
      optimality: result.stats.optimality,
      candidatesPerMentee: { ...result.stats.candidatesPerMentee },
      ...(result.stats.shortfallBound ? { shortfallBound: { ...result.stats.shortfallBound } } : {}),
    };
    await deps.rounds.saveRound(record, unmatchedDetails(roundId, result.unmatched, byId));
    deps.logger.info('Round finished', { ...record });
    return { record, unmatched: result.unmatched };
  } finally {
    await deps.rounds.releaseRoundLock(roundId);
  }
}

