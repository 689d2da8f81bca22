/**
 * Wiring: builds the Deps every use case takes. Clients are built once per
 * cold start (Lambda) or once per process (local runtime, tests).
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { DynamoMatchStore } from './adapters/dynamodb/match-store';
import { DynamoOutboxStore } from './adapters/dynamodb/outbox-store';
import { DynamoProfileStore } from './adapters/dynamodb/profile-store';
import { DynamoReportStore } from './adapters/dynamodb/report-store';
import { DynamoRoundStore } from './adapters/dynamodb/round-store';
import { DynamoSummaryStore } from './adapters/dynamodb/summary-store';
import { DynamoSuppressionStore } from './adapters/dynamodb/suppression-store';
import { DynamoAuditStore } from './adapters/dynamodb/audit-store';
import { DynamoSettingsStore } from './adapters/dynamodb/settings-store';
import { SesMailer } from './adapters/ses/mailer';
import { ENV, parseEnv, type RuntimeEnv } from './config/env';
import { createSigner } from './domain/tokens';
import type { Clock, Deps, Logger } from './ports';

type TableStores = Pick<Deps, 'profiles' | 'outbox' | 'matches' | 'rounds' | 'suppressions' | 'summaries' | 'audit' | 'settings' | 'reports'>;

/** One adapter per aggregate, all on the one table. */
function tableStores(dynamodb: DynamoDBClient, tableName: string, clock: Clock): TableStores {
  return {
    profiles: new DynamoProfileStore(dynamodb, tableName, clock),
    outbox: new DynamoOutboxStore(dynamodb, tableName, clock),
    matches: new DynamoMatchStore(dynamodb, tableName),
    rounds: new DynamoRoundStore(dynamodb, tableName),
    suppressions: new DynamoSuppressionStore(dynamodb, tableName),
    summaries: new DynamoSummaryStore(dynamodb, tableName),
    audit: new DynamoAuditStore(dynamodb, tableName),
    settings: new DynamoSettingsStore(dynamodb, tableName),
    reports: new DynamoReportStore(dynamodb, tableName, clock),
  };
}

export const systemClock: Clock = { now: () => new Date() };
export const uuidIds = { next: () => randomUUID() };

/** Structured JSON logs (Powertools). Callers pass ids and codes, never personal data. */
export interface LambdaLogger extends Logger {
  /** Adds the invocation's context to every line from now on: cold_start, the request id, the function's name and version. */
  addContext(context: Context): void;
}

export function jsonLogger(serviceName = 'mentor-match'): LambdaLogger {
  const logger = new PowertoolsLogger({ serviceName });
  return {
    info: (message, extra) => (extra ? logger.info(message, extra) : logger.info(message)),
    warn: (message, extra) => (extra ? logger.warn(message, extra) : logger.warn(message)),
    error: (message, extra) => (extra ? logger.error(message, extra) : logger.error(message)),
    addContext: (context) => logger.addContext(context),
  };
}

/** Stands in for a dependency this function was not granted; using it is a wiring bug. */
function notGranted<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      if (property === 'then') return undefined;
      throw new Error(`${what} is not available to this function (property ${String(property)})`);
    },
  });
}

/**
 * Client config for the local emulators. Static dummy credentials and an
 * explicit region mean the SDK never runs its provider chains (env, ~/.aws,
 * SSO, IMDS), so a developer's real AWS credentials are never read or sent,
 * and no IMDS timeout slows the first call. `defaultsMode: 'legacy'` stops
 * AWS_DEFAULTS_MODE=auto from probing IMDS for the region.
 */
export function emulatorClientConfig(endpoint: string, deadlines: Deadlines = 'request') {
  return {
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    defaultsMode: 'legacy' as const,
    ...clientDeadlines(deadlines),
  };
}

/**
 * Every call to DynamoDB and SES has a deadline. On a request path, a
 * stalled dependency must turn into a 503 within 5 s, well inside the
 * Lambda's 10 s: 1 s to connect, 2 s to answer, two attempts (~4.2 s at
 * worst). Jobs (rounds, deadlines, the outbox) may wait longer for a big
 * query or transaction and retry more.
 */
export type Deadlines = 'request' | 'job';

export function clientDeadlines(kind: Deadlines) {
  return kind === 'request'
    ? { maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true } }
    : { maxAttempts: 3, requestHandler: { connectionTimeout: 2_000, requestTimeout: 15_000, throwOnRequestTimeout: true } };
}

export interface DepsOptions {
  tableName: string;
  dynamodb: DynamoDBClient;
  ses: SESClient;
  signingKey: Buffer;
  baseUrl: string;
  mailFrom: string;
  configurationSet?: string;
  sesHealthUrl?: string;
  clock?: Clock;
  logger?: Logger;
}

export function buildDeps(o: DepsOptions): Deps {
  const clock = o.clock ?? systemClock;
  return {
    ...tableStores(o.dynamodb, o.tableName, clock),
    mailer: new SesMailer(o.ses, o.mailFrom, { configurationSet: o.configurationSet, healthUrl: o.sesHealthUrl }),
    signer: createSigner(o.signingKey),
    clock,
    ids: uuidIds,
    logger: o.logger ?? jsonLogger(),
    config: { baseUrl: o.baseUrl, mailFrom: o.mailFrom },
  };
}

async function signingKeyFrom(env: RuntimeEnv): Promise<Buffer | undefined> {
  const local = env[ENV.SIGNING_KEY];
  if (local) return Buffer.from(local, 'base64');
  const arn = env[ENV.SIGNING_KEY_SECRET_ARN];
  if (!arn) return undefined;
  const secret = await new SecretsManagerClient(clientDeadlines('request')).send(new GetSecretValueCommand({ SecretId: arn }));
  if (!secret.SecretString) throw new Error('The signing key secret is empty');
  return Buffer.from(secret.SecretString, 'utf8');
}

/**
 * Lambda wiring. The environment is parsed first and synchronously by the
 * caller at cold start (parseEnv), so a missing variable fails the init, not a request.
 */
export async function buildLambdaDeps(env: RuntimeEnv, deadlines: Deadlines = 'request', logger: Logger = jsonLogger()): Promise<Deps> {
  const dynamoEndpoint = env[ENV.DYNAMODB_ENDPOINT];
  const sesEndpoint = env[ENV.SES_ENDPOINT];
  const tableName = env[ENV.TABLE_NAME];
  const signingKey = await signingKeyFrom(env);
  const clock = systemClock;
  const config = (endpoint: string | undefined) => (endpoint ? emulatorClientConfig(endpoint, deadlines) : clientDeadlines(deadlines));
  const dynamodb = tableName ? new DynamoDBClient(config(dynamoEndpoint)) : undefined;
  const stores: TableStores =
    dynamodb && tableName
      ? tableStores(dynamodb, tableName, clock)
      : {
          profiles: notGranted('The table'),
          outbox: notGranted('The table'),
          matches: notGranted('The table'),
          rounds: notGranted('The table'),
          suppressions: notGranted('The table'),
          summaries: notGranted('The table'),
          audit: notGranted('The table'),
          settings: notGranted('The table'),
          reports: notGranted('The table'),
        };
  return {
    ...stores,
    mailer: new SesMailer(new SESClient(config(sesEndpoint)), env[ENV.MAIL_FROM], {
      configurationSet: env[ENV.SES_CONFIGURATION_SET],
      // The emulator has no GetSendQuota; its health URL answers instead (as in infra/local/app.ts).
      healthUrl: sesEndpoint ? `${sesEndpoint}/health-check` : undefined,
    }),
    signer: signingKey ? createSigner(signingKey) : notGranted('The signing key'),
    clock,
    ids: uuidIds,
    logger,
    config: { baseUrl: env[ENV.BASE_URL], mailFrom: env[ENV.MAIL_FROM] },
  };
}

export { parseEnv };
