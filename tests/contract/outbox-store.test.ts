/**
 * One suite, two outbox stores: the in-memory fake and the DynamoDB adapter on
 * DynamoDB Local. Messages are queued as the use cases queue them, beside a
 * profile write; the sender's moves (claim, mark sent, mark unsent) must then
 * behave alike in both, or the fake would hide a lost or doubled email.
 * (Discarding unsent mail about a match is covered in match-store.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTables, message, profile, storeSets, TestClock, type Stores } from './stores';

afterAll(dropTables);

describe.each(storeSets)('%s outbox store', (_name, make) => {
  let local: TestClock;
  let s: Stores;
  beforeAll(async () => {
    local = new TestClock();
    s = await make(local);
  });

  it('hands a due message to one claimant only and counts the attempt', async () => {
    const m = message(local);
    await s.profiles.createProfile(profile(local), [m]);
    const lease = new Date(local.t + 60_000);
    const first = await s.outbox.claimOutbox(m, local.now(), lease);
    expect(first?.attempts).toBe(1);
    expect(first?.status).toBe('SENDING');
    expect(await s.outbox.claimOutbox(m, local.now(), lease)).toBeUndefined();
  });

  it('offers a message again after a failed send once its retry time comes, and never after FAILED', async () => {
    const p = profile(local);
    const retry = message(local, p.id);
    const poison = message(local, p.id);
    await s.profiles.createProfile(p, [retry, poison]);
    await s.outbox.claimOutbox(retry, local.now(), new Date(local.t + 60_000));
    await s.outbox.claimOutbox(poison, local.now(), new Date(local.t + 60_000));
    await s.outbox.markUnsent(retry, 'Throttling', new Date(local.t + 30_000));
    await s.outbox.markUnsent(poison, 'MessageRejected', undefined);
    const ids = async () => (await s.outbox.dueOutbox(local.now(), 1000)).map((x) => x.id);
    expect(await ids()).not.toContain(retry.id);
    local.t += 31_000;
    expect(await ids()).toContain(retry.id);
    expect(await ids()).not.toContain(poison.id);
    const again = await s.outbox.claimOutbox(retry, local.now(), new Date(local.t + 60_000));
    expect(again?.attempts).toBe(2);
    expect(again?.lastError).toBe('Throttling');
  });

  it('stops offering a sent message and keeps no body', async () => {
    const m = message(local);
    await s.profiles.createProfile(profile(local), [m]);
    await s.outbox.claimOutbox(m, local.now(), new Date(local.t + 60_000));
    await s.outbox.markSent(m, 'ses-123', local.now());
    local.t += 120_000;
    expect((await s.outbox.dueOutbox(local.now(), 1000)).map((x) => x.id)).not.toContain(m.id);
    expect(await s.outbox.claimOutbox(m, local.now(), new Date(local.t + 60_000))).toBeUndefined();
  });

  it('offers a claimed message again when its sender\'s lease runs out', async () => {
    const m = message(local);
    await s.profiles.createProfile(profile(local), [m]);
    await s.outbox.claimOutbox(m, local.now(), new Date(local.t + 60_000));
    local.t += 61_000;
    expect((await s.outbox.dueOutbox(local.now(), 1000)).map((x) => x.id)).toContain(m.id);
  });
});
