/**
 * The scheduled matching jobs, runtime-agnostic: EventBridge Scheduler
 * invokes them in AWS, the local runtime on an interval, `npm run round` on demand.
 */
import { processProposalDeadlines } from '../../shared/app/proposals';
import { runMatchingRound } from '../../shared/app/rounds';
import type { Deps, RoundRecord } from '../../shared/ports';

export async function roundJob(deps: Deps, trigger: RoundRecord['trigger']) {
  const { record, unmatched } = await runMatchingRound(deps, { trigger });
  return { ran: record !== undefined, record, unmatched: unmatched.length };
}

export async function deadlinesJob(deps: Deps) {
  return processProposalDeadlines(deps);
}
