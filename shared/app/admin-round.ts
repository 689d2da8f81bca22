/**
 * A matching round run now by an admin, audited once it has run. Apart from
 * the other admin actions (./admin.ts) because it brings the matching engine:
 * the admin function loads this module only when an admin runs a round.
 */
import type { Deps } from '../ports';
import { type AuditActor, recordAdminAction } from './audit';
import { recordRoundMetrics } from './round-metrics';
import { runMatchingRound } from './rounds';

/** A round now, for an admin; undefined when another round holds the lease (nothing ran, nothing audited). */
export async function runRoundForAdmin(actor: AuditActor, deps: Deps) {
  const { record } = await runMatchingRound(deps, { trigger: 'admin' });
  if (!record) return undefined;
  recordRoundMetrics(record, deps.metrics);
  await recordAdminAction(deps, actor, 'round.run', { kind: 'round', id: record.id }, { proposed: record.proposed, mentees: record.mentees, mentors: record.mentors });
  return record;
}
