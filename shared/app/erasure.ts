/**
 * Erasing a person: the profile is marked first, so nothing new involves
 * them, then their open proposals and matches are closed, so the other
 * person is freed, then every item keyed to them is deleted and a short
 * confirmation is queued in the same step.
 */
import { AlreadyDecided, Conflict, LinkUsed } from '../domain/errors';
import { erasureDoneEmail } from '../domain/emails';
import { matchClosedEmail } from '../domain/match-emails';
import type { Match } from '../domain/match';
import type { Profile } from '../domain/profile';
import type { Deps } from '../ports';
import { eraseLink, openLink } from './links';
import { newOutboxMessage } from './outbox-message';

export async function previewErase(token: string, deps: Deps): Promise<Profile> {
  const profile = await deps.profiles.getProfile(openLink(deps, token, 'erase'));
  if (!profile) throw new LinkUsed();
  return profile;
}

/** The person's own erase link. LinkUsed when they are already gone. */
export async function eraseProfile(token: string, deps: Deps): Promise<void> {
  if (!(await erasePerson(await previewErase(token, deps), deps))) throw new LinkUsed();
}

/**
 * The erasure itself, whoever asks for it (the person's link, an admin).
 * Steps:
 * 1. mark the profile as being erased: from now on no move puts the person in
 *    a live match or queues mail describing them (the stores refuse a round's
 *    proposal, an accept, someone's end, a reminder, a pending update), so the
 *    set of their open matches can only shrink;
 * 2. close each open match, reading it again until it is closed, whoever
 *    closed it, and discard the other person's unsent mail about it;
 * 3. delete every item keyed to them and queue a short confirmation in the
 *    same step.
 * False if they were gone already.
 */
export async function erasePerson(profile: Profile, deps: Deps): Promise<boolean> {
  if (!(await deps.profiles.beginErasure(profile.id, deps.clock.now().toISOString()))) return false;
  await closeOpenMatchesOf(profile.id, deps);
  return deps.profiles.eraseProfile(profile.id, [newOutboxMessage(deps, erasureDoneEmail({ to: profile.email }))]);
}

/** How often one match is read again while other moves keep changing it, before the erasure gives up (Conflict; the link again finishes it). */
const CLOSE_TRIES = 8;

const otherOf = (match: Match, personId: string) => (match.menteeId === personId ? match.mentorId : match.menteeId);

/**
 * Once a person's erasure has begun, their open proposals and matches are
 * closed so the other person is freed (the mentee returns to the pool, the
 * mentor gets the place back), and the other person's unsent mail about the
 * match, which describes the erased person, is discarded. Someone in an
 * accepted match is told it has ended; a pending proposal simply disappears.
 * The mail is discarded only once the match is closed: no move queues mail
 * about a closed match, so none can arrive after.
 */
export async function closeOpenMatchesOf(personId: string, deps: Deps) {
  for (const matchId of await deps.matches.listMatchIdsOf(personId)) {
    const match = await closeForErasure(matchId, personId, deps);
    if (match) await deps.outbox.discardUnsentMail(otherOf(match, personId), match.id);
  }
}

/** Closes one match for an erasure, reading it again until it is closed (by us, or by whoever got there first). */
async function closeForErasure(matchId: string, personId: string, deps: Deps): Promise<Match | undefined> {
  for (let tries = 1; ; tries++) {
    const match = await deps.matches.getMatch(matchId);
    if (!match || (match.status !== 'PROPOSED' && match.status !== 'ACCEPTED')) return match;
    if (tries > CLOSE_TRIES) throw new Conflict('The match kept changing during erasure');
    const at = deps.clock.now().toISOString();
    try {
      if (match.status === 'PROPOSED') {
        await deps.matches.close(match.id, 'DECLINED', { decidedAt: at, declineReason: undefined }, []);
        return { ...match, status: 'DECLINED', decidedAt: at };
      }
      // The other person is told the match is over, without the erased person's details.
      const other = await deps.profiles.getProfile(otherOf(match, personId));
      const notice = other ? [newOutboxMessage(deps, matchClosedEmail({ to: other, erase: eraseLink(deps, other.id) }), other.id)] : [];
      await deps.matches.end(match.id, { endedAt: at, endedBy: 'erasure' }, notice);
      return { ...match, status: 'ENDED', endedAt: at, endedBy: 'erasure' };
    } catch (error) {
      // Answered, ended or changed meanwhile: read it again.
      if (!(error instanceof AlreadyDecided || error instanceof Conflict)) throw error;
    }
  }
}
