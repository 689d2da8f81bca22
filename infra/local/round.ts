/**
 * `npm run round`: runs one matching round now against the local runtime's
 * database (start it first with `npm start`). The running server's outbox
 * sender delivers the proposal emails to the SES emulator.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { roundJob } from '../../functions/matching/jobs';
import { buildDeps, emulatorClientConfig } from '../../shared/deps';
import { LOCAL_TABLE_NAME, localEnv, localSigningKey } from './config';

async function main() {
  const env = localEnv();
  const endpoint = `http://127.0.0.1:${env.LOCAL_DYNAMODB_PORT}`;
  const dynamodb = new DynamoDBClient({ ...emulatorClientConfig(endpoint), maxAttempts: 1 });
  const quiet = { info() {}, warn() {}, error() {} };
  const deps = buildDeps({
    tableName: LOCAL_TABLE_NAME,
    dynamodb,
    ses: new SESClient(emulatorClientConfig(`http://127.0.0.1:${env.LOCAL_SES_PORT}`)),
    signingKey: localSigningKey(),
    baseUrl: `http://localhost:${env.PORT}`,
    mailFrom: 'mentor-match@localhost.test',
    logger: quiet,
  });
  try {
    await deps.profiles.ping();
  } catch {
    throw new Error(`No local database answers at ${endpoint}: start the service with npm start first`);
  }
  const result = await roundJob(deps, 'local');
  if (!result.record) {
    console.log('Another round is running; nothing done.');
    return;
  }
  const r = result.record;
  console.log(
    `Round ${r.id}: ${r.mentees} waiting mentees, ${r.mentors} mentors with ${r.places} places; ` +
      `${r.proposed} proposals (total score ${r.totalScore}), ${result.unmatched} unmatched, ${r.durationMs} ms.`,
  );
  dynamodb.destroy();
}

main().catch((error: unknown) => {
  console.error(`Round failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
