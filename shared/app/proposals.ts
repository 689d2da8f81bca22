/**
 * Answering a proposal (accept, decline) and the proposal clock (reminders,
 * expiry). Every state change and the emails it causes go to the store
 * together (transactional outbox).
 */
import { AlreadyDecided } from '../domain/errors';
import { type AcceptInput, type DeclineInput, DEFAULT_MATCH_POLICY, type Match, type MatchPolicy } from '../domain/match';
import { introductionEmail, proposalEmail } from '../domain/match-emails';
import type { Deps, ProfileWithState } from '../ports';
import { pauseAfterExpiries } from './availability';
import { actionLink, eraseLink, openMatchLink, peopleOf } from './links';
import { newOutboxMessage } from './outbox-message';

/** The links of a proposal email: accept, decline, pause, erase. */
export function proposalLinks(deps: Deps, match: Match, policy: MatchPolicy) {
  return {
    accept: actionLink(deps, 'accept', match.id, policy.proposalLinkDays),
    decline: actionLink(deps, 'decline', match.id, policy.proposalLinkDays),
    pause: actionLink(deps, 'pause', match.mentorId, policy.longLinkDays),
    erase: eraseLink(deps, match.mentorId),
  };
}

export interface ProposalView {
  match: Match;
  mentee: ProfileWithState;
  mentor: ProfileWithState;
}

async function openProposal(token: string, action: 'accept' | 'decline', deps: Deps): Promise<ProposalView> {
  const match = await openMatchLink(deps, token, action, 'PROPOSED', () => new AlreadyDecided());
  return { match, ...(await peopleOf(deps, match)) };
}

export const previewAccept = (token: string, deps: Deps) => openProposal(token, 'accept', deps);
export const previewDecline = (token: string, deps: Deps) => openProposal(token, 'decline', deps);

/** Accepts a proposal: the status change and one of the mentor's places in one transaction, and both introductions. */
export async function acceptProposal(token: string, answer: AcceptInput, deps: Deps, policy = DEFAULT_MATCH_POLICY): Promise<ProposalView> {
  const view = await openProposal(token, 'accept', deps);
  const accepted: Match = { ...view.match, ...answer, status: 'ACCEPTED', decidedAt: deps.clock.now().toISOString() };
  const endLink = (role: 'mentee' | 'mentor') => actionLink(deps, 'end', `${accepted.id}:${role}`, policy.longLinkDays);
  const emails = [
    newOutboxMessage(deps, introductionEmail({ match: accepted, to: view.mentee, other: view.mentor, links: { end: endLink('mentee'), erase: eraseLink(deps, view.mentee.id) } }), view.mentee.id, accepted.id),
    newOutboxMessage(
      deps,
      introductionEmail({
        match: accepted,
        to: view.mentor,
        other: view.mentee,
        links: { end: endLink('mentor'), erase: eraseLink(deps, view.mentor.id), pause: actionLink(deps, 'pause', view.mentor.id, policy.longLinkDays) },
      }),
      view.mentor.id,
      accepted.id,
    ),
  ];
  await deps.matches.accept(accepted.id, { rhythm: answer.rhythm, durationMonths: answer.durationMonths, decidedAt: accepted.decidedAt }, emails);
  return { ...view, match: accepted };
}

/** Declines a proposal: the mentee returns to the pool and this pair is never proposed again. */
export async function declineProposal(token: string, { reason }: DeclineInput, deps: Deps): Promise<ProposalView> {
  const view = await openProposal(token, 'decline', deps);
  const decidedAt = deps.clock.now().toISOString();
  await deps.matches.close(view.match.id, 'DECLINED', { decidedAt, declineReason: reason }, []);
  return { ...view, match: { ...view.match, status: 'DECLINED', decidedAt, declineReason: reason } };
}

/**
 * The proposal clock: reminds mentors who have not answered after
 * `reminderAfterDays`, expires proposals after `expireAfterDays` (the mentee
 * returns to the pool), and pauses a mentor whose proposals lapsed twice in a row.
 */
export async function processProposalDeadlines(deps: Deps, policy = DEFAULT_MATCH_POLICY) {
  const now = deps.clock.now();
  const counts = { reminded: 0, expired: 0, paused: 0 };
  for (const match of await deps.matches.listMatches('PROPOSED')) {
    if (match.expiresAt <= now.toISOString()) {
      try {
        const { expiriesInRow } = await deps.matches.close(match.id, 'EXPIRED', { decidedAt: now.toISOString() }, []);
        counts.expired++;
        if (expiriesInRow >= policy.pauseAfterExpiriesInRow && (await pauseAfterExpiries(match.mentorId, deps, policy))) counts.paused++;
      } catch (error) {
        if (!(error instanceof AlreadyDecided)) throw error;
      }
    } else if (match.remindAt <= now.toISOString() && !match.remindedAt) {
      const [mentee, mentor] = await Promise.all([deps.profiles.getProfileWithState(match.menteeId), deps.profiles.getProfileWithState(match.mentorId)]);
      if (!mentee || !mentor) continue;
      const email = proposalEmail({ match, mentee, mentor, links: proposalLinks(deps, match, policy), reminder: true });
      if (await deps.matches.markReminded(match.id, now.toISOString(), [newOutboxMessage(deps, email, mentor.id, match.id)])) counts.reminded++;
    }
  }
  return counts;
}

