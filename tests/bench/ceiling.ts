/**
 * The ceiling a benchmark's writes cannot beat: how many TransactWriteItems
 * a second this DynamoDB Local takes, of a given shape, measured in the same
 * run as the writes it is compared with (the machine's load changes from
 * run to run). Items go under their own partition keys (`BENCH#...`), which
 * nothing else reads. Bounded by a count and by seconds.
 */
import { randomBytes } from 'node:crypto';
import { DynamoDBClient, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { emulatorClientConfig } from '../../shared/deps';

export interface Shape {
  /** Items per transaction. */
  items: number;
  /** Bytes of payload per item. */
  itemBytes: number;
  inFlight: number;
  maxTransactions?: number;
  maxSeconds?: number;
}

export async function transactionRate(endpoint: string, tableName: string, shape: Shape): Promise<number> {
  const client = new DynamoDBClient(emulatorClientConfig(endpoint, 'job'));
  const run = randomBytes(3).toString('hex');
  const payload = 'x'.repeat(shape.itemBytes);
  const max = shape.maxTransactions ?? 600;
  try {
    let next = 0;
    const started = performance.now();
    const deadline = started + (shape.maxSeconds ?? 5) * 1000;
    const writer = async () => {
      while (next < max && performance.now() < deadline) {
        const k = next++;
        await client.send(
          new TransactWriteItemsCommand({
            TransactItems: Array.from({ length: shape.items }, (_, i) => ({
              Put: { TableName: tableName, Item: { pk: { S: `BENCH#${run}#${k}` }, sk: { S: `ITEM#${i}` }, data: { S: payload } } },
            })),
          }),
        );
      }
    };
    await Promise.all(Array.from({ length: shape.inFlight }, writer));
    return next / ((performance.now() - started) / 1000);
  } finally {
    client.destroy();
  }
}
