/**
 * A national-scale matching round, end to end, on DynamoDB Local: 10,000
 * waiting mentees and 2,000 mentors (the seeded fixture generator,
 * capacities 1–5), written through the profile store's own create and
 * confirm, a few at a time. Then the round itself, in a fresh child process
 * so its peak memory is its own: read the profiles, build the candidates,
 * solve and prove, write every proposal with its outbox message. Progress
 * by phase on stderr; the phase times, the total and the peak RSS on stdout.
 * The budget: the whole round within 60 s and 1 GiB. DynamoDB Local runs
 * with its JVM's full JIT here (the local runtime's start-up setting, the
 * first tier only, made the write phase about 45% slower at this size).
 *
 *   npm run bench -- --only round     (or: npx tsx tests/bench/round.ts [--mentees N --mentors M])
 *
 * To time the round again and again without seeding each time: seed once
 * into a folder (`--data-dir /tmp/seeded --seed-only`), copy the folder,
 * and run on the copy with `--data-dir /tmp/copy --no-seed`.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type AttributeValue, DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { createTable, startDynamoDbLocal } from '../../infra/local/emulators';
import { phaseProgress, progressBar } from '../../infra/local/progress';
import { seedActive } from '../../infra/local/seeding';
import { keys } from '../../shared/adapters/dynamodb/keys';
import { PROPOSALS_IN_FLIGHT, type RoundTimings, runMatchingRound } from '../../shared/app/rounds';
import { buildDeps, emulatorClientConfig } from '../../shared/deps';
import { transactionRate } from './ceiling';

const TABLE = 'mentor-match-bench-round';
const BUDGET = { seconds: 60, mib: 1024 };

export interface RoundBench {
  mentees: number;
  mentors: number;
  places: number;
  proposed: number;
  skipped: number;
  retried: number;
  /** CPU seconds this process spent in the write phase (the rest of the phase is DynamoDB Local). */
  writeCpuS: number;
  outbox: number;
  optimality: string;
  timings: RoundTimings;
  totalMs: number;
  peakRssMiB: number;
}

function depsOn(endpoint: string) {
  const dynamodb = new DynamoDBClient(emulatorClientConfig(endpoint, 'job'));
  const deps = buildDeps({
    tableName: TABLE,
    dynamodb,
    // The round only queues its emails in the outbox; nothing is sent here.
    ses: new SESClient(emulatorClientConfig('http://127.0.0.1:9')),
    signingKey: Buffer.alloc(32, 5),
    baseUrl: 'http://localhost:3000',
    mailFrom: 'mentor-match@localhost.test',
    logger: { info() {}, warn() {}, error() {} },
  });
  return { deps, close: () => dynamodb.destroy() };
}

/** Outbox messages waiting to be sent: a COUNT query over the due index, page by page. */
async function countOutbox(endpoint: string): Promise<number> {
  const client = new DynamoDBClient(emulatorClientConfig(endpoint, 'job'));
  try {
    let count = 0;
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: TABLE,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :due',
          ExpressionAttributeValues: { ':due': { S: keys.OUTBOX_DUE } },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    return count;
  } finally {
    client.destroy();
  }
}

/** The child: one round against the seeded table; one JSON line on stdout. */
async function child(endpoint: string, concurrency: number | undefined) {
  const { deps, close } = depsOn(endpoint);
  const progress = phaseProgress();
  const t = performance.now();
  try {
    let writeCpu: NodeJS.CpuUsage | undefined;
    const outcome = await runMatchingRound(deps, {
      trigger: 'local',
      concurrency,
      onProgress: (p) => {
        if (p.phase === 'write' && !writeCpu) writeCpu = process.cpuUsage();
        progress.update(p);
      },
    });
    const cpu = process.cpuUsage(writeCpu);
    progress.done();
    const totalMs = performance.now() - t;
    const r = outcome.record;
    if (!r || !outcome.timings) throw new Error('The round did not run: another held the lease');
    const outbox = await countOutbox(endpoint);
    const result: RoundBench = {
      mentees: r.mentees,
      mentors: r.mentors,
      places: r.places,
      proposed: r.proposed,
      skipped: r.skipped,
      retried: outcome.retried ?? 0,
      writeCpuS: (cpu.user + cpu.system) / 1e6,
      outbox,
      optimality: r.optimality ?? '-',
      timings: outcome.timings,
      totalMs,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    close();
  }
}

const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Starts DynamoDB Local, seeds it, runs the round in a child process; returns and prints its figures. */
export async function benchRound(
  o: { mentees?: number; mentors?: number; dataDir?: string; seed?: boolean; seedOnly?: boolean; concurrency?: number } = {},
): Promise<RoundBench | undefined> {
  const mentees = o.mentees ?? 10_000;
  const mentors = o.mentors ?? 2_000;
  // The local runtime limits DynamoDB Local's JIT to its first tier, for a quick start (infra/local/emulators.ts); here it
  // works for minutes, like a server, so it gets the full JIT (options given later win). JDK_JAVA_OPTIONS set by hand is kept.
  process.env.JDK_JAVA_OPTIONS ??= '-XX:TieredStopAtLevel=4';
  const dynamodb = await startDynamoDbLocal({ dataDir: o.dataDir });
  try {
    const seeding = performance.now();
    if (o.seed !== false) {
      const client = new DynamoDBClient(emulatorClientConfig(dynamodb.endpoint, 'job'));
      await createTable(client, TABLE);
      client.destroy();
      const { deps, close } = depsOn(dynamodb.endpoint);
      const bar = progressBar('seed', mentees + mentors);
      try {
        await seedActive(deps, { mentees, mentors, seed: 2026 }, bar);
      } finally {
        bar.done();
        close();
      }
    }
    const seededMs = performance.now() - seeding;
    if (o.seedOnly) return undefined;
    // The shape of a proposal's transaction: 9 items, about 11 KB in all (most of it the email in the outbox), as many in flight.
    process.stderr.write('ceiling: the raw TransactWriteItems rate of this DynamoDB Local\n');
    const ceiling = await transactionRate(dynamodb.endpoint, TABLE, { items: 9, itemBytes: 1200, inFlight: o.concurrency ?? PROPOSALS_IN_FLIGHT });

    process.stderr.write(`round ${mentees} × ${mentors} (its own process):\n`);
    const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', dynamodb.endpoint], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (run.status !== 0) throw new Error(`The round failed with exit code ${run.status}`);
    const r = JSON.parse(run.stdout) as RoundBench;
    const within = r.totalMs <= BUDGET.seconds * 1000 && r.peakRssMiB <= BUDGET.mib;
    console.log(
      `Round end to end on DynamoDB Local: ${r.mentees.toLocaleString('en-GB')} waiting mentees × ${r.mentors.toLocaleString('en-GB')} mentors, ${r.places.toLocaleString('en-GB')} places ` +
        `(${o.seed === false ? 'seeded before' : `seeded through the profile store in ${s(seededMs)}`}, not counted; ` +
        `DynamoDB Local's JVM with ${process.env.JDK_JAVA_OPTIONS}).`,
    );
    console.log('');
    console.log('| read  | candidates | solve (proof) | write  | total  | peak RSS | proposed | outbox | skipped | retried | optimality |');
    console.log('| ----- | ---------- | ------------- | ------ | ------ | -------- | -------- | ------ | ------- | ------- | ---------- |');
    console.log(
      `| ${s(r.timings.read).padStart(5)} | ${s(r.timings.candidates).padStart(10)} | ${s(r.timings.solve).padStart(13)} | ${s(r.timings.write).padStart(6)} | ${s(r.totalMs).padStart(6)} | ${`${r.peakRssMiB.toFixed(0)} MiB`.padStart(8)} | ${String(r.proposed).padStart(8)} | ${String(r.outbox).padStart(6)} | ${String(r.skipped).padStart(7)} | ${String(r.retried).padStart(7)} | ${r.optimality.padEnd(10)} |`,
    );
    console.log('');
    const perSecond = r.proposed / (r.timings.write / 1000);
    console.log(
      `The write phase: ${perSecond.toFixed(0)} proposals a second, ${((perSecond / ceiling) * 100).toFixed(0)}% of the ${ceiling.toFixed(0)} raw transactions a second of the same shape (9 items, 11 KB) this DynamoDB Local took just before; ` +
        `the round's own process used ${r.writeCpuS.toFixed(1)} s of CPU in it (preparing each proposal and its email, the SDK and HTTP); ` +
        `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs.`,
    );
    console.log(`${within ? 'Within' : 'OVER'} the budget of ${BUDGET.seconds} s and ${BUDGET.mib} MiB for the whole round.`);
    return r;
  } finally {
    await dynamodb.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--child');
  const dir = process.argv.indexOf('--data-dir');
  const work =
    at >= 0
      ? child(process.argv[at + 1]!, option('concurrency', 0) || undefined)
      : benchRound({
          mentees: option('mentees', 10_000),
          mentors: option('mentors', 2_000),
          dataDir: dir >= 0 ? process.argv[dir + 1] : undefined,
          seed: !process.argv.includes('--no-seed'),
          seedOnly: process.argv.includes('--seed-only'),
          concurrency: option('concurrency', 0) || undefined,
        });
  work.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
