import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { generateProfiles } from '../../fixtures/profiles';

/** Runs the CLI as other tools do (tsx, stdin → stdout), without npm's own output. */
function run(command: string, input: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'shared/matching/cli.ts', command], { input, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('match CLI', () => {
  it('solve: reads a generic instance and writes pairs, matched and total', () => {
    const out = run('solve', JSON.stringify({ left: 3, capacities: [1, 2], edges: [[0, 0, 5], [1, 0, 4], [1, 1, 1], [2, 1, 2.5]] }));
    expect(out).toEqual({ code: 0, stdout: '{"pairs":[[0,0],[1,1],[2,1]],"matched":3,"total":8.5}\n', stderr: '' });
  });

  it.each([
    ['not JSON', '{"left": 1,'],
    ['an index out of range', '{"left": 1, "capacities": [1], "edges": [[0, 3, 1]]}'],
    ['a negative weight', '{"left": 1, "capacities": [1], "edges": [[0, 0, -2]]}'],
    ['NaN', '{"left": 1, "capacities": [1], "edges": [[0, 0, NaN]]}'],
    ['a duplicate edge', '{"left": 1, "capacities": [1], "edges": [[0, 0, 1], [0, 0, 1]]}'],
  ])('solve: %s exits 2 with one line on stderr', (_, input) => {
    const out = run('solve', input);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(out.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });

  // The fast reader takes the usual shape; an escaped key ("\u006ceft" is "left") forces the JSON.parse path.
  const viaJsonParse = (input: string) => input.replace('"left"', '"\\u006ceft"');

  it('solve: the fast reader and the JSON.parse path give the same output (whitespace, key order, exponents)', () => {
    let state = 12345;
    const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const spell = (w: number) => [String(w), w.toExponential(), w.toExponential().toUpperCase(), `${Math.round(w * 1000)}e-3`][Math.floor(random() * 4)]!;
    for (const [left, right] of [[60, 12], [30, 40]] as const) {
      const edges: string[] = [];
      for (let i = 0; i < left; i++) {
        for (let j = 0; j < right; j++) if (random() < 0.3) edges.push(`[ ${i},${j} ,\t${spell(Math.round(random() * 1e5) / 100 + 0.001)}]`);
      }
      edges.reverse();
      const capacities = Array.from({ length: right }, () => Math.floor(random() * 3));
      const input = `\n{ "edges" : [\n${edges.join(',\n')}\n],\r\n "capacities":[${capacities.join(' , ')}], "left":${left}e0 }\n`;
      const fast = run('solve', input);
      expect(fast.code).toBe(0);
      expect(JSON.parse(fast.stdout).matched).toBeGreaterThan(0);
      expect(run('solve', viaJsonParse(input))).toEqual(fast);
    }
    expect(run('solve', '{"left": 2, "capacities": [1], "edges": [[0, 0, 1e-3], [1, 0, 2.5E2]]}').stdout).toBe('{"pairs":[[1,0]],"matched":1,"total":250}\n');
  });

  it.each([
    ['an index out of range', '{"left": 1, "capacities": [1], "edges": [[0, 3, 1]]}', 'edges[0]: j must be a whole number from 0 to 0, got 3'],
    ['a negative weight', '{"left": 1, "capacities": [1], "edges": [[0, 0, -2]]}', 'edges[0]: w must be a finite number greater than 0, got -2'],
    ['an overflowing weight', '{"left": 1, "capacities": [1], "edges": [[0, 0, 1e999]]}', 'edges[0]: w must be a finite number greater than 0, got Infinity'],
    ['a fractional index', '{"left": 2, "capacities": [1], "edges": [[0, 0, 1], [1.5, 0, 1]]}', 'edges[1]: i must be a whole number from 0 to 1, got 1.5'],
    ['a negative capacity', '{"left": 1, "capacities": [2, -1], "edges": []}', 'capacities[1] must be a whole number of at least 0, got -1'],
    ['a duplicate edge', '{"left": 1, "capacities": [1], "edges": [[0, 0, 1], [0, 0, 1]]}', 'edges: more than one edge for (i, j) = (0, 0)'],
  ])('solve: %s gives the same message from the fast reader and the JSON.parse path', (_, input, message) => {
    const fast = run('solve', input);
    expect(fast).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
    expect(run('solve', viaJsonParse(input))).toEqual(fast);
  });

  it('solve: shapes the fast reader does not take keep their messages', () => {
    expect(run('solve', '{"left": 1, "capacities": [1], "edges": [[0, 0]]}').stderr).toBe('edges[0] must be an [i, j, w] triple\n');
    expect(run('solve', '{"left": 1, "capacities": [1], "edges": [], "extra": 1}').stderr).toBe(
      'Unknown field "extra": expected "left", "capacities" and "edges"\n',
    );
    expect(run('solve', '{"left": 1, "capacities": [1], "edges": [[0, 0, "2"]]}').stderr).toBe(
      'edges[0]: w must be a finite number greater than 0, got "2"\n',
    );
  });

  it('round: proves its answer from a tiny starting width and says so in the stats', () => {
    const { mentees, mentors } = generateProfiles({ mentees: 12, mentors: 4, seed: 3 });
    const out = run('round', JSON.stringify({ mentees, mentors, maxCandidatesPerMentee: 1, budget: { maxCandidates: 10_000, maxSeconds: 60 } }));
    expect(out.code).toBe(0);
    const { stats } = JSON.parse(out.stdout);
    expect(stats.optimality).toBe('proven');
    expect(stats.candidatesPerMentee.initial).toBe(1);
    // Width 1 loses the optimum for this instance: the proof had to widen.
    expect(stats.proof.solves).toBeGreaterThan(1);
    expect(stats).not.toHaveProperty('shortfallBound');

    const unproven = JSON.parse(run('round', JSON.stringify({ mentees, mentors, maxCandidatesPerMentee: 1, budget: { maxCandidates: 1 } })).stdout).stats;
    expect(unproven).toMatchObject({ optimality: 'unproven', proof: { stoppedBy: 'candidates' } });
    expect(run('round', JSON.stringify({ mentees, mentors, budget: { maxSeconds: 0 } })).stderr).toBe('budget.maxSeconds: maxSeconds must be a number of seconds above 0\n');
  });

  it('round: proposes with scores and reasons; an unknown skill exits 2 naming the field', () => {
    const { mentees, mentors } = generateProfiles({ mentees: 6, mentors: 3, seed: 9 });
    const ok = run('round', JSON.stringify({ mentees, mentors, exclusions: [], weights: { sameRegion: 25 } }));
    expect(ok.code).toBe(0);
    const result = JSON.parse(ok.stdout);
    expect(result.proposals.length + result.unmatched.length).toBe(6);
    expect(result.stats.matched).toBe(result.proposals.length);

    const bad = run('round', JSON.stringify({ mentees: [{ ...mentees[0], skills: ['juggling'] }], mentors, exclusions: [] }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('mentees.0.skills.0: Select skills from the list\n');
  });
});
