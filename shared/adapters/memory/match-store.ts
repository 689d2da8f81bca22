/**
 * In-memory MatchStore for unit tests: matches, each person's references to
 * their matches, and feedback. Each lifecycle move is one commit of this
 * store's write, the profile store's writes on both people's matching state
 * and the outbox's messages, as in DynamoDB's transactions; a match's move
 * and a feedback answer add their change to the report's counters in the
 * same commit.
 */
import { AlreadyDecided, CapacityReached, Conflict } from '../../domain/errors';
import type { Feedback, Match, MatchStatus } from '../../domain/match';
import type { ProfileWithState } from '../../domain/matching-state';
import type { OutboxMessage } from '../../domain/outbox';
import { feedbackContribution, matchDelta, UNKNOWN } from '../../domain/report-counters';
import type { MatchStore } from '../../ports';
import type { MemoryOutboxStore } from './outbox-store';
import type { MemoryProfileStore } from './profile-store';
import type { MemoryReportStore } from './report-store';
import { clone, commit, tryCommit, write, type MemoryWrite, type PersonItems, type PersonPartitions } from './table';

export class MemoryMatchStore implements MatchStore, PersonItems {
  private readonly matchById = new Map<string, Match>();
  /** Person id → ids of the matches they are or were in (DynamoDB: reference items in their partition). */
  private readonly refs = new Map<string, string[]>();
  private readonly feedback = new Map<string, Feedback>();

  constructor(
    private readonly profiles: MemoryProfileStore,
    private readonly outbox: MemoryOutboxStore,
    partitions: PersonPartitions,
    private readonly counters: MemoryReportStore,
  ) {
    partitions.register(this);
  }

  countOf(personId: string) {
    return this.refs.get(personId)?.length ?? 0;
  }

  eraseOf(personId: string) {
    this.refs.delete(personId);
  }

  /** The match moves from `expected` to `next` (and the counters with it); another answer got there first if it is no longer `expected`. */
  private move(next: Match, expected: MatchStatus): MemoryWrite {
    const before = this.matchById.get(next.id);
    return write(before?.status === expected, () => {
      this.matchById.set(next.id, clone(next));
      this.counters.apply(matchDelta(before, next));
    });
  }

  async getMatch(id: string) {
    return clone(this.matchById.get(id));
  }

  async listMatchIdsOf(personId: string) {
    return [...(this.refs.get(personId) ?? [])];
  }

  async listMatches(status: MatchStatus) {
    return [...this.matchById.values()]
      .filter((m) => m.status === status)
      .sort((a, b) => a.proposedAt.localeCompare(b.proposedAt) || a.id.localeCompare(b.id))
      .map(clone);
  }

  async propose(match: Match, outbox: OutboxMessage[], seen?: { mentee: ProfileWithState; mentor: ProfileWithState }) {
    if (seen && !(this.profiles.unchangedForProposal(seen.mentee) && this.profiles.unchangedForProposal(seen.mentor))) {
      throw new Conflict('The mentee or mentor changed since the round read them');
    }
    const addRef = (personId: string) => this.refs.set(personId, [...(this.refs.get(personId) ?? []), match.id]);
    // Counted under the mentee's region and council type as they are now, kept with the match.
    const facets = this.profiles.facetsOf(match.menteeId);
    const stored: Match = { ...match, menteeRegion: facets?.region ?? UNKNOWN, menteeCouncilType: facets?.councilType ?? UNKNOWN };
        commit(
      [
        write(!this.matchById.has(match.id), () => {
          this.matchById.set(match.id, clone(stored));
          addRef(match.menteeId);
          addRef(match.mentorId);
          this.counters.apply(matchDelta(undefined, stored));
        }),
        this.profiles.holdOpenMatch(match.menteeId, match.id),
        this.profiles.countProposal(match.mentorId),
        ...this.outbox.puts(outbox),
      ],
      () => new Conflict('The mentee or mentor changed since the round read them'),
    );
  }

  private requireMatch(id: string): Match {
    const m = this.matchById.get(id);
    if (!m) throw new AlreadyDecided();
    return m;
  }

  async accept(matchId: string, changes: Pick<Match, 'rhythm' | 'durationMonths' | 'decidedAt'>, outbox: OutboxMessage[]) {
    const m = this.requireMatch(matchId);
    // Either person erased or being erased: the erasure closes this proposal, as in DynamoDB.
    if (this.profiles.goneOrErasing(m.menteeId) || this.profiles.goneOrErasing(m.mentorId)) throw new AlreadyDecided();
    commit(
      [
        this.move({ ...m, ...changes, status: 'ACCEPTED' }, 'PROPOSED'),
        this.profiles.takeMentorPlace(m.mentorId),
        this.profiles.notErasing(m.menteeId),
        ...this.outbox.puts(outbox),
      ],
      (failed) => (failed.includes(0) ? new AlreadyDecided() : failed.includes(1) ? new CapacityReached() : new Conflict('Accept failed')),
    );
  }

  async close(matchId: string, status: 'DECLINED' | 'EXPIRED', changes: Pick<Match, 'decidedAt' | 'declineReason' | 'withdrawnBy'>, outbox: OutboxMessage[]) {
    const m = this.requireMatch(matchId);
    commit(
      [
        this.move({ ...m, ...changes, status }, 'PROPOSED'),
        this.profiles.releaseMentee(m.menteeId, m.id, m.mentorId, changes.decidedAt ?? m.proposedAt),
        this.profiles.settleProposal(m.mentorId, status),
        ...this.outbox.puts(outbox),
      ],
      (failed) => (failed.includes(0) ? new AlreadyDecided() : new Conflict('The mentee or mentor changed')),
    );
    const mentor = await this.profiles.getProfileWithState(m.mentorId);
    return { expiriesInRow: mentor?.matching.expiriesInRow ?? 0 };
  }

  async end(matchId: string, changes: Pick<Match, 'endedAt' | 'endedBy'>, outbox: OutboxMessage[]) {
    const m = this.requireMatch(matchId);
    const byErasure = changes.endedBy === 'erasure';
    // Someone's end while either person is being erased: the erasure ends it, without feedback mail naming them.
    if (!byErasure && (this.profiles.goneOrErasing(m.menteeId) || this.profiles.goneOrErasing(m.mentorId))) throw new AlreadyDecided();
    commit(
      [
        this.move({ ...m, ...changes, status: 'ENDED' }, 'ACCEPTED'),
        this.profiles.releaseMentee(m.menteeId, m.id, m.mentorId, changes.endedAt ?? m.proposedAt, !byErasure),
        this.profiles.freeMentorPlace(m.mentorId, !byErasure),
        ...this.outbox.puts(outbox),
      ],
      (failed) => (failed.includes(0) ? new AlreadyDecided() : new Conflict('The mentee or mentor changed')),
    );
  }

  async markReminded(matchId: string, at: string, outbox: OutboxMessage[]) {
    const m = this.matchById.get(matchId);
    if (!m || m.status !== 'PROPOSED' || m.remindedAt) return false;
    return tryCommit([
      write(true, () => this.matchById.set(matchId, { ...m, remindedAt: at })),
      // The reminder describes the mentee to the mentor: none once either one's erasure has begun.
      this.profiles.notErasing(m.menteeId),
      this.profiles.notErasing(m.mentorId),
      ...this.outbox.puts(outbox),
    ]);
  }

  async saveFeedback(feedback: Feedback) {
    const key = `${feedback.matchId}:${feedback.from}`;
    if (this.feedback.has(key)) return false;
    const match = this.matchById.get(feedback.matchId);
    return tryCommit([
      write(true, () => {
        this.feedback.set(key, clone(feedback));
        if (match) this.counters.apply(feedbackContribution(feedback, match));
      }),
    ]);
  }

  async listFeedback(matchId: string) {
    return [...this.feedback.values()].filter((f) => f.matchId === matchId).map(clone);
  }
}
