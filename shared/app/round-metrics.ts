/**
 * A finished round's figures as metrics, recorded by whoever ran it (the
 * scheduled job, an admin's "run a round now"), from the record the round
 * returns: sizes, proposals, duration and whether the proof held.
 */
import { METRIC } from '../domain/metrics';
import type { Metrics, RoundRecord } from '../ports';

/**
 * `optimality` is on rounds recorded with their proof ("proven": no
 * assignment of all allowed pairs does better; "unproven": the proof's
 * budget ran out). A record without it (a round from before the proof was
 * recorded) leaves RoundProven out rather than guess.
 */
type FinishedRound = Pick<RoundRecord, 'mentees' | 'mentors' | 'proposed' | 'durationMs' | 'optimality'>;

export function recordRoundMetrics(record: FinishedRound, metrics: Metrics) {
  metrics.count(METRIC.RoundMentees, record.mentees);
  metrics.count(METRIC.RoundMentors, record.mentors);
  metrics.count(METRIC.RoundProposals, record.proposed);
  metrics.timing(METRIC.RoundDuration, record.durationMs);
  if (record.optimality) metrics.count(METRIC.RoundProven, record.optimality === 'proven' ? 1 : 0);
}
