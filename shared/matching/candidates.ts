/**
 * Builds the candidate graph: for each mentee, its best-scoring eligible
 * mentors (at most `maxPerMentee`, best score first, ties: lower mentor
 * index) and the score of each pair. The solver is exact over this graph, and
 * the round then proves that nothing left out could improve it (round.ts).
 *
 * It finds a mentee's best mentors without scoring every eligible one, using
 * the index in mentor-index.ts. Its sources are each of the mentee's skills
 * (mentors offering only that one of its skills, at exactly that skill's
 * points) and each pair of them (mentors offering both, who score at most the
 * pair's points plus every lower-ranked skill's). Each source is walked
 * through the mentor classes the mentee may meet, best class bonus first, and
 * all sources together in order of the best score their next class could
 * give. The walk stops when that bound is below the bar: the score of the
 * mentee's k-th best candidate so far. Mentors offering several of its skills
 * are few and score highest, so the bar rises quickly and most lists are
 * never opened.
 *
 * The bar is kept exactly with a histogram of scores (integers in tenths), so
 * the result is the same as scoring every eligible mentor and sorting.
 * countEligible counts a mentee's eligible mentors (for the unmatched reason)
 * without scoring them.
 */
import { MAX_MENTEE_SKILLS } from '../domain/profile';
import type { CandidateGraph } from './graph';
import { CLASS_BITS, CLASSES, COUNCIL_BITS, GROUP_WORDS, GROUPS, classOf, indexMentors, pairOf, type MentorIndex } from './mentor-index';
import { SKILL_COUNT, type PreparedMentee, type PreparedMentor } from './profiles';
import { rankWeight, skillTenths, totalRankWeight, type PointTables } from './scoring';

export const DEFAULT_MAX_CANDIDATES = 200;

export interface Candidates {
  /** Weights are scores in tenths of a point (integers). */
  graph: CandidateGraph;
  /**
   * Per mentee, -1 when fewer than the cap were found (so every eligible
   * mentor was kept); otherwise the score of its weakest kept candidate,
   * which no mentor left out scores above.
   */
  cutoff: Int32Array;
  /** The builder, for widening a mentee's list or counting its eligible mentors later. */
  rows: CandidateRows;
}

export interface CandidateInput {
  mentees: readonly PreparedMentee[];
  mentors: readonly PreparedMentor[];
  /** Per mentee index, the mentor indices never to propose again. */
  excluded: ReadonlyMap<number, ReadonlySet<number>>;
  tables: PointTables;
  maxPerMentee?: number;
  /** The mentors' index, when the caller has built it already. */
  index?: MentorIndex;
}

/** Scores in tenths stay below 4 reasons × 100 points × 10 (weights are capped at 100). */
const MAX_SCORE = 4000;
const MAX_COVER = 15;
/** Each skill of a mentee, and each pair of them. */
const MAX_SOURCES = 15;

/**
 * One mentee's candidates at a time, reusing its scratch space. After
 * `build(i, k)`, `col[0 .. count)` holds the chosen mentor indices in
 * ascending order and `score` their scores; `cutoff` is as in Candidates.
 */
export class CandidateRows {
  /** After build: the chosen mentors, ascending, and their scores. */
  readonly col: Int32Array;
  readonly score: Int32Array;
  /** After build: as Candidates.cutoff. */
  cutoff = -1;
  private readonly seen: Int32Array;
  private stamp = 0;
  private readonly found: Int32Array;
  private readonly foundScore: Int32Array;
  private readonly scoreOf: Int32Array;
  private readonly hist = new Int32Array(MAX_SCORE + 2);
  private readonly ties: Int32Array;
  private readonly skillTab = new Int32Array(MAX_COVER + 1);
  /** Rank weights: the first skill counts 5, then 4, ... */
  private readonly points = Int32Array.from({ length: MAX_MENTEE_SKILLS }, (_, r) => rankWeight(r));
  private readonly sorter = new IntSorter();
  private readonly bit = new Int32Array(MAX_MENTEE_SKILLS);
  private readonly srcKind = new Uint8Array(MAX_SOURCES);
  private readonly srcList = new Int32Array(MAX_SOURCES);
  private readonly srcGroups = new Int32Array(MAX_SOURCES);
  private readonly srcSkip = new Int32Array(MAX_SOURCES);
  private readonly srcCover = new Int32Array(MAX_SOURCES);
  private readonly srcFrom = new Int32Array(MAX_SOURCES);
  private readonly srcMax = new Int32Array(MAX_SOURCES);
  private readonly srcLevel = new Int32Array(MAX_SOURCES);

  constructor(
    readonly index: MentorIndex,
    private readonly mentees: readonly PreparedMentee[],
    private readonly excluded: ReadonlyMap<number, ReadonlySet<number>>,
  ) {
    const n = index.mentors;
    this.seen = new Int32Array(n);
    this.found = new Int32Array(n);
    this.foundScore = new Int32Array(n);
    this.scoreOf = new Int32Array(n);
    this.ties = new Int32Array(n);
    this.col = new Int32Array(n);
    this.score = new Int32Array(n);
  }

  /** Mentee i's best k candidates (k may be Infinity for all of them); returns how many. */
  build(i: number, k: number): number {
    const mentee = this.mentees[i]!;
    this.cutoff = -1;
    const skills = mentee.skills;
    const nSkills = skills.length;
    if (!mentee.active || nSkills === 0) return 0;
    const { bonus, levelStart, levelBonus, levelGroups, single, singleGroups, pairByGroup, pairGroups, tables } = this.index;
    const { found, foundScore, hist, skillTab, bit, srcKind, srcList, srcGroups, srcSkip, srcCover, srcFrom, srcMax, srcLevel } = this;
    // Imported bindings read through a getter once compiled: keep what the loops use in locals.
    const groups = GROUPS;
    const words = GROUP_WORDS;
    const councilShift = CLASS_BITS;
    const typeShift = CLASS_BITS + COUNCIL_BITS;
    const classMask = (1 << CLASS_BITS) - 1;
    const councilMask = (1 << COUNCIL_BITS) - 1;
    const points = this.points;
    const mi = classOf(mentee);
    const row = mi * CLASSES;
    const total = totalRankWeight(mentee);
    for (let c = 0; c <= MAX_COVER; c++) skillTab[c] = skillTenths(tables, c, total);
    let menteeMask = 0;
    for (let r = 0; r < nSkills; r++) {
      bit[r] = 1 << skills[r]!;
      menteeMask |= bit[r]!;
    }
    const sct = tables.sameCouncilType;
    const myType = mentee.councilType;
    const myCouncil = mentee.council;
    const never = this.excluded.get(i);
    const firstLevel = levelStart[mi]!;
    const endLevel = levelStart[mi + 1]!;

    // Sources. Skill r: mentors offering r and none of the mentee's other skills, worth exactly
    // r's points. Ranks a < b: mentors offering both and no skill ranked above b but a, so each
    // mentor covering several comes from one source only; they cover a, b and maybe ranks after b.
    let sources = 0;
    for (let r = 0; r < nSkills; r++, sources++) {
      srcKind[sources] = 0;
      srcList[sources] = skills[r]! * groups;
      srcGroups[sources] = skills[r]! * words;
      srcSkip[sources] = menteeMask & ~bit[r]!;
      srcCover[sources] = points[r]!;
      srcFrom[sources] = nSkills;
      srcMax[sources] = skillTab[points[r]!]!;
      srcLevel[sources] = firstLevel;
    }
    for (let b = 1; b < nSkills; b++) {
      let above = 0;
      for (let a = 0; a < b; a++) above |= bit[a]!;
      let after = 0;
      for (let r = b + 1; r < nSkills; r++) after += points[r]!;
      for (let a = 0; a < b; a++, sources++) {
        const p = pairOf(skills[a]!, skills[b]!);
        srcKind[sources] = 1;
        srcList[sources] = p * groups;
        srcGroups[sources] = p * words;
        srcSkip[sources] = above & ~bit[a]!;
        srcCover[sources] = points[a]! + points[b]!;
        srcFrom[sources] = b + 1;
        srcMax[sources] = skillTab[points[a]! + points[b]! + after]!;
        srcLevel[sources] = firstLevel;
      }
    }

    // The bar: theta is the k-th best score found so far (0 until k are found); cntGe counts scores >= theta.
    let theta = 0;
    let cntGe = 0;
    let n = 0;
    for (;;) {
      let best = -1;
      let bestBound = -1;
      for (let q = 0; q < sources; q++) {
        const level = srcLevel[q]!;
        if (level >= endLevel) continue;
        const bound = srcMax[q]! + levelBonus[level]!;
        if (bound > bestBound) {
          best = q;
          bestBound = bound;
        }
      }
      if (best < 0 || bestBound + sct < theta) break;
      const level = srcLevel[best]!++;
      const bon = levelBonus[level]!;
      const pairs = srcKind[best] === 1;
      const start = pairs ? pairByGroup.start : single.start;
      const entries = pairs ? pairByGroup.entries : single.entries;
      const nonEmpty = pairs ? pairGroups : singleGroups;
      const skip = srcSkip[best]!;
      const cover0 = srcCover[best]!;
      const from = srcFrom[best]!;
      for (let w = 0; w < words; w++) {
        let open = levelGroups[level * words + w]! & nonEmpty[srcGroups[best]! + w]!;
        while (open !== 0) {
          const low = open & -open;
          open ^= low;
          const list = srcList[best]! + w * 32 + 31 - Math.clz32(low);
          for (let e = start[list]!, end = start[list + 1]!; e < end; e += 3) {
            const m = entries[e + 1]!;
            if ((m & skip) !== 0) continue;
            const facts = entries[e + 2]!;
            const j = entries[e]!;
            // Every allowed class in a group has the level's bonus; a class may still be barred (format).
            if (bonus[row + (facts & classMask)]! < 0 || ((facts >>> councilShift) & councilMask) === myCouncil) continue;
            if (never !== undefined && never.has(j)) continue;
            let cover = cover0;
            for (let r = from; r < nSkills; r++) if ((m & bit[r]!) !== 0) cover += points[r]!;
            const x = skillTab[cover]! + bon + (facts >>> typeShift === myType ? sct : 0);
            if (x < theta) continue;
            found[n] = j;
            foundScore[n++] = x;
            hist[x]!++;
            cntGe++;
            while (cntGe - hist[theta]! >= k) cntGe -= hist[theta++]!;
          }
        }
      }
    }

    // Everything above the bar, and the lowest-index ties at it, in mentor order.
    const { col: chosen, ties, scoreOf } = this;
    let kept = 0;
    let nTies = 0;
    for (let f = 0; f < n; f++) {
      const x = foundScore[f]!;
      hist[x] = 0;
      if (x > theta) chosen[kept++] = found[f]!;
      else if (x === theta) ties[nTies++] = found[f]!;
      scoreOf[found[f]!] = x;
    }
    if (kept + nTies > k) this.sorter.sort(ties, nTies, this.index.mentors);
    const fromTies = Math.min(nTies, k - kept);
    for (let t = 0; t < fromTies; t++) chosen[kept++] = ties[t]!;
    this.sorter.sort(chosen, kept, this.index.mentors);
    for (let t = 0; t < kept; t++) this.score[t] = scoreOf[chosen[t]!]!;
    // With k kept some may be left out, none scoring above the bar; with fewer, nothing was cut.
    if (kept === k) this.cutoff = theta;
    return kept;
  }

  /**
   * How many mentors pass every hard constraint with mentee i, counted from
   * the index without listing them: mentors offering each of its skills in
   * classes it may meet, less the double counts of those offering several
   * (from the pair lists), less its own council's and those excluded.
   */
  countEligible(i: number): number {
    const mentee = this.mentees[i]!;
    const skills = mentee.skills;
    const nSkills = skills.length;
    if (!mentee.active || nSkills === 0) return 0;
    const { mask, info, bonus, pair, byCouncil, reach, available } = this.index;
    const seen = this.seen;
    const stamp = ++this.stamp;
    const mi = classOf(mentee);
    const row = mi * CLASSES;
    const classMask = (1 << CLASS_BITS) - 1;
    const councilMask = (1 << COUNCIL_BITS) - 1;
    let menteeMask = 0;
    for (let r = 0; r < nSkills; r++) menteeMask |= 1 << skills[r]!;
    let eligible = 0;
    for (let r = 0; r < nSkills; r++) eligible += reach[mi * SKILL_COUNT + skills[r]!]!;
    for (let a = 0; a < nSkills; a++) {
      for (let b = a + 1; b < nSkills; b++) {
        const list = pairOf(skills[a]!, skills[b]!);
        for (let e = pair.start[list]!, end = pair.start[list + 1]!; e < end; e++) {
          const j = pair.entries[e]!;
          if (seen[j] === stamp) continue;
          seen[j] = stamp;
          if (bonus[row + (info[j]! & classMask)]! < 0) continue;
          // A mentor offering c of the mentee's skills was counted c times above.
          const m = mask[j]!;
          for (let r = 0; r < nSkills; r++) if ((m & (1 << skills[r]!)) !== 0) eligible--;
          eligible++;
        }
      }
    }
    const myCouncil = mentee.council;
    const counts = (j: number) => bonus[row + (info[j]! & classMask)]! >= 0 && (mask[j]! & menteeMask) !== 0;
    for (let e = byCouncil.start[myCouncil]!, end = byCouncil.start[myCouncil + 1]!; e < end; e++) if (counts(byCouncil.entries[e]!)) eligible--;
    const never = this.excluded.get(i);
    if (never !== undefined) {
      for (const j of never) if (available[j] === 1 && ((info[j]! >>> CLASS_BITS) & councilMask) !== myCouncil && counts(j)) eligible--;
    }
    return eligible;
  }
}

/**
 * Sorts small non-negative integers a[0 .. n), all below `limit`, ascending:
 * a counting sort on the high bits (about one bucket per value) and an
 * insertion sort to finish, so linear time on the short rows built here,
 * where the built-in sort's overhead would dominate.
 */
export class IntSorter {
  private tmp = new Int32Array(0);
  private count = new Int32Array(0);

  sort(a: Int32Array, n: number, limit: number): void {
    if (n < 24) {
      insertionSort(a, 0, n);
      return;
    }
    const bucketBits = 32 - Math.clz32(n - 1);
    const shift = Math.max(0, 32 - Math.clz32(Math.max(1, limit - 1)) - bucketBits);
    const buckets = (Math.max(1, limit - 1) >>> shift) + 1;
    if (this.tmp.length < n) this.tmp = new Int32Array(Math.max(n, this.tmp.length * 2));
    if (this.count.length < buckets + 1) this.count = new Int32Array(buckets + 1);
    const { tmp, count } = this;
    count.fill(0, 0, buckets + 1);
    for (let t = 0; t < n; t++) count[(a[t]! >>> shift) + 1]!++;
    for (let b = 0; b < buckets; b++) count[b + 1]! += count[b]!;
    for (let t = 0; t < n; t++) tmp[count[a[t]! >>> shift]!++] = a[t]!;
    insertionSort(tmp, 0, n);
    a.set(tmp.subarray(0, n));
  }
}

function insertionSort(a: Int32Array, from: number, to: number): void {
  for (let p = from + 1; p < to; p++) {
    const v = a[p]!;
    let q = p - 1;
    while (q >= from && a[q]! > v) {
      a[q + 1] = a[q]!;
      q--;
    }
    a[q + 1] = v;
  }
}

export function buildCandidates({ mentees, mentors, excluded, tables, maxPerMentee = DEFAULT_MAX_CANDIDATES, index }: CandidateInput): Candidates {
  const rows = new CandidateRows(index ?? indexMentors(mentors, tables), mentees, excluded);
  const cutoff = new Int32Array(mentees.length);
  const rowStart = new Int32Array(mentees.length + 1);
  // Room for every mentee's full list when that is a sane size, so nothing is copied while growing.
  let col = new Int32Array(Math.max(16, mentees.length * Math.min(maxPerMentee, mentors.length, 400)));
  let weight = new Float64Array(col.length);
  let edges = 0;
  for (let i = 0; i < mentees.length; i++) {
    rowStart[i] = edges;
    const kept = rows.build(i, maxPerMentee);
    cutoff[i] = rows.cutoff;
    if (edges + kept > col.length) {
      const grown = Math.max(col.length * 2, edges + kept);
      col = grow(col, grown);
      weight = growFloat(weight, grown);
    }
    col.set(rows.col.subarray(0, kept), edges);
    for (let t = 0; t < kept; t++) weight[edges + t] = rows.score[t]!;
    edges += kept;
  }
  rowStart[mentees.length] = edges;
  return {
    graph: {
      left: mentees.length,
      capacities: Int32Array.from(mentors, (m) => (m.active ? m.spare : 0)),
      rowStart,
      col: col.length === edges ? col : col.slice(0, edges),
      weight: weight.length === edges ? weight : weight.slice(0, edges),
    },
    cutoff,
    rows,
  };
}

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
