/**
 * Writes a `solve` CLI instance to stdout, to time the CLI whole-process:
 *
 *   npx tsx tests/bench/solve-instance.ts --mentees 50000 --mentors 10000 --candidates 25 > instance.json
 *   /usr/bin/time -f %e npm run --silent match -- solve < instance.json > /dev/null
 *
 * Realistic: seeded fixture profiles (tests/fixtures/profiles.ts), mentor
 * capacities 1 to 5, and each mentee's best-scoring eligible mentors with
 * their scores in tenths, as a round hands the solver. Every mentee gets
 * exactly --candidates edges: one with fewer eligible mentors is topped up
 * with other mentors (lowest index first) at weight 1, so the shapes are
 * exact. Options: --seed (default 2026).
 */
import { buildCandidates, DEFAULT_WEIGHTS, pointTables, prepareMentee, prepareMentor } from '../../shared/matching';
import { generateProfiles } from '../fixtures/profiles';

function option(name: string, fallback?: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (value === undefined || !Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
  return value;
}

const menteeCount = option('mentees');
const mentorCount = option('mentors');
const perMentee = option('candidates');
if (perMentee > mentorCount) throw new Error('--candidates cannot exceed --mentors');
const profiles = generateProfiles({ mentees: menteeCount, mentors: mentorCount, seed: option('seed', 2026), capacity: [1, 5] });
const { graph } = buildCandidates({
  mentees: profiles.mentees.map(prepareMentee),
  mentors: profiles.mentors.map(prepareMentor),
  excluded: new Map(),
  tables: pointTables(DEFAULT_WEIGHTS),
  maxPerMentee: perMentee,
});

// Written in chunks: 5 million edges are too many for one string.
const out: string[] = [];
const flush = () => {
  process.stdout.write(out.join(''));
  out.length = 0;
};
out.push(`{"left":${menteeCount},"capacities":[${[...graph.capacities].join(',')}],"edges":[`);
let first = true;
const chosen = new Uint8Array(mentorCount);
for (let i = 0; i < menteeCount; i++) {
  const from = graph.rowStart[i]!;
  const to = graph.rowStart[i + 1]!;
  for (let e = from; e < to; e++) chosen[graph.col[e]!] = 1;
  for (let e = from; e < to; e++) {
    out.push(`${first ? '' : ','}[${i},${graph.col[e]},${graph.weight[e]}]`);
    first = false;
  }
  for (let j = 0, missing = perMentee - (to - from); missing > 0; j++) {
    if (chosen[j]) continue;
    out.push(`${first ? '' : ','}[${i},${j},1]`);
    first = false;
    missing--;
  }
  for (let e = from; e < to; e++) chosen[graph.col[e]!] = 0;
  if (out.length > 65_536) flush();
}
out.push(']}\n');
flush();
