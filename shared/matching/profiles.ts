/**
 * The profile facts matching needs, and their numeric form. The engine turns
 * every profile into small integers once (region index, seniority level,
 * skill indices) so the candidate search compares numbers, not strings.
 */
import type { FormatId } from '../reference';
import { COUNCILS, REGIONS, SKILLS, councilByCode, regionProximity, seniorityById, skillById } from '../reference';
import type { ProfileStatus } from '../domain/profile';

/** What matching reads from a mentee; the stored profile and the public submission both fit it. */
export interface MatchMentee {
  id: string;
  councilCode: string;
  seniority: string;
  /** Ranked: the first is the skill the mentee wants most. */
  skills: readonly string[];
  format: FormatId;
  /** Only ACTIVE profiles match; absent means ACTIVE. */
  status?: ProfileStatus;
}

export interface MatchMentor {
  id: string;
  councilCode: string;
  seniority: string;
  skills: readonly string[];
  format: FormatId;
  capacity: number;
  /** Places left after the mentor's current matches; absent means `capacity`. */
  spareCapacity?: number;
  status?: ProfileStatus;
}

export const Format = { Remote: 0, InPerson: 1, Either: 2 } as const;
export type Format = (typeof Format)[keyof typeof Format];

export const Proximity = { Same: 0, Neighbouring: 1, Other: 2 } as const;
export type Proximity = (typeof Proximity)[keyof typeof Proximity];

interface PreparedSide {
  id: string;
  council: number;
  region: number;
  councilType: number;
  level: number;
  format: Format;
  active: boolean;
  /** Skill indices into SKILLS, in the order given (rank order for mentees). */
  skills: Int32Array;
}
export type PreparedMentee = PreparedSide;
export interface PreparedMentor extends PreparedSide {
  spare: number;
}

const REGION_INDEX = new Map(REGIONS.map((r, i) => [r.name, i]));
const COUNCIL_INDEX = new Map(COUNCILS.map((c, i) => [c.code, i]));
const COUNCIL_TYPES = [...new Set(COUNCILS.map((c) => c.type))].sort();
const COUNCIL_TYPE_INDEX = new Map(COUNCIL_TYPES.map((t, i) => [t, i]));
const SKILL_INDEX = new Map(SKILLS.map((s, i) => [s.id, i]));
const FORMAT_CODE: Record<FormatId, Format> = { remote: Format.Remote, 'in-person': Format.InPerson, either: Format.Either };

export const REGION_COUNT = REGIONS.length;
export const SKILL_COUNT = SKILLS.length;

/** PROXIMITY[a * REGION_COUNT + b]: computed once so the hot loop never touches strings. */
export const PROXIMITY: Uint8Array = (() => {
  const table = new Uint8Array(REGION_COUNT * REGION_COUNT);
  const code = { same: Proximity.Same, neighbouring: Proximity.Neighbouring, other: Proximity.Other } as const;
  REGIONS.forEach((a, i) =>
    REGIONS.forEach((b, j) => {
      table[i * REGION_COUNT + j] = code[regionProximity(a.name, b.name)];
    }),
  );
  return table;
})();

export const regionName = (index: number): string => REGIONS[index]?.name ?? '';
export const skillName = (index: number): string => SKILLS[index]?.name ?? '';
export const councilTypeName = (index: number): string => COUNCIL_TYPES[index] ?? '';

function prepareSide(p: MatchMentee | MatchMentor): PreparedSide {
  const council = councilByCode.get(p.councilCode);
  const level = seniorityById.get(p.seniority)?.level;
  // The round input is validated against the reference data first, so a miss is a programming error.
  if (!council || level === undefined) throw new Error(`Profile ${p.id} has an unknown council or seniority`);
  const skills = Int32Array.from(p.skills, (id) => {
    const index = SKILL_INDEX.get(id);
    if (index === undefined || !skillById.has(id)) throw new Error(`Profile ${p.id} has an unknown skill ${id}`);
    return index;
  });
  return {
    id: p.id,
    council: COUNCIL_INDEX.get(council.code) ?? -1,
    region: REGION_INDEX.get(council.region) ?? -1,
    councilType: COUNCIL_TYPE_INDEX.get(council.type) ?? -1,
    level,
    format: FORMAT_CODE[p.format],
    active: (p.status ?? 'ACTIVE') === 'ACTIVE',
    skills,
  };
}

export const prepareMentee = (p: MatchMentee): PreparedMentee => prepareSide(p);

export function prepareMentor(p: MatchMentor): PreparedMentor {
  return { ...prepareSide(p), spare: Math.max(0, Math.min(p.spareCapacity ?? p.capacity, p.capacity)) };
}
