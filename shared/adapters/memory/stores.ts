/**
 * The in-memory stores for unit tests, one per aggregate, wired to share
 * people's partitions and to commit across each other as the DynamoDB
 * stores do on one table.
 */
import type { Clock } from '../../ports';
import { MemoryMatchStore } from './match-store';
import { MemoryOutboxStore } from './outbox-store';
import { MemoryProfileStore } from './profile-store';
import { MemoryReportStore } from './report-store';
import { MemoryRoundStore } from './round-store';
import { MemorySummaryStore } from './summary-store';
import { MemorySuppressionStore } from './suppression-store';
import { PersonPartitions } from './table';
import { MemoryAuditStore } from './audit-store';
import { MemorySettingsStore } from './settings-store';

export function memoryStores(clock: Clock) {
  const partitions = new PersonPartitions();
  const outbox = new MemoryOutboxStore(partitions);
  const reports: MemoryReportStore = new MemoryReportStore(() => profiles.pendingCells());
  const profiles = new MemoryProfileStore(clock, outbox, partitions, reports);
  const matches = new MemoryMatchStore(profiles, outbox, partitions, reports);
  return {
    profiles,
    outbox,
    matches,
    rounds: new MemoryRoundStore(),
    suppressions: new MemorySuppressionStore(),
    summaries: new MemorySummaryStore(outbox),
    audit: new MemoryAuditStore(),
    settings: new MemorySettingsStore(),
    reports,
  };
}

export type MemoryStores = ReturnType<typeof memoryStores>;
