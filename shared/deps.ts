/**
 * Wiring for the local runtime and tests: builds the Deps every use case
 * takes from clients built once per process. Lambda entries wire theirs in
 * functions/http/lambda-deps.ts, which loads the AWS adapters only when a
 * call needs them; the light helpers both use live in ./wiring.ts.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESClient } from '@aws-sdk/client-ses';
import { tableStores } from './adapters/aws';
import { SesMailer } from './adapters/ses/mailer';
import { createSigner } from './domain/tokens';
import type { Clock, Deps, Logger, Metrics } from './ports';
import { jsonLogger, noMetrics, systemClock, uuidIds } from './wiring';

export {
  clientDeadlines,
  type Deadlines,
  emulatorClientConfig,
  emfMetrics,
  jsonLogger,
  type LambdaLogger,
  type LambdaMetrics,
  noMetrics,
  systemClock,
  uuidIds,
} from './wiring';
export { parseEnv } from './config/env';

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
  /** None by default: the local runtime has no CloudWatch. */
  metrics?: Metrics;
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
    metrics: o.metrics ?? noMetrics,
    config: { baseUrl: o.baseUrl, mailFrom: o.mailFrom },
  };
}
