/**
 * A fresh table per test file on the shared DynamoDB Local, so files running
 * in parallel never see each other's items.
 *
 *   newTestTable() → Promise<{ tableName, client, drop() }>
 *     tableName  `mm-test-<random>`, created from TABLE_DEFINITION (same keys,
 *                GSI, stream and TTL as in AWS) and ACTIVE when this resolves
 *     client     a DynamoDBClient on the emulator (dummy credentials)
 *     drop()     deletes the table and closes the client; call it in afterAll
 *   localDynamoDbClient() → DynamoDBClient on the shared DynamoDB Local
 */
import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { createTable } from '../../infra/local/emulators';
import { emulatorClientConfig } from '../../shared/deps';
import { emulatorEndpoints } from './endpoints';

export interface TestTable {
  tableName: string;
  client: DynamoDBClient;
  drop(): Promise<void>;
}

/** The harness's own client (tables, seeding, checks); `endpoint` defaults to the shared DynamoDB Local. */
export function localDynamoDbClient(endpoint = emulatorEndpoints().dynamodb): DynamoDBClient {
  // It waits as long as a job does: a loaded emulator is not a failure.
  return new DynamoDBClient(emulatorClientConfig(endpoint, 'job'));
}

/** A fresh table on the shared DynamoDB Local, or on the one at `endpoint` (a file that starts its own). */
export async function newTestTable(endpoint?: string): Promise<TestTable> {
  const client = localDynamoDbClient(endpoint);
  const tableName = `mm-test-${randomBytes(6).toString('hex')}`;
  try {
    await createTable(client, tableName);
  } catch (error) {
    client.destroy();
    throw error;
  }
  let dropped = false;
  return {
    tableName,
    client,
    async drop() {
      if (dropped) return;
      dropped = true;
      try {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      } finally {
        client.destroy();
      }
    },
  };
}
