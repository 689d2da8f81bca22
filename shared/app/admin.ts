/**
 * What a programme admin does to people and matches, each audited straight
 * after it succeeds: pause or resume a mentor, withdraw an
 * open proposal, erase a person (the same erasure as the person's own link).
 * Unknown ids are NotFound, a wrong state is Conflict; neither is audited,
 * since neither changes anything.
 */
import { pausedByAdminEmail, proposalWithdrawnEmail } from '../domain/admin-emails';
import { AlreadyDecided, Conflict, NotFound } from '../domain/errors';
import { DEFAULT_MATCH_POLICY, type Match } from '../domain/match';
import type { Deps, ProfileWithState } from '../ports';
import { type AuditActor, recordAdminAction } from './audit';
import { erasePerson } from './erasure';
import { actionLink, eraseLink } from './links';
import { newOutboxMessage } from './outbox-message';

async function mentorOf(id: string, deps: Deps): Promise<ProfileWithState> {
  const mentor = await deps.profiles.getProfileWithState(id);
  if (!mentor || mentor.role !== 'mentor') throw new NotFound('Mentor');
  return mentor;
}

/** ACTIVE → PAUSED: no new proposals (current matches carry on); the mentor is told, with a link to resume. */
export async function pauseMentorForAdmin(id: string, actor: AuditActor, deps: Deps, policy = DEFAULT_MATCH_POLICY) {
  const mentor = await mentorOf(id, deps);
  if (mentor.status !== 'ACTIVE') throw new Conflict('Only an active mentor can be paused');
  const email = pausedByAdminEmail({ mentor, resume: actionLink(deps, 'resume', mentor.id, policy.longLinkDays), erase: eraseLink(deps, mentor.id) });
  await deps.profiles.setPaused(mentor.id, true, deps.clock.now().toISOString(), [newOutboxMessage(deps, email, mentor.id)]);
  await recordAdminAction(deps, actor, 'mentor.pause', { kind: 'person', id: mentor.id }, { from: 'ACTIVE', to: 'PAUSED' });
  return { id: mentor.id, status: 'PAUSED' as const };
}

/** PAUSED → ACTIVE: the mentor is in the next round again (no email, as when they resume themselves). */
export async function resumeMentorForAdmin(id: string, actor: AuditActor, deps: Deps) {
  const mentor = await mentorOf(id, deps);
  if (mentor.status !== 'PAUSED') throw new Conflict('Only a paused mentor can be resumed');
  await deps.profiles.setPaused(mentor.id, false, deps.clock.now().toISOString(), []);
  await recordAdminAction(deps, actor, 'mentor.resume', { kind: 'person', id: mentor.id }, { from: 'PAUSED', to: 'ACTIVE' });
  return { id: mentor.id, status: 'ACTIVE' as const };
}

/**
 * Withdraws a proposal still awaiting the mentor's answer. Steps:
 * 1. PROPOSED → DECLINED with `withdrawnBy: 'admin'`, in one transaction that
 *    returns the mentee to the pool, frees the mentor's pending place and
 *    queues the mentor's notice (the store's close, as for a decline);
 * 2. the mentor's unsent proposal or reminder for it is discarded;
 * 3. audited.
 * The pair is closed like any decline, so no round proposes it again: an
 * admin withdraws a pair that should not meet (they know each other, a
 * conflict of interest), and proposing it again next morning would undo that.
 */
export async function withdrawProposal(matchId: string, actor: AuditActor, deps: Deps): Promise<Match> {
  const match = await deps.matches.getMatch(matchId);
  if (!match) throw new NotFound('Proposal');
  if (match.status !== 'PROPOSED') throw new Conflict('Only a proposal still awaiting an answer can be withdrawn');
  const mentor = await deps.profiles.getProfile(match.mentorId);
  // No match id on the notice: step 2 discards the mentor's unsent mail about the match, and the notice names nobody.
  const notice = mentor ? [newOutboxMessage(deps, proposalWithdrawnEmail({ mentor, match, erase: eraseLink(deps, mentor.id) }), mentor.id)] : [];
  const withdrawn: Match = { ...match, status: 'DECLINED', decidedAt: deps.clock.now().toISOString(), withdrawnBy: 'admin' };
  try {
    await deps.matches.close(match.id, 'DECLINED', { decidedAt: withdrawn.decidedAt, declineReason: undefined, withdrawnBy: 'admin' }, notice);
  } catch (error) {
    if (error instanceof AlreadyDecided) throw new Conflict('The mentor answered or the proposal expired meanwhile');
    throw error;
  }
  await deps.outbox.discardUnsentMail(match.mentorId, match.id);
  await recordAdminAction(deps, actor, 'proposal.withdraw', { kind: 'match', id: match.id }, { menteeId: match.menteeId, mentorId: match.mentorId });
  return withdrawn;
}

/** The person's own erasure, asked for by an admin: their open matches closed, every item keyed to them deleted. */
export async function erasePersonForAdmin(id: string, actor: AuditActor, deps: Deps) {
  const profile = await deps.profiles.getProfile(id);
  if (!profile) throw new NotFound('Person');
  if (!(await erasePerson(profile, deps))) throw new NotFound('Person');
  // The role only: the entry must hold nothing that was the person's.
  await recordAdminAction(deps, actor, 'person.erase', { kind: 'person', id }, { role: profile.role });
  return { id, erased: true as const };
}

/** Signing in and out, for the log's account of who was in the admin area when. */
export async function recordSignIn(actor: AuditActor, deps: Deps) {
  await recordAdminAction(deps, actor, 'sign-in');
}

export async function recordSignOut(actor: AuditActor, deps: Deps) {
  await recordAdminAction(deps, actor, 'sign-out');
}
