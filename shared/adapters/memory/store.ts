/**
 * In-memory ProfileStore and OutboxStore for unit tests. The contract suite
 * (tests/contract) runs the same cases against this and the DynamoDB adapter,
 * so the behaviours here (conditions, expiry, erasure) match the real thing.
 */
import { AlreadyDecided, CapacityReached, Conflict, LinkUsed } from '../../domain/errors';
import type { Match, MatchStatus } from '../../domain/match';
import type { Profile, Role } from '../../domain/profile';
import { PENDING_PROFILE_TTL_DAYS } from '../../domain/profile-status';
import type {
  Clock,
  Feedback,
  MatchingState,
  MatchStore,
  OutboxMessage,
  OutboxStore,
  PendingUpdate,
  ProfileStore,
  ProfileWithState,
  RoundRecord,
} from '../../ports';

interface Expiring<T> {
  value: T;
  expiresAt?: number;
}

const clone = <T>(v: T): T => structuredClone(v);

const freshState = (): MatchingState => ({ excludedMentorIds: [], acceptedCount: 0, proposedCount: 0, expiriesInRow: 0 });

export class MemoryStore implements ProfileStore, OutboxStore, MatchStore {
  private profiles = new Map<string, Expiring<Profile>>();
  private states = new Map<string, MatchingState>();
  private matchById = new Map<string, Match>();
  private feedback = new Map<string, Feedback>();
  private rounds: RoundRecord[] = [];
  private lock: { owner: string; until: number } | undefined;
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
    // The replaced profile's unsent mail holds the old details: it goes with it.
    for (const [k, m] of this.outbox) if (m.ownerId === previousId) this.outbox.delete(k);
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
    this.states.delete(id);
    const key = this.emailKey(profile.role, profile.email);
    if (this.emails.get(key)?.value === id) this.emails.delete(key);
    for (const k of [...this.updates.keys()]) if (k.startsWith(`${id}:`)) this.updates.delete(k);
    for (const [k, m] of this.outbox) if (m.ownerId === id) this.outbox.delete(k);
    this.enqueue(outbox);
    return true;
  }

  async countItemsOf(id: string) {
    let n = this.profiles.has(id) ? 1 : 0;
    // The DynamoDB store keeps a reference item per match in the person's partition.
    if (this.profiles.has(id)) for (const m of this.matchById.values()) if (m.menteeId === id || m.mentorId === id) n++;
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

  // ---- MatchStore ----

  private state(id: string): MatchingState {
    let st = this.states.get(id);
    if (!st) this.states.set(id, (st = freshState()));
    return st;
  }

  private withState(p: Profile): ProfileWithState {
    return { ...clone(p), matching: clone(this.state(p.id)) };
  }

  async listActive(role: Role) {
    return [...this.profiles.values()]
      .map((e) => this.live(e))
      .filter((p): p is Profile => !!p && p.role === role && p.status === 'ACTIVE')
      .map((p) => this.withState(p));
  }

  async getProfileWithState(id: string) {
    const p = this.live(this.profiles.get(id));
    return p ? this.withState(p) : undefined;
  }

  async getMatch(id: string) {
    return clone(this.matchById.get(id));
  }

  async discardUnsentMail(ownerId: string, matchId: string) {
    let n = 0;
    for (const [k, m] of this.outbox) {
      if (m.ownerId === ownerId && m.matchId === matchId && m.status === 'PENDING') {
        this.outbox.delete(k);
        n++;
      }
    }
    return n;
  }

  async listMatchIdsOf(personId: string) {
    // DynamoDB keeps these references in the person's partition, which erasure deletes.
    if (!this.profiles.has(personId)) return [];
    return [...this.matchById.values()].filter((m) => m.menteeId === personId || m.mentorId === personId).map((m) => m.id);
  }

  async listMatches(status: MatchStatus) {
    return [...this.matchById.values()]
      .filter((m) => m.status === status)
      .sort((a, b) => a.proposedAt.localeCompare(b.proposedAt) || a.id.localeCompare(b.id))
      .map(clone);
  }

  async propose(match: Match, outbox: OutboxMessage[]) {
    const mentee = this.live(this.profiles.get(match.menteeId));
    const mentor = this.live(this.profiles.get(match.mentorId));
    if (this.matchById.has(match.id) || mentee?.status !== 'ACTIVE' || mentor?.status !== 'ACTIVE' || this.state(mentee.id).openMatchId) {
      throw new Conflict('The mentee or mentor changed since the round read them');
    }
    this.matchById.set(match.id, clone(match));
    this.state(mentee.id).openMatchId = match.id;
    this.state(mentor.id).proposedCount++;
    this.enqueue(outbox);
  }

  private requireMatch(id: string, status: MatchStatus): Match {
    const m = this.matchById.get(id);
    if (!m || m.status !== status) throw new AlreadyDecided();
    return m;
  }

  private releaseMentee(m: Match) {
    const st = this.state(m.menteeId);
    if (st.openMatchId !== m.id) throw new Conflict('The mentee changed');
    st.openMatchId = undefined;
    if (!st.excludedMentorIds.includes(m.mentorId)) st.excludedMentorIds = [...st.excludedMentorIds, m.mentorId].sort();
  }

  async accept(matchId: string, changes: Pick<Match, 'rhythm' | 'durationMonths' | 'decidedAt'>, outbox: OutboxMessage[]) {
    const m = this.requireMatch(matchId, 'PROPOSED');
    const mentor = this.profiles.get(m.mentorId)?.value;
    const st = this.state(m.mentorId);
    if (!mentor || mentor.role !== 'mentor' || st.acceptedCount >= mentor.capacity) throw new CapacityReached();
    this.matchById.set(matchId, { ...m, ...changes, status: 'ACCEPTED' });
    st.acceptedCount++;
    st.proposedCount--;
    st.expiriesInRow = 0;
    this.enqueue(outbox);
  }

  private requireMentor(m: Match) {
    // As in DynamoDB, where the mentor's item must exist for the transaction's update.
    if (!this.profiles.has(m.mentorId)) throw new Conflict('The mentor is gone');
  }

  async close(matchId: string, status: 'DECLINED' | 'EXPIRED', changes: Pick<Match, 'decidedAt' | 'declineReason'>, outbox: OutboxMessage[]) {
    const m = this.requireMatch(matchId, 'PROPOSED');
    this.requireMentor(m);
    this.releaseMentee(m);
    this.matchById.set(matchId, { ...m, ...changes, status });
    const st = this.state(m.mentorId);
    st.proposedCount--;
    st.expiriesInRow = status === 'EXPIRED' ? st.expiriesInRow + 1 : 0;
    this.enqueue(outbox);
    return { expiriesInRow: st.expiriesInRow };
  }

  async end(matchId: string, changes: Pick<Match, 'endedAt' | 'endedBy'>, outbox: OutboxMessage[]) {
    const m = this.requireMatch(matchId, 'ACCEPTED');
    this.requireMentor(m);
    this.releaseMentee(m);
    this.matchById.set(matchId, { ...m, ...changes, status: 'ENDED' });
    this.state(m.mentorId).acceptedCount--;
    this.enqueue(outbox);
  }

  async markReminded(matchId: string, at: string, outbox: OutboxMessage[]) {
    const m = this.matchById.get(matchId);
    if (!m || m.status !== 'PROPOSED' || m.remindedAt) return false;
    this.matchById.set(matchId, { ...m, remindedAt: at });
    this.enqueue(outbox);
    return true;
  }

  async setPaused(profileId: string, paused: boolean, at: string, outbox: OutboxMessage[]) {
    const p = this.live(this.profiles.get(profileId));
    if (!p || p.status !== (paused ? 'ACTIVE' : 'PAUSED')) throw new Conflict('The profile changed');
    this.profiles.set(profileId, { value: { ...p, status: paused ? 'PAUSED' : 'ACTIVE', updatedAt: at } });
    if (!paused) this.state(profileId).expiriesInRow = 0;
    this.enqueue(outbox);
  }

  async saveFeedback(feedback: Feedback) {
    const key = `${feedback.matchId}:${feedback.from}`;
    if (this.feedback.has(key)) return false;
    this.feedback.set(key, clone(feedback));
    return true;
  }

  async listFeedback(matchId: string) {
    return [...this.feedback.values()].filter((f) => f.matchId === matchId).map(clone);
  }

  async acquireRoundLock(owner: string, now: Date, until: Date) {
    if (this.lock && this.lock.until >= now.getTime()) return false;
    this.lock = { owner, until: until.getTime() };
    return true;
  }

  async releaseRoundLock(owner: string) {
    if (this.lock?.owner === owner) this.lock = undefined;
  }

  async saveRound(round: RoundRecord) {
    this.rounds = [...this.rounds.filter((r) => r.id !== round.id), clone(round)];
  }

  async listRounds(limit: number) {
    return [...this.rounds].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, limit).map(clone);
  }

  /** Test helper: every outbox message, in creation order. */
  allOutbox(): OutboxMessage[] {
    return [...this.outbox.values()].map(clone);
  }
}
