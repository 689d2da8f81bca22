/**
 * The programme report's counters, as pure functions. The report never reads
 * people or matches on request: it sums counter cells that every state change
 * keeps current in the same transaction (docs/reports.md).
 *
 * A cell is a string naming what it counts and its dimensions, always ending
 * with the region and council type of the person it is about (for a match,
 * the mentee's, as they were when it was proposed):
 *
 * | cell                                       | counts                                                     | kept for |
 * | ------------------------------------------ | ---------------------------------------------------------- | -------- |
 * | people|<role>|<status>|R|T                 | ACTIVE and PAUSED profiles (pending ones: an index query)  | now      |
 * | wanted|<skill>|R|T                         | ACTIVE mentees listing the skill                           | now      |
 * | skillFree|<skill>|R|T                      | free places (capacity − accepted) of ACTIVE mentors offering it | now |
 * | offered|R|T · free|R|T                     | places of ACTIVE mentors; those not taken by accepted matches | now   |
 * | used|R|T · proposing|R|T                   | mentors' accepted matches; their proposals awaiting an answer | now   |
 * | utilisation|none|partly|full|R|T           | ACTIVE mentors by how many of their places are taken        | now     |
 * | waiting|<yyyy-mm-dd>|R|T                   | ACTIVE mentees with no open match, by the day they began waiting | now |
 * | match|<status>|<yyyy-mm>|R|T               | matches by status and proposal month                        | history |
 * | accept|<tenths of a day>|<yyyy-mm>|R|T     | accepted (later also ended) matches by time to accept       | history |
 * | feedback|<from>|<yyyy-mm>|R|T · rating|…   | feedback answers and the sum of their ratings, by answer month | history |
 *
 * Each person, match and feedback answer has a contribution (the cells it
 * adds); a change adds `contribution(after) − contribution(before)`. So the
 * counters are always the sum of the contributions of what is stored, which
 * is also how they are rebuilt from the data (shared/app/report.ts).
 */
import type { Feedback, Match, MatchStatus } from './match';
import type { ProfileWithState } from './matching-state';

/** Cell → count. Missing cells are zero. */
export type Cells = Map<string, number>;

/** Region and council type of a match whose mentee's were not recorded (matches proposed before the report existed). */
export const UNKNOWN = 'Unknown';

export const UTILISATION_BUCKETS = ['none', 'partly', 'full'] as const;
export type UtilisationBucket = (typeof UTILISATION_BUCKETS)[number];

const DAY_MS = 86_400_000;

export const cell = {
  people: (role: string, status: string, region: string, type: string) => `people|${role}|${status}|${region}|${type}`,
  wanted: (skill: string, region: string, type: string) => `wanted|${skill}|${region}|${type}`,
  skillFree: (skill: string, region: string, type: string) => `skillFree|${skill}|${region}|${type}`,
  offered: (region: string, type: string) => `offered|${region}|${type}`,
  free: (region: string, type: string) => `free|${region}|${type}`,
  used: (region: string, type: string) => `used|${region}|${type}`,
  proposing: (region: string, type: string) => `proposing|${region}|${type}`,
  utilisation: (bucket: UtilisationBucket, region: string, type: string) => `utilisation|${bucket}|${region}|${type}`,
  waiting: (day: string, region: string, type: string) => `waiting|${day}|${region}|${type}`,
  match: (status: MatchStatus, month: string, region: string, type: string) => `match|${status}|${month}|${region}|${type}`,
  accept: (tenths: number, month: string, region: string, type: string) => `accept|${tenths}|${month}|${region}|${type}`,
  feedback: (from: string, month: string, region: string, type: string) => `feedback|${from}|${month}|${region}|${type}`,
  rating: (from: string, month: string, region: string, type: string) => `rating|${from}|${month}|${region}|${type}`,
};

/**
 * Where a cell belongs: `state` (what is true now), `waiting` (by the month
 * the mentees began waiting) or `month` (history, by month). Stores keep
 * each kind, month and region in items of their own, so no item grows
 * without bound.
 */
export type CellKind = 'state' | 'waiting' | 'month';

export interface ParsedCell {
  family: string;
  /** The parts between the family and the region (status, skill, day, month…). */
  parts: string[];
  region: string;
  councilType: string;
  kind: CellKind;
  /** yyyy-mm for `waiting` and `month` cells. */
  month?: string;
}

const MONTH_FAMILIES = new Set(['match', 'accept', 'feedback', 'rating']);

export function parseCell(key: string): ParsedCell {
  const all = key.split('|');
  if (all.length < 3) throw new Error(`Not a report cell: ${key}`);
  const family = all[0]!;
  const parts = all.slice(1, -2);
  const region = all[all.length - 2]!;
  const councilType = all[all.length - 1]!;
  if (family === 'waiting') return { family, parts, region, councilType, kind: 'waiting', month: parts[0]!.slice(0, 7) };
  if (MONTH_FAMILIES.has(family)) return { family, parts, region, councilType, kind: 'month', month: parts[parts.length - 1] };
  return { family, parts, region, councilType, kind: 'state' };
}

export function addTo(cells: Cells, key: string, n: number): Cells {
  if (n === 0) return cells;
  const next = (cells.get(key) ?? 0) + n;
  if (next === 0) cells.delete(key);
  else cells.set(key, next);
  return cells;
}

/** The sum of several sets of cells (zeros dropped). */
export function sumCells(...all: Cells[]): Cells {
  const out: Cells = new Map();
  for (const cells of all) for (const [k, n] of cells) addTo(out, k, n);
  return out;
}

/** after − before: what a change adds to the counters. */
export function delta(before: Cells, after: Cells): Cells {
  const out = sumCells(after);
  for (const [k, n] of before) addTo(out, k, -n);
  return out;
}

const dayOf = (iso: string) => iso.slice(0, 10);
const monthOf = (iso: string) => iso.slice(0, 7);

/**
 * Since when a mentee has been waiting. Stored when they begin to wait
 * (confirmation, a proposal closed, a resume); profiles older than that
 * record count from their confirmation.
 */
export function waitingSinceOf(p: ProfileWithState): string {
  return p.matching.waitingSince ?? p.verifiedAt ?? p.createdAt;
}

/** A mentee waits while ACTIVE with no open proposal or match. */
export const isWaiting = (p: ProfileWithState) => p.role === 'mentee' && p.status === 'ACTIVE' && !p.matching.openMatchId;

export function utilisationOf(accepted: number, capacity: number): UtilisationBucket {
  return accepted <= 0 ? 'none' : accepted >= capacity ? 'full' : 'partly';
}

/** What a person adds to the counters. Pending profiles add nothing (they are counted from their index). */
export function contributionOf(p: ProfileWithState | undefined): Cells {
  const cells: Cells = new Map();
  if (!p || p.status === 'PENDING_VERIFICATION') return cells;
  const { region, councilType: type } = p;
  addTo(cells, cell.people(p.role, p.status, region, type), 1);
  if (p.role === 'mentee') {
    if (p.status !== 'ACTIVE') return cells;
    for (const skill of p.skills) addTo(cells, cell.wanted(skill, region, type), 1);
    if (isWaiting(p)) addTo(cells, cell.waiting(dayOf(waitingSinceOf(p)), region, type), 1);
    return cells;
  }
  const { acceptedCount, proposedCount } = p.matching;
  // Matches go on while a mentor pauses: their places in use count whatever the status.
  addTo(cells, cell.used(region, type), acceptedCount);
  addTo(cells, cell.proposing(region, type), proposedCount);
  if (p.status !== 'ACTIVE') return cells;
  const free = Math.max(0, p.capacity - acceptedCount);
  addTo(cells, cell.offered(region, type), p.capacity);
  addTo(cells, cell.free(region, type), free);
  addTo(cells, cell.utilisation(utilisationOf(acceptedCount, p.capacity), region, type), 1);
  for (const skill of p.skills) addTo(cells, cell.skillFree(skill, region, type), free);
  return cells;
}

/** The mentee's region and council type a match is counted under. */
export function matchFacets(m: Match): { region: string; councilType: string } {
  return { region: m.menteeRegion ?? UNKNOWN, councilType: m.menteeCouncilType ?? UNKNOWN };
}

/** Time from proposal to acceptance in tenths of a day (the resolution of the median). */
export function tenthsToAccept(m: Pick<Match, 'proposedAt' | 'decidedAt'>): number | undefined {
  if (!m.decidedAt) return undefined;
  return Math.max(0, Math.round((Date.parse(m.decidedAt) - Date.parse(m.proposedAt)) / (DAY_MS / 10)));
}

/** What a match adds: one in its status, and once accepted its time to accept, all under its proposal month. */
export function matchContribution(m: Match | undefined): Cells {
  const cells: Cells = new Map();
  if (!m) return cells;
  const { region, councilType } = matchFacets(m);
  const month = monthOf(m.proposedAt);
  addTo(cells, cell.match(m.status, month, region, councilType), 1);
  const tenths = m.status === 'ACCEPTED' || m.status === 'ENDED' ? tenthsToAccept(m) : undefined;
  if (tenths !== undefined) addTo(cells, cell.accept(tenths, month, region, councilType), 1);
  return cells;
}

/** What one feedback answer adds, under the month it was given and the match's mentee facets. */
export function feedbackContribution(f: Pick<Feedback, 'from' | 'at' | 'rating'>, m: Match): Cells {
  const { region, councilType } = matchFacets(m);
  const month = monthOf(f.at);
  const cells: Cells = new Map();
  addTo(cells, cell.feedback(f.from, month, region, councilType), 1);
  addTo(cells, cell.rating(f.from, month, region, councilType), f.rating);
  return cells;
}

/** What a person's change adds. */
export const personDelta = (before: ProfileWithState | undefined, after: ProfileWithState | undefined) =>
  delta(contributionOf(before), contributionOf(after));

/** What a match's move adds. */
export const matchDelta = (before: Match | undefined, after: Match | undefined) => delta(matchContribution(before), matchContribution(after));
