/**
 * The rows of the admin CSV exports, read without a scan: matches from the
 * matches-by-status index with both people fetched by key (a few at a
 * time), rounds from the rounds index, the unmatched mentees from the latest
 * round's record. A person erased since shows as "(erased)". The edge turns
 * rows into CSV (functions/http/csv.ts).
 */
import { MATCH_STATUSES, type Match, type MatchStatus } from '../domain/match';
import type { Profile } from '../domain/profile';
import { councilNameOf } from '../domain/names';
import type { Deps } from '../ports';
import { DEFAULT_WEIGHTS } from '../matching/weights';
import { mapWithConcurrency } from './concurrency';

/** Profile reads in flight at once: quick for thousands of people, gentle on the table's capacity. */
const PROFILE_READS = 16;
/** The rounds history export: about a year and a half of daily rounds. */
const ROUNDS_EXPORTED = 500;

export const ERASED = '(erased)';

export type Cell = string | number | undefined;
export interface Column<R> {
  key: keyof R & string;
  header: string;
}

async function profilesById(ids: Iterable<string>, deps: Pick<Deps, 'profiles'>): Promise<Map<string, Profile | undefined>> {
  const unique = [...new Set(ids)];
  const found = await mapWithConcurrency(unique, PROFILE_READS, (id) => deps.profiles.getProfile(id));
  return new Map(unique.map((id, i) => [id, found[i]]));
}

const councilName = (p: Profile | undefined) => (p ? councilNameOf(p.councilCode) : undefined);

export interface MatchRow {
  matchId: string;
  status: string;
  closedBy: string;
  score: number;
  proposedAt: string;
  decidedAt: Cell;
  endedAt: Cell;
  menteeId: string;
  menteeName: string;
  menteeCouncil: Cell;
  menteeRegion: Cell;
  mentorId: string;
  mentorName: string;
  mentorCouncil: Cell;
  mentorRegion: Cell;
  roundId: string;
}

export const MATCH_COLUMNS: Column<MatchRow>[] = [
  { key: 'matchId', header: 'Match id' },
  { key: 'status', header: 'Status' },
  { key: 'closedBy', header: 'Closed by' },
  { key: 'score', header: 'Score' },
  { key: 'proposedAt', header: 'Proposed at' },
  { key: 'decidedAt', header: 'Answered at' },
  { key: 'endedAt', header: 'Ended at' },
  { key: 'menteeId', header: 'Mentee id' },
  { key: 'menteeName', header: 'Mentee name' },
  { key: 'menteeCouncil', header: 'Mentee council' },
  { key: 'menteeRegion', header: 'Mentee region' },
  { key: 'mentorId', header: 'Mentor id' },
  { key: 'mentorName', header: 'Mentor name' },
  { key: 'mentorCouncil', header: 'Mentor council' },
  { key: 'mentorRegion', header: 'Mentor region' },
  { key: 'roundId', header: 'Round id' },
];

function closedBy(m: Match): string {
  if (m.status === 'DECLINED') return m.withdrawnBy === 'admin' ? 'admin (withdrawn)' : 'mentor';
  if (m.status === 'EXPIRED') return 'expiry';
  if (m.status === 'ENDED') return m.endedBy ?? '';
  return '';
}

/** One row per match, oldest proposal first within each status, statuses in lifecycle order. */
export async function matchRows(deps: Pick<Deps, 'matches' | 'profiles'>, statuses: readonly MatchStatus[] = MATCH_STATUSES): Promise<MatchRow[]> {
  const matches = (await Promise.all(statuses.map((s) => deps.matches.listMatches(s)))).flat();
  const people = await profilesById(matches.flatMap((m) => [m.menteeId, m.mentorId]), deps);
  return matches.map((m) => {
    const mentee = people.get(m.menteeId);
    const mentor = people.get(m.mentorId);
    return {
      matchId: m.id,
      status: m.status,
      closedBy: closedBy(m),
      score: m.score,
      proposedAt: m.proposedAt,
      decidedAt: m.decidedAt,
      endedAt: m.endedAt,
      menteeId: m.menteeId,
      menteeName: mentee?.name ?? ERASED,
      menteeCouncil: councilName(mentee),
      menteeRegion: mentee?.region,
      mentorId: m.mentorId,
      mentorName: mentor?.name ?? ERASED,
      mentorCouncil: councilName(mentor),
      mentorRegion: mentor?.region,
      roundId: m.roundId,
    };
  });
}

export interface RoundRow {
  roundId: string;
  startedAt: string;
  finishedAt: string;
  trigger: string;
  mentees: number;
  mentors: number;
  places: number;
  proposed: number;
  skipped: number;
  totalScore: number;
  durationMs: number;
  weights: Cell;
  optimality: Cell;
  candidatesInitial: Cell;
  candidatesWidest: Cell;
  menteesWidened: Cell;
  shortfallMentees: Cell;
  shortfallScore: Cell;
}

export const ROUND_COLUMNS: Column<RoundRow>[] = [
  { key: 'roundId', header: 'Round id' },
  { key: 'startedAt', header: 'Started at' },
  { key: 'finishedAt', header: 'Finished at' },
  { key: 'trigger', header: 'Trigger' },
  { key: 'mentees', header: 'Waiting mentees' },
  { key: 'mentors', header: 'Mentors' },
  { key: 'places', header: 'Places offered' },
  { key: 'proposed', header: 'Proposed' },
  { key: 'skipped', header: 'Skipped' },
  { key: 'totalScore', header: 'Total score' },
  { key: 'durationMs', header: 'Took (ms)' },
  { key: 'weights', header: 'Weights' },
  { key: 'optimality', header: 'Optimality' },
  { key: 'candidatesInitial', header: 'Candidates per mentee' },
  { key: 'candidatesWidest', header: 'Widest candidate list' },
  { key: 'menteesWidened', header: 'Mentees widened' },
  { key: 'shortfallMentees', header: 'At most more mentees (unproven)' },
  { key: 'shortfallScore', header: 'At most more points (unproven)' },
];

/** `skills=60; sameRegion=20; …` in the engine's order (the stored map keeps none). */
function weightsText(weights: Readonly<Record<string, number>>): string {
  const order = Object.keys(DEFAULT_WEIGHTS);
  const names = Object.keys(weights).sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  return names.map((k) => `${k}=${weights[k]}`).join('; ');
}

/** The rounds history, newest first. */
export async function roundRows(deps: Pick<Deps, 'rounds'>): Promise<RoundRow[]> {
  return (await deps.rounds.listRounds(ROUNDS_EXPORTED)).map((r) => ({
    roundId: r.id,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    trigger: r.trigger,
    mentees: r.mentees,
    mentors: r.mentors,
    places: r.places,
    proposed: r.proposed,
    skipped: r.skipped,
    totalScore: r.totalScore,
    durationMs: r.durationMs,
    weights: r.weights ? weightsText(r.weights) : undefined,
    // Blank on rounds recorded before rounds carried their proof, and the bound blank on proven rounds.
    optimality: r.optimality,
    candidatesInitial: r.candidatesPerMentee?.initial,
    candidatesWidest: r.candidatesPerMentee?.widest,
    menteesWidened: r.candidatesPerMentee?.widened,
    shortfallMentees: r.shortfallBound?.mentees,
    shortfallScore: r.shortfallBound?.score ?? undefined,
  }));
}

export interface UnmatchedRow {
  roundId: string;
  roundStartedAt: string;
  menteeId: string;
  menteeName: string;
  council: Cell;
  region: Cell;
  reasonCode: string;
  reason: string;
}

export const UNMATCHED_COLUMNS: Column<UnmatchedRow>[] = [
  { key: 'roundId', header: 'Round id' },
  { key: 'roundStartedAt', header: 'Round started at' },
  { key: 'menteeId', header: 'Mentee id' },
  { key: 'menteeName', header: 'Mentee name' },
  { key: 'council', header: 'Council' },
  { key: 'region', header: 'Region' },
  { key: 'reasonCode', header: 'Reason code' },
  { key: 'reason', header: 'Reason' },
];

/** The mentees the latest round left unmatched, with the constraint that blocked each. */
export async function unmatchedRows(deps: Pick<Deps, 'rounds' | 'profiles'>): Promise<UnmatchedRow[]> {
  const [latest] = await deps.rounds.listRounds(1);
  if (!latest) return [];
  // The round keeps its longest-waiting unmatched mentees by id (UNMATCHED_KEPT), the same list the report shows.
  const unmatched = (await deps.rounds.getRoundDetails(latest.id))?.unmatched ?? [];
  const people = await profilesById(unmatched.map((u) => u.menteeId), deps);
  return unmatched.map((u) => {
    const mentee = people.get(u.menteeId);
    return {
      roundId: latest.id,
      roundStartedAt: latest.startedAt,
      menteeId: u.menteeId,
      menteeName: mentee?.name ?? ERASED,
      council: councilName(mentee),
      region: mentee?.region,
      reasonCode: u.code,
      reason: u.reason,
    };
  });
}
