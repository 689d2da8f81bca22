/**
 * What an SES notification (delivered by the configuration set's SNS topic)
 * means for us: which addresses to suppress, and why. Parsed at the edge
 * (functions/outbox/ses-events.ts); the use case takes the result.
 */
import * as z from 'zod';
import { ValidationFailed } from './errors';
import type { SuppressionReason } from './outbox';
import { toFieldErrors } from './validation';

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

export interface SesNotification {
  /** Bounce, Complaint, or a type this ignores (Delivery, Send, ...). */
  type: string;
  /** For a permanent bounce or a complaint: the bare, lower-cased addresses. */
  suppress?: { reason: SuppressionReason; addresses: string[] };
}

/**
 * Validates a notification: the envelope and, for a bounce or complaint, its
 * recipients (ValidationFailed otherwise, so the caller reports the message).
 */
export function parseSesNotification(message: unknown): SesNotification {
  const envelope = parse(Envelope, message);
  const type = (envelope.eventType ?? envelope.notificationType)!;
  const found = addressesToSuppress(type, message);
  return found ? { type, suppress: { reason: found.reason, addresses: [...new Set(found.addresses.map(bareAddress))] } } : { type };
}
