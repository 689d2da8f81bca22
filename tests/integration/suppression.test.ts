/**
 * Bounces and complaints on DynamoDB Local and the SES emulator: the SNS
 * subscriber's Lambda entry (wired from env vars as in AWS) suppresses the
 * address and pauses its profiles, and the outbox sender then never hands
 * mail for that address to SES until the person submits a profile again.
 */
import { randomBytes } from 'node:crypto';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/keys';
import { eraseProfile } from '../../shared/app/erasure';
import { confirmEmail } from '../../shared/app/intake';
import { drainOutbox } from '../../shared/app/outbox';
import { ENV } from '../../shared/config/env';
import { buildDeps, emulatorClientConfig } from '../../shared/deps';
import type { Deps } from '../../shared/ports';
import { submitBody } from '../fixtures/deps';
import { newTestTable, type TestTable } from '../support/dynamodb';
import { emulatorEndpoints } from '../support/endpoints';
import { listMail, uniqueAddress, waitForMail } from '../support/mail';

const silent = { info() {}, warn() {}, error() {} };
const BASE_URL = 'https://mentor-match.test';
const MAIL_FROM = 'mentor-match@localhost.test';
const signingKey = randomBytes(32);
let table: TestTable;
let deps: Deps;
let handler: (event: SNSEvent) => Promise<unknown>;
const savedEnv = { ...process.env };

beforeAll(async () => {
  table = await newTestTable();
  const { dynamodb, ses } = emulatorEndpoints();
  deps = buildDeps({
    tableName: table.tableName,
    dynamodb: table.client,
    ses: new SESClient(emulatorClientConfig(ses)),
    signingKey,
    baseUrl: BASE_URL,
    mailFrom: MAIL_FROM,
    logger: silent,
  });
  // The subscriber as Lambda runs it: its deps come from the env vars CDK sets (table:write only).
  Object.assign(process.env, {
    [ENV.TABLE_NAME]: table.tableName,
    [ENV.DYNAMODB_ENDPOINT]: dynamodb,
    [ENV.SES_ENDPOINT]: ses,
    [ENV.BASE_URL]: BASE_URL,
    [ENV.MAIL_FROM]: MAIL_FROM,
    // The bad-message test's error line is asserted in the unit tests; keep this run's output clean.
    [ENV.LOG_LEVEL]: 'SILENT',
  });
  ({ handler } = await import('../../functions/ses-events.lambda'));
});

afterAll(async () => {
  process.env = savedEnv;
  await table?.drop();
});

function person(role: 'mentee' | 'mentor', email: string) {
  const common = { name: 'Sam Jones', email, jobTitle: 'Digital lead', format: 'remote', consent: true };
  return role === 'mentee'
    ? { ...common, role, councilCode: 'E08000003', seniority: 'team-lead', skills: ['data-strategy'], goals: 'Lead a service.' }
    : { ...common, role, councilCode: 'S12000033', seniority: 'director', skills: ['data-strategy'], capacity: 2, experience: 'Led a data platform.' };
}

/** Submits and confirms, as the person would by clicking the link in the verification email. */
async function activeProfile(role: 'mentee' | 'mentor', email: string): Promise<string> {
  const { id } = await submitBody(person(role, email), deps);
  await confirmEmail(deps.signer.sign('confirm-email', id, new Date(Date.now() + 86_400_000)), deps);
  return id;
}

/** A permanent bounce as the configuration set's event destination publishes it, wrapped by SNS. */
function bounceEvent(email: string): SNSEvent {
  const message = {
    eventType: 'Bounce',
    bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: email }] },
    mail: { messageId: 'ses-message', destination: [email] },
  };
  return { Records: [{ Sns: { MessageId: randomBytes(8).toString('hex'), Message: JSON.stringify(message) } }] } as unknown as SNSEvent;
}

describe('a permanent bounce', () => {
  it('pauses both profiles, and the next email to the address ends FAILED without reaching SES', async () => {
    const email = uniqueAddress('bounce');
    const menteeId = await activeProfile('mentee', email);
    const mentorId = await activeProfile('mentor', email);
    await drainOutbox(deps);
    await waitForMail({ to: email, count: 2 });

    await handler(bounceEvent(email.toUpperCase()));
    expect((await deps.profiles.getProfile(menteeId))?.status).toBe('PAUSED');
    expect((await deps.profiles.getProfile(mentorId))?.status).toBe('PAUSED');
    expect(await deps.suppressions.isSuppressed(email)).toBe(true);

    // Erasing the mentee profile queues an "erased" confirmation to the address.
    await eraseProfile(deps.signer.sign('erase', menteeId, new Date(Date.now() + 86_400_000)), deps);
    expect(await drainOutbox(deps)).toMatchObject({ sent: 0, failed: 0, suppressed: 1 });
    expect(await drainOutbox(deps)).toEqual({ sent: 0, retry: 0, failed: 0, suppressed: 0, skipped: 0 });
    // Nothing beyond the two verification emails reached the emulator.
    expect(await listMail({ to: email })).toHaveLength(2);
  });

  it('stores the suppression under a hash of the address, never the address itself', async () => {
    const email = uniqueAddress('hashed');
    await handler(bounceEvent(email));
    const { Item } = await table.client.send(new GetItemCommand({ TableName: table.tableName, Key: { pk: { S: keys.suppression(email).pk }, sk: { S: 'SUPPRESSED' } } }));
    expect(Item?.type?.S).toBe('suppression');
    expect(JSON.stringify(Item).toLowerCase()).not.toContain(email.split('@')[0]);
  });

  it('is lifted when the person submits a profile again: that verification email is delivered', async () => {
    const email = uniqueAddress('resubmit');
    await handler(bounceEvent(email));
    await submitBody(person('mentee', email), deps);
    expect(await deps.suppressions.isSuppressed(email)).toBe(false);
    expect(await drainOutbox(deps)).toMatchObject({ sent: 1, failed: 0 });
    await waitForMail({ to: email, subject: /Confirm your email/ });
  });

  it('fails the invocation for a message it cannot read, so Lambda retries it and then parks it in the DLQ', async () => {
    const event = { Records: [{ Sns: { MessageId: 'bad', Message: '{"eventType":"Bounce"}' } }] } as unknown as SNSEvent;
    await expect(handler(event)).rejects.toThrow(/1 of 1 SES notifications not handled/);
  });
});
