/**
 * `npm start`: the whole service on this machine, no AWS account. Starts
 * DynamoDB Local (data kept in .local/dynamodb) and the SES emulator, then the
 * app on PORT, and prints the URLs. Ctrl-C stops everything it started.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { machineIssuer } from './admin-issuer';
import { startApp } from './app';
import { LOCAL_DIR, LOCAL_TABLE_NAME, localEnv, localSigningKey } from './config';
import { startDynamoDbLocal, startSesEmulator } from './emulators';

async function main() {
  const ports = localEnv();
  mkdirSync(resolve(LOCAL_DIR, 'dynamodb'), { recursive: true });

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.log('\nStopping…');
      void stopAll().then(() => process.exit(0));
    });
  }

  try {
    const dynamodb = await startDynamoDbLocal({ port: ports.LOCAL_DYNAMODB_PORT, dataDir: resolve(LOCAL_DIR, 'dynamodb') });
    stops.push(dynamodb.stop);
    const ses = await startSesEmulator({ port: ports.LOCAL_SES_PORT });
    stops.push(ses.stop);
    const app = await startApp({
      dynamodbEndpoint: dynamodb.endpoint,
      sesEndpoint: ses.endpoint,
      tableName: LOCAL_TABLE_NAME,
      signingKey: localSigningKey(),
      port: ports.PORT,
      baseUrl: `http://localhost:${ports.PORT}`,
      roundIntervalMs: ports.LOCAL_ROUND_INTERVAL_SECONDS * 1000,
      adminEmails: ports.ADMIN_EMAILS,
      adminIssuer: machineIssuer(),
    });
    stops.push(app.stop);
    console.log(`
Mentor Match is running locally.

  Web form         http://localhost:${ports.PORT}/
  Public API       http://localhost:${ports.PORT}/api/reference  ·  POST /api/profiles  ·  GET /health
  Admin area       http://localhost:${ports.PORT}/admin   (sign in on the local sign-in page, no password)
  Admin API        http://localhost:${ports.PORT}/api/admin/...   (Authorization: Bearer $(npm run --silent admin:token))
  Sent email       ${ses.endpoint.replace('127.0.0.1', 'localhost')}/   (the SES emulator's mail viewer)
  DynamoDB Local   ${dynamodb.endpoint}   (table "${LOCAL_TABLE_NAME}", data in .local/dynamodb)

Matching rounds run every ${ports.LOCAL_ROUND_INTERVAL_SECONDS} s (LOCAL_ROUND_INTERVAL_SECONDS; 0 = off);
run one now with: npm run round

Press Ctrl-C to stop.
`);
  } catch (error) {
    await stopAll();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
