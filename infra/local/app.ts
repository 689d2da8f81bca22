/**
 * Starts the application half of the local runtime against running
 * emulators: creates the table from the CDK definition, serves every route,
 * and drives the outbox sender on an interval (the stand-in for the table's
 * stream and the sweep schedule in AWS). A received profile submission wakes
 * the placement runner at once, as the stream would invoke its consumer, and
 * the interval places whatever is left. Used by `npm start` and by tests.
 */
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { routes } from '../../functions/routes';
import { deadlinesJob, roundJob, weeklySummaryJob } from '../../functions/matching/jobs';
import { sweepOutbox } from '../../functions/outbox/sender';
import { placeWaitingSubmissions } from '../../shared/app/intake';
import { SUBMISSION_POLICY } from '../../shared/domain/submission';
import { createAdminTokenVerifier } from '../../shared/adapters/auth/admin-tokens';
import { buildDeps, type Deadlines, emulatorClientConfig, jsonLogger } from '../../shared/deps';
import type { Clock, Deps, Logger } from '../../shared/ports';
import { LOCAL_ADMIN, LOCAL_NON_ADMIN, type LocalIssuer, localIssuer, newIssuerKey } from './admin-issuer';
import { createTable } from './emulators';
import { createAppServer } from './server';

export interface AppOptions {
  dynamodbEndpoint: string;
  sesEndpoint: string;
  tableName: string;
  signingKey: Buffer;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Public base URL for links in emails; defaults to the server's own address. */
  baseUrl?: string;
  mailFrom?: string;
  outboxIntervalMs?: number;
  /** Matching rounds on an interval (AWS: a daily schedule); 0 or absent turns them off. */
  roundIntervalMs?: number;
  /** Reminders and expiries of proposals; default every 60 s, 0 turns it off. */
  deadlinesIntervalMs?: number;
  /** Who gets the weekly summary; checked every 5 minutes, sent from Monday 08:00 London time once a week. None: off. */
  adminEmails?: readonly string[];
  logger?: Logger;
  clock?: Clock;
  /** Signs and verifies admin sign-in tokens; a fresh one (a new key) when absent. */
  adminIssuer?: LocalIssuer;
}

export interface RunningApp {
  url: string;
  /** What the server's requests use: short deadlines (a stalled table is a 503 within 5 s). */
  deps: Deps;
  /** What the scheduled jobs use (longer deadlines, more attempts), on the same table, mailer and clock: for tools and tests that do a job's work. */
  jobDeps: Deps;
  /** The issuer whose tokens this app accepts for admin routes. */
  adminIssuer: LocalIssuer;
  stop(): Promise<void>;
}

export async function startApp(o: AppOptions): Promise<RunningApp> {
  const host = o.host ?? '127.0.0.1';
  // Requests and jobs get clients of their own, as in AWS: requests with short deadlines, jobs with longer ones.
  const wiring = (deadlines: Deadlines) => {
    const dynamodb = new DynamoDBClient(emulatorClientConfig(o.dynamodbEndpoint, deadlines));
    const deps = buildDeps({
      tableName: o.tableName,
      dynamodb,
      ses: new SESClient(emulatorClientConfig(o.sesEndpoint, deadlines)),
      sesHealthUrl: `${o.sesEndpoint}/health-check`,
      signingKey: o.signingKey,
      // Known once the server listens (port 0 picks a free one); set below.
      baseUrl: o.baseUrl ?? '',
      mailFrom: o.mailFrom ?? 'mentor-match@localhost.test',
      logger: o.logger ?? jsonLogger(),
      clock: o.clock,
    });
    return { dynamodb, deps };
  };
  const requests = wiring('request');
  const jobs = wiring('job');
  await createTable(jobs.dynamodb, o.tableName);
  const { deps } = requests;
  // The stand-in for the stream's consumer of received submissions: one run at a time, on the jobs' clients.
  // The clock here may be a test's, which stands still, so the burst hold is kept in real time instead of
  // by the email's due time: while submissions keep arriving the sender waits (see `burst`).
  const placing = serialRunner(() => placeWaitingSubmissions(jobs.deps, { policy: { ...SUBMISSION_POLICY, burstHoldMs: 0 } }), jobs.deps);
  const burst = burstWatch();
  deps.placement = {
    kind: 'runner',
    wake: () => {
      burst.seen();
      placing.wake();
    },
  };
  const adminIssuer = o.adminIssuer ?? localIssuer(newIssuerKey());
  const server = createAppServer(
    routes,
    deps,
    {
      adminTokens: createAdminTokenVerifier(adminIssuer.settings),
      adminSignIn: { kind: 'local', issue: ({ admin }) => adminIssuer.sign(admin ? LOCAL_ADMIN : LOCAL_NON_ADMIN) },
    },
    placing.settled,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  deps.config.baseUrl = o.baseUrl ?? url;
  jobs.deps.config.baseUrl = deps.config.baseUrl;

  const schedules = [
    repeat(
      'Outbox sweep',
      o.outboxIntervalMs ?? 500,
      async () => {
        await placing.run();
        if (burst.active()) return undefined;
        return sweepOutbox(jobs.deps, Date.now() + 5_000);
      },
      jobs.deps,
      0,
    ),
    repeat('Matching round', o.roundIntervalMs ?? 0, () => roundJob(jobs.deps, 'local'), jobs.deps),
    repeat('Proposal deadlines', o.deadlinesIntervalMs ?? 60_000, () => deadlinesJob(jobs.deps), jobs.deps),
    repeat('Weekly summary', o.adminEmails?.length ? 5 * 60_000 : 0, () => weeklySummaryJob(jobs.deps, { adminEmails: o.adminEmails ?? [] }), jobs.deps),
  ];

  return {
    url,
    deps,
    jobDeps: jobs.deps,
    adminIssuer,
    async stop() {
      await Promise.all(schedules.map((schedule) => schedule.stop()));
      await placing.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      requests.dynamodb.destroy();
      jobs.dynamodb.destroy();
    },
  };
}

/** Runs `work` every `intervalMs`, one run at a time (the next is timed from the end of the last). */
function repeat(name: string, intervalMs: number, work: () => Promise<unknown>, deps: Deps, firstAfterMs = intervalMs) {
  let stopped = intervalMs <= 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = work()
      .then(() => undefined)
      .catch((error) => deps.logger.error(`${name} failed`, { error: error instanceof Error ? error.name : 'unknown' }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  if (!stopped) timer = setTimeout(tick, firstAfterMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * Runs `work` when woken, one run at a time: a wake during a run asks for one
 * more run after it, so nothing received meanwhile waits for the interval.
 */
function serialRunner(work: () => Promise<unknown>, deps: Deps) {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await work().catch((error) => deps.logger.error('Placing submissions failed', { error: error instanceof Error ? error.name : 'unknown' }));
      } while (again && !stopped);
      running = undefined;
    })();
    return running;
  };
  return {
    run,
    /** Resolves when no run is going (at most 2 s: a page never waits long for a stuck table). */
    settled: async () => {
      if (running) await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    },
    wake: () => {
      if (!stopped) void run();
    },
    async stop() {
      stopped = true;
      await running;
    },
  };
}

/**
 * The local burst hold: true while profile submissions keep arriving (the
 * last less than QUIET_MS ago), for at most SUBMISSION_POLICY.burstHoldMs
 * from the first. The sender waits meanwhile, so a burst's placements all
 * find its one email still unsent and replace it instead of adding one; in
 * AWS the email's due time holds it (shared/app/intake.ts).
 */
function burstWatch() {
  const QUIET_MS = 300;
  let first: number | undefined;
  let last = 0;
  return {
    seen() {
      const now = Date.now();
      if (first === undefined || now - last >= QUIET_MS) first = now;
      last = now;
    },
    active() {
      const now = Date.now();
      return first !== undefined && now - last < QUIET_MS && now - first < SUBMISSION_POLICY.burstHoldMs;
    },
  };
}
