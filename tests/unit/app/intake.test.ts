import { describe, expect, it } from 'vitest';
import { eraseProfile, previewErase } from '../../../shared/app/erasure';
import { confirmEmail, confirmUpdate, previewConfirmEmail, previewConfirmUpdate } from '../../../shared/app/intake';
import { Conflict, LinkExpired, LinkInvalid, LinkUsed, ValidationFailed } from '../../../shared/domain/errors';
import type { MemoryOutboxStore } from '../../../shared/adapters/memory/outbox-store';
import type { MemoryProfileStore } from '../../../shared/adapters/memory/profile-store';
import { memoryDeps, tokenFrom, validMentee, validMentor, submitBody } from '../../fixtures/deps';

const DAY = 86_400_000;
const EMAIL = 'priya.shah@manchester.gov.uk';

/** The newest queued email of this template; fails when there is none. */
function lastEmail(outbox: MemoryOutboxStore, template: string) {
  const message = outbox.allOutbox().filter((m) => m.email.template === template).at(-1);
  expect(message, `a queued ${template} email`).toBeDefined();
  return message!;
}

async function activeMentee() {
  const t = memoryDeps();
  const { id } = await submitBody(validMentee(), t.deps);
  await confirmEmail(tokenFrom(lastEmail(t.outbox, 'verify-email').email, 'confirm-email'), t.deps);
  return { ...t, id };
}

describe('submitProfile: a new email address', () => {
  it('stores a pending profile with council facts derived from the council code', async () => {
    const { deps, profiles } = memoryDeps();
    const result = await submitBody(validMentee(), deps);
    expect(result).toEqual({ id: 'id-0001', status: 'PENDING_VERIFICATION' });
    expect(await profiles.getProfile(result.id)).toMatchObject({
      id: 'id-0001',
      status: 'PENDING_VERIFICATION',
      email: EMAIL,
      region: 'North West',
      councilType: 'Metropolitan district',
      createdAt: '2030-01-15T09:00:00.000Z',
      consentedAt: '2030-01-15T09:00:00.000Z',
    });
    expect(await profiles.findProfileIdByEmail('mentee', EMAIL)).toBe(result.id);
  });

  it('queues exactly one verification email to the address, owned by the profile so erasure removes it', async () => {
    const { deps, outbox, mailer } = memoryDeps();
    const { id } = await submitBody(validMentee(), deps);
    const queued = outbox.allOutbox();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ ownerId: id, status: 'PENDING', attempts: 0, email: { to: EMAIL, template: 'verify-email' } });
    // Queued, not sent: sending is the outbox's job.
    expect(mailer.calls).toBe(0);
  });

  it('stores nothing and queues nothing when the submission is invalid', async () => {
    const { deps, profiles, outbox } = memoryDeps();
    await expect(submitBody(validMentee({ email: 'nope' }), deps)).rejects.toBeInstanceOf(ValidationFailed);
    expect(outbox.allOutbox()).toEqual([]);
    expect(await profiles.findProfileIdByEmail('mentee', 'nope')).toBeUndefined();
  });

  it('treats the mentee and mentor roles of one address as separate profiles', async () => {
    const { deps, profiles } = memoryDeps();
    const mentee = await submitBody(validMentee({ email: EMAIL }), deps);
    const mentor = await submitBody(validMentor({ email: EMAIL }), deps);
    expect(mentor.id).not.toBe(mentee.id);
    expect(await profiles.findProfileIdByEmail('mentee', EMAIL)).toBe(mentee.id);
    expect(await profiles.findProfileIdByEmail('mentor', EMAIL)).toBe(mentor.id);
  });
});

describe('confirmEmail', () => {
  it('activates the pending profile and records when', async () => {
    const { deps, profiles, outbox, clock } = memoryDeps();
    const { id } = await submitBody(validMentee(), deps);
    const token = tokenFrom(lastEmail(outbox, 'verify-email').email, 'confirm-email');
    expect((await previewConfirmEmail(token, deps)).id).toBe(id);
    clock.advance(60_000);
    const profile = await confirmEmail(token, deps);
    expect(profile).toMatchObject({ id, status: 'ACTIVE', verifiedAt: '2030-01-15T09:01:00.000Z' });
    expect((await profiles.getProfile(id))?.status).toBe('ACTIVE');
  });

  it('refuses a second click with LinkUsed and changes nothing', async () => {
    const { deps, profiles, outbox, id } = await activeMentee();
    const before = await profiles.getProfile(id);
    const token = tokenFrom(lastEmail(outbox, 'verify-email').email, 'confirm-email');
    await expect(confirmEmail(token, deps)).rejects.toBeInstanceOf(LinkUsed);
    await expect(previewConfirmEmail(token, deps)).rejects.toBeInstanceOf(LinkUsed);
    expect(await profiles.getProfile(id)).toEqual(before);
  });

  it('keeps an active profile past the pending TTL', async () => {
    const { profiles, clock, id } = await activeMentee();
    clock.advance(30 * DAY);
    expect((await profiles.getProfile(id))?.status).toBe('ACTIVE');
  });

  it('gives LinkExpired after 7 days, and the unconfirmed profile is gone by then', async () => {
    const { deps, profiles, outbox, clock } = memoryDeps();
    const { id } = await submitBody(validMentee(), deps);
    const token = tokenFrom(lastEmail(outbox, 'verify-email').email, 'confirm-email');
    clock.advance(7 * DAY);
    await expect(confirmEmail(token, deps)).rejects.toBeInstanceOf(LinkExpired);
    expect(await profiles.getProfile(id)).toBeUndefined();
    expect(await profiles.findProfileIdByEmail('mentee', EMAIL)).toBeUndefined();
  });

  it('refuses an erase token used as a confirm token', async () => {
    const { deps, outbox } = memoryDeps();
    await submitBody(validMentee(), deps);
    const eraseToken = tokenFrom(lastEmail(outbox, 'verify-email').email, 'erase');
    await expect(confirmEmail(eraseToken, deps)).rejects.toBeInstanceOf(LinkInvalid);
  });
});

describe('submitProfile: the address has a pending profile', () => {
  it('replaces it: new id, the old confirm link gives LinkUsed, the new one works', async () => {
    const { deps, profiles, outbox } = memoryDeps();
    const first = await submitBody(validMentee({ jobTitle: 'First title' }), deps);
    const oldToken = tokenFrom(lastEmail(outbox, 'verify-email').email, 'confirm-email');
    const second = await submitBody(validMentee({ jobTitle: 'Second title' }), deps);
    const newToken = tokenFrom(lastEmail(outbox, 'verify-email').email, 'confirm-email');

    expect(second.id).not.toBe(first.id);
    expect(await profiles.getProfile(first.id)).toBeUndefined();
    expect(await profiles.findProfileIdByEmail('mentee', EMAIL)).toBe(second.id);
    await expect(previewConfirmEmail(oldToken, deps)).rejects.toBeInstanceOf(LinkUsed);
    await expect(confirmEmail(oldToken, deps)).rejects.toBeInstanceOf(LinkUsed);
    expect(await confirmEmail(newToken, deps)).toMatchObject({ id: second.id, status: 'ACTIVE', jobTitle: 'Second title' });
  });

  it('matches the address case-insensitively', async () => {
    const { deps, profiles } = memoryDeps();
    await submitBody(validMentee({ email: EMAIL }), deps);
    const second = await submitBody(validMentee({ email: EMAIL.toUpperCase() }), deps);
    expect(await profiles.findProfileIdByEmail('mentee', EMAIL)).toBe(second.id);
  });
});

describe('submitProfile: the address has an active profile', () => {
  it('leaves the profile unchanged and answers like a new submission, with a fresh id', async () => {
    const { deps, profiles, id } = await activeMentee();
    const before = await profiles.getProfile(id);
    const first = await submitBody(validMentee({ jobTitle: 'Hijacked title' }), deps);
    const second = await submitBody(validMentee({ jobTitle: 'Hijacked again' }), deps);

    expect(Object.keys(first).sort()).toEqual(['id', 'status']);
    expect(first.status).toBe('PENDING_VERIFICATION');
    expect(new Set([id, first.id, second.id]).size).toBe(3);
    expect(await profiles.getProfile(id)).toEqual(before);
  });

  it('emails the owner a confirm-update link, not a verification link', async () => {
    const { deps, outbox, id } = await activeMentee();
    await submitBody(validMentee({ jobTitle: 'New title' }), deps);
    const message = lastEmail(outbox, 'confirm-update');
    expect(message).toMatchObject({ ownerId: id, email: { to: EMAIL } });
    expect(outbox.allOutbox().filter((m) => m.email.template === 'verify-email')).toHaveLength(1);
  });

  it('applies the changes only when the owner confirms, keeping id, status and verification', async () => {
    const { deps, profiles, outbox, clock, id } = await activeMentee();
    const before = (await profiles.getProfile(id))!;
    await submitBody(validMentee({ jobTitle: 'New title', councilCode: 'S12000033' }), deps);
    const token = tokenFrom(lastEmail(outbox, 'confirm-update').email, 'confirm-update');
    expect((await previewConfirmUpdate(token, deps)).submission.jobTitle).toBe('New title');
    expect((await profiles.getProfile(id))?.jobTitle).toBe(before.jobTitle);

    clock.advance(DAY);
    await confirmUpdate(token, deps);
    expect(await profiles.getProfile(id)).toMatchObject({
      id,
      status: 'ACTIVE',
      jobTitle: 'New title',
      councilCode: 'S12000033',
      region: 'Scotland',
      createdAt: before.createdAt,
      verifiedAt: before.verifiedAt,
      updatedAt: '2030-01-16T09:00:00.000Z',
    });
  });

  it('lets a confirm-update link work once', async () => {
    const { deps, outbox } = await activeMentee();
    await submitBody(validMentee({ jobTitle: 'New title' }), deps);
    const token = tokenFrom(lastEmail(outbox, 'confirm-update').email, 'confirm-update');
    await confirmUpdate(token, deps);
    await expect(confirmUpdate(token, deps)).rejects.toBeInstanceOf(LinkUsed);
    await expect(previewConfirmUpdate(token, deps)).rejects.toBeInstanceOf(LinkUsed);
  });

  it('refuses a signed confirm-update subject without an update id', async () => {
    const { deps, id } = await activeMentee();
    const token = deps.signer.sign('confirm-update', id, new Date(deps.clock.now().getTime() + DAY));
    await expect(confirmUpdate(token, deps)).rejects.toBeInstanceOf(LinkUsed);
  });
});

describe('eraseProfile', () => {
  it('removes every item of the person and releases the email', async () => {
    const { deps, profiles, outbox, id } = await activeMentee();
    await submitBody(validMentee({ jobTitle: 'Pending change' }), deps); // leaves a pending update behind
    expect(await profiles.countItemsOf(id)).toBeGreaterThan(1);
    const token = tokenFrom(lastEmail(outbox, 'verify-email').email, 'erase');

    expect((await previewErase(token, deps)).id).toBe(id);
    await eraseProfile(token, deps);

    expect(await profiles.countItemsOf(id)).toBe(0);
    expect(await profiles.getProfile(id)).toBeUndefined();
    expect(await profiles.findProfileIdByEmail('mentee', EMAIL)).toBeUndefined();
  });

  it('queues exactly one confirmation email to the erased address, owned by nobody', async () => {
    const { deps, outbox } = await activeMentee();
    await eraseProfile(tokenFrom(lastEmail(outbox, 'verify-email').email, 'erase'), deps);
    const queued = outbox.allOutbox();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ ownerId: undefined, email: { to: EMAIL, template: 'erasure-done' } });
  });

  it('erases a profile that was never confirmed', async () => {
    const { deps, profiles, outbox } = memoryDeps();
    const { id } = await submitBody(validMentee(), deps);
    await eraseProfile(tokenFrom(lastEmail(outbox, 'verify-email').email, 'erase'), deps);
    expect(await profiles.countItemsOf(id)).toBe(0);
    expect(await profiles.findProfileIdByEmail('mentee', EMAIL)).toBeUndefined();
  });

  it('gives LinkUsed on a second erase and queues no second email', async () => {
    const { deps, outbox } = await activeMentee();
    const token = tokenFrom(lastEmail(outbox, 'verify-email').email, 'erase');
    await eraseProfile(token, deps);
    await expect(eraseProfile(token, deps)).rejects.toBeInstanceOf(LinkUsed);
    await expect(previewErase(token, deps)).rejects.toBeInstanceOf(LinkUsed);
    expect(outbox.allOutbox().filter((m) => m.email.template === 'erasure-done')).toHaveLength(1);
  });

  it('leaves no copy of the person’s details behind, not even the queued email of a pending profile they replaced', async () => {
    const { deps, profiles, outbox } = memoryDeps();
    const first = await submitBody(validMentee({ goals: 'First goals' }), deps);
    await submitBody(validMentee({ goals: 'Second goals' }), deps);
    await eraseProfile(tokenFrom(lastEmail(outbox, 'verify-email').email, 'erase'), deps);

    expect(await profiles.countItemsOf(first.id)).toBe(0);
    const leftovers = outbox.allOutbox().filter((m) => m.email.template !== 'erasure-done');
    expect(leftovers.map((m) => ({ ownerId: m.ownerId, to: m.email.to }))).toEqual([]);
  });

  it('lets the address sign up again afterwards', async () => {
    const { deps, profiles, outbox, id } = await activeMentee();
    await eraseProfile(tokenFrom(lastEmail(outbox, 'verify-email').email, 'erase'), deps);
    const again = await submitBody(validMentee(), deps);
    expect(again.id).not.toBe(id);
    expect(await profiles.findProfileIdByEmail('mentee', EMAIL)).toBe(again.id);
  });

  it('keeps erase links working for 90 days, then LinkExpired', async () => {
    const { deps, outbox, clock } = await activeMentee();
    const token = tokenFrom(lastEmail(outbox, 'verify-email').email, 'erase');
    clock.advance(90 * DAY - 1000);
    await expect(previewErase(token, deps)).resolves.toBeDefined();
    clock.advance(1000);
    await expect(eraseProfile(token, deps)).rejects.toBeInstanceOf(LinkExpired);
  });
});

describe('submitProfile under a concurrent write', () => {
  it('re-reads and succeeds when one conditional write loses a race', async () => {
    const { deps, profiles } = memoryDeps();
    let failures = 1;
    const racing = Object.create(profiles) as MemoryProfileStore;
    racing.createProfile = async (profile, outbox) => {
      if (failures-- > 0) throw new Conflict('Email already registered for this role');
      return profiles.createProfile(profile, outbox);
    };
    const result = await submitBody(validMentee(), { ...deps, profiles: racing });
    expect(await profiles.findProfileIdByEmail('mentee', EMAIL)).toBe(result.id);
  });

  it('gives up with Conflict after three lost races', async () => {
    const { deps, profiles } = memoryDeps();
    let calls = 0;
    const racing = Object.create(profiles) as MemoryProfileStore;
    racing.createProfile = async () => {
      calls++;
      throw new Conflict('Email already registered for this role');
    };
    await expect(submitBody(validMentee(), { ...deps, profiles: racing })).rejects.toBeInstanceOf(Conflict);
    expect(calls).toBe(3);
  });
});
