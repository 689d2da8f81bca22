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

/** A transaction some other write got to first (DynamoDB cancels one of two transactions on the same item). */
export function transactionConflict(error: unknown): boolean {
  return error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict');
}

/** A write conditioned on what was read found its items changed: read again and retry. */
export class Stale extends Error {
  constructor() {
    super('An item changed between the read and the write');
    this.name = 'Stale';
  }
}

/**
 * Optimistic concurrency for writes whose effect depends on what they read
 * (the report's counters change by before − after): `attempt` reads, checks
 * (throwing domain errors), and writes conditioned on what it read, throwing
 * Stale when a condition fails. Stale or a transaction conflict means another
 * write got in between, so it reads again after a short random pause; after
 * `tries` attempts the error `exhausted` gives stands.
 */
export async function optimistic<T>(attempt: () => Promise<T>, exhausted: () => Error, tries = 12): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof Stale) && !transactionConflict(error)) throw error;
      if (n >= tries) throw exhausted();
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * n));
    }
  }
}
