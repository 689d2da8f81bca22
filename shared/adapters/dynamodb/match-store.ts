/**
 * MatchStore on DynamoDB: the only code that writes match items, the match
 * references in each person's partition and feedback. Each lifecycle move is
 * one TransactWriteItems whose conditions are the invariants: a match changes
 * status only from the status the state machine allows, a mentee holds at
 * most one open match, and a mentor never has more accepted matches than
 * places. The last two live on the profile items (profile-store.ts), so the
 * transactions take those items from the profile store's builders and the
 * emails from the outbox store's.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { AlreadyDecided, CapacityReached, Conflict } from '../../domain/errors';
import { Match, MATCH_STATUSES, type Feedback, type MatchStatus } from '../../domain/match';
import type { OutboxMessage } from '../../domain/outbox';
import type { MatchStore } from '../../ports';
import { conditionFailed, documentClient, queryAll, transactWrite, type TransactItem } from './client';
import { keys } from './keys';
import { outboxPuts } from './outbox-store';
import { countProposal, freeMentorPlace, holdOpenMatch, readMatchingState, releaseMentee, settleProposal, takeMentorPlace } from './profile-store';

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

  async propose(match: Match, outbox: OutboxMessage[]) {
    const ref = (personId: string): TransactItem => ({
      Put: { TableName: this.tableName, Item: { ...keys.matchRef(personId, match.id), type: 'match-ref', matchId: match.id } },
    });
    await this.write(
      [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.match(match.id), ...keys.matchesByStatus(match.status), gsi1sk: keys.matchIndexSort(match.proposedAt, match.id), type: 'match', data: match },
            // Match ids are fresh UUIDs; a replayed proposal fails instead of resetting a match that has moved on.
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ref(match.menteeId),
        ref(match.mentorId),
        holdOpenMatch(this.tableName, match.menteeId, match.id),
        countProposal(this.tableName, match.mentorId),
        ...outboxPuts(this.tableName, outbox),
      ],
      () => new Conflict('The mentee or mentor changed since the round read them'),
    );
  }

  async accept(matchId: string, changes: Pick<Match, 'rhythm' | 'durationMonths' | 'decidedAt'>, outbox: OutboxMessage[]) {
    const match = await this.requireMatch(matchId);
    const next: Match = { ...match, ...changes, status: 'ACCEPTED' };
    await this.write(
      [this.matchUpdate(match, next, 'PROPOSED'), takeMentorPlace(this.tableName, match.mentorId), ...outboxPuts(this.tableName, outbox)],
      (failed) => (failed.includes(0) ? new AlreadyDecided() : failed.includes(1) ? new CapacityReached() : new Conflict('Accept failed')),
    );
  }

  async close(matchId: string, status: 'DECLINED' | 'EXPIRED', changes: Pick<Match, 'decidedAt' | 'declineReason' | 'withdrawnBy'>, outbox: OutboxMessage[]) {
    const match = await this.requireMatch(matchId);
    const next: Match = { ...match, ...changes, status };
    await this.write(
      [
        this.matchUpdate(match, next, 'PROPOSED'),
        releaseMentee(this.tableName, match.menteeId, match.id, match.mentorId),
        settleProposal(this.tableName, match.mentorId, status),
        ...outboxPuts(this.tableName, outbox),
      ],
      (failed) => (failed.includes(0) ? new AlreadyDecided() : new Conflict('The mentee or mentor changed')),
    );
    const mentor = await readMatchingState(this.doc, this.tableName, match.mentorId);
    return { expiriesInRow: mentor?.expiriesInRow ?? 0 };
  }

  async end(matchId: string, changes: Pick<Match, 'endedAt' | 'endedBy'>, outbox: OutboxMessage[]) {
    const match = await this.requireMatch(matchId);
    const next: Match = { ...match, ...changes, status: 'ENDED' };
    await this.write(
      [
        this.matchUpdate(match, next, 'ACCEPTED'),
        releaseMentee(this.tableName, match.menteeId, match.id, match.mentorId),
        freeMentorPlace(this.tableName, match.mentorId),
        ...outboxPuts(this.tableName, outbox),
      ],
      (failed) => (failed.includes(0) ? new AlreadyDecided() : new Conflict('The mentee or mentor changed')),
    );
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
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.feedback(feedback.matchId, feedback.from), type: 'feedback', data: feedback },
          // One answer per person per match: a second submission of the form changes nothing.
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
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
