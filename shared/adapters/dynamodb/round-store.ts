/**
 * RoundStore on DynamoDB: the only code that writes round records and the
 * round lease. The lease is one item with an owner and an expiry (epoch ms):
 * a round takes it before reading the pool and gives it back when done, and
 * a crashed round's lease simply runs out. Records are listed newest first
 * from the rounds index.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { ROUND_TRIGGERS, type RoundRecord, type RoundUnmatched } from '../../domain/round';
import type { RoundStore } from '../../ports';
import { conditionFailed, documentClient, queryAll } from './client';
import { keys } from './keys';

const RoundItem = z.object({
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  trigger: z.enum(ROUND_TRIGGERS),
  mentees: z.number(),
  mentors: z.number(),
  places: z.number(),
  proposed: z.number(),
  skipped: z.number(),
  totalScore: z.number(),
  durationMs: z.number(),
  weights: z.record(z.string(), z.number()).optional(),
});

const UnmatchedItem = z.array(z.object({ menteeId: z.string(), code: z.string(), text: z.string() }));

/** Mentees per unmatched chunk: about 100 bytes each keeps a chunk far below DynamoDB's 400 KB item limit. */
const UNMATCHED_PER_ITEM = 1000;

export class DynamoRoundStore implements RoundStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async acquireRoundLock(owner: string, now: Date, until: Date) {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.roundLock(), type: 'lock', owner, until: until.getTime() },
          // A round still running holds the lease; a crashed one's lease runs out.
          ConditionExpression: 'attribute_not_exists(pk) OR #until < :now',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': now.getTime() },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async releaseRoundLock(owner: string) {
    await this.doc
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.roundLock(),
          // A round that outlived its lease must not release the lease the next round has taken.
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      )
      .catch((error) => {
        if (!conditionFailed(error)) throw error;
      });
  }

  async saveRound(round: RoundRecord) {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.round(round.id), ...keys.roundsIndex(round.startedAt, round.id), type: 'round', data: round },
      }),
    );
  }

  async listRounds(limit: number) {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.ROUNDS },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => RoundItem.parse(item.data) as RoundRecord);
  }

  async saveUnmatched(roundId: string, unmatched: readonly RoundUnmatched[]) {
    const items = [];
    for (let i = 0, chunk = 0; i < unmatched.length; i += UNMATCHED_PER_ITEM, chunk++) {
      items.push({ ...keys.roundUnmatched(roundId, chunk), type: 'round-unmatched', data: unmatched.slice(i, i + UNMATCHED_PER_ITEM) });
    }
    for (let i = 0; i < items.length; i += 25) {
      await this.doc.send(
        new BatchWriteCommand({ RequestItems: { [this.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }),
      );
    }
  }

  async listUnmatched(roundId: string) {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :u)',
      ExpressionAttributeValues: { ':pk': keys.roundPartition(roundId), ':u': keys.roundUnmatchedPrefix },
    });
    return items.flatMap((item) => UnmatchedItem.parse(item.data) as RoundUnmatched[]);
  }
}
