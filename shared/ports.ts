/**
 * The ports use cases depend on. Adapters in shared/adapters implement them:
 * dynamodb/ and ses/ for Lambda and the local runtime, memory/ for unit tests.
 */
import type { Profile, ProfileSubmission, Role } from './domain/profile';

export interface Clock {
  now(): Date;
}

export interface Ids {
  /** A new unguessable id (UUID v4). */
  next(): string;
}

/** An email rendered and ready to send; stored in the outbox until SES accepts it. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Template name, for logs and metrics only (never personal data). */
  template: string;
}

export type OutboxStatus = 'PENDING' | 'SENDING' | 'SENT' | 'FAILED';

export interface OutboxMessage {
  id: string;
  /** The profile whose erasure also removes this message; absent for mail to an erased person. */
  ownerId?: string;
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

export interface PendingUpdate {
  id: string;
  profileId: string;
  submission: ProfileSubmission;
  createdAt: string;
}

export interface ProfileStore {
  getProfile(id: string): Promise<Profile | undefined>;
  /** The id of the profile holding this email for this role, if any. */
  findProfileIdByEmail(role: Role, email: string): Promise<string | undefined>;
  /** Stores a new pending profile, claims its email and queues mail in one transaction; Conflict if the email is taken. */
  createProfile(profile: Profile, outbox: OutboxMessage[]): Promise<void>;
  /** Replaces a pending profile with a new one (new id) in one transaction; Conflict if `previousId` is no longer pending or owns the email no more. */
  replacePendingProfile(previousId: string, profile: Profile, outbox: OutboxMessage[]): Promise<void>;
  /** Stores changes to an active profile that wait for its owner's confirmation. */
  savePendingUpdate(update: PendingUpdate, expiresAt: Date, outbox: OutboxMessage[]): Promise<void>;
  /** Applies and removes a pending update; LinkUsed if it is gone. */
  applyPendingUpdate(profileId: string, updateId: string, changes: Profile): Promise<void>;
  getPendingUpdate(profileId: string, updateId: string): Promise<PendingUpdate | undefined>;
  /** PENDING_VERIFICATION → ACTIVE; LinkUsed if the profile is not pending. */
  activateProfile(id: string, at: string): Promise<void>;
  /** Deletes every item keyed to the person and queues `outbox` in the same step; false if there was no profile. */
  eraseProfile(id: string, outbox: OutboxMessage[]): Promise<boolean>;
  /** Every item key still stored for this profile (for tests and audits of erasure). */
  countItemsOf(id: string): Promise<number>;
  ping(): Promise<void>;
}

export interface OutboxStore {
  /** Messages due for sending (PENDING with dueAt ≤ now, or SENDING whose lease ran out). */
  dueOutbox(now: Date, limit: number): Promise<OutboxMessage[]>;
  /** Takes a message for sending until `leaseUntil`; undefined if another sender has it or it was sent. */
  claimOutbox(message: Pick<OutboxMessage, 'id' | 'ownerId'>, now: Date, leaseUntil: Date): Promise<OutboxMessage | undefined>;
  /** Records SES's acceptance and drops the body (no personal data kept once sent). */
  markSent(message: Pick<OutboxMessage, 'id' | 'ownerId'>, messageId: string, at: Date): Promise<void>;
  /** Puts a message back for a later try, or marks it FAILED when `retryAt` is undefined. */
  markUnsent(message: Pick<OutboxMessage, 'id' | 'ownerId'>, error: string, retryAt: Date | undefined): Promise<void>;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  /** Resolves when the mail service answers. */
  ping(): Promise<void>;
}

export interface Signer {
  sign(action: string, subject: string, expiresAt: Date): string;
  /** Returns the subject, or throws LinkInvalid / LinkExpired. */
  verify(token: string, action: string, now: Date): string;
}

export interface Logger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export interface AppConfig {
  /** Public base URL of the service, used in email links (no trailing slash). */
  baseUrl: string;
  /** Envelope sender for all mail. */
  mailFrom: string;
}

export interface Deps {
  profiles: ProfileStore;
  outbox: OutboxStore;
  mailer: Mailer;
  signer: Signer;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  config: AppConfig;
}
