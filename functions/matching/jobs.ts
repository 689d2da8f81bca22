/**
 * The scheduled jobs, runtime-agnostic: EventBridge Scheduler invokes them in
 * AWS, the local runtime on an interval, `npm run round` and
 * `npm run admin:summary` on demand.
 */
import { processProposalDeadlines } from '../../shared/app/proposals';
import { programmeReport } from '../../shared/app/report';
import { recordRoundMetrics } from '../../shared/app/round-metrics';
import { type RoundProgress, runMatchingRound } from '../../shared/app/rounds';
import { sendWeeklySummary } from '../../shared/app/weekly-summary';
import { METRIC } from '../../shared/domain/metrics';
import type { Deps, RoundRecord } from '../../shared/ports';

export async function roundJob(deps: Deps, trigger: RoundRecord['trigger'], o: { onProgress?: (p: RoundProgress) => void } = {}) {
  const { record, unmatched, timings } = await runMatchingRound(deps, { trigger, onProgress: o.onProgress });
  if (record) recordRoundMetrics(record, deps.metrics);
  return { ran: record !== undefined, record, unmatched: unmatched.length, timings };
}

/** Reminders and expiries; the proposals it expired count as answered (ProposalsExpired). */
export async function deadlinesJob(deps: Deps) {
  const counts = await processProposalDeadlines(deps);
  deps.metrics.count(METRIC.ProposalsExpired, counts.expired);
  return counts;
}

const DAY_MS = 86_400_000;
/** How many of the longest-waiting mentees the summary names (by id and region). */
const LONGEST_WAITING = 5;

/**
 * The weekly summary from the programme report (the whole programme, no
 * filters): due from Monday 08:00 London time, sent once a week; `force`
 * sends it now (npm run admin:summary).
 */
export async function weeklySummaryJob(deps: Deps, o: { adminEmails: readonly string[]; force?: boolean }) {
  const report = await programmeReport({}, deps);
  const now = deps.clock.now().getTime();
  const waitingLongest = report.unmatched.slice(0, LONGEST_WAITING).map((u) => ({
    menteeId: u.menteeId,
    days: Math.max(0, Math.floor((now - Date.parse(u.waitingSince)) / DAY_MS)),
    region: u.region,
  }));
  return sendWeeklySummary(deps, { figures: { ...report, waitingLongest }, adminEmails: o.adminEmails, force: o.force });
}
