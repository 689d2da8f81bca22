/**
 * The matching weights admins can change. Stored as the engine validates
 * them; absent, rounds use the documented defaults (shared/matching/weights.ts).
 */
import { DEFAULT_WEIGHTS, parseWeights, type Weights, type WeightsInput } from '../matching/weights';
import type { Deps } from '../ports';
import { type AuditActor, recordAdminAction } from './audit';

export interface WeightsView {
  weights: Weights;
  defaults: Weights;
  updatedAt?: string;
  updatedBy?: string;
}

/** The weights the next round will use. */
export async function currentWeights(deps: Pick<Deps, 'settings'>): Promise<WeightsView> {
  const stored = await deps.settings.getWeights();
  return { weights: parseWeights(stored?.weights ?? {}), defaults: DEFAULT_WEIGHTS, updatedAt: stored?.updatedAt, updatedBy: stored?.updatedBy };
}

/**
 * Replaces the weights (any left out take their defaults), validated within
 * their ranges by the engine's own schema (the edge has parsed `input` with
 * it already), and audits what changed from what.
 */
export async function changeWeights(input: WeightsInput, actor: AuditActor, deps: Deps): Promise<Weights> {
  const before = (await currentWeights(deps)).weights;
  const after = parseWeights(input);
  await deps.settings.saveWeights({ weights: after, updatedAt: deps.clock.now().toISOString(), updatedBy: actor.subject });
  const details: Record<string, number> = {};
  for (const name of Object.keys(after) as (keyof Weights)[]) {
    if (before[name] !== after[name]) Object.assign(details, { [`${name}.before`]: before[name], [`${name}.after`]: after[name] });
  }
  await recordAdminAction(deps, actor, 'weights.change', { kind: 'weights', id: 'matching' }, details);
  return after;
}
