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
import type { Clock, MatchStore, OutboxStore, ProfileStore, ReportStore, RoundStore } from '../../shared/ports';
import { newTestTable } from '../support/dynamodb';

export interface Stores {
  profiles: ProfileStore;
  outbox: OutboxStore;
  matches: MatchStore;
  rounds: RoundStore;
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
        rounds: new DynamoRoundStore(table.client, table.tableName),
        reports: new DynamoReportStore(table.client, table.tableName, clock),
      };
    },
  ],
];
