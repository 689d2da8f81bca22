/**
 * Helpers for match tests: people made ACTIVE straight through the stores,
 * proposals written straight through the MatchStore, and counting mail.
 *
 *   seedMentee(deps, overrides?) / seedMentor(deps, overrides?) → Promise<ProfileWithState>
 *       a valid profile (unique email), created and activated directly in the stores
 *   proposeDirect(deps, mentee, mentor, { withEmail?, asRead? }) → Promise<{ match, links, acceptToken, declineToken }>
 *       a PROPOSED match written with MatchStore.propose (no round; the proposal email only with `withEmail`;
 *       with `asRead`, the two people with their matching state are passed as a round passes them, so the
 *       store reads neither again)
 *   countMail(to, subject?) · settle(ms?)   (settle: the documented pause before "no more emails")
 *
 * The app and link-following helpers are in ./app. The seeding helpers work
 * with the memory deps (unit tests) and the DynamoDB deps alike; countMail
 * needs the SES emulator.
 */
import { randomBytes } from 'node:crypto';
import type * as z from 'zod';
import { actionLink } from '../../shared/app/links';
import { acceptProposal, declineProposal } from '../../shared/app/proposals';
import { submitFeedback } from '../../shared/app/lifecycle';
import { ValidationFailed } from '../../shared/domain/errors';
import { toFieldErrors } from '../../shared/domain/validation';
import { proposalEmail } from '../../shared/domain/match-emails';
import { AcceptInput, DeclineInput, DEFAULT_MATCH_POLICY, FeedbackInput, type Match, type MatchPolicy } from '../../shared/domain/match';
import { deriveCouncilFacts, parseProfileSubmission, type Profile } from '../../shared/domain/profile';
import { newOutboxMessage } from '../../shared/app/outbox-message';
import type { Deps, ProfileWithState } from '../../shared/ports';
import { validMentee, validMentor } from '../fixtures/deps';
import { tokenOf } from './app';
import { listMail } from './mail';

let counter = 0;
const uniqueEmail = (tag: string) => `${tag}-${randomBytes(4).toString('hex')}-${counter++}@council.example.gov.uk`;

/** Creates and activates a profile directly in the stores; returns it with its matching state. */
export async function seedActiveProfile(deps: Deps, body: Record<string, unknown>): Promise<ProfileWithState> {
  const submission = parseProfileSubmission(body);
  const now = deps.clock.now().toISOString();
  const profile: Profile = {
    ...submission,
    ...deriveCouncilFacts(submission.councilCode),
    id: deps.ids.next(),
    status: 'PENDING_VERIFICATION',
    createdAt: now,
    updatedAt: now,
    consentedAt: now,
  };
  await deps.profiles.createProfile(profile, []);
  await deps.profiles.activateProfile(profile.id, now);
  const stored = await deps.profiles.getProfileWithState(profile.id);
  if (!stored) throw new Error('The seeded profile was not stored');
  return stored;
}

/** A mentee in Manchester (team lead; data strategy, cyber security, agile delivery), unique email. */
export const seedMentee = (deps: Deps, overrides: Record<string, unknown> = {}) =>
  seedActiveProfile(deps, validMentee({ email: uniqueEmail('mentee'), ...overrides }));

/** A remote mentor in Aberdeen City (director, capacity 2; digital and data strategy), unique email. */
export const seedMentor = (deps: Deps, overrides: Record<string, unknown> = {}) =>
  seedActiveProfile(deps, validMentor({ email: uniqueEmail('mentor'), ...overrides }));

/** Writes a PROPOSED match through MatchStore.propose, as a round would; returns it and its signed tokens. */
export async function proposeDirect(deps: Deps, mentee: Profile, mentor: Profile, o: { withEmail?: boolean; asRead?: boolean } = {}) {
  const now = deps.clock.now();
  const days = (n: number) => new Date(now.getTime() + n * 86_400_000).toISOString();
  const match: Match = {
    id: deps.ids.next(),
    roundId: 'seeded',
    menteeId: mentee.id,
    mentorId: mentor.id,
    status: 'PROPOSED',
    score: 10,
    reasons: [{ code: 'skills', text: 'Seeded for a test', points: 10 }],
    proposedAt: now.toISOString(),
    remindAt: days(DEFAULT_MATCH_POLICY.reminderAfterDays),
    expiresAt: days(DEFAULT_MATCH_POLICY.expireAfterDays),
  };
  const link = (action: 'accept' | 'decline') => actionLink(deps, action, match.id, DEFAULT_MATCH_POLICY.proposalLinkDays);
  const links = { accept: link('accept'), decline: link('decline'), pause: actionLink(deps, 'pause', mentor.id, 30), erase: actionLink(deps, 'erase', mentor.id, 30) };
  const outbox = o.withEmail ? [newOutboxMessage(deps, proposalEmail({ match, mentee, mentor, links }), mentor.id)] : [];
  // `asRead` needs the people with their matching state (ProfileWithState), as seeded.
  await deps.matches.propose(match, outbox, o.asRead ? { mentee: mentee as ProfileWithState, mentor: mentor as ProfileWithState } : undefined);
  return { match, links, acceptToken: tokenOf(links.accept), declineToken: tokenOf(links.decline) };
}


export async function countMail(to: string, subject?: RegExp) {
  return (await listMail({ to, subject })).length;
}

/**
 * A short pause before asserting that no more emails arrive. The outbox is
 * swept every 100 ms, so 1.5 s is many sweeps: a duplicate would have shown.
 */
export const settle = (ms = 1500) => new Promise((resolve) => setTimeout(resolve, ms));

/** Parses a raw answer the way the edge does (ValidationFailed naming each bad field). */
function edgeParse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ValidationFailed(toFieldErrors(parsed.error));
  return parsed.data;
}

/** A raw accept form (text fields, as posted) through the edge's schema and into the use case. */
export const acceptWith = async (token: string, raw: unknown, deps: Deps, policy?: MatchPolicy) =>
  acceptProposal(token, edgeParse(AcceptInput, raw), deps, policy);
export const declineWith = async (token: string, raw: unknown, deps: Deps) => declineProposal(token, edgeParse(DeclineInput, raw), deps);
export const feedbackWith = async (token: string, raw: unknown, deps: Deps) => submitFeedback(token, edgeParse(FeedbackInput, raw), deps);
