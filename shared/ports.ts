/**
 * The ports use cases depend on. Adapters in shared/adapters implement them:
 * dynamodb/ and ses/ for Lambda and the local runtime, memory/ for unit tests.
 * One store per aggregate (profiles, outbox, matches, rounds, suppressions);
 * a store's write that changes another aggregate too (a proposal takes the
 * mentee and queues the mentor's email) is still one transaction.
 */
import type { MetricName } from './domain/metrics';
import type { AuditEntry, AuditPage } from './domain/audit';
import type { Feedback, Match, MatchStatus } from './domain/match';
import type { ProfileWithState } from './domain/matching-state';
import type { OutboxMessage, OutboxRef, OutgoingEmail, SuppressionReason } from './domain/outbox';
import type { PendingUpdate, Profile, ProfileSubmission, Role } from './domain/profile';
import type { Cells } from './domain/report-counters';
import type { RoundDetails, RoundRecord } from './domain/round';
import type { StoredWeights } from './domain/settings';
import type { MailRecord, PlacementWrites } from './domain/submission';
import type { Signer } from './domain/tokens';

// The domain's own types that ports speak in, re-exported so adapters and entry files have one place to import from.
export type { Feedback } from './domain/match';
export type { MatchingState, ProfileWithState } from './domain/matching-state';
export type { OutboxMessage, OutboxRef, OutboxStatus, OutgoingEmail, SuppressionReason } from './domain/outbox';
export type { PendingUpdate } from './domain/profile';
export type { RoundRecord } from './domain/round';
export type { AuditActor, AuditEntry, AuditPage } from './domain/audit';
export type { StoredWeights } from './domain/settings';
export type { Signer } from './domain/tokens';
export type { Cells } from './domain/report-counters';
export type { HeldMail, MailRecord, PlacementWrites } from './domain/submission';
export type { RoundDetails, UnmatchedMentee } from './domain/round';

export interface Clock {
  now(): Date;
}

export interface Ids {
  /** A new unguessable id (UUID v4). */
  next(): string;
}

/** People and their profiles: sign-up, confirmation, changes, pausing, erasure, and the matching state kept beside each profile. */
export interface ProfileStore {
  getProfile(id: string): Promise<Profile | undefined>;
  /** The profile with the matching state kept beside it (not part of what the person submitted). */
  getProfileWithState(id: string): Promise<ProfileWithState | undefined>;
  /** ACTIVE profiles of a role with their matching state (an index query, no scan). */
  listActive(role: Role): Promise<ProfileWithState[]>;
  /** The id of the profile holding this email for this role, if any. */
  findProfileIdByEmail(role: Role, email: string): Promise<string | undefined>;
  /**
   * Stores a submission as received: one item of the same shape whatever the address (the profile it
   * would become, keyed by its fresh id), so answering takes the same time for every address. It reads
   * as that pending profile (getProfile) but holds no claim on the address until placed.
   */
  receiveSubmission(profile: Profile, submission: ProfileSubmission): Promise<void>;
  /** A received submission not yet placed; undefined once placed or dropped. */
  getSubmission(id: string): Promise<{ profile: Profile; submission: ProfileSubmission } | undefined>;
  /** Ids of submissions waiting to be placed, oldest first (an index; for the sweep). */
  listUnplacedSubmissions(limit: number): Promise<string[]>;
  /** Removes a submission without placing it; false if it was placed or dropped already. */
  dropSubmission(id: string): Promise<boolean>;
  /** The address's mail record (both roles); `held` only while that email is still unsent. */
  readMailRecord(email: string): Promise<MailRecord>;
  /**
   * Stores a new pending profile, claims its email and queues mail in one transaction; Conflict if the email is taken.
   * `from`: the submission this places and the mail record it was decided from (Conflict if either changed).
   */
  createProfile(profile: Profile, outbox: OutboxMessage[], from?: PlacementWrites): Promise<void>;
  /** Replaces a pending profile with a new one (new id) in one transaction; Conflict if `previousId` is no longer pending or owns the email no more. */
  replacePendingProfile(previousId: string, profile: Profile, outbox: OutboxMessage[], from?: PlacementWrites): Promise<void>;
  /** Stores changes to an active profile that wait for its owner's confirmation. */
  savePendingUpdate(update: PendingUpdate, expiresAt: Date, outbox: OutboxMessage[], from?: PlacementWrites): Promise<void>;
  /** Applies and removes a pending update; LinkUsed if it is gone. */
  applyPendingUpdate(profileId: string, updateId: string, changes: Profile): Promise<void>;
  getPendingUpdate(profileId: string, updateId: string): Promise<PendingUpdate | undefined>;
  /** PENDING_VERIFICATION → ACTIVE; LinkUsed if the profile is not pending. */
  activateProfile(id: string, at: string): Promise<void>;
  /** ACTIVE ↔ PAUSED, with its email. Conflict if the profile is not in the `from` state. */
  setPaused(profileId: string, paused: boolean, at: string, outbox: OutboxMessage[]): Promise<void>;
  /**
   * The first step of an erasure: marks the profile so that from now on no move puts the person in a live
   * match or queues mail describing them (MatchStore's propose, accept, end other than the erasure's,
   * markReminded; savePendingUpdate, applyPendingUpdate, replacePendingProfile all refuse). Keeps an earlier
   * mark; false if there is no profile.
   */
  beginErasure(id: string, at: string): Promise<boolean>;
  /** Deletes every item keyed to the person and queues `outbox` in the same step; false if there was no profile. */
  eraseProfile(id: string, outbox: OutboxMessage[]): Promise<boolean>;
  /** Every item key still stored for this profile (for tests and audits of erasure). */
  countItemsOf(id: string): Promise<number>;
  /** Resolves when the table answers. */
  ping(): Promise<void>;
  /**
   * Profiles of a role in a status, newest first, a page at a time, with their matching state (the index
   * behind listActive; no scan). For the admin lists; `before` is the `next` of the previous page.
   */
  listProfiles(role: Role, status: Profile['status'], page: { limit: number; before?: string }): Promise<{ profiles: ProfileWithState[]; next?: string }>;
  /** Profiles of a role in a status with their matching state (an index query, no scan); for rebuilding the report's counters. */
  listByStatus(role: Role, status: 'ACTIVE' | 'PAUSED'): Promise<ProfileWithState[]>;
}

/** Email waiting to be sent. Messages are queued by the other stores' writes; the sender works through them here. */
export interface OutboxStore {
  /** Messages due for sending (PENDING with dueAt ≤ now, or SENDING whose lease ran out). */
  dueOutbox(now: Date, limit: number): Promise<OutboxMessage[]>;
  /** Takes a message for sending until `leaseUntil`; undefined if another sender has it or it was sent. */
  claimOutbox(message: OutboxRef, now: Date, leaseUntil: Date): Promise<OutboxMessage | undefined>;
  /** Records SES's acceptance and drops the body (no personal data kept once sent). */
  markSent(message: OutboxRef, messageId: string, at: Date): Promise<void>;
  /** Puts a message back for a later try, or marks it FAILED when `retryAt` is undefined. */
  markUnsent(message: OutboxRef, error: string, retryAt: Date | undefined): Promise<void>;
  /** Deletes the owner's unsent (PENDING) messages about this match; returns how many. */
  discardUnsentMail(ownerId: string, matchId: string): Promise<number>;
}

/** Matches and their lifecycle. Each move also updates both people's matching state (see ProfileStore) in the same transaction. */
export interface MatchStore {
  getMatch(id: string): Promise<Match | undefined>;
  /** Ids of every match the person is or was in (their own partition; no index needed). */
  listMatchIdsOf(personId: string): Promise<string[]>;
  /** Matches in a status, oldest proposal first (an index query). */
  listMatches(status: MatchStatus): Promise<Match[]>;
  /**
   * Writes one proposal with its email. Conflict when the mentee already has an
   * open match, either profile is no longer ACTIVE or is being erased: that is how two rounds at
   * once never propose the same mentee twice. `seen` is the two people as the
   * caller read them (a round): the store then reads neither again, and a
   * Conflict also means one of them changed since.
   */
  propose(match: Match, outbox: OutboxMessage[], seen?: { mentee: ProfileWithState; mentor: ProfileWithState }): Promise<void>;
  /**
   * PROPOSED → ACCEPTED and one of the mentor's places, in one transaction. AlreadyDecided (also when either
   * person is erased or being erased: the erasure closes the proposal) or CapacityReached.
   */
  accept(matchId: string, changes: Pick<Match, 'rhythm' | 'durationMonths' | 'decidedAt'>, outbox: OutboxMessage[]): Promise<void>;
  /** PROPOSED → DECLINED or EXPIRED; the mentee returns to the pool and the pair is closed. AlreadyDecided. Returns the mentor's expiries in a row. */
  close(matchId: string, status: 'DECLINED' | 'EXPIRED', changes: Pick<Match, 'decidedAt' | 'declineReason' | 'withdrawnBy'>, outbox: OutboxMessage[]): Promise<{ expiriesInRow: number }>;
  /**
   * ACCEPTED → ENDED; frees the mentor's place and the mentee. AlreadyDecided if not accepted, or, unless
   * `endedBy` is 'erasure', once either person's erasure has begun (the erasure ends it, without mail naming them).
   */
  end(matchId: string, changes: Pick<Match, 'endedAt' | 'endedBy'>, outbox: OutboxMessage[]): Promise<void>;
  /** Records that the reminder went; false if it already had, the proposal was answered, or either person is being erased. */
  markReminded(matchId: string, at: string, outbox: OutboxMessage[]): Promise<boolean>;
  /** One answer per person per match; false if they already answered. */
  saveFeedback(feedback: Feedback): Promise<boolean>;
  listFeedback(matchId: string): Promise<Feedback[]>;
}

/** Matching rounds: the lease that lets one round run at a time, and the record each round leaves. */
export interface RoundStore {
  /** Takes the round lease until `until`; false while another round holds it. */
  acquireRoundLock(owner: string, now: Date, until: Date): Promise<boolean>;
  /** Gives the lease back; does nothing if `owner` no longer holds it. */
  releaseRoundLock(owner: string): Promise<void>;
  /** Stores a round's record (and who it left unmatched); saving the same id again replaces it. */
  saveRound(round: RoundRecord, details?: RoundDetails): Promise<void>;
  /** Round records, newest first; `range` keeps those started in it (ISO timestamps or their prefixes such as a month, inclusive; either end open). */
  listRounds(limit: number, range?: { from?: string; to?: string }): Promise<RoundRecord[]>;
  /** Who a round left unmatched, if it recorded that. */
  getRoundDetails(roundId: string): Promise<RoundDetails | undefined>;
}

/**
 * The programme report's counters (shared/domain/report-counters.ts). The
 * profile and match stores add to them in the same transactions as the
 * state changes they count; this store only reads them, counts pending
 * profiles from their index, and replaces them all when they are rebuilt.
 */
export interface ReportStore {
  /** The counter cells summed over their shards: all current-state and waiting cells, and month cells in `months` (yyyy-mm, inclusive). `region` narrows all three. */
  readCounters(scope: { region?: string; months?: { from?: string; to?: string } }): Promise<Cells>;
  /** people|<role>|PENDING_VERIFICATION|<region>|<type> cells for unconfirmed, unexpired profiles (an index query, no scan). */
  countPending(): Promise<Cells>;
  /** Replaces every counter with `cells` (the rebuild). Not atomic: run it while nothing else writes. */
  replaceCounters(cells: Cells): Promise<void>;
}

/**
 * Addresses SES told us not to email again. Keyed by the address (compared
 * case-insensitively); the sender checks it before every send, and a new
 * profile submission for the address lifts it.
 */
export interface SuppressionStore {
  suppress(email: string, reason: SuppressionReason, at: string): Promise<void>;
  isSuppressed(email: string): Promise<boolean>;
  clear(email: string): Promise<void>;
}

/**
 * The admin audit log. Entries hold ids and non-personal details only, live
 * outside people's partitions (erasure never touches them) and expire after
 * two years. Listed newest first, a page at a time, from an index (no scan).
 */
export interface AuditStore {
  record(entry: AuditEntry): Promise<void>;
  /** Newest first; `before` is the `next` of the previous page. */
  listAudit(o: { limit: number; before?: string }): Promise<AuditPage>;
  /** Entries about one person, match or round, newest first. */
  listAuditOf(targetId: string, limit: number): Promise<AuditEntry[]>;
}

/** Settings admins change at run time: the matching weights. */
export interface SettingsStore {
  getWeights(): Promise<StoredWeights | undefined>;
  saveWeights(weights: StoredWeights): Promise<void>;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
  /** Resolves when the mail service answers. */
  ping(): Promise<void>;
}

export interface Logger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/**
 * Operational figures (in Lambda, CloudWatch metrics written with the logs;
 * shared/domain/metrics.ts names them). Counts and durations only, never
 * personal data. Entries publish what was recorded at the end of each
 * invocation.
 */
export interface Metrics {
  /** Adds `n` (default 1) to a count. */
  count(name: MetricName, n?: number): void;
  /** Records a duration in milliseconds. */
  timing(name: MetricName, ms: number): void;
}

export interface AppConfig {
  /** Public base URL of the service, used in email links (no trailing slash). */
  baseUrl: string;
  /** Envelope sender for all mail. */
  mailFrom: string;
}

/** What the last weekly summary to admins said, so the next one can say what changed. */
export interface WeeklySummaryRecord {
  /** The ISO week it was for, e.g. `2026-W49`: one summary a week. */
  week: string;
  sentAt: string;
  headline: Record<string, number>;
}

export interface SummaryStore {
  lastWeeklySummary(): Promise<WeeklySummaryRecord | undefined>;
  /**
   * Records this week's summary and queues its emails in one step; false
   * (nothing queued) if this week's is recorded already, unless `replace`.
   */
  recordWeeklySummary(record: WeeklySummaryRecord, outbox: OutboxMessage[], o?: { replace?: boolean }): Promise<boolean>;
}

/**
 * Who places a received submission (shared/app/intake.ts). In AWS (the
 * default) the table's stream hands it to the outbox function; the local
 * runtime wakes its own runner; unit tests on the memory stores place it
 * before answering.
 */
export type SubmissionPlacement = { kind: 'stream' } | { kind: 'runner'; wake(): void } | { kind: 'inline' };

export interface Deps {
  /** Absent: the stream places submissions (AWS). */
  placement?: SubmissionPlacement;
  profiles: ProfileStore;
  outbox: OutboxStore;
  matches: MatchStore;
  rounds: RoundStore;
  suppressions: SuppressionStore;
  summaries: SummaryStore;
  mailer: Mailer;
  signer: Signer;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  metrics: Metrics;
  config: AppConfig;
  audit: AuditStore;
  settings: SettingsStore;
  reports: ReportStore;
}

/** A signed-in user, as the identity provider vouches for them. */
export interface VerifiedUser {
  subject: string;
  email?: string;
  groups: string[];
}

/**
 * Checks admin sign-in tokens (signature, issuer, audience, expiry). The
 * same adapter serves AWS (Cognito's keys) and the local runtime (a local key).
 */
export interface AdminTokenVerifier {
  /** The user if the token is valid, undefined if it is not. Throws only when the keys cannot be had. */
  verify(token: string): Promise<VerifiedUser | undefined>;
}

/**
 * How an admin signs in. In AWS, Cognito's managed login (authorization code
 * with PKCE); locally, a page that issues a local token at once.
 */
export type AdminSignIn =
  | {
      kind: 'cognito';
      /** The managed login page to send the browser to. */
      authorizeUrl(o: { state: string; codeChallenge: string; redirectUri: string }): string;
      /** Exchanges the callback's code for an ID token; undefined if Cognito refuses it. */
      exchangeCode(o: { code: string; codeVerifier: string; redirectUri: string }): Promise<string | undefined>;
      /** Where signing out ends (Cognito's logout, which comes back to `returnTo`). */
      logoutUrl(returnTo: string): string;
    }
  | {
      kind: 'local';
      /** An ID token for the local admin (or, for trying 403s, a user outside the admins group). */
      issue(o: { admin: boolean }): string;
    };
