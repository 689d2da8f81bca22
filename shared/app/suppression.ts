/**
 * Bounces and complaints. SES reports them through the configuration set's
 * SNS topic; an address that bounced permanently or complained is suppressed
 * (the outbox sender marks mail to it FAILED instead of sending) and every
 * profile with that address is paused, so rounds stop proposing a person we
 * cannot reach. A new profile submission for the address lifts the
 * suppression (shared/app/intake.ts); the profile stays paused until its owner
 * resumes it.
 */
import { z } from 'zod';
import { Conflict, ValidationFailed } from '../domain/errors';
import { ROLES } from '../domain/profile';
import { toFieldErrors } from '../domain/validation';
import type { Deps, SuppressionReason } from '../ports';

const Recipients = z.array(z.object({ emailAddress: z.string().min(3) })).min(1);

/*
 * A configuration set's event destination publishes `eventType`; identity
 * notifications (the older feedback format) publish `notificationType`. The
 * bodies are the same, so both are accepted. Unknown keys are ignored: SES
 * adds fields over time.
 */
const Envelope = z
  .object({ eventType: z.string().optional(), notificationType: z.string().optional() })
  .refine((m) => m.eventType ?? m.notificationType, { message: 'Neither eventType nor notificationType', path: ['eventType'] });

const BounceNotification = z.object({
  // 'Transient' (mailbox full, out of office) and 'Undetermined' may deliver next time: only 'Permanent' suppresses.
  bounce: z.object({ bounceType: z.string(), bouncedRecipients: Recipients }),
});

const ComplaintNotification = z.object({
  complaint: z.object({ complainedRecipients: Recipients, complaintFeedbackType: z.string().optional() }),
});

export interface SesNotificationOutcome {
  /** Bounce, Complaint, or a type this ignores (Delivery, Send, ...). */
  type: string;
  suppressed: number;
  paused: number;
}

type SuppressionDeps = Pick<Deps, 'suppressions' | 'profiles' | 'clock' | 'logger'>;

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationFailed(toFieldErrors(result.error));
  return result.data;
}

/** `"Name" <a@b.org>` and ` A@B.org` are the same recipient as `a@b.org`. */
function bareAddress(address: string): string {
  const angle = /<([^>]+)>/.exec(address);
  return (angle?.[1] ?? address).trim().toLowerCase();
}

/** The addresses to suppress and why; none for transient bounces, other event types, and "not spam" reports. */
function addressesToSuppress(type: string, message: unknown): { reason: SuppressionReason; addresses: string[] } | undefined {
  if (type === 'Bounce') {
    const { bounce } = parse(BounceNotification, message);
    if (bounce.bounceType !== 'Permanent') return undefined;
    return { reason: 'bounce', addresses: bounce.bouncedRecipients.map((r) => r.emailAddress) };
  }
  if (type === 'Complaint') {
    const { complaint } = parse(ComplaintNotification, message);
    // A mailbox provider's "not-spam" report is the recipient taking a complaint back.
    if (complaint.complaintFeedbackType === 'not-spam') return undefined;
    return { reason: 'complaint', addresses: complaint.complainedRecipients.map((r) => r.emailAddress) };
  }
  return undefined;
}

/**
 * Handles one SES notification (the parsed SNS Message). Steps:
 * 1. validate the envelope and, for a bounce or complaint, its recipients
 *    (ValidationFailed otherwise, so the caller reports the message);
 * 2. for each recipient of a permanent bounce or a complaint, record the
 *    suppression first (so a failure below still stops mail on a retry);
 * 3. pause each ACTIVE profile with that address, in either role. A profile
 *    that is pending, already paused or changed meanwhile is left as it is.
 * Safe to run twice for the same notification (SNS delivers at least once).
 */
export async function handleSesNotification(message: unknown, deps: SuppressionDeps): Promise<SesNotificationOutcome> {
  const envelope = parse(Envelope, message);
  const type = (envelope.eventType ?? envelope.notificationType)!;
  const found = addressesToSuppress(type, message);
  if (!found) return { type, suppressed: 0, paused: 0 };

  const at = deps.clock.now().toISOString();
  const addresses = [...new Set(found.addresses.map(bareAddress))];
  let paused = 0;
  for (const address of addresses) {
    await deps.suppressions.suppress(address, found.reason, at);
    paused += await pauseProfilesOf(address, at, deps);
  }
  // Counts only: the addresses are personal data.
  deps.logger.info('Addresses suppressed', { type, reason: found.reason, suppressed: addresses.length, paused });
  return { type, suppressed: addresses.length, paused };
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
