/**
 * `npm start`: the whole service on this machine, no AWS account. Starts
 * DynamoDB Local (data kept in .local/dynamodb) and the SES emulator, then the
 * app on PORT, and prints the URLs. Ctrl-C stops everything it started.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { startApp } from './app';
import { startDynamoDbLocal, startSesEmulator } from './emulators';

// Node 20 here; Lambda runs 22+. The SDK's end-of-support notice is not for the person running npm start.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const Ports = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  LOCAL_DYNAMODB_PORT: z.coerce.number().int().min(1).max(65535).default(8000),
  LOCAL_SES_PORT: z.coerce.number().int().min(1).max(65535).default(8005),
});

const LOCAL_DIR = resolve('.local');
const TABLE_NAME = 'mentor-match';

/** A per-machine HMAC key for action links, made once and kept with the local data. */
function localSigningKey(): Buffer {
  const file = resolve(LOCAL_DIR, 'signing-key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

async function main() {
  const parsed = Ports.safeParse(process.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${issue.path.join('.')} must be a port number from 1 to 65535`);
  }
  const ports = parsed.data;
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
      tableName: TABLE_NAME,
      signingKey: localSigningKey(),
      port: ports.PORT,
      baseUrl: `http://localhost:${ports.PORT}`,
    });
    stops.push(app.stop);
    console.log(`
Mentor Match is running locally.

  Web form         http://localhost:${ports.PORT}/
  Public API       http://localhost:${ports.PORT}/api/reference  ·  POST /api/profiles  ·  GET /health
  Sent email       ${ses.endpoint.replace('127.0.0.1', 'localhost')}/   (the SES emulator's mail viewer)
  DynamoDB Local   ${dynamodb.endpoint}   (table "${TABLE_NAME}", data in .local/dynamodb)

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
