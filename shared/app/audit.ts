/**
 * Writing the admin audit log. Each admin use case calls `recordAdminAction`
 * straight after its change succeeds: the changes live in other stores'
 * transactions (an erasure is several writes, a round hundreds), so the
 * entry is its own write. An entry holds ids and non-personal details only.
 */
import type { AuditAction, AuditActor, AuditEntry, AuditTargetKind } from '../domain/audit';
import type { Deps } from '../ports';

export type { AuditActor };

export async function recordAdminAction(
  deps: Pick<Deps, 'audit' | 'ids' | 'clock'>,
  actor: AuditActor,
  action: AuditAction,
  target?: { kind: AuditTargetKind; id: string },
  details: AuditEntry['details'] = {},
): Promise<AuditEntry> {
  const entry: AuditEntry = { id: deps.ids.next(), at: deps.clock.now().toISOString(), action, actor, target, details };
  await deps.audit.record(entry);
  return entry;
}
