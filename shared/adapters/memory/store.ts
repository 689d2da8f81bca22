/**
 * In-memory ProfileStore and OutboxStore for unit tests. The contract suite
 * (tests/contract) runs the same cases against this and the DynamoDB adapter,
 * so the behaviours here (conditions, expiry, erasure) match the real thing.
 */
import { Conflict, LinkUsed } from '../../domain/errors';
import type { Profile, Role } from '../../domain/profile';
import { PENDING_PROFILE_TTL_DAYS } from '../../domain/profile-status';
import type { Clock, OutboxMessage, OutboxStore, PendingUpdate, ProfileStore } from '../../ports';

interface Expiring<T> {
  value: T;
  expiresAt?: number;
}

const clone = <T>(v: T): T => structuredClone(v);

export class MemoryStore implements ProfileStore, OutboxStore {
  private profiles = new Map<string, Expiring<Profile>>();
  private emails = new Map<string, Expiring<string>>();
  private updates = new Map<string, Expiring<PendingUpdate>>();
  private outbox = new Map<string, OutboxMessage>();

  constructor(private readonly clock: Clock) {}

  private live<T>(entry: Expiring<T> | undefined): T | undefined {
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.clock.now().getTime()) return undefined;
    return entry.value;
  }

  private pendingExpiry(): number {
    return this.clock.now().getTime() + PENDING_PROFILE_TTL_DAYS * 86_400_000;
  }

  private emailKey(role: Role, email: string) {
    return `${role}#${email.toLowerCase()}`;
  }

  private enqueue(outbox: OutboxMessage[]) {
    for (const m of outbox) this.outbox.set(m.id, clone(m));
  }

  async getProfile(id: string) {
    return clone(this.live(this.profiles.get(id)));
  }

  async findProfileIdByEmail(role: Role, email: string) {
    return this.live(this.emails.get(this.emailKey(role, email)));
  }

  async createProfile(profile: Profile, outbox: OutboxMessage[]) {
    const key = this.emailKey(profile.role, profile.email);
    if (this.live(this.emails.get(key))) throw new Conflict('Email already registered for this role');
    const expiresAt = this.pendingExpiry();
    this.emails.set(key, { value: profile.id, expiresAt });
    this.profiles.set(profile.id, { value: clone(profile), expiresAt });
    this.enqueue(outbox);
  }

  async replacePendingProfile(previousId: string, profile: Profile, outbox: OutboxMessage[]) {
    const key = this.emailKey(profile.role, profile.email);
    const previous = this.live(this.profiles.get(previousId));
    if (!previous || previous.status !== 'PENDING_VERIFICATION' || this.live(this.emails.get(key)) !== previousId) {
      throw new Conflict('The pending profile changed');
    }
    this.profiles.delete(previousId);
    const expiresAt = this.pendingExpiry();
    this.emails.set(key, { value: profile.id, expiresAt });
    this.profiles.set(profile.id, { value: clone(profile), expiresAt });
    this.enqueue(outbox);
  }

  async savePendingUpdate(update: PendingUpdate, expiresAt: Date, outbox: OutboxMessage[]) {
    if (!this.live(this.profiles.get(update.profileId))) throw new Conflict('The profile is gone');
    this.updates.set(`${update.profileId}:${update.id}`, { value: clone(update), expiresAt: expiresAt.getTime() });
    this.enqueue(outbox);
  }

  async getPendingUpdate(profileId: string, updateId: string) {
    return clone(this.live(this.updates.get(`${profileId}:${updateId}`)));
  }

  async applyPendingUpdate(profileId: string, updateId: string, changes: Profile) {
    const key = `${profileId}:${updateId}`;
    if (!this.live(this.updates.get(key)) || !this.live(this.profiles.get(profileId))) throw new LinkUsed();
    this.updates.delete(key);
    this.profiles.set(profileId, { value: clone(changes) });
  }

  async activateProfile(id: string, at: string) {
    const profile = this.live(this.profiles.get(id));
    if (!profile || profile.status !== 'PENDING_VERIFICATION') throw new LinkUsed();
    this.profiles.set(id, { value: { ...profile, status: 'ACTIVE', verifiedAt: at, updatedAt: at } });
    const key = this.emailKey(profile.role, profile.email);
    this.emails.set(key, { value: id });
  }

  async eraseProfile(id: string, outbox: OutboxMessage[]) {
    const profile = this.profiles.get(id)?.value;
    if (!profile) return false;
    this.profiles.delete(id);
    const key = this.emailKey(profile.role, profile.email);
    if (this.emails.get(key)?.value === id) this.emails.delete(key);
    for (const k of [...this.updates.keys()]) if (k.startsWith(`${id}:`)) this.updates.delete(k);
    for (const [k, m] of this.outbox) if (m.ownerId === id) this.outbox.delete(k);
    this.enqueue(outbox);
    return true;
  }

  async countItemsOf(id: string) {
    let n = this.profiles.has(id) ? 1 : 0;
    for (const k of this.updates.keys()) if (k.startsWith(`${id}:`)) n++;
    for (const m of this.outbox.values()) if (m.ownerId === id) n++;
    return n;
  }

  async ping() {}

  async dueOutbox(now: Date, limit: number) {
    const t = now.toISOString();
    return [...this.outbox.values()]
      .filter((m) => (m.status === 'PENDING' || m.status === 'SENDING') && m.dueAt <= t)
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id))
      .slice(0, limit)
      .map(clone);
  }

  async claimOutbox(ref: Pick<OutboxMessage, 'id'>, now: Date, leaseUntil: Date) {
    const m = this.outbox.get(ref.id);
    if (!m || !(m.status === 'PENDING' || m.status === 'SENDING') || m.dueAt > now.toISOString()) return undefined;
    const claimed: OutboxMessage = { ...m, status: 'SENDING', attempts: m.attempts + 1, dueAt: leaseUntil.toISOString() };
    this.outbox.set(ref.id, claimed);
    return clone(claimed);
  }

  async markSent(ref: Pick<OutboxMessage, 'id'>, messageId: string, at: Date) {
    const m = this.outbox.get(ref.id);
    if (!m) return;
    this.outbox.set(ref.id, {
      ...m,
      status: 'SENT',
      messageId,
      sentAt: at.toISOString(),
      email: { to: '', subject: '', html: '', text: '', template: m.email.template },
    });
  }

  async markUnsent(ref: Pick<OutboxMessage, 'id'>, error: string, retryAt: Date | undefined) {
    const m = this.outbox.get(ref.id);
    if (!m) return;
    this.outbox.set(ref.id, {
      ...m,
      status: retryAt ? 'PENDING' : 'FAILED',
      lastError: error,
      dueAt: retryAt ? retryAt.toISOString() : m.dueAt,
    });
  }

  /** Test helper: every outbox message, in creation order. */
  allOutbox(): OutboxMessage[] {
    return [...this.outbox.values()].map(clone);
  }
}
