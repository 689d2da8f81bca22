/**
 * The one table's shape, read by the CDK data stack and by the local runtime
 * (which creates the same table in DynamoDB Local), so the two cannot drift.
 * Access patterns and key builders live in ./keys.ts.
 */
export const TABLE_DEFINITION = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB deletes the item some time after this passes. */
  ttlAttribute: 'expiresAt',
  globalIndexes: [{ indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
  /** Both images; in AWS the outbox sender's event filter matches on the new one, and the sender reads only keys. */
  streamView: 'NEW_AND_OLD_IMAGES',
} as const;
