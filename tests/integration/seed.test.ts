/**
 * `npm run seed` at small sizes against DynamoDB Local: active profiles
 * through the profile store, a short demo programme through the real use
 * cases with a moving clock, and the command line's one-line errors and
 * exit codes for bad flags and for no running stack.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { SESClient } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../infra/local/emulators';
import { noProgress } from '../../infra/local/progress';
import { movableClock, parseSeedArgs, seedActive, seedDemo, UsageError } from '../../infra/local/seeding';
import { MATCH_STATUSES } from '../../shared/domain/match';
import { buildDeps, emulatorClientConfig } from '../../shared/deps';
import type { Deps } from '../../shared/ports';
import { silentLogger } from '../fixtures/deps';
import { newTestTable, type TestTable } from '../support/dynamodb';
import { emulatorEndpoints } from '../support/endpoints';

const tables: TestTable[] = [];
afterAll(async () => {
  for (const t of tables) await t.drop();
});

async function tableDeps(clock = movableClock()): Promise<Deps> {
  const table = await newTestTable();
  tables.push(table);
  return buildDeps({
    tableName: table.tableName,
    dynamodb: table.client,
    ses: new SESClient(emulatorClientConfig(emulatorEndpoints().ses)),
    signingKey: randomBytes(32),
    baseUrl: 'http://localhost:3000',
    mailFrom: 'mentor-match@localhost.test',
    logger: silentLogger,
    clock,
  });
}

describe('seedActive', () => {
  it('writes N mentees and M mentors, ACTIVE and waiting, and skips the same people on a second run', async () => {
    const deps = await tableDeps();
    let ticks = 0;
    const progress = { ...noProgress, tick: (n = 1) => void (ticks += n) };
    expect(await seedActive(deps, { mentees: 30, mentors: 8, seed: 5 }, progress)).toEqual({ created: 38, skipped: 0 });
    expect(ticks).toBe(38);
    const [mentees, mentors] = await Promise.all([deps.profiles.listActive('mentee'), deps.profiles.listActive('mentor')]);
    expect([mentees.length, mentors.length]).toEqual([30, 8]);
    expect(mentees.every((m) => m.matching.openMatchId === undefined && m.verifiedAt)).toBe(true);
    expect(new Set(mentees.map((m) => m.name)).size).toBeGreaterThan(20);
    expect(await seedActive(deps, { mentees: 30, mentors: 8, seed: 5 }, noProgress)).toEqual({ created: 0, skipped: 38 });
  });
});

describe('seedDemo', () => {
  it('lives through a short programme: rounds, answered and lapsed proposals, ended matches with feedback, admin actions in the audit log', async () => {
    const now = new Date();
    const clock = movableClock(now);
    const deps = await tableDeps(clock);
    const summary = await seedDemo(deps, clock, { seed: 11, mentees: 60, mentors: 22, weeks: 7 }, noProgress);
    expect(clock.now()).toEqual(now);
    expect(summary.rounds).toBeGreaterThanOrEqual(5);
    expect(summary.proposals).toBeGreaterThan(20);
    expect(summary.accepted).toBeGreaterThan(0);
    expect(summary.declined + summary.expired).toBeGreaterThan(0);
    const byStatus = Object.fromEntries(await Promise.all(MATCH_STATUSES.map(async (s) => [s, (await deps.matches.listMatches(s)).length])));
    expect(byStatus.ACCEPTED).toBeGreaterThan(0);
    expect(byStatus.DECLINED! + byStatus.EXPIRED!).toBeGreaterThan(0);
    const rounds = await deps.rounds.listRounds(20);
    expect(rounds).toHaveLength(summary.rounds);
    expect(new Set(rounds.map((r) => r.startedAt.slice(0, 10))).size, 'rounds on different days').toBe(summary.rounds);
    const { entries } = await deps.audit.listAudit({ limit: 20 });
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['weights.change', 'round.run', 'mentor.pause']));
  });
});

describe('the command line', () => {
  const seed = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'infra/local/seed.ts', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });

  it('parses --demo and --mentees N --mentors M, and refuses anything else with the usage', () => {
    expect(parseSeedArgs(['--demo'])).toEqual({ kind: 'demo', seed: 2026 });
    expect(parseSeedArgs(['--mentees', '10', '--mentors', '2', '--seed', '4'])).toEqual({ kind: 'active', mentees: 10, mentors: 2, seed: 4 });
    for (const bad of [[], ['--mentees', '10'], ['--mentees', 'ten', '--mentors', '1'], ['--demo', '--mentees', '1'], ['--mentees', '-1', '--mentors', '1'], ['--frobnicate']]) {
      expect(() => parseSeedArgs(bad), bad.join(' ')).toThrow(UsageError);
    }
  });

  let freePort: number;
  beforeAll(async () => {
    freePort = await findFreePort();
  });

  it('exits 2 with one line for a bad flag', () => {
    const run = seed(['--mentees', 'lots']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^seed: --mentees needs a whole number/)]);
  });

  it('exits 1 with one line when no local stack answers', () => {
    const run = seed(['--mentees', '1', '--mentors', '1'], { LOCAL_DYNAMODB_PORT: String(freePort) });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^seed: no local database answers at .*: start the service with npm start first$/)]);
  });
});
