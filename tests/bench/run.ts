/**
 * `npm run bench`: what the service costs at programme size. Never part of
 * `npm test`; no pass/fail, it prints tables on stdout and its progress on
 * stderr. In order:
 *
 * - the matching engine at programme sizes against a greedy baseline
 *   (highest score first). Each (size, method) runs in a fresh child
 *   process, so time and peak memory are whole-process and honest. The exact
 *   method is the whole round, proof included: candidate building, each
 *   solve, each check of the pairs left out, and how many solves it took;
 * - the programme report at 10k × 2k over the real local stack (./report.ts);
 * - a round end to end at 10k × 2k on DynamoDB Local, from reading the
 *   profiles to every proposal and its outbox message written, with its
 *   phase times and peak memory (./round.ts);
 * - each Lambda bundle's size and import time (./bundles.ts, when present);
 * - the API under 10 and 50 local clients against DynamoDB Local's raw
 *   transaction rate (./api.ts);
 * - our solver beside SciPy's on the same graph, when python3 has SciPy
 *   (./scipy.ts).
 * Profiles come from the seeded fixture generator.
 *
 * Options: --only <name> runs one engine size (1k, 10k, 50k, 10k-cap5) or
 * one part: report, round, bundles, api or scipy.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Case, Measurement } from './measure';

const CASES: Case[] = [
  { name: '1k', mentees: 1_000, mentors: 200, capacity: [1, 5] },
  { name: '10k', mentees: 10_000, mentors: 2_000, capacity: [1, 5] },
  { name: '10k-cap5', mentees: 10_000, mentors: 2_000, capacity: 5 },
  { name: '50k', mentees: 50_000, mentors: 10_000, capacity: [1, 5] },
];

const measureScript = fileURLToPath(new URL('./measure.ts', import.meta.url));

function runChild(c: Case, method: 'exact' | 'greedy'): Measurement & { wallMs: number } {
  const started = performance.now();
  // 50k × 10k holds ten million candidate edges: give the child room beyond Node's default heap.
  console.error(`${c.name} ${method}:`);
  const child = spawnSync(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', measureScript, JSON.stringify(c), method], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    // The child's progress goes straight to the terminal while it runs.
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`${c.name} ${method} failed with exit code ${child.status}`);
  console.error(`  done in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return { ...(JSON.parse(child.stdout) as Measurement), wallMs: performance.now() - started };
}

const PARTS = ['report', 'round', 'bundles', 'api', 'scipy'] as const;
const only = process.argv.indexOf('--only');
const onlyName = only >= 0 ? process.argv[only + 1] : undefined;
if (onlyName !== undefined && !CASES.some((c) => c.name === onlyName) && !(PARTS as readonly string[]).includes(onlyName)) {
  console.error(`bench: --only takes one of ${[...CASES.map((c) => c.name), ...PARTS].join(', ')}`);
  process.exit(2);
}
const cases = onlyName ? CASES.filter((c) => c.name === onlyName) : CASES;
const wanted = (part: (typeof PARTS)[number]) => !onlyName || onlyName === part;
/** A blank line between parts on stdout, and the part's name on stderr. */
let printed = false;
const startPart = (name: string) => {
  if (printed) console.log('');
  printed = true;
  console.error(`bench: ${name}`);
};
/** Runs a bench file in its own process (its own memory, its own emulators), its tables straight to stdout. */
const runPart = (file: string, name: string) => {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(file, import.meta.url))], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`The ${name} benchmark failed`);
};

const header = [
  'size',
  'capacity',
  'method',
  'candidates',
  'per mentee',
  'build s',
  'solves',
  'solve s',
  'check s',
  'optimality',
  'final pairs',
  'process s',
  'peak MiB',
  'matched',
  'total score',
];
const rows: string[][] = [];
const gains: string[] = [];
for (const c of cases) {
  const results = { exact: runChild(c, 'exact'), greedy: runChild(c, 'greedy') };
  for (const method of ['exact', 'greedy'] as const) {
    const r = results[method];
    rows.push([
      `${c.mentees / 1000}k × ${c.mentors >= 1000 ? `${c.mentors / 1000}k` : c.mentors}`,
      typeof c.capacity === 'number' ? String(c.capacity) : `${c.capacity[0]}–${c.capacity[1]}`,
      method,
      String(r.candidates),
      (r.candidates / c.mentees).toFixed(0),
      (r.buildMs / 1000).toFixed(2),
      String(r.solves),
      (r.solveMs / 1000).toFixed(2),
      (r.checkMs / 1000).toFixed(2),
      r.optimality,
      String(r.finalCandidates),
      (r.wallMs / 1000).toFixed(2),
      r.peakRssMiB.toFixed(0),
      String(r.matched),
      r.total.toFixed(1),
    ]);
  }
  const { exact, greedy } = results;
  gains.push(
    `${c.name}: optimal matches ${exact.matched - greedy.matched} more mentees than greedy and scores ${(exact.total - greedy.total).toFixed(1)} more points (${(((exact.total - greedy.total) / greedy.total) * 100).toFixed(1)}%)`,
  );
}

if (cases.length > 0) {
  printed = true;
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, k) => (k < 3 || k === 9 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const r of rows) console.log(line(r));
  console.log('');
  for (const g of gains) console.log(g);
}

if (wanted('report')) {
  startPart('the programme report at 10k × 2k');
  runPart('./report.ts', 'report');
}

if (wanted('round')) {
  startPart('a round end to end at 10k × 2k on DynamoDB Local');
  runPart('./round.ts', 'round');
}

if (wanted('bundles')) {
  startPart('bundle sizes and import times');
  // The bundles benchmark comes with the Lambda entries' own branch: until it is here, say where it will be.
  const bundles = new URL('./bundles.ts', import.meta.url);
  if (!existsSync(bundles)) {
    console.log('bundles: see tests/bench/bundles.ts');
  } else {
    const { measureBundles } = (await import(bundles.href)) as { measureBundles: () => Promise<{ name: string; bytes: number; importMsMedian: number }[]> };
    const measured = await measureBundles();
    const width = Math.max(8, ...measured.map((b) => b.name.length));
    console.log(`| ${'function'.padEnd(width)} | KiB     | import ms (median) |`);
    console.log(`| ${'-'.repeat(width)} | ------- | ------------------ |`);
    for (const b of measured) console.log(`| ${b.name.padEnd(width)} | ${(b.bytes / 1024).toFixed(0).padStart(7)} | ${b.importMsMedian.toFixed(1).padStart(18)} |`);
  }
}

if (wanted('api')) {
  startPart('the API under 10 and 50 local clients');
  runPart('./api.ts', 'api');
}

if (wanted('scipy')) {
  startPart('our solver beside SciPy');
  runPart('./scipy.ts', 'scipy');
}
