/**
 * One benchmark measurement, run in its own process so that peak memory (max
 * RSS) and whole-process time belong to this case and method alone.
 * Prints one JSON line on stdout and its progress on stderr.
 *
 * - exact: the whole round (runRound): candidates at the starting width,
 *   then solve, prove, widen, until proven.
 * - greedy: the baseline, highest score first, over the same starting
 *   candidates (no proof: greedy has none).
 */
import { buildCandidates, greedyGraph, pointTables, prepareMentee, prepareMentor, runRound, DEFAULT_WEIGHTS, type RoundStep } from '../../shared/matching';
import { generateProfiles } from '../fixtures/profiles';
import { tallyChoice } from './choice';

export interface Case {
  name: string;
  mentees: number;
  mentors: number;
  capacity: number | [number, number];
}

export interface Measurement {
  candidates: number;
  /** Candidate pairs in the last graph solved (after any widening). */
  finalCandidates: number;
  buildMs: number;
  /** All solves together. */
  solveMs: number;
  /** All proof checks together (exact only). */
  checkMs: number;
  solves: number;
  optimality: string;
  peakRssMiB: number;
  matched: number;
  total: number;
}

const say = (text: string) => process.stderr.write(`  ${text}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function describe(step: RoundStep): string {
  switch (step.step) {
    case 'candidates':
      return `candidates: ${step.candidates} pairs in ${seconds(step.ms)}`;
    case 'solve':
      return `solve ${step.solve}: ${step.matched} matched in ${seconds(step.ms)}`;
    case 'check':
      return `check ${step.solve}: ${step.priced} left-out pairs priced, ${step.violations} mentees break the proof, in ${seconds(step.ms)}`;
    case 'widen':
      return `widen: ${step.mentees} mentees, ${step.candidates} pairs, in ${seconds(step.ms)}`;
  }
}

export function measure(c: Case, method: 'exact' | 'greedy'): Measurement {
  const profiles = generateProfiles({ mentees: c.mentees, mentors: c.mentors, seed: 2026, capacity: c.capacity });
  const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;
  if (method === 'exact') {
    const m = { buildMs: 0, solveMs: 0, checkMs: 0 };
    const { stats } = runRound({
      mentees: profiles.mentees,
      mentors: profiles.mentors,
      onStep: (step) => {
        say(describe(step));
        if (step.step === 'candidates') m.buildMs += step.ms;
        if (step.step === 'solve') m.solveMs += step.ms;
        if (step.step === 'check') m.checkMs += step.ms;
      },
    });
    return {
      ...m,
      candidates: stats.candidates,
      finalCandidates: stats.proof.candidates,
      solves: stats.proof.solves,
      optimality: stats.optimality,
      peakRssMiB: peakRssMiB(),
      matched: stats.matched,
      total: stats.totalScore,
    };
  }
  const mentees = profiles.mentees.map(prepareMentee);
  const mentors = profiles.mentors.map(prepareMentor);
  let t = performance.now();
  const { graph } = buildCandidates({ mentees, mentors, excluded: new Map(), tables: pointTables(DEFAULT_WEIGHTS) });
  const buildMs = performance.now() - t;
  say(`candidates: ${graph.col.length} pairs in ${seconds(buildMs)}`);
  t = performance.now();
  const choice = greedyGraph(graph);
  const solveMs = performance.now() - t;
  say(`greedy: ${seconds(solveMs)}`);
  const { matched, total } = tallyChoice(graph, choice);
  return {
    candidates: graph.col.length,
    finalCandidates: graph.col.length,
    buildMs,
    solveMs,
    checkMs: 0,
    solves: 1,
    optimality: '-',
    peakRssMiB: peakRssMiB(),
    matched,
    total,
  };
}

const [, , json, method] = process.argv;
if (json && (method === 'exact' || method === 'greedy')) {
  process.stdout.write(`${JSON.stringify(measure(JSON.parse(json) as Case, method))}\n`);
}
