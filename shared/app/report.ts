/**
 * The programme report's counters rebuilt from the data.
 */
import { MATCH_STATUSES } from '../domain/match';
import { ROLES } from '../domain/profile';
import { type Cells, contributionOf, feedbackContribution, matchContribution, sumCells } from '../domain/report-counters';
import type { Deps } from '../ports';

/** At most this many feedback reads at once while rebuilding. */
const FEEDBACK_READS_AT_ONCE = 16;

/**
 * The counters as the data says they should be: the sum of every stored
 * person's, match's and feedback answer's contribution. Reads through the
 * indexes (profiles and matches by status) and each ended match's own
 * partition (its feedback); no scan.
 */
export async function countersFromData(deps: Pick<Deps, 'profiles' | 'matches'>): Promise<Cells> {
  const people = (await Promise.all(ROLES.flatMap((role) => (['ACTIVE', 'PAUSED'] as const).map((status) => deps.profiles.listByStatus(role, status))))).flat();
  const matches = (await Promise.all(MATCH_STATUSES.map((status) => deps.matches.listMatches(status)))).flat();
  const parts: Cells[] = [...people.map(contributionOf), ...matches.map(matchContribution)];
  const ended = matches.filter((m) => m.status === 'ENDED');
  for (let i = 0; i < ended.length; i += FEEDBACK_READS_AT_ONCE) {
    const batch = ended.slice(i, i + FEEDBACK_READS_AT_ONCE);
    const answers = await Promise.all(batch.map((m) => deps.matches.listFeedback(m.id)));
    batch.forEach((m, k) => {
      for (const f of answers[k]!) parts.push(feedbackContribution(f, m));
    });
  }
  return sumCells(...parts);
}

/**
 * Rebuilds the counters from the data (`npm run report:rebuild`): for a
 * table written before the report existed, and for repair. Idempotent: it
 * replaces every counter, so running it twice gives the same counters.
 * Writes made while it runs may be lost from the counters: run it when the
 * service is quiet (or run it again afterwards).
 */
export async function rebuildReportCounters(deps: Pick<Deps, 'profiles' | 'matches' | 'reports'>): Promise<{ cells: number }> {
  const cells = await countersFromData(deps);
  await deps.reports.replaceCounters(cells);
  return { cells: cells.size };
}
