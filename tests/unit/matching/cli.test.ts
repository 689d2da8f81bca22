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
