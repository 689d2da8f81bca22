/**
 * The light half of the wiring: clock, ids, logger and the AWS clients'
 * settings, with no AWS SDK import, so a Lambda entry can load it at cold
 * start and leave the SDK until a call needs it (shared/adapters/aws.ts).
 * shared/deps.ts re-exports all of it for the local runtime and tests.
 */
import { randomUUID } from 'node:crypto';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Metrics as PowertoolsMetrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { METRICS_NAMESPACE } from './domain/metrics';
import type { Clock, Logger, Metrics } from './ports';

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

/** Metrics nobody reads: the local runtime and tests that do not look at them. */
export const noMetrics: Metrics = { count() {}, timing() {} };

/** Metrics for a Lambda entry (functions/http/lambda-deps.ts), which publishes them once per invocation. */
export interface LambdaMetrics extends Metrics {
  /** Publishes the ColdStart metric on the first invocation only (dimensions service and function_name). */
  coldStart(context: Context): void;
  /** Writes what this invocation recorded as one EMF line to stdout (CloudWatch reads it from the log), then forgets it. */
  publish(): void;
}

/**
 * CloudWatch metrics as embedded metric format (Powertools Metrics):
 * namespace MentorMatch and a `service` dimension; no other dimension, so
 * nothing personal can reach one.
 */
export function emfMetrics(serviceName = 'mentor-match'): LambdaMetrics {
  const metrics = new PowertoolsMetrics({ namespace: METRICS_NAMESPACE, serviceName });
  return {
    count: (name, n = 1) => metrics.addMetric(name, MetricUnit.Count, n),
    timing: (name, ms) => metrics.addMetric(name, MetricUnit.Milliseconds, ms),
    coldStart: (context) => metrics.captureColdStartMetric(context.functionName),
    // Only when something was recorded: most requests record nothing, and Powertools warns on an empty publish.
    publish: () => {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
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

/** Stands in for a dependency this function was not granted; using it is a wiring bug. */
export function notGranted<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      if (property === 'then') return undefined;
      throw new Error(`${what} is not available to this function (property ${String(property)})`);
    },
  });
}

/** A port whose every method answers with a promise, so it can be built on its first call. */
export type AsyncPort<T> = { [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never };

/**
 * Stands in for a port until its first call, which builds it with `load`
 * (once; a failed load is tried again on the next call) and then forwards
 * every call to it.
 */
export function lazyPort<T extends AsyncPort<T>>(load: () => Promise<T>): T {
  let loading: Promise<T> | undefined;
  const port = () =>
    (loading ??= load().catch((error) => {
      loading = undefined;
      throw error;
    }));
  return new Proxy({} as T, {
    get(_target, property) {
      if (property === 'then') return undefined;
      return async (...args: unknown[]) => {
        const target = await port();
        const method = (target as Record<PropertyKey, unknown>)[property];
        if (typeof method !== 'function') throw new Error(`The port has no method ${String(property)}`);
        return method.apply(target, args);
      };
    },
  });
}
