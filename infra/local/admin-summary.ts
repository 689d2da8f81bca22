/**
 * `npm run admin:summary`: sends the weekly summary now, on the local stack
 * (start it first with `npm start`), to ADMIN_EMAILS (default
 * admin@localhost.test). The running service's outbox sender delivers it to
 * the SES emulator's mail viewer.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { weeklySummaryJob } from '../../functions/matching/jobs';
import { buildDeps, emulatorClientConfig } from '../../shared/deps';
import { LOCAL_TABLE_NAME, localEnv, localSigningKey } from './config';

async function main() {
  const env = localEnv();
  const endpoint = `http://127.0.0.1:${env.LOCAL_DYNAMODB_PORT}`;
  const dynamodb = new DynamoDBClient({ ...emulatorClientConfig(endpoint, 'job'), maxAttempts: 1 });
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
  const outcome = await weeklySummaryJob(deps, { adminEmails: env.ADMIN_EMAILS, force: true });
  console.log(
    outcome.queued > 0
      ? `Weekly summary for ${outcome.week} queued to ${outcome.queued} admin${outcome.queued === 1 ? '' : 's'} (${env.ADMIN_EMAILS.join(', ')}); see http://localhost:${env.LOCAL_SES_PORT}/`
      : `Nothing sent: ${outcome.reason === 'no-admins' ? 'ADMIN_EMAILS names nobody' : outcome.reason}.`,
  );
  dynamodb.destroy();
}

main().catch((error: unknown) => {
  console.error(`Weekly summary failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
