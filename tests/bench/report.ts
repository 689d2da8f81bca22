/**
 * The programme report at programme size, over the real local stack: DynamoDB
 * Local and the SES emulator started here, the app serving routes.ts over
 * HTTP, and GET /api/admin/report timed from a client with an admin token.
 *
 * The programme: 10,000 mentees and 2,000 mentors (the seeded fixture
 * generator) over the past year, with 300 sign-ups still to confirm, 6,000
 * matches in every status, feedback on ended matches and 50 rounds, the
 * latest of which left 500 mentees unmatched. Items are written with batch
 * writes (25 a request), not one request per person; the counters are what
 * the stores would have kept, computed with the same contribution functions
 * and spread over every shard, the largest a read can meet. Then: the
 * report's median over several runs (whole programme, one region and a
 * quarter, the page), and the rebuild of the counters from the data.
 *
 * Run through `npm run bench` (or `npm run bench -- --only report`); prints
 * its figures, no pass/fail (it says whether the median is within 500 ms).
 */
import { availableParallelism, loadavg } from 'node:os';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_ADMIN } from '../../infra/local/admin-issuer';
import { documentClient } from '../../shared/adapters/dynamodb/client';
import { keys } from '../../shared/adapters/dynamodb/keys';
import { COUNTER_SHARDS, counterItem, groupByItem } from '../../shared/adapters/dynamodb/report-store';
import { rebuildReportCounters } from '../../shared/app/report';
import { emulatorClientConfig } from '../../shared/deps';
import { type Match, MATCH_STATUSES, type MatchStatus } from '../../shared/domain/match';
import { freshMatchingState, type ProfileWithState } from '../../shared/domain/matching-state';
import { deriveCouncilFacts, type Profile } from '../../shared/domain/profile';
import { type Cells, contributionOf, feedbackContribution, matchContribution, sumCells } from '../../shared/domain/report-counters';
import type { RoundDetails, RoundRecord } from '../../shared/domain/round';
import { generateProfiles, seededRandom } from '../fixtures/profiles';
import { startBenchStack } from './stack';

const MENTEES = 10_000;
const MENTORS = 2_000;
const PENDING = 300;
const RUNS = 9;
const DAY = 86_400_000;
const TABLE = 'mentor-match-bench';

const random = seededRandom(2026);
const now = Date.now();
const ago = (days: number) => new Date(now - days * DAY).toISOString();
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

/** Shares of the 6,000 matches by status. */
const STATUS_MIX: [MatchStatus, number][] = [
  ['PROPOSED', 800],
  ['ACCEPTED', 3000],
  ['ENDED', 1000],
  ['DECLINED', 800],
  ['EXPIRED', 400],
];

function seedProgramme() {
  const generated = generateProfiles({ mentees: MENTEES + PENDING, mentors: MENTORS, seed: 2026 });
  const profile = (p: (typeof generated.mentees)[number] | (typeof generated.mentors)[number], createdDaysAgo: number, status: Profile['status']): ProfileWithState => ({
    ...p,
    ...deriveCouncilFacts(p.councilCode),
    status,
    createdAt: ago(createdDaysAgo),
    updatedAt: ago(createdDaysAgo),
    consentedAt: ago(createdDaysAgo),
    verifiedAt: status === 'PENDING_VERIFICATION' ? undefined : ago(createdDaysAgo - 0.5),
    matching: freshMatchingState(),
  });
  const mentees = generated.mentees.slice(0, MENTEES).map((m) => profile(m, 10 + random() * 350, random() < 0.03 ? 'PAUSED' : 'ACTIVE'));
  const pending = generated.mentees.slice(MENTEES).map((m) => profile(m, random() * 6, 'PENDING_VERIFICATION'));
  const mentors = generated.mentors.map((m) => profile(m, 10 + random() * 350, random() < 0.05 ? 'PAUSED' : 'ACTIVE'));
  for (const m of mentees) if (m.status === 'ACTIVE') m.matching.waitingSince = m.verifiedAt;

  const matches: Match[] = [];
  const feedback: { matchId: string; from: 'mentee' | 'mentor'; at: string; rating: number }[] = [];
  let next = 0;
  for (const [status, count] of STATUS_MIX) {
    for (let k = 0; k < count; k++) {
      const mentee = mentees[next++]!;
      if (mentee.status !== 'ACTIVE') continue;
      const open = status === 'PROPOSED' || status === 'ACCEPTED';
      let mentor: ProfileWithState | undefined;
      for (let tries = 0; tries < 40 && !mentor; tries++) {
        const c = pick(mentors);
        const room = c.role === 'mentor' && c.matching.acceptedCount + c.matching.proposedCount < c.capacity;
        if (c.status === 'ACTIVE' && c.councilCode !== mentee.councilCode && (!open || room)) mentor = c;
      }
      if (!mentor) continue;
      const proposed = status === 'PROPOSED' ? random() * 6 : 20 + random() * 300;
      const decided = proposed - random() * 6;
      const match: Match = {
        id: `bench-match-${next}`,
        roundId: 'bench-round',
        menteeId: mentee.id,
        mentorId: mentor.id,
        status,
        score: 40 + random() * 50,
        reasons: [],
        proposedAt: ago(proposed),
        remindAt: ago(proposed - 3),
        expiresAt: ago(proposed - 7),
        menteeRegion: mentee.region,
        menteeCouncilType: mentee.councilType,
        ...(status === 'PROPOSED' ? {} : { decidedAt: ago(decided) }),
        ...(status === 'ENDED' ? { endedAt: ago(decided - 10), endedBy: 'mentee' as const } : {}),
      };
      matches.push(match);
      if (status === 'PROPOSED') mentor.matching.proposedCount++;
      if (status === 'ACCEPTED') mentor.matching.acceptedCount++;
      if (open) {
        mentee.matching.openMatchId = match.id;
        mentee.matching.waitingSince = undefined;
      } else {
        mentee.matching.waitingSince = match.endedAt ?? match.decidedAt;
        mentee.matching.excludedMentorIds = [mentor.id];
      }
      if (status === 'ENDED') feedback.push({ matchId: match.id, from: 'mentee', at: match.endedAt!, rating: 1 + Math.floor(random() * 5) });
    }
  }
  const rounds: RoundRecord[] = Array.from({ length: 50 }, (_, k) => ({
    id: `bench-round-${k}`,
    startedAt: ago(k * 7 + 1),
    finishedAt: ago(k * 7 + 1),
    trigger: 'schedule',
    mentees: 4000,
    mentors: 1900,
    places: 2500,
    proposed: 1200,
    skipped: 0,
    totalScore: 60_000 + k,
    durationMs: 4000,
    unmatched: 2800,
    greedyScore: 57_000 + k,
    greedyMatched: 1150,
  }));
  const waiting = mentees.filter((m) => m.status === 'ACTIVE' && !m.matching.openMatchId);
  const details: RoundDetails = {
    roundId: rounds[0]!.id,
    unmatched: waiting.slice(0, 500).map((m) => ({ menteeId: m.id, code: 'outmatched', reason: 'All 3 eligible mentors are full: their places went to other mentees in this round', region: m.region, councilType: m.councilType, waitingSince: m.matching.waitingSince! })),
    byReason: [{ code: 'outmatched', region: 'London', councilType: 'London borough', mentees: 2800 }],
  };
  const byId = new Map(matches.map((m) => [m.id, m]));
  const cells = sumCells(
    ...mentees.map(contributionOf),
    ...mentors.map(contributionOf),
    ...matches.map(matchContribution),
    ...feedback.map((f) => feedbackContribution(f, byId.get(f.matchId)!)),
  );
  return { people: [...mentees, ...mentors, ...pending], matches, feedback, rounds, details, cells };
}

/** Every cell split over all the shards at random, as months of live transactions leave them. */
function shardedCounterItems(cells: Cells) {
  const shards: Cells[] = Array.from({ length: COUNTER_SHARDS }, () => new Map());
  for (const [name, n] of cells) {
    let left = n;
    for (let s = 0; s < COUNTER_SHARDS - 1; s++) {
      const part = Math.round(left * random());
      shards[s]!.set(name, part);
      left -= part;
    }
    shards[COUNTER_SHARDS - 1]!.set(name, left);
  }
  return shards.flatMap((c, s) => groupByItem(c, s).map(({ key, cells: itemCells }) => counterItem(key, itemCells)));
}

async function batchPut(doc: DynamoDBDocumentClient, items: Record<string, unknown>[]) {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let cursor = 0;
  const worker = async () => {
    while (cursor < chunks.length) {
      let pending = chunks[cursor++]!.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const out = await doc.send(new BatchWriteCommand({ RequestItems: { [TABLE]: pending } }));
        pending = (out.UnprocessedItems?.[TABLE] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

function items(seed: ReturnType<typeof seedProgramme>) {
  const expiresAt = Math.floor((now + 7 * DAY) / 1000);
  const profiles = seed.people.map(({ matching, ...p }) => ({
    ...keys.profile(p.id),
    ...keys.profilesByStatus(p.role, p.status),
    gsi1sk: keys.profileIndexSort(p.createdAt, p.id),
    type: 'profile',
    data: p,
    ...(p.status === 'PENDING_VERIFICATION' ? { expiresAt } : {}),
    ...(matching.openMatchId ? { openMatchId: matching.openMatchId } : {}),
    ...(matching.waitingSince ? { waitingSince: matching.waitingSince } : {}),
    ...(matching.excludedMentorIds.length ? { excludedMentorIds: new Set(matching.excludedMentorIds) } : {}),
    acceptedCount: matching.acceptedCount,
    proposedCount: matching.proposedCount,
  }));
  const matches = seed.matches.map((m) => ({ ...keys.match(m.id), ...keys.matchesByStatus(m.status), gsi1sk: keys.matchIndexSort(m.proposedAt, m.id), type: 'match', data: m }));
  const feedback = seed.feedback.map((f) => ({ ...keys.feedback(f.matchId, f.from), type: 'feedback', data: f }));
  const rounds = seed.rounds.map((r) => ({ ...keys.round(r.id), ...keys.roundsIndex(r.startedAt, r.id), type: 'round', data: r }));
  return [...profiles, ...matches, ...feedback, ...rounds, { ...keys.roundDetails(seed.details.roundId), type: 'round-details', data: seed.details }];
}

async function time(url: string, token: string): Promise<{ ms: number; bytes: number }> {
  const t = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${body.slice(0, 200)}`);
  return { ms: performance.now() - t, bytes: body.length };
}

async function main() {
  const { dynamodb, app, stop } = await startBenchStack(TABLE);
  const client = new DynamoDBClient(emulatorClientConfig(dynamodb.endpoint));
  try {
    let t = performance.now();
    const seed = seedProgramme();
    const counters = shardedCounterItems(seed.cells);
    await batchPut(documentClient(client), [...items(seed), ...counters]);
    const seededS = (performance.now() - t) / 1000;

    const token = app.adminIssuer.sign(LOCAL_ADMIN);
    const lines: string[] = [];
    const measure = async (label: string, path: string) => {
      for (let k = 0; k < 2; k++) await time(`${app.url}${path}`, token); // warm up
      const runs: { ms: number; bytes: number }[] = [];
      for (let k = 0; k < RUNS; k++) runs.push(await time(`${app.url}${path}`, token));
      const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
      const median = ms[Math.floor(ms.length / 2)]!;
      lines.push(`| ${label.padEnd(58)} | ${median.toFixed(0).padStart(6)} | ${ms[0]!.toFixed(0).padStart(5)} | ${ms[ms.length - 1]!.toFixed(0).padStart(5)} | ${(runs[0]!.bytes / 1024).toFixed(0).padStart(6)} |`);
      return median;
    };
    const inProcess = async (label: string, work: () => Promise<unknown>) => {
      for (let k = 0; k < 2; k++) await work();
      const ms: number[] = [];
      for (let k = 0; k < RUNS; k++) {
        const start = performance.now();
        await work();
        ms.push(performance.now() - start);
      }
      ms.sort((a, b) => a - b);
      lines.push(`| ${label.padEnd(58)} | ${ms[Math.floor(ms.length / 2)]!.toFixed(0).padStart(6)} | ${ms[0]!.toFixed(0).padStart(5)} | ${ms[ms.length - 1]!.toFixed(0).padStart(5)} |        |`);
    };
    const quarter = [ago(80).slice(0, 7), ago(0).slice(0, 7)];
    const whole = await measure('GET /api/admin/report', '/api/admin/report');
    await measure(`GET /api/admin/report?region=London&from=${quarter[0]}&to=${quarter[1]}`, `/api/admin/report?region=London&from=${quarter[0]}&to=${quarter[1]}`);
    await measure('GET /admin/report (the page)', '/admin/report');
    await inProcess('  of which: reading the counters (in process)', () => app.deps.reports.readCounters({}));
    await inProcess('  of which: counting pending sign-ups (in process)', () => app.deps.reports.countPending());

    t = performance.now();
    const rebuilt = await rebuildReportCounters(app.deps);
    const rebuildS = (performance.now() - t) / 1000;
    // The seeded counters and the rebuilt ones come from the same data by different roads: they must agree.
    const agree = JSON.stringify([...(await app.deps.reports.readCounters({}))].sort()) === JSON.stringify([...seed.cells].sort());

    const activeMentees = seed.people.filter((p) => p.role === 'mentee' && p.status === 'ACTIVE').length;
    console.log(
      `Programme report: ${MENTEES.toLocaleString('en-GB')} mentees (${activeMentees.toLocaleString('en-GB')} active) × ${MENTORS.toLocaleString('en-GB')} mentors, ${PENDING} pending, ` +
        `${seed.matches.length.toLocaleString('en-GB')} matches (${MATCH_STATUSES.map((s) => `${seed.matches.filter((m) => m.status === s).length} ${s}`).join(', ')}), ${seed.feedback.length} feedback answers, 50 rounds;`,
    );
    console.log(`${seed.cells.size.toLocaleString('en-GB')} counter cells in ${counters.length} items over ${COUNTER_SHARDS} shards; seeded with batch writes in ${seededS.toFixed(1)} s. DynamoDB Local, ${RUNS} timed runs after 2 warm-ups`);
    console.log(`(the machine's load average is ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs: other work on it slows every figure):`);
    console.log('');
    console.log(`| ${'request'.padEnd(58)} | median | min   | max   | KiB    |`);
    console.log(`| ${'-'.repeat(58)} | ------ | ----- | ----- | ------ |`);
    for (const line of lines) console.log(line);
    console.log('');
    console.log(`The whole-programme report's median, ${whole.toFixed(0)} ms, is ${whole < 500 ? 'within' : 'OVER'} the 500 ms budget.`);
    console.log(`Rebuilding the counters from the data (npm run report:rebuild): ${rebuildS.toFixed(1)} s for ${rebuilt.people.toLocaleString('en-GB')} people, ${rebuilt.matches.toLocaleString('en-GB')} matches, ${rebuilt.feedback} feedback answers (${rebuilt.cells.toLocaleString('en-GB')} cells${agree ? ', the same as seeded' : '; NOT the cells seeded'}).`);
  } finally {
    client.destroy();
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
