/**
 * The programme report: reading it (counters, pending profiles, rounds) and
 * rebuilding its counters from the data. Reading never scans: it sums
 * counter items and queries two index partitions (docs/reports.md).
 */
import { MATCH_STATUSES } from '../domain/match';
import { ROLES } from '../domain/profile';
import { buildReport, monthsOf, type ProgrammeReport, type ReportFilters } from '../domain/report';
import { type Cells, contributionOf, feedbackContribution, matchContribution, sumCells } from '../domain/report-counters';
import type { Deps } from '../ports';

/** How many rounds the history shows. */
export const ROUNDS_IN_REPORT = 50;

/**
 * The report for `filters` (validated at the edge with ReportQuery). Steps:
 * 1. in parallel: the counter cells in scope (region, months), the pending
 *    profiles' cells, the rounds started in the date range, and the latest
 *    round overall with who it left unmatched;
 * 2. the figures, from these alone (shared/domain/report.ts).
 */
export async function programmeReport(filters: ReportFilters, deps: Pick<Deps, 'reports' | 'rounds' | 'clock'>): Promise<ProgrammeReport> {
  const months = monthsOf(filters);
  const latestRound = async () => {
    const [round] = await deps.rounds.listRounds(1);
    return round && { round, details: await deps.rounds.getRoundDetails(round.id) };
  };
  const [counters, pending, rounds, latest] = await Promise.all([
    deps.reports.readCounters({ region: filters.region, months }),
    deps.reports.countPending(),
    deps.rounds.listRounds(ROUNDS_IN_REPORT, months),
    latestRound(),
  ]);
  return buildReport({ now: deps.clock.now(), filters, counters, pending, rounds, latest });
}

/** At most this many feedback reads at once while rebuilding. */
const FEEDBACK_READS_AT_ONCE = 16;

/**
 * The counters as the data says they should be: the sum of every stored
 * person's, match's and feedback answer's contribution. Reads through the
 * indexes (profiles and matches by status) and each ended match's own
 * partition (its feedback); no scan.
 */
export async function countersFromData(deps: Pick<Deps, 'profiles' | 'matches'>): Promise<Cells> {
  return (await readData(deps)).cells;
}

async function readData(deps: Pick<Deps, 'profiles' | 'matches'>): Promise<{ cells: Cells; people: number; matches: number; feedback: number }> {
  const people = (await Promise.all(ROLES.flatMap((role) => (['ACTIVE', 'PAUSED'] as const).map((status) => deps.profiles.listByStatus(role, status))))).flat();
  const matches = (await Promise.all(MATCH_STATUSES.map((status) => deps.matches.listMatches(status)))).flat();
  const parts: Cells[] = [...people.map(contributionOf), ...matches.map(matchContribution)];
  const ended = matches.filter((m) => m.status === 'ENDED');
  let feedback = 0;
  for (let i = 0; i < ended.length; i += FEEDBACK_READS_AT_ONCE) {
    const batch = ended.slice(i, i + FEEDBACK_READS_AT_ONCE);
    const answers = await Promise.all(batch.map((m) => deps.matches.listFeedback(m.id)));
    batch.forEach((m, k) => {
      for (const f of answers[k]!) parts.push(feedbackContribution(f, m));
      feedback += answers[k]!.length;
    });
  }
  return { cells: sumCells(...parts), people: people.length, matches: matches.length, feedback };
}

/**
 * Rebuilds the counters from the data (`npm run report:rebuild`): for a
 * table written before the report existed, and for repair. Idempotent: it
 * replaces every counter, so running it twice gives the same counters.
 * Writes made while it runs may be lost from the counters: run it when the
 * service is quiet (or run it again afterwards).
 */
export async function rebuildReportCounters(
  deps: Pick<Deps, 'profiles' | 'matches' | 'reports'>,
): Promise<{ cells: number; people: number; matches: number; feedback: number }> {
  const { cells, ...read } = await readData(deps);
  await deps.reports.replaceCounters(cells);
  return { cells: cells.size, ...read };
}
