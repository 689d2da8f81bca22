import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPair,
  prepareMentee,
  prepareMentor,
  runRound,
  scorePair,
  solveAssignment,
  type Edge,
  type Exclusion,
  type MatchMentee,
  type MatchMentor,
  type RoundRequest,
} from '../../../shared/matching';
import { generateProfiles, seededRandom } from '../../fixtures/profiles';
import { bruteForce, minCostFlow } from './exact-reference';
import { assertProperty, propertySeed, shuffle } from './seeds';

const seed = propertySeed('round');

/** A small round from the shared fixtures, with some paused people, partly used mentors and past pairs. */
function smallRound(profileSeed: number, mentees: number, mentors: number): RoundRequest & { mentees: MatchMentee[]; mentors: MatchMentor[]; exclusions: Exclusion[] } {
  const random = seededRandom(profileSeed + 7);
  const p = generateProfiles({ mentees, mentors, seed: profileSeed });
  const menteeList: MatchMentee[] = p.mentees.map((m) => ({ ...m, status: random() < 0.1 ? 'PAUSED' : 'ACTIVE' }));
  const mentorList: MatchMentor[] = p.mentors.map((m) => ({
    ...m,
    status: random() < 0.1 ? 'PAUSED' : undefined,
    spareCapacity: Math.floor(random() * (m.capacity + 1)),
  }));
  const exclusions = menteeList.flatMap((a) => mentorList.filter(() => random() < 0.1).map((b) => ({ menteeId: a.id, mentorId: b.id })));
  return { mentees: menteeList, mentors: mentorList, exclusions };
}

const rounds = (maxMentees: number, maxMentors: number) =>
  fc.record({
    profileSeed: fc.integer({ min: 1, max: 2 ** 30 }),
    mentees: fc.integer({ min: 0, max: maxMentees }),
    mentors: fc.integer({ min: 0, max: maxMentors }),
  });


/** Every permitted pair as a generic instance, scored by scorePair: what the round must solve exactly. */
function asInstance(request: ReturnType<typeof smallRound>) {
  const never = new Set(request.exclusions.map((x) => `${x.menteeId}|${x.mentorId}`));
  const mentees = [...request.mentees].sort((a, b) => a.id.localeCompare(b.id));
  const mentors = [...request.mentors].sort((a, b) => a.id.localeCompare(b.id));
  const edges: Edge[] = [];
  mentees.forEach((a, i) =>
    mentors.forEach((b, j) => {
      if (checkPair(a, b, never.has(`${a.id}|${b.id}`)) === null) edges.push([i, j, Math.max(scorePair(a, b).score, 1e-9)]);
    }),
  );
  const capacities = mentors.map((b) => (prepareMentor(b).active ? prepareMentor(b).spare : 0));
  return { left: mentees.length, capacities, edges };
}

describe('runRound', () => {
  it('never proposes a pair that breaks a hard constraint, and respects spare capacity', () => {
    assertProperty(
      seed,
      150,
      fc.property(rounds(40, 15), ({ profileSeed, mentees, mentors }) => {
        const request = smallRound(profileSeed, mentees, mentors);
        const result = runRound(request);
        const never = new Set(request.exclusions.map((x) => `${x.menteeId}|${x.mentorId}`));
        const menteeById = new Map(request.mentees.map((m) => [m.id, m]));
        const mentorById = new Map(request.mentors.map((m) => [m.id, m]));
        const load = new Map<string, number>();
        for (const p of result.proposals) {
          const a = menteeById.get(p.menteeId)!;
          const b = mentorById.get(p.mentorId)!;
          expect(checkPair(a, b, never.has(`${a.id}|${b.id}`))).toBeNull();
          expect(prepareMentee(a).active && prepareMentor(b).active).toBe(true);
          load.set(b.id, (load.get(b.id) ?? 0) + 1);
        }
        for (const [id, n] of load) expect(n).toBeLessThanOrEqual(mentorById.get(id)!.spareCapacity ?? Infinity);
        const everyone = [...result.proposals.map((p) => p.menteeId), ...result.unmatched.map((u) => u.menteeId)].sort();
        expect(everyone).toEqual(request.mentees.map((m) => m.id).sort());
      }),
    );
  });

  it('matches as many mentees, with the same total score, as an exact solve over every permitted pair', () => {
    assertProperty(
      seed,
      150,
      fc.property(rounds(7, 4), ({ profileSeed, mentees, mentors }) => {
        const request = smallRound(profileSeed, mentees, mentors);
        const result = runRound(request);
        const want = bruteForce(asInstance(request));
        expect(result.stats.matched).toBe(want.matched);
        expect(result.stats.totalScore).toBeCloseTo(want.total, 6);
      }),
    );
    assertProperty(
      seed,
      25,
      fc.property(rounds(40, 12), ({ profileSeed, mentees, mentors }) => {
        const request = smallRound(profileSeed, mentees, mentors);
        const want = minCostFlow(asInstance(request));
        const result = runRound(request);
        expect(result.stats.matched).toBe(want.matched);
        expect(result.stats.totalScore).toBeCloseTo(want.total, 6);
      }),
    );
  });

  it('gives the same result whatever the order of mentees, mentors and exclusions', () => {
    assertProperty(
      seed,
      60,
      fc.property(rounds(40, 15), fc.integer({ min: 1, max: 2 ** 30 }), ({ profileSeed, mentees, mentors }, shuffleSeed) => {
        const request = smallRound(profileSeed, mentees, mentors);
        const random = seededRandom(shuffleSeed);
        const shuffled = {
          ...request,
          mentees: shuffle(request.mentees, random),
          mentors: shuffle(request.mentors, random),
          exclusions: shuffle(request.exclusions, random),
        };
        expect(runRound(shuffled)).toEqual(runRound(request));
      }),
    );
  });

  it('never matches fewer mentees after a mentor joins', () => {
    assertProperty(
      seed,
      60,
      fc.property(rounds(40, 12), ({ profileSeed, mentees, mentors }) => {
        const request = smallRound(profileSeed, mentees, mentors + 1);
        const without = { ...request, mentors: request.mentors.slice(0, -1) };
        expect(runRound(request).stats.matched).toBeGreaterThanOrEqual(runRound(without).stats.matched);
      }),
    );
  });

  it("explains every proposal: its reasons add up to its score, and the stats' total to the scores", () => {
    assertProperty(
      seed,
      60,
      fc.property(rounds(40, 15), ({ profileSeed, mentees, mentors }) => {
        const result = runRound(smallRound(profileSeed, mentees, mentors));
        let total = 0;
        for (const p of result.proposals) {
          expect(p.reasons.reduce((s, r) => s + r.points, 0)).toBeCloseTo(p.score, 9);
          expect(p.reasons[0]!.code).toBe('skills');
          total += p.score;
        }
        expect(result.stats.totalScore).toBeCloseTo(total, 6);
      }),
    );
  });

  it('keeps only the best candidates per mentee when asked, and still matches within them', () => {
    const request = smallRound(11, 30, 12);
    const capped = runRound({ ...request, maxCandidatesPerMentee: 1 });
    expect(capped.stats.candidates).toBeLessThanOrEqual(30);
    expect(capped.stats.matched).toBeLessThanOrEqual(runRound(request).stats.matched);
  });
});

describe('runRound proves its answer over every permitted pair', () => {
  const widths = fc.constantFrom(1, 1, 2, 3, 5);

  it('from a tiny starting width, matches as brute force and min-cost flow over every permitted pair do, and says "proven"', () => {
    assertProperty(
      seed,
      300,
      fc.property(rounds(7, 4), widths, ({ profileSeed, mentees, mentors }, width) => {
        const request = smallRound(profileSeed, mentees, mentors);
        const result = runRound({ ...request, maxCandidatesPerMentee: width });
        const want = bruteForce(asInstance(request));
        expect(result.stats.optimality).toBe('proven');
        expect(result.stats.shortfallBound).toBeUndefined();
        expect(result.stats.matched).toBe(want.matched);
        expect(result.stats.totalScore).toBeCloseTo(want.total, 6);
      }),
    );
    assertProperty(
      seed,
      40,
      fc.property(rounds(40, 12), widths, ({ profileSeed, mentees, mentors }, width) => {
        const request = smallRound(profileSeed, mentees, mentors);
        const result = runRound({ ...request, maxCandidatesPerMentee: width });
        const want = minCostFlow(asInstance(request));
        expect(result.stats.optimality).toBe('proven');
        expect(result.stats.matched).toBe(want.matched);
        expect(result.stats.totalScore).toBeCloseTo(want.total, 6);
      }),
    );
  });

  it('matches as many with the same total from any starting width, and reports the widths it finished at', () => {
    assertProperty(
      seed,
      60,
      fc.property(rounds(40, 15), widths, ({ profileSeed, mentees, mentors }, width) => {
        const request = smallRound(profileSeed, mentees, mentors);
        const narrow = runRound({ ...request, maxCandidatesPerMentee: width });
        const wide = runRound(request);
        expect(wide.stats.proof.solves).toBe(1);
        expect(narrow.stats.candidatesPerMentee.initial).toBe(width);
        expect(narrow.stats.candidatesPerMentee.widest).toBeLessThanOrEqual(width + 4 * (narrow.stats.proof.solves - 1));
        expect(narrow.stats.candidatesPerMentee.widened > 0).toBe(narrow.stats.proof.solves > 1);
        expect(narrow.stats.proof.candidates).toBeGreaterThanOrEqual(narrow.stats.candidates);
        expect(narrow.stats.matched).toBe(wide.stats.matched);
        expect(narrow.stats.totalScore).toBeCloseTo(wide.stats.totalScore, 6);
      }),
    );
  });
});

describe('unmatched reasons', () => {
  const base = generateProfiles({ mentees: 1, mentors: 1, seed: 5 });
  const mentee: MatchMentee = { ...base.mentees[0]!, skills: ['cyber-security'], seniority: 'team-lead', format: 'remote' };
  const mentor: MatchMentor = {
    ...base.mentors[0]!,
    councilCode: base.mentees[0]!.councilCode === 'E09000002' ? 'E09000003' : 'E09000002',
    skills: ['cyber-security'],
    seniority: 'director',
    format: 'either',
    capacity: 1,
  };
  const reasonFor = (request: RoundRequest) => runRound(request).unmatched[0]?.reason;

  it('names the skills nobody offers', () => {
    expect(reasonFor({ mentees: [mentee], mentors: [{ ...mentor, skills: ['innovation'] }] })).toEqual({
      code: 'no-shared-skill',
      text: 'No mentor offers any of your skills: Cyber security and resilience',
    });
  });

  it('says when all eligible mentors are full', () => {
    expect(reasonFor({ mentees: [mentee], mentors: [{ ...mentor, spareCapacity: 0 }] })).toEqual({ code: 'full', text: 'All eligible mentors are full' });
  });

  it('says when the places went to other mentees', () => {
    const rival = { ...mentee, id: 'a-rival', skills: ['cyber-security'] };
    const result = runRound({ mentees: [mentee, rival], mentors: [mentor] });
    expect(result.unmatched).toHaveLength(1);
    expect(result.unmatched[0]!.reason).toEqual({ code: 'outmatched', text: 'The one eligible mentor is full: their places went to other mentees in this round' });
  });

  it('names past pairs, seniority and paused profiles', () => {
    expect(reasonFor({ mentees: [mentee], mentors: [mentor], exclusions: [{ menteeId: mentee.id, mentorId: mentor.id }] })?.code).toBe('excluded');
    expect(reasonFor({ mentees: [mentee], mentors: [{ ...mentor, seniority: 'practitioner' }] })?.code).toBe('seniority');
    expect(reasonFor({ mentees: [{ ...mentee, status: 'PAUSED' }], mentors: [mentor] })?.code).toBe('inactive');
    expect(reasonFor({ mentees: [mentee], mentors: [] })?.code).toBe('no-candidates');
  });

  it('proposes nothing to a paused mentor', () => {
    expect(runRound({ mentees: [mentee], mentors: [{ ...mentor, status: 'PAUSED' }] }).stats.matched).toBe(0);
  });
});

describe('solveAssignment on fixture rounds', () => {
  it('agrees with min-cost flow on a realistic candidate graph', () => {
    const request = smallRound(3, 60, 20);
    const instance = asInstance(request);
    const got = solveAssignment(instance);
    const want = minCostFlow(instance);
    expect(got.matched).toBe(want.matched);
    expect(got.total).toBeCloseTo(want.total, 6);
  });
});
