/**
 * The programme report: its filters (one zod schema for the API, the page
 * and the tools) and the figures, computed by one pure function from the
 * counter cells (./report-counters.ts), the count of pending profiles, the
 * round records and the latest round's unmatched mentees. No I/O, no clock:
 * the caller passes `now`.
 *
 * Filters: region and council type narrow every figure built from cells and
 * the unmatched list; the date range narrows what happened in time (matches
 * by the month they were proposed, feedback by the month it was given, rounds
 * by the month they started), in whole months. People, places, skills and
 * waiting are the state now.
 */
import * as z from 'zod';
import { COUNCILS, REGIONS, SKILLS } from '../reference';
import { MATCH_STATUSES, type MatchStatus } from './match';
import { PROFILE_STATUSES, type ProfileStatus, type Role } from './profile';
import { type Cells, parseCell, UNKNOWN, UTILISATION_BUCKETS, type UtilisationBucket } from './report-counters';
import type { RoundCandidates, RoundDetails, RoundOptimality, RoundRecord, RoundShortfall } from './round';

export const REPORT_REGIONS = REGIONS.map((r) => r.name) as [string, ...string[]];
export const REPORT_COUNCIL_TYPES = [...new Set(COUNCILS.map((c) => c.type))].sort() as [string, ...string[]];

const DAY_MS = 86_400_000;
const DATE_OR_MONTH = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

function isRealDateOrMonth(v: string): boolean {
  const m = DATE_OR_MONTH.exec(v);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Form fields left blank and absent query parameters mean the same: no filter. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const dateOrMonth = (which: string) =>
  z
    .string()
    .trim()
    .refine(isRealDateOrMonth, { error: `Enter the ${which} of the date range as a date, like 2026-03-01, or a month, like 2026-03` });

/** The report's filters, for its API and for every page that shows it. */
export const REPORT_FILTERS = {
  from: optional(dateOrMonth('start')),
  to: optional(dateOrMonth('end')),
  region: optional(z.enum(REPORT_REGIONS, { error: 'Select a region from the list' })),
  councilType: optional(z.enum(REPORT_COUNCIL_TYPES, { error: 'Select a type of council from the list' })),
};

/** The date range's ends in order: the refinement every schema of the filters carries. */
export const rangeInOrder: [(q: { from?: string; to?: string }) => boolean, { error: string; path: string[] }] = [
  (q) => !q.from || !q.to || q.from.slice(0, 7) <= q.to.slice(0, 7),
  { error: 'The end of the date range must be the same month as its start or later', path: ['to'] },
];

/** The report's query parameters (`?from=2026-01&to=2026-03-31&region=London&councilType=London borough`). */
export const ReportQuery = z.strictObject(REPORT_FILTERS).refine(...rangeInOrder);
export type ReportFilters = z.infer<typeof ReportQuery>;

/** The months a date range covers (yyyy-mm, inclusive); undefined ends are open. */
export function monthsOf(filters: Pick<ReportFilters, 'from' | 'to'>): { from?: string; to?: string } {
  return { from: filters.from?.slice(0, 7), to: filters.to?.slice(0, 7) };
}

export const UNMATCHED_LABELS: Record<string, string> = {
  outmatched: 'Mentors who could take them were full: their places went to other mentees in the round',
  full: 'Every mentor who could take them is full',
  'no-shared-skill': 'No mentor offers any of the skills they want',
  'same-council': 'The only mentors with their skills work for their own council',
  seniority: 'No mentor with their skills is as senior as they are',
  format: 'No mentor with their skills can meet the way they want to',
  excluded: 'Every mentor who could take them has been proposed to them before',
  'no-candidates': 'There were no active mentors with free places',
  inactive: 'Their profile was not active',
};

export const WAITING_BANDS = [
  { label: 'Up to 7 days', fromDays: 0, toDays: 7 },
  { label: '8 to 30 days', fromDays: 8, toDays: 30 },
  { label: '31 to 90 days', fromDays: 31, toDays: 90 },
  { label: 'More than 90 days', fromDays: 91, toDays: null },
] as const;

export interface ProgrammeReport {
  generatedAt: string;
  filters: {
    from: string | null;
    to: string | null;
    region: string | null;
    councilType: string | null;
    /** The whole months the date range covers. */
    months: { from: string | null; to: string | null };
  };
  people: Record<Role, Record<ProfileStatus, number>>;
  matches: Record<MatchStatus, number>;
  /** Ever accepted (ACCEPTED or ENDED) over everything answered or lapsed (those, DECLINED and EXPIRED); null before any. */
  acceptanceRate: number | null;
  medianDaysToAccept: number | null;
  waiting: {
    mentees: number;
    medianDaysWaiting: number | null;
    longestDaysWaiting: number | null;
    byDuration: { label: string; fromDays: number; toDays: number | null; mentees: number }[];
  };
  places: { offered: number; used: number; proposed: number; free: number; utilisation: number | null };
  /** ACTIVE mentors by how many of their places accepted matches take. */
  mentorUtilisation: Record<UtilisationBucket, number> & { mentors: number };
  skills: { id: string; name: string; menteesWanting: number; mentorPlacesOffering: number; gap: number }[];
  regions: { region: string; mentees: number; mentors: number; waiting: number; mentorPlacesFree: number; acceptedMatches: number }[];
  unmatched: { menteeId: string; reason: string; code: string; region: string; councilType: string; waitingSince: string }[];
  unmatchedByReason: { code: string; label: string; mentees: number }[];
  latestRound: { id: string; startedAt: string; unmatched: number | null } | null;
  rounds: {
    id: string;
    startedAt: string;
    trigger: string;
    mentees: number;
    mentors: number;
    proposed: number;
    totalScore: number;
    greedyScore: number | null;
    gain: number | null;
    durationMs: number;
    /** null on rounds recorded before rounds carried their proof. */
    optimality: RoundOptimality | null;
    /** The candidate lists the round solved over; null on rounds recorded before the proof. */
    candidatesPerMentee: RoundCandidates | null;
    /** Unproven rounds only: the most a better assignment could have gained (null otherwise). */
    shortfallBound: RoundShortfall | null;
  }[];
  feedback: { responses: number; averageRating: number | null; mentees: number; mentors: number };
  /** What the figures suggest doing, most pressing first. */
  nextSteps: string[];
}

export interface ReportSources {
  now: Date;
  filters: ReportFilters;
  /** Counter cells (state, waiting, months); a superset of the filters' scope is fine. */
  counters: Cells;
  /** people|<role>|PENDING_VERIFICATION|<region>|<type> cells, counted from the pending profiles' index. */
  pending: Cells;
  /** Round records, newest first; those outside the date range are left out here. */
  rounds: RoundRecord[];
  /** The latest round overall and who it left unmatched. */
  latest?: { round: RoundRecord; details?: RoundDetails };
}

/** The median of a histogram of values (the mean of the middle two for an even count); null when empty. */
export function medianOf(histogram: Iterable<[value: number, count: number]>): number | null {
  const sorted = [...histogram].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const [value, n] of sorted) {
      seen += n;
      if (rank < seen) return value;
    }
    return sorted[sorted.length - 1]![0];
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

/** Whole days from the start of `day` (yyyy-mm-dd, UTC) to the start of today. */
export const daysSince = (day: string, now: Date) =>
  Math.round((Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - Date.parse(`${day}T00:00:00.000Z`)) / DAY_MS);

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function buildReport(s: ReportSources): ProgrammeReport {
  const { region, councilType } = s.filters;
  const months = monthsOf(s.filters);
  const inMonths = (month: string | undefined) => !!month && (!months.from || month >= months.from) && (!months.to || month <= months.to);

  const people = { mentee: zeros(PROFILE_STATUSES), mentor: zeros(PROFILE_STATUSES) } as Record<Role, Record<ProfileStatus, number>>;
  const matches = zeros(MATCH_STATUSES);
  const toAccept = new Map<number, number>();
  const waitingDays = new Map<number, number>();
  const wanted = new Map<string, number>();
  const skillFree = new Map<string, number>();
  const places = { offered: 0, used: 0, proposed: 0, free: 0 };
  const utilisation = zeros(UTILISATION_BUCKETS);
  const feedback = { responses: 0, sum: 0, mentees: 0, mentors: 0 };
  const regionNames = region ? [region] : [...REPORT_REGIONS];
  const regionRows = new Map(regionNames.map((name) => [name, { region: name, mentees: 0, mentors: 0, waiting: 0, mentorPlacesFree: 0, acceptedMatches: 0 }]));
  const regionRow = (name: string) => {
    let row = regionRows.get(name);
    if (!row) regionRows.set(name, (row = { region: name, mentees: 0, mentors: 0, waiting: 0, mentorPlacesFree: 0, acceptedMatches: 0 }));
    return row;
  };

  for (const [key, n] of [...s.counters, ...s.pending]) {
    const c = parseCell(key);
    if ((region && c.region !== region) || (councilType && c.councilType !== councilType)) continue;
    if (c.kind === 'month' && !inMonths(c.month)) continue;
    const [first, second] = c.parts;
    switch (c.family) {
      case 'people': {
        const byStatus = people[first as Role];
        if (byStatus && second! in byStatus) byStatus[second as ProfileStatus] += n;
        if (second === 'ACTIVE' && (first === 'mentee' || first === 'mentor')) regionRow(c.region)[first === 'mentee' ? 'mentees' : 'mentors'] += n;
        break;
      }
      case 'wanted':
        wanted.set(first!, (wanted.get(first!) ?? 0) + n);
        break;
      case 'skillFree':
        skillFree.set(first!, (skillFree.get(first!) ?? 0) + n);
        break;
      case 'offered':
        places.offered += n;
        break;
      case 'free':
        places.free += n;
        regionRow(c.region).mentorPlacesFree += n;
        break;
      case 'used':
        places.used += n;
        break;
      case 'proposing':
        places.proposed += n;
        break;
      case 'utilisation':
        if (first! in utilisation) utilisation[first as UtilisationBucket] += n;
        break;
      case 'waiting': {
        const days = daysSince(first!, s.now);
        waitingDays.set(days, (waitingDays.get(days) ?? 0) + n);
        regionRow(c.region).waiting += n;
        break;
      }
      case 'match':
        if (first! in matches) matches[first as MatchStatus] += n;
        if (first === 'ACCEPTED') regionRow(c.region).acceptedMatches += n;
        break;
      case 'accept': {
        const tenths = Number(first);
        toAccept.set(tenths, (toAccept.get(tenths) ?? 0) + n);
        break;
      }
      case 'feedback':
        feedback.responses += n;
        feedback[first === 'mentor' ? 'mentors' : 'mentees'] += n;
        break;
      case 'rating':
        feedback.sum += n;
        break;
    }
  }

  const everAccepted = matches.ACCEPTED + matches.ENDED;
  const answered = everAccepted + matches.DECLINED + matches.EXPIRED;
  const medianTenths = medianOf(toAccept);
  const waitingTotal = [...waitingDays.values()].reduce((a, b) => a + b, 0);

  const skills = SKILLS.map((skill) => {
    const menteesWanting = wanted.get(skill.id) ?? 0;
    const mentorPlacesOffering = skillFree.get(skill.id) ?? 0;
    return { id: skill.id, name: skill.name, menteesWanting, mentorPlacesOffering, gap: menteesWanting - mentorPlacesOffering };
  }).sort((a, b) => b.gap - a.gap || a.name.localeCompare(b.name));

  const regions = [...regionRows.values()].filter((r) => r.region !== UNKNOWN || r.acceptedMatches > 0);

  const details = s.latest?.details;
  const keep = (u: { region: string; councilType: string }) => (!region || u.region === region) && (!councilType || u.councilType === councilType);
  const unmatched = (details?.unmatched ?? []).filter(keep).map((u) => ({
    menteeId: u.menteeId,
    reason: u.reason,
    code: u.code,
    region: u.region,
    councilType: u.councilType,
    waitingSince: u.waitingSince,
  }));
  const reasonCounts = new Map<string, number>();
  for (const r of (details?.byReason ?? []).filter(keep)) reasonCounts.set(r.code, (reasonCounts.get(r.code) ?? 0) + r.mentees);
  const unmatchedByReason = [...reasonCounts]
    .map(([code, mentees]) => ({ code, label: UNMATCHED_LABELS[code] ?? code, mentees }))
    .sort((a, b) => b.mentees - a.mentees || a.code.localeCompare(b.code));

  const rounds = s.rounds
    .filter((r) => inMonths(r.startedAt.slice(0, 7)))
    .map((r) => ({
      id: r.id,
      startedAt: r.startedAt,
      trigger: r.trigger,
      mentees: r.mentees,
      mentors: r.mentors,
      proposed: r.proposed,
      totalScore: r.totalScore,
      greedyScore: r.greedyScore ?? null,
      gain: r.greedyScore === undefined ? null : Math.round((r.totalScore - r.greedyScore) * 10) / 10,
      durationMs: r.durationMs,
      optimality: r.optimality ?? null,
      candidatesPerMentee: r.candidatesPerMentee ?? null,
      shortfallBound: r.shortfallBound ?? null,
    }));

  const report: Omit<ProgrammeReport, 'nextSteps'> = {
    generatedAt: s.now.toISOString(),
    filters: {
      from: s.filters.from ?? null,
      to: s.filters.to ?? null,
      region: region ?? null,
      councilType: councilType ?? null,
      months: { from: months.from ?? null, to: months.to ?? null },
    },
    people,
    matches,
    acceptanceRate: answered === 0 ? null : everAccepted / answered,
    medianDaysToAccept: medianTenths === null ? null : Math.round(medianTenths * 10) / 100,
    waiting: {
      mentees: waitingTotal,
      medianDaysWaiting: medianOf(waitingDays),
      longestDaysWaiting: waitingTotal === 0 ? null : Math.max(...waitingDays.keys()),
      byDuration: WAITING_BANDS.map((band) => ({
        ...band,
        mentees: [...waitingDays].filter(([d]) => d >= band.fromDays && (band.toDays === null || d <= band.toDays)).reduce((sum, [, n]) => sum + n, 0),
      })),
    },
    places: { ...places, utilisation: places.offered === 0 ? null : places.used / places.offered },
    mentorUtilisation: { ...utilisation, mentors: utilisation.none + utilisation.partly + utilisation.full },
    skills,
    regions,
    unmatched,
    unmatchedByReason,
    latestRound: s.latest ? { id: s.latest.round.id, startedAt: s.latest.round.startedAt, unmatched: s.latest.round.unmatched ?? null } : null,
    rounds,
    feedback: {
      responses: feedback.responses,
      averageRating: feedback.responses === 0 ? null : feedback.sum / feedback.responses,
      mentees: feedback.mentees,
      mentors: feedback.mentors,
    },
  };
  return { ...report, nextSteps: nextSteps(report) };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function listOf(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** `1 mentee wants` / `3 mentees want`. */
const mentees = (n: number, one: string, many: string) => `${plural(n, 'mentee', 'mentees')} ${n === 1 ? one : many}`;

const ADVICE: Record<string, (n: number) => string> = {
  'no-shared-skill': (n) => `${mentees(n, 'wants', 'want')} skills no mentor offers: recruit mentors with those skills (see the skills table).`,
  seniority: (n) => `${mentees(n, 'has', 'have')} no mentor senior enough who offers their skills: recruit more senior mentors.`,
  format: (n) =>
    `${mentees(n, 'wants', 'want')} to meet in a way no mentor with their skills can: ask mentors near them whether they could meet in person, or the mentees whether remote meetings would do.`,
  'same-council': (n) => `${mentees(n, 'has', 'have')} mentors with their skills only in their own council: recruit mentors with those skills elsewhere.`,
  excluded: (n) => `${mentees(n, 'has', 'have')} been proposed to every mentor who could take them: contact them about widening the skills they ask for.`,
  full: (n) => `${mentees(n, 'has', 'have')} eligible mentors who are all full: ask mentors to offer more places, or recruit.`,
  outmatched: (n) => `${mentees(n, 'lost', 'lost')} the last free places to other mentees: ask mentors to offer more places, or recruit.`,
  'no-candidates': (n) => `${mentees(n, 'found', 'found')} no active mentor with a free place: recruit mentors, or ask paused ones to resume.`,
};

/**
 * What to do next, from the figures alone: the largest skill gaps, the
 * commonest reason mentees are stuck, proposals awaiting answers, a low
 * acceptance rate and long waits. Plain rules, so an admin can see why.
 */
export function nextSteps(r: Omit<ProgrammeReport, 'nextSteps'>): string[] {
  const steps: string[] = [];
  const gaps = r.skills.filter((s) => s.gap > 0).slice(0, 3);
  if (gaps.length > 0) {
    steps.push(
      `Recruit mentors who offer ${listOf(gaps.map((s) => s.name))}: more active mentees want ${gaps.length === 1 ? 'it' : 'these skills'} than there are free mentor places offering ${gaps.length === 1 ? 'it' : 'them'} (gap of ${listOf(gaps.map((s) => String(s.gap)))}).`,
    );
  }
  const stuck = r.unmatchedByReason[0];
  const advice = stuck && ADVICE[stuck.code];
  if (stuck && advice) {
    const total = r.unmatchedByReason.reduce((sum, u) => sum + u.mentees, 0);
    steps.push(`The latest round could not match ${plural(total, 'mentee', 'mentees')}. Most often: ${advice(stuck.mentees)}`);
  }
  if (r.matches.PROPOSED > 0) {
    steps.push(`${plural(r.matches.PROPOSED, 'proposal is', 'proposals are')} waiting for a mentor’s answer: mentors are reminded after 3 days and proposals lapse after 7.`);
  }
  const decided = r.matches.ACCEPTED + r.matches.ENDED + r.matches.DECLINED + r.matches.EXPIRED;
  if (r.acceptanceRate !== null && decided >= 5 && r.acceptanceRate < 0.5) {
    steps.push('Fewer than half of proposals were accepted: read the decline reasons, and ask mentors to keep their skills and places up to date.');
  }
  if (r.waiting.medianDaysWaiting !== null && r.waiting.medianDaysWaiting > 30) {
    const most = [...r.regions].sort((a, b) => b.waiting - a.waiting)[0];
    steps.push(
      `Waiting mentees have waited a median of ${r.waiting.medianDaysWaiting} days: run a round now${most && most.waiting > 0 ? `, and recruit mentors in ${most.region}, where most mentees are waiting` : ''}.`,
    );
  }
  const latest = r.rounds[0];
  if (latest?.optimality === 'unproven') {
    const b = latest.shortfallBound;
    const lost = !b ? '' : b.mentees > 0 ? `: a better choice might have matched up to ${plural(b.mentees, 'more mentee', 'more mentees')}` : b.score !== null ? `: a better choice might have scored up to ${b.score.toFixed(1)} more points` : '';
    steps.push(`The latest round ran out of time before it could prove its proposals were the best possible${lost}. Tell the engineers: the round may need more time or memory (docs/rounds-at-scale.md).`);
  }
  if (steps.length === 0) steps.push('Nothing needs attention: no skill gaps, nobody stuck in the latest round, and no long waits.');
  return steps;
}
