/**
 * A match between one mentee and one mentor, and its state machine:
 *
 *   PROPOSED --accept--> ACCEPTED --end--> ENDED
 *   PROPOSED --decline--> DECLINED
 *   PROPOSED --expire--> EXPIRED
 *
 * Stores enforce every move with a conditional write on the current status;
 * this table is the single statement of which moves exist. A pair whose
 * match was declined, expired or ended is never proposed again.
 */
import * as z from 'zod';

export const MATCH_STATUSES = ['PROPOSED', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'ENDED'] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];
export type MatchEvent = 'accept' | 'decline' | 'expire' | 'end';

const NEXT: Record<MatchStatus, Partial<Record<MatchEvent, MatchStatus>>> = {
  PROPOSED: { accept: 'ACCEPTED', decline: 'DECLINED', expire: 'EXPIRED' },
  ACCEPTED: { end: 'ENDED' },
  DECLINED: {},
  EXPIRED: {},
  ENDED: {},
};

/** The status after `event`, or undefined when the move is not allowed. */
export function nextMatchStatus(status: MatchStatus, event: MatchEvent): MatchStatus | undefined {
  return NEXT[status][event];
}

/** Statuses that close a pair for good: the engine never proposes it again. */
export const CLOSED_STATUSES: readonly MatchStatus[] = ['DECLINED', 'EXPIRED', 'ENDED'];

export const RHYTHMS = [
  { id: 'weekly', name: 'Every week' },
  { id: 'fortnightly', name: 'Every two weeks' },
  { id: 'monthly', name: 'Every month' },
  { id: 'bimonthly', name: 'Every two months' },
] as const;
export type RhythmId = (typeof RHYTHMS)[number]['id'];
export const DURATIONS_MONTHS = [3, 6, 9, 12] as const;

export const Reason = z.object({ code: z.string(), text: z.string(), points: z.number() });
export type Reason = z.infer<typeof Reason>;

/**
 * A reason as its reader should read it. The engine writes reasons from the
 * mentee's side ("Offers all 3 of your priority skills"), which is right in
 * the mentee's introduction; a mentor or an admin reads the skills reason as
 * being about the mentee's priorities ("Offers all 3 of the mentee's
 * priority skills").
 */
export function reasonText(reason: Reason, reader: 'mentee' | 'mentor' | 'admin'): string {
  if (reader === 'mentee' || reason.code !== 'skills') return reason.text;
  return reason.text.replace(/\byour (\d+ )?priority skill/, (_, n: string | undefined) => `the mentee’s ${n ?? ''}priority skill`);
}

export const Match = z.object({
  id: z.string(),
  roundId: z.string(),
  menteeId: z.string(),
  mentorId: z.string(),
  status: z.enum(MATCH_STATUSES),
  score: z.number(),
  reasons: z.array(Reason),
  proposedAt: z.string(),
  /** When a reminder goes to the mentor if they have not answered. */
  remindAt: z.string(),
  /** When the proposal lapses if the mentor has not answered. */
  expiresAt: z.string(),
  remindedAt: z.string().optional(),
  decidedAt: z.string().optional(),
  declineReason: z.string().optional(),
  rhythm: z.enum(RHYTHMS.map((r) => r.id) as [RhythmId, ...RhythmId[]]).optional(),
  durationMonths: z.number().int().optional(),
  endedAt: z.string().optional(),
  endedBy: z.enum(['mentee', 'mentor', 'admin', 'erasure']).optional(),
  /** Set when a programme admin withdrew the proposal (stored as DECLINED: the pair is closed like any decline). */
  withdrawnBy: z.enum(['admin']).optional(),
  /** The mentee's region and council type when the match was proposed: what the programme report counts it under. */
  menteeRegion: z.string().optional(),
  menteeCouncilType: z.string().optional(),
});
export type Match = z.infer<typeof Match>;

/** What a person says when they accept. Form fields arrive as text. */
export const AcceptInput = z.strictObject({
  rhythm: z.enum(RHYTHMS.map((r) => r.id) as [RhythmId, ...RhythmId[]], { error: 'Select how often you expect to meet' }).default('monthly'),
  durationMonths: z.coerce
    .number({ error: 'Select how long the mentoring should last' })
    .refine((n) => (DURATIONS_MONTHS as readonly number[]).includes(n), { error: 'Select how long the mentoring should last' })
    .default(6),
});
export type AcceptInput = z.infer<typeof AcceptInput>;

export const DeclineInput = z.strictObject({
  reason: z
    .string()
    .trim()
    .max(500, { error: 'Your reason must be 500 characters or fewer' })
    .optional()
    .transform((v) => (v ? v : undefined)),
});

export type DeclineInput = z.infer<typeof DeclineInput>;

export const FeedbackInput = z.strictObject({
  rating: z.coerce
    .number({ error: 'Select how useful the mentoring was, from 1 to 5' })
    .int({ error: 'Select how useful the mentoring was, from 1 to 5' })
    .min(1, { error: 'Select how useful the mentoring was, from 1 to 5' })
    .max(5, { error: 'Select how useful the mentoring was, from 1 to 5' }),
  comment: z.string().trim().max(2000, { error: 'Your comment must be 2000 characters or fewer' }).optional(),
});
export type FeedbackInput = z.infer<typeof FeedbackInput>;

/** One person's answer to the feedback question when a match ends; one per person per match. */
export interface Feedback extends FeedbackInput {
  matchId: string;
  from: 'mentee' | 'mentor';
  at: string;
}

/** Timings, configurable per deployment; defaults from the issue. */
export interface MatchPolicy {
  reminderAfterDays: number;
  expireAfterDays: number;
  /** A mentor who lets this many proposals in a row expire is paused. */
  pauseAfterExpiriesInRow: number;
  /** How long accept/decline links work (beyond the proposal's own expiry they fail anyway). */
  proposalLinkDays: number;
  /** How long end/pause/resume/feedback links in introduction emails work. */
  longLinkDays: number;
}

export const DEFAULT_MATCH_POLICY: MatchPolicy = {
  reminderAfterDays: 3,
  expireAfterDays: 7,
  pauseAfterExpiriesInRow: 2,
  proposalLinkDays: 8,
  longLinkDays: 365,
};
