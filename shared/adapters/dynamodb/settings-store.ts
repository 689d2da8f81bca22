/**
 * SettingsStore on DynamoDB: the matching weights as one item, replaced
 * whole on every change. Two admins saving at once: the last save wins, and
 * the audit log keeps both changes with their before and after.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { SettingsStore, StoredWeights } from '../../ports';
import { documentClient } from './client';
import { keys } from './keys';

const WeightsItem = z.object({
  weights: z.record(z.string(), z.number()),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

export class DynamoSettingsStore implements SettingsStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async getWeights() {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.weights(), ConsistentRead: true }));
    return out.Item ? (WeightsItem.parse(out.Item.data) as StoredWeights) : undefined;
  }

  async saveWeights(weights: StoredWeights) {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.weights(), type: 'weights', data: WeightsItem.parse(weights) } }),
    );
  }
}
