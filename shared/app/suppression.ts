/**
 * Bounces and complaints. SES reports them through the configuration set's
 * SNS topic; an address that bounced permanently or complained is suppressed
 * (the outbox sender marks mail to it FAILED instead of sending) and every
 * profile with that address is paused, so rounds stop proposing a person we
 * cannot reach. A new profile submission for the address lifts the
 * suppression (shared/app/intake.ts); the profile stays paused until its owner
 * resumes it.
 */
import { Conflict } from '../domain/errors';
import { ROLES } from '../domain/profile';
import type { SesNotification } from '../domain/ses-notification';
import type { Deps } from '../ports';

export interface SesNotificationOutcome {
  type: string;
  suppressed: number;
  paused: number;
}

type SuppressionDeps = Pick<Deps, 'suppressions' | 'profiles' | 'clock' | 'logger'>;

/**
 * Acts on one parsed SES notification. Steps:
 * 1. for each address of a permanent bounce or a complaint, record the
 *    suppression first (so a failure below still stops mail on a retry);
 * 2. pause each ACTIVE profile with that address, in either role. A profile
 *    that is pending, already paused or changed meanwhile is left as it is.
 * Safe to run twice for the same notification (SNS delivers at least once).
 */
export async function applySesNotification({ type, suppress }: SesNotification, deps: SuppressionDeps): Promise<SesNotificationOutcome> {
  if (!suppress) return { type, suppressed: 0, paused: 0 };
  const at = deps.clock.now().toISOString();
  let paused = 0;
  for (const address of suppress.addresses) {
    await deps.suppressions.suppress(address, suppress.reason, at);
    paused += await pauseProfilesOf(address, at, deps);
  }
  // Counts only: the addresses are personal data.
  deps.logger.info('Addresses suppressed', { type, reason: suppress.reason, suppressed: suppress.addresses.length, paused });
  return { type, suppressed: suppress.addresses.length, paused };
}

async function pauseProfilesOf(address: string, at: string, deps: SuppressionDeps): Promise<number> {
  let paused = 0;
  for (const role of ROLES) {
    const id = await deps.profiles.findProfileIdByEmail(role, address);
    const profile = id ? await deps.profiles.getProfile(id) : undefined;
    if (!profile || profile.status !== 'ACTIVE') continue;
    try {
      // No "you are paused" email: the address has just told us it cannot or will not receive mail.
      await deps.profiles.setPaused(profile.id, true, at, []);
      paused++;
    } catch (error) {
      // Paused, erased or changed since we read it: nothing left to stop.
      if (!(error instanceof Conflict)) throw error;
    }
  }
  return paused;
}
