/**
 * MatchStore on DynamoDB. Each lifecycle move is one TransactWriteItems whose
 * conditions are the invariants: a match changes status only from the status
 * the state machine allows, a mentee holds at most one open match, and a
 * mentor never has more accepted matches than places. The matching state
 * lives as top-level attributes on the profile item, beside `data`.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { AlreadyDecided, CapacityReached, Conflict } from '../../domain/errors';
import { Match, MATCH_STATUSES, type MatchStatus } from '../../domain/match';
import { StoredProfile, type Profile, type Role } from '../../domain/profile';
import { ROUND_TRIGGERS } from '../../domain/round';
import type { Clock, Feedback, MatchingState, MatchStore, OutboxMessage, ProfileWithState, RoundRecord } from '../../ports';
import { keys } from './keys';
import { conditionFailed, documentClient, queryAll, transactWrite, type TransactItem } from './client';
import { outboxPuts } from './store';

const RoundItem = z.object({
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  trigger: z.enum(ROUND_TRIGGERS),
  mentees: z.number(),
  mentors: z.number(),
  places: z.number(),
  proposed: z.number(),
  skipped: z.number(),
  totalScore: z.number(),
  durationMs: z.number(),
});

const FeedbackItem = z.object({
  matchId: z.string(),
  from: z.enum(['mentee', 'mentor']),
  at: z.string(),
  rating: z.number(),
  comment: z.string().optional(),
});

function stateOf(item: Record<string, unknown>): MatchingState {
  const set = item.excludedMentorIds;
  return {
    openMatchId: typeof item.openMatchId === 'string' ? item.openMatchId : undefined,
    excludedMentorIds: set instanceof Set ? [...(set as Set<string>)].sort() : [],
    acceptedCount: Number(item.acceptedCount ?? 0),
    proposedCount: Number(item.proposedCount ?? 0),
    expiriesInRow: Number(item.expiriesInRow ?? 0),
  };
}


const NAMES = { '#data': 'data', '#status': 'status' };

export class DynamoMatchStore implements MatchStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly clock: Clock,
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

  async listActive(role: Role): Promise<ProfileWithState[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.profilesByStatus(role, 'ACTIVE').gsi1pk },
    });
    return items.map((item) => ({ ...(StoredProfile.parse(item.data) as Profile), matching: stateOf(item) }));
  }

  async getProfileWithState(id: string) {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.profile(id), ConsistentRead: true }));
    if (!out.Item) return undefined;
    const expiresAt = out.Item.expiresAt;
    if (typeof expiresAt === 'number' && expiresAt * 1000 <= this.clock.now().getTime()) return undefined;
    return { ...(StoredProfile.parse(out.Item.data) as Profile), matching: stateOf(out.Item) };
  }

  async getMatch(id: string) {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: keys.match(id), ConsistentRead: true }));
    return out.Item ? Match.parse(out.Item.data) : undefined;
  }

  async discardUnsentMail(ownerId: string, matchId: string) {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :outbox)',
        FilterExpression: '#data.matchId = :match AND #data.#status = :pending',
        ExpressionAttributeNames: NAMES,
        ExpressionAttributeValues: { ':pk': keys.personPartition(ownerId), ':outbox': keys.outboxPrefix, ':match': matchId, ':pending': 'PENDING' },
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
      }),
    );
    let n = 0;
    for (const key of out.Items ?? []) {
      try {
        await this.doc.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: { pk: key.pk, sk: key.sk },
            // A sender that claimed it meanwhile has it in flight; too late to stop.
            ConditionExpression: '#data.#status = :pending',
            ExpressionAttributeNames: NAMES,
            ExpressionAttributeValues: { ':pending': 'PENDING' },
          }),
        );
        n++;
      } catch (error) {
        if (!conditionFailed(error)) throw error;
      }
    }
    return n;
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
    const ref = (personId: string) => ({
      Put: { TableName: this.tableName, Item: { ...keys.matchRef(personId, match.id), type: 'match-ref', matchId: match.id } },
    });
    await this.write(
      [
        {
          Put: {
            TableName: this.tableName,
            Item: { ...keys.match(match.id), ...keys.matchesByStatus(match.status), gsi1sk: keys.matchIndexSort(match.proposedAt, match.id), type: 'match', data: match },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ref(match.menteeId),
        ref(match.mentorId),
        {
          Update: {
            TableName: this.tableName,
            Key: keys.profile(match.menteeId),
            UpdateExpression: 'SET openMatchId = :id',
            // Two rounds at once: the second finds the mentee taken and proposes nothing.
            ConditionExpression: 'attribute_not_exists(openMatchId) AND #data.#status = :active',
            ExpressionAttributeNames: NAMES,
            ExpressionAttributeValues: { ':id': match.id, ':active': 'ACTIVE' },
          },
        },
        {
          Update: {
            TableName: this.tableName,
            Key: keys.profile(match.mentorId),
            UpdateExpression: 'ADD proposedCount :one',
            // A mentor paused or erased since the round read them gets no proposal.
            ConditionExpression: '#data.#status = :active',
            ExpressionAttributeNames: NAMES,
            ExpressionAttributeValues: { ':one': 1, ':active': 'ACTIVE' },
          },
        },
        ...outboxPuts(this.tableName, outbox),
      ],
      () => new Conflict('The mentee or mentor changed since the round read them'),
    );
  }

  async accept(matchId: string, changes: Pick<Match, 'rhythm' | 'durationMonths' | 'decidedAt'>, outbox: OutboxMessage[]) {
    const match = await this.requireMatch(matchId);
    const next: Match = { ...match, ...changes, status: 'ACCEPTED' };
    await this.write(
      [
        this.matchUpdate(match, next, 'PROPOSED'),
        {
          Update: {
            TableName: this.tableName,
            Key: keys.profile(match.mentorId),
            UpdateExpression: 'SET acceptedCount = if_not_exists(acceptedCount, :zero) + :one, expiriesInRow = :zero ADD proposedCount :minus',
            // Fifty accepts for a mentor with one free place race here: the place is
            // taken in the same transaction as the status change, so exactly one wins.
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(acceptedCount) OR acceptedCount < #data.#capacity)',
            ExpressionAttributeNames: { '#data': 'data', '#capacity': 'capacity' },
            ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':minus': -1 },
          },
        },
        ...outboxPuts(this.tableName, outbox),
      ],
      (failed) => (failed.includes(0) ? new AlreadyDecided() : failed.includes(1) ? new CapacityReached() : new Conflict('Accept failed')),
    );
  }

  async close(matchId: string, status: 'DECLINED' | 'EXPIRED', changes: Pick<Match, 'decidedAt' | 'declineReason'>, outbox: OutboxMessage[]) {
    const match = await this.requireMatch(matchId);
    const next: Match = { ...match, ...changes, status };
    await this.write(
      [
        this.matchUpdate(match, next, 'PROPOSED'),
        this.releaseMentee(match),
        {
          Update: {
            TableName: this.tableName,
            Key: keys.profile(match.mentorId),
            // An answer (decline) resets the run of expiries; an expiry extends it.
            UpdateExpression:
              status === 'EXPIRED'
                ? 'SET expiriesInRow = if_not_exists(expiriesInRow, :zero) + :one ADD proposedCount :minus'
                : 'SET expiriesInRow = :zero ADD proposedCount :minus',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':zero': 0, ':minus': -1, ...(status === 'EXPIRED' ? { ':one': 1 } : {}) },
          },
        },
        ...outboxPuts(this.tableName, outbox),
      ],
      (failed) => (failed.includes(0) ? new AlreadyDecided() : new Conflict('The mentee or mentor changed')),
    );
    const mentor = await this.getProfileWithState(match.mentorId);
    return { expiriesInRow: mentor?.matching.expiriesInRow ?? 0 };
  }

  /** The mentee leaves the match and returns to the pool; the pair is closed for good. */
  private releaseMentee(match: Match): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.profile(match.menteeId),
        UpdateExpression: 'REMOVE openMatchId ADD excludedMentorIds :mentor',
        ConditionExpression: 'openMatchId = :id',
        ExpressionAttributeValues: { ':mentor': new Set([match.mentorId]), ':id': match.id },
      },
    };
  }

  async end(matchId: string, changes: Pick<Match, 'endedAt' | 'endedBy'>, outbox: OutboxMessage[]) {
    const match = await this.requireMatch(matchId);
    const next: Match = { ...match, ...changes, status: 'ENDED' };
    await this.write(
      [
        this.matchUpdate(match, next, 'ACCEPTED'),
        this.releaseMentee(match),
        {
          Update: {
            TableName: this.tableName,
            Key: keys.profile(match.mentorId),
            UpdateExpression: 'ADD acceptedCount :minus',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':minus': -1 },
          },
        },
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

  async setPaused(profileId: string, paused: boolean, at: string, outbox: OutboxMessage[]) {
    const current = await this.getProfileWithState(profileId);
    const from = paused ? 'ACTIVE' : 'PAUSED';
    if (!current || current.status !== from) throw new Conflict(paused ? 'Only an active profile can be paused' : 'Only a paused profile can be resumed');
    const { matching: _state, ...profile } = current;
    const next: Profile = { ...profile, status: paused ? 'PAUSED' : 'ACTIVE', updatedAt: at };
    await this.write(
      [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.profile(profileId),
            UpdateExpression: paused ? 'SET #data = :next, gsi1pk = :gsi1pk' : 'SET #data = :next, gsi1pk = :gsi1pk, expiriesInRow = :zero',
            ConditionExpression: '#data.#status = :from',
            ExpressionAttributeNames: NAMES,
            ExpressionAttributeValues: {
              ':next': next,
              ':gsi1pk': keys.profilesByStatus(next.role, next.status).gsi1pk,
              ':from': from,
              ...(paused ? {} : { ':zero': 0 }),
            },
          },
        },
        ...outboxPuts(this.tableName, outbox),
      ],
      () => new Conflict('The profile changed'),
    );
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

  async acquireRoundLock(owner: string, now: Date, until: Date) {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.roundLock(), type: 'lock', owner, until: until.getTime() },
          // A round still running holds the lease; a crashed one's lease runs out.
          ConditionExpression: 'attribute_not_exists(pk) OR #until < :now',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':now': now.getTime() },
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  }

  async releaseRoundLock(owner: string) {
    await this.doc
      .send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.roundLock(),
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': owner },
        }),
      )
      .catch((error) => {
        if (!conditionFailed(error)) throw error;
      });
  }

  async saveRound(round: RoundRecord) {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.round(round.id), ...keys.roundsIndex(round.startedAt, round.id), type: 'round', data: round },
      }),
    );
  }

  async listRounds(limit: number) {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.ROUNDS },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => RoundItem.parse(item.data) as RoundRecord);
  }
}
