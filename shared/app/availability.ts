/** A mentor pausing and resuming new proposals, by link or after proposals lapse. */
import { Conflict, LinkUsed } from '../domain/errors';
import { DEFAULT_MATCH_POLICY, type MatchPolicy } from '../domain/match';
import { pausedEmail } from '../domain/match-emails';
import type { Deps } from '../ports';
import { actionLink, eraseLink, openProfileLink } from './links';
import { newOutboxMessage } from './outbox-message';

export const previewPause = (token: string, deps: Deps) => openProfileLink(deps, token, 'pause');
export const previewResume = (token: string, deps: Deps) => openProfileLink(deps, token, 'resume');

/** Pauses new proposals for a mentor (current matches carry on). The email carries the resume link. */
export async function pauseMentor(token: string, deps: Deps, policy = DEFAULT_MATCH_POLICY) {
  const profile = await previewPause(token, deps);
  if (profile.status !== 'ACTIVE') throw new LinkUsed();
  const email = pausedEmail({ mentor: profile, resume: actionLink(deps, 'resume', profile.id, policy.longLinkDays), erase: eraseLink(deps, profile.id), reason: 'request' });
  await deps.profiles.setPaused(profile.id, true, deps.clock.now().toISOString(), [newOutboxMessage(deps, email, profile.id)]).catch(asLinkUsed);
  return profile;
}

export async function resumeMentor(token: string, deps: Deps) {
  const profile = await previewResume(token, deps);
  if (profile.status !== 'PAUSED') throw new LinkUsed();
  await deps.profiles.setPaused(profile.id, false, deps.clock.now().toISOString(), []).catch(asLinkUsed);
  return profile;
}

function asLinkUsed(error: unknown): never {
  throw error instanceof Conflict ? new LinkUsed() : error;
}

/** Pauses a mentor whose proposals lapsed too often in a row; false if they were not active any more. */
export async function pauseAfterExpiries(mentorId: string, deps: Deps, policy: MatchPolicy): Promise<boolean> {
  const mentor = await deps.profiles.getProfileWithState(mentorId);
  if (!mentor || mentor.status !== 'ACTIVE') return false;
  const email = pausedEmail({ mentor, resume: actionLink(deps, 'resume', mentor.id, policy.longLinkDays), erase: eraseLink(deps, mentor.id), reason: 'expiries' });
  try {
    await deps.profiles.setPaused(mentor.id, true, deps.clock.now().toISOString(), [newOutboxMessage(deps, email, mentor.id)]);
    return true;
  } catch (error) {
    if (error instanceof Conflict) return false;
    throw error;
  }
}
