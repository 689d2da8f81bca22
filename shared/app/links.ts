/**
 * Signed action links: building them, and the one opener every use case that
 * acts on a link goes through. The path names the action so a hover shows
 * what a link does; the token binds one action to one subject (a profile, a
 * match, or a match and the side it was sent to) until it expires.
 */
import { LinkInvalid, LinkUsed } from '../domain/errors';
import type { Match, MatchStatus } from '../domain/match';
import { ERASE_LINK_DAYS } from '../domain/profile-status';
import type { Deps, ProfileWithState } from '../ports';

export type LinkAction = 'confirm-email' | 'confirm-update' | 'erase' | 'accept' | 'decline' | 'end' | 'pause' | 'resume' | 'feedback';

type LinkDeps = Pick<Deps, 'signer' | 'config' | 'clock'>;

export function actionLink(deps: LinkDeps, action: LinkAction, subject: string, days: number): string {
  const expiresAt = new Date(deps.clock.now().getTime() + days * 86_400_000);
  const token = deps.signer.sign(action, subject, expiresAt);
  return `${deps.config.baseUrl}/${action}?t=${encodeURIComponent(token)}`;
}

/** The erase link every email carries. */
export const eraseLink = (deps: LinkDeps, profileId: string) => actionLink(deps, 'erase', profileId, ERASE_LINK_DAYS);

/** The subject a token was signed for, for this action only. LinkInvalid (wrong action, tampered) or LinkExpired. */
export function openLink(deps: Pick<Deps, 'signer' | 'clock'>, token: string, action: LinkAction): string {
  return deps.signer.verify(token, action, deps.clock.now());
}

/**
 * A subject of two parts, `<id>:<part>` (a match and a side, a profile and
 * an update); `malformed` when a genuine token names something else.
 */
export function openPairLink(
  deps: Pick<Deps, 'signer' | 'clock'>,
  token: string,
  action: LinkAction,
  malformed: () => Error = () => new LinkInvalid(),
): [string, string] {
  const [id, part, ...rest] = openLink(deps, token, action).split(':');
  if (!id || !part || rest.length > 0) throw malformed();
  return [id, part];
}

export type Side = 'mentee' | 'mentor';

/**
 * The match a link is about, in the status the action needs. A link to a
 * match that is not stored is invalid; one whose match has moved on gets
 * `otherwise` (already answered, already ended).
 */
export async function openMatchLink(
  deps: Pick<Deps, 'signer' | 'clock' | 'matches'>,
  token: string,
  action: LinkAction,
  expect: MatchStatus,
  otherwise: () => Error,
): Promise<Match> {
  return matchIn(deps, openLink(deps, token, action), expect, otherwise);
}

/** As openMatchLink, for links sent to one side of a match (`<matchId>:<mentee|mentor>`). */
export async function openSidedMatchLink(
  deps: Pick<Deps, 'signer' | 'clock' | 'matches'>,
  token: string,
  action: LinkAction,
  expect: MatchStatus,
  otherwise: () => Error,
): Promise<{ match: Match; side: Side }> {
  const [matchId, side] = openPairLink(deps, token, action);
  if (side !== 'mentee' && side !== 'mentor') throw new LinkInvalid();
  return { match: await matchIn(deps, matchId, expect, otherwise), side };
}

async function matchIn(deps: Pick<Deps, 'matches'>, matchId: string, expect: MatchStatus, otherwise: () => Error): Promise<Match> {
  const match = await deps.matches.getMatch(matchId);
  if (!match) throw new LinkInvalid();
  if (match.status !== expect) throw otherwise();
  return match;
}

/** Both people of a match; LinkUsed when either has since been erased. */
export async function peopleOf(deps: Pick<Deps, 'profiles'>, match: Match): Promise<{ mentee: ProfileWithState; mentor: ProfileWithState }> {
  const [mentee, mentor] = await Promise.all([deps.profiles.getProfileWithState(match.menteeId), deps.profiles.getProfileWithState(match.mentorId)]);
  if (!mentee || !mentor) throw new LinkUsed();
  return { mentee, mentor };
}

/** The profile a link was signed for, with its matching state; LinkUsed once it is gone. */
export async function openProfileLink(deps: Pick<Deps, 'signer' | 'clock' | 'profiles'>, token: string, action: LinkAction): Promise<ProfileWithState> {
  const profile = await deps.profiles.getProfileWithState(openLink(deps, token, action));
  if (!profile) throw new LinkUsed();
  return profile;
}
