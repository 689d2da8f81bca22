/**
 * SummaryStore on DynamoDB: the only code that writes the weekly-summary
 * record, one item replaced each week in the same transaction as the
 * summary's emails, so a retried or doubled schedule sends nothing twice.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { Conflict } from '../../domain/errors';
import type { OutboxMessage, SummaryStore, WeeklySummaryRecord } from '../../ports';
import { documentClient, transactWrite } from './client';
import { keys } from './keys';
import { outboxPuts } from './outbox-store';

const SummaryItem = z.object({ week: z.string(), sentAt: z.string(), headline: z.record(z.string(), z.number()) });

export class DynamoSummaryStore implements SummaryStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async lastWeeklySummary() {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.weeklySummary(), ConsistentRead: true }));
    return out.Item ? (SummaryItem.parse(out.Item.data) as WeeklySummaryRecord) : undefined;
  }

  async recordWeeklySummary(record: WeeklySummaryRecord, outbox: OutboxMessage[], o: { replace?: boolean } = {}) {
    try {
      await transactWrite(
        this.doc,
        [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...keys.weeklySummary(), type: 'summary', data: record },
              ...(o.replace
                ? {}
                : {
                    // Two runs in one week (a retried schedule, a second scheduler): the first sends, the second nothing.
                    ConditionExpression: 'attribute_not_exists(pk) OR #data.#week <> :week',
                    ExpressionAttributeNames: { '#data': 'data', '#week': 'week' },
                    ExpressionAttributeValues: { ':week': record.week },
                  }),
            },
          },
          ...outboxPuts(this.tableName, outbox),
        ],
        () => new Conflict('This week’s summary has been sent already'),
      );
      return true;
    } catch (error) {
      if (error instanceof Conflict) return false;
      throw error;
    }
  }
}
