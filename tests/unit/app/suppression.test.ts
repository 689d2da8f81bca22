import type { SNSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handleSesEvents } from '../../../functions/outbox/ses-events';
import type { MemoryOutboxStore } from '../../../shared/adapters/memory/outbox-store';
import { confirmEmail } from '../../../shared/app/intake';
import { drainOutbox } from '../../../shared/app/outbox';
import { handleSesNotification } from '../../../functions/outbox/ses-events';
import { ValidationFailed } from '../../../shared/domain/errors';
import type { Logger } from '../../../shared/ports';
import { memoryDeps, tokenFrom, validMentee, validMentor, submitBody } from '../../fixtures/deps';

const EMAIL = 'sam.jones@leeds.gov.uk';

function lastEmail(outbox: MemoryOutboxStore, template: string) {
  const message = outbox.allOutbox().filter((m) => m.email.template === template).at(-1);
  expect(message, `a queued ${template} email`).toBeDefined();
  return message!;
}

/** One person who is both an ACTIVE mentee and an ACTIVE mentor under the same address. */
async function activeInBothRoles() {
  const t = memoryDeps();
  const ids: Record<'mentee' | 'mentor', string> = { mentee: '', mentor: '' };
  for (const body of [validMentee({ email: EMAIL }), validMentor({ email: EMAIL })]) {
    const { id } = await submitBody(body, t.deps);
    await confirmEmail(tokenFrom(lastEmail(t.outbox, 'verify-email').email, 'confirm-email'), t.deps);
    ids[body.role as 'mentee' | 'mentor'] = id;
  }
  // The verification emails are sent before anything bounces.
  await drainOutbox(t.deps);
  const statusOf = async (role: 'mentee' | 'mentor') => (await t.deps.profiles.getProfile(ids[role]))?.status;
  return { ...t, ids, statusOf };
}

/** An SES event-publishing record (configuration set → SNS), as the topic delivers it. */
const bounce = (bounceType: string, address = EMAIL) => ({
  eventType: 'Bounce',
  bounce: { bounceType, bounceSubType: 'General', bouncedRecipients: [{ emailAddress: address, status: '5.1.1' }], timestamp: '2030-01-15T09:00:00.000Z' },
  mail: { messageId: 'ses-1', destination: [address] },
});

const complaint = (feedbackType?: string) => ({
  notificationType: 'Complaint',
  complaint: { complainedRecipients: [{ emailAddress: EMAIL }], complaintFeedbackType: feedbackType },
  mail: { messageId: 'ses-1' },
});

describe('handleSesNotification', () => {
  it('suppresses a permanently bounced address and pauses the mentee and mentor profiles holding it', async () => {
    const { deps, suppressions, statusOf } = await activeInBothRoles();
    const outcome = await handleSesNotification(bounce('Permanent', 'Sam.Jones@Leeds.gov.uk'), deps);
    expect(outcome).toEqual({ type: 'Bounce', suppressed: 1, paused: 2 });
    expect(suppressions.get(EMAIL)).toEqual({ reason: 'bounce', at: '2030-01-15T09:00:00.000Z' });
    expect(await statusOf('mentee')).toBe('PAUSED');
    expect(await statusOf('mentor')).toBe('PAUSED');
  });

  it('neither suppresses nor pauses on a transient or undetermined bounce (a full mailbox may deliver next time)', async () => {
    const { deps, suppressions, statusOf } = await activeInBothRoles();
    for (const type of ['Transient', 'Undetermined']) {
      expect(await handleSesNotification(bounce(type), deps)).toEqual({ type: 'Bounce', suppressed: 0, paused: 0 });
    }
    expect(await suppressions.isSuppressed(EMAIL)).toBe(false);
    expect(await statusOf('mentee')).toBe('ACTIVE');
  });

  it('suppresses and pauses on a complaint, in the identity-notification format too', async () => {
    const { deps, suppressions, statusOf } = await activeInBothRoles();
    expect(await handleSesNotification(complaint('abuse'), deps)).toEqual({ type: 'Complaint', suppressed: 1, paused: 2 });
    expect(suppressions.get(EMAIL)?.reason).toBe('complaint');
    expect(await statusOf('mentor')).toBe('PAUSED');
  });

  it('ignores a "not-spam" report, which takes a complaint back', async () => {
    const { deps, suppressions } = await activeInBothRoles();
    expect(await handleSesNotification(complaint('not-spam'), deps)).toMatchObject({ suppressed: 0 });
    expect(await suppressions.isSuppressed(EMAIL)).toBe(false);
  });

  it('is safe to receive twice (SNS delivers at least once) and leaves an already paused profile alone', async () => {
    const { deps, statusOf } = await activeInBothRoles();
    await handleSesNotification(bounce('Permanent'), deps);
    expect(await handleSesNotification(bounce('Permanent'), deps)).toEqual({ type: 'Bounce', suppressed: 1, paused: 0 });
    expect(await statusOf('mentee')).toBe('PAUSED');
  });

  it('suppresses an address with no profile (a pending or erased person) without failing', async () => {
    const { deps, suppressions } = memoryDeps();
    expect(await handleSesNotification(bounce('Permanent', 'nobody@example.gov.uk'), deps)).toEqual({ type: 'Bounce', suppressed: 1, paused: 0 });
    expect(await suppressions.isSuppressed('nobody@example.gov.uk')).toBe(true);
  });

  it('ignores other event types and rejects a bounce without recipients or a message without a type', async () => {
    const { deps } = memoryDeps();
    expect(await handleSesNotification({ eventType: 'Delivery', delivery: {} }, deps)).toEqual({ type: 'Delivery', suppressed: 0, paused: 0 });
    await expect(handleSesNotification({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [] } }, deps)).rejects.toBeInstanceOf(ValidationFailed);
    await expect(handleSesNotification({ bounce: {} }, deps)).rejects.toBeInstanceOf(ValidationFailed);
    await expect(handleSesNotification('not an object', deps)).rejects.toBeInstanceOf(ValidationFailed);
  });
});

describe('the outbox and a suppressed address', () => {
  it("marks a suppressed recipient's message FAILED 'Suppressed' and never calls the mailer", async () => {
    const { deps, outbox, mailer } = await activeInBothRoles();
    await handleSesNotification(bounce('Permanent'), deps);
    const callsBefore = mailer.calls;
    // Any mail to the address, e.g. the confirmation of a profile change.
    await submitBody(validMentee({ email: EMAIL, goals: 'New goals.' }), deps);
    await handleSesNotification(bounce('Permanent'), deps); // bounced again before the sender ran
    expect(await drainOutbox(deps)).toMatchObject({ sent: 0, failed: 0, suppressed: 1 });
    expect(mailer.calls).toBe(callsBefore);
    expect(lastEmail(outbox, 'confirm-update')).toMatchObject({ status: 'FAILED', lastError: 'Suppressed' });
  });

  it('lifts the suppression when the person submits a profile again, so that email is sent', async () => {
    const { deps, outbox, mailer, suppressions } = await activeInBothRoles();
    await handleSesNotification(complaint('abuse'), deps);
    await submitBody(validMentor({ email: EMAIL.toUpperCase() }), deps);
    expect(await suppressions.isSuppressed(EMAIL)).toBe(false);
    expect(await drainOutbox(deps)).toMatchObject({ sent: 1, failed: 0 });
    expect(mailer.sent.at(-1)).toMatchObject({ to: EMAIL, template: 'confirm-update' });
    expect(lastEmail(outbox, 'confirm-update').status).toBe('SENT');
  });
});

describe('handleSesEvents (the SNS subscriber)', () => {
  const snsEvent = (...messages: string[]): SNSEvent =>
    ({ Records: messages.map((Message, i) => ({ Sns: { MessageId: `sns-${i}`, Message } })) }) as unknown as SNSEvent;

  function capturingLogger() {
    const lines: string[] = [];
    const log = (message: string, extra?: Record<string, unknown>) => void lines.push(JSON.stringify({ message, ...extra }));
    const logger: Logger = { info: log, warn: log, error: log };
    return { logger, lines };
  }

  it('handles each record and fails the invocation for a bad one, logging codes but never the address', async () => {
    const { deps, suppressions } = memoryDeps();
    const { logger, lines } = capturingLogger();
    const bad = JSON.stringify({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 12 }] }, mail: { destination: [EMAIL] } });
    await expect(handleSesEvents(snsEvent('{not json', bad, JSON.stringify(bounce('Permanent'))), { ...deps, logger })).rejects.toThrow(
      /2 of 3 SES notifications not handled/,
    );
    // The good record was still handled.
    expect(await suppressions.isSuppressed(EMAIL)).toBe(true);
    const errors = lines.filter((l) => l.includes('not handled'));
    expect(errors).toEqual([
      expect.stringContaining('"error":"SyntaxError"'),
      expect.stringContaining('"error":"ValidationFailed"'),
    ]);
    expect(lines.join('\n')).not.toMatch(/leeds\.gov\.uk/i);
  });

  it('returns each outcome when every record is handled', async () => {
    const { deps } = memoryDeps();
    expect(await handleSesEvents(snsEvent(JSON.stringify(complaint('abuse'))), deps)).toEqual([{ type: 'Complaint', suppressed: 1, paused: 0 }]);
  });
});
