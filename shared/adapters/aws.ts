/**
 * The AWS side of the wiring: the SDK clients and the adapters on them. A
 * Lambda entry imports this module dynamically, on the first call that needs
 * a table, mail or the signing key (functions/http/lambda-deps.ts), so the
 * SDK never loads for a route that touches no AWS service; esbuild puts it
 * in a chunk of its own (infra/constructs/bundling.ts).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient } from '@aws-sdk/client-ses';
import { ENV, type RuntimeEnv } from '../config/env';
import type { Clock, Deps, Mailer } from '../ports';
import { clientDeadlines, type Deadlines, emulatorClientConfig } from '../wiring';
import { DynamoAuditStore } from './dynamodb/audit-store';
import { DynamoMatchStore } from './dynamodb/match-store';
import { DynamoOutboxStore } from './dynamodb/outbox-store';
import { DynamoProfileStore } from './dynamodb/profile-store';
import { DynamoReportStore } from './dynamodb/report-store';
import { DynamoRoundStore } from './dynamodb/round-store';
import { DynamoSettingsStore } from './dynamodb/settings-store';
import { DynamoSummaryStore } from './dynamodb/summary-store';
import { DynamoSuppressionStore } from './dynamodb/suppression-store';
import { SesMailer } from './ses/mailer';

export type TableStores = Pick<Deps, 'profiles' | 'outbox' | 'matches' | 'rounds' | 'suppressions' | 'summaries' | 'audit' | 'settings' | 'reports'>;

export const TABLE_STORE_NAMES = [
  'profiles',
  'outbox',
  'matches',
  'rounds',
  'suppressions',
  'summaries',
  'audit',
  'settings',
  'reports',
] as const satisfies readonly (keyof TableStores)[];

/** One adapter per aggregate, all on the one table. */
export function tableStores(dynamodb: DynamoDBClient, tableName: string, clock: Clock): TableStores {
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

/** The emulator's endpoint when one is set (local runs, the bundles test), else AWS with the deadlines. */
const clientConfig = (endpoint: string | undefined, deadlines: Deadlines) =>
  endpoint ? emulatorClientConfig(endpoint, deadlines) : clientDeadlines(deadlines);

/** The table's stores for a Lambda function's environment (which names the table: bindTable in infra). */
export function lambdaTableStores(env: RuntimeEnv, tableName: string, deadlines: Deadlines, clock: Clock): TableStores {
  return tableStores(new DynamoDBClient(clientConfig(env[ENV.DYNAMODB_ENDPOINT], deadlines)), tableName, clock);
}

export function lambdaMailer(env: RuntimeEnv, deadlines: Deadlines): Mailer {
  const sesEndpoint = env[ENV.SES_ENDPOINT];
  return new SesMailer(new SESClient(clientConfig(sesEndpoint, deadlines)), env[ENV.MAIL_FROM], {
    configurationSet: env[ENV.SES_CONFIGURATION_SET],
    // The emulator has no GetSendQuota; its health URL answers instead (as in infra/local/app.ts).
    healthUrl: sesEndpoint ? `${sesEndpoint}/health-check` : undefined,
  });
}

/** The HMAC key for action links, from its Secrets Manager secret. */
export async function readSigningKeySecret(arn: string): Promise<Buffer> {
  const secret = await new SecretsManagerClient(clientDeadlines('request')).send(new GetSecretValueCommand({ SecretId: arn }));
  if (!secret.SecretString) throw new Error('The signing key secret is empty');
  return Buffer.from(secret.SecretString, 'utf8');
}
