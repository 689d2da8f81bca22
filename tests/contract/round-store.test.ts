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

    it('lists the rounds started in a range of timestamps or months, both ends included', async () => {
      const local = new TestClock();
      const fresh = await make(local);
      const feb = round('2026-02-28T23:59:59.999Z');
      const mar = round('2026-03-15T09:00:00.000Z');
      const apr = round('2026-04-01T00:00:00.000Z');
      for (const r of [feb, mar, apr]) await fresh.rounds.saveRound(r);
      const ids = async (range: { from?: string; to?: string }) => (await fresh.rounds.listRounds(10, range)).map((r) => r.id);
      expect(await ids({ from: '2026-03', to: '2026-03' })).toEqual([mar.id]);
      expect(await ids({ from: '2026-03' })).toEqual([apr.id, mar.id]);
      expect(await ids({ to: '2026-03' })).toEqual([mar.id, feb.id]);
      expect(await ids({ from: feb.startedAt, to: apr.startedAt })).toEqual([apr.id, mar.id, feb.id]);
      expect(await ids({ from: '2026-03-15T09:00:00.001Z' })).toEqual([apr.id]);
    });

    it('keeps who a round left unmatched beside its record, and its greedy baseline on the record', async () => {
      const local = new TestClock();
      const fresh = await make(local);
      const record: RoundRecord = { ...round('2026-03-01T09:00:00.000Z'), unmatched: 1, greedyScore: 70.5, greedyMatched: 2 };
      const details = {
        roundId: record.id,
        unmatched: [{ menteeId: 'm-1', code: 'no-shared-skill', reason: 'No mentor offers any of your skills: Cloud adoption', region: 'London', councilType: 'London borough', waitingSince: '2026-01-02T10:00:00.000Z' }],
        byReason: [{ code: 'no-shared-skill', region: 'London', councilType: 'London borough', mentees: 1 }],
      };
      await fresh.rounds.saveRound(record, details);
      expect(await fresh.rounds.listRounds(5)).toEqual([record]);
      expect(await fresh.rounds.getRoundDetails(record.id)).toEqual(details);
      const older = round('2026-02-01T09:00:00.000Z');
      await fresh.rounds.saveRound(older);
      expect(await fresh.rounds.getRoundDetails(older.id)).toBeUndefined();
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

  it('keeps whether a round proved its answer, its candidates per mentee and, when unproven, the bound on what it gave up', async () => {
    const fresh = await make(new TestClock());
    const proven: RoundRecord = { ...round('2026-04-02T09:00:00.000Z'), optimality: 'proven', candidatesPerMentee: { initial: 200, widest: 204, widened: 31 } };
    const unproven: RoundRecord = {
      ...round('2026-04-03T09:00:00.000Z'),
      optimality: 'unproven',
      candidatesPerMentee: { initial: 200, widest: 260, widened: 2_430 },
      shortfallBound: { mentees: 0, score: 12.5 },
    };
    const unbounded: RoundRecord = { ...unproven, id: uid('round'), startedAt: '2026-04-04T09:00:00.000Z', shortfallBound: { mentees: 3, score: null } };
    for (const r of [proven, unproven, unbounded]) await fresh.rounds.saveRound(r);
    expect(await fresh.rounds.listRounds(3)).toEqual([unbounded, unproven, proven]);
  });

  it('still reads a round recorded before rounds carried their proof, without one', async () => {
    const fresh = await make(new TestClock());
    const old = round('2026-01-05T09:00:00.000Z');
    await fresh.rounds.saveRound(old);
    const [read] = await fresh.rounds.listRounds(1);
    expect(read).toEqual(old);
    expect(read).not.toHaveProperty('optimality');
  });
});
