/**
 * The check that completes the proof (certificate.ts): no eligible pair left
 * out of the candidate graph is worth more to its mentee, at its mentor's
 * price, than the mentee's own value. Every eligible pair counts, not only
 * those listed, but they are never all formed: a left-out pair scores at most
 * its mentee's cutoff (candidates.ts), so only mentors priced below a bound
 * can break the proof, and each skill's mentors are kept sorted by price.
 *
 * For mentee i with value (c, v) and cutoff u, a left-out mentor j with price
 * (qc, qw) and score w breaks the proof when (1 - qc, w - qw) beats (c, v):
 *
 * - c = 1 (i is matched and its mentor's price does not count a match): only
 *   mentors with qc = 0 and qw < w - v <= u - v can, so none when u <= v;
 * - c = 0 (unmatched, or matched at a price that counts a match): any
 *   eligible mentor with qc = 0 does, and those with qc = 1 when qw < u - v.
 *
 * So each of the mentee's skill lists is read only up to that price bound,
 * and each mentor found is checked against every hard constraint and scored
 * exactly. Pairs in the graph need no test of membership: the certificate
 * already holds for them, so none of them can break it.
 */
import { beats, type Certificate } from './certificate';
import { CLASS_BITS, CLASSES, COUNCIL_BITS, classOf, type MentorIndex } from './mentor-index';
import { SKILL_COUNT, type PreparedMentee } from './profiles';
import { rankWeight, skillTenths, totalRankWeight } from './scoring';

export interface PricingInput {
  index: MentorIndex;
  mentees: readonly PreparedMentee[];
  excluded: ReadonlyMap<number, ReadonlySet<number>>;
  certificate: Certificate;
  /** Per mentee, from the candidate builder: -1 when nothing was left out. */
  cutoff: Int32Array;
  /** The most pairs to name per mentee, most valuable first (default 1). */
  perMentee?: number;
}

/** A left-out pair that breaks the proof. */
export interface Violation {
  mentee: number;
  mentor: number;
  /** The pair's score in tenths. */
  score: number;
}

export interface Pricing {
  /** By mentee, most valuable first. Empty means the certificate holds for every eligible pair: proven. */
  violations: Violation[];
  /** How many mentees have a pair that breaks the proof. */
  mentees: number;
  /**
   * The sum over mentees of how much their best left-out pair beats their
   * value (count, weight in tenths): by weak duality, no assignment of the
   * round is better than this one by more than that, lexicographically.
   */
  gap: { count: number; weight: number };
  /** Left-out mentors priced (checked against a mentee's value). */
  priced: number;
}

/** Each skill's available mentors, cheapest first: those whose price counts no match, then the rest. */
interface PriceLists {
  /** Entries of skill s are start[s] .. start[s + 1] - 1 (mentor, mask, info), in threes. */
  start: Int32Array;
  entries: Int32Array;
  /** Per entry (index / 3): the price's weight part. */
  weight: Float64Array;
  /** Per skill: where entries whose price counts a match begin. */
  split: Int32Array;
}

function priceLists(index: MentorIndex, prices: Certificate['prices']): PriceLists {
  const { mask, info } = index;
  const start = new Int32Array(SKILL_COUNT + 1);
  const bySkill: number[][] = Array.from({ length: SKILL_COUNT }, () => []);
  for (let j = 0; j < index.mentors; j++) {
    if (!index.available[j]) continue;
    for (let m = mask[j]!, s = 0; m !== 0; m >>>= 1, s++) if (m & 1) bySkill[s]!.push(j);
  }
  const split = new Int32Array(SKILL_COUNT);
  const total = bySkill.reduce((n, l) => n + l.length, 0);
  const entries = new Int32Array(total * 3);
  const weight = new Float64Array(total);
  let at = 0;
  for (let s = 0; s < SKILL_COUNT; s++) {
    start[s] = at * 3;
    const list = bySkill[s]!.sort((a, b) => prices.count[a]! - prices.count[b]! || prices.weight[a]! - prices.weight[b]! || a - b);
    split[s] = start[s]!;
    for (const j of list) {
      if (prices.count[j] === 0) split[s] = (at + 1) * 3;
      entries[at * 3] = j;
      entries[at * 3 + 1] = mask[j]!;
      entries[at * 3 + 2] = info[j]!;
      weight[at] = prices.weight[j]!;
      at++;
    }
  }
  start[SKILL_COUNT] = at * 3;
  return { start, entries, weight, split };
}

export function priceLeftOut({ index, mentees, excluded, certificate, cutoff, perMentee = 1 }: PricingInput): Pricing {
  const { start, entries, weight, split } = priceLists(index, certificate.prices);
  const { bonus, tables } = index;
  const { count: valueCount, weight: valueWeight } = certificate.values;
  const classMask = (1 << CLASS_BITS) - 1;
  const councilMask = (1 << COUNCIL_BITS) - 1;
  const councilShift = CLASS_BITS;
  const typeShift = CLASS_BITS + COUNCIL_BITS;
  const classes = CLASSES;
  const sct = tables.sameCouncilType;
  const seen = new Int32Array(index.mentors).fill(-1);
  const skillTab = new Int32Array(16);
  const bit = new Int32Array(5);
  const points = Int32Array.from({ length: 5 }, (_, r) => rankWeight(r));
  const violations: Violation[] = [];
  let named = 0;
  // This mentee's breaking pairs: mentor, score, and value (count, weight) at the price.
  const breakJ: number[] = [];
  const breakScore: number[] = [];
  const breakC: number[] = [];
  const breakW: number[] = [];
  let gapCount = 0;
  let gapWeight = 0;
  let priced = 0;

  for (let i = 0; i < mentees.length; i++) {
    const u = cutoff[i]!;
    if (u < 0) continue;
    const mentee = mentees[i]!;
    const vc = valueCount[i]!;
    const vw = valueWeight[i]!;
    const weightBound = u - vw;
    if (vc === 1 && weightBound <= 0) continue;
    const skills = mentee.skills;
    const nSkills = skills.length;
    const row = classOf(mentee) * classes;
    const total = totalRankWeight(mentee);
    for (let c = 0; c < skillTab.length; c++) skillTab[c] = skillTenths(tables, c, total);
    for (let r = 0; r < nSkills; r++) bit[r] = 1 << skills[r]!;
    const myCouncil = mentee.council;
    const myType = mentee.councilType;
    const never = excluded.get(i);
    breakJ.length = breakScore.length = breakC.length = breakW.length = 0;
    for (let r = 0; r < nSkills; r++) {
      const s = skills[r]!;
      // Segment 0: prices that count no match (all of them when c = 0, the cheap ones when c = 1);
      // segment 1, only when c = 0: prices that count a match, while cheap enough.
      for (let segment = 0; segment < 2 - vc; segment++) {
        const bounded = segment === 1 || vc === 1;
        const c = 1 - segment;
        for (let e = segment === 0 ? start[s]! : split[s]!, end = segment === 0 ? split[s]! : start[s + 1]!; e < end; e += 3) {
          const qw = weight[e / 3]!;
          if (bounded && !(qw < weightBound)) break;
          const j = entries[e]!;
          if (seen[j] === i) continue;
          seen[j] = i;
          const facts = entries[e + 2]!;
          const bon = bonus[row + (facts & classMask)]!;
          if (bon < 0 || ((facts >>> councilShift) & councilMask) === myCouncil) continue;
          if (never !== undefined && never.has(j)) continue;
          const m = entries[e + 1]!;
          let cover = 0;
          for (let t = 0; t < nSkills; t++) if ((m & bit[t]!) !== 0) cover += points[t]!;
          const w = skillTab[cover]! + bon + (facts >>> typeShift === myType ? sct : 0);
          priced++;
          const x = w - qw;
          if (!beats(c, x, vc, vw)) continue;
          breakJ.push(j);
          breakScore.push(w);
          breakC.push(c);
          breakW.push(x);
        }
      }
    }
    if (breakJ.length === 0) continue;
    // Most valuable at the prices first; ties: the higher score, then the lower index.
    const order = breakJ.map((_, t) => t).sort((a, b) => breakC[b]! - breakC[a]! || breakW[b]! - breakW[a]! || breakScore[b]! - breakScore[a]! || breakJ[a]! - breakJ[b]!);
    for (const t of order.slice(0, perMentee)) violations.push({ mentee: i, mentor: breakJ[t]!, score: breakScore[t]! });
    named++;
    const best = order[0]!;
    gapCount += breakC[best]! - vc;
    gapWeight += breakW[best]! - vw;
  }
  return { violations, mentees: named, gap: { count: gapCount, weight: gapWeight }, priced };
}
