/**
 * Our solver beside SciPy's, on the same candidate graph: the round's input
 * at 1k × 200 and 10k × 2k (fixture profiles, capacities 1–5, each mentee's
 * best 200 mentors). Ours is solveWithPrices in this process; SciPy's is
 * min_weight_full_bipartite_matching in python3 (tests/bench/scipy_assignment.py),
 * with each mentor's places as columns. Both must agree on the number
 * matched and the total score. Optional: skipped with a line when
 * `python3 -c 'import scipy'` fails. Never part of CI.
 *
 *   npm run bench -- --only scipy
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCandidates, DEFAULT_WEIGHTS, pointTables, prepareMentee, prepareMentor, solveWithPrices, type CandidateGraph } from '../../shared/matching';
import { generateProfiles } from '../fixtures/profiles';
import { tallyChoice } from './choice';

const SIZES = [
  { name: '1k × 200', mentees: 1_000, mentors: 200 },
  { name: '10k × 2k', mentees: 10_000, mentors: 2_000 },
];

export function scipyAvailable(): boolean {
  return spawnSync('python3', ['-c', 'import scipy'], { stdio: 'ignore' }).status === 0;
}

function writeGraph(graph: CandidateGraph, path: string) {
  const head = Int32Array.of(graph.left, graph.capacities.length, graph.col.length);
  const parts = [head, graph.capacities, graph.rowStart, graph.col, graph.weight].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  writeFileSync(path, Buffer.concat(parts));
}

export function benchScipy(): void {
  if (!scipyAvailable()) {
    console.log("scipy: skipped (python3 -c 'import scipy' failed)");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'mm-scipy-'));
  const rows: string[] = [];
  try {
    for (const size of SIZES) {
      const profiles = generateProfiles({ mentees: size.mentees, mentors: size.mentors, seed: 2026, capacity: [1, 5] });
      const { graph } = buildCandidates({
        mentees: profiles.mentees.map(prepareMentee),
        mentors: profiles.mentors.map(prepareMentor),
        excluded: new Map(),
        tables: pointTables(DEFAULT_WEIGHTS),
      });
      process.stderr.write(`scipy: ${size.name}, ${graph.col.length} candidate pairs: ours\n`);
      const t = performance.now();
      const { choice } = solveWithPrices(graph);
      const oursS = (performance.now() - t) / 1000;
      const { matched, total } = tallyChoice(graph, choice);
      const file = join(dir, `${size.mentees}.bin`);
      writeGraph(graph, file);
      process.stderr.write(`scipy: ${size.name}: SciPy\n`);
      const started = performance.now();
      const py = spawnSync('python3', [fileURLToPath(new URL('./scipy_assignment.py', import.meta.url)), file], { encoding: 'utf8', maxBuffer: 1 << 20 });
      const wholeS = (performance.now() - started) / 1000;
      if (py.status !== 0) throw new Error(`SciPy failed: ${py.stderr.slice(-500)}`);
      const s = JSON.parse(py.stdout) as { matched: number; total: number; buildSeconds: number; solveSeconds: number; edges: number };
      const same = s.matched === matched && Math.abs(s.total - total) < 0.05;
      rows.push(
        `| ${size.name.padEnd(9)} | ${String(graph.col.length).padStart(9)} | ${oursS.toFixed(2).padStart(6)} | ${s.solveSeconds.toFixed(2).padStart(8)} | ${s.buildSeconds.toFixed(2).padStart(8)} | ${wholeS.toFixed(2).padStart(8)} | ${String(matched).padStart(7)} | ${total.toFixed(1).padStart(9)} | ${same ? 'yes' : `NO (SciPy ${s.matched}, ${s.total.toFixed(1)})`} |`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log('Our solver beside SciPy (min_weight_full_bipartite_matching, mentors expanded into places) on the same candidate graph (200 per mentee):');
  console.log('');
  console.log('| size      | pairs     | ours s | SciPy s  | build s  | python s | matched | total     | same answer |');
  console.log('| --------- | --------- | ------ | -------- | -------- | -------- | ------- | --------- | ----------- |');
  for (const r of rows) console.log(r);
  console.log('');
  console.log('"ours s" and "SciPy s" are the solves alone; "build s" is SciPy\'s matrix with one column per place; "python s" the whole python3 process.');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) benchScipy();
