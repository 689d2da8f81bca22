/**
 * A matching round that dies while writing its proposals, on DynamoDB Local:
 * what it wrote stands (each proposal and its email are one transaction),
 * the next round proposes the rest, and no mentee ever has two open
 * proposals. A round that fails releases its lease, so a retry runs at once;
 * one killed outright keeps its lease until it runs out, and the round after
 * that picks up the rest. The writes go a dozen at a time, and collisions on
 * a mentor's item or a report counter are retried, not lost.
 */
import { SESClient } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUND_LEASE_MS, runMatchingRound } from '../../shared/app/rounds';
import { buildDeps, emulatorClientConfig } from '../../shared/deps';
import type { Match } from '../../shared/domain/match';
import type { Deps, ProfileWithState } from '../../shared/ports';
import { fixedClock, sequentialIds, silentLogger, TEST_BASE_URL, TEST_SIGNING_KEY } from '../fixtures/deps';
import { generatePeople } from '../fixtures/people';
import { newTestTable, type TestTable } from '../support/dynamodb';
import { emulatorEndpoints } from '../support/endpoints';
import { seedActiveProfile } from '../support/matching';

const tables: TestTable[] = [];
afterAll(async () => {
  await Promise.all(tables.map((t) => t.drop()));
});

/** A table of its own with 80 waiting mentees and 20 mentors (capacities 1–5), on a clock the test moves. */
async function world(seed: number) {
  const table = await newTestTable();
  tables.push(table);
  const clock = fixedClock(new Date('2030-03-02T06:00:00.000Z'));
  const deps = buildDeps({
    tableName: table.tableName,
    dynamodb: table.client,
    ses: new SESClient(emulatorClientConfig(emulatorEndpoints().ses)),
    signingKey: TEST_SIGNING_KEY,
    baseUrl: TEST_BASE_URL,
    mailFrom: 'noreply@mentor-match.test',
    logger: silentLogger,
    clock,
  });
  deps.ids = sequentialIds(`s${seed}`);
  const people = generatePeople({ mentees: 80, mentors: 20, seed, capacity: [1, 5] });
  const bodies = [...people.mentees, ...people.mentors].map((p) => ({ ...p, consent: true }));
  for (let i = 0; i < bodies.length; i += 10) await Promise.all(bodies.slice(i, i + 10).map((b) => seedActiveProfile(deps, b)));
  return { deps, clock };
}

/** Deps whose proposal writes fail from the `after`-th on, as if the function died there. */
function failingAfter(deps: Deps, after: number, o: { killed?: boolean } = {}): Deps {
  let calls = 0;
  const matches = Object.create(deps.matches) as Deps['matches'];
  matches.propose = async (...args) => {
    if (++calls > after) throw new Error('injected: the round function died');
    return deps.matches.propose(...args);
  };
  // Killed outright, the round never gets to give its lease back.
  const rounds = o.killed ? (Object.assign(Object.create(deps.rounds), { releaseRoundLock: async () => {} }) as Deps['rounds']) : deps.rounds;
  return { ...deps, matches, rounds };
}

async function expectEveryoneProposedOnce(deps: Deps, planned: number) {
  const proposed = await deps.matches.listMatches('PROPOSED');
  const byMentee = new Map<string, Match[]>();
  for (const m of proposed) byMentee.set(m.menteeId, [...(byMentee.get(m.menteeId) ?? []), m]);
  expect([...byMentee.values()].filter((ms) => ms.length > 1)).toEqual([]);
  expect(proposed).toHaveLength(planned);
  // Each proposal's mentee holds it, each mentor counts it, and its email waits in the outbox.
  const mentees = new Map((await deps.profiles.listActive('mentee')).map((p) => [p.id, p]));
  const mentors = new Map((await deps.profiles.listActive('mentor')).map((p) => [p.id, p]));
  for (const m of proposed) expect(mentees.get(m.menteeId)?.matching.openMatchId).toBe(m.id);
  for (const mentor of mentors.values()) {
    const held = proposed.filter((m) => m.mentorId === mentor.id).length;
    expect(mentor.matching.proposedCount).toBe(held);
    expect(held).toBeLessThanOrEqual((mentor as Extract<ProfileWithState, { role: 'mentor' }>).capacity);
  }
  const outbox = await deps.outbox.dueOutbox(new Date('2100-01-01T00:00:00.000Z'), 10_000);
  expect(outbox.map((o) => o.matchId).sort()).toEqual(proposed.map((m) => m.id).sort());
  // Everyone eligible is proposed: one more round finds nobody to add.
  const after = await runMatchingRound(deps, { trigger: 'admin' });
  expect(after.record).toMatchObject({ proposed: 0, skipped: 0 });
}

/** How many proposals one uninterrupted round makes on the same people (a second table, same seed). */
async function plannedFor(seed: number) {
  const { deps } = await world(seed);
  return (await runMatchingRound(deps, { trigger: 'admin' })).record!.proposed;
}

let planned: number;
beforeAll(async () => {
  planned = await plannedFor(41);
  expect(planned).toBeGreaterThan(40);
});

describe('a round that dies while writing its proposals', () => {
  it('keeps what it wrote, gives its lease back, and the re-run proposes the rest with nobody twice', async () => {
    const { deps } = await world(41);
    await expect(runMatchingRound(failingAfter(deps, 25), { trigger: 'schedule' })).rejects.toThrow('injected');
    const written = (await deps.matches.listMatches('PROPOSED')).length;
    // The writes in flight when it failed finished; none started after.
    expect(written).toBeGreaterThanOrEqual(25);
    expect(written).toBeLessThan(planned);
    expect(await deps.rounds.listRounds(5)).toEqual([]);

    const rerun = await runMatchingRound(deps, { trigger: 'schedule' });
    expect(rerun.record).toMatchObject({ proposed: planned - written, skipped: 0, optimality: 'proven' });
    await expectEveryoneProposedOnce(deps, planned);
  });

  it('killed outright, it holds the lease until that runs out; the round after proposes the rest', async () => {
    const { deps, clock } = await world(41);
    await expect(runMatchingRound(failingAfter(deps, 10, { killed: true }), { trigger: 'schedule' })).rejects.toThrow('injected');
    const written = (await deps.matches.listMatches('PROPOSED')).length;
    expect(written).toBeGreaterThanOrEqual(10);

    clock.advance(ROUND_LEASE_MS - 60_000);
    expect((await runMatchingRound(deps, { trigger: 'schedule' })).record).toBeUndefined();
    clock.advance(60_001);
    const rerun = await runMatchingRound(deps, { trigger: 'schedule' });
    expect(rerun.record?.proposed).toBe(planned - written);
    await expectEveryoneProposedOnce(deps, planned);
  });

  it('retries the writes DynamoDB refuses while busy, and proposes everyone once', async () => {
    const { deps } = await world(41);
    const busy = Object.assign(new Error('Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
    });
    const throttled = Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ThrottlingException' });
    let calls = 0;
    const matches = Object.create(deps.matches) as Deps['matches'];
    matches.propose = async (...args) => {
      calls++;
      // Every third try is refused as busy, alternating the two kinds; the next try of that proposal goes through.
      if (calls % 3 === 0) throw calls % 2 === 0 ? busy : throttled;
      return deps.matches.propose(...args);
    };
    const outcome = await runMatchingRound({ ...deps, matches }, { trigger: 'schedule', sleep: async () => {} });
    expect(calls).toBeGreaterThan(planned);
    expect(outcome.retried).toBe(calls - planned);
    expect(outcome.record).toMatchObject({ proposed: planned, skipped: 0 });
    await expectEveryoneProposedOnce(deps, planned);
  });

  it('fails the round on an error that is not the table being busy, without retrying it', async () => {
    const { deps } = await world(41);
    let calls = 0;
    const matches = Object.create(deps.matches) as Deps['matches'];
    matches.propose = async () => {
      calls++;
      throw Object.assign(new Error('One or more parameter values were invalid'), { name: 'ValidationException' });
    };
    await expect(runMatchingRound({ ...deps, matches }, { trigger: 'schedule', concurrency: 1 })).rejects.toThrow('parameter values');
    expect(calls).toBe(1);
  });
});
