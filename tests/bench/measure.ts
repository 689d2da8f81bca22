/**
 * One benchmark measurement, run in its own process so that peak memory (max
 * RSS) and whole-process time belong to this case and method alone.
 * Prints one JSON line on stdout.
 */
import { buildCandidates, greedyGraph, pointTables, prepareMentee, prepareMentor, solveGraph, DEFAULT_WEIGHTS } from '../../shared/matching';
import { generateProfiles } from '../fixtures/profiles';

export interface Case {
  name: string;
  mentees: number;
  mentors: number;
  capacity: number | [number, number];
}

export interface Measurement {
  candidates: number;
  buildMs: number;
  solveMs: number;
  peakRssMiB: number;
  matched: number;
  total: number;
}

export function measure(c: Case, method: 'exact' | 'greedy'): Measurement {
  const profiles = generateProfiles({ mentees: c.mentees, mentors: c.mentors, seed: 2026, capacity: c.capacity });
  const mentees = profiles.mentees.map(prepareMentee);
  const mentors = profiles.mentors.map(prepareMentor);
  let t = performance.now();
  const { graph } = buildCandidates({ mentees, mentors, excluded: new Map(), tables: pointTables(DEFAULT_WEIGHTS) });
  const buildMs = performance.now() - t;
  t = performance.now();
  const choice = method === 'exact' ? solveGraph(graph) : greedyGraph(graph);
  const solveMs = performance.now() - t;
  let matched = 0;
  let tenths = 0;
  for (const e of choice) {
    if (e < 0) continue;
    matched++;
    tenths += graph.weight[e]!;
  }
  return {
    candidates: graph.col.length,
    buildMs,
    solveMs,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    matched,
    total: tenths / 10,
  };
}

const [, , json, method] = process.argv;
if (json && (method === 'exact' || method === 'greedy')) {
  process.stdout.write(`${JSON.stringify(measure(JSON.parse(json) as Case, method))}\n`);
}
