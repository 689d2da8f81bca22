/**
 * OutboxStore on DynamoDB: the only code that writes outbox items. A message
 * is written beside the change that causes it, in the same transaction, from
 * the `outboxPuts` builder below (the profile and match stores compose it);
 * the sender then claims, sends and records it here. Keys: a person's
 * messages live in their partition (so erasure removes them), mail to an
 * erased person under its own key; the sparse due index lists what to send.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { OUTBOX_STATUSES, type OutboxMessage, type OutboxRef } from '../../domain/outbox';
import type { Clock, OutboxStore } from '../../ports';
import { conditionFailed, DAY_MS, documentClient, epoch, type TransactItem } from './client';
import { keys } from './keys';

/** How long a sent or failed message's record (no body once sent) stays for troubleshooting. */
const SENT_RETENTION_DAYS = 30;

const NAMES = { '#d': 'data', '#status': 'status' };

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

export class DynamoOutboxStore implements OutboxStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {
    this.doc = documentClient(client);
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

  async claimOutbox(ref: OutboxRef, now: Date, leaseUntil: Date) {
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
          ExpressionAttributeNames: NAMES,
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

  async markSent(ref: OutboxRef, messageId: string, at: Date) {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.outbox(ref.id, ref.ownerId),
        // The body holds personal data and is not needed once SES has it.
        UpdateExpression:
          'SET #d.#status = :sent, #d.messageId = :mid, #d.sentAt = :at, #d.email = :blank, expiresAt = :exp REMOVE gsi1pk, gsi1sk',
        // An erasure while the email was in flight deleted the message; an update must not bring back a bare item.
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: NAMES,
        ExpressionAttributeValues: {
          ':sent': 'SENT',
          ':mid': messageId,
          ':at': at.toISOString(),
          ':blank': { to: '', subject: '', html: '', text: '', template: '' },
          ':exp': epoch(at.getTime() + SENT_RETENTION_DAYS * DAY_MS),
        },
      }),
    ).catch((error) => {
      // Erased while sending: nothing left to record.
      if (!conditionFailed(error)) throw error;
    });
  }

  async markUnsent(ref: OutboxRef, error: string, retryAt: Date | undefined) {
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
          ExpressionAttributeValues: { ':failed': 'FAILED', ':err': error, ':exp': epoch(this.clock.now().getTime() + SENT_RETENTION_DAYS * DAY_MS) },
        };
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.outbox(ref.id, ref.ownerId),
          // Erased or discarded while the send failed: an update must not bring back a bare item.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: NAMES,
          ...update,
        }),
      )
      .catch((e) => {
        if (!conditionFailed(e)) throw e;
      });
  }

  async discardUnsentMail(ownerId: string, matchId: string) {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :outbox)',
        FilterExpression: '#d.matchId = :match AND #d.#status = :pending',
        ExpressionAttributeNames: NAMES,
        ExpressionAttributeValues: { ':pk': keys.personPartition(ownerId), ':outbox': keys.outboxPrefix, ':match': matchId, ':pending': 'PENDING' },
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
      }),
    );
    let n = 0;
    for (const key of out.Items ?? []) {
      try {
        await this.doc.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: { pk: key.pk, sk: key.sk },
            // A sender that claimed it meanwhile has it in flight; too late to stop.
            ConditionExpression: '#d.#status = :pending',
            ExpressionAttributeNames: NAMES,
            ExpressionAttributeValues: { ':pending': 'PENDING' },
          }),
        );
        n++;
      } catch (error) {
        if (!conditionFailed(error)) throw error;
      }
    }
    return n;
  }
}
