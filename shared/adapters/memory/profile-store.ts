/**
 * In-memory ProfileStore for unit tests: profiles, email claims, pending
 * updates and the matching state kept beside each profile. The contract
 * suites (tests/contract) run the same cases against this and the DynamoDB
 * adapter, so the behaviours here (conditions, expiry, erasure) match the
 * real thing. As in DynamoDB, the match store changes matching state only
 * through the writes built at the end of this class, inside its own commits.
 * Every write that changes what a person adds to the report's counters adds
 * the difference in the same commit (shared/domain/report-counters.ts).
 */
import { Conflict, LinkUsed } from '../../domain/errors';
import { freshMatchingState, matchingMoves, type MatchingState, type ProfileWithState } from '../../domain/matching-state';
import type { OutboxMessage } from '../../domain/outbox';
import type { PendingUpdate, Profile, ProfileSubmission, Role } from '../../domain/profile';
import { PENDING_PROFILE_TTL_DAYS } from '../../domain/profile-status';
import { addTo, type Cells, cell, personDelta } from '../../domain/report-counters';
import type { MailRecord, PlacementWrites } from '../../domain/submission';
import type { Clock, ProfileStore } from '../../ports';
import type { MemoryOutboxStore } from './outbox-store';
import type { MemoryReportStore } from './report-store';
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
  /** Submissions not yet placed: their profile-to-be sits in `profiles` (read by id, as in DynamoDB), outside every list. */
  private readonly unplaced = new Map<string, ProfileSubmission>();
  private readonly mail = new Map<string, Omit<MailRecord, 'held'> & Pick<MailRecord, 'held'>>();
  /** People whose erasure has begun (DynamoDB: the profile item's `erasingAt`). */
  private readonly erasing = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly outbox: MemoryOutboxStore,
    private readonly partitions: PersonPartitions,
    private readonly counters: MemoryReportStore,
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

  private withState(p: Profile): ProfileWithState {
    return { ...clone(p), matching: clone(this.stateOf(p.id)) };
  }

  private current(id: string): ProfileWithState | undefined {
    const p = this.live(this.profiles.get(id));
    return p ? this.withState(p) : undefined;
  }

  /** The counters' change when a person goes from `before` to `after` (either absent when created or erased). */
  private count(before: ProfileWithState | undefined, after: ProfileWithState | undefined): MemoryWrite {
    return this.counters.add(personDelta(before, after));
  }

  /** A move of a person's matching state (shared/domain/matching-state.ts), with its change to the counters. */
  private stateWrite(id: string, holds: boolean, move: (st: MatchingState) => MatchingState): MemoryWrite {
    const before = this.current(id);
    const after = before && { ...before, matching: move(clone(before.matching)) };
    return write(holds, () => {
      this.states.set(id, move(this.stateOf(id)));
      this.counters.apply(personDelta(before, after));
    });
  }

  /** Unconfirmed, unexpired profiles as report cells (the DynamoDB store queries their index). */
  pendingCells(): Cells {
    const cells: Cells = new Map();
    for (const entry of this.profiles.values()) {
      const p = this.live(entry);
      if (p?.status === 'PENDING_VERIFICATION' && !this.unplaced.has(p.id)) addTo(cells, cell.people(p.role, p.status, p.region, p.councilType), 1);
    }
    return cells;
  }

  async getProfile(id: string) {
    return clone(this.live(this.profiles.get(id)));
  }

  async getProfileWithState(id: string) {
    const p = this.live(this.profiles.get(id));
    return p ? this.withState(p) : undefined;
  }

  async listActive(role: Role) {
    return this.listByStatus(role, 'ACTIVE');
  }

  async listByStatus(role: Role, status: 'ACTIVE' | 'PAUSED') {
    return [...this.profiles.values()]
      .map((e) => this.live(e))
      .filter((p): p is Profile => !!p && p.role === role && p.status === status)
      .map((p) => this.withState(p));
  }

  async findProfileIdByEmail(role: Role, email: string) {
    return this.live(this.emails.get(this.emailKey(role, email)));
  }

  async receiveSubmission(profile: Profile, submission: ProfileSubmission) {
    this.profiles.set(profile.id, { value: clone(profile), expiresAt: this.pendingExpiry() });
    this.unplaced.set(profile.id, clone(submission));
  }

  async getSubmission(id: string) {
    const profile = this.live(this.profiles.get(id));
    const submission = this.unplaced.get(id);
    return profile && submission ? { profile: clone(profile), submission: clone(submission) } : undefined;
  }

  async listUnplacedSubmissions(limit: number) {
    return [...this.unplaced.keys()]
      .filter((id) => this.live(this.profiles.get(id)))
      .sort((a, b) => this.profiles.get(a)!.value.createdAt.localeCompare(this.profiles.get(b)!.value.createdAt))
      .slice(0, limit);
  }

  async dropSubmission(id: string) {
    if (!this.unplaced.delete(id)) return false;
    this.profiles.delete(id);
    return true;
  }

  private mailKey(email: string) {
    return email.trim().toLowerCase();
  }

  async readMailRecord(email: string): Promise<MailRecord> {
    const record = this.mail.get(this.mailKey(email));
    if (!record) return { rev: 0, queuedAt: [] };
    const held = record.held && this.outbox.isPending(record.held.outbox.id) ? clone(record.held) : undefined;
    return { rev: record.rev, queuedAt: [...record.queuedAt], held };
  }

  /**
   * What placing a submission writes besides its own change: the submission consumed (its profile-to-be
   * removed too when `asProfile` is false), the address's mail record at the revision read, and the held
   * email it replaces.
   */
  private placementWrites(from: PlacementWrites | undefined, asProfile: boolean): MemoryWrite[] {
    if (!from) return [];
    const key = this.mailKey(from.email);
    const { replaces } = from;
    return [
      write(this.unplaced.has(from.submissionId), () => {
        this.unplaced.delete(from.submissionId);
        if (!asProfile) this.profiles.delete(from.submissionId);
      }),
      write((this.mail.get(key)?.rev ?? 0) === from.mail.rev, () => this.mail.set(key, { ...clone(from.mail), rev: from.mail.rev + 1 })),
      ...(replaces
        ? [
            this.outbox.discardPending(replaces.outbox.id),
            write(true, () => {
              if (replaces.updateId) this.updates.delete(`${replaces.profileId}:${replaces.updateId}`);
            }),
          ]
        : []),
    ];
  }

  async createProfile(profile: Profile, outbox: OutboxMessage[], from?: PlacementWrites) {
    const key = this.emailKey(profile.role, profile.email);
    const expiresAt = this.pendingExpiry();
    commit(
      [
        write(!this.live(this.emails.get(key)), () => {
          this.emails.set(key, { value: profile.id, expiresAt });
          this.profiles.set(profile.id, { value: clone(profile), expiresAt });
        }),
        ...this.outbox.puts(outbox),
        ...this.placementWrites(from, true),
      ],
      () => new Conflict('Email already registered for this role'),
    );
  }

  async replacePendingProfile(previousId: string, profile: Profile, outbox: OutboxMessage[], from?: PlacementWrites) {
    const key = this.emailKey(profile.role, profile.email);
    const previous = this.live(this.profiles.get(previousId));
    const expiresAt = this.pendingExpiry();
    commit(
      [
        write(previous?.status === 'PENDING_VERIFICATION' && !this.erasing.has(previousId) && this.live(this.emails.get(key)) === previousId, () => {
          this.profiles.delete(previousId);
          this.states.delete(previousId);
          // The replaced profile's other items (its unsent mail) hold the old details: they go with it.
          this.deleteUpdatesOf(previousId);
          this.partitions.eraseOf(previousId);
          this.emails.set(key, { value: profile.id, expiresAt });
          this.profiles.set(profile.id, { value: clone(profile), expiresAt });
        }),
        // Before the replaced profile's partition goes: a held email of it is checked while still there.
        ...this.placementWrites(from, true),
        ...this.outbox.puts(outbox),
      ],
      () => new Conflict('The pending profile changed'),
    );
  }

  async savePendingUpdate(update: PendingUpdate, expiresAt: Date, outbox: OutboxMessage[], from?: PlacementWrites) {
    commit(
      [
        write(!!this.live(this.profiles.get(update.profileId)) && !this.erasing.has(update.profileId), () => {
          this.updates.set(`${update.profileId}:${update.id}`, { value: clone(update), expiresAt: expiresAt.getTime() });
        }),
        ...this.outbox.puts(outbox),
        ...this.placementWrites(from, false),
      ],
      () => new Conflict('The profile is gone'),
    );
  }

  async getPendingUpdate(profileId: string, updateId: string) {
    return clone(this.live(this.updates.get(`${profileId}:${updateId}`)));
  }

  async applyPendingUpdate(profileId: string, updateId: string, changes: Profile) {
    const key = `${profileId}:${updateId}`;
    const before = this.current(profileId);
    if (!this.live(this.updates.get(key)) || !before || this.erasing.has(profileId)) throw new LinkUsed();
    // The status is the profile's own: a pause since the owner's link was sent stays.
    const next: Profile = { ...clone(changes), status: before.status };
    commit(
      [
        write(true, () => {
          this.updates.delete(key);
          this.profiles.set(profileId, { value: next });
        }),
        this.count(before, { ...next, matching: before.matching }),
      ],
      () => new LinkUsed(),
    );
  }

  async activateProfile(id: string, at: string) {
    const profile = this.live(this.profiles.get(id));
    if (!profile || profile.status !== 'PENDING_VERIFICATION') throw new LinkUsed();
    const active: Profile = { ...profile, status: 'ACTIVE', verifiedAt: at, updatedAt: at };
    const state: MatchingState = { ...freshMatchingState(), ...(active.role === 'mentee' ? { waitingSince: at } : {}) };
    commit(
      [
        write(true, () => {
          this.profiles.set(id, { value: active });
          this.states.set(id, state);
          this.emails.set(this.emailKey(profile.role, profile.email), { value: id });
        }),
        this.count(undefined, { ...clone(active), matching: clone(state) }),
      ],
      () => new LinkUsed(),
    );
  }

  async setPaused(profileId: string, paused: boolean, at: string, outbox: OutboxMessage[]) {
    const before = this.current(profileId);
    const after: ProfileWithState | undefined = before && {
      ...before,
      status: paused ? 'PAUSED' : 'ACTIVE',
      updatedAt: at,
      matching: paused ? matchingMoves.pause(before.matching) : matchingMoves.resume(before.matching, before.role, at),
    };
    commit(
      [
        write(before?.status === (paused ? 'ACTIVE' : 'PAUSED'), () => {
          const { matching, ...profile } = after!;
          this.profiles.set(profileId, { value: profile });
          this.states.set(profileId, matching);
          this.counters.apply(personDelta(before, after));
        }),
        ...this.outbox.puts(outbox),
      ],
      () => new Conflict('The profile changed'),
    );
  }

  async beginErasure(id: string) {
    if (!this.profiles.has(id)) return false;
    this.erasing.add(id);
    return true;
  }

  /** Whether the person is gone or their erasure has begun. */
  goneOrErasing(id: string): boolean {
    return !this.profiles.has(id) || this.erasing.has(id);
  }

  async eraseProfile(id: string, outbox: OutboxMessage[]) {
    const profile = this.profiles.get(id)?.value;
    if (!profile) return false;
    const key = this.emailKey(profile.role, profile.email);
    return tryCommit([
      this.count(this.current(id), undefined),
      write(true, () => {
        this.profiles.delete(id);
        this.states.delete(id);
        this.erasing.delete(id);
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
      .filter((p): p is Profile => !!p && !this.unplaced.has(p.id) && p.role === role && p.status === status && (bound === undefined || sortKey(p) < bound))
      .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : -1));
    const page = older.slice(0, limit);
    const last = page[page.length - 1];
    return { profiles: page.map((p) => this.withState(p)), next: older.length > limit && last ? Buffer.from(sortKey(last), 'utf8').toString('base64url') : undefined };
  }

  // Writes on matching state, for the match store's commits (the DynamoDB profile store's TransactItem builders).

  /** Propose: the mentee takes the match as their one open match, and stops waiting. */
  holdOpenMatch(menteeId: string, matchId: string): MemoryWrite {
    const mentee = this.live(this.profiles.get(menteeId));
    return this.stateWrite(menteeId, mentee?.status === 'ACTIVE' && !this.erasing.has(menteeId) && !this.stateOf(menteeId).openMatchId, (st) => matchingMoves.hold(st, matchId));
  }

  /** Propose: the proposal counts against the mentor's spare places until it is answered. */
  countProposal(mentorId: string): MemoryWrite {
    const mentor = this.live(this.profiles.get(mentorId));
    return this.stateWrite(mentorId, mentor?.status === 'ACTIVE' && !this.erasing.has(mentorId), matchingMoves.countProposal);
  }

  /** Accept: one of the mentor's places; refused once accepted matches fill them. */
  takeMentorPlace(mentorId: string): MemoryWrite {
    const mentor = this.profiles.get(mentorId)?.value;
    const st = this.stateOf(mentorId);
    return this.stateWrite(mentorId, !!mentor && !this.erasing.has(mentorId) && mentor.role === 'mentor' && st.acceptedCount < mentor.capacity, matchingMoves.takePlace);
  }

  /** Decline or expiry: the proposal no longer counts; a decline resets the run of expiries, an expiry extends it. */
  settleProposal(mentorId: string, outcome: 'DECLINED' | 'EXPIRED'): MemoryWrite {
    // As in DynamoDB, where the mentor's item must exist for the transaction's update.
    return this.stateWrite(mentorId, this.profiles.has(mentorId), (st) => matchingMoves.settle(st, outcome));
  }

  /** End: the mentor gets the place back. `refuseErasing` for someone's end, refused once the mentor's erasure has begun. */
  freeMentorPlace(mentorId: string, refuseErasing = false): MemoryWrite {
    return this.stateWrite(mentorId, this.profiles.has(mentorId) && !(refuseErasing && this.erasing.has(mentorId)), matchingMoves.freePlace);
  }

  /** Accept and reminders: the other person still exists and is not being erased. */
  notErasing(id: string): MemoryWrite {
    return write(!this.goneOrErasing(id));
  }

  /**
   * Decline, expiry or end: the mentee returns to the pool (waiting again from `at` if active) and the pair is
   * closed for good. `refuseErasing` as for freeMentorPlace.
   */
  releaseMentee(menteeId: string, matchId: string, mentorId: string, at: string, refuseErasing = false): MemoryWrite {
    const active = this.live(this.profiles.get(menteeId))?.status === 'ACTIVE';
    const holds = this.stateOf(menteeId).openMatchId === matchId && !(refuseErasing && this.erasing.has(menteeId));
    return this.stateWrite(menteeId, holds, (st) => matchingMoves.release(st, mentorId, active ? at : undefined));
  }

  /** Whether a person is as `seen` in what a proposal's counter change depends on (as the DynamoDB store's conditions check). */
  unchangedForProposal(seen: ProfileWithState): boolean {
    const now = this.current(seen.id);
    return (
      !!now &&
      !this.erasing.has(seen.id) &&
      now.status === seen.status &&
      now.region === seen.region &&
      now.councilType === seen.councilType &&
      (seen.role === 'mentor' || (now.matching.openMatchId === seen.matching.openMatchId && now.matching.waitingSince === seen.matching.waitingSince))
    );
  }

  /** The mentee's region and council type now, which a proposal is counted under. */
  facetsOf(menteeId: string): { region: string; councilType: string } | undefined {
    const p = this.live(this.profiles.get(menteeId));
    return p && { region: p.region, councilType: p.councilType };
  }
}
