/** In-memory SummaryStore for unit tests: the weekly-summary record, written with its emails. */
import type { OutboxMessage, SummaryStore, WeeklySummaryRecord } from '../../ports';
import type { MemoryOutboxStore } from './outbox-store';
import { clone, tryCommit, write } from './table';

export class MemorySummaryStore implements SummaryStore {
  private last: WeeklySummaryRecord | undefined;

  constructor(private readonly outbox: MemoryOutboxStore) {}

  async lastWeeklySummary() {
    return this.last ? clone(this.last) : undefined;
  }

  async recordWeeklySummary(record: WeeklySummaryRecord, messages: OutboxMessage[], o: { replace?: boolean } = {}) {
    return tryCommit([
      write(o.replace === true || this.last?.week !== record.week, () => {
        this.last = clone(record);
      }),
      ...this.outbox.puts(messages),
    ]);
  }
}
