/**
 * The outbox with a failing or throttling SES, on DynamoDB Local and the SES
 * emulator: no email is lost, none is sent twice, a message that never goes
 * ends FAILED, and the stream consumer reports the records it could not handle.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendFromStream, sweepOutbox } from '../../functions/outbox/sender';
import { drainOutbox, OUTBOX_POLICY, sendOutboxMessage } from '../../shared/app/outbox';
import { buildDeps, emulatorClientConfig } from '../../shared/deps';
import type { Deps, Mailer, OutboxMessage, OutboxStore } from '../../shared/ports';
import { fixedClock, silentLogger } from '../fixtures/deps';
import { newTestTable, type TestTable } from '../support/dynamodb';
import { emulatorEndpoints } from '../support/endpoints';
import { countMail, proposeDirect, seedMentee, seedMentor, settle, acceptWith } from '../support/matching';
import { waitFor } from '../support/wait';

const MINUTE = 60_000;
let table: TestTable;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  table = await newTestTable();
  doc = DynamoDBDocumentClient.from(table.client);
});

afterAll(async () => {
  await table?.drop();
});

/** Deps on this file's table with a hand-moved clock; `sesEndpoint` defaults to the emulator. */
function depsWith(o: { sesEndpoint?: string } = {}) {
  const clock = fixedClock(new Date());
  const { dynamodb, ses } = emulatorEndpoints();
  const deps = buildDeps({
    tableName: table.tableName,
    dynamodb: new DynamoDBClient(emulatorClientConfig(dynamodb)),
    // One SDK attempt per send: the outbox does the retrying.
    ses: new SESClient({ ...emulatorClientConfig(o.sesEndpoint ?? ses), maxAttempts: 1 }),
    signingKey: Buffer.alloc(32, 5),
    baseUrl: 'http://localhost.test',
    mailFrom: 'mentor-match@localhost.test',
    logger: silentLogger,
    clock,
  });
  return { deps, clock };
}

/** SES answering "Rate exceeded" for the next `times` sends, then the real mailer. */
function throttling(mailer: Mailer, times: number): Mailer & { calls: number } {
  let left = times;
  const wrapped = {
    calls: 0,
    async send(email: Parameters<Mailer['send']>[0]) {
      wrapped.calls++;
      if (left-- > 0) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      return mailer.send(email);
    },
    ping: () => mailer.ping(),
  };
  return wrapped;
}

/** An OutboxStore that delegates to `store`, with some methods replaced. */
function outboxWith(store: OutboxStore, overrides: Partial<OutboxStore>): OutboxStore {
  return {
    dueOutbox: (...a) => store.dueOutbox(...a),
    claimOutbox: (...a) => store.claimOutbox(...a),
    markSent: (...a) => store.markSent(...a),
    markUnsent: (...a) => store.markUnsent(...a),
    discardUnsentMail: (...a) => store.discardUnsentMail(...a),
    ...overrides,
  };
}

/** The outbox items stored in a person's partition. */
async function outboxOf(ownerId: string): Promise<OutboxMessage[]> {
  const out = await doc.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :o)',
      ExpressionAttributeValues: { ':pk': `PROFILE#${ownerId}`, ':o': 'OUTBOX#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => i.data as OutboxMessage);
}

const streamRecord = (pk: string, sk: string, sequenceNumber: string): DynamoDBRecord => ({
  eventName: 'INSERT',
  dynamodb: { Keys: { pk: { S: pk }, sk: { S: sk } }, SequenceNumber: sequenceNumber },
});
const recordOf = (m: Pick<OutboxMessage, 'id' | 'ownerId'>, sequenceNumber: string) => streamRecord(`PROFILE#${m.ownerId}`, `OUTBOX#${m.id}`, sequenceNumber);

/** An accepted match: two introductions waiting in the outbox. */
async function acceptedMatch(deps: Deps) {
  const mentor = await seedMentor(deps);
  const mentee = await seedMentee(deps);
  const { acceptToken } = await proposeDirect(deps, mentee, mentor);
  await acceptWith(acceptToken, { rhythm: 'monthly', durationMonths: '6' }, deps);
  const [toMentee] = await outboxOf(mentee.id);
  const [toMentor] = await outboxOf(mentor.id);
  expect(toMentee?.status).toBe('PENDING');
  expect(toMentor?.status).toBe('PENDING');
  return { mentor, mentee, toMentee: toMentee!, toMentor: toMentor! };
}

describe('SES throttling', () => {
  it('loses no email: a throttled send waits with backoff and goes exactly once when SES accepts it', async () => {
    const { deps, clock } = depsWith();
    const { mentor, mentee, toMentee, toMentor } = await acceptedMatch(deps);
    const mailer = throttling(deps.mailer, 5);
    const sender = { ...deps, mailer };

    // The stream delivers both new messages; SES throttles: nothing is reported failed, both wait for a retry.
    const first = await sendFromStream({ Records: [recordOf(toMentee, '1'), recordOf(toMentor, '2')] }, sender);
    expect(first.batchItemFailures).toEqual([]);
    for (const id of [mentee.id, mentor.id]) {
      const [m] = await outboxOf(id);
      expect(m).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'ThrottlingException' });
      expect(Date.parse(m!.dueAt) - clock.now().getTime()).toBe(OUTBOX_POLICY.baseDelayMs);
    }

    // Not due yet: an immediate sweep leaves them alone.
    expect(await drainOutbox(sender)).toEqual({ sent: 0, retry: 0, failed: 0, suppressed: 0, skipped: 0 });

    let sent = 0;
    for (let round = 0; round < 6 && sent < 2; round++) {
      clock.advance(31 * MINUTE);
      sent += (await drainOutbox(sender)).sent;
    }
    expect(sent).toBe(2);
    expect(mailer.calls).toBe(7); // five throttled, two accepted
    await waitFor(async () => (await countMail(mentee.email)) === 1 && (await countMail(mentor.email)) === 1, { message: 'both introductions in the SES emulator' });

    // Later sweeps and a replayed stream record send nothing more.
    clock.advance(2 * OUTBOX_POLICY.leaseMs);
    expect((await drainOutbox(sender)).sent).toBe(0);
    expect((await sendFromStream({ Records: [recordOf(toMentee, '1')] }, sender)).batchItemFailures).toEqual([]);
    await settle(500);
    expect(await countMail(mentee.email)).toBe(1);
    expect(await countMail(mentor.email)).toBe(1);
    for (const id of [mentee.id, mentor.id]) expect((await outboxOf(id))[0]).toMatchObject({ status: 'SENT', messageId: expect.any(String) });
  });
});

describe('recording a send fails after SES accepted it', () => {
  it('retries only the record, so the email is still sent once', async () => {
    const { deps, clock } = depsWith();
    const { mentee, toMentee } = await acceptedMatch(deps);
    let markSentCalls = 0;
    const outbox = outboxWith(deps.outbox, {
      markSent: async (...a) => {
        if (markSentCalls++ === 0) throw Object.assign(new Error('Throughput exceeded'), { name: 'ProvisionedThroughputExceededException' });
        return deps.outbox.markSent(...a);
      },
    });
    const sender = { ...deps, outbox };

    expect(await sendOutboxMessage(toMentee, sender)).toBe('sent');
    expect(markSentCalls).toBe(2);
    await waitFor(async () => (await countMail(mentee.email)) >= 1, { message: 'the introduction in the SES emulator' });
    expect((await outboxOf(mentee.id))[0]).toMatchObject({ status: 'SENT', attempts: 1 });

    // Past the lease: a sweep (which sends the mentor's introduction, still waiting) and a replayed stream record resend nothing.
    clock.advance(2 * OUTBOX_POLICY.leaseMs);
    expect(await sweepOutbox(sender)).toMatchObject({ sent: 1, retry: 0, failed: 0 });
    expect(await sendOutboxMessage(toMentee, sender)).toBe('skipped');
    await settle(500);
    expect(await countMail(mentee.email)).toBe(1);
  });
});

describe('SES never answers', () => {
  it('a message that always fails ends FAILED after the last attempt, with no email sent and nothing left due', async () => {
    // Nothing listens on port 9: every send is a connection error.
    const { deps, clock } = depsWith({ sesEndpoint: 'http://127.0.0.1:9' });
    const { mentee, toMentee } = await acceptedMatch(deps);
    const outcomes: string[] = [];
    for (let attempt = 1; attempt <= OUTBOX_POLICY.maxAttempts; attempt++) {
      outcomes.push(await sendOutboxMessage(toMentee, deps));
      clock.advance(OUTBOX_POLICY.maxDelayMs + MINUTE);
    }
    expect(outcomes).toEqual([...Array<string>(OUTBOX_POLICY.maxAttempts - 1).fill('retry'), 'failed']);
    const [stored] = await outboxOf(mentee.id);
    expect(stored).toMatchObject({ status: 'FAILED', attempts: OUTBOX_POLICY.maxAttempts, lastError: expect.any(String) });
    // The body is kept for a person to look at (and resend); it is out of the due index.
    expect(stored!.email.to).toBe(mentee.email);
    expect((await deps.outbox.dueOutbox(clock.now(), 1000)).map((m) => m.id)).not.toContain(toMentee.id);
    expect(await sendOutboxMessage(toMentee, deps)).toBe('skipped');
    expect(await countMail(mentee.email)).toBe(0);
  });
});

describe('the stream consumer', () => {
  it('reports the SequenceNumber of a record whose handling threw (so Lambda retries it and, at the end, dead-letters it), and only that one', async () => {
    const { deps } = depsWith();
    const { mentee, mentor, toMentee, toMentor } = await acceptedMatch(deps);
    const outbox = outboxWith(deps.outbox, {
      claimOutbox: async (ref, ...rest) => {
        if (ref.id === toMentor.id) throw Object.assign(new Error('Internal server error'), { name: 'InternalServerError' });
        return deps.outbox.claimOutbox(ref, ...rest);
      },
    });
    const event: DynamoDBStreamEvent = {
      Records: [
        recordOf(toMentee, '1000'),
        recordOf(toMentor, '2000'),
        // Not an outbox item (a profile write): ignored, never reported.
        streamRecord(`PROFILE#${mentee.id}`, 'PROFILE', '3000'),
      ],
    };
    const result = await sendFromStream(event, { ...deps, outbox });
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '2000' }]);
    await waitFor(async () => (await countMail(mentee.email)) === 1, { message: 'the mentee’s introduction' });
    // The failed record's message is still waiting: the retry (here with a healthy store) sends it.
    expect((await outboxOf(mentor.id))[0]?.status).toBe('PENDING');
    expect((await sendFromStream({ Records: [recordOf(toMentor, '2000')] }, deps)).batchItemFailures).toEqual([]);
    await waitFor(async () => (await countMail(mentor.email)) === 1, { message: 'the mentor’s introduction' });
  });
});
