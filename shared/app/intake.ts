/**
 * Intake use cases: submit a profile, confirm an email address, confirm an
 * update to an active profile, erase a profile. Each takes its dependencies
 * as arguments, so Lambda, the local server and tests run the same code.
 */
import { Conflict, LinkUsed } from '../domain/errors';
import { confirmUpdateEmail, verifyEmail } from '../domain/emails';
import {
  deriveCouncilFacts,
  type Profile,
  type ProfileSubmission,
} from '../domain/profile';
import { CONFIRM_LINK_DAYS, ERASE_LINK_DAYS, PENDING_PROFILE_TTL_DAYS } from '../domain/profile-status';
import type { Deps, PendingUpdate } from '../ports';
import { actionLink, openLink, openPairLink } from './links';
import { newOutboxMessage } from './outbox-message';

export interface SubmitResult {
  id: string;
  status: 'PENDING_VERIFICATION';
}

function buildProfile(deps: Deps, id: string, s: ProfileSubmission): Profile {
  const now = deps.clock.now().toISOString();
  return { ...s, ...deriveCouncilFacts(s.councilCode), id, status: 'PENDING_VERIFICATION', createdAt: now, updatedAt: now, consentedAt: now };
}

/**
 * Submit a profile (validated at the edge with ProfileSubmissionInput). Steps:
 * 1. look up the email for this role;
 * 2. new email → store a pending profile and its verification email together;
 *    pending profile → replace it (new id, fresh link; old links die);
 *    active or paused profile → store the changes aside and email the owner
 *    to confirm them, so nobody can overwrite someone else's profile;
 * 3. answer the same way in every case (a fresh id, PENDING_VERIFICATION), so
 *    the response never tells whether an address is known.
 * A concurrent submission for the same email makes a conditional write fail
 * with Conflict; we re-read and try again.
 */
export async function submitProfile(submission: ProfileSubmission, deps: Deps): Promise<SubmitResult> {
  // Resubmitting is how a person whose address bounced or complained asks for mail again
  // (shared/app/suppression.ts); without this the verification email itself would be suppressed.
  await deps.suppressions.clear(submission.email);
  for (let attempt = 1; ; attempt++) {
    try {
      return await placeSubmission(submission, deps);
    } catch (error) {
      if (!(error instanceof Conflict) || attempt >= 3) throw error;
    }
  }
}

async function placeSubmission(submission: ProfileSubmission, deps: Deps): Promise<SubmitResult> {
  const existingId = await deps.profiles.findProfileIdByEmail(submission.role, submission.email);
  const existing = existingId ? await deps.profiles.getProfile(existingId) : undefined;

  if (existing && existing.status !== 'PENDING_VERIFICATION') {
    const update: PendingUpdate = {
      id: deps.ids.next(),
      profileId: existing.id,
      submission,
      createdAt: deps.clock.now().toISOString(),
    };
    const email = confirmUpdateEmail({
      submission,
      confirmUrl: actionLink(deps, 'confirm-update', `${existing.id}:${update.id}`, CONFIRM_LINK_DAYS),
      eraseUrl: actionLink(deps, 'erase', existing.id, ERASE_LINK_DAYS),
      linkDays: CONFIRM_LINK_DAYS,
    });
    const expiresAt = new Date(deps.clock.now().getTime() + CONFIRM_LINK_DAYS * 86_400_000);
    await deps.profiles.savePendingUpdate(update, expiresAt, [newOutboxMessage(deps, email, existing.id)]);
    return { id: update.id, status: 'PENDING_VERIFICATION' };
  }

  const profile = buildProfile(deps, deps.ids.next(), submission);
  const email = verifyEmail({
    submission,
    confirmUrl: actionLink(deps, 'confirm-email', profile.id, CONFIRM_LINK_DAYS),
    eraseUrl: actionLink(deps, 'erase', profile.id, ERASE_LINK_DAYS),
    linkDays: PENDING_PROFILE_TTL_DAYS,
  });
  const outbox = [newOutboxMessage(deps, email, profile.id)];
  if (existing) {
    await deps.profiles.replacePendingProfile(existing.id, profile, outbox);
  } else {
    await deps.profiles.createProfile(profile, outbox);
  }
  return { id: profile.id, status: 'PENDING_VERIFICATION' };
}

/** What a confirmation page shows before the person presses the button. */
export async function previewConfirmEmail(token: string, deps: Deps): Promise<Profile> {
  const profile = await deps.profiles.getProfile(openLink(deps, token, 'confirm-email'));
  if (!profile || profile.status !== 'PENDING_VERIFICATION') throw new LinkUsed();
  return profile;
}

/** PENDING_VERIFICATION → ACTIVE. A second click finds the profile active and gets LinkUsed. */
export async function confirmEmail(token: string, deps: Deps): Promise<Profile> {
  const id = openLink(deps, token, 'confirm-email');
  await deps.profiles.activateProfile(id, deps.clock.now().toISOString());
  const profile = await deps.profiles.getProfile(id);
  if (!profile) throw new LinkUsed();
  return profile;
}

function updateSubject(token: string, deps: Deps): { profileId: string; updateId: string } {
  // A signed subject without an update id names no update that could still be pending.
  const [profileId, updateId] = openPairLink(deps, token, 'confirm-update', () => new LinkUsed());
  return { profileId, updateId };
}

export async function previewConfirmUpdate(token: string, deps: Deps): Promise<PendingUpdate> {
  const { profileId, updateId } = updateSubject(token, deps);
  const update = await deps.profiles.getPendingUpdate(profileId, updateId);
  if (!update) throw new LinkUsed();
  return update;
}

/** Applies changes the owner confirmed; the pending update is removed in the same write, so a link works once. */
export async function confirmUpdate(token: string, deps: Deps): Promise<Profile> {
  const { profileId, updateId } = updateSubject(token, deps);
  const [profile, update] = await Promise.all([
    deps.profiles.getProfile(profileId),
    deps.profiles.getPendingUpdate(profileId, updateId),
  ]);
  if (!profile || !update) throw new LinkUsed();
  const changed: Profile = {
    ...update.submission,
    ...deriveCouncilFacts(update.submission.councilCode),
    id: profile.id,
    status: profile.status,
    createdAt: profile.createdAt,
    consentedAt: update.createdAt,
    verifiedAt: profile.verifiedAt,
    updatedAt: deps.clock.now().toISOString(),
  };
  await deps.profiles.applyPendingUpdate(profileId, updateId, changed);
  return changed;
}
