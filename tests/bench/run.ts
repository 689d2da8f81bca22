/**
 * `npm run bench`: the matching engine at programme sizes, against a greedy
 * baseline (highest score first). Each (size, method) runs in a fresh child
 * process, so time and peak memory are whole-process and honest; children
 * report their steps on stderr as they go. The exact method is the whole
 * round, proof included: candidate building, each solve, each check of the
 * pairs left out, and how many solves it took to prove. Profiles come from the
 * seeded fixture generator. No pass/fail: it prints a table.
 * process, so time and peak memory are whole-process and honest. Profiles
 * come from the seeded fixture generator. No pass/fail: it prints a table.
 * Then the programme report at 10k × 2k over the real local stack
 * (./report.ts, in its own process too).
 *
 * Options: --only <name> runs one size (1k, 10k, 50k, 10k-cap5) or only the
 * report (report).
 */
import { spawnSync } from 'node:child_process';
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

const only = process.argv.indexOf('--only');
const onlyName = only >= 0 ? process.argv[only + 1] : undefined;
const cases = onlyName ? CASES.filter((c) => c.name === onlyName) : CASES;

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
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, k) => (k < 3 || k === 9 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const r of rows) console.log(line(r));
  console.log('');
  for (const g of gains) console.log(g);
}

if (!onlyName || onlyName === 'report') {
  if (cases.length > 0) console.log('');
  // Its own process: it starts and stops DynamoDB Local and the SES emulator, and prints its own table.
  const report = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./report.ts', import.meta.url))], { stdio: 'inherit' });
  if (report.status !== 0) throw new Error('The report benchmark failed');
}
