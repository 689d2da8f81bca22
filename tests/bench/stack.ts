/**
 * The whole local stack for a benchmark, in its own emulators: DynamoDB
 * Local, the SES emulator and the app on a free port, with no schedules and
 * no log lines, so the bench alone decides what runs. stop() ends all three.
 */
import { randomBytes } from 'node:crypto';
import { type RunningApp, startApp } from '../../infra/local/app';
import { type RunningDynamoDbLocal, startDynamoDbLocal, startSesEmulator } from '../../infra/local/emulators';

export interface BenchStack {
  dynamodb: RunningDynamoDbLocal;
  app: RunningApp;
  stop(): Promise<void>;
}

export async function startBenchStack(tableName: string): Promise<BenchStack> {
  const dynamodb = await startDynamoDbLocal();
  const ses = await startSesEmulator();
  const app = await startApp({
    dynamodbEndpoint: dynamodb.endpoint,
    sesEndpoint: ses.endpoint,
    tableName,
    signingKey: randomBytes(32),
    port: 0,
    logger: { info() {}, warn() {}, error() {} },
    outboxIntervalMs: 0,
    roundIntervalMs: 0,
    deadlinesIntervalMs: 0,
  });
  return {
    dynamodb,
    app,
    async stop() {
      await app.stop();
      await ses.stop();
      await dynamodb.stop();
    },
  };
}
