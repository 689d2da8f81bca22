/**
 * ProfileStore and OutboxStore on DynamoDB. Invariants are condition
 * expressions, each commented with the race it prevents; a failed condition
 * becomes a domain error (Conflict or LinkUsed). Items carry a `type` and are
 * parsed back through zod.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Conflict, LinkUsed } from '../../domain/errors';
import { OUTBOX_STATUSES } from '../../domain/outbox';
import { ProfileSubmission, StoredProfile, type Profile, type Role } from '../../domain/profile';
import { PENDING_PROFILE_TTL_DAYS } from '../../domain/profile-status';
import type { Clock, OutboxMessage, OutboxStore, PendingUpdate, ProfileStore } from '../../ports';
import { conditionFailed, documentClient, queryAll, transactWrite, type TransactItem } from './client';
import { keys, type Key } from './keys';


/** How long a sent message's record (no body) stays for troubleshooting. */
const SENT_RETENTION_DAYS = 30;
export const epoch = (ms: number) => Math.floor(ms / 1000);

export const OutboxItem = z.object({
  id: z.string(),
  ownerId: z.string().optional(),
  matchId: z.string().optional(),
  email: z.object({ to: z.string(), subject: z.string(), html: z.string(), text: z.string(), template: z.string() }),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number(),
  createdAt: z.string(),
  dueAt: z.string(),
  sentAt: z.string().optional(),
  messageId: z.string().optional(),
  lastError: z.string().optional(),
});

const UpdateItem = z.object({
  id: z.string(),
  profileId: z.string(),
  submission: ProfileSubmission,
  createdAt: z.string(),
});


/** Outbox messages as transaction items, written beside the change that causes them. */
export function outboxPuts(tableName: string, messages: OutboxMessage[]): TransactItem[] {
  return messages.map((m) => ({
    Put: {
      TableName: tableName,
      Item: { ...keys.outbox(m.id, m.ownerId), ...keys.outboxDue(m.dueAt, m.id), type: 'outbox', template: m.email.template, data: m },
      // Ids are fresh UUIDs; the condition makes a replayed transaction fail instead of resetting a sent message.
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  }));
}

export class DynamoStore implements ProfileStore, OutboxStore {
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
    return epoch(this.clock.now().getTime() + PENDING_PROFILE_TTL_DAYS * 86_400_000);
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

  async findProfileIdByEmail(role: Role, email: string) {
    const item = await this.get(keys.email(role, email));
    return item ? z.string().parse(item.profileId) : undefined;
  }

  async createProfile(profile: Profile, outbox: OutboxMessage[]) {
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
        { Put: { TableName: this.tableName, Item: this.profileItem(profile, expiresAt) } },
        ...this.outboxPuts(outbox),
      ],
      () => new Conflict('Email already registered for this role'),
    );
  }

  async replacePendingProfile(previousId: string, profile: Profile, outbox: OutboxMessage[]) {
    const expiresAt = this.pendingExpiry();
    // The replaced profile's other items (its queued verification email) hold the old details: they go with it.
    const leftovers = (await this.partition(previousId)).filter((k) => !keys.isProfileItem(k)).slice(0, 90);
    await this.transact(
      [
        ...leftovers.map((Key) => ({ Delete: { TableName: this.tableName, Key } })),
        {
          Delete: {
            TableName: this.tableName,
            Key: keys.profile(previousId),
            // If the owner confirmed meanwhile, the profile is active and must not be replaced.
            ConditionExpression: '#data.#status = :pending',
            ExpressionAttributeNames: { '#data': 'data', '#status': 'status' },
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
        { Put: { TableName: this.tableName, Item: this.profileItem(profile, expiresAt) } },
        ...this.outboxPuts(outbox),
      ],
      () => new Conflict('The pending profile changed'),
    );
  }

  async savePendingUpdate(update: PendingUpdate, expiresAt: Date, outbox: OutboxMessage[]) {
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
            // An erasure between our read and this write must not leave an orphan update behind.
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        ...this.outboxPuts(outbox),
      ],
      () => new Conflict('The profile is gone'),
    );
  }

  async getPendingUpdate(profileId: string, updateId: string) {
    const item = await this.get(keys.update(profileId, updateId));
    return item ? (UpdateItem.parse(item.data) as PendingUpdate) : undefined;
  }

  async applyPendingUpdate(profileId: string, updateId: string, changes: Profile) {
    await this.transact(
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
            UpdateExpression: 'SET #data = :data, gsi1pk = :gsi1pk',
            // Never resurrect a profile erased since the link was sent.
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#data': 'data' },
            ExpressionAttributeValues: { ':data': changes, ':gsi1pk': keys.profilesByStatus(changes.role, changes.status).gsi1pk },
          },
        },
      ],
      () => new LinkUsed(),
    );
  }

  async activateProfile(id: string, at: string) {
    const profile = await this.getProfile(id);
    if (!profile || profile.status !== 'PENDING_VERIFICATION') throw new LinkUsed();
    const active: Profile = { ...profile, status: 'ACTIVE', verifiedAt: at, updatedAt: at };
    await this.transact(
      [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.profile(id),
            UpdateExpression: 'SET #data = :data, gsi1pk = :gsi1pk REMOVE expiresAt',
            // Twenty clicks of one confirm link race here; only one moves the profile out of pending.
            ConditionExpression: '#data.#status = :pending',
            ExpressionAttributeNames: { '#data': 'data', '#status': 'status' },
            ExpressionAttributeValues: {
              ':pending': 'PENDING_VERIFICATION',
              ':data': active,
              ':gsi1pk': keys.profilesByStatus(active.role, active.status).gsi1pk,
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
      ],
      () => new LinkUsed(),
    );
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
    const profileItem = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.profile(id), ConsistentRead: true }));
    if (!profileItem.Item) return false;
    const profile = StoredProfile.parse(profileItem.Item.data);
    const emailKey = keys.email(profile.role, profile.email);
    const claim = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: emailKey, ConsistentRead: true }));
    const others = (await this.partition(id)).filter((k) => !keys.isProfileItem(k));
    // Side items first, in batches; the final transaction removes the profile,
    // the email claim and queues the confirmation, so a failure part-way leaves
    // the profile in place and a retry of the same link finishes the job.
    // A transaction holds 100 items: the profile, the claim and the confirmation leave room for 96.
    const finalSideItems = others.splice(0, 96);
    for (let i = 0; i < others.length; i += 25) {
      await this.doc.send(
        new BatchWriteCommand({
          RequestItems: { [this.tableName]: others.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })) },
        }),
      );
    }
    const items: TransactItem[] = [
      { Delete: { TableName: this.tableName, Key: keys.profile(id), ConditionExpression: 'attribute_exists(pk)' } },
      ...finalSideItems.map((Key) => ({ Delete: { TableName: this.tableName, Key } })),
      ...this.outboxPuts(outbox),
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
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      // Two erase clicks at once: the loser finds the profile already gone.
      if (conditionFailed(error)) return false;
      throw error;
    }
    return true;
  }

  async countItemsOf(id: string) {
    return (await this.partition(id)).length;
  }

  async ping() {
    await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.health() }));
  }

  async dueOutbox(now: Date, limit: number) {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :due AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':due': keys.OUTBOX_DUE, ':now': keys.outboxDueUntil(now.toISOString()) },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => OutboxItem.parse(item.data) as OutboxMessage);
  }

  async claimOutbox(ref: Pick<OutboxMessage, 'id' | 'ownerId'>, now: Date, leaseUntil: Date) {
    const lease = leaseUntil.toISOString();
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.outbox(ref.id, ref.ownerId),
          UpdateExpression: 'SET #d.#status = :sending, #d.attempts = #d.attempts + :one, #d.dueAt = :lease, gsi1sk = :sk',
          // Two senders (stream retry and sweep) may pick the same message: only one claim wins,
          // and a message whose lease is still running is left to its sender.
          ConditionExpression: '#d.#status IN (:pending, :sending) AND #d.dueAt <= :now',
          ExpressionAttributeNames: { '#d': 'data', '#status': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'SENDING',
            ':pending': 'PENDING',
            ':one': 1,
            ':lease': lease,
            ':sk': keys.outboxDue(lease, ref.id).gsi1sk,
            ':now': now.toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return OutboxItem.parse(out.Attributes?.data) as OutboxMessage;
    } catch (error) {
      if (conditionFailed(error)) return undefined;
      throw error;
    }
  }

  async markSent(ref: Pick<OutboxMessage, 'id' | 'ownerId'>, messageId: string, at: Date) {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.outbox(ref.id, ref.ownerId),
        // The body holds personal data and is not needed once SES has it.
        UpdateExpression:
          'SET #d.#status = :sent, #d.messageId = :mid, #d.sentAt = :at, #d.email = :blank, expiresAt = :exp REMOVE gsi1pk, gsi1sk',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#d': 'data', '#status': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'SENT',
          ':mid': messageId,
          ':at': at.toISOString(),
          ':blank': { to: '', subject: '', html: '', text: '', template: '' },
          ':exp': epoch(at.getTime() + SENT_RETENTION_DAYS * 86_400_000),
        },
      }),
    ).catch((error) => {
      // Erased while sending: nothing left to record.
      if (!conditionFailed(error)) throw error;
    });
  }

  async markUnsent(ref: Pick<OutboxMessage, 'id' | 'ownerId'>, error: string, retryAt: Date | undefined) {
    const names = { '#d': 'data', '#status': 'status' };
    const update = retryAt
      ? {
          UpdateExpression: 'SET #d.#status = :pending, #d.lastError = :err, #d.dueAt = :due, gsi1sk = :sk',
          ExpressionAttributeValues: {
            ':pending': 'PENDING',
            ':err': error,
            ':due': retryAt.toISOString(),
            ':sk': keys.outboxDue(retryAt.toISOString(), ref.id).gsi1sk,
          },
        }
      : {
          // Kept for troubleshooting as long as a sent message's record, then TTL removes it and its body.
          UpdateExpression: 'SET #d.#status = :failed, #d.lastError = :err, expiresAt = :exp REMOVE gsi1pk, gsi1sk',
          ExpressionAttributeValues: { ':failed': 'FAILED', ':err': error, ':exp': epoch(this.clock.now().getTime() + SENT_RETENTION_DAYS * 86_400_000) },
        };
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.outbox(ref.id, ref.ownerId),
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ...update,
        }),
      )
      .catch((e) => {
        if (!conditionFailed(e)) throw e;
      });
  }
}
