/**
 * RoundStore on DynamoDB: the only code that writes round records and the
 * round lease. The lease is one item with an owner and an expiry (epoch ms):
 * a round takes it before reading the pool and gives it back when done, and
 * a crashed round's lease simply runs out. Records are listed newest first
 * from the rounds index. Who a round left unmatched (up to 500 people, with
 * counts by reason for all) is a second item beside the record, so listing
 * the history never reads it.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ROUND_OPTIMALITIES, ROUND_TRIGGERS, type RoundDetails, type RoundRecord } from '../../domain/round';
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
  weights: z.record(z.string(), z.number()).optional(),
  unmatched: z.number().optional(),
  greedyScore: z.number().optional(),
  greedyMatched: z.number().optional(),
  // Records written before rounds carried their proof have none of these three: they stay readable.
  optimality: z.enum(ROUND_OPTIMALITIES).optional(),
  candidatesPerMentee: z.object({ initial: z.number(), widest: z.number(), widened: z.number() }).optional(),
  shortfallBound: z.object({ mentees: z.number(), score: z.number().nullable() }).optional(),
});

const DetailsItem = z.object({
  roundId: z.string(),
  unmatched: z.array(
    z.object({ menteeId: z.string(), code: z.string(), reason: z.string(), region: z.string(), councilType: z.string(), waitingSince: z.string() }),
  ),
  byReason: z.array(z.object({ code: z.string(), region: z.string(), councilType: z.string(), mentees: z.number() })),
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

  async saveRound(round: RoundRecord, details?: RoundDetails) {
    const record = { ...keys.round(round.id), ...keys.roundsIndex(round.startedAt, round.id), type: 'round', data: round };
    if (!details) {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: record }));
      return;
    }
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.tableName, Item: record } },
          { Put: { TableName: this.tableName, Item: { ...keys.roundDetails(round.id), type: 'round-details', data: details } } },
        ],
      }),
    );
  }

  async listRounds(limit: number, range: { from?: string; to?: string } = {}) {
    // Index sort keys are `<startedAt>#<id>`; '~' sorts after every character of a timestamp or an id, so `to` and what it prefixes
    // are in; an open start is '0', below every timestamp (a key value cannot be empty).
    const bounds = range.from || range.to ? { condition: ' AND gsi1sk BETWEEN :from AND :to', values: { ':from': range.from ?? '0', ':to': `${range.to ?? ''}~` } } : undefined;
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: `gsi1pk = :pk${bounds?.condition ?? ''}`,
        ExpressionAttributeValues: { ':pk': keys.ROUNDS, ...bounds?.values },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => RoundItem.parse(item.data) as RoundRecord);
  }

  async getRoundDetails(roundId: string) {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.roundDetails(roundId) }));
    return out.Item ? (DetailsItem.parse(out.Item.data) as RoundDetails) : undefined;
  }
}
