/**
 * The domain rules of a match: which pairs may never be proposed (hard
 * constraints) and how a permitted pair is scored, with the reasons behind
 * every point. The candidate builder and the explanations share the point
 * tables below, so an explanation always adds up to the score the solver used.
 *
 * Points are kept in integer tenths internally: sums of tenths are exact, so
 * a score never drifts from the sum of its reasons and ties stay ties.
 */
import { MAX_MENTEE_SKILLS } from '../domain/profile';
import { SENIORITY } from '../reference';
import {
  Format,
  PROXIMITY,
  Proximity,
  REGION_COUNT,
  councilTypeName,
  regionName,
  skillName,
  type PreparedMentee,
  type PreparedMentor,
} from './profiles';
import type { Weights } from './weights';

/** Why a pair can never be proposed, in the order the unmatched diagnosis checks them. */
export const BLOCKS = ['inactive', 'no-shared-skill', 'same-council', 'seniority', 'format', 'excluded', 'full'] as const;
export type Block = (typeof BLOCKS)[number];

export interface Reason {
  code: 'skills' | 'same-region' | 'neighbouring-region' | 'other-region' | 'seniority' | 'same-council-type';
  text: string;
  points: number;
}

export interface PairScore {
  score: number;
  reasons: Reason[];
}

/** A mentee's first-ranked skill counts 5, the second 4, and so on. */
export const rankWeight = (rank: number): number => MAX_MENTEE_SKILLS - rank;

export function totalRankWeight(mentee: PreparedMentee): number {
  let total = 0;
  for (let k = 0; k < mentee.skills.length; k++) total += rankWeight(k);
  return total;
}

/**
 * In-person meetings need the two regions to be the same or neighbours; a
 * remote-only side can never meet an in-person-only side.
 */
export function formatsCompatible(a: Format, b: Format, proximity: Proximity): boolean {
  if ((a === Format.Remote && b === Format.InPerson) || (a === Format.InPerson && b === Format.Remote)) return false;
  if (a === Format.InPerson || b === Format.InPerson) return proximity !== Proximity.Other;
  return true;
}

export const proximityOf = (a: PreparedMentee | PreparedMentor, b: PreparedMentee | PreparedMentor): Proximity =>
  PROXIMITY[a.region * REGION_COUNT + b.region] as Proximity;

/**
 * The first hard constraint the pair breaks, or null when it may be proposed.
 * Skill overlap is checked here too: a mentor who offers none of the mentee's
 * skills has nothing to mentor them on.
 */
export function blockOf(mentee: PreparedMentee, mentor: PreparedMentor, excluded: boolean): Block | null {
  if (!mentee.active || !mentor.active) return 'inactive';
  if (!sharesSkill(mentee, mentor)) return 'no-shared-skill';
  if (mentee.council === mentor.council) return 'same-council';
  if (mentor.level < mentee.level) return 'seniority';
  if (!formatsCompatible(mentee.format, mentor.format, proximityOf(mentee, mentor))) return 'format';
  if (excluded) return 'excluded';
  if (mentor.spare <= 0) return 'full';
  return null;
}

function sharesSkill(mentee: PreparedMentee, mentor: PreparedMentor): boolean {
  for (const s of mentee.skills) if (mentor.skills.includes(s)) return true;
  return false;
}

/** Point tables in tenths, computed once per round from the weights. */
export interface PointTables {
  skills: number;
  region: Int32Array;
  /** By seniority gap (mentor level minus mentee level), 0 to 4. */
  seniority: Int32Array;
  sameCouncilType: number;
}

const tenths = (points: number) => Math.round(points * 10);

export function pointTables(w: Weights): PointTables {
  return {
    skills: w.skills,
    region: Int32Array.of(tenths(w.sameRegion), tenths(w.neighbouringRegion), 0),
    seniority: Int32Array.from({ length: SENIORITY.length }, (_, gap) =>
      tenths(gap === 0 ? w.seniorityPeer : gap <= 2 ? w.seniorityIdeal : w.seniorityDistant),
    ),
    sameCouncilType: tenths(w.sameCouncilType),
  };
}

/** Skill points in tenths for a mentor covering `covered` of the mentee's `total` rank weight. */
export const skillTenths = (t: PointTables, covered: number, total: number): number =>
  total === 0 ? 0 : tenths((t.skills * covered) / total);

/**
 * The whole score in tenths, from the pair's facts: what the candidate
 * builder hands the solver and what scorePrepared explains.
 */
export function scoreTenths(t: PointTables, covered: number, total: number, proximity: Proximity, gap: number, sameType: boolean): number {
  return skillTenths(t, covered, total) + (t.region[proximity] ?? 0) + (t.seniority[gap] ?? 0) + (sameType ? t.sameCouncilType : 0);
}

/** FORMAT_OK[(menteeFormat * 3 + mentorFormat) * 3 + proximity]: formatsCompatible as a table for the hot loop. */
export const FORMAT_OK: Uint8Array = Uint8Array.from({ length: 27 }, (_, k) =>
  formatsCompatible(Math.floor(k / 9) as Format, (Math.floor(k / 3) % 3) as Format, (k % 3) as Proximity) ? 1 : 0,
);

const list = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

function skillsText(shared: string[], wanted: number): string {
  if (shared.length === 0) return 'Offers none of your priority skills';
  if (wanted === 1) return `Offers your priority skill: ${shared[0]}`;
  if (shared.length === wanted) return `Offers ${wanted === 2 ? 'both' : `all ${wanted}`} of your priority skills: ${shared.join(', ')}`;
  return `Shares ${shared.length} of your ${wanted} priority skills: ${shared.join(', ')}`;
}

function seniorityText(gap: number, mentorLevel: number): string {
  const name = SENIORITY.find((s) => s.level === mentorLevel)?.name ?? '';
  if (gap === 0) return `Same seniority: ${name}`;
  const levels = gap === 1 ? 'one level' : `${gap} levels`;
  return `Mentor is ${levels} more senior: ${name}`;
}

/**
 * Scores a pair and explains every point. The caller checks the hard
 * constraints (blockOf); this only weighs a pair, so it also explains why a
 * blocked pair would have scored what it would.
 */
export function scorePrepared(t: PointTables, mentee: PreparedMentee, mentor: PreparedMentor): PairScore {
  const shared: string[] = [];
  let covered = 0;
  mentee.skills.forEach((s, rank) => {
    if (mentor.skills.includes(s)) {
      shared.push(skillName(s));
      covered += rankWeight(rank);
    }
  });
  const reasons: Reason[] = [];
  const add = (code: Reason['code'], text: string, inTenths: number) => reasons.push({ code, text, points: inTenths / 10 });

  add('skills', skillsText(shared, mentee.skills.length), skillTenths(t, covered, totalRankWeight(mentee)));
  const proximity = proximityOf(mentee, mentor);
  const here = regionName(mentee.region);
  const there = regionName(mentor.region);
  if (proximity === Proximity.Same) add('same-region', `Same region: ${here}`, t.region[proximity] ?? 0);
  else if (proximity === Proximity.Neighbouring) add('neighbouring-region', `Neighbouring regions: ${here} and ${there}`, t.region[proximity] ?? 0);
  else add('other-region', `Different regions: ${list([here, there])}, so you would meet remotely`, 0);
  const gap = mentor.level - mentee.level;
  add('seniority', seniorityText(gap, mentor.level), t.seniority[gap] ?? 0);
  if (mentee.councilType === mentor.councilType && t.sameCouncilType > 0) {
    add('same-council-type', `Same type of council: ${councilTypeName(mentee.councilType)}`, t.sameCouncilType);
  }
  const total = scoreTenths(t, covered, totalRankWeight(mentee), proximity, gap, mentee.councilType === mentor.councilType);
  return { score: total / 10, reasons };
}
