/**
 * The round proves its answer over every permitted pair, not just the
 * candidates it solved: the dual-price certificate, the pricing of pairs left
 * out, widening, and the budget that may stop it (docs/matching.md, "Proof").
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildCandidates,
  checkPair,
  parseWeights,
  pointTables,
  prepareMentee,
  prepareMentor,
  runRound,
  scorePair,
  solveGraph,
  type Edge,
  type MatchMentee,
  type MatchMentor,
} from '../../../shared/matching';
import { CertificateInvalid, certify } from '../../../shared/matching/certificate';
import { toCandidateGraph } from '../../../shared/matching/graph';
import { solveWithPrices } from '../../../shared/matching/solver';
import { COUNCILS } from '../../../shared/reference';
import { generateProfiles, seededRandom } from '../../fixtures/profiles';
import { bruteForce } from './exact-reference';
import { assertProperty, propertySeed } from './seeds';

const seed = propertySeed('proof');

const council = (region: string, skip = 0) => COUNCILS.filter((c) => c.region === region)[skip]!.code;

const mentee = (id: string, over: Partial<MatchMentee> = {}): MatchMentee => ({
  id,
  councilCode: council('North West'),
  seniority: 'team-lead',
  skills: ['cyber-security'],
  format: 'remote',
  ...over,
});

const mentor = (id: string, over: Partial<MatchMentor> = {}): MatchMentor => ({
  id,
  councilCode: council('North West', 5),
  seniority: 'assistant-director',
  skills: ['cyber-security'],
  format: 'remote',
  capacity: 1,
  ...over,
});

/** The best a solve over only the starting-width candidates can do (what the round did before proofs). */
function prunedOptimum(mentees: MatchMentee[], mentors: MatchMentor[], width: number) {
  const { graph } = buildCandidates({
    mentees: mentees.map(prepareMentee),
    mentors: mentors.map(prepareMentor),
    excluded: new Map(),
    tables: pointTables(parseWeights({})),
    maxPerMentee: width,
  });
  return solveGraph(graph).filter((e) => e >= 0).length;
}

describe('adversarial rounds, where the starting width loses the optimum', () => {
  it('two mentees whose best mentor is the same, from a starting width of 1: both matched, and "proven"', () => {
    // Both prefer x (same region, 20 points more); only one can have it. At width 1 neither list has y.
    const mentees = [mentee('a'), mentee('b', { councilCode: council('North West', 1) })];
    const mentors = [mentor('x'), mentor('y', { councilCode: council('London') })];
    expect(prunedOptimum(mentees, mentors, 1)).toBe(1);

    const result = runRound({ mentees, mentors, maxCandidatesPerMentee: 1 });
    expect(result.proposals.map((p) => [p.menteeId, p.mentorId])).toEqual([
      ['a', 'x'],
      ['b', 'y'],
    ]);
    expect(result.stats).toMatchObject({ matched: 2, optimality: 'proven', candidates: 2, candidatesPerMentee: { initial: 1, widest: 2 }, proof: { solves: 2 } });
    expect(result.stats.shortfallBound).toBeUndefined();
  });

  it('a mentee whose only free mentor lies beyond its starting width is still matched', () => {
    // m1..m3 are a's best (same region) and each the only mentor for b1..b3; z, a's fourth, is free.
    const only = ['innovation', 'risk-management', 'benefits-realisation'];
    const mentees = [mentee('a'), ...only.map((skill, k) => mentee(`b${k + 1}`, { skills: [skill], councilCode: council('London', k) }))];
    const mentors = [
      ...only.map((skill, k) => mentor(`m${k + 1}`, { skills: ['cyber-security', skill], councilCode: council('North West', 5 + k) })),
      mentor('z', { councilCode: council('Scotland') }),
    ];
    expect(prunedOptimum(mentees, mentors, 3)).toBe(3);

    const result = runRound({ mentees, mentors, maxCandidatesPerMentee: 3 });
    expect(result.stats.matched).toBe(4);
    expect(result.proposals.find((p) => p.menteeId === 'a')?.mentorId).toBe('z');
    expect(result.stats.optimality).toBe('proven');
  });

  it('proves the first answer without widening when the lists already hold the optimum', () => {
    const result = runRound({ mentees: [mentee('a')], mentors: [mentor('x'), mentor('y', { councilCode: council('London') })], maxCandidatesPerMentee: 1 });
    expect(result.stats).toMatchObject({ matched: 1, optimality: 'proven', candidatesPerMentee: { initial: 1, widest: 1, widened: 0 }, proof: { solves: 1 } });
  });
});

/** Random profiles with paused people, partly used mentors, exclusions and weights, as prepared arrays. */
function preparedRound(profileSeed: number, menteeCount: number, mentorCount: number) {
  const random = seededRandom(profileSeed);
  const p = generateProfiles({ mentees: menteeCount, mentors: mentorCount, seed: profileSeed });
  const mentees = p.mentees.map((m) => ({ ...m, status: random() < 0.1 ? ('PAUSED' as const) : ('ACTIVE' as const) }));
  const mentors = p.mentors.map((m) => ({ ...m, status: random() < 0.1 ? ('PAUSED' as const) : undefined, spareCapacity: Math.floor(random() * (m.capacity + 1)) }));
  const excluded = new Map<number, Set<number>>();
  mentees.forEach((_, i) =>
    mentors.forEach((_, j) => {
      if (random() >= 0.1) return;
      if (!excluded.has(i)) excluded.set(i, new Set());
      excluded.get(i)!.add(j);
    }),
  );
  const weights =
    random() < 0.5 ? {} : { skills: Math.floor(random() * 101), sameRegion: 30, neighbouringRegion: Math.floor(random() * 31), sameCouncilType: random() < 0.3 ? 0 : 7.5 };
  return { mentees, mentors, excluded, weights };
}

describe('candidate lists', () => {
  it('hold exactly the best k eligible mentors (ties: lower index), bound every pair left out, and count the eligible', () => {
    assertProperty(
      seed,
      120,
      fc.property(fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 30 }), fc.constantFrom(1, 2, 3, 7, 50), (s, m, n, k) => {
        const round = preparedRound(s, m, n);
        const tables = pointTables(parseWeights(round.weights));
        const { graph, cutoff, rows } = buildCandidates({
          mentees: round.mentees.map(prepareMentee),
          mentors: round.mentors.map(prepareMentor),
          excluded: round.excluded,
          tables,
          maxPerMentee: k,
        });
        round.mentees.forEach((a, i) => {
          // Every permitted pair, scored the slow way, best first.
          const all = round.mentors
            .map((b, j) => ({ j, ok: checkPair(a, b, round.excluded.get(i)?.has(j) ?? false) === null, tenths: Math.round(scorePair(a, b, round.weights).score * 10) }))
            .filter((x) => x.ok)
            .sort((x, y) => y.tenths - x.tenths || x.j - y.j);
          const best = all.slice(0, k).sort((x, y) => x.j - y.j);
          const from = graph.rowStart[i]!;
          const to = graph.rowStart[i + 1]!;
          expect([...graph.col.subarray(from, to)]).toEqual(best.map((x) => x.j));
          expect([...graph.weight.subarray(from, to)]).toEqual(best.map((x) => x.tenths));
          expect(rows.countEligible(i)).toBe(all.length);
          if (all.length > k) for (const x of all.slice(k)) expect(x.tenths).toBeLessThanOrEqual(cutoff[i]!);
          if (best.length < k) expect(cutoff[i]).toBe(-1);
        });
      }),
    );
  });
});

const weight = fc.oneof(fc.integer({ min: 1, max: 20 }), fc.double({ min: 0.01, max: 100, noNaN: true }));
const instances = (maxLeft: number, maxRight: number, maxCap: number) =>
  fc
    .record({ left: fc.integer({ min: 0, max: maxLeft }), right: fc.integer({ min: 1, max: maxRight }), density: fc.double({ min: 0, max: 1, noNaN: true }) })
    .chain(({ left, right, density }) =>
      fc.record({
        left: fc.constant(left),
        capacities: fc.array(fc.integer({ min: 0, max: maxCap }), { minLength: right, maxLength: right }),
        edges: fc
          .array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), weight), { minLength: left * right, maxLength: left * right })
          .map((cells) => cells.flatMap(([u, w], k): Edge[] => (u < density ? [[Math.floor(k / right), k % right, w]] : []))),
      }),
    );

describe('certificate', () => {
  it("completes the solver's prices into a proof of its answer, worth exactly the answer (both search directions)", () => {
    assertProperty(
      seed,
      1500,
      fc.property(fc.oneof(instances(8, 5, 3), instances(40, 12, 4)), (instance) => {
        const graph = toCandidateGraph(instance);
        const { choice, prices, grid } = solveWithPrices(graph);
        const { prices: q, values: pi } = certify(graph, grid, choice, prices, graph.capacities);
        // Complementary slackness, summed: the dual objective is the assignment's worth, in both halves.
        let count = 0;
        let total = 0;
        for (let i = 0; i < graph.left; i++) {
          count += pi.count[i]!;
          total += pi.weight[i]!;
        }
        graph.capacities.forEach((c, j) => {
          count += c * q.count[j]!;
          total += c * q.weight[j]!;
        });
        expect(count).toBe(choice.filter((e) => e >= 0).length);
        expect(total).toBe([...choice].reduce((sum, e) => sum + (e >= 0 ? grid[e]! : 0), 0));
      }),
    );
  });

  it('refuses prices that do not prove an assignment optimal', () => {
    // Taking (0, 0) leaves 1 unmatched; (0, 1) and (1, 0) match both. No prices can prove the first.
    const graph = toCandidateGraph({ left: 2, capacities: [1, 1], edges: [[0, 0, 5], [0, 1, 1], [1, 0, 1]] });
    const zero = { count: new Uint8Array(2), weight: new Float64Array(2) };
    expect(() => certify(graph, graph.weight, Int32Array.of(0, -1), zero, graph.capacities)).toThrow(CertificateInvalid);
  });
});

describe('proof budget', () => {
  const small = (profileSeed: number, mentees: number, mentors: number) => {
    const { mentees: a, mentors: b, excluded } = preparedRound(profileSeed, mentees, mentors);
    const exclusions = [...excluded].flatMap(([i, js]) => [...js].map((j) => ({ menteeId: a[i]!.id, mentorId: b[j]!.id })));
    return { mentees: a, mentors: b, exclusions };
  };

  it('stops at the candidate budget as "unproven", with a bound no better assignment exceeds', () => {
    let unproven = 0;
    assertProperty(
      seed,
      300,
      fc.property(fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 4 }), (s, m, n) => {
        const request = small(s, m, n);
        const result = runRound({ ...request, maxCandidatesPerMentee: 1, budget: { maxCandidates: 1 } });
        const never = new Set(request.exclusions.map((x) => `${x.menteeId}|${x.mentorId}`));
        const edges: Edge[] = [];
        const mentees = [...request.mentees].sort((x, y) => x.id.localeCompare(y.id));
        const mentors = [...request.mentors].sort((x, y) => x.id.localeCompare(y.id));
        mentees.forEach((a, i) =>
          mentors.forEach((b, j) => {
            if (checkPair(a, b, never.has(`${a.id}|${b.id}`)) === null) edges.push([i, j, Math.max(scorePair(a, b).score, 1e-9)]);
          }),
        );
        const capacities = mentors.map((b) => (prepareMentor(b).active ? prepareMentor(b).spare : 0));
        const best = bruteForce({ left: mentees.length, capacities, edges });
        const { stats } = result;
        if (stats.optimality === 'proven') {
          expect(stats.matched).toBe(best.matched);
          expect(stats.totalScore).toBeCloseTo(best.total, 6);
          return;
        }
        unproven++;
        expect(stats.proof.stoppedBy).toBe('candidates');
        const bound = stats.shortfallBound!;
        expect(best.matched).toBeLessThanOrEqual(stats.matched + bound.mentees);
        if (bound.score !== null) {
          expect(bound.mentees).toBe(0);
          expect(best.total).toBeLessThanOrEqual(stats.totalScore + bound.score + 1e-6);
        }
      }),
    );
    expect(unproven).toBeGreaterThan(0);
  });

  it('stops at the time budget as "unproven", and says so', () => {
    const mentees = [mentee('a'), mentee('b', { councilCode: council('North West', 1) })];
    const mentors = [mentor('x'), mentor('y', { councilCode: council('London') })];
    let clock = 0;
    const result = runRound({ mentees, mentors, maxCandidatesPerMentee: 1, budget: { maxSeconds: 5, now: () => (clock += 1000) } });
    expect(result.stats).toMatchObject({ matched: 1, optimality: 'unproven', proof: { solves: 1, stoppedBy: 'time' } });
    // The prices allow a mentee more (b could take y) and so bound the score only at the same count.
    expect(result.stats.shortfallBound).toEqual({ mentees: 1, score: null });
  });
});
