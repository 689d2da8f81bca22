/**
 * SuppressionStore on DynamoDB: one item per suppressed address. The key holds
 * a hash of the address and the item never holds the address itself, so a
 * suppression outlives an erased profile without keeping the person's email.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { SUPPRESSION_REASONS } from '../../domain/outbox';
import type { SuppressionReason, SuppressionStore } from '../../ports';
import { documentClient } from './client';
import { keys } from './keys';

const SuppressionItem = z.object({
  type: z.literal('suppression'),
  reason: z.enum(SUPPRESSION_REASONS),
  at: z.string(),
});

export class DynamoSuppressionStore implements SuppressionStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  async suppress(email: string, reason: SuppressionReason, at: string) {
    // Unconditional: SES repeats notifications, and the latest reason and time are the useful ones.
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.suppression(email), type: 'suppression', reason, at } }),
    );
  }

  async isSuppressed(email: string) {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.suppression(email), ConsistentRead: true }),
    );
    if (!out.Item) return false;
    // A malformed item at this key is a bug; failing the send beats mailing an address SES refused.
    SuppressionItem.parse(out.Item);
    return true;
  }

  async clear(email: string) {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: keys.suppression(email) }));
  }
}
