/**
 * In-memory OutboxStore: the only code that changes the memory outbox. Other
 * stores queue messages through `puts`, inside their own commits, as the
 * DynamoDB stores compose `outboxPuts`.
 */
import type { OutboxMessage, OutboxRef } from '../../domain/outbox';
import type { OutboxStore } from '../../ports';
import { clone, write, type MemoryWrite, type PersonItems, type PersonPartitions } from './table';

export class MemoryOutboxStore implements OutboxStore, PersonItems {
  private readonly messages = new Map<string, OutboxMessage>();

  constructor(partitions: PersonPartitions) {
    partitions.register(this);
  }

  /** Messages as writes of another store's commit; a message id already queued fails the commit, as in DynamoDB. */
  puts(messages: OutboxMessage[]): MemoryWrite[] {
    return messages.map((m) => write(!this.messages.has(m.id), () => this.messages.set(m.id, clone(m))));
  }

  /** Whether a message is queued and not yet claimed by a sender. */
  isPending(id: string) {
    return this.messages.get(id)?.status === 'PENDING';
  }

  /** Deleting a message unsent, as a write of another store's commit; fails the commit once a sender has claimed it. */
  discardPending(id: string): MemoryWrite {
    return write(this.isPending(id), () => this.messages.delete(id));
  }

  countOf(ownerId: string) {
    let n = 0;
    for (const m of this.messages.values()) if (m.ownerId === ownerId) n++;
    return n;
  }

  eraseOf(ownerId: string) {
    for (const [k, m] of this.messages) if (m.ownerId === ownerId) this.messages.delete(k);
  }

  async dueOutbox(now: Date, limit: number) {
    const t = now.toISOString();
    return [...this.messages.values()]
      .filter((m) => (m.status === 'PENDING' || m.status === 'SENDING') && m.dueAt <= t)
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id))
      .slice(0, limit)
      .map(clone);
  }

  async claimOutbox(ref: OutboxRef, now: Date, leaseUntil: Date) {
    const m = this.messages.get(ref.id);
    if (!m || !(m.status === 'PENDING' || m.status === 'SENDING') || m.dueAt > now.toISOString()) return undefined;
    const claimed: OutboxMessage = { ...m, status: 'SENDING', attempts: m.attempts + 1, dueAt: leaseUntil.toISOString() };
    this.messages.set(ref.id, claimed);
    return clone(claimed);
  }

  async markSent(ref: OutboxRef, messageId: string, at: Date) {
    const m = this.messages.get(ref.id);
    if (!m) return;
    this.messages.set(ref.id, {
      ...m,
      status: 'SENT',
      messageId,
      sentAt: at.toISOString(),
      email: { to: '', subject: '', html: '', text: '', template: m.email.template },
    });
  }

  async markUnsent(ref: OutboxRef, error: string, retryAt: Date | undefined) {
    const m = this.messages.get(ref.id);
    if (!m) return;
    this.messages.set(ref.id, {
      ...m,
      status: retryAt ? 'PENDING' : 'FAILED',
      lastError: error,
      dueAt: retryAt ? retryAt.toISOString() : m.dueAt,
    });
  }

  async discardUnsentMail(ownerId: string, matchId: string) {
    let n = 0;
    for (const [k, m] of this.messages) {
      if (m.ownerId === ownerId && m.matchId === matchId && m.status === 'PENDING') {
        this.messages.delete(k);
        n++;
      }
    }
    return n;
  }

  /** Test helper: every outbox message, in creation order. */
  allOutbox(): OutboxMessage[] {
    return [...this.messages.values()].map(clone);
  }
}
