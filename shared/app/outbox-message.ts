import type { Deps, OutboxMessage, OutgoingEmail } from '../ports';

/** A new outbox message, due now, to be written in the same transaction as the change that causes it. */
export function newOutboxMessage(deps: Pick<Deps, 'ids' | 'clock'>, email: OutgoingEmail, ownerId?: string, matchId?: string): OutboxMessage {
  const now = deps.clock.now().toISOString();
  return { id: deps.ids.next(), ownerId, matchId, email, status: 'PENDING', attempts: 0, createdAt: now, dueAt: now };
}
