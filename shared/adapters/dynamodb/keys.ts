/**
 * Every key of the one table is built here. Access patterns:
 *
 * | pattern                                   | index | key                                                     |
 * | ----------------------------------------- | ----- | ------------------------------------------------------- |
 * | profile by id                             | table | pk PROFILE#<id>, sk PROFILE                              |
 * | profile id by role and email (uniqueness) | table | pk EMAIL#<role>#<sha256(email)>, sk EMAIL                |
 * | submission not yet placed (same key as the profile it would become) | table | pk PROFILE#<id>, sk PROFILE |
 * | submissions waiting to be placed (sweep)  | gsi1  | gsi1pk SUBMISSIONS, gsi1sk <receivedAt>#<id> (sparse)     |
 * | an address's recent verification mail     | table | pk MAIL#<sha256(email)>, sk MAIL                         |
 * | pending update of a profile               | table | pk PROFILE#<id>, sk UPDATE#<updateId>                    |
 * | outbox message of a person                | table | pk PROFILE#<id>, sk OUTBOX#<messageId>                   |
 * | outbox message to an erased person        | table | pk OUTBOX#<messageId>, sk OUTBOX#<messageId>             |
 * | everything of a person (erasure)          | table | Query pk PROFILE#<id>                                    |
 * | profiles by role and status (rounds)      | gsi1  | gsi1pk PROFILES#<role>#<status>, gsi1sk <createdAt>#<id> |
 * | outbox messages due for sending           | gsi1  | gsi1pk OUTBOX#DUE, gsi1sk <dueAt>#<messageId> (sparse)   |
 * | match by id                               | table | pk MATCH#<id>, sk MATCH                                  |
 * | a person's matches (erasure, ending)      | table | pk PROFILE#<id>, sk MATCH#<matchId> (reference items)    |
 * | feedback on a match                       | table | pk MATCH#<id>, sk FEEDBACK#<mentee or mentor>            |
 * | matches by status, oldest first           | gsi1  | gsi1pk MATCHES#<status>, gsi1sk <proposedAt>#<id>        |
 * | the round lease (one round at a time)     | table | pk LOCK#ROUND, sk LOCK                                   |
 * | round by id                               | table | pk ROUND#<id>, sk ROUND                                  |
 * | rounds, newest first                      | gsi1  | gsi1pk ROUNDS, gsi1sk <startedAt>#<id>                   |
 * | suppressed address (bounce, complaint)    | table | pk SUPPRESSED#<sha256(email)>, sk SUPPRESSED             |
 * | health check (never written)              | table | pk HEALTH, sk HEALTH                                    |
 * | the last weekly summary to admins         | table | pk SUMMARY#WEEKLY, sk SUMMARY                            |
 * | audit entry, by what it is about          | table | pk AUDIT#<targetId or PROGRAMME>, sk <at>#<entryId>       |
 * | audit log, newest first (paged)           | gsi1  | gsi1pk AUDIT, gsi1sk <at>#<entryId>                      |
 * | matching weights (admin setting)          | table | pk CONFIG#WEIGHTS, sk CONFIG                             |
 * | who a round left unmatched (report)       | table | pk ROUND#<id>, sk UNMATCHED                              |
 * | report counters: the state now            | table | pk REPORT#STATE, sk <region>#<shard>                     |
 * | report counters: waiting, by since-month  | table | pk REPORT#WAITING, sk <yyyy-mm>#<shard>                  |
 * | report counters: history, by month        | table | pk REPORT#MONTHS, sk <yyyy-mm>#<shard>                   |
 * | pending profiles (report)                 | gsi1  | gsi1pk PROFILES#<role>#PENDING_VERIFICATION, filter expiresAt |
 *
 * The email is hashed in its key so keys, which appear in logs and metrics,
 * carry no personal data; the address itself lives only in the profile item.
 * Prefixes are spelled only here: other modules build keys and begins_with
 * values with these builders and read keys back with the parsers (a unit test,
 * tests/unit/key-literals.test.ts, fails on a prefix literal anywhere else).
 * OUTBOX#DUE is one partition: fine for thousands of emails a day, the scale
 * of this programme; shard it by a suffix if that ever changes. The audit
 * log's index partition (AUDIT) takes a few hundred admin actions a month.
 * Audit entries live outside people's partitions, so erasing a person never
 * deletes them (they hold ids, never a participant's personal data).
 * of this programme; shard it by a suffix if that ever changes.
 * Report counters (docs/reports.md) are items of cells: the state now one
 * per region and shard, waiting and history one per month and shard. A
 * transaction adds to one shard picked at random, so concurrent
 * transactions rarely touch the same item, and a report reads the three
 * partitions (a month range is a sort-key range) and sums them.
 */
import { createHash } from 'node:crypto';
import type { Role } from '../../domain/profile';

export interface Key {
  pk: string;
  sk: string;
}

const PROFILE = 'PROFILE#';
const OUTBOX = 'OUTBOX#';
const MATCH = 'MATCH#';
const FEEDBACK = 'FEEDBACK#';
const OUTBOX_DUE = 'OUTBOX#DUE';
const ROUNDS = 'ROUNDS';
const SUBMISSIONS = 'SUBMISSIONS';
const AUDIT = 'AUDIT';
const REPORT_PARTITIONS = { state: 'REPORT#STATE', waiting: 'REPORT#WAITING', month: 'REPORT#MONTHS' } as const;
export type CounterKind = keyof typeof REPORT_PARTITIONS;

/** Lower-cased and trimmed before hashing, so case and stray spaces name the same person. */
const emailHash = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

/** `<time>#<id>`: index sort keys order by time, and the id keeps equal times apart. */
const timeSort = (at: string, id: string) => `${at}#${id}`;

export const keys = {
  profile: (id: string): Key => ({ pk: `${PROFILE}${id}`, sk: 'PROFILE' }),
  /** The profile item itself, as opposed to the other items in the person's partition. */
  isProfileItem: (key: Key) => key.sk === 'PROFILE',
  personPartition: (id: string) => `${PROFILE}${id}`,
  email: (role: Role, email: string): Key => ({
    pk: `EMAIL#${role}#${emailHash(email)}`,
    sk: 'EMAIL',
  }),
  update: (profileId: string, updateId: string): Key => ({ pk: `${PROFILE}${profileId}`, sk: `UPDATE#${updateId}` }),
  profilesByStatus: (role: Role, status: string) => ({ gsi1pk: `PROFILES#${role}#${status}` }),
  submissionsWaiting: (receivedAt: string, id: string) => ({ gsi1pk: SUBMISSIONS, gsi1sk: timeSort(receivedAt, id) }),
  SUBMISSIONS,
  /** Both roles of an address share one record: the limit is on the mail an address gets. */
  mailRecord: (email: string): Key => ({ pk: `MAIL#${emailHash(email)}`, sk: 'MAIL' }),
  profileIndexSort: timeSort,

  outbox: (id: string, ownerId?: string): Key =>
    ownerId ? { pk: `${PROFILE}${ownerId}`, sk: `${OUTBOX}${id}` } : { pk: `${OUTBOX}${id}`, sk: `${OUTBOX}${id}` },
  /** begins_with value for the sort keys of a person's outbox messages. */
  outboxPrefix: OUTBOX,
  /** The message an outbox key names (the inverse of `outbox`); undefined for any other item. */
  outboxRefOf: (pk: string, sk: string): { id: string; ownerId?: string } | undefined => {
    if (!sk.startsWith(OUTBOX)) return undefined;
    const id = sk.slice(OUTBOX.length);
    return pk.startsWith(PROFILE) ? { id, ownerId: pk.slice(PROFILE.length) } : { id };
  },
  outboxDue: (dueAt: string, id: string) => ({ gsi1pk: OUTBOX_DUE, gsi1sk: timeSort(dueAt, id) }),
  /** The highest due-index sort key at `at`: every message due at or before it sorts below ('~' follows every id character). */
  outboxDueUntil: (at: string) => `${at}#~`,
  OUTBOX_DUE,

  match: (id: string): Key => ({ pk: `${MATCH}${id}`, sk: 'MATCH' }),
  matchRef: (personId: string, matchId: string): Key => ({ pk: `${PROFILE}${personId}`, sk: `${MATCH}${matchId}` }),
  /** begins_with value for the sort keys of a person's match references. */
  matchRefPrefix: MATCH,
  matchesByStatus: (status: string) => ({ gsi1pk: `MATCHES#${status}` }),
  matchIndexSort: timeSort,
  feedback: (matchId: string, from: string): Key => ({ pk: `${MATCH}${matchId}`, sk: `${FEEDBACK}${from}` }),
  /** begins_with value for the sort keys of a match's feedback items. */
  feedbackPrefix: FEEDBACK,

  roundLock: (): Key => ({ pk: 'LOCK#ROUND', sk: 'LOCK' }),
  round: (id: string): Key => ({ pk: `ROUND#${id}`, sk: 'ROUND' }),
  roundsIndex: (startedAt: string, id: string) => ({ gsi1pk: ROUNDS, gsi1sk: timeSort(startedAt, id) }),
  ROUNDS,

  suppression: (email: string): Key => ({ pk: `SUPPRESSED#${emailHash(email)}`, sk: 'SUPPRESSED' }),
  /** Never written: reading it proves the table answers. */
  health: (): Key => ({ pk: 'HEALTH', sk: 'HEALTH' }),
  weeklySummary: (): Key => ({ pk: 'SUMMARY#WEEKLY', sk: 'SUMMARY' }),


  /** Entries without a person, match or round (a weights change) sit in the programme's partition. */
  audit: (targetId: string | undefined, at: string, id: string): Key => ({ pk: `AUDIT#${targetId ?? 'PROGRAMME'}`, sk: timeSort(at, id) }),
  auditPartition: (targetId: string) => `AUDIT#${targetId}`,
  auditIndex: (at: string, id: string) => ({ gsi1pk: AUDIT, gsi1sk: timeSort(at, id) }),
  AUDIT,

  weights: (): Key => ({ pk: 'CONFIG#WEIGHTS', sk: 'CONFIG' }),

  roundDetails: (id: string): Key => ({ pk: `ROUND#${id}`, sk: 'UNMATCHED' }),
  /** The counter item for one kind of cell and shard: the state by region, waiting and history by month. */
  reportCounter: (kind: CounterKind, region: string, shard: number, month?: string): Key => ({
    pk: REPORT_PARTITIONS[kind],
    sk: kind === 'state' ? `${region}#${shard}` : `${month}#${shard}`,
  }),
  reportPartition: (kind: CounterKind) => REPORT_PARTITIONS[kind],
  /** What a counter item's key names (the inverse of `reportCounter`); undefined for any other item. */
  reportCounterOf: (key: Key): { kind: CounterKind; region?: string; month?: string } | undefined => {
    const kind = (Object.keys(REPORT_PARTITIONS) as CounterKind[]).find((k) => REPORT_PARTITIONS[k] === key.pk);
    if (!kind) return undefined;
    const [first] = key.sk.split('#');
    return kind === 'state' ? { kind, region: first } : { kind, month: first };
  },
  REPORT_KINDS: Object.keys(REPORT_PARTITIONS) as CounterKind[],
  /** begins_with value for one region's current-state counter items. */
  reportRegionPrefix: (region: string) => `${region}#`,
  /** Sort-key bounds (BETWEEN, inclusive) of the month items from `from` to `to` (yyyy-mm; either open). */
  reportMonthBounds: (from?: string, to?: string) => ({ low: from ?? '0000-00', high: `${to ?? '9999-99'}#~` }),
};
