/**
 * MatchStore on DynamoDB: the only code that writes match items, the match
 * references in each person's partition and feedback. Each lifecycle move is
 * one TransactWriteItems whose conditions are the invariants: a match changes
 * status only from the status the state machine allows, a mentee holds at
 * most one open match, and a mentor never has more accepted matches than
 * places. The last two live on the profile items (profile-store.ts), so the
 * transactions take those items from the profile store's builders and the
 * emails from the outbox store's.
 *
 * Each move also changes the programme report's counters in the same
 * transaction (report-store.ts's builder), by the match's and both people's
 * contributions after the move less before. So each move reads the match and
 * the people it changes, checks them (answering the domain error at once),
 * and writes conditioned on what it read; a failed condition means someone
 * else moved first, and it reads again (`optimistic`).
 *
 * A person whose erasure has begun (the profile store's `erasingAt`) gets no
 * new proposal, no accepted match, no reminder and no feedback request: the
 * moves that would are conditioned on the mark on both people, and refuse
 * with the error the loser of that race sees (Conflict for a round's
 * proposal, AlreadyDecided for an accept or an end). Declines, expiries and
 * the erasure's own end go through, since they only close the match.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { AlreadyDecided, CapacityReached, Conflict } from '../../domain/errors';
import { Match, MATCH_STATUSES, type Feedback, type MatchStatus } from '../../domain/match';
import { matchingMoves, type MatchingState, type ProfileWithState } from '../../domain/matching-state';
import type { OutboxMessage } from '../../domain/outbox';
import { feedbackContribution, matchDelta, personDelta, sumCells } from '../../domain/report-counters';
import type { MatchStore } from '../../ports';
import { documentClient, optimistic, queryAll, Stale, transactWrite, type TransactItem } from './client';
import { keys } from './keys';
import { outboxPuts } from './outbox-store';
import {
  countProposal,
  freeMentorPlace,
  holdOpenMatch,
  notErasing,
  readMatchingState,
  readProfile,
  releaseMentee,
  settleProposal,
  takeMentorPlace,
} from './profile-store';
import { counterUpdates } from './report-store';

/** The one answer per person per match is already there. */
class AlreadyAnswered extends Error {}

/** A person after a move of their matching state. */
const moved = (p: ProfileWithState, move: (st: MatchingState) => MatchingState): ProfileWithState => ({ ...p, matching: move(p.matching) });

const FeedbackItem = z.object({
  matchId: z.string(),
  from: z.enum(['mentee', 'mentor']),
  at: z.string(),
  rating: z.number(),
  comment: z.string().optional(),
});

const NAMES = { '#data': 'data', '#status': 'status' };

export class DynamoMatchStore implements MatchStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.doc = documentClient(client);
  }

  private async write(items: TransactItem[], onFailed: (failedIndexes: number[]) => Error) {
    await transactWrite(this.doc, items, onFailed);
  }

  private matchUpdate(match: Match, next: Match, expected: MatchStatus): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.match(match.id),
        UpdateExpression: 'SET #data = :next, gsi1pk = :gsi1pk',
        // Two answers to one proposal (double click, mentor and expiry job) race here; one wins.
        ConditionExpression: '#data.#status = :expected',
        ExpressionAttributeNames: NAMES,
        ExpressionAttributeValues: { ':next': next, ':gsi1pk': keys.matchesByStatus(next.status).gsi1pk, ':expected': expected },
      },
    };
  }

  private async requireMatch(id: string): Promise<Match> {
    const match = await this.getMatch(id);
    if (!match) throw new AlreadyDecided();
    return match;
  }

  async getMatch(id: string) {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.match(id), ConsistentRead: true }));
    return out.Item ? Match.parse(out.Item.data) : undefined;
  }

  async listMatchIdsOf(personId: string) {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)',
      ExpressionAttributeValues: { ':pk': keys.personPartition(personId), ':m': keys.matchRefPrefix },
      ProjectionExpression: 'matchId',
      ConsistentRead: true,
    });
    return items.map((item) => z.string().parse(item.matchId));
  }

  async listMatches(status: MatchStatus) {
    z.enum(MATCH_STATUSES).parse(status);
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.matchesByStatus(status).gsi1pk },
    });
    return items.map((item) => Match.parse(item.data));
  }

  async propose(match: Match, outbox: OutboxMessage[], seen?: { mentee: ProfileWithState; mentor: ProfileWithState }) {
    const changed = () => new Conflict('The mentee or mentor changed since the round read them');
    const attempt = async (people: { mentee: ProfileWithState; mentor: ProfileWithState } | undefined, onChanged: () => Error) => {
      const { mentee, mentor } = people ?? {};
      if (!mentee || mentee.status !== 'ACTIVE' || mentee.matching.openMatchId || !mentor || mentor.status !== 'ACTIVE') throw changed();
      // Counted under the mentee's region and council type as they are now, kept with the match.
      const stored: Match = { ...match, menteeRegion: mentee.region, menteeCouncilType: mentee.councilType };
      const cells = sumCells(
        matchDelta(undefined, stored),
        personDelta(mentee, moved(mentee, (st) => matchingMoves.hold(st, match.id))),
        personDelta(mentor, moved(mentor, matchingMoves.countProposal)),
      );
      const ref = (personId: string): TransactItem => ({
        Put: { TableName: this.tableName, Item: { ...keys.matchRef(personId, match.id), type: 'match-ref', matchId: match.id } },
      });
      await this.write(
        [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...keys.match(match.id), ...keys.matchesByStatus(match.status), gsi1sk: keys.matchIndexSort(match.proposedAt, match.id), type: 'match', data: stored },
              // Match ids are fresh UUIDs; a replayed proposal fails instead of resetting a match that has moved on.
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ref(match.menteeId),
          ref(match.mentorId),
          holdOpenMatch(this.tableName, mentee, match.id),
          countProposal(this.tableName, mentor),
          ...outboxPuts(this.tableName, outbox),
          ...counterUpdates(this.tableName, cells),
        ],
        (failed) => (failed.includes(0) ? changed() : onChanged()),
      );
    };
    // A round passes the people as it read them: a proposal for someone who changed since is skipped, as before.
    if (seen) return attempt(seen, changed);
    await optimistic(async () => {
      const [mentee, mentor] = await Promise.all([readProfile(this.doc, this.tableName, match.menteeId), readProfile(this.doc, this.tableName, match.mentorId)]);
      if (mentee?.erasing || mentor?.erasing) throw changed();
      await attempt(mentee && mentor && { mentee: mentee.profile, mentor: mentor.profile }, () => new Stale());
    }, changed);
  }

  async accept(matchId: string, changes: Pick<Match, 'rhythm' | 'durationMonths' | 'decidedAt'>, outbox: OutboxMessage[]) {
    await optimistic(async () => {
      const match = await this.requireMatch(matchId);
      if (match.status !== 'PROPOSED') throw new AlreadyDecided();
      const [mentee, mentor] = await Promise.all([readProfile(this.doc, this.tableName, match.menteeId), readProfile(this.doc, this.tableName, match.mentorId)]);
      // Either person erased or being erased: the erasure closes this proposal, so it is as good as declined.
      if (!mentee || mentee.erasing || !mentor || mentor.erasing) throw new AlreadyDecided();
      if (mentor.profile.role !== 'mentor' || mentor.profile.matching.acceptedCount >= mentor.profile.capacity) throw new CapacityReached();
      const next: Match = { ...match, ...changes, status: 'ACCEPTED' };
      const cells = sumCells(matchDelta(match, next), personDelta(mentor.profile, moved(mentor.profile, matchingMoves.takePlace)));
      await this.write(
        [
          this.matchUpdate(match, next, 'PROPOSED'),
          takeMentorPlace(this.tableName, match.mentorId, mentor.rev),
          notErasing(this.tableName, match.menteeId),
          ...outboxPuts(this.tableName, outbox),
          ...counterUpdates(this.tableName, cells),
        ],
        () => new Stale(),
      );
    }, () => new Conflict('Accept failed'));
  }

  async close(matchId: string, status: 'DECLINED' | 'EXPIRED', changes: Pick<Match, 'decidedAt' | 'declineReason' | 'withdrawnBy'>, outbox: OutboxMessage[]) {
    const changed = () => new Conflict('The mentee or mentor changed');
    const match = await optimistic(async () => {
      const match = await this.requireMatch(matchId);
      if (match.status !== 'PROPOSED') throw new AlreadyDecided();
      const [mentee, mentor] = await Promise.all([readProfile(this.doc, this.tableName, match.menteeId), readProfile(this.doc, this.tableName, match.mentorId)]);
      // The match moved on between the two reads (another answer, an erasure's close): read it again.
      if (!mentee || mentee.profile.matching.openMatchId !== match.id || !mentor) throw new Stale();
      const next: Match = { ...match, ...changes, status };
      // A paused mentee is not waiting; they wait again once resumed.
      const waitingSince = mentee.profile.status === 'ACTIVE' ? (changes.decidedAt ?? match.proposedAt) : undefined;
      const cells = sumCells(
        matchDelta(match, next),
        personDelta(mentee.profile, moved(mentee.profile, (st) => matchingMoves.release(st, match.mentorId, waitingSince))),
        personDelta(mentor.profile, moved(mentor.profile, (st) => matchingMoves.settle(st, status))),
      );
      await this.write(
        [
          this.matchUpdate(match, next, 'PROPOSED'),
          releaseMentee(this.tableName, match.menteeId, match.id, match.mentorId, mentee.rev, waitingSince),
          settleProposal(this.tableName, mentor.profile, status),
          ...outboxPuts(this.tableName, outbox),
          ...counterUpdates(this.tableName, cells),
        ],
        () => new Stale(),
      );
      return match;
    }, changed);
    const mentor = await readMatchingState(this.doc, this.tableName, match.mentorId);
    return { expiriesInRow: mentor?.expiriesInRow ?? 0 };
  }

  async end(matchId: string, changes: Pick<Match, 'endedAt' | 'endedBy'>, outbox: OutboxMessage[]) {
    const changed = () => new Conflict('The mentee or mentor changed');
    const byErasure = changes.endedBy === 'erasure';
    await optimistic(async () => {
      const match = await this.requireMatch(matchId);
      if (match.status !== 'ACCEPTED') throw new AlreadyDecided();
      const [mentee, mentor] = await Promise.all([readProfile(this.doc, this.tableName, match.menteeId), readProfile(this.doc, this.tableName, match.mentorId)]);
      // The match moved on between the two reads (the other person's end, an erasure's): read it again.
      if (!mentee || mentee.profile.matching.openMatchId !== match.id || !mentor) throw new Stale();
      // Someone's end while either person is being erased: the erasure ends it, without feedback mail naming them.
      if (!byErasure && (mentee.erasing || mentor.erasing)) throw new AlreadyDecided();
      const next: Match = { ...match, ...changes, status: 'ENDED' };
      const waitingSince = mentee.profile.status === 'ACTIVE' ? (changes.endedAt ?? match.proposedAt) : undefined;
      const cells = sumCells(
        matchDelta(match, next),
        personDelta(mentee.profile, moved(mentee.profile, (st) => matchingMoves.release(st, match.mentorId, waitingSince))),
        personDelta(mentor.profile, moved(mentor.profile, matchingMoves.freePlace)),
      );
      await this.write(
        [
          this.matchUpdate(match, next, 'ACCEPTED'),
          releaseMentee(this.tableName, match.menteeId, match.id, match.mentorId, mentee.rev, waitingSince, !byErasure),
          freeMentorPlace(this.tableName, match.mentorId, mentor.rev, !byErasure),
          ...outboxPuts(this.tableName, outbox),
          ...counterUpdates(this.tableName, cells),
        ],
        () => new Stale(),
      );
    }, changed);
  }

  async markReminded(matchId: string, at: string, outbox: OutboxMessage[]) {
    const match = await this.getMatch(matchId);
    if (!match || match.status !== 'PROPOSED' || match.remindedAt) return false;
    try {
      await this.write(
        [
          {
            Update: {
              TableName: this.tableName,
              Key: keys.match(matchId),
              UpdateExpression: 'SET #data.remindedAt = :at',
              // Two reminder jobs at once send one reminder.
              ConditionExpression: '#data.#status = :proposed AND attribute_not_exists(#data.remindedAt)',
              ExpressionAttributeNames: NAMES,
              ExpressionAttributeValues: { ':at': at, ':proposed': 'PROPOSED' },
            },
          },
          // The reminder describes the mentee to the mentor: none once either one's erasure has begun.
          notErasing(this.tableName, match.menteeId),
          notErasing(this.tableName, match.mentorId),
          ...outboxPuts(this.tableName, outbox),
        ],
        () => new AlreadyDecided(),
      );
      return true;
    } catch (error) {
      if (error instanceof AlreadyDecided) return false;
      throw error;
    }
  }

  async saveFeedback(feedback: Feedback) {
    const match = await this.getMatch(feedback.matchId);
    // Two submissions at once: one may be cancelled as a conflict rather than fail its condition; it tries again and finds the answer.
    return optimistic(async () => {
      try {
        await this.write(
          [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.feedback(feedback.matchId, feedback.from), type: 'feedback', data: feedback },
                // One answer per person per match: a second submission of the form changes nothing.
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(match ? counterUpdates(this.tableName, feedbackContribution(feedback, match)) : []),
          ],
          () => new AlreadyAnswered(),
        );
        return true;
      } catch (error) {
        if (error instanceof AlreadyAnswered) return false;
        throw error;
      }
    }, () => new Conflict('The feedback could not be saved'));
  }

  async listFeedback(matchId: string) {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :fb)',
        ExpressionAttributeValues: { ':pk': keys.match(matchId).pk, ':fb': keys.feedbackPrefix },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []).map((item) => FeedbackItem.parse(item.data) as Feedback);
  }
}
