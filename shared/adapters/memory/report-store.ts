/**
 * In-memory ReportStore for unit tests: one map of counter cells. The memory
 * profile and match stores add to it through `add`, inside their own
 * commits, as the DynamoDB stores put counter updates in their transactions.
 * No shards: a commit here never races another.
 */
import { type Cells, parseCell, sumCells } from '../../domain/report-counters';
import type { ReportStore } from '../../ports';
import { write, type MemoryWrite } from './table';

export class MemoryReportStore implements ReportStore {
  private cells: Cells = new Map();

  /** @param pending the pending profiles' cells, counted from the profile store as the DynamoDB store queries its index. */
  constructor(private readonly pending: () => Cells) {}

  /** A change to the counters, as one write of another store's commit. */
  add(delta: Cells): MemoryWrite {
    return write(true, () => this.apply(delta));
  }

  /** Applies a change now: for a write's own `apply`, so the change and the counters commit together. */
  apply(delta: Cells): void {
    this.cells = sumCells(this.cells, delta);
  }

  async readCounters(scope: { region?: string; months?: { from?: string; to?: string } }) {
    const { from, to } = scope.months ?? {};
    const out: Cells = new Map();
    for (const [key, n] of this.cells) {
      const c = parseCell(key);
      if (scope.region && c.region !== scope.region) continue;
      if (c.kind === 'month' && ((from && c.month! < from) || (to && c.month! > to))) continue;
      out.set(key, n);
    }
    return out;
  }

  async countPending() {
    return this.pending();
  }

  async replaceCounters(cells: Cells) {
    this.cells = sumCells(cells);
  }
}
