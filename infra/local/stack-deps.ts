/**
 * Deps on the running local stack (`npm start`) for the commands that act
 * on it: `npm run round`, `npm run seed`, `npm run admin:summary`. The
 * clients get the jobs' deadlines; nothing is logged (the commands print
 * their own one-line results). Fails with one readable line when no local
 * database answers.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { buildDeps, emulatorClientConfig } from '../../shared/deps';
import type { Clock, Deps } from '../../shared/ports';
import { LOCAL_TABLE_NAME, type LocalEnv, localEnv, localSigningKey } from './config';

export interface RunningStack {
  deps: Deps;
  env: LocalEnv;
  close(): void;
}

export async function runningStackDeps(o: { clock?: Clock } = {}): Promise<RunningStack> {
  const env = localEnv();
  const endpoint = `http://127.0.0.1:${env.LOCAL_DYNAMODB_PORT}`;
  const dynamodb = new DynamoDBClient(emulatorClientConfig(endpoint, 'job'));
  const deps = buildDeps({
    tableName: LOCAL_TABLE_NAME,
    dynamodb,
    ses: new SESClient(emulatorClientConfig(`http://127.0.0.1:${env.LOCAL_SES_PORT}`, 'job')),
    signingKey: localSigningKey(),
    baseUrl: `http://localhost:${env.PORT}`,
    mailFrom: 'mentor-match@localhost.test',
    logger: { info() {}, warn() {}, error() {} },
    clock: o.clock,
  });
  try {
    await deps.profiles.ping();
  } catch {
    dynamodb.destroy();
    throw new Error(`no local database answers at ${endpoint} with the table "${LOCAL_TABLE_NAME}": start the service with npm start first`);
  }
  return { deps, env, close: () => dynamodb.destroy() };
}
