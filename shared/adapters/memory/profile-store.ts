/**
 * In-memory ProfileStore for unit tests: profiles, email claims, pending
 * updates and the matching state kept beside each profile. The contract
 * suites (tests/contract) run the same cases against this and the DynamoDB
 * adapter, so the behaviours here (conditions, expiry, erasure) match the
 * real thing. As in DynamoDB, the match store changes matching state only
 * through the writes built at the end of this class, inside its own commits.
 */
import { Conflict, LinkUsed } from '../../domain/errors';
import { freshMatchingState, type MatchingState, type ProfileWithState } from '../../domain/matching-state';
import type { OutboxMessage } from '../../domain/outbox';
import type { PendingUpdate, Profile, Role } from '../../domain/profile';
import { PENDING_PROFILE_TTL_DAYS } from '../../domain/profile-status';
import type { Clock, ProfileStore } from '../../ports';
import type { MemoryOutboxStore } from './outbox-store';
import { clone, commit, tryCommit, write, type MemoryWrite, type PersonPartitions } from './table';

interface Expiring<T> {
  value: T;
  expiresAt?: number;
}

export class MemoryProfileStore implements ProfileStore {
  private readonly profiles = new Map<string, Expiring<Profile>>();
  private readonly states = new Map<string, MatchingState>();
  private readonly emails = new Map<string, Expiring<string>>();
  private readonly updates = new Map<string, Expiring<PendingUpdate>>();

  constructor(
    private readonly clock: Clock,
    private readonly outbox: MemoryOutboxStore,
    private readonly partitions: PersonPartitions,
  ) {}

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

  private deleteUpdatesOf(id: string) {
    for (const k of [...this.updates.keys()]) if (k.startsWith(`${id}:`)) this.updates.delete(k);
  }

  private stateOf(id: string): MatchingState {
    return this.states.get(id) ?? freshMatchingState();
  }

  /** The stored state, created on first change. */
  private changeState(id: string, change: (st: MatchingState) => void) {
    const st = this.stateOf(id);
    change(st);
    this.states.set(id, st);
  }

  private withState(p: Profile): ProfileWithState {
    return { ...clone(p), matching: clone(this.stateOf(p.id)) };
  }

  async getProfile(id: string) {
    return clone(this.live(this.profiles.get(id)));
  }

  async getProfileWithState(id: string) {
    const p = this.live(this.profiles.get(id));
    return p ? this.withState(p) : undefined;
  }

  async listActive(role: Role) {
    return [...this.profiles.values()]
      .map((e) => this.live(e))
      .filter((p): p is Profile => !!p && p.role === role && p.status === 'ACTIVE')
      .map((p) => this.withState(p));
  }

  async findProfileIdByEmail(role: Role, email: string) {
    return this.live(this.emails.get(this.emailKey(role, email)));
  }

  async createProfile(profile: Profile, outbox: OutboxMessage[]) {
    const key = this.emailKey(profile.role, profile.email);
    const expiresAt = this.pendingExpiry();
    commit(
      [
        write(!this.live(this.emails.get(key)), () => {
          this.emails.set(key, { value: profile.id, expiresAt });
          this.profiles.set(profile.id, { value: clone(profile), expiresAt });
        }),
        ...this.outbox.puts(outbox),
      ],
      () => new Conflict('Email already registered for this role'),
    );
  }

  async replacePendingProfile(previousId: string, profile: Profile, outbox: OutboxMessage[]) {
    const key = this.emailKey(profile.role, profile.email);
    const previous = this.live(this.profiles.get(previousId));
    const expiresAt = this.pendingExpiry();
    commit(
      [
        write(previous?.status === 'PENDING_VERIFICATION' && this.live(this.emails.get(key)) === previousId, () => {
          this.profiles.delete(previousId);
          this.states.delete(previousId);
          // The replaced profile's other items (its unsent mail) hold the old details: they go with it.
          this.deleteUpdatesOf(previousId);
          this.partitions.eraseOf(previousId);
          this.emails.set(key, { value: profile.id, expiresAt });
          this.profiles.set(profile.id, { value: clone(profile), expiresAt });
        }),
        ...this.outbox.puts(outbox),
      ],
      () => new Conflict('The pending profile changed'),
    );
  }

  async savePendingUpdate(update: PendingUpdate, expiresAt: Date, outbox: OutboxMessage[]) {
    commit(
      [
        write(!!this.live(this.profiles.get(update.profileId)), () => {
          this.updates.set(`${update.profileId}:${update.id}`, { value: clone(update), expiresAt: expiresAt.getTime() });
        }),
        ...this.outbox.puts(outbox),
      ],
      () => new Conflict('The profile is gone'),
    );
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

  async setPaused(profileId: string, paused: boolean, at: string, outbox: OutboxMessage[]) {
    const p = this.live(this.profiles.get(profileId));
    commit(
      [
        write(p?.status === (paused ? 'ACTIVE' : 'PAUSED'), () => {
          this.profiles.set(profileId, { value: { ...p!, status: paused ? 'PAUSED' : 'ACTIVE', updatedAt: at } });
          if (!paused) this.changeState(profileId, (st) => (st.expiriesInRow = 0));
        }),
        ...this.outbox.puts(outbox),
      ],
      () => new Conflict('The profile changed'),
    );
  }

  async eraseProfile(id: string, outbox: OutboxMessage[]) {
    const profile = this.profiles.get(id)?.value;
    if (!profile) return false;
    const key = this.emailKey(profile.role, profile.email);
    return tryCommit([
      write(true, () => {
        this.profiles.delete(id);
        this.states.delete(id);
        if (this.emails.get(key)?.value === id) this.emails.delete(key);
        this.deleteUpdatesOf(id);
        this.partitions.eraseOf(id);
      }),
      ...this.outbox.puts(outbox),
    ]);
  }

  async countItemsOf(id: string) {
    let n = this.profiles.has(id) ? 1 : 0;
    for (const k of this.updates.keys()) if (k.startsWith(`${id}:`)) n++;
    return n + this.partitions.countOf(id);
  }

  async ping() {}

  async listProfiles(role: Role, status: Profile['status'], { limit, before }: { limit: number; before?: string }) {
    // The DynamoDB index's sort key and cursor: `<createdAt>#<id>`, newest first.
    const sortKey = (p: Profile) => `${p.createdAt}#${p.id}`;
    const bound = before ? Buffer.from(before, 'base64url').toString('utf8') : undefined;
    const older = [...this.profiles.values()]
      .map((e) => this.live(e))
      .filter((p): p is Profile => !!p && p.role === role && p.status === status && (bound === undefined || sortKey(p) < bound))
      .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : -1));
    const page = older.slice(0, limit);
    const last = page[page.length - 1];
    return { profiles: page.map((p) => this.withState(p)), next: older.length > limit && last ? Buffer.from(sortKey(last), 'utf8').toString('base64url') : undefined };
  }

  // Writes on matching state, for the match store's commits (the DynamoDB profile store's TransactItem builders).

  /** Propose: the mentee takes the match as their one open match. */
  holdOpenMatch(menteeId: string, matchId: string): MemoryWrite {
    const mentee = this.live(this.profiles.get(menteeId));
    return write(mentee?.status === 'ACTIVE' && !this.stateOf(menteeId).openMatchId, () =>
      this.changeState(menteeId, (st) => (st.openMatchId = matchId)),
    );
  }

  /** Propose: the proposal counts against the mentor's spare places until it is answered. */
  countProposal(mentorId: string): MemoryWrite {
    const mentor = this.live(this.profiles.get(mentorId));
    return write(mentor?.status === 'ACTIVE', () => this.changeState(mentorId, (st) => st.proposedCount++));
  }

  /** Accept: one of the mentor's places; refused once accepted matches fill them. */
  takeMentorPlace(mentorId: string): MemoryWrite {
    const mentor = this.profiles.get(mentorId)?.value;
    const st = this.stateOf(mentorId);
    return write(!!mentor && mentor.role === 'mentor' && st.acceptedCount < mentor.capacity, () =>
      this.changeState(mentorId, (s) => {
        s.acceptedCount++;
        s.proposedCount--;
        s.expiriesInRow = 0;
      }),
    );
  }

  /** Decline or expiry: the proposal no longer counts; a decline resets the run of expiries, an expiry extends it. */
  settleProposal(mentorId: string, outcome: 'DECLINED' | 'EXPIRED'): MemoryWrite {
    // As in DynamoDB, where the mentor's item must exist for the transaction's update.
    return write(this.profiles.has(mentorId), () =>
      this.changeState(mentorId, (st) => {
        st.proposedCount--;
        st.expiriesInRow = outcome === 'EXPIRED' ? st.expiriesInRow + 1 : 0;
      }),
    );
  }

  /** End: the mentor gets the place back. */
  freeMentorPlace(mentorId: string): MemoryWrite {
    return write(this.profiles.has(mentorId), () => this.changeState(mentorId, (st) => st.acceptedCount--));
  }

  /** Decline, expiry or end: the mentee returns to the pool and the pair is closed for good. */
  releaseMentee(menteeId: string, matchId: string, mentorId: string): MemoryWrite {
    return write(this.stateOf(menteeId).openMatchId === matchId, () =>
      this.changeState(menteeId, (st) => {
        st.openMatchId = undefined;
        if (!st.excludedMentorIds.includes(mentorId)) st.excludedMentorIds = [...st.excludedMentorIds, mentorId].sort();
      }),
    );
  }
}
