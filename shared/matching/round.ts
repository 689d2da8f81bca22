/**
 * A matching round, start to finish, as one pure function: the caller (the
 * scheduled round, an admin's request, the CLI, a test) loads the waiting
 * mentees, the mentors with their spare capacity and the pairs never to
 * propose again, and stores what comes back. No clock, no I/O, no randomness.
 *
 * Steps:
 * 1. Sort mentees and mentors by id, so the result never depends on the order
 *    the caller read them in (the solver's tie rule works on these indices).
 * 2. Build the candidate graph from the indices (candidates.ts).
 * 3. Solve it exactly: most mentees matched, then highest total score.
 * 4. Explain every proposal and give every unmatched mentee its reason.
 */
import { buildCandidates, DEFAULT_MAX_CANDIDATES } from './candidates';
import { prepareMentee, prepareMentor, regionName, skillName, Format, type MatchMentee, type MatchMentor, type PreparedMentee, type PreparedMentor } from './profiles';
import { BLOCKS, blockOf, pointTables, scorePrepared, type Block, type Reason } from './scoring';
import { solveGraph } from './solver';
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
  /** Candidates kept per mentee, best first (default 200). */
  maxCandidatesPerMentee?: number;
}

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

export interface RoundStats {
  mentees: number;
  activeMentees: number;
  mentors: number;
  /** Places offered: the spare capacity of active mentors. */
  places: number;
  candidates: number;
  matched: number;
  unmatched: number;
  totalScore: number;
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

/** Runs one round. Throws a ZodError for bad weights and an Error for duplicate ids. */
export function runRound(request: RoundRequest): RoundResult {
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

  const { graph, rows } = buildCandidates({
    mentees,
    mentors,
    excluded,
    tables,
    maxPerMentee: request.maxCandidatesPerMentee ?? DEFAULT_MAX_CANDIDATES,
  });
  const choice = solveGraph(graph);

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

  return {
    proposals,
    unmatched,
    stats: {
      mentees: mentees.length,
      activeMentees: mentees.filter((m) => m.active).length,
      mentors: mentors.length,
      places: mentors.reduce((sum, m) => sum + (m.active ? m.spare : 0), 0),
      candidates: graph.col.length,
      matched: proposals.length,
      unmatched: unmatched.length,
      totalScore: totalTenths / 10,
    },
  };
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
