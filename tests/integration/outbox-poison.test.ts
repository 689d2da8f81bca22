/**
 * A message that can never be sent fails alone: on DynamoDB Local and the SES
 * emulator, a verification email holding a lone UTF-16 surrogate (text that
 * got in before the edge refused it) ends FAILED on its first try, and the
 * ordinary email behind it is delivered in the same sender cycle.
 */
import { randomBytes } from 'node:crypto';
import { QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitProfile } from '../../shared/app/intake';
import { drainOutbox } from '../../shared/app/outbox';
import { parseProfileSubmission } from '../../shared/domain/profile';
import { keys } from '../../shared/adapters/dynamodb/keys';
import { buildDeps, emulatorClientConfig } from '../../shared/deps';
import type { Deps } from '../../shared/ports';
import { validMentee } from '../fixtures/deps';
import { newTestTable, type TestTable } from '../support/dynamodb';
import { emulatorEndpoints } from '../support/endpoints';
import { listMail, uniqueAddress, waitForMail } from '../support/mail';

const logged: { message: string; extra?: Record<string, unknown> }[] = [];
const logger = {
  info() {},
  warn: (message: string, extra?: Record<string, unknown>) => void logged.push({ message, extra }),
  error() {},
};
let table: TestTable;
let deps: Deps;

beforeAll(async () => {
  table = await newTestTable();
  const { ses } = emulatorEndpoints();
  deps = buildDeps({
    tableName: table.tableName,
    dynamodb: table.client,
    ses: new SESClient(emulatorClientConfig(ses)),
    signingKey: randomBytes(32),
    baseUrl: 'https://mentor-match.test',
    mailFrom: 'mentor-match@localhost.test',
    logger,
  });
});

afterAll(async () => {
  await table?.drop();
});

describe('a poison message in the outbox', () => {
  it('ends FAILED alone on its first try, and the ordinary message after it is sent in the same cycle', async () => {
    const poisonTo = uniqueAddress('poison');
    const ordinaryTo = uniqueAddress('ordinary');
    // The edge refuses such text (400) and so does every read of a stored profile, so the poison is put
    // straight into a queued email's body, as a message queued before those rules would hold it.
    const { id } = await submitProfile(parseProfileSubmission(validMentee({ email: poisonTo })), deps);
    const { Items = [] } = await table.client.send(
      new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: keys.profile(id).pk } } }),
    );
    const queued = Items.find((i) => i.type?.S === 'outbox');
    expect(queued, 'the verification email queued for the poison address').toBeDefined();
    await table.client.send(
      new UpdateItemCommand({
        TableName: table.tableName,
        Key: { pk: queued!.pk!, sk: queued!.sk! },
        UpdateExpression: 'SET #data.#email.#text = :text',
        ExpressionAttributeNames: { '#data': 'data', '#email': 'email', '#text': 'text' },
        ExpressionAttributeValues: { ':text': { S: 'Hello P\ud800,' } },
      }),
    );
    await submitProfile(parseProfileSubmission(validMentee({ email: ordinaryTo })), deps);

    const counts = await drainOutbox(deps);
    expect(counts).toMatchObject({ sent: 1, failed: 1, retry: 0 });

    const mail = await waitForMail({ to: ordinaryTo, subject: /Confirm your email/ });
    expect(mail.body.text).toContain('/confirm-email?t=');
    expect(await listMail({ to: poisonTo })).toEqual([]);
    // Logged as given up, which is what the FAILED-email alarm counts.
    expect(logged).toContainEqual({
      message: 'Email not sent',
      extra: expect.objectContaining({ error: 'UnsendableEmail', giveUp: true, attempts: 1 }),
    });
    // Nothing is left due: the poison message is not retried.
    expect(await drainOutbox(deps)).toMatchObject({ sent: 0, retry: 0, failed: 0 });
  });
});
