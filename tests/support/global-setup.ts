/**
 * Vitest global setup for the 'integration' and 'e2e' projects: one DynamoDB
 * Local (in-memory) and one SES emulator for the whole run, on free ports.
 *
 * It runs in the main vitest process; test files run in workers, so tests
 * reach the emulators over HTTP only. Endpoints reach them two ways:
 * - `inject('dynamodbEndpoint' | 'sesEndpoint')` (see ./endpoints.ts);
 * - env vars DYNAMODB_ENDPOINT and SES_ENDPOINT (the names shared/config/env.ts
 *   reads), set before any worker starts, so code that builds its deps from
 *   the environment finds the emulators too.
 *
 * Isolation: every test file makes its own table (./dynamodb.ts) and uses its
 * own email addresses (./mail.ts), so files can run in parallel on the shared
 * emulators.
 */
import type { TestProject } from 'vitest/node';
import { ENV } from '../../shared/config/env';
import { startDynamoDbLocal, startSesEmulator, type RunningEmulator } from '../../infra/local/emulators';

interface Shared {
  dynamodb: RunningEmulator;
  ses: RunningEmulator;
  users: number;
}

// `vitest run` sets up each project that uses this file (integration and e2e)
// in the same process, possibly evaluating this module once per project.
// A process-wide slot lets them share one pair of emulators (one JVM, and the
// SES emulator's mailbox is a per-process singleton anyway); the last
// teardown stops them.
const SLOT = Symbol.for('mentor-match.test-emulators');
type Slot = typeof globalThis & { [SLOT]?: Promise<Shared> };

async function startShared(): Promise<Shared> {
  const started = Date.now();
  const [dynamodb, ses] = await Promise.allSettled([startDynamoDbLocal(), startSesEmulator()]);
  if (dynamodb.status === 'rejected' || ses.status === 'rejected') {
    if (dynamodb.status === 'fulfilled') await dynamodb.value.stop();
    if (ses.status === 'fulfilled') await ses.value.stop();
    throw dynamodb.status === 'rejected' ? dynamodb.reason : (ses as PromiseRejectedResult).reason;
  }
  if (process.env.CI) {
    console.log(`[global-setup] DynamoDB Local ${dynamodb.value.endpoint}, SES emulator ${ses.value.endpoint} (${Date.now() - started} ms)`);
  }
  return { dynamodb: dynamodb.value, ses: ses.value, users: 0 };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const slot = globalThis as Slot;
  slot[SLOT] ??= startShared();
  let shared: Shared;
  try {
    shared = await slot[SLOT];
  } catch (error) {
    slot[SLOT] = undefined;
    throw error;
  }
  shared.users++;

  project.provide('dynamodbEndpoint', shared.dynamodb.endpoint);
  project.provide('sesEndpoint', shared.ses.endpoint);
  process.env[ENV.DYNAMODB_ENDPOINT] = shared.dynamodb.endpoint;
  process.env[ENV.SES_ENDPOINT] = shared.ses.endpoint;
  // Belt and braces for any SDK client a test builds without
  // emulatorClientConfig: never wait on (or reach) the EC2 metadata service.
  process.env.AWS_EC2_METADATA_DISABLED = 'true';

  let tornDown = false;
  return async () => {
    if (tornDown) return;
    tornDown = true;
    if (--shared.users > 0) return;
    slot[SLOT] = undefined;
    await Promise.all([shared.dynamodb.stop(), shared.ses.stop()]);
  };
}
