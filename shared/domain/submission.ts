/**
 * What placing a profile submission depends on besides the address's profile:
 * the address's mail record. A submission is answered at once and placed
 * afterwards (shared/app/intake.ts); the record lets placing it send at most
 * a few emails an hour to one address, and lets a burst of submissions share
 * one email instead of sending one each.
 */
import type { OutboxRef } from './outbox';
import type { Role } from './profile';

export const SUBMISSION_POLICY = {
  /** Verification and confirm-changes emails one address gets in any hour; a submission past it is dropped, silently. */
  emailsPerHour: 3,
  windowMs: 60 * 60_000,
  /**
   * How long a new verification or confirm-changes email waits before it is
   * sent when placed from the stream: submissions for the address placed
   * meanwhile replace it instead of adding one (a double click, a script).
   */
  burstHoldMs: 2_000,
};

/** The last email queued for an address, while it may still be unsent: what a submission in the same burst replaces. */
export interface HeldMail {
  role: Role;
  outbox: OutboxRef;
  dueAt: string;
  /** The pending profile it verifies, or the active profile whose update it confirms. */
  profileId: string;
  /** Set for a confirm-changes email: the pending update it confirms. */
  updateId?: string;
}

/** One address's recent verification and confirm-changes emails (both roles). */
export interface MailRecord {
  /** The revision read; a placement is conditioned on it, so placements for one address never interleave. */
  rev: number;
  /** When each email in the last hour was queued (ISO), oldest first. */
  queuedAt: string[];
  /** The last email, only while it is still waiting in the outbox unsent. */
  held?: HeldMail;
}

/** The emails of the last hour at `now`. */
export function recentMail(record: MailRecord, now: Date, policy = SUBMISSION_POLICY): string[] {
  const since = new Date(now.getTime() - policy.windowMs).toISOString();
  return record.queuedAt.filter((at) => at > since);
}

/**
 * The held email a submission for `role` may replace: the one for the
 * profile now holding the address, of the kind this submission would send
 * (a confirm-changes email for an active profile, a verification email for a
 * pending one).
 */
export function replaceableMail(record: MailRecord, role: Role, holder: { id: string; pending: boolean } | undefined): HeldMail | undefined {
  const held = record.held;
  if (!held || !holder || held.role !== role || held.profileId !== holder.id) return undefined;
  return holder.pending === (held.updateId === undefined) ? held : undefined;
}

/** What placing a submission writes besides its own change: the submission it consumes and the address's mail record. */
export interface PlacementWrites {
  submissionId: string;
  email: string;
  /** The mail record as it must be after the placement; its `rev` is the one read. */
  mail: MailRecord;
  /** The held email (and its update) this submission replaces, deleted in the same write while still unsent. */
  replaces?: HeldMail;
}
