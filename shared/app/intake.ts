/**
 * Intake use cases: receive and place a profile submission, confirm an email address, confirm an
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
import { recentMail, replaceableMail, SUBMISSION_POLICY } from '../domain/submission';
import type { Deps, OutboxMessage, OutgoingEmail, PendingUpdate, PlacementWrites } from '../ports';
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
 * Receive a profile submission (validated at the edge with
 * ProfileSubmissionInput): store it as one item of the same shape under a
 * fresh id and answer, before anything depends on the address. Whether the
 * address is new, pending or active is decided afterwards, by
 * `placeSubmission` (from the table's stream in AWS), so neither the answer
 * nor its timing tells whether an address is known. The id is the pending
 * profile's for a new or pending address, or the pending update's for an
 * active one.
 */
export async function receiveSubmission(submission: ProfileSubmission, deps: Deps): Promise<SubmitResult> {
  const profile = buildProfile(deps, deps.ids.next(), submission);
  await deps.profiles.receiveSubmission(profile, submission);
  const placement = deps.placement ?? { kind: 'stream' };
  if (placement.kind === 'inline') await placeSubmission(profile.id, deps, { ...SUBMISSION_POLICY, burstHoldMs: 0 });
  if (placement.kind === 'runner') placement.wake();
  return { id: profile.id, status: 'PENDING_VERIFICATION' };
}

/**
 * Receive and place at once, for callers that are the only ones submitting
 * for the address (the seed script, tests): no burst to gather, so the email
 * is due at once.
 */
export async function submitProfile(submission: ProfileSubmission, deps: Deps): Promise<SubmitResult> {
  const result = await receiveSubmission(submission, { ...deps, placement: { kind: 'stream' } });
  await placeSubmission(result.id, deps, { ...SUBMISSION_POLICY, burstHoldMs: 0 });
  return result;
}

export type PlaceOutcome = 'created' | 'replaced' | 'update' | 'limited' | 'gone';

/**
 * Place a received submission: the address-dependent half of a submission.
 * 1. read the address's profile for the role and its mail record;
 * 2. if the last email to the address is still unsent and is the kind this
 *    submission would send, replace it (a burst shares one email, due when
 *    the first was); otherwise, past the hourly allowance, drop the
 *    submission without a word (the answer was given long ago);
 * 3. new address → a pending profile with its verification email;
 *    pending profile → replace it (old links die);
 *    active or paused profile → store the changes aside and email the owner
 *    to confirm them, so nobody can overwrite someone else's profile.
 * Every write is conditioned on the submission being unplaced and on the
 * mail record's revision, so concurrent placements for one address (a burst,
 * stream and sweep at once) go one at a time; one that loses reads again, and
 * after three lost races throws (the stream retries the record, the sweep
 * finds the submission still waiting).
 */
export async function placeSubmission(id: string, deps: Deps, policy = SUBMISSION_POLICY): Promise<PlaceOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await placeOnce(id, deps, policy);
    } catch (error) {
      if (!(error instanceof Conflict) || attempt >= 3) throw error;
    }
  }
}

async function placeOnce(id: string, deps: Deps, policy: typeof SUBMISSION_POLICY): Promise<PlaceOutcome> {
  const received = await deps.profiles.getSubmission(id);
  if (!received) return 'gone';
  const { submission, profile } = received;
  const existingId = await deps.profiles.findProfileIdByEmail(submission.role, submission.email);
  const existing = existingId ? await deps.profiles.getProfile(existingId) : undefined;
  const pending = !existing || existing.status === 'PENDING_VERIFICATION';
  const mail = await deps.profiles.readMailRecord(submission.email);
  const now = deps.clock.now();
  const replaces = replaceableMail(mail, submission.role, existing && { id: existing.id, pending });
  const recent = recentMail(mail, now, policy);
  if (!replaces && recent.length >= policy.emailsPerHour) {
    if (await deps.profiles.dropSubmission(id)) deps.logger.info('Submission dropped: mail limit reached', { submissionId: id });
    return 'limited';
  }
  // Resubmitting is how a person whose address bounced or complained asks for mail again
  // (shared/app/suppression.ts); without this the verification email itself would be suppressed.
  await deps.suppressions.clear(submission.email);

  const dueAt = replaces ? replaces.dueAt : new Date(now.getTime() + policy.burstHoldMs).toISOString();
  const ownerId = existing && !pending ? existing.id : profile.id;
  const queue = (email: OutgoingEmail): OutboxMessage => ({ ...newOutboxMessage(deps, email, ownerId), dueAt });
  const from = (message: OutboxMessage, updateId?: string): PlacementWrites => ({
    submissionId: id,
    email: submission.email,
    replaces,
    mail: {
      rev: mail.rev,
      queuedAt: replaces ? recent : [...recent, now.toISOString()],
      held: { role: submission.role, outbox: { id: message.id, ownerId }, dueAt, profileId: ownerId, updateId },
    },
  });

  if (existing && !pending) {
    const update: PendingUpdate = { id, profileId: existing.id, submission, createdAt: profile.createdAt };
    const message = queue(
      confirmUpdateEmail({
        submission,
        confirmUrl: actionLink(deps, 'confirm-update', `${existing.id}:${update.id}`, CONFIRM_LINK_DAYS),
        eraseUrl: actionLink(deps, 'erase', existing.id, ERASE_LINK_DAYS),
        linkDays: CONFIRM_LINK_DAYS,
      }),
    );
    const expiresAt = new Date(now.getTime() + CONFIRM_LINK_DAYS * 86_400_000);
    await deps.profiles.savePendingUpdate(update, expiresAt, [message], from(message, update.id));
    return 'update';
  }

  const message = queue(
    verifyEmail({
      submission,
      confirmUrl: actionLink(deps, 'confirm-email', profile.id, CONFIRM_LINK_DAYS),
      eraseUrl: actionLink(deps, 'erase', profile.id, ERASE_LINK_DAYS),
      linkDays: PENDING_PROFILE_TTL_DAYS,
    }),
  );
  if (existing) {
    await deps.profiles.replacePendingProfile(existing.id, profile, [message], from(message));
    return 'replaced';
  }
  await deps.profiles.createProfile(profile, [message], from(message));
  return 'created';
}

/** Places waiting submissions, oldest first (the sweep; the stream places each as it arrives). */
export async function placeWaitingSubmissions(deps: Deps, o: { limit?: number; policy?: typeof SUBMISSION_POLICY } = {}) {
  const counts: Record<PlaceOutcome | 'failed', number> = { created: 0, replaced: 0, update: 0, limited: 0, gone: 0, failed: 0 };
  for (const id of await deps.profiles.listUnplacedSubmissions(o.limit ?? 50)) {
    try {
      counts[await placeSubmission(id, deps, o.policy)]++;
    } catch (error) {
      // Left for the next sweep; one that keeps failing is dropped by its TTL with the pending profile's.
      counts.failed++;
      deps.logger.error('Submission not placed', { submissionId: id, error: error instanceof Error ? error.name : 'unknown' });
    }
  }
  return counts;
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
