/**
 * Reference data (councils, regions, skills, seniority, meeting formats) with
 * lookups. Users pick from these lists; they never type them.
 */
import { COUNCILS, REGIONS, SENIORITY, SKILLS } from './data.generated';
import type { CouncilRow, RegionRow, SeniorityRow, SkillRow } from './types';

export type { CouncilRow, RegionRow, SeniorityRow, SkillRow };
export { COUNCILS, REGIONS, SENIORITY, SKILLS };

export const FORMATS = [
  { id: 'remote', name: 'Remote (video calls)' },
  { id: 'in-person', name: 'In person' },
  { id: 'either', name: 'Either remote or in person' },
] as const;
export type FormatId = (typeof FORMATS)[number]['id'];
export const FORMAT_IDS = FORMATS.map((f) => f.id) as [FormatId, ...FormatId[]];

const byKey = <T, K extends keyof T>(rows: readonly T[], key: K) =>
  new Map(rows.map((row) => [row[key] as unknown as string, row]));

export const councilByCode: ReadonlyMap<string, CouncilRow> = byKey(COUNCILS, 'code');
export const skillById: ReadonlyMap<string, SkillRow> = byKey(SKILLS, 'id');
export const seniorityById: ReadonlyMap<string, SeniorityRow> = byKey(SENIORITY, 'id');
export const regionByName: ReadonlyMap<string, RegionRow> = byKey(REGIONS, 'name');

export const COUNCIL_CODES = COUNCILS.map((c) => c.code) as [string, ...string[]];
export const SKILL_IDS = SKILLS.map((s) => s.id) as [string, ...string[]];
export const SENIORITY_IDS = SENIORITY.map((s) => s.id) as [string, ...string[]];

/** Region proximity: 'same', 'neighbouring' (shares a land border) or 'other'. */
export function regionProximity(a: string, b: string): 'same' | 'neighbouring' | 'other' {
  if (a === b) return 'same';
  return regionByName.get(a)?.neighbours.includes(b) ? 'neighbouring' : 'other';
}

/** The public shape served at GET /api/reference. */
export function publicReference() {
  return {
    councils: COUNCILS.map(({ code, name, region, type }) => ({ code, name, region, type })),
    regions: REGIONS.map(({ name, nation, neighbours }) => ({ name, nation, neighbours })),
    skills: SKILLS.map(({ id, name, group, description }) => ({ id, name, group, description })),
    seniority: SENIORITY.map(({ id, name, level, description }) => ({ id, name, level, description })),
    formats: FORMATS.map(({ id, name }) => ({ id, name })),
  };
}
