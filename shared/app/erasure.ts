/**
 * Erasing a person: their open proposals and matches are closed first, so
 * the other person is freed, then every item keyed to them is deleted and a
 * short confirmation is queued in the same step.
 */
import { AlreadyDecided, LinkUsed } from '../domain/errors';
import { erasureDoneEmail } from '../domain/emails';
import { matchClosedEmail } from '../domain/match-emails';
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
 * The erasure itself, whoever asks for it (the person's link, an admin):
 * close their open matches, then delete every item keyed to them and queue a
 * short confirmation in the same step. False if they were gone already.
 */
export async function erasePerson(profile: Profile, deps: Deps): Promise<boolean> {
  await closeOpenMatchesOf(profile.id, deps);
  return deps.profiles.eraseProfile(profile.id, [newOutboxMessage(deps, erasureDoneEmail({ to: profile.email }))]);
}

/**
 * Before a person is erased, their open proposals and matches are closed so
 * the other person is freed (the mentee returns to the pool, the mentor gets
 * the place back), and the other person's unsent mail about the match, which
 * describes the erased person, is discarded. Someone in an accepted match is
 * told it has ended; a pending proposal simply disappears.
 */
export async function closeOpenMatchesOf(personId: string, deps: Deps) {
  const at = deps.clock.now().toISOString();
  for (const matchId of await deps.matches.listMatchIdsOf(personId)) {
    const match = await deps.matches.getMatch(matchId);
    if (!match) continue;
    const otherId = match.menteeId === personId ? match.mentorId : match.menteeId;
    await deps.outbox.discardUnsentMail(otherId, match.id);
    try {
      if (match.status === 'PROPOSED') await deps.matches.close(match.id, 'DECLINED', { decidedAt: at, declineReason: undefined }, []);
      if (match.status === 'ACCEPTED') {
        // The other person is told the match is over, without the erased person's details.
        const other = await deps.profiles.getProfile(otherId);
        const notice = other ? [newOutboxMessage(deps, matchClosedEmail({ to: other, erase: eraseLink(deps, other.id) }), other.id)] : [];
        await deps.matches.end(match.id, { endedAt: at, endedBy: 'erasure' }, notice);
      }
    } catch (error) {
      // Answered or ended meanwhile: nothing left to close.
      if (!(error instanceof AlreadyDecided)) throw error;
    }
  }
}

