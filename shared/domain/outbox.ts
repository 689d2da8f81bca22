/**
 * Email on its way out. A use case renders an OutgoingEmail and writes it as
 * an OutboxMessage in the same transaction as the change that causes it; the
 * sender takes it from there (shared/app/outbox.ts).
 */

/** An email rendered and ready to send; stored in the outbox until SES accepts it. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Template name, for logs and metrics only (never personal data). */
  template: string;
}

export const OUTBOX_STATUSES = ['PENDING', 'SENDING', 'SENT', 'FAILED'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxMessage {
  id: string;
  /** The profile whose erasure also removes this message; absent for mail to an erased person. */
  ownerId?: string;
  /** The match this message is about: erasing the other person discards it unsent, as it describes them. */
  matchId?: string;
  email: OutgoingEmail;
  status: OutboxStatus;
  attempts: number;
  createdAt: string;
  /** When the sender should next try. */
  dueAt: string;
  sentAt?: string;
  messageId?: string;
  lastError?: string;
}

/** What names one message: its id and, while its owner exists, the owner. */
export type OutboxRef = Pick<OutboxMessage, 'id' | 'ownerId'>;

/** Why an address may not be emailed: SES reported a permanent bounce or a complaint. */
export const SUPPRESSION_REASONS = ['bounce', 'complaint'] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

/**
 * An email that can never be sent as it is (text no encoder can carry):
 * retrying cannot help, so the sender fails it at once and moves on.
 */
export class UnsendableEmail extends Error {
  override readonly name = 'UnsendableEmail';
}
