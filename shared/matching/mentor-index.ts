/**
 * The round's available mentors (active, with a spare place), indexed for
 * the two questions asked about every mentee: which mentors are its best
 * candidates (candidates.ts), and would any mentor left out beat its place at
 * the solver's prices (pricing.ts). Built once per round; no mentees ×
 * mentors matrix is ever formed.
 *
 * A pair's score is a skill part, which depends on which of the mentee's
 * skills the mentor offers, plus a bonus (region proximity and seniority
 * gap), plus the council-type point. A class is (region, seniority level,
 * meeting format); a group is (region, level). The two sides' classes settle
 * two hard constraints (seniority and meeting format) and the bonus, which
 * in fact depends only on the mentor's group. So:
 *
 * - `bonus[menteeClass * CLASSES + mentorClass]` is the bonus in tenths, or
 *   -1 when the class pair is never allowed;
 * - each mentor's skills are a bit mask, so the skill cover of any pair is a
 *   few bit tests, whichever list the mentor was found in;
 * - `single[skill, group]` lists the mentors offering a skill, and
 *   `pairByGroup[s, t, group]` those offering both s and t: every mentor
 *   covering two or more of a mentee's skills is in one of its pairs' lists;
 * - for each mentee class, its mentor groups are sorted into bonus levels
 *   (best first), each a bit set of groups; each list has a bit set of the
 *   groups where it is not empty. A search takes a level at a time and opens
 *   only the lists that hold someone.
 */
import { COUNCILS, SENIORITY } from '../reference';
import { PROXIMITY, REGION_COUNT, SKILL_COUNT, type PreparedMentee, type PreparedMentor, type Proximity } from './profiles';
import { FORMAT_OK, type PointTables } from './scoring';

const LEVELS = Math.max(...SENIORITY.map((s) => s.level)) + 1;
const FORMATS = 3;
export const CLASSES = REGION_COUNT * LEVELS * FORMATS;
export const GROUPS = REGION_COUNT * LEVELS;
/** 32-bit words in a bit set of groups. */
export const GROUP_WORDS = Math.ceil(GROUPS / 32);
export const PAIRS = SKILL_COUNT * SKILL_COUNT;

// Packed mentor facts: class in the low 8 bits, then council (10 bits), then council type.
export const CLASS_BITS = 8;
export const COUNCIL_BITS = 10;
const COUNCIL_TYPES = new Set(COUNCILS.map((c) => c.type)).size;
if (SKILL_COUNT > 31) throw new Error('Skill masks hold at most 31 skills');
if (CLASSES > 2 ** CLASS_BITS || COUNCILS.length > 2 ** COUNCIL_BITS || COUNCIL_TYPES > 2 ** (31 - CLASS_BITS - COUNCIL_BITS)) {
  throw new Error('Mentor facts no longer fit one 32-bit word');
}

export const classOf = (p: PreparedMentee | PreparedMentor): number => (p.region * LEVELS + p.level) * FORMATS + p.format;
const groupOfClass = (c: number): number => Math.floor(c / FORMATS);
export const pairOf = (s: number, t: number): number => Math.min(s, t) * SKILL_COUNT + Math.max(s, t);

/**
 * Compressed lists: list k is entries[start[k]] .. entries[start[k + 1] - 1].
 * With `stride` 3 each entry is three numbers (mentor, its mask, its info),
 * so a search reads a list in order instead of jumping to each mentor's facts.
 */
export interface Lists {
  start: Int32Array;
  entries: Int32Array;
}

function lists(count: number, fill: (add: (list: number, value: number) => void) => void, facts?: { mask: Int32Array; info: Int32Array }): Lists {
  const stride = facts ? 3 : 1;
  const start = new Int32Array(count + 1);
  fill((list) => {
    start[list + 1]! += stride;
  });
  for (let k = 0; k < count; k++) start[k + 1]! += start[k]!;
  const at = start.slice(0, count);
  const entries = new Int32Array(start[count]!);
  fill((list, value) => {
    const e = at[list]!;
    entries[e] = value;
    if (facts) {
      entries[e + 1] = facts.mask[value]!;
      entries[e + 2] = facts.info[value]!;
    }
    at[list] = e + stride;
  });
  return { start, entries };
}

/** For each list, the bit set of groups (list = base * GROUPS + group) where it is not empty. */
function nonEmpty(l: Lists, bases: number): Int32Array {
  const bits = new Int32Array(bases * GROUP_WORDS);
  for (let b = 0; b < bases; b++) {
    for (let g = 0; g < GROUPS; g++) {
      const list = b * GROUPS + g;
      if (l.start[list + 1]! > l.start[list]!) bits[b * GROUP_WORDS + (g >> 5)]! |= 1 << (g & 31);
    }
  }
  return bits;
}

export interface MentorIndex {
  mentors: number;
  /** Per mentor (round index): 1 when active with a spare place. Only these are in the lists. */
  available: Uint8Array;
  /** Per mentor: the skills it offers, one bit per skill index. */
  mask: Int32Array;
  /** Per mentor: class | council << CLASS_BITS | council type << (CLASS_BITS + COUNCIL_BITS). */
  info: Int32Array;
  /** See the header; in tenths, -1 when never allowed. */
  bonus: Int32Array;
  /** Per mentee class, its bonus levels, best first: levels k = levelStart[c] .. levelStart[c + 1] - 1. */
  levelStart: Int32Array;
  /** The bonus of level k, in tenths. */
  levelBonus: Int32Array;
  /** Level k's groups: levelGroups[k * GROUP_WORDS + w]. */
  levelGroups: Int32Array;
  /** Mentors by skill * GROUPS + group, ascending, as (mentor, mask, info). */
  single: Lists;
  singleGroups: Int32Array;
  /** Mentors by pairOf(s, t) * GROUPS + group offering both, ascending, as (mentor, mask, info). */
  pairByGroup: Lists;
  pairGroups: Int32Array;
  /** Mentors by pairOf(s, t) offering both, ascending. */
  pair: Lists;
  /** Mentors by council, ascending. */
  byCouncil: Lists;
  /** reach[menteeClass * SKILL_COUNT + s]: mentors offering s in classes the mentee class may meet. */
  reach: Int32Array;
  tables: PointTables;
}

export function indexMentors(mentors: readonly PreparedMentor[], tables: PointTables): MentorIndex {
  const n = mentors.length;
  const available = Uint8Array.from(mentors, (m) => (m.active && m.spare > 0 ? 1 : 0));
  const mask = Int32Array.from(mentors, (m) => m.skills.reduce((bits, s) => bits | (1 << s), 0));
  const cls = Int32Array.from(mentors, classOf);
  const info = Int32Array.from(mentors, (m, j) => cls[j]! | (m.council << CLASS_BITS) | (m.councilType << (CLASS_BITS + COUNCIL_BITS)));

  const bonus = new Int32Array(CLASSES * CLASSES);
  for (let a = 0; a < CLASSES; a++) {
    const aFormat = a % FORMATS;
    const aLevel = Math.floor(a / FORMATS) % LEVELS;
    const aRegion = Math.floor(a / FORMATS / LEVELS);
    for (let b = 0; b < CLASSES; b++) {
      const bFormat = b % FORMATS;
      const bLevel = Math.floor(b / FORMATS) % LEVELS;
      const bRegion = Math.floor(b / FORMATS / LEVELS);
      const near = PROXIMITY[aRegion * REGION_COUNT + bRegion]! as Proximity;
      const allowed = bLevel >= aLevel && FORMAT_OK[(aFormat * 3 + bFormat) * 3 + near] === 1;
      bonus[a * CLASSES + b] = allowed ? (tables.region[near] ?? 0) + (tables.seniority[bLevel - aLevel] ?? 0) : -1;
    }
  }

  const single = lists(
    SKILL_COUNT * GROUPS,
    (add) => {
      for (let j = 0; j < n; j++) if (available[j]) for (const s of mentors[j]!.skills) add(s * GROUPS + groupOfClass(cls[j]!), j);
    },
    { mask, info },
  );
  const pairs = (add: (list: number, value: number) => void, byGroup: boolean) => {
    for (let j = 0; j < n; j++) {
      if (!available[j]) continue;
      const skills = mentors[j]!.skills;
      for (let x = 0; x < skills.length; x++) {
        for (let y = x + 1; y < skills.length; y++) {
          const list = pairOf(skills[x]!, skills[y]!);
          add(byGroup ? list * GROUPS + groupOfClass(cls[j]!) : list, j);
        }
      }
    }
  };
  const pair = lists(PAIRS, (add) => pairs(add, false));
  const pairByGroup = lists(PAIRS * GROUPS, (add) => pairs(add, true), { mask, info });
  const byCouncil = lists(COUNCILS.length, (add) => {
    for (let j = 0; j < n; j++) if (available[j]) add(mentors[j]!.council, j);
  });

  // Bonus levels per mentee class, over the groups that hold an allowed class with mentors.
  const present = new Uint8Array(CLASSES);
  for (let j = 0; j < n; j++) if (available[j]) present[cls[j]!] = 1;
  const levelStart = new Int32Array(CLASSES + 1);
  const levelBonus: number[] = [];
  const levelGroups: number[] = [];
  for (let a = 0; a < CLASSES; a++) {
    const byBonus = new Map<number, number[]>();
    for (let b = 0; b < CLASSES; b++) {
      const x = bonus[a * CLASSES + b]!;
      if (!present[b] || x < 0) continue;
      if (!byBonus.has(x)) byBonus.set(x, Array<number>(GROUP_WORDS).fill(0));
      const g = groupOfClass(b);
      byBonus.get(x)![g >> 5]! |= 1 << (g & 31);
    }
    for (const [x, words] of [...byBonus].sort((p, q) => q[0] - p[0])) {
      levelBonus.push(x);
      levelGroups.push(...words);
    }
    levelStart[a + 1] = levelBonus.length;
  }

  const perClass = new Int32Array(CLASSES * SKILL_COUNT);
  for (let j = 0; j < n; j++) if (available[j]) for (const s of mentors[j]!.skills) perClass[cls[j]! * SKILL_COUNT + s]!++;
  const reach = new Int32Array(CLASSES * SKILL_COUNT);
  for (let a = 0; a < CLASSES; a++) {
    for (let b = 0; b < CLASSES; b++) {
      if (!present[b] || bonus[a * CLASSES + b]! < 0) continue;
      for (let s = 0; s < SKILL_COUNT; s++) reach[a * SKILL_COUNT + s]! += perClass[b * SKILL_COUNT + s]!;
    }
  }
  return {
    mentors: n,
    available,
    mask,
    info,
    bonus,
    levelStart,
    levelBonus: Int32Array.from(levelBonus),
    levelGroups: Int32Array.from(levelGroups),
    single,
    singleGroups: nonEmpty(single, SKILL_COUNT),
    pairByGroup,
    pairGroups: nonEmpty(pairByGroup, PAIRS),
    pair,
    byCouncil,
    reach,
    tables,
  };
}
