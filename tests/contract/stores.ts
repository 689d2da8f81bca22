/**
 * The two store sets every contract suite runs against: the in-memory stores
 * unit tests use, and the DynamoDB adapters on one fresh table in DynamoDB
 * Local. Both sets are one store per aggregate sharing their data (a memory
 * commit, a table), so a suite can write through one store and read through
 * another as the use cases do.
 *
 *   describe.each(storeSets)('%s …', (_name, make) => { … make(clock) … })
 *   afterAll(dropTables)        drops every table this file's factories made
 */
import { memoryStores } from '../../shared/adapters/memory/stores';
import { DynamoMatchStore } from '../../shared/adapters/dynamodb/match-store';
import { DynamoOutboxStore } from '../../shared/adapters/dynamodb/outbox-store';
import { DynamoProfileStore } from '../../shared/adapters/dynamodb/profile-store';
import { DynamoReportStore } from '../../shared/adapters/dynamodb/report-store';
import { DynamoRoundStore } from '../../shared/adapters/dynamodb/round-store';
import { DynamoSummaryStore } from '../../shared/adapters/dynamodb/summary-store';
import { DynamoAuditStore } from '../../shared/adapters/dynamodb/audit-store';
import { DynamoSettingsStore } from '../../shared/adapters/dynamodb/settings-store';
import { deriveCouncilFacts, type Profile, type ProfileSubmission } from '../../shared/domain/profile';
import type {
  AuditStore,
  Clock,
  MatchStore,
  OutboxMessage,
  OutboxStore,
  ProfileStore,
  ReportStore,
  RoundStore,
  SettingsStore,
  SummaryStore,
} from '../../shared/ports';
import { newTestTable } from '../support/dynamodb';

export interface Stores {
  profiles: ProfileStore;
  outbox: OutboxStore;
  matches: MatchStore;
  rounds: RoundStore;
  summaries: SummaryStore;
  audit: AuditStore;
  settings: SettingsStore;
  /** The DynamoDB table under the stores (absent for the memory set), for assertions on raw items. */
  table?: { client: import('@aws-sdk/client-dynamodb').DynamoDBClient; tableName: string };
  reports: ReportStore;
}

/**
 * Starts at the real time: DynamoDB Local runs TTL deletion against the wall
 * clock within about a second, so a pending profile written with a clock in
 * the past can vanish between createProfile and activateProfile.
 */
export class TestClock implements Clock {
  constructor(public t = Date.now()) {}
  now = () => new Date(this.t);
  iso = (offsetMs = 0) => new Date(this.t + offsetMs).toISOString();
  advanceDays(days: number) {
    this.t += days * 86_400_000;
  }
}

let seq = 0;
/** An id no other test (or earlier run on the shared emulator) has used. */
export const uid = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

const drops: (() => Promise<void>)[] = [];

export async function dropTables() {
  for (const drop of drops.splice(0)) await drop();
}

export const storeSets: [string, (clock: TestClock) => Promise<Stores>][] = [
  ['memory', async (clock) => memoryStores(clock)],
  [
    'dynamodb',
    async (clock) => {
      const table = await newTestTable();
      drops.push(table.drop);
      return {
        profiles: new DynamoProfileStore(table.client, table.tableName, clock),
        outbox: new DynamoOutboxStore(table.client, table.tableName, clock),
        matches: new DynamoMatchStore(table.client, table.tableName),
        summaries: new DynamoSummaryStore(table.client, table.tableName),
        rounds: new DynamoRoundStore(table.client, table.tableName),
        audit: new DynamoAuditStore(table.client, table.tableName),
        settings: new DynamoSettingsStore(table.client, table.tableName),
        table: { client: table.client, tableName: table.tableName },
        reports: new DynamoReportStore(table.client, table.tableName, clock),
      };
    },
  ],
];

/** A mentee's submission, a pending profile made from it, and an outbox message: what the profile and outbox suites write. */
export function submission(email: string): ProfileSubmission {
  return {
    role: 'mentee',
    name: 'Ada Lovelace',
    email,
    councilCode: 'E07000223',
    jobTitle: 'Digital lead',
    seniority: 'team-lead',
    skills: ['cyber-security', 'agile-delivery'],
    format: 'remote',
    goals: 'Lead a digital team',
    consent: true,
  };
}

export function profile(clock: TestClock, email = `${uid('p')}@council.gov.uk`): Profile {
  const at = clock.now().toISOString();
  return {
    ...submission(email),
    ...deriveCouncilFacts('E07000223'),
    id: uid('profile'),
    status: 'PENDING_VERIFICATION',
    createdAt: at,
    updatedAt: at,
    consentedAt: at,
  };
}

export function message(clock: TestClock, ownerId?: string, to = 'someone@council.gov.uk'): OutboxMessage {
  const at = clock.now().toISOString();
  return {
    id: uid('msg'),
    ownerId,
    email: { to, subject: 'Subject', html: '<p>Hi</p>', text: 'Hi', template: 'test' },
    status: 'PENDING',
    attempts: 0,
    createdAt: at,
    dueAt: at,
  };
}

