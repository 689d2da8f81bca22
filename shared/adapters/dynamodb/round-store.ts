/**
 * RoundStore on DynamoDB: the only code that writes round records and the
 * round lease. The lease is one item with an owner and an expiry (epoch ms):
 * a round takes it before reading the pool and gives it back when done, and
 * a crashed round's lease simply runs out. Records are listed newest first
 * from the rounds index.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { ROUND_TRIGGERS, type RoundRecord } from '../../domain/round';
import type { RoundStore } from '../../ports';
import { conditionFailed, documentClient } from './client';
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
});

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
}
