/**
 * Document-client helpers shared by the DynamoDB stores: one client shape,
 * paged queries, transactions. Each store owns the items of one aggregate
 * (profile-store, outbox-store, match-store, round-store, suppression-store);
 * a transaction across aggregates is one TransactWriteItems composed from
 * the TransactItem builders each owner exports.
 */
import { ConditionalCheckFailedException, TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Epoch seconds, the unit of the table's TTL attribute. */
export const epoch = (ms: number) => Math.floor(ms / 1000);

export const DAY_MS = 86_400_000;

/**
 * The document client every store uses. DynamoDBDocumentClient.from writes its
 * translate options into the shared client's config, so a store that built its
 * own with other options would change them for every store on that client.
 */
export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** Every item a query matches, following LastEvaluatedKey page by page. */
export async function queryAll(doc: DynamoDBDocumentClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>) {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

export function conditionFailed(error: unknown): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  if (error instanceof TransactionCanceledException) {
    return (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed');
  }
  return false;
}

/** Which items of a cancelled transaction failed their condition, by position. */
function failedIndexes(error: unknown): number[] {
  if (!(error instanceof TransactionCanceledException)) return [];
  return (error.CancellationReasons ?? []).flatMap((r, i) => (r.Code === 'ConditionalCheckFailed' ? [i] : []));
}

/** One TransactWriteItems; a failed condition becomes the domain error `onFailed` picks from the failing positions. */
export async function transactWrite(doc: DynamoDBDocumentClient, items: TransactItem[], onFailed: (failedIndexes: number[]) => Error) {
  try {
    await doc.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (conditionFailed(error)) throw onFailed(failedIndexes(error));
    throw error;
  }
}
