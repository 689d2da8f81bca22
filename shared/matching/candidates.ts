/**
 * Builds the candidate graph: for each mentee, the mentors it may be matched
 * with and the score of each pair. It never forms the mentees × mentors
 * matrix: an index of available mentors by (skill, region) yields only the
 * mentors who offer at least one wanted skill, from regions an in-person-only
 * mentee could meet in, and adds up their skill cover on the way.
 *
 * Each mentee keeps at most `maxPerMentee` candidates, best score first (ties:
 * lower mentor index), so memory grows with mentees × the cap rather than with
 * mentees × mentors. The solver is exact over this graph.
 */
import type { CandidateGraph } from './graph';
import { PROXIMITY, REGION_COUNT, SKILL_COUNT, type PreparedMentee, type PreparedMentor } from './profiles';
import { FORMAT_OK, rankWeight, scoreTenths, totalRankWeight, type PointTables } from './scoring';
import { Format, Proximity } from './profiles';

export const DEFAULT_MAX_CANDIDATES = 200;

export interface Candidates {
  /** Weights are scores in tenths of a point (integers). */
  graph: CandidateGraph;
  /** Per mentee, how many mentors passed every hard constraint, before the cap. */
  eligible: Int32Array;
}

export interface CandidateInput {
  mentees: readonly PreparedMentee[];
  mentors: readonly PreparedMentor[];
  /** Per mentee index, the mentor indices never to propose again. */
  excluded: ReadonlyMap<number, ReadonlySet<number>>;
  tables: PointTables;
  maxPerMentee?: number;
}

/** Mentor indices by skill then region, ascending: only mentors who can take someone. */
function indexMentors(mentors: readonly PreparedMentor[]): Int32Array[] {
  const lists: number[][] = Array.from({ length: SKILL_COUNT * REGION_COUNT }, () => []);
  mentors.forEach((m, j) => {
    if (!m.active || m.spare <= 0) return;
    for (const s of m.skills) lists[s * REGION_COUNT + m.region]!.push(j);
  });
  return lists.map((l) => Int32Array.from(l));
}

const NEAR_REGIONS: Int32Array[] = Array.from({ length: REGION_COUNT }, (_, r) =>
  Int32Array.from({ length: REGION_COUNT }, (_, k) => k).filter((k) => PROXIMITY[r * REGION_COUNT + k] !== Proximity.Other),
);
const ALL_REGIONS = Int32Array.from({ length: REGION_COUNT }, (_, k) => k);
// Mentor indices sit in the low 24 bits of a selection key, below the score.
const INDEX_BITS = 2 ** 24;
// Scores in tenths stay below 4 × 100 points × 10 = 4000 (weights are capped at 100).
const SCORE_BITS = 2 ** 13;

export function buildCandidates({ mentees, mentors, excluded, tables, maxPerMentee = DEFAULT_MAX_CANDIDATES }: CandidateInput): Candidates {
  if (mentors.length >= INDEX_BITS) throw new Error(`Too many mentors for one round: ${mentors.length}`);
  const index = indexMentors(mentors);
  // Mentor facts as columns and imported tables as locals: the loop below runs once per
  // (mentee, mentor sharing a skill), tens of millions of times in a large round.
  const council = Int32Array.from(mentors, (m) => m.council);
  const level = Int32Array.from(mentors, (m) => m.level);
  const format = Int32Array.from(mentors, (m) => m.format);
  const region = Int32Array.from(mentors, (m) => m.region);
  const councilType = Int32Array.from(mentors, (m) => m.councilType);
  const regionCount = REGION_COUNT;
  const proximity = PROXIMITY;
  const formatOk = FORMAT_OK;
  const score = scoreTenths;

  const covered = new Int32Array(mentors.length);
  const touched = new Int32Array(mentors.length);
  const keys = new Float64Array(mentors.length);
  const eligible = new Int32Array(mentees.length);
  const rowStart = new Int32Array(mentees.length + 1);
  let col = new Int32Array(Math.max(16, mentees.length * Math.min(maxPerMentee, mentors.length, 64)));
  let weight = new Float64Array(col.length);
  let edges = 0;

  for (let i = 0; i < mentees.length; i++) {
    const mentee = mentees[i]!;
    rowStart[i] = edges;
    if (!mentee.active) continue;
    let nTouched = 0;
    const regions = mentee.format === Format.InPerson ? NEAR_REGIONS[mentee.region]! : ALL_REGIONS;
    for (let rank = 0; rank < mentee.skills.length; rank++) {
      const base = mentee.skills[rank]! * regionCount;
      const points = rankWeight(rank);
      for (let k = 0; k < regions.length; k++) {
        const list = index[base + regions[k]!]!;
        for (let n = 0; n < list.length; n++) {
          const j = list[n]!;
          if (covered[j] === 0) touched[nTouched++] = j;
          covered[j]! += points;
        }
      }
    }
    const total = totalRankWeight(mentee);
    const never = excluded.get(i);
    const myCouncil = mentee.council;
    const myLevel = mentee.level;
    const myRegion = mentee.region;
    const myType = mentee.councilType;
    const formatRow = mentee.format * 9;
    let nKeys = 0;
    for (let t = 0; t < nTouched; t++) {
      const j = touched[t]!;
      const cover = covered[j]!;
      covered[j] = 0;
      if (council[j] === myCouncil || level[j]! < myLevel) continue;
      const near = proximity[myRegion * regionCount + region[j]!]! as Proximity;
      if (formatOk[formatRow + format[j]! * 3 + near] === 0) continue;
      if (never !== undefined && never.has(j)) continue;
      const tenths = score(tables, cover, total, near, level[j]! - myLevel, councilType[j] === myType);
      keys[nKeys++] = tenths * INDEX_BITS + (INDEX_BITS - 1 - j);
    }
    eligible[i] = nKeys;
    const kept = Math.min(nKeys, maxPerMentee);
    if (kept < nKeys) selectLargest(keys, nKeys, kept);
    if (edges + kept > col.length) {
      const grown = Math.max(col.length * 2, edges + kept);
      col = grow(col, grown);
      weight = growFloat(weight, grown);
    }
    // Emit by ascending mentor index, the graph's canonical order.
    for (let k = 0; k < kept; k++) {
      const key = keys[k]!;
      keys[k] = (INDEX_BITS - 1 - (key % INDEX_BITS)) * SCORE_BITS + Math.floor(key / INDEX_BITS);
    }
    const chosen = keys.subarray(0, kept).sort();
    for (let k = 0; k < kept; k++) {
      const key = chosen[k]!;
      col[edges] = Math.floor(key / SCORE_BITS);
      weight[edges] = key % SCORE_BITS;
      edges++;
    }
  }
  rowStart[mentees.length] = edges;
  return {
    graph: {
      left: mentees.length,
      capacities: Int32Array.from(mentors, (m) => (m.active ? m.spare : 0)),
      rowStart,
      col: col.slice(0, edges),
      weight: weight.slice(0, edges),
    },
    eligible,
  };
}

/** Moves the `k` largest of keys[0..n) to the front, in no order (quickselect; keys are distinct). */
function selectLargest(keys: Float64Array, n: number, k: number): void {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = median(keys[lo]!, keys[(lo + hi) >> 1]!, keys[hi]!);
    let a = lo;
    let b = hi;
    while (a <= b) {
      while (keys[a]! > pivot) a++;
      while (keys[b]! < pivot) b--;
      if (a <= b) {
        const x = keys[a]!;
        keys[a++] = keys[b]!;
        keys[b--] = x;
      }
    }
    if (k - 1 <= b) hi = b;
    else if (k - 1 >= a) lo = a;
    else return;
  }
}

const median = (a: number, b: number, c: number) => Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));

function grow(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

function growFloat(a: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(size);
  b.set(a);
  return b;
}
