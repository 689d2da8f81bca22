/**
 * A round's write phase over the memory stores: it reports its phases in
 * order, and it stops writing before its lease runs out (so two rounds never
 * write at once), leaving the rest to the next round.
 */
import { describe, expect, it } from 'vitest';
import { ROUND_LEASE_MS, RoundLeaseRunOut, type RoundProgress, runMatchingRound } from '../../../shared/app/rounds';
import type { Deps } from '../../../shared/ports';
import { memoryDeps } from '../../fixtures/deps';
import { seedMentee, seedMentor } from '../../support/matching';

async function programme() {
  const world = memoryDeps();
  for (let k = 0; k < 2; k++) await seedMentor(world.deps, { capacity: 5 });
  for (let k = 0; k < 8; k++) await seedMentee(world.deps);
  return world;
}

describe('runMatchingRound', () => {
  it('reports read, candidates, solve and write in that order, the write up to every proposal, and the time of each', async () => {
    const { deps } = await programme();
    const seen: RoundProgress[] = [];
    const outcome = await runMatchingRound(deps, { trigger: 'admin', onProgress: (p) => seen.push(p) });
    const phases = seen.map((p) => p.phase).filter((phase, k, all) => phase !== all[k - 1]);
    expect(phases).toEqual(['read', 'candidates', 'solve', 'write']);
    expect(seen.at(-1)).toEqual({ phase: 'write', done: 8, total: 8 });
    expect(seen.find((p) => p.phase === 'read' && p.note)?.note).toBe('8 waiting mentees, 2 mentors');
    expect(Object.keys(outcome.timings!)).toEqual(['read', 'candidates', 'solve', 'write']);
    expect(outcome).toMatchObject({ record: { proposed: 8, optimality: 'proven' }, retried: 0 });
  });

  it('stops writing before its lease runs out and gives the lease back; the next round proposes the rest', async () => {
    const { deps, clock, matches: store } = await programme();
    let calls = 0;
    const matches = Object.create(store) as Deps['matches'];
    matches.propose = async (...args) => {
      await store.propose(...args);
      // The third write finishes as the lease is about to run out.
      if (++calls === 3) clock.advance(ROUND_LEASE_MS - 29_000);
    };
    await expect(runMatchingRound({ ...deps, matches }, { trigger: 'schedule', concurrency: 1 })).rejects.toBeInstanceOf(RoundLeaseRunOut);
    expect(await deps.matches.listMatches('PROPOSED')).toHaveLength(3);
    const next = await runMatchingRound(deps, { trigger: 'schedule' });
    expect(next.record).toMatchObject({ proposed: 5, skipped: 0 });
    expect(new Set((await deps.matches.listMatches('PROPOSED')).map((m) => m.menteeId)).size).toBe(8);
  });
});
