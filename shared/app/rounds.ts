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
import { forEachWithConcurrency, retryWhileBusy } from './concurrency';
import { greedyBaseline, unmatchedDetails } from './round-report';

const DAY = 86_400_000;
const addDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY).toISOString();

/**
 * How long a round holds its lease. Longer than the round function's timeout
 * (5 minutes, infra/constructs/matching-jobs.ts), so a round still running is
 * never overlapped; short enough that when the function is killed mid-round
 * (timeout, out of memory) its retry a minute or more later finds the lease
 * run out and proposes the rest.
 */
export const ROUND_LEASE_MS = 6 * 60_000;
/** A round stops writing this long before its lease runs out, so no two rounds ever write proposals at once. */
const LEASE_MARGIN_MS = 30_000;
/**
 * Proposal transactions in flight at once. Each is about nine items (the
 * match, two match refs, both profiles, the outbox message, three report
 * counter items), about 11 KB. 12 keeps DynamoDB busy without many
 * collisions on a popular mentor's item or a counter shard (retried when
 * they happen); on DynamoDB Local 4 was slower and 24 no faster.
 */
export const PROPOSALS_IN_FLIGHT = 12;

/** The phases of a round, in order, for progress and timings. */
export type RoundPhase = 'read' | 'candidates' | 'solve' | 'write';

export interface RoundProgress {
  phase: RoundPhase;
  /** Work done in this phase: profiles read, candidate pairs, solves, proposals written. */
  done: number;
  /** 0 while unknown. */
  total: number;
  note?: string;
}

/** Milliseconds per phase; solve includes the proof's checks and widenings. */
export type RoundTimings = Record<RoundPhase, number>;

export interface RoundOutcome {
  /** Absent when another round held the lease and this one did nothing. */
  record?: RoundRecord;
  unmatched: Unmatched[];
  timings?: RoundTimings;
  /** Proposal writes tried again because the table was busy (throttled, or another transaction held an item). */
  retried?: number;
}

export interface RoundOptions {
  trigger: RoundRecord['trigger'];
  weights?: WeightsInput;
  policy?: MatchPolicy;
  /** Told as the round moves through its phases (the CLI draws it on stderr). */
  onProgress?: (p: RoundProgress) => void;
  /** Proposal writes in flight at once (default PROPOSALS_IN_FLIGHT). */
  concurrency?: number;
  /** Pause between retries of a busy write (tests pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
}

export class RoundLeaseRunOut extends Error {
  constructor(written: number, left: number) {
    super(`The round stopped writing with its lease about to run out: ${written} proposals written, ${left} left for the next round`);
    this.name = 'RoundLeaseRunOut';
  }
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
 *    no mentee is proposed twice), a dozen at a time, retrying those the table
 *    was too busy for; a mentee who changed since step 2 is skipped. The first
 *    other failure stops the writing and fails the round: what it wrote stands
 *    (each proposal is whole), and the next round, reading again, proposes the
 *    rest. A round whose lease is about to run out stops writing the same way;
 * 5. record the round, with the weights it used, its proof of optimality,
 *    what a greedy pass would have scored on the same input and who it left
 *    unmatched (for the report).
 */
export async function runMatchingRound(deps: Deps, o: RoundOptions = { trigger: 'schedule' }): Promise<RoundOutcome> {
  const policy = o.policy ?? DEFAULT_MATCH_POLICY;
  const progress = o.onProgress ?? (() => {});
  const started = deps.clock.now();
  const roundId = deps.ids.next();
  const leaseUntil = started.getTime() + ROUND_LEASE_MS;
  if (!(await deps.rounds.acquireRoundLock(roundId, started, new Date(leaseUntil)))) {
    deps.logger.info('Round skipped: another round is running', { roundId });
    return { unmatched: [] };
  }
  const t0 = performance.now();
  const timings: RoundTimings = { read: 0, candidates: 0, solve: 0, write: 0 };
  let proposed = 0;
  let skipped = 0;
  let retried = 0;
  try {
    progress({ phase: 'read', done: 0, total: 0 });
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
    timings.read = performance.now() - t0;
    progress({ phase: 'read', done: mentees.length + mentors.length, total: mentees.length + mentors.length, note: `${waiting.length} waiting mentees, ${mentors.length} mentors` });

    let mark = performance.now();
    progress({ phase: 'candidates', done: 0, total: 0 });
    const result = runRound({
      ...request,
      onStep: (step) => {
        if (step.step === 'candidates') {
          timings.candidates = performance.now() - mark;
          mark = performance.now();
          progress({ phase: 'candidates', done: step.candidates, total: step.candidates, note: `${step.candidates} pairs` });
          progress({ phase: 'solve', done: 0, total: 0 });
        } else if (step.step === 'solve') {
          progress({ phase: 'solve', done: step.solve, total: 0, note: `solve ${step.solve}: ${step.matched} matched` });
        } else if (step.step === 'check') {
          progress({ phase: 'solve', done: step.solve, total: 0, note: step.violations === 0 ? `check ${step.solve}: proven` : `check ${step.solve}: ${step.violations} mentees to widen` });
        }
      },
    });
    timings.solve = performance.now() - mark;
    progress({ phase: 'solve', done: result.stats.proof.solves, total: result.stats.proof.solves, note: result.stats.optimality });

    mark = performance.now();
    const total = result.proposals.length;
    progress({ phase: 'write', done: 0, total });
    await forEachWithConcurrency(result.proposals, o.concurrency ?? PROPOSALS_IN_FLIGHT, async (p) => {
      const now = deps.clock.now();
      if (now.getTime() >= leaseUntil - LEASE_MARGIN_MS) throw new RoundLeaseRunOut(proposed, total - proposed - skipped);
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
      const outbox = [newOutboxMessage(deps, email, mentor.id, match.id)];
      try {
        // The same match and message on every try: if a try that looked failed was in fact written, the next finds the mentee taken (a skip).
        await retryWhileBusy(() => deps.matches.propose(match, outbox, { mentee, mentor }), { sleep: o.sleep, onRetry: () => void retried++ });
        proposed++;
      } catch (error) {
        if (!(error instanceof Conflict)) throw error;
        skipped++;
      }
      progress({ phase: 'write', done: proposed + skipped, total });
    });
    timings.write = performance.now() - mark;
    const finished = deps.clock.now();
    const durationMs = Math.round(performance.now() - t0);
    // After the round is timed: the baseline is for the report, not part of the round's work.
    const greedy = greedyBaseline(request);
    const { stats } = result;
    const record: RoundRecord = {
      id: roundId,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      trigger: o.trigger,
      mentees: waiting.length,
      mentors: mentors.length,
      places: stats.places,
      proposed,
      skipped,
      totalScore: stats.totalScore,
      durationMs,
      unmatched: result.unmatched.length,
      greedyScore: greedy.score,
      greedyMatched: greedy.matched,
      weights,
      optimality: stats.optimality,
      candidatesPerMentee: { ...stats.candidatesPerMentee },
      ...(stats.shortfallBound ? { shortfallBound: { ...stats.shortfallBound } } : {}),
    };
    await deps.rounds.saveRound(record, unmatchedDetails(roundId, result.unmatched, byId));
    const ms = (n: number) => Math.round(n);
    deps.logger.info('Round finished', { ...record, retried, timings: { read: ms(timings.read), candidates: ms(timings.candidates), solve: ms(timings.solve), write: ms(timings.write) } });
    return { record, unmatched: result.unmatched, timings, retried };
  } catch (error) {
    deps.logger.error('Round failed; the next round proposes what this one did not write', {
      roundId,
      proposed,
      skipped,
      retried,
      error: error instanceof Error ? error.message : String(error),
    });
    throw error;
  } finally {
    await deps.rounds.releaseRoundLock(roundId);
  }
}
