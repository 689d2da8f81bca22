/**
 * The round input as the CLI (and any other edge) receives it: profiles in
 * the public submission shape plus an id, an optional status and, for
 * mentors, optional spare capacity. Reuses the domain schemas so a profile the
 * API accepts is a profile the round accepts, and an unknown skill or council
 * is refused in the same words.
 */
import * as z from 'zod';
import { MAX_CAPACITY, MenteeSubmission, MentorSubmission, PROFILE_STATUSES } from '../domain/profile';
import { Weights } from './weights';

const identity = {
  id: z.string({ error: 'Enter an id' }).min(1, { error: 'Enter an id' }),
  status: z.enum(PROFILE_STATUSES, { error: `status must be one of ${PROFILE_STATUSES.join(', ')}` }).optional(),
};

export const RoundMentee = MenteeSubmission.extend(identity);
export const RoundMentor = MentorSubmission.extend({
  ...identity,
  spareCapacity: z
    .number({ error: 'spareCapacity must be a whole number from 0 to 5' })
    .int({ error: 'spareCapacity must be a whole number from 0 to 5' })
    .min(0, { error: 'spareCapacity must be a whole number from 0 to 5' })
    .max(MAX_CAPACITY, { error: 'spareCapacity must be a whole number from 0 to 5' })
    .optional(),
});

const uniqueIds = (items: { id: string }[]) => new Set(items.map((p) => p.id)).size === items.length;

export const RoundInput = z.strictObject({
  mentees: z.array(RoundMentee).refine(uniqueIds, { error: 'Each mentee needs a different id' }),
  mentors: z.array(RoundMentor).refine(uniqueIds, { error: 'Each mentor needs a different id' }),
  exclusions: z
    .array(z.strictObject({ menteeId: z.string().min(1), mentorId: z.string().min(1) }))
    .default([]),
  weights: Weights.optional(),
  /** The starting width; the round's proof widens it where needed. */
  maxCandidatesPerMentee: z.number().int().min(1).max(100_000).optional(),
  /** When to stop widening short of a proof (see ProofBudget). */
  budget: z
    .strictObject({
      maxCandidates: z
        .number({ error: 'maxCandidates must be a whole number of at least 1' })
        .int({ error: 'maxCandidates must be a whole number of at least 1' })
        .min(1, { error: 'maxCandidates must be a whole number of at least 1' })
        .optional(),
      maxSeconds: z
        .number({ error: 'maxSeconds must be a number of seconds above 0' })
        .positive({ error: 'maxSeconds must be a number of seconds above 0' })
        .finite({ error: 'maxSeconds must be a number of seconds above 0' })
        .optional(),
    })
    .optional(),
});
export type RoundInput = z.output<typeof RoundInput>;

/** One line naming the first problem, for the CLI's stderr. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid input';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
