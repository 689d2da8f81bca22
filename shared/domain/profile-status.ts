/**
 * The profile state machine. Stores enforce it with conditional writes; this
 * table is the single statement of which moves are allowed.
 *
 *   PENDING_VERIFICATION --confirm-email--> ACTIVE --pause--> PAUSED --resume--> ACTIVE
 *   any state --erase--> (deleted)
 *   PENDING_VERIFICATION --resubmit--> (replaced by a new pending profile)
 */
import type { ProfileStatus } from './profile';

export type ProfileEvent = 'confirm-email' | 'pause' | 'resume' | 'resubmit' | 'update' | 'erase';

const NEXT: Record<ProfileStatus, Partial<Record<ProfileEvent, ProfileStatus | 'DELETED' | 'REPLACED'>>> = {
  PENDING_VERIFICATION: { 'confirm-email': 'ACTIVE', resubmit: 'REPLACED', erase: 'DELETED' },
  ACTIVE: { pause: 'PAUSED', update: 'ACTIVE', erase: 'DELETED' },
  PAUSED: { resume: 'ACTIVE', update: 'PAUSED', erase: 'DELETED' },
};

/** The state after `event`, or undefined when the event is not allowed in `status`. */
export function nextProfileStatus(status: ProfileStatus, event: ProfileEvent) {
  return NEXT[status][event];
}

/** How long an unconfirmed profile lives before DynamoDB's TTL removes it. */
export const PENDING_PROFILE_TTL_DAYS = 7;
/** How long confirm-email and confirm-update links work. */
export const CONFIRM_LINK_DAYS = 7;
/** How long the "delete my profile" link in an email works. */
export const ERASE_LINK_DAYS = 90;
