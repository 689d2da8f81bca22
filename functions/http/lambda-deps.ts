/**
 * Deps for Lambda entries: the environment parsed at cold start, clients
 * built once. The AWS adapters (shared/adapters/aws.ts, with the SDK) are
 * imported on the first call to a store or the mailer, so a route that
 * touches neither (a static page, an asset) never loads the SDK.
 */
import type { Context } from 'aws-lambda';
import { ENV, parseEnv, type RuntimeEnv } from '../../shared/config/env';
import { createSigner } from '../../shared/domain/tokens';
import type {
  AuditStore,
  Deps,
  Logger,
  Mailer,
  MatchStore,
  Metrics,
  OutboxStore,
  ProfileStore,
  ReportStore,
  RoundStore,
  SettingsStore,
  SummaryStore,
  SuppressionStore,
} from '../../shared/ports';
import { type Deadlines, emfMetrics, jsonLogger, lazyPort, noMetrics, notGranted, systemClock, uuidIds } from '../../shared/wiring';
import type { TableStores } from '../../shared/adapters/aws';

const awsAdapters = () => import('../../shared/adapters/aws');

async function signingKeyFrom(env: RuntimeEnv): Promise<Buffer | undefined> {
  const local = env[ENV.SIGNING_KEY];
  if (local) return Buffer.from(local, 'base64');
  const arn = env[ENV.SIGNING_KEY_SECRET_ARN];
  if (!arn) return undefined;
  return (await awsAdapters()).readSigningKeySecret(arn);
}

/**
 * Lambda wiring. The environment is parsed first and synchronously by the
 * caller at cold start (parseEnv), so a missing variable fails the init, not
 * a request. Only the signing key is read here (Secrets Manager, when the
 * function was granted it); the table's stores and the mailer are built on
 * their first call.
 */
export async function buildLambdaDeps(
  env: RuntimeEnv,
  deadlines: Deadlines = 'request',
  logger: Logger = jsonLogger(),
  metrics: Metrics = noMetrics,
): Promise<Deps> {
  const tableName = env[ENV.TABLE_NAME];
  const signingKey = await signingKeyFrom(env);
  const clock = systemClock;
  // One set of stores on one client, built by whichever store is called first.
  let stores: Promise<TableStores> | undefined;
  const load = async <K extends keyof TableStores>(name: K): Promise<TableStores[K]> => {
    if (!tableName) throw new Error('The table is not available to this function');
    return (await (stores ??= awsAdapters().then((aws) => aws.lambdaTableStores(env, tableName, deadlines, clock))))[name];
  };
  // Typed one by one, so the compiler checks each port answers only with promises (lazyPort forwards calls).
  const table = tableName
    ? {
        profiles: lazyPort<ProfileStore>(() => load('profiles')),
        outbox: lazyPort<OutboxStore>(() => load('outbox')),
        matches: lazyPort<MatchStore>(() => load('matches')),
        rounds: lazyPort<RoundStore>(() => load('rounds')),
        suppressions: lazyPort<SuppressionStore>(() => load('suppressions')),
        summaries: lazyPort<SummaryStore>(() => load('summaries')),
        audit: lazyPort<AuditStore>(() => load('audit')),
        settings: lazyPort<SettingsStore>(() => load('settings')),
        reports: lazyPort<ReportStore>(() => load('reports')),
      }
    : {
        profiles: notGranted<ProfileStore>('The table'),
        outbox: notGranted<OutboxStore>('The table'),
        matches: notGranted<MatchStore>('The table'),
        rounds: notGranted<RoundStore>('The table'),
        suppressions: notGranted<SuppressionStore>('The table'),
        summaries: notGranted<SummaryStore>('The table'),
        audit: notGranted<AuditStore>('The table'),
        settings: notGranted<SettingsStore>('The table'),
        reports: notGranted<ReportStore>('The table'),
      };
  return {
    ...table,
    mailer: lazyPort<Mailer>(async () => (await awsAdapters()).lambdaMailer(env, deadlines)),
    signer: signingKey ? createSigner(signingKey) : notGranted('The signing key'),
    clock,
    ids: uuidIds,
    logger,
    metrics,
    config: { baseUrl: env[ENV.BASE_URL], mailFrom: env[ENV.MAIL_FROM] },
  };
}

/**
 * The handler of one Lambda entry: deps built once per cold start (`request`
 * deadlines for the HTTP surfaces, where a stall is a 503 within seconds;
 * `job` for the scheduled and stream functions), then for each invocation:
 * its context on every log line (cold_start, the request id; Powertools),
 * the ColdStart metric on the first, and whatever metrics `run` recorded
 * published when it ends, failed or not.
 */
export function lambdaHandler<E, R>(deadlines: Deadlines, run: (event: E, deps: Deps, context?: Context) => Promise<R>) {
  const env = parseEnv(process.env);
  const logger = jsonLogger();
  const metrics = emfMetrics();
  let deps: Promise<Deps> | undefined;
  const depsOnce = () =>
    (deps ??= buildLambdaDeps(env, deadlines, logger, metrics).catch((error) => {
      deps = undefined; // the next invocation tries again (e.g. after a throttled secret read)
      throw error;
    }));
  return async (event: E, context?: Context): Promise<R> => {
    if (context) {
      logger.addContext(context);
      metrics.coldStart(context);
    }
    try {
      return await run(event, await depsOnce(), context);
    } finally {
      metrics.publish();
    }
  };
}
