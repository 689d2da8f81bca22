import { describe, expect, it } from 'vitest';
import { drainOutbox, OUTBOX_POLICY, retryDelayMs, sendOutboxMessage } from '../../../shared/app/outbox';
import type { MemoryOutboxStore } from '../../../shared/adapters/memory/outbox-store';
import type { Logger } from '../../../shared/ports';
import { memoryDeps, validMentee, submitBody } from '../../fixtures/deps';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** A deps set with one queued verification email; returns its outbox ref. */
async function oneQueuedEmail() {
  const t = memoryDeps();
  await submitBody(validMentee(), t.deps);
  const [message] = t.outbox.allOutbox();
  return { ...t, ref: { id: message!.id, ownerId: message!.ownerId } };
}

const only = (outbox: MemoryOutboxStore) => {
  const all = outbox.allOutbox();
  expect(all).toHaveLength(1);
  return all[0]!;
};

describe('retryDelayMs', () => {
  it('doubles from 15 s with each attempt', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n))).toEqual([15 * SECOND, 30 * SECOND, MINUTE, 2 * MINUTE, 4 * MINUTE]);
  });

  it('is capped at 30 minutes however many attempts there were', () => {
    expect(retryDelayMs(8)).toBe(30 * MINUTE);
    expect(retryDelayMs(50)).toBe(30 * MINUTE);
    expect(retryDelayMs(2000)).toBe(30 * MINUTE); // 2 ** 1999 is Infinity: still the cap
  });

  it('treats zero attempts like the first', () => {
    expect(retryDelayMs(0)).toBe(15 * SECOND);
  });
});

describe('sending an outbox message', () => {
  it('sends a due message once and records the mail service’s id', async () => {
    const { deps, outbox, mailer, clock, ref } = await oneQueuedEmail();
    clock.advance(SECOND);
    expect(await sendOutboxMessage(ref, deps)).toBe('sent');
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]).toMatchObject({ to: 'priya.shah@manchester.gov.uk', template: 'verify-email' });
    expect(only(outbox)).toMatchObject({ status: 'SENT', attempts: 1, messageId: 'ses-1', sentAt: '2030-01-15T09:00:01.000Z' });
  });

  it('drops the body (to, subject, html, text) once sent, keeping only the template name', async () => {
    const { deps, outbox, ref } = await oneQueuedEmail();
    await sendOutboxMessage(ref, deps);
    expect(only(outbox).email).toEqual({ to: '', subject: '', html: '', text: '', template: 'verify-email' });
  });

  it('skips a message that was already sent (a duplicate stream record sends nothing)', async () => {
    const { deps, mailer, ref } = await oneQueuedEmail();
    await sendOutboxMessage(ref, deps);
    expect(await sendOutboxMessage(ref, deps)).toBe('skipped');
    expect(mailer.calls).toBe(1);
  });

  it('lets only one of two concurrent senders send', async () => {
    const { deps, mailer, ref } = await oneQueuedEmail();
    const outcomes = await Promise.all([sendOutboxMessage(ref, deps), sendOutboxMessage(ref, deps)]);
    expect(outcomes.sort()).toEqual(['sent', 'skipped']);
    expect(mailer.calls).toBe(1);
  });

  it('retries recording the send, never the send itself, when the store write fails', async () => {
    const { deps, outbox, mailer, ref } = await oneQueuedEmail();
    let failures = 1;
    const flaky = Object.create(outbox) as MemoryOutboxStore;
    flaky.markSent = async (...args) => {
      if (failures-- > 0) throw new Error('throttled');
      return outbox.markSent(...args);
    };
    expect(await sendOutboxMessage(ref, { ...deps, outbox: flaky })).toBe('sent');
    expect(mailer.calls).toBe(1);
    expect(only(outbox).status).toBe('SENT');
  });

  it('logs ids and template names only, never the address or the body', async () => {
    const { deps, mailer, clock, ref } = await oneQueuedEmail();
    const lines: unknown[] = [];
    const logger: Logger = { info: (...a) => lines.push(a), warn: (...a) => lines.push(a), error: (...a) => lines.push(a) };
    mailer.failNext(1);
    await sendOutboxMessage(ref, { ...deps, logger });
    clock.advance(OUTBOX_POLICY.maxDelayMs);
    await sendOutboxMessage(ref, { ...deps, logger });
    expect(lines).toHaveLength(2);
    expect(JSON.stringify(lines)).not.toMatch(/priya|Priya|manchester|Confirm your/i);
  });
});

describe('claiming', () => {
  it('gives a message to the first claim only; a second claim in the lease gets nothing', async () => {
    const { outbox, clock, ref } = await oneQueuedEmail();
    const now = clock.now();
    const lease = new Date(now.getTime() + OUTBOX_POLICY.leaseMs);
    expect(await outbox.claimOutbox(ref, now, lease)).toMatchObject({ id: ref.id, status: 'SENDING', attempts: 1 });
    expect(await outbox.claimOutbox(ref, now, lease)).toBeUndefined();
    expect(await outbox.dueOutbox(now, 10)).toEqual([]);
  });

  it('makes a message claimable again when a sender dies holding it (the lease runs out)', async () => {
    const { deps, outbox, mailer, clock, ref } = await oneQueuedEmail();
    await outbox.claimOutbox(ref, clock.now(), new Date(clock.now().getTime() + OUTBOX_POLICY.leaseMs));
    expect(await drainOutbox(deps)).toEqual({ sent: 0, retry: 0, failed: 0, suppressed: 0, skipped: 0 });
    clock.advance(OUTBOX_POLICY.leaseMs);
    expect(await drainOutbox(deps)).toMatchObject({ sent: 1 });
    expect(mailer.sent).toHaveLength(1);
    expect(only(outbox).attempts).toBe(2);
  });
});

describe('a mail service that fails for a while', () => {
  it('sends the message exactly once after N failures, counting every attempt and backing off exponentially', async () => {
    const { deps, outbox, mailer, clock } = await oneQueuedEmail();
    mailer.failNext(3);
    const start = clock.now().getTime();
    const delays: number[] = [];

    expect(await drainOutbox(deps)).toMatchObject({ retry: 1 });
    for (let i = 0; i < 3; i++) {
      const message = only(outbox);
      delays.push(Date.parse(message.dueAt) - clock.now().getTime());
      // Not due a moment early…
      clock.set(new Date(Date.parse(message.dueAt) - 1));
      expect(await drainOutbox(deps)).toEqual({ sent: 0, retry: 0, failed: 0, suppressed: 0, skipped: 0 });
      // …and tried again once due.
      clock.advance(1);
      await drainOutbox(deps);
    }

    expect(delays).toEqual([15 * SECOND, 30 * SECOND, MINUTE]);
    expect(clock.now().getTime() - start).toBe(105 * SECOND);
    expect(mailer.calls).toBe(4);
    expect(mailer.sent).toHaveLength(1);
    expect(only(outbox)).toMatchObject({ status: 'SENT', attempts: 4, lastError: 'Error' });

    clock.advance(24 * 60 * MINUTE);
    await drainOutbox(deps);
    expect(mailer.sent).toHaveLength(1);
  });
});

describe('a mail service that always fails', () => {
  it('marks the message FAILED after maxAttempts sends and stops trying', async () => {
    const { deps, outbox, mailer, clock } = await oneQueuedEmail();
    const error = new Error('Daily message quota exceeded for priya.shah@manchester.gov.uk');
    error.name = 'Throttling';
    mailer.failNext(Infinity, error);
    const outcomes: string[] = [];
    const delays: number[] = [];
    for (let i = 0; i < OUTBOX_POLICY.maxAttempts + 3; i++) {
      const counts = await drainOutbox(deps);
      outcomes.push(...(Object.keys(counts) as (keyof typeof counts)[]).filter((k) => counts[k] > 0));
      const message = only(outbox);
      if (message.status === 'PENDING') delays.push(Date.parse(message.dueAt) - clock.now().getTime());
      clock.set(new Date(Math.max(Date.parse(message.dueAt), clock.now().getTime()) + 30 * MINUTE));
    }

    expect(mailer.calls).toBe(OUTBOX_POLICY.maxAttempts);
    expect(outcomes).toEqual([...Array(OUTBOX_POLICY.maxAttempts - 1).fill('retry'), 'failed']);
    expect(delays).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n)));
    // The error's name is kept, not its message (which may hold an address).
    expect(only(outbox)).toMatchObject({ status: 'FAILED', attempts: OUTBOX_POLICY.maxAttempts, lastError: 'Throttling' });
    expect(await outbox.dueOutbox(clock.now(), 10)).toEqual([]);
  });
});

describe('a custom retry policy', () => {
  it('schedules retries no further apart than maxDelayMs', async () => {
    const { deps, outbox, mailer, clock, ref } = await oneQueuedEmail();
    const policy = { leaseMs: SECOND, maxAttempts: 6, baseDelayMs: SECOND, maxDelayMs: 5 * SECOND };
    mailer.failNext(Infinity);
    const delays: number[] = [];
    let outcome = '';
    while (outcome !== 'failed') {
      outcome = await sendOutboxMessage(ref, deps, policy);
      const message = only(outbox);
      if (outcome === 'retry') delays.push(Date.parse(message.dueAt) - clock.now().getTime());
      clock.set(new Date(message.dueAt));
    }
    expect(delays).toEqual([1, 2, 4, 5, 5].map((s) => s * SECOND));
    expect(mailer.calls).toBe(6);
  });
});

describe('drainOutbox', () => {
  it('sends every due message and counts outcomes', async () => {
    const { deps, mailer } = memoryDeps();
    await submitBody(validMentee(), deps);
    await submitBody(validMentee({ email: 'second@leeds.gov.uk' }), deps);
    await submitBody(validMentee({ email: 'third@leeds.gov.uk' }), deps);
    mailer.failNext(1);
    expect(await drainOutbox(deps)).toEqual({ sent: 2, retry: 1, failed: 0, suppressed: 0, skipped: 0 });
  });

  it('takes no more than the limit in one pass', async () => {
    const { deps, mailer } = memoryDeps();
    for (const n of [1, 2, 3]) await submitBody(validMentee({ email: `p${n}@leeds.gov.uk` }), deps);
    expect(await drainOutbox(deps, 2)).toMatchObject({ sent: 2 });
    expect(mailer.sent).toHaveLength(2);
  });
});
