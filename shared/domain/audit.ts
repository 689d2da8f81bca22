/**
 * The admin audit log: who did what, when, to which person, match or
 * setting. An entry holds ids, the action's name, the admin's subject and
 * email and non-personal details (counts, statuses, weights), never a
 * participant's name, email or free text: a person's erasure then leaves
 * every entry about them intact, and the log itself holds no participant's
 * personal data. Entries are kept for two years (the table's TTL).
 */
import * as z from 'zod';

export const AUDIT_RETENTION_DAYS = 730;

export const AUDIT_ACTIONS = [
  'sign-in',
  'sign-out',
  'round.run',
  'mentor.pause',
  'mentor.resume',
  'proposal.withdraw',
  'person.erase',
  'weights.change',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_TARGET_KINDS = ['person', 'match', 'round', 'weights'] as const;
export type AuditTargetKind = (typeof AUDIT_TARGET_KINDS)[number];

/** Details are flat and non-personal: ids, statuses, counts, weights. */
const Detail = z.union([z.string().max(200), z.number(), z.boolean()]);

export const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  actor: z.object({
    /** The identity provider's stable id (Cognito `sub`). */
    subject: z.string(),
    /** The admin's own address: admins are accountable for their actions, so theirs is kept. */
    email: z.string().optional(),
    /** How the admin acted: the admin pages (session cookie) or the API (Bearer token). */
    via: z.enum(['page', 'api']),
  }),
  target: z.object({ kind: z.enum(AUDIT_TARGET_KINDS), id: z.string() }).optional(),
  details: z.record(z.string(), Detail).default({}),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export type AuditActor = AuditEntry['actor'];

/** A page of the log, newest first; `next` continues after its last entry. */
export interface AuditPage {
  entries: AuditEntry[];
  next?: string;
}
