/** Ending an accepted match, and the one feedback question each person gets afterwards. */
import { AlreadyDecided, LinkInvalid, LinkUsed } from '../domain/errors';
import { DEFAULT_MATCH_POLICY, type FeedbackInput } from '../domain/match';
import { feedbackEmail } from '../domain/match-emails';
import type { Deps } from '../ports';
import { actionLink, eraseLink, openSidedMatchLink, peopleOf, type Side } from './links';
import { newOutboxMessage } from './outbox-message';

/** What an end link is about: the accepted match, the side it was sent to, and both people. */
export async function previewEnd(token: string, deps: Deps) {
  const { match, side } = await openSidedMatchLink(deps, token, 'end', 'ACCEPTED', () => new LinkUsed());
  return { match, role: side, ...(await peopleOf(deps, match)) };
}

/** Ends an accepted match: frees the mentor's place and asks both people one feedback question. LinkUsed if it was ended meanwhile (the other side, an erasure). */
export async function endMatch(token: string, deps: Deps, policy = DEFAULT_MATCH_POLICY) {
  const view = await previewEnd(token, deps);
  const feedbackLink = (role: Side) => actionLink(deps, 'feedback', `${view.match.id}:${role}`, policy.longLinkDays);
  const emails = [
    newOutboxMessage(deps, feedbackEmail({ to: view.mentee, other: view.mentor, feedback: feedbackLink('mentee'), erase: eraseLink(deps, view.mentee.id) }), view.mentee.id, view.match.id),
    newOutboxMessage(deps, feedbackEmail({ to: view.mentor, other: view.mentee, feedback: feedbackLink('mentor'), erase: eraseLink(deps, view.mentor.id) }), view.mentor.id, view.match.id),
  ];
  try {
    await deps.matches.end(view.match.id, { endedAt: deps.clock.now().toISOString(), endedBy: view.role }, emails);
  } catch (error) {
    // The other side ended it first, or an erasure is ending it: this link has nothing left to do.
    throw error instanceof AlreadyDecided ? new LinkUsed() : error;
  }
  return view;
}

/** What a feedback link is about: an ended match and the side asked. LinkUsed once that side has answered. */
export async function previewFeedback(token: string, deps: Deps) {
  const { match, side } = await openSidedMatchLink(deps, token, 'feedback', 'ENDED', () => new LinkInvalid());
  if ((await deps.matches.listFeedback(match.id)).some((f) => f.from === side)) throw new LinkUsed();
  return { match, role: side };
}

/** Stores one answer per person per match. */
export async function submitFeedback(token: string, answer: FeedbackInput, deps: Deps) {
  const { match, role } = await previewFeedback(token, deps);
  const saved = await deps.matches.saveFeedback({ ...answer, matchId: match.id, from: role, at: deps.clock.now().toISOString() });
  if (!saved) throw new LinkUsed();
}
