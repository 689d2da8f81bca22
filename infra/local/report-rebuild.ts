/**
 * `npm run report:rebuild`: rebuilds the programme report's counters from
 * the data, for a table written before the report existed and for repair
 * (docs/reports.md). It reads people and matches through their indexes
 * (and each ended match's feedback from its own partition), never scanning,
 * replaces every counter item, and is safe to run again: the result is the
 * same. Counters changed by writes made while it runs may be lost, so run it
 * when the service is quiet.
 *
 *   npm run report:rebuild                       the local database (start it with npm start)
 *   npm run report:rebuild -- --table <name>     another table on the local DynamoDB
 *   npm run report:rebuild -- --aws --table <n>  a table in AWS, with the usual AWS credentials and region
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoMatchStore } from '../../shared/adapters/dynamodb/match-store';
import { DynamoProfileStore } from '../../shared/adapters/dynamodb/profile-store';
import { DynamoReportStore } from '../../shared/adapters/dynamodb/report-store';
import { rebuildReportCounters } from '../../shared/app/report';
import { emulatorClientConfig, systemClock } from '../../shared/deps';
import { LOCAL_TABLE_NAME, localEnv } from './config';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main() {
  const aws = process.argv.includes('--aws');
  const tableName = option('--table') ?? (aws ? undefined : LOCAL_TABLE_NAME);
  if (!tableName) throw new Error('Name the table with --table when rebuilding in AWS');
  const endpoint = `http://127.0.0.1:${localEnv().LOCAL_DYNAMODB_PORT}`;
  const dynamodb = aws ? new DynamoDBClient({}) : new DynamoDBClient({ ...emulatorClientConfig(endpoint), maxAttempts: 1 });
  const profiles = new DynamoProfileStore(dynamodb, tableName, systemClock);
  try {
    await profiles.ping();
  } catch {
    throw new Error(aws ? `Table ${tableName} does not answer` : `No local database answers at ${endpoint}: start the service with npm start first`);
  }
  const started = performance.now();
  const result = await rebuildReportCounters({
    profiles,
    matches: new DynamoMatchStore(dynamodb, tableName),
    reports: new DynamoReportStore(dynamodb, tableName, systemClock),
  });
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  console.log(
    `Rebuilt the report's counters of table ${tableName}: ${count(result.cells, 'cell', 'cells')} from ${count(result.people, 'active or paused person', 'active or paused people')}, ` +
      `${count(result.matches, 'match', 'matches')} and ${count(result.feedback, 'feedback answer', 'feedback answers')}, in ${Math.round(performance.now() - started)} ms.`,
  );
  dynamodb.destroy();
}

main().catch((error: unknown) => {
  console.error(`Rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
