/**
 * The outbox sender. A state change and the emails it causes are written
 * together; this sends them. Claiming a message is a conditional write, so two
 * senders never send the same message; once SES has accepted a message we only
 * ever retry recording that, never the send. If a sender dies between SES's
 * acceptance and the record, or the record fails five times in a row (about
 * 1.5 s of DynamoDB errors), the claim runs out after 60 s and the message is
 * sent again: at-least-once at that one point, as with any outbox.
 */
import { UnsendableEmail } from '../domain/outbox';
import type { Deps, OutboxMessage } from '../ports';

export const OUTBOX_POLICY = {
  /** How long a claimed message is reserved for one sender. */
  leaseMs: 60_000,
  /** After this many failed sends a message is FAILED (and, in AWS, in the DLQ). */
  maxAttempts: 8,
  baseDelayMs: 15_000,
  maxDelayMs: 30 * 60_000,
};

/** `failed`: given up on (alarmed); `suppressed`: not sent, by design, to an address SES reported. */
export type SendOutcome = 'sent' | 'retry' | 'failed' | 'suppressed' | 'skipped';

export type SenderDeps = Pick<Deps, 'outbox' | 'suppressions' | 'mailer' | 'clock' | 'logger' | 'metrics'>;

/** Exponential backoff: 15 s, 30 s, 1 min, … capped at 30 min. */
export function retryDelayMs(attempts: number, policy = OUTBOX_POLICY): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

function errorCode(error: unknown): string {
  if (error instanceof Error) return (error as { name?: string }).name ?? 'Error';
  return 'UnknownError';
}

export async function sendOutboxMessage(
  ref: Pick<OutboxMessage, 'id' | 'ownerId'>,
  deps: SenderDeps,
  policy = OUTBOX_POLICY,
): Promise<SendOutcome> {
  const now = deps.clock.now();
  const message = await deps.outbox.claimOutbox(ref, now, new Date(now.getTime() + policy.leaseMs));
  if (!message) return 'skipped';
  // SES reported this address as bouncing or complaining (shared/app/suppression.ts): never send
  // until the person submits a profile again. Logged apart from 'Email not sent', which alarms.
  if (await deps.suppressions.isSuppressed(message.email.to)) {
    await deps.outbox.markUnsent(ref, 'Suppressed', undefined);
    deps.logger.info('Email suppressed', { outboxId: message.id, template: message.email.template });
    return 'suppressed';
  }
  let messageId: string;
  try {
    ({ messageId } = await deps.mailer.send(message.email));
  } catch (error) {
    const code = errorCode(error);
    // A message that can never be sent fails alone and at once, so it holds up nothing behind it.
    const giveUp = error instanceof UnsendableEmail || message.attempts >= policy.maxAttempts;
    const retryAt = giveUp ? undefined : new Date(now.getTime() + retryDelayMs(message.attempts, policy));
    await deps.outbox.markUnsent(ref, code, retryAt);
    deps.logger.warn('Email not sent', { outboxId: message.id, template: message.email.template, attempts: message.attempts, error: code, giveUp });
    return giveUp ? 'failed' : 'retry';
  }
  await recordSent(ref, messageId, deps);
  deps.logger.info('Email sent', { outboxId: message.id, template: message.email.template, attempts: message.attempts });
  return 'sent';
}

async function recordSent(ref: Pick<OutboxMessage, 'id' | 'ownerId'>, messageId: string, deps: Pick<Deps, 'outbox' | 'clock'>) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.outbox.markSent(ref, messageId, deps.clock.now());
    } catch (error) {
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}

/** Sends every message that is due; returns how each went. */
export async function drainOutbox(deps: SenderDeps, limit = 50) {
  const due = await deps.outbox.dueOutbox(deps.clock.now(), limit);
  const counts: Record<SendOutcome, number> = { sent: 0, retry: 0, failed: 0, suppressed: 0, skipped: 0 };
  for (const message of due) counts[await sendOutboxMessage(message, deps)]++;
  return counts;
}
