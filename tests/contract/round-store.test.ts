/**
 * One suite, two round stores: the in-memory fake and the DynamoDB adapter on
 * DynamoDB Local. The lease is what keeps two rounds from running at once and
 * a crashed round from blocking the next one for ever, so both must hand it
 * out and take it back alike.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { RoundRecord } from '../../shared/ports';
import { dropTables, storeSets, TestClock, uid } from './stores';

function round(startedAt: string, id = uid('round')): RoundRecord {
  return {
    id,
    startedAt,
    finishedAt: startedAt,
    trigger: 'schedule',
    mentees: 3,
    mentors: 2,
    places: 4,
    proposed: 2,
    skipped: 0,
    totalScore: 84,
    durationMs: 12,
  };
}

afterAll(dropTables);

describe.each(storeSets)('%s round store', (_name, make) => {
  describe('round lock', () => {
    it('lets one round hold the lease until it releases it', async () => {
      const local = new TestClock();
      const fresh = await make(local);
      expect(await fresh.rounds.acquireRoundLock('round-a', local.now(), new Date(local.t + 60_000))).toBe(true);
      expect(await fresh.rounds.acquireRoundLock('round-b', local.now(), new Date(local.t + 60_000))).toBe(false);
      await fresh.rounds.releaseRoundLock('round-b');
      expect(await fresh.rounds.acquireRoundLock('round-b', local.now(), new Date(local.t + 60_000))).toBe(false);
      await fresh.rounds.releaseRoundLock('round-a');
      expect(await fresh.rounds.acquireRoundLock('round-b', local.now(), new Date(local.t + 60_000))).toBe(true);
    });

    it('lets another round take the lease once it runs out, and the late owner cannot release it', async () => {
      const local = new TestClock();
      const fresh = await make(local);
      const until = new Date(local.t + 60_000);
      expect(await fresh.rounds.acquireRoundLock('crashed', local.now(), until)).toBe(true);
      expect(await fresh.rounds.acquireRoundLock('next', until, new Date(until.getTime() + 60_000))).toBe(false);
      const later = new Date(until.getTime() + 1);
      expect(await fresh.rounds.acquireRoundLock('next', later, new Date(later.getTime() + 60_000))).toBe(true);
      await fresh.rounds.releaseRoundLock('crashed');
      expect(await fresh.rounds.acquireRoundLock('third', later, new Date(later.getTime() + 60_000))).toBe(false);
    });
  });

  describe('rounds', () => {
    it('lists rounds newest first up to the limit, a saved round again replacing it', async () => {
      const local = new TestClock();
      const fresh = await make(local);
      const r1 = round('2026-03-01T09:00:00.000Z');
      const r2 = round('2026-03-02T09:00:00.000Z');
      const r3 = round('2026-03-03T09:00:00.000Z');
      await fresh.rounds.saveRound(r2);
      await fresh.rounds.saveRound(r3);
      await fresh.rounds.saveRound(r1);
      await fresh.rounds.saveRound({ ...r2, proposed: 7 });
      expect(await fresh.rounds.listRounds(10)).toEqual([r3, { ...r2, proposed: 7 }, r1]);
      expect((await fresh.rounds.listRounds(2)).map((r) => r.id)).toEqual([r3.id, r2.id]);
    });
  });
});

describe.each(storeSets)('%s round store: what a round leaves behind', (_name, make) => {
  it('keeps the weights a round used in its record', async () => {
    const fresh = await make(new TestClock());
    const r = { ...round('2026-04-01T09:00:00.000Z'), weights: { skills: 55, sameRegion: 20, neighbouringRegion: 10 } };
    await fresh.rounds.saveRound(r);
    expect(await fresh.rounds.listRounds(1)).toEqual([r]);
  });

  it('stores the unmatched mentees of a round, over several items when there are many, and none for another round', async () => {
    const fresh = await make(new TestClock());
    const id = uid('round');
    const unmatched = Array.from({ length: 2345 }, (_, i) => ({
      menteeId: `mentee-${String(i).padStart(5, '0')}`,
      code: i % 2 ? 'capacity' : 'same-council',
      text: i % 2 ? 'All 3 eligible mentors are full' : 'Every mentor offering these skills is from the same council',
    }));
    await fresh.rounds.saveUnmatched(id, unmatched);
    expect(await fresh.rounds.listUnmatched(id)).toEqual(unmatched);
    expect(await fresh.rounds.listUnmatched(uid('round'))).toEqual([]);
    await fresh.rounds.saveUnmatched(uid('round'), []);
  });
});
