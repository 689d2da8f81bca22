/**
 * What a round records for the report: the greedy baseline (checked against
 * a highest-score-first pass written here over every pair, scored one at a
 * time with the engine's public scorePair and checkPair), and who it left
 * unmatched, longest waiting first, with counts by reason.
 */
import { describe, expect, it } from 'vitest';
import { greedyBaseline, unmatchedDetails } from '../../../shared/app/round-report';
import { runMatchingRound } from '../../../shared/app/rounds';
import { UNMATCHED_KEPT } from '../../../shared/domain/round';
import { checkPair, scorePair, type MatchMentee, type MatchMentor, type RoundRequest, type Unmatched } from '../../../shared/matching';
import type { ProfileWithState } from '../../../shared/ports';
import { memoryDeps } from '../../fixtures/deps';
import { generateProfiles } from '../../fixtures/profiles';
import { seedMentee, seedMentor } from '../../support/matching';

/** Every allowed pair, best score first (ties: mentee id, then mentor id), taken while the mentee is free and the mentor has room. */
function greedyByHand(request: RoundRequest): { score: number; matched: number } {
  const mentees = [...request.mentees].sort((a, b) => (a.id < b.id ? -1 : 1));
  const mentors = [...request.mentors].sort((a, b) => (a.id < b.id ? -1 : 1));
  const excluded = new Set((request.exclusions ?? []).map((e) => `${e.menteeId} ${e.mentorId}`));
  const pairs: { i: number; j: number; tenths: number }[] = [];
  mentees.forEach((mentee, i) =>
    mentors.forEach((mentor, j) => {
      if ((mentor.spareCapacity ?? mentor.capacity) <= 0) return;
      if (checkPair(mentee, mentor, excluded.has(`${mentee.id} ${mentor.id}`)) !== null) return;
      pairs.push({ i, j, tenths: Math.round(scorePair(mentee, mentor).score * 10) });
    }),
  );
  pairs.sort((a, b) => b.tenths - a.tenths || a.i - b.i || a.j - b.j);
  const room = mentors.map((m) => m.spareCapacity ?? m.capacity);
  const taken = new Set<number>();
  let tenths = 0;
  for (const p of pairs) {
    if (taken.has(p.i) || room[p.j]! <= 0) continue;
    taken.add(p.i);
    room[p.j]!--;
    tenths += p.tenths;
  }
  return { score: tenths / 10, matched: taken.size };
}

describe('greedyBaseline', () => {
  it.each([1, 2, 3, 4, 5])('scores what a highest-score-first pass over every pair scores (seed %i)', (seed) => {
    const { mentees, mentors } = generateProfiles({ mentees: 40, mentors: 10, seed, capacity: [1, 3] });
    const request: RoundRequest = {
      mentees: mentees as MatchMentee[],
      mentors: mentors.map((m, k) => ({ ...m, spareCapacity: k % 4 === 0 ? 0 : m.capacity })) as MatchMentor[],
      exclusions: mentees.slice(0, 5).map((m, k) => ({ menteeId: m.id, mentorId: mentors[k]!.id })),
    };
    expect(greedyBaseline(request)).toEqual(greedyByHand(request));
  });
});

describe('a round', () => {
  it('records the greedy baseline beside its own score, so the gain of the optimal round shows', async () => {
    const w = memoryDeps();
    // Islington's mentor suits Camden's mentee best, but is also the only one offering Aberdeen's mentee what they want.
    await seedMentor(w.deps, { councilCode: 'E09000019', skills: ['cloud-adoption', 'user-research'], capacity: 1 });
    await seedMentor(w.deps, { councilCode: 'S12000033', skills: ['cloud-adoption'], capacity: 1 });
    await seedMentee(w.deps, { councilCode: 'E09000007', skills: ['cloud-adoption'], format: 'remote' });
    await seedMentee(w.deps, { councilCode: 'S12000034', skills: ['user-research'], format: 'remote' });
    const { record } = await runMatchingRound(w.deps, { trigger: 'admin' });
    expect(record).toMatchObject({ proposed: 2, unmatched: 0, greedyMatched: 1 });
    expect(record!.greedyScore).toBeLessThan(record!.totalScore);
    expect((await w.deps.rounds.listRounds(1))[0]).toEqual(record);
  });

  it('keeps who it left unmatched with the engine’s reason, region and council type', async () => {
    const w = memoryDeps();
    await seedMentor(w.deps, { skills: ['cloud-adoption'] });
    const stuck = await seedMentee(w.deps, { skills: ['user-research'] });
    const { record } = await runMatchingRound(w.deps, { trigger: 'admin' });
    expect(record).toMatchObject({ proposed: 0, unmatched: 1, greedyScore: 0, greedyMatched: 0 });
    expect(await w.deps.rounds.getRoundDetails(record!.id)).toEqual({
      roundId: record!.id,
      unmatched: [
        {
          menteeId: stuck.id,
          code: 'no-shared-skill',
          reason: 'No mentor offers any of your skills: User research and user focus',
          region: 'North West',
          councilType: 'Metropolitan district',
          waitingSince: stuck.verifiedAt,
        },
      ],
      byReason: [{ code: 'no-shared-skill', region: 'North West', councilType: 'Metropolitan district', mentees: 1 }],
    });
  });
});

describe('unmatchedDetails', () => {
  const person = (id: string, waitingSince: string, region = 'London'): ProfileWithState =>
    ({ id, role: 'mentee', region, councilType: 'London borough', createdAt: waitingSince, matching: { waitingSince } }) as unknown as ProfileWithState;

  it(`keeps the ${UNMATCHED_KEPT} who have waited longest and counts them all by reason and place`, () => {
    const people = new Map<string, ProfileWithState>();
    const unmatched: Unmatched[] = [];
    for (let k = 0; k < UNMATCHED_KEPT + 20; k++) {
      const id = `m-${String(k).padStart(4, '0')}`;
      people.set(id, person(id, new Date(Date.UTC(2026, 0, 1) + (UNMATCHED_KEPT + 20 - k) * 3_600_000).toISOString(), k % 2 ? 'London' : 'Wales'));
      unmatched.push({ menteeId: id, reason: k % 3 ? { code: 'outmatched', text: 'Full' } : { code: 'seniority', text: 'Senior' } });
    }
    const details = unmatchedDetails('round-1', unmatched, people);
    expect(details.unmatched).toHaveLength(UNMATCHED_KEPT);
    expect(details.unmatched[0]!.menteeId).toBe(`m-${String(UNMATCHED_KEPT + 19).padStart(4, '0')}`);
    const kept = details.unmatched.map((u) => u.waitingSince);
    expect(kept).toEqual([...kept].sort());
    expect(details.byReason.reduce((n, r) => n + r.mentees, 0)).toBe(UNMATCHED_KEPT + 20);
    const outmatchedInLondon = unmatched.filter((u, k) => u.reason.code === 'outmatched' && k % 2).length;
    expect(details.byReason.find((r) => r.code === 'outmatched' && r.region === 'London')?.mentees).toBe(outmatchedInLondon);
  });
});
