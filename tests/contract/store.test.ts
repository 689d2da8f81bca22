/**
 * One suite, two stores: the in-memory fake used by unit tests and the
 * DynamoDB adapter on DynamoDB Local. If the fake drifts from the real
 * adapter, one of the two runs fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoStore } from '../../shared/adapters/dynamodb/store';
import { MemoryStore } from '../../shared/adapters/memory/store';
import { Conflict, LinkUsed } from '../../shared/domain/errors';
import { deriveCouncilFacts, type Profile, type ProfileSubmission } from '../../shared/domain/profile';
import type { OutboxMessage, OutboxStore, ProfileStore } from '../../shared/ports';
import { newTestTable } from '../support/dynamodb';

type Store = ProfileStore & OutboxStore;

// Clocks start at the real now: DynamoDB Local's TTL sweeper deletes items whose
// expiresAt has passed by the real clock, so a clock set in the past would race it.
class TestClock {
  constructor(public t = Date.now()) {}
  now = () => new Date(this.t);
  advanceDays(days: number) {
    this.t += days * 86_400_000;
  }
}

let seq = 0;
const uid = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

function submission(email: string): ProfileSubmission {
  return {
    role: 'mentee',
    name: 'Ada Lovelace',
    email,
    councilCode: 'E07000223',
    jobTitle: 'Digital lead',
    seniority: 'team-lead',
    skills: ['cyber-security', 'agile-delivery'],
    format: 'remote',
    goals: 'Lead a digital team',
    consent: true,
  };
}

function profile(clock: TestClock, email = `${uid('p')}@council.gov.uk`): Profile {
  const at = clock.now().toISOString();
  return {
    ...submission(email),
    ...deriveCouncilFacts('E07000223'),
    id: uid('profile'),
    status: 'PENDING_VERIFICATION',
    createdAt: at,
    updatedAt: at,
    consentedAt: at,
  };
}

function message(clock: TestClock, ownerId?: string, to = 'someone@council.gov.uk'): OutboxMessage {
  const at = clock.now().toISOString();
  return {
    id: uid('msg'),
    ownerId,
    email: { to, subject: 'Subject', html: '<p>Hi</p>', text: 'Hi', template: 'test' },
    status: 'PENDING',
    attempts: 0,
    createdAt: at,
    dueAt: at,
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

const stores: [string, (clock: TestClock) => Promise<Store>][] = [
  ['memory', async (clock) => new MemoryStore(clock)],
  [
    'dynamodb',
    async (clock) => {
      const table = await newTestTable();
      cleanups.push(table.drop);
      return new DynamoStore(table.client, table.tableName, clock);
    },
  ],
];

describe.each(stores)('%s store', (_name, make) => {
  let clock: TestClock;
  let store: Store;
  beforeAll(async () => {
    clock = new TestClock();
    store = await make(clock);
  });

  it('stores a pending profile and finds it by email in any letter case', async () => {
    const p = profile(clock);
    await store.createProfile(p, [message(clock, p.id)]);
    expect(await store.getProfile(p.id)).toEqual(p);
    expect(await store.findProfileIdByEmail('mentee', p.email.toUpperCase())).toBe(p.id);
    expect(await store.findProfileIdByEmail('mentor', p.email)).toBeUndefined();
  });

  it('refuses a second profile for the same email and role', async () => {
    const p = profile(clock);
    await store.createProfile(p, []);
    await expect(store.createProfile({ ...profile(clock, p.email) }, [])).rejects.toBeInstanceOf(Conflict);
  });

  it('replaces a pending profile and moves the email claim to the new one', async () => {
    const old = profile(clock);
    await store.createProfile(old, []);
    const replacement = { ...profile(clock, old.email), name: 'New Name' };
    await store.replacePendingProfile(old.id, replacement, [message(clock, replacement.id)]);
    expect(await store.getProfile(old.id)).toBeUndefined();
    expect((await store.getProfile(replacement.id))?.name).toBe('New Name');
    expect(await store.findProfileIdByEmail('mentee', old.email)).toBe(replacement.id);
    // A second replacement racing from the same stale read loses.
    await expect(store.replacePendingProfile(old.id, profile(clock, old.email), [])).rejects.toBeInstanceOf(Conflict);
  });

  it('activates a pending profile once; a second activation is LinkUsed', async () => {
    const p = profile(clock);
    await store.createProfile(p, []);
    await store.activateProfile(p.id, clock.now().toISOString());
    expect((await store.getProfile(p.id))?.status).toBe('ACTIVE');
    await expect(store.activateProfile(p.id, clock.now().toISOString())).rejects.toBeInstanceOf(LinkUsed);
    await expect(store.replacePendingProfile(p.id, profile(clock, p.email), [])).rejects.toBeInstanceOf(Conflict);
  });

  it('applies a pending update once and only to the profile it belongs to', async () => {
    const p = profile(clock);
    await store.createProfile(p, []);
    await store.activateProfile(p.id, clock.now().toISOString());
    const update = { id: uid('upd'), profileId: p.id, submission: { ...submission(p.email), jobTitle: 'Head of digital' }, createdAt: clock.now().toISOString() };
    await store.savePendingUpdate(update, new Date(clock.t + 7 * 86_400_000), []);
    expect(await store.getPendingUpdate(p.id, update.id)).toEqual(update);
    const active = (await store.getProfile(p.id))!;
    await store.applyPendingUpdate(p.id, update.id, { ...active, jobTitle: 'Head of digital' });
    expect((await store.getProfile(p.id))?.jobTitle).toBe('Head of digital');
    expect(await store.getPendingUpdate(p.id, update.id)).toBeUndefined();
    await expect(store.applyPendingUpdate(p.id, update.id, active)).rejects.toBeInstanceOf(LinkUsed);
  });

  it('treats a pending profile past its 7-day expiry as gone and lets the address sign up again', async () => {
    const local = new TestClock();
    const s = await make(local);
    const p = profile(local);
    await s.createProfile(p, []);
    local.advanceDays(7.01);
    expect(await s.getProfile(p.id)).toBeUndefined();
    expect(await s.findProfileIdByEmail('mentee', p.email)).toBeUndefined();
    await s.createProfile(profile(local, p.email), []);
  });

  it('erases every item of the person, frees the address and queues the confirmation', async () => {
    const p = profile(clock);
    await store.createProfile(p, [message(clock, p.id, p.email)]);
    await store.activateProfile(p.id, clock.now().toISOString());
    await store.savePendingUpdate({ id: uid('upd'), profileId: p.id, submission: submission(p.email), createdAt: clock.now().toISOString() }, new Date(clock.t + 86_400_000), [message(clock, p.id, p.email)]);
    expect(await store.countItemsOf(p.id)).toBeGreaterThanOrEqual(4);
    const goodbye = message(clock, undefined, p.email);
    expect(await store.eraseProfile(p.id, [goodbye])).toBe(true);
    expect(await store.countItemsOf(p.id)).toBe(0);
    expect(await store.getProfile(p.id)).toBeUndefined();
    expect(await store.findProfileIdByEmail('mentee', p.email)).toBeUndefined();
    expect((await store.dueOutbox(clock.now(), 1000)).map((m) => m.id)).toContain(goodbye.id);
    expect(await store.eraseProfile(p.id, [])).toBe(false);
  });

  describe('outbox', () => {
    let local: TestClock;
    let s: Store;
    beforeAll(async () => {
      local = new TestClock();
      s = await make(local);
    });

    it('hands a due message to one claimant only and counts the attempt', async () => {
      const m = message(local);
      await s.createProfile(profile(local), [m]);
      const lease = new Date(local.t + 60_000);
      const first = await s.claimOutbox(m, local.now(), lease);
      expect(first?.attempts).toBe(1);
      expect(first?.status).toBe('SENDING');
      expect(await s.claimOutbox(m, local.now(), lease)).toBeUndefined();
    });

    it('offers a message again after a failed send once its retry time comes, and never after FAILED', async () => {
      const p = profile(local);
      const retry = message(local, p.id);
      const poison = message(local, p.id);
      await s.createProfile(p, [retry, poison]);
      await s.claimOutbox(retry, local.now(), new Date(local.t + 60_000));
      await s.claimOutbox(poison, local.now(), new Date(local.t + 60_000));
      await s.markUnsent(retry, 'Throttling', new Date(local.t + 30_000));
      await s.markUnsent(poison, 'MessageRejected', undefined);
      const ids = async () => (await s.dueOutbox(local.now(), 1000)).map((x) => x.id);
      expect(await ids()).not.toContain(retry.id);
      local.t += 31_000;
      expect(await ids()).toContain(retry.id);
      expect(await ids()).not.toContain(poison.id);
      const again = await s.claimOutbox(retry, local.now(), new Date(local.t + 60_000));
      expect(again?.attempts).toBe(2);
      expect(again?.lastError).toBe('Throttling');
    });

    it('stops offering a sent message and keeps no body', async () => {
      const m = message(local);
      await s.createProfile(profile(local), [m]);
      await s.claimOutbox(m, local.now(), new Date(local.t + 60_000));
      await s.markSent(m, 'ses-123', local.now());
      local.t += 120_000;
      expect((await s.dueOutbox(local.now(), 1000)).map((x) => x.id)).not.toContain(m.id);
      expect(await s.claimOutbox(m, local.now(), new Date(local.t + 60_000))).toBeUndefined();
    });

    it('offers a claimed message again when its sender\'s lease runs out', async () => {
      const m = message(local);
      await s.createProfile(profile(local), [m]);
      await s.claimOutbox(m, local.now(), new Date(local.t + 60_000));
      local.t += 61_000;
      expect((await s.dueOutbox(local.now(), 1000)).map((x) => x.id)).toContain(m.id);
    });
  });
});
