/**
 * One suite, two profile stores: the in-memory fake used by unit tests and the
 * DynamoDB adapter on DynamoDB Local. If the fake drifts from the real
 * adapter, one of the two runs fails. (The matching state kept beside a
 * profile is covered with the match lifecycle, in match-store.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conflict, LinkUsed } from '../../shared/domain/errors';
import type { OutboxStore, ProfileStore } from '../../shared/ports';
import { dropTables, message, profile, storeSets, submission, TestClock, uid } from './stores';

afterAll(dropTables);

describe.each(storeSets)('%s profile store', (_name, make) => {
  let clock: TestClock;
  let profiles: ProfileStore;
  let outbox: OutboxStore;
  beforeAll(async () => {
    clock = new TestClock();
    ({ profiles, outbox } = await make(clock));
  });

  it('stores a pending profile and finds it by email in any letter case', async () => {
    const p = profile(clock);
    await profiles.createProfile(p, [message(clock, p.id)]);
    expect(await profiles.getProfile(p.id)).toEqual(p);
    expect(await profiles.findProfileIdByEmail('mentee', p.email.toUpperCase())).toBe(p.id);
    expect(await profiles.findProfileIdByEmail('mentor', p.email)).toBeUndefined();
  });

  it('refuses a second profile for the same email and role', async () => {
    const p = profile(clock);
    await profiles.createProfile(p, []);
    await expect(profiles.createProfile({ ...profile(clock, p.email) }, [])).rejects.toBeInstanceOf(Conflict);
  });

  it('replaces a pending profile and moves the email claim to the new one', async () => {
    const old = profile(clock);
    await profiles.createProfile(old, []);
    const replacement = { ...profile(clock, old.email), name: 'New Name' };
    await profiles.replacePendingProfile(old.id, replacement, [message(clock, replacement.id)]);
    expect(await profiles.getProfile(old.id)).toBeUndefined();
    expect((await profiles.getProfile(replacement.id))?.name).toBe('New Name');
    expect(await profiles.findProfileIdByEmail('mentee', old.email)).toBe(replacement.id);
    // A second replacement racing from the same stale read loses.
    await expect(profiles.replacePendingProfile(old.id, profile(clock, old.email), [])).rejects.toBeInstanceOf(Conflict);
  });

  it('activates a pending profile once; a second activation is LinkUsed', async () => {
    const p = profile(clock);
    await profiles.createProfile(p, []);
    await profiles.activateProfile(p.id, clock.now().toISOString());
    expect((await profiles.getProfile(p.id))?.status).toBe('ACTIVE');
    await expect(profiles.activateProfile(p.id, clock.now().toISOString())).rejects.toBeInstanceOf(LinkUsed);
    await expect(profiles.replacePendingProfile(p.id, profile(clock, p.email), [])).rejects.toBeInstanceOf(Conflict);
  });

  it('applies a pending update once and only to the profile it belongs to', async () => {
    const p = profile(clock);
    await profiles.createProfile(p, []);
    await profiles.activateProfile(p.id, clock.now().toISOString());
    const update = { id: uid('upd'), profileId: p.id, submission: { ...submission(p.email), jobTitle: 'Head of digital' }, createdAt: clock.now().toISOString() };
    await profiles.savePendingUpdate(update, new Date(clock.t + 7 * 86_400_000), []);
    expect(await profiles.getPendingUpdate(p.id, update.id)).toEqual(update);
    const active = (await profiles.getProfile(p.id))!;
    await profiles.applyPendingUpdate(p.id, update.id, { ...active, jobTitle: 'Head of digital' });
    expect((await profiles.getProfile(p.id))?.jobTitle).toBe('Head of digital');
    expect(await profiles.getPendingUpdate(p.id, update.id)).toBeUndefined();
    await expect(profiles.applyPendingUpdate(p.id, update.id, active)).rejects.toBeInstanceOf(LinkUsed);
  });

  it('once an erasure has begun, neither stores nor applies a pending update (the profile is about to go)', async () => {
    const p = profile(clock);
    await profiles.createProfile(p, []);
    await profiles.activateProfile(p.id, clock.now().toISOString());
    const update = { id: uid('upd'), profileId: p.id, submission: { ...submission(p.email), jobTitle: 'Head of digital' }, createdAt: clock.now().toISOString() };
    await profiles.savePendingUpdate(update, new Date(clock.t + 7 * 86_400_000), []);
    const active = (await profiles.getProfile(p.id))!;
    expect(await profiles.beginErasure(p.id, clock.now().toISOString())).toBe(true);
    await expect(profiles.applyPendingUpdate(p.id, update.id, { ...active, jobTitle: 'Head of digital' })).rejects.toBeInstanceOf(LinkUsed);
    expect((await profiles.getProfile(p.id))?.jobTitle).toBe(active.jobTitle);
    const later = { ...update, id: uid('upd') };
    await expect(profiles.savePendingUpdate(later, new Date(clock.t + 7 * 86_400_000), [message(clock, p.id, p.email)])).rejects.toBeInstanceOf(Conflict);
    expect(await profiles.getPendingUpdate(p.id, later.id)).toBeUndefined();
  });

  it('treats a pending profile past its 7-day expiry as gone and lets the address sign up again', async () => {
    const local = new TestClock();
    const s = await make(local);
    const p = profile(local);
    await s.profiles.createProfile(p, []);
    local.advanceDays(7.01);
    expect(await s.profiles.getProfile(p.id)).toBeUndefined();
    expect(await s.profiles.findProfileIdByEmail('mentee', p.email)).toBeUndefined();
    await s.profiles.createProfile(profile(local, p.email), []);
  });

  it('erases every item of the person, frees the address and queues the confirmation', async () => {
    const p = profile(clock);
    await profiles.createProfile(p, [message(clock, p.id, p.email)]);
    await profiles.activateProfile(p.id, clock.now().toISOString());
    await profiles.savePendingUpdate({ id: uid('upd'), profileId: p.id, submission: submission(p.email), createdAt: clock.now().toISOString() }, new Date(clock.t + 86_400_000), [message(clock, p.id, p.email)]);
    expect(await profiles.countItemsOf(p.id)).toBeGreaterThanOrEqual(4);
    const goodbye = message(clock, undefined, p.email);
    expect(await profiles.eraseProfile(p.id, [goodbye])).toBe(true);
    expect(await profiles.countItemsOf(p.id)).toBe(0);
    expect(await profiles.getProfile(p.id)).toBeUndefined();
    expect(await profiles.findProfileIdByEmail('mentee', p.email)).toBeUndefined();
    expect((await outbox.dueOutbox(clock.now(), 1000)).map((m) => m.id)).toContain(goodbye.id);
    expect(await profiles.eraseProfile(p.id, [])).toBe(false);
  });
});
