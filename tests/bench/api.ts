/**
 * The public API under load from local clients: 10 and then 50 clients at
 * once, each sending its next request as soon as the last one answers, on
 * four routes (POST /api/profiles, GET /apply/mentee, GET /api/reference,
 * GET /health). Latency p50/p95/p99 and requests a second per route, beside
 * the ceiling: the raw TransactWriteItems rate of the same DynamoDB Local,
 * measured in the same run (a profile submission is one transaction, so its
 * rate cannot beat that).
 *
 * Only 127.0.0.1: DynamoDB Local, the SES emulator and the app are started
 * here and stopped at the end. Every run is bounded twice, by a number of
 * requests and by seconds, so it stops by itself.
 *
 *   npm run bench -- --only api
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generatePeople } from '../fixtures/people';
import { transactionRate } from './ceiling';
import { startBenchStack } from './stack';

const TABLE = 'mentor-match-bench-api';
const CLIENTS = [10, 50] as const;
/** Per route and number of clients: whichever comes first. */
const MAX_REQUESTS = 1_000;
const MAX_SECONDS = 10;
const say = (text: string) => process.stderr.write(`${text}\n`);

interface RouteLoad {
  name: string;
  request: (n: number) => { path: string; init?: RequestInit };
}

const people = generatePeople({ mentees: 2 * MAX_REQUESTS * CLIENTS.length, mentors: 1, seed: 77 });
const run = randomBytes(3).toString('hex');

const ROUTES: RouteLoad[] = [
  {
    name: 'POST /api/profiles',
    request: (n) => {
      const mentee = people.mentees[n % people.mentees.length]!;
      // Unique per request and per run, so each is a new sign-up (a repeat address is a different, cheaper path).
      const body = { ...mentee, email: `bench.${run}.${n}@${mentee.email.split('@')[1]}`, consent: true };
      return { path: '/api/profiles', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } };
    },
  },
  { name: 'GET /apply/mentee', request: () => ({ path: '/apply/mentee' }) },
  { name: 'GET /api/reference', request: () => ({ path: '/api/reference' }) },
  { name: 'GET /health', request: () => ({ path: '/health' }) },
];

export interface Load {
  route: string;
  clients: number;
  requests: number;
  errors: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

async function load(url: string, route: RouteLoad, clients: number, offset: number): Promise<Load> {
  const ms: number[] = [];
  let errors = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = started + MAX_SECONDS * 1000;
  const client = async () => {
    while (sent < MAX_REQUESTS && performance.now() < deadline) {
      const { path, init } = route.request(offset + sent++);
      const t = performance.now();
      try {
        const response = await fetch(`${url}${path}`, init);
        await response.arrayBuffer();
        if (response.status >= 400) errors++;
      } catch {
        errors++;
      }
      ms.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - started) / 1000;
  ms.sort((a, b) => a - b);
  return { route: route.name, clients, requests: ms.length, errors, perSecond: ms.length / seconds, p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), p99: quantile(ms, 0.99) };
}

export async function benchApi(): Promise<{ loads: Load[]; transactionsPerSecond: number }> {
  const { dynamodb, app, stop } = await startBenchStack(TABLE);
  try {
    say('api: the raw TransactWriteItems rate of this DynamoDB Local (the ceiling)');
    // About what a sign-up writes: the profile, its email claim, the outbox message and counters.
    const transactionsPerSecond = await transactionRate(dynamodb.endpoint, TABLE, { items: 6, itemBytes: 400, inFlight: 8 });
    const loads: Load[] = [];
    let offset = 0;
    for (const clients of CLIENTS) {
      for (const route of ROUTES) {
        // A short warm-up, not counted.
        for (let k = 0; k < 5; k++) {
          const { path, init } = route.request(offset++);
          await (await fetch(`${app.url}${path}`, init)).arrayBuffer();
        }
        say(`api: ${route.name} with ${clients} clients (at most ${MAX_REQUESTS} requests or ${MAX_SECONDS} s)`);
        const result = await load(app.url, route, clients, offset);
        offset += MAX_REQUESTS;
        loads.push(result);
      }
    }
    const ms = (n: number) => n.toFixed(1).padStart(7);
    console.log(
      `The API from local clients (app, DynamoDB Local and the SES emulator on this machine; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs).`,
    );
    console.log(`Ceiling: DynamoDB Local took ${transactionsPerSecond.toFixed(0)} TransactWriteItems a second (6 items, 8 in flight) in this run.`);
    console.log('');
    console.log(`| ${'route'.padEnd(20)} | clients | requests | errors | per second | p50 ms  | p95 ms  | p99 ms  |`);
    console.log(`| ${'-'.repeat(20)} | ------- | -------- | ------ | ---------- | ------- | ------- | ------- |`);
    for (const l of loads) {
      console.log(
        `| ${l.route.padEnd(20)} | ${String(l.clients).padStart(7)} | ${String(l.requests).padStart(8)} | ${String(l.errors).padStart(6)} | ${l.perSecond.toFixed(0).padStart(10)} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} |`,
      );
    }
    const posts = loads.filter((l) => l.route.startsWith('POST'));
    console.log('');
    for (const p of posts) {
      console.log(`POST /api/profiles with ${p.clients} clients: ${p.perSecond.toFixed(0)} a second, ${((p.perSecond / transactionsPerSecond) * 100).toFixed(0)}% of the raw transaction rate.`);
    }
    return { loads, transactionsPerSecond };
  } finally {
    await stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  benchApi().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
