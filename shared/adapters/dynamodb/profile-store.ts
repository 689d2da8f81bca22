/**
 * ProfileStore on DynamoDB: the only code that writes profile items, email
 * claims and pending updates. The profile item holds what the person
 * submitted under `data` and the matching state beside it as top-level
 * attributes (openMatchId, excludedMentorIds, acceptedCount, proposedCount,
 * expiriesInRow). The match lifecycle changes that state in its own
 * transactions through the TransactItem builders exported at the end of this
 * file (match-store.ts composes them), so every write to a profile item is
 * built here.
 *
 * Erasure deletes every item in the person's partition by key, whichever
 * store wrote it (their outbox messages, their match references): the
 * partition is the unit of erasure, and a delete by key depends on no item's
 * layout. Before that it marks the profile item (`erasingAt`, beginErasure):
 * from then on the moves that would put the person in a live match or queue
 * mail describing them (propose, accept, a person's end, reminders, pending
 * updates) fail their condition on the mark, so the erasure closes a set of
 * matches that can only shrink (docs/decisions.md, "Erasure racing").
 *
 * Invariants are condition expressions, each commented with the race it
 * prevents; a failed condition becomes a domain error (Conflict or LinkUsed).
 * Items carry a `type` and are parsed back through zod.
 *
 * The programme report's counters change in the same transactions, by what
 * the person adds after the change less what they added before
 * (shared/domain/report-counters.ts). Every write that changes what a
 * person's contribution depends on (their data, accepted matches, open match
 * or waiting time) adds one to the item's `rev`; a write whose counter change
 * depends on what it read is conditioned on the `rev` it read, and reads
 * again if another write got in between (`optimistic` in ./client.ts).
 * Proposals awaiting an answer (`proposedCount`) only ever add or take one
 * from the mentor's `proposing` cell, so they leave `rev` alone: fifty
 * proposals to one mentor in a round do not make each other read again.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { Conflict, LinkUsed } from '../../domain/errors';
import { freshMatchingState, matchingMoves, type MatchingState, type ProfileWithState } from '../../domain/matching-state';
import type { OutboxMessage } from '../../domain/outbox';
import { ProfileSubmission, StoredProfile, type PendingUpdate, type Profile, type Role } from '../../domain/profile';
import { PENDING_PROFILE_TTL_DAYS } from '../../domain/profile-status';
import { personDelta } from '../../domain/report-counters';
import { SUBMISSION_POLICY, type HeldMail, type MailRecord, type PlacementWrites } from '../../domain/submission';
import type { Clock, ProfileStore } from '../../ports';
import { conditionFailed, DAY_MS, documentClient, epoch, optimistic, queryAll, Stale, transactWrite, type TransactItem } from './client';
import { keys, type Key } from './keys';
import { OutboxItem, outboxPuts } from './outbox-store';
import { counterUpdates } from './report-store';

const UpdateItem = z.object({
  id: z.string(),
  profileId: z.string(),
  submission: ProfileSubmission,
  createdAt: z.string(),
});

const NAMES = { '#data': 'data', '#status': 'status' };

const HeldItem = z.object({
  role: z.enum(['mentee', 'mentor']),
  outbox: z.object({ id: z.string(), ownerId: z.string().optional() }),
  dueAt: z.string(),
  profileId: z.string(),
  updateId: z.string().optional(),
});

const MailItem = z.object({ rev: z.number(), queuedAt: z.array(z.string()), held: HeldItem.optional() });

function stateOf(item: Record<string, unknown>): MatchingState {
  const set = item.excludedMentorIds;
  return {
    openMatchId: typeof item.openMatchId === 'string' ? item.openMatchId : undefined,
    excludedMentorIds: set instanceof Set ? [...(set as Set<string>)].sort() : [],
    acceptedCount: Number(item.acceptedCount ?? 0),
    proposedCount: Number(item.proposedCount ?? 0),
    expiriesInRow: Number(item.expiriesInRow ?? 0),
    waitingSince: typeof item.waitingSince === 'string' ? item.waitingSince : undefined,
  };
}

const withState = (item: Record<string, unknown>): ProfileWithState => ({ ...(StoredProfile.parse(item.data) as Profile), matching: stateOf(item) });

/** A profile item as read, with the revision a write conditioned on it must still find. */
export interface ProfileRead {
  profile: ProfileWithState;
  rev: number;
  /** An erasure has begun (beginErasure): the person is in no new match and described in no new email. */
  erasing: boolean;
}

/** The profile item now (a consistent read), with its revision; undefined if there is none. */
export async function readProfile(doc: DynamoDBDocumentClient, tableName: string, id: string): Promise<ProfileRead | undefined> {
  const out = await doc.send(new GetCommand({ TableName: tableName, Key: keys.profile(id), ConsistentRead: true }));
  return out.Item ? { profile: withState(out.Item), rev: Number(out.Item.rev ?? 0), erasing: out.Item.erasingAt !== undefined } : undefined;
}

/** The condition that no erasure of the person has begun (beginErasure sets `erasingAt`). */
const NOT_ERASING = 'attribute_not_exists(erasingAt)';

/** The condition that the item is still at the revision read (items written before revisions have none: 0). */
function atRev(rev: number): { expression: string; values: Record<string, number> } {
  return rev === 0 ? { expression: 'attribute_not_exists(rev)', values: {} } : { expression: 'rev = :rev', values: { ':rev': rev } };
}

/** The revision read and the proposals read, for a write whose counter change takes away everything the person added. */
function unchanged(read: ProfileRead): { expression: string; values: Record<string, number> } {
  const rev = atRev(read.rev);
  const proposed = read.profile.matching.proposedCount;
  return {
    expression: `${rev.expression} AND ${proposed === 0 ? '(attribute_not_exists(proposedCount) OR proposedCount = :proposed)' : 'proposedCount = :proposed'}`,
    values: { ...rev.values, ':proposed': proposed },
  };
}

/** The condition that a mentor is still counted where they were read (their region and council type). */
function countedIn(p: { region: string; councilType: string }) {
  return { expression: '#data.#region = :region AND #data.councilType = :councilType', values: { ':region': p.region, ':councilType': p.councilType } };
}

/** SET or REMOVE of a mentee's waitingSince, for an update expression. */
function waitingClause(waitingSince: string | undefined): { set?: string; remove?: string; values: Record<string, string> } {
  return waitingSince === undefined ? { remove: 'waitingSince', values: {} } : { set: 'waitingSince = :waitingSince', values: { ':waitingSince': waitingSince } };
}

export class DynamoProfileStore implements ProfileStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {
    this.doc = documentClient(client);
  }

  private nowEpoch() {
    return epoch(this.clock.now().getTime());
  }

  private pendingExpiry() {
    return epoch(this.clock.now().getTime() + PENDING_PROFILE_TTL_DAYS * DAY_MS);
  }

  /** TTL deletion lags by up to two days, so reads treat an item past its expiry as gone. */
  private alive(item: Record<string, unknown> | undefined) {
    if (!item) return undefined;
    const expiresAt = item.expiresAt;
    return typeof expiresAt === 'number' && expiresAt <= this.nowEpoch() ? undefined : item;
  }

  private async get(key: Key) {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return this.alive(out.Item);
  }

  private profileItem(profile: Profile, expiresAt?: number) {
    return {
      ...keys.profile(profile.id),
      ...keys.profilesByStatus(profile.role, profile.status),
      gsi1sk: keys.profileIndexSort(profile.createdAt, profile.id),
      type: 'profile',
      data: profile,
      expiresAt,
    };
  }

  private outboxPuts(messages: OutboxMessage[]): TransactItem[] {
    return outboxPuts(this.tableName, messages);
  }

  private async transact(items: TransactItem[], onConditionFailed: () => Error) {
    await transactWrite(this.doc, items, onConditionFailed);
  }

  async getProfile(id: string) {
    const item = await this.get(keys.profile(id));
    return item ? (StoredProfile.parse(item.data) as Profile) : undefined;
  }

  async getProfileWithState(id: string) {
    const item = await this.get(keys.profile(id));
    return item ? withState(item) : undefined;
  }

  async listActive(role: Role): Promise<ProfileWithState[]> {
    return this.listByStatus(role, 'ACTIVE');
  }

  async listByStatus(role: Role, status: 'ACTIVE' | 'PAUSED'): Promise<ProfileWithState[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.profilesByStatus(role, status).gsi1pk },
    });
    return items.map(withState);
  }

  async findProfileIdByEmail(role: Role, email: string) {
    const item = await this.get(keys.email(role, email));
    return item ? z.string().parse(item.profileId) : undefined;
  }

  async receiveSubmission(profile: Profile, submission: ProfileSubmission) {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.profile(profile.id),
          ...keys.submissionsWaiting(profile.createdAt, profile.id),
          type: 'submission',
          data: profile,
          submission,
          expiresAt: this.pendingExpiry(),
        },
        // The id is a fresh UUID: this never fails in practice, and never depends on the address.
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getSubmission(id: string) {
    const item = await this.get(keys.profile(id));
    if (item?.type !== 'submission') return undefined;
    return { profile: StoredProfile.parse(item.data) as Profile, submission: ProfileSubmission.parse(item.submission) };
  }

  async listUnplacedSubmissions(limit: number) {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.SUBMISSIONS },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => z.object({ id: z.string() }).parse(item.data).id);
  }

  async dropSubmission(id: string) {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.profile(id),
          // Placed meanwhile by another consumer (stream and sweep): that placement stands.
          ConditionExpression: '#type = :submission',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':submission': 'submission' },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async readMailRecord(email: string): Promise<MailRecord> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.mailRecord(email), ConsistentRead: true }));
    if (!out.Item) return { rev: 0, queuedAt: [] };
    const record = MailItem.parse(out.Item);
    const held = record.held && (await this.stillUnsent(record.held)) ? record.held : undefined;
    return { rev: record.rev, queuedAt: record.queuedAt, held };
  }

  private async stillUnsent(held: HeldMail) {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.outbox(held.outbox.id, held.outbox.ownerId), ConsistentRead: true }));
    return out.Item ? OutboxItem.parse(out.Item.data).status === 'PENDING' : false;
  }

  /** The condition that a placement's item is still the unplaced submission (two consumers may place one submission). */
  private stillSubmission() {
    return {
      // Stream and sweep may place one submission at once: only the first consumes it; the other finds it gone.
      ConditionExpression: '#type = :submission',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':submission': 'submission' },
    };
  }

  /** The held email (and its update) a placement replaces, and the address's mail record, as transaction items. */
  private placementItems(from: PlacementWrites): TransactItem[] {
    const { mail, replaces } = from;
    const last = Math.max(0, ...mail.queuedAt.map((at) => Date.parse(at)), replaces ? Date.parse(replaces.dueAt) : 0, mail.held ? Date.parse(mail.held.dueAt) : 0);
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.mailRecord(from.email), type: 'mail', rev: mail.rev + 1, queuedAt: mail.queuedAt, held: mail.held, expiresAt: epoch(last + SUBMISSION_POLICY.windowMs) },
          // Placements for one address (a burst of submissions, through stream and sweep at once) are decided
          // from this record: only one of two that read the same revision goes through; the other reads again.
          ConditionExpression: mail.rev === 0 ? 'attribute_not_exists(pk)' : 'rev = :rev',
          ...(mail.rev === 0 ? {} : { ExpressionAttributeValues: { ':rev': mail.rev } }),
        },
      },
    ];
    if (replaces) {
      items.push({
        Delete: {
          TableName: this.tableName,
          Key: keys.outbox(replaces.outbox.id, replaces.outbox.ownerId),
          // A sender that claimed it meanwhile has it in flight: then this submission must email again.
          ConditionExpression: '#d.#status = :pending',
          ExpressionAttributeNames: { '#d': 'data', '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'PENDING' },
        },
      });
      if (replaces.updateId) items.push({ Delete: { TableName: this.tableName, Key: keys.update(replaces.profileId, replaces.updateId) } });
    }
    return items;
  }

  /** Keys a placement deletes itself, so a sweep of the same partition leaves them out (one item, one action). */
  private replacedKeys(from: PlacementWrites | undefined): Set<string> {
    const r = from?.replaces;
    if (!r) return new Set();
    const ks = [keys.outbox(r.outbox.id, r.outbox.ownerId), ...(r.updateId ? [keys.update(r.profileId, r.updateId)] : [])];
    return new Set(ks.map((k) => `${k.pk}|${k.sk}`));
  }

  async createProfile(profile: Profile, outbox: OutboxMessage[], from?: PlacementWrites) {
    const expiresAt = this.pendingExpiry();
    await this.transact(
      [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.email(profile.role, profile.email), type: 'email', profileId: profile.id, expiresAt },
            // Two first submissions of one address race here: one wins, the other re-reads and replaces.
            // An expired claim (TTL not yet run) may be taken over.
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
            ExpressionAttributeValues: { ':now': this.nowEpoch() },
          },
        },
        { Put: { TableName: this.tableName, Item: this.profileItem(profile, expiresAt), ...(from ? this.stillSubmission() : {}) } },
        ...this.outboxPuts(outbox),
        ...(from ? this.placementItems(from) : []),
      ],
      () => new Conflict('Email already registered for this role'),
    );
  }

  async replacePendingProfile(previousId: string, profile: Profile, outbox: OutboxMessage[], from?: PlacementWrites) {
    const expiresAt = this.pendingExpiry();
    // The replaced profile's other items (its queued verification email) hold the old details: they go with it.
    const replaced = this.replacedKeys(from);
    const leftovers = (await this.partition(previousId)).filter((k) => !keys.isProfileItem(k) && !replaced.has(`${k.pk}|${k.sk}`)).slice(0, 85);
    await this.transact(
      [
        ...leftovers.map((Key) => ({ Delete: { TableName: this.tableName, Key } })),
        {
          Delete: {
            TableName: this.tableName,
            Key: keys.profile(previousId),
            // If the owner confirmed meanwhile, the profile is active and must not be replaced; if they
            // asked to be erased meanwhile, the erasure finishes first and the new submission starts afresh.
            ConditionExpression: `#data.#status = :pending AND ${NOT_ERASING}`,
            ExpressionAttributeNames: NAMES,
            ExpressionAttributeValues: { ':pending': 'PENDING_VERIFICATION' },
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.email(profile.role, profile.email), type: 'email', profileId: profile.id, expiresAt },
            // Another resubmission may have replaced the same pending profile first.
            ConditionExpression: 'profileId = :previous',
            ExpressionAttributeValues: { ':previous': previousId },
          },
        },
        { Put: { TableName: this.tableName, Item: this.profileItem(profile, expiresAt), ...(from ? this.stillSubmission() : {}) } },
        ...this.outboxPuts(outbox),
        ...(from ? this.placementItems(from) : []),
      ],
      () => new Conflict('The pending profile changed'),
    );
  }

  async savePendingUpdate(update: PendingUpdate, expiresAt: Date, outbox: OutboxMessage[], from?: PlacementWrites) {
    await this.transact(
      [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.update(update.profileId, update.id), type: 'update', data: update, expiresAt: epoch(expiresAt.getTime()) },
          },
        },
        {
          ConditionCheck: {
            TableName: this.tableName,
            Key: keys.profile(update.profileId),
            // An erasure between our read and this write must not leave an orphan update behind, nor one
            // begun already (its query of the partition may have run): the owner is being deleted.
            ConditionExpression: `attribute_exists(pk) AND ${NOT_ERASING}`,
          },
        },
        ...this.outboxPuts(outbox),
        // The submission becomes the update: it is no profile of its own.
        ...(from ? [{ Delete: { TableName: this.tableName, Key: keys.profile(from.submissionId), ...this.stillSubmission() } }, ...this.placementItems(from)] : []),
      ],
      () => new Conflict('The profile is gone'),
    );
  }

  async getPendingUpdate(profileId: string, updateId: string) {
    const item = await this.get(keys.update(profileId, updateId));
    return item ? (UpdateItem.parse(item.data) as PendingUpdate) : undefined;
  }

  async applyPendingUpdate(profileId: string, updateId: string, changes: Profile) {
    await optimistic(async () => {
      const [current, update] = await Promise.all([readProfile(this.doc, this.tableName, profileId), this.getPendingUpdate(profileId, updateId)]);
      // An erasure begun: the profile is about to go, and the update with it.
      if (!current || !update || current.erasing) throw new LinkUsed();
      // The status is the profile's own: a pause since the owner's link was sent stays.
      const next: Profile = { ...changes, status: current.profile.status };
      const rev = unchanged(current);
      await transactWrite(
        this.doc,
        [
          {
            Delete: {
              TableName: this.tableName,
              Key: keys.update(profileId, updateId),
              // Two clicks of one confirm link: only the first finds the update.
              ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
              ExpressionAttributeValues: { ':now': this.nowEpoch() },
            },
          },
          {
            Update: {
              TableName: this.tableName,
              Key: keys.profile(profileId),
              // In place, so the matching state kept beside the profile survives.
              UpdateExpression: 'SET #data = :data, gsi1pk = :gsi1pk ADD rev :one',
              // Never resurrect a profile erased since the link was sent, nor change one being erased
              // (confirm-update racing erasure); and the counters change by what we read.
              ConditionExpression: `attribute_exists(pk) AND ${NOT_ERASING} AND ${rev.expression}`,
              ExpressionAttributeNames: { '#data': 'data' },
              ExpressionAttributeValues: { ':data': next, ':gsi1pk': keys.profilesByStatus(next.role, next.status).gsi1pk, ':one': 1, ...rev.values },
            },
          },
          ...counterUpdates(this.tableName, personDelta(current.profile, { ...next, matching: current.profile.matching })),
        ],
        () => new Stale(),
      );
    }, () => new LinkUsed());
  }

  async activateProfile(id: string, at: string) {
    const profile = await this.getProfile(id);
    if (!profile || profile.status !== 'PENDING_VERIFICATION') throw new LinkUsed();
    const active: Profile = { ...profile, status: 'ACTIVE', verifiedAt: at, updatedAt: at };
    // A mentee begins waiting for a match now. A pending profile has no matching state and adds nothing to the counters.
    const after: ProfileWithState = { ...active, matching: { ...freshMatchingState(), waitingSince: active.role === 'mentee' ? at : undefined } };
    await this.transact(
      [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.profile(id),
            UpdateExpression: `SET #data = :data, gsi1pk = :gsi1pk${active.role === 'mentee' ? ', waitingSince = :at' : ''} REMOVE expiresAt ADD rev :one`,
            // Twenty clicks of one confirm link race here; only one moves the profile out of pending.
            ConditionExpression: '#data.#status = :pending',
            ExpressionAttributeNames: NAMES,
            ExpressionAttributeValues: {
              ':pending': 'PENDING_VERIFICATION',
              ':data': active,
              ':gsi1pk': keys.profilesByStatus(active.role, active.status).gsi1pk,
              ':one': 1,
              ...(active.role === 'mentee' ? { ':at': at } : {}),
            },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: keys.email(profile.role, profile.email),
            UpdateExpression: 'REMOVE expiresAt',
            // The claim must still be this profile's (not replaced by a resubmission).
            ConditionExpression: 'profileId = :id',
            ExpressionAttributeValues: { ':id': id },
          },
        },
        ...counterUpdates(this.tableName, personDelta(undefined, after)),
      ],
      () => new LinkUsed(),
    );
  }

  async setPaused(profileId: string, paused: boolean, at: string, outbox: OutboxMessage[]) {
    const from = paused ? 'ACTIVE' : 'PAUSED';
    await optimistic(async () => {
      const current = await readProfile(this.doc, this.tableName, profileId);
      if (!current || current.profile.status !== from) throw new Conflict(paused ? 'Only an active profile can be paused' : 'Only a paused profile can be resumed');
      const { matching: state, ...profile } = current.profile;
      const next: Profile = { ...profile, status: paused ? 'PAUSED' : 'ACTIVE', updatedAt: at };
      const matching = paused ? matchingMoves.pause(state) : matchingMoves.resume(state, next.role, at);
      const waiting = waitingClause(matching.waitingSince);
      const rev = atRev(current.rev);
      const sets = ['#data = :next', 'gsi1pk = :gsi1pk', ...(paused ? [] : ['expiriesInRow = :zero']), ...(waiting.set ? [waiting.set] : [])];
      await transactWrite(
        this.doc,
        [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.profile(profileId),
              UpdateExpression: `SET ${sets.join(', ')}${waiting.remove ? ` REMOVE ${waiting.remove}` : ''} ADD rev :one`,
              // A pause racing a resume, a second pause, an erasure or a match's move: only a move from what we read goes through.
              ConditionExpression: `#data.#status = :from AND ${rev.expression}`,
              ExpressionAttributeNames: NAMES,
              ExpressionAttributeValues: {
                ':next': next,
                ':gsi1pk': keys.profilesByStatus(next.role, next.status).gsi1pk,
                ':from': from,
                ':one': 1,
                ...(paused ? {} : { ':zero': 0 }),
                ...waiting.values,
                ...rev.values,
              },
            },
          },
          ...this.outboxPuts(outbox),
          ...counterUpdates(this.tableName, personDelta(current.profile, { ...next, matching })),
        ],
        () => new Stale(),
      );
    }, () => new Conflict('The profile changed'));
  }

  async beginErasure(id: string, at: string) {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.profile(id),
          // A second erase click keeps the first mark; it leaves `rev` alone, as the counters do not change.
          UpdateExpression: 'SET erasingAt = if_not_exists(erasingAt, :at)',
          // Two erasures at once, or one after the other finished: an update must not bring back a bare item.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  private async partition(id: string): Promise<Key[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.personPartition(id) },
      ProjectionExpression: 'pk, sk',
      ConsistentRead: true,
    });
    return items as unknown as Key[];
  }

  async eraseProfile(id: string, outbox: OutboxMessage[]) {
    return optimistic(async () => {
      const current = await readProfile(this.doc, this.tableName, id);
      if (!current) return false;
      const { profile } = current;
      const emailKey = keys.email(profile.role, profile.email);
      const claim = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: emailKey, ConsistentRead: true }));
      const others = (await this.partition(id)).filter((k) => !keys.isProfileItem(k));
      // Side items first, in batches; the final transaction removes the profile,
      // the email claim and queues the confirmation, so a failure part-way leaves
      // the profile in place and a retry of the same link finishes the job.
      // A transaction holds 100 items: the profile, the claim, the confirmation
      // and the counter items (at most three) leave room for 92.
      const finalSideItems = others.splice(0, 92);
      for (let i = 0; i < others.length; i += 25) {
        await this.doc.send(
          new BatchWriteCommand({
            RequestItems: { [this.tableName]: others.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })) },
          }),
        );
      }
      const rev = unchanged(current);
      const items: TransactItem[] = [
        {
          Delete: {
            TableName: this.tableName,
            Key: keys.profile(id),
            // Two erase clicks at once: only one finds the profile (the other reads again and answers false);
            // and the counters lose what the person added as we read it.
            ConditionExpression: `attribute_exists(pk) AND ${rev.expression}`,
            ExpressionAttributeValues: rev.values,
          },
        },
        ...finalSideItems.map((Key) => ({ Delete: { TableName: this.tableName, Key } })),
        ...this.outboxPuts(outbox),
        ...counterUpdates(this.tableName, personDelta(profile, undefined)),
      ];
      if (claim.Item?.profileId === id) {
        items.push({
          Delete: {
            TableName: this.tableName,
            Key: emailKey,
            // A resubmission may have claimed the address for a new profile meanwhile; leave that claim alone.
            ConditionExpression: 'profileId = :id',
            ExpressionAttributeValues: { ':id': id },
          },
        });
      }
      await transactWrite(this.doc, items, () => new Stale());
      return true;
    }, () => new Conflict('The profile kept changing during erasure'));
  }

  async countItemsOf(id: string) {
    return (await this.partition(id)).length;
  }

  async ping() {
    await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.health() }));
  }

  async listProfiles(role: Role, status: Profile['status'], { limit, before }: { limit: number; before?: string }) {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: before ? 'gsi1pk = :pk AND gsi1sk < :before' : 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.profilesByStatus(role, status).gsi1pk, ...(before ? { ':before': Buffer.from(before, 'base64url').toString('utf8') } : {}) },
        ScanIndexForward: false,
        // One more than asked says whether another page follows.
        Limit: limit + 1,
      }),
    );
    const items = out.Items ?? [];
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return {
      profiles: page.flatMap((item) => (this.alive(item) ? [withState(item)] : [])),
      next: items.length > limit && last ? Buffer.from(String(last.gsi1sk), 'utf8').toString('base64url') : undefined,
    };
  }
}

/** The matching state of a profile as it is now (a consistent read), e.g. the run of expiries a close just extended. */
export async function readMatchingState(doc: DynamoDBDocumentClient, tableName: string, profileId: string): Promise<MatchingState | undefined> {
  const out = await doc.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.profile(profileId),
      ProjectionExpression: 'openMatchId, excludedMentorIds, acceptedCount, proposedCount, expiriesInRow',
      ConsistentRead: true,
    }),
  );
  return out.Item ? stateOf(out.Item) : undefined;
}

/*
 * Transaction items on profile items for the match lifecycle. Each returns one
 * TransactItem for match-store.ts to put in the same TransactWriteItems as the
 * match's own change, so the profile's matching state and the match never
 * disagree. Each is conditioned on the revision the match store read, since
 * the counters in the same transaction change by what it read; what each
 * leaves behind is `matchingMoves` in shared/domain/matching-state.ts.
 */

/**
 * Propose: the mentee takes the match as their one open match and stops
 * waiting. Conditioned on what the counter change depends on as `mentee`
 * was read (waiting since when, counted where), not on the revision, so a
 * round can propose from what it read without reading each mentee again.
 */
export function holdOpenMatch(tableName: string, mentee: ProfileWithState, matchId: string): TransactItem {
  const where = countedIn(mentee);
  const since = mentee.matching.waitingSince;
  return {
    Update: {
      TableName: tableName,
      Key: keys.profile(mentee.id),
      UpdateExpression: 'SET openMatchId = :id REMOVE waitingSince ADD rev :one',
      // Two rounds at once: the second finds the mentee taken and proposes nothing; a mentee
      // who paused, resumed or moved since they were read would be uncounted from the wrong cell;
      // a mentee whose erasure has begun is in no new proposal (a round racing the erasure).
      ConditionExpression: `attribute_not_exists(openMatchId) AND #data.#status = :active AND ${NOT_ERASING} AND ${since ? 'waitingSince = :since' : 'attribute_not_exists(waitingSince)'} AND ${where.expression}`,
      ExpressionAttributeNames: { ...NAMES, '#region': 'region' },
      ExpressionAttributeValues: { ':id': matchId, ':active': 'ACTIVE', ':one': 1, ...(since ? { ':since': since } : {}), ...where.values },
    },
  };
}

/** Propose: the proposal counts against the mentor's spare places until it is answered. */
export function countProposal(tableName: string, mentor: { id: string; region: string; councilType: string }): TransactItem {
  const where = countedIn(mentor);
  return {
    Update: {
      TableName: tableName,
      Key: keys.profile(mentor.id),
      UpdateExpression: 'ADD proposedCount :one',
      // A mentor paused, erased or being erased since the round read them gets no proposal (a round racing
      // the erasure); one who moved council since we read them would be counted in the wrong region, so
      // the proposal is read again.
      ConditionExpression: `#data.#status = :active AND ${NOT_ERASING} AND ${where.expression}`,
      ExpressionAttributeNames: { ...NAMES, '#region': 'region' },
      ExpressionAttributeValues: { ':one': 1, ':active': 'ACTIVE', ...where.values },
    },
  };
}

/** Accept: the proposal becomes one of the mentor's accepted matches, and the run of expiries ends. */
export function takeMentorPlace(tableName: string, mentorId: string, rev: number): TransactItem {
  const at = atRev(rev);
  return {
    Update: {
      TableName: tableName,
      Key: keys.profile(mentorId),
      UpdateExpression: 'SET acceptedCount = if_not_exists(acceptedCount, :zero) + :one, expiriesInRow = :zero ADD proposedCount :minus, rev :one',
      // Fifty accepts for a mentor with one free place race here: the place is
      // taken in the same transaction as the status change, so exactly one wins
      // (the others read again and find the places full). An accept racing the
      // mentor's erasure fails once the erasure has begun, so it closes the proposal.
      ConditionExpression: `attribute_exists(pk) AND ${NOT_ERASING} AND (attribute_not_exists(acceptedCount) OR acceptedCount < #data.#capacity) AND ${at.expression}`,
      ExpressionAttributeNames: { '#data': 'data', '#capacity': 'capacity' },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':minus': -1, ...at.values },
    },
  };
}

/** Decline or expiry: the proposal no longer counts; an answer (decline) resets the run of expiries, an expiry extends it. */
export function settleProposal(tableName: string, mentor: { id: string; region: string; councilType: string }, outcome: 'DECLINED' | 'EXPIRED'): TransactItem {
  const where = countedIn(mentor);
  return {
    Update: {
      TableName: tableName,
      Key: keys.profile(mentor.id),
      UpdateExpression:
        outcome === 'EXPIRED'
          ? 'SET expiriesInRow = if_not_exists(expiriesInRow, :zero) + :one ADD proposedCount :minus'
          : 'SET expiriesInRow = :zero ADD proposedCount :minus',
      // A mentor erased meanwhile: an update must not bring back a bare item holding only counters;
      // one who moved council since we read them is counted elsewhere now, so the close is read again.
      ConditionExpression: `attribute_exists(pk) AND ${where.expression}`,
      ExpressionAttributeNames: { '#data': 'data', '#region': 'region' },
      ExpressionAttributeValues: { ':zero': 0, ':minus': -1, ...(outcome === 'EXPIRED' ? { ':one': 1 } : {}), ...where.values },
    },
  };
}

/**
 * End: the mentor gets the place back. `refuseErasing` for an end someone
 * asked for, whose feedback emails describe each person to the other: it
 * must not go through once either person's erasure has begun (the erasure
 * ends the match itself, without those emails).
 */
export function freeMentorPlace(tableName: string, mentorId: string, rev: number, refuseErasing = false): TransactItem {
  const at = atRev(rev);
  return {
    Update: {
      TableName: tableName,
      Key: keys.profile(mentorId),
      UpdateExpression: 'ADD acceptedCount :minus, rev :one',
      // A mentor erased meanwhile: an update must not bring back a bare item holding only counters;
      // an end racing the mentor's erasure must not queue feedback mail naming them.
      ConditionExpression: `attribute_exists(pk) AND ${refuseErasing ? `${NOT_ERASING} AND ` : ''}${at.expression}`,
      ExpressionAttributeValues: { ':minus': -1, ':one': 1, ...at.values },
    },
  };
}

/**
 * Accept and reminders: the other person of the match (whose item the
 * transaction does not change otherwise) still exists and is not being erased.
 */
export function notErasing(tableName: string, profileId: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: keys.profile(profileId),
      // An accept or a reminder racing this person's erasure: once the erasure has begun (or is done) the
      // match must not become live, nor an email describing the person be queued.
      ConditionExpression: `attribute_exists(pk) AND ${NOT_ERASING}`,
    },
  };
}

/**
 * Decline, expiry or end: the mentee leaves the match and returns to the
 * pool, waiting from `waitingSince` (undefined for a paused mentee, who waits
 * again once resumed); the pair is closed for good. `refuseErasing` as for
 * freeMentorPlace.
 */
export function releaseMentee(
  tableName: string,
  menteeId: string,
  matchId: string,
  mentorId: string,
  rev: number,
  waitingSince: string | undefined,
  refuseErasing = false,
): TransactItem {
  const at = atRev(rev);
  const waiting = waitingClause(waitingSince);
  return {
    Update: {
      TableName: tableName,
      Key: keys.profile(menteeId),
      UpdateExpression: `${waiting.set ? `SET ${waiting.set} ` : ''}REMOVE openMatchId${waiting.remove ? `, ${waiting.remove}` : ''} ADD excludedMentorIds :mentor, rev :one`,
      // The mentee must still be in this match (and still exist): closing it never frees them from another one.
      // With `refuseErasing` (a person's end, see freeMentorPlace), an end racing the mentee's erasure fails.
      ConditionExpression: `openMatchId = :id AND ${refuseErasing ? `${NOT_ERASING} AND ` : ''}${at.expression}`,
      ExpressionAttributeValues: { ':mentor': new Set([mentorId]), ':id': matchId, ':one': 1, ...at.values, ...waiting.values },
    },
  };
}
