/**
 * A matching round, start to finish, as one pure function: the caller (the
 * scheduled round, an admin's request, the CLI, a test) loads the waiting
 * mentees, the mentors with their spare capacity and the pairs never to
 * propose again, and stores what comes back. No I/O and no randomness; the
 * only clock is the proof's time budget (see below).
 *
 * Steps:
 * 1. Sort mentees and mentors by id, so the result never depends on the order
 *    the caller read them in (the solver's tie rule works on these indices).
 * 2. Build the candidate graph: each mentee's best candidates, as many as the
 *    starting width (candidates.ts).
 * 3. Solve it exactly: most mentees matched, then highest total score, with
 *    the solver's dual prices (solver.ts, certificate.ts).
 * 4. Prove it: price every eligible pair left out of the graph (pricing.ts).
 *    If one would improve the answer at those prices, widen the lists of the
 *    mentees it names and go back to 3. The answer is then optimal over every
 *    eligible pair, not just the candidates ("proven"), unless the budget ran
 *    out first ("unproven", with a bound on what may have been given up).
 * 5. Explain every proposal and give every unmatched mentee its reason.
 *
 * The budget (time and graph size) is the only thing that can make two runs
 * on the same input differ: a round that finishes within it is deterministic.
 */
import { buildCandidates, DEFAULT_MAX_CANDIDATES } from './candidates';
import { certify } from './certificate';
import type { CandidateGraph } from './graph';
import { indexMentors } from './mentor-index';
import { priceLeftOut, type Violation } from './pricing';
import { prepareMentee, prepareMentor, regionName, skillName, Format, type MatchMentee, type MatchMentor, type PreparedMentee, type PreparedMentor } from './profiles';
import { BLOCKS, blockOf, pointTables, scorePrepared, type Block, type Reason } from './scoring';
import { solveWithPrices } from './solver';
import { parseWeights, type WeightsInput } from './weights';

export interface Exclusion {
  menteeId: string;
  mentorId: string;
}

export interface RoundRequest {
  mentees: readonly MatchMentee[];
  mentors: readonly MatchMentor[];
  /** Pairs declined, expired or ended before: never proposed again. */
  exclusions?: readonly Exclusion[];
  weights?: WeightsInput;
  /** The starting width: candidates kept per mentee, best first (default 200). The proof widens it where needed. */
  maxCandidatesPerMentee?: number;
  budget?: ProofBudget;
  /** Told after each step, for progress and timings; the result never depends on it. */
  onStep?: (step: RoundStep) => void;
}

/** When widening stops short of a proof. Both limits are checked before each new solve. */
export interface ProofBudget {
  /** Candidate pairs the widened graph may hold (default 20,000,000: about 1 GB while solving). */
  maxCandidates?: number;
  /** Seconds the round may spend, from its start (default 120). */
  maxSeconds?: number;
  /** Milliseconds clock for maxSeconds (default performance.now). */
  now?: () => number;
}

export const DEFAULT_BUDGET = { maxCandidates: 20_000_000, maxSeconds: 120 } as const;

/** Pairs added per named mentee and check: a few, so that one re-solve usually settles them. */
const PAIRS_PER_CHECK = 4;

export type RoundStep =
  | { step: 'candidates'; ms: number; candidates: number }
  | { step: 'solve'; ms: number; solve: number; matched: number }
  | { step: 'check'; ms: number; solve: number; priced: number; violations: number }
  | { step: 'widen'; ms: number; solve: number; mentees: number; candidates: number };

export interface Proposal {
  menteeId: string;
  mentorId: string;
  score: number;
  reasons: Reason[];
}

export type UnmatchedCode = Block | 'no-candidates' | 'outmatched';

export interface Unmatched {
  menteeId: string;
  reason: { code: UnmatchedCode; text: string };
}

/**
 * "proven": no assignment of this round's mentees to its mentors, over every
 * pair the rules allow, matches more mentees, or as many with a higher total
 * score. "unproven": the proof's budget ran out first; see shortfallBound.
 */
export type Optimality = 'proven' | 'unproven';

/**
 * Each mentee's candidate list starts as its best `initial` eligible mentors
 * (or all, when fewer); the proof adds to a mentee's list the left-out pairs
 * that broke it, one per check.
 */
export interface CandidatesPerMentee {
  /** The starting width (maxCandidatesPerMentee, default 200). */
  initial: number;
  /** The longest list any mentee ended with. */
  widest: number;
  /** How many mentees' lists the proof widened. */
  widened: number;
}

/** What an unproven round may have given up, at most. */
export interface ShortfallBound {
  /** No assignment matches more than `matched + mentees` mentees. */
  mentees: number;
  /**
   * When `mentees` is 0: no assignment scores more than `totalScore + score`.
   * Otherwise null: the prices bound the score only among assignments that
   * match no more mentees than this one.
   */
  score: number | null;
}

export interface ProofStats {
  /** How many times the assignment was solved: 1 when the first answer was already proven. */
  solves: number;
  /** Candidate pairs in the graph finally solved, after any widening. */
  candidates: number;
  /** Which budget stopped the widening, when unproven. */
  stoppedBy?: 'time' | 'candidates';
}

export interface RoundStats {
  mentees: number;
  activeMentees: number;
  mentors: number;
  /** Places offered: the spare capacity of active mentors. */
  places: number;
  /** Candidate pairs at the starting width (the first graph solved); proof.candidates counts the last. */
  candidates: number;
  matched: number;
  unmatched: number;
  totalScore: number;
  optimality: Optimality;
  /** Present only when unproven. */
  shortfallBound?: ShortfallBound;
  candidatesPerMentee: CandidatesPerMentee;
  proof: ProofStats;
}

export interface RoundResult {
  /** Sorted by mentee id. */
  proposals: Proposal[];
  /** Sorted by mentee id. */
  unmatched: Unmatched[];
  stats: RoundStats;
}

const byId = <T extends { id: string }>(items: readonly T[], what: string): T[] => {
  const sorted = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let k = 1; k < sorted.length; k++) {
    if (sorted[k]!.id === sorted[k - 1]!.id) throw new Error(`Two ${what} share the id ${sorted[k]!.id}`);
  }
  return sorted;
};

/**
 * A round's input as the engine works on it: weights as point tables,
 * profiles prepared and sorted by id (so the result never depends on input
 * order), and the exclusions by position. The round and its greedy baseline
 * (shared/app/round-report.ts) both start here.
 */
export function prepareRound(request: Pick<RoundRequest, 'mentees' | 'mentors' | 'exclusions' | 'weights'>) {
  const tables = pointTables(parseWeights(request.weights ?? {}));
  const mentees = byId(request.mentees, 'mentees').map(prepareMentee);
  const mentors = byId(request.mentors, 'mentors').map(prepareMentor);
  const menteeIndex = new Map(mentees.map((m, i) => [m.id, i]));
  const mentorIndex = new Map(mentors.map((m, j) => [m.id, j]));
  const excluded = new Map<number, Set<number>>();
  for (const { menteeId, mentorId } of request.exclusions ?? []) {
    const i = menteeIndex.get(menteeId);
    const j = mentorIndex.get(mentorId);
    // An exclusion naming someone not in this round cannot block anything here.
    if (i === undefined || j === undefined) continue;
    if (!excluded.has(i)) excluded.set(i, new Set());
    excluded.get(i)!.add(j);
  }
  return { tables, mentees, mentors, excluded };
}

/** Runs one round. Throws a ZodError for bad weights and an Error for duplicate ids. */
export function runRound(request: RoundRequest): RoundResult {
  const now = request.budget?.now ?? (() => performance.now());
  const started = now();
  const onStep = request.onStep ?? (() => {});
  const maxCandidates = request.budget?.maxCandidates ?? DEFAULT_BUDGET.maxCandidates;
  const maxMs = (request.budget?.maxSeconds ?? DEFAULT_BUDGET.maxSeconds) * 1000;
  const { tables, mentees, mentors, excluded } = prepareRound(request);

  const initial = request.maxCandidatesPerMentee ?? DEFAULT_MAX_CANDIDATES;
  let t = now();
  const index = indexMentors(mentors, tables);
  const built = buildCandidates({ mentees, mentors, excluded, tables, maxPerMentee: initial, index });
  const { cutoff, rows } = built;
  let graph = built.graph;
  const startingCandidates = graph.col.length;
  onStep({ step: 'candidates', ms: now() - t, candidates: startingCandidates });

  let solves = 0;
  let stoppedBy: ProofStats['stoppedBy'];
  let choice: Int32Array;
  let gap = { count: 0, weight: 0 };
  for (;;) {
    t = now();
    const solved = solveWithPrices(graph);
    choice = solved.choice;
    solves++;
    onStep({ step: 'solve', ms: now() - t, solve: solves, matched: choice.reduce((n, e) => n + (e >= 0 ? 1 : 0), 0) });
    t = now();
    const certificate = certify(graph, solved.grid, choice, solved.prices, graph.capacities);
    const pricing = priceLeftOut({ index, mentees, excluded, certificate, cutoff, perMentee: PAIRS_PER_CHECK });
    onStep({ step: 'check', ms: now() - t, solve: solves, priced: pricing.priced, violations: pricing.mentees });
    gap = pricing.gap;
    if (pricing.violations.length === 0) break;
    if (now() - started >= maxMs) {
      stoppedBy = 'time';
      break;
    }
    t = now();
    const widened = widen(graph, pricing.violations, maxCandidates);
    if (!widened) {
      stoppedBy = 'candidates';
      break;
    }
    graph = widened;
    onStep({ step: 'widen', ms: now() - t, solve: solves, mentees: pricing.mentees, candidates: graph.col.length });
  }

  const proposals: Proposal[] = [];
  const unmatched: Unmatched[] = [];
  let totalTenths = 0;
  mentees.forEach((mentee, i) => {
    const e = choice[i]!;
    if (e >= 0) {
      const mentor = mentors[graph.col[e]!]!;
      const { score, reasons } = scorePrepared(tables, mentee, mentor);
      totalTenths += graph.weight[e]!;
      proposals.push({ menteeId: mentee.id, mentorId: mentor.id, score, reasons });
    } else {
      const eligible = rows.countEligible(i);
      const reason = eligible > 0 ? outmatched(eligible) : blockedReason(mentee, mentors, excluded.get(i));
      unmatched.push({ menteeId: mentee.id, reason });
    }
  });

  let widest = 0;
  let widenedMentees = 0;
  for (let i = 0; i < mentees.length; i++) {
    const length = graph.rowStart[i + 1]! - graph.rowStart[i]!;
    widest = Math.max(widest, length);
    if (length > built.graph.rowStart[i + 1]! - built.graph.rowStart[i]!) widenedMentees++;
  }
  const proven = stoppedBy === undefined;
  // The prices' count gap, and two plain limits: only unmatched mentees with an eligible mentor
  // could be added, and only into free places.
  const places = mentors.reduce((sum, m) => sum + (m.active ? m.spare : 0), 0);
  const couldJoin = unmatched.filter((u) => u.reason.code === 'outmatched').length;
  const moreMentees = Math.min(gap.count, couldJoin, places - proposals.length);
  return {
    proposals,
    unmatched,
    stats: {
      mentees: mentees.length,
      activeMentees: mentees.filter((m) => m.active).length,
      mentors: mentors.length,
      places,
      candidates: startingCandidates,
      matched: proposals.length,
      unmatched: unmatched.length,
      totalScore: totalTenths / 10,
      optimality: proven ? 'proven' : 'unproven',
      ...(proven ? {} : { shortfallBound: { mentees: moreMentees, score: gap.count === 0 ? gap.weight / 10 : null } }),
      candidatesPerMentee: { initial, widest, widened: widenedMentees },
      proof: { solves, candidates: graph.col.length, ...(stoppedBy ? { stoppedBy } : {}) },
    },
  };
}

/**
 * Widens the lists of the mentees the check named by the pair it named for
 * each (its most valuable left-out mentor at the prices), or returns
 * undefined when that would take the graph past maxCandidates. Every
 * widening adds pairs the graph did not have, so the loop ends. Only the
 * named pair is added, not every better-scoring one: the pair that breaks
 * the proof is often far down the mentee's list (a free mentor who scores
 * little), and the pairs above it are priced out already.
 */
function widen(graph: CandidateGraph, violations: readonly Violation[], maxCandidates: number): CandidateGraph | undefined {
  const edges = graph.col.length + violations.length;
  if (edges > maxCandidates) return undefined;
  const rowStart = new Int32Array(graph.left + 1);
  const col = new Int32Array(edges);
  const weight = new Float64Array(edges);
  let at = 0;
  let next = 0;
  const added: Violation[] = [];
  for (let i = 0; i < graph.left; i++) {
    rowStart[i] = at;
    added.length = 0;
    while (violations[next]?.mentee === i) added.push(violations[next++]!);
    // Rows stay sorted by mentor index, the graph's canonical order.
    added.sort((a, b) => a.mentor - b.mentor);
    let e = graph.rowStart[i]!;
    const to = graph.rowStart[i + 1]!;
    for (const pair of added) {
      for (; e < to && graph.col[e]! < pair.mentor; e++, at++) {
        col[at] = graph.col[e]!;
        weight[at] = graph.weight[e]!;
      }
      col[at] = pair.mentor;
      weight[at++] = pair.score;
    }
    col.set(graph.col.subarray(e, to), at);
    weight.set(graph.weight.subarray(e, to), at);
    at += to - e;
  }
  rowStart[graph.left] = at;
  return { left: graph.left, capacities: graph.capacities, rowStart, col, weight };
}

function outmatched(count: number): Unmatched['reason'] {
  const mentors = count === 1 ? 'The one eligible mentor is' : `All ${count} eligible mentors are`;
  return { code: 'outmatched', text: `${mentors} full: their places went to other mentees in this round` };
}

/**
 * Why no mentor at all could take this mentee: the hard constraint that
 * removed the last mentors, checking them in the order of BLOCKS. Runs only
 * for mentees with no candidate, so its cost (one pass over the mentors) is rare.
 */
function blockedReason(mentee: PreparedMentee, mentors: readonly PreparedMentor[], excluded: ReadonlySet<number> | undefined): Unmatched['reason'] {
  if (!mentee.active) return { code: 'inactive', text: 'This profile is not active (paused or not yet confirmed), so it was not matched' };
  let furthest = -1;
  mentors.forEach((mentor, j) => {
    const block = blockOf(mentee, mentor, excluded?.has(j) ?? false);
    if (block !== null && block !== 'inactive') furthest = Math.max(furthest, BLOCKS.indexOf(block));
  });
  const skills = [...mentee.skills].map(skillName).join(', ');
  const region = regionName(mentee.region);
  const texts: Record<Block, string> = {
    inactive: '',
    'no-shared-skill': `No mentor offers any of your skills: ${skills}`,
    'same-council': 'The only mentors who offer your skills work for your own council',
    seniority: 'No mentor who offers your skills is at or above your seniority',
    format:
      mentee.format === Format.InPerson
        ? `No mentor who offers your skills can meet in person in or next to ${region}`
        : 'No mentor who offers your skills can meet in a way that suits you',
    excluded: 'Every mentor who could take you has been proposed to you before (declined, expired or ended)',
    full: 'All eligible mentors are full',
  };
  const code = furthest < 0 ? 'no-candidates' : BLOCKS[furthest]!;
  const text = code === 'no-candidates' ? 'There are no active mentors in this round' : texts[code];
  return { code, text };
}
