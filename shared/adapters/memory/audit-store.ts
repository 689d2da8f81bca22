/**
 * In-memory AuditStore for unit tests: entries in time order, listed newest
 * first with the same cursor as the DynamoDB adapter (the last entry's
 * `<at>#<id>`). Kept apart from people's partitions, as in DynamoDB, so an
 * erasure never touches them.
 */
import { AuditEntry } from '../../domain/audit';
import type { AuditStore } from '../../ports';
import { clone } from './table';

const sortKey = (e: AuditEntry) => `${e.at}#${e.id}`;
const encode = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
const decode = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');

export class MemoryAuditStore implements AuditStore {
  private readonly entries = new Map<string, AuditEntry>();

  async record(entry: AuditEntry) {
    const parsed = AuditEntry.parse(entry);
    this.entries.set(parsed.id, clone(parsed));
  }

  private newestFirst() {
    return [...this.entries.values()].sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : sortKey(a) > sortKey(b) ? -1 : 0));
  }

  async listAudit({ limit, before }: { limit: number; before?: string }) {
    const bound = before ? decode(before) : undefined;
    const older = this.newestFirst().filter((e) => bound === undefined || sortKey(e) < bound);
    const page = older.slice(0, limit);
    const last = page[page.length - 1];
    return { entries: page.map(clone), next: older.length > limit && last ? encode(sortKey(last)) : undefined };
  }

  async listAuditOf(targetId: string, limit: number) {
    return this.newestFirst()
      .filter((e) => e.target?.id === targetId)
      .slice(0, limit)
      .map(clone);
  }

  /** Test helper: every entry, oldest first. */
  all(): AuditEntry[] {
    return this.newestFirst().reverse().map(clone);
  }
}
