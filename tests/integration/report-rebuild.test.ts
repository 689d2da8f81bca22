/**
 * `npm run report:rebuild` against DynamoDB Local: counters lost or wrong
 * (a table from before the report, or a bug) are rebuilt from the data, and
 * running it again changes nothing.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoMatchStore } from '../../shared/adapters/dynamodb/match-store';
import { DynamoProfileStore } from '../../shared/adapters/dynamodb/profile-store';
import { DynamoReportStore } from '../../shared/adapters/dynamodb/report-store';
import { countersFromData } from '../../shared/app/report';
import { deriveCouncilFacts, type Profile } from '../../shared/domain/profile';
import { systemClock } from '../../shared/deps';
import { newTestTable, type TestTable } from '../support/dynamodb';
import { emulatorEndpoints } from '../support/endpoints';

const script = fileURLToPath(new URL('../../infra/local/report-rebuild.ts', import.meta.url));
let table: TestTable;
let stores: { profiles: DynamoProfileStore; matches: DynamoMatchStore; reports: DynamoReportStore };

function rebuild() {
  const port = new URL(emulatorEndpoints().dynamodb).port;
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, '--table', table.tableName], {
    encoding: 'utf8',
    env: { ...process.env, LOCAL_DYNAMODB_PORT: port },
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

beforeAll(async () => {
  table = await newTestTable();
  stores = {
    profiles: new DynamoProfileStore(table.client, table.tableName, systemClock),
    matches: new DynamoMatchStore(table.client, table.tableName),
    reports: new DynamoReportStore(table.client, table.tableName, systemClock),
  };
  const at = new Date().toISOString();
  const base = { name: 'Ada', jobTitle: 'Lead', format: 'remote', consent: true, createdAt: at, updatedAt: at, consentedAt: at, status: 'PENDING_VERIFICATION' } as const;
  const mentee = { ...base, ...deriveCouncilFacts('E08000003'), role: 'mentee', id: 'rebuild-mentee', email: 'rebuild-mentee@x.gov.uk', councilCode: 'E08000003', seniority: 'team-lead', skills: ['cyber-security'], goals: 'Grow' } as Profile;
  const mentor = { ...base, ...deriveCouncilFacts('S12000033'), role: 'mentor', id: 'rebuild-mentor', email: 'rebuild-mentor@x.gov.uk', councilCode: 'S12000033', seniority: 'director', skills: ['cyber-security'], capacity: 2, experience: 'Years' } as Profile;
  for (const p of [mentee, mentor]) {
    await stores.profiles.createProfile(p, []);
    await stores.profiles.activateProfile(p.id, at);
  }
  await stores.matches.propose(
    { id: 'rebuild-match', roundId: 'r', menteeId: mentee.id, mentorId: mentor.id, status: 'PROPOSED', score: 1, reasons: [], proposedAt: at, remindAt: at, expiresAt: at },
    [],
  );
});

afterAll(async () => {
  await table?.drop();
});

describe('npm run report:rebuild', () => {
  it('rebuilds lost or wrong counters from the data, and a second run changes nothing', async () => {
    const right = await stores.reports.readCounters({});
    expect(right).toEqual(await countersFromData(stores));
    expect(right.size).toBeGreaterThan(5);

    await stores.reports.replaceCounters(new Map([['people|mentee|ACTIVE|Wales|Welsh unitary authority', 40]]));
    expect(rebuild()).toMatch(new RegExp(`^Rebuilt the report's counters of table ${table.tableName}: ${right.size} cells from 2 active or paused people, 1 match and 0 feedback answers, in \\d+ ms\\.\\n$`));
    expect(await stores.reports.readCounters({})).toEqual(right);

    rebuild();
    expect(await stores.reports.readCounters({})).toEqual(right);
  });
});
