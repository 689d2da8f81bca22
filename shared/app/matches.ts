/**
 * Match use cases: run a round, answer a proposal, end a match, pause and
 * resume, remind and expire, collect feedback. Every state change and the
 * emails it causes go to the store together (transactional outbox).
 */
import type { z } from 'zod';
import { AlreadyDecided, Conflict, LinkInvalid, LinkUsed, ValidationFailed } from '../domain/errors';
import { feedbackEmail, introductionEmail, matchClosedEmail, pausedEmail, proposalEmail } from '../domain/match-emails';
import { AcceptInput, DEFAULT_MATCH_POLICY, DeclineInput, FeedbackInput, type Match, type MatchPolicy } from '../domain/match';
import { ERASE_LINK_DAYS } from '../domain/profile-status';
import { toFieldErrors } from '../domain/validation';
import { runRound, type MatchMentee, type MatchMentor, type Unmatched, type WeightsInput } from '../matching';
import type { Deps, ProfileWithState, RoundRecord } from '../ports';
import { actionLink } from './links';
import { newOutboxMessage } from './outbox-message';

const DAY = 86_400_000;
const addDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY).toISOString();
const eraseLink = (deps: Deps, id: string) => actionLink(deps, 'erase', id, ERASE_LINK_DAYS);

function proposalLinks(deps: Deps, match: Match, policy: MatchPolicy) {
  return {
    accept: actionLink(deps, 'accept', match.id, policy.proposalLinkDays),
    decline: actionLink(deps, 'decline', match.id, policy.proposalLinkDays),
    pause: actionLink(deps, 'pause', match.mentorId, policy.longLinkDays),
    erase: eraseLink(deps, match.mentorId),
  };
}

export interface RoundOutcome {
  /** Absent when another round held the lease and this one did nothing. */
  record?: RoundRecord;
  unmatched: Unmatched[];
}

/**
 * A matching round. Steps:
 * 1. take the round lease, so two rounds at once do not do the work twice;
 * 2. read ACTIVE mentees with no open match, ACTIVE mentors with their spare
 *    places (capacity less accepted and pending proposals) and closed pairs;
 * 3. run the engine (most mentees matched, then highest total score);
 * 4. write each proposal with its email in one transaction whose conditions
 *    refuse a mentee who already has an open match (so even without the lease
 *    no mentee is proposed twice);
 * 5. record the round.
 */
export async function runMatchingRound(
  deps: Deps,
  o: { trigger: RoundRecord['trigger']; weights?: WeightsInput; policy?: MatchPolicy } = { trigger: 'schedule' },
): Promise<RoundOutcome> {
  const policy = o.policy ?? DEFAULT_MATCH_POLICY;
  const started = deps.clock.now();
  const roundId = deps.ids.next();
  if (!(await deps.rounds.acquireRoundLock(roundId, started, new Date(started.getTime() + 10 * 60_000)))) {
    deps.logger.info('Round skipped: another round is running', { roundId });
    return { unmatched: [] };
  }
  const t0 = performance.now();
  try {
    const [mentees, mentors] = await Promise.all([deps.profiles.listActive('mentee'), deps.profiles.listActive('mentor')]);
    const waiting = mentees.filter((m) => !m.matching.openMatchId);
    const byId = new Map<string, ProfileWithState>([...mentees, ...mentors].map((p) => [p.id, p]));
    const result = runRound({
      mentees: waiting.map((m): MatchMentee => ({ id: m.id, councilCode: m.councilCode, seniority: m.seniority, skills: m.skills, format: m.format })),
      mentors: mentors.flatMap((m): MatchMentor[] =>
        m.role === 'mentor'
          ? [{ id: m.id, councilCode: m.councilCode, seniority: m.seniority, skills: m.skills, format: m.format, capacity: m.capacity, spareCapacity: Math.max(0, Math.min(m.capacity, m.capacity - m.matching.acceptedCount - m.matching.proposedCount)) }]
          : [],
      ),
      exclusions: waiting.flatMap((m) => m.matching.excludedMentorIds.map((mentorId) => ({ menteeId: m.id, mentorId }))),
      weights: o.weights,
    });

    let proposed = 0;
    let skipped = 0;
    for (const p of result.proposals) {
      const now = deps.clock.now();
      const match: Match = {
        id: deps.ids.next(),
        roundId,
        menteeId: p.menteeId,
        mentorId: p.mentorId,
        status: 'PROPOSED',
        score: p.score,
        reasons: p.reasons,
        proposedAt: now.toISOString(),
        remindAt: addDays(now, policy.reminderAfterDays),
        expiresAt: addDays(now, policy.expireAfterDays),
      };
      const mentee = byId.get(p.menteeId)!;
      const mentor = byId.get(p.mentorId)!;
      const email = proposalEmail({ match, mentee, mentor, links: proposalLinks(deps, match, policy) });
      try {
        await deps.matches.propose(match, [newOutboxMessage(deps, email, mentor.id, match.id)]);
        proposed++;
      } catch (error) {
        if (!(error instanceof Conflict)) throw error;
        skipped++;
      }
    }
    const finished = deps.clock.now();
    const record: RoundRecord = {
      id: roundId,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      trigger: o.trigger,
      mentees: waiting.length,
      mentors: mentors.length,
      places: result.stats.places,
      proposed,
      skipped,
      totalScore: result.stats.totalScore,
      durationMs: Math.round(performance.now() - t0),
    };
    await deps.rounds.saveRound(record);
    deps.logger.info('Round finished', { ...record });
    return { record, unmatched: result.unmatched };
  } finally {
    await deps.rounds.releaseRoundLock(roundId);
  }
}

export interface ProposalView {
  match: Match;
  mentee: ProfileWithState;
  mentor: ProfileWithState;
}

async function openProposal(token: string, action: 'accept' | 'decline', deps: Deps): Promise<ProposalView> {
  const matchId = deps.signer.verify(token, action, deps.clock.now());
  const match = await deps.matches.getMatch(matchId);
  if (!match) throw new LinkInvalid();
  if (match.status !== 'PROPOSED') throw new AlreadyDecided();
  const [mentee, mentor] = await Promise.all([deps.profiles.getProfileWithState(match.menteeId), deps.profiles.getProfileWithState(match.mentorId)]);
  if (!mentee || !mentor) throw new LinkUsed();
  return { match, mentee, mentor };
}

export const previewAccept = (token: string, deps: Deps) => openProposal(token, 'accept', deps);
export const previewDecline = (token: string, deps: Deps) => openProposal(token, 'decline', deps);

function parseOr400<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationFailed(toFieldErrors(r.error));
  return r.data;
}

/** Accepts a proposal: the status change and one of the mentor's places in one transaction, and both introductions. */
export async function acceptProposal(token: string, input: unknown, deps: Deps, policy = DEFAULT_MATCH_POLICY): Promise<ProposalView> {
  const answer = parseOr400(AcceptInput, input);
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
export async function declineProposal(token: string, input: unknown, deps: Deps): Promise<ProposalView> {
  const { reason } = parseOr400(DeclineInput, input);
  const view = await openProposal(token, 'decline', deps);
  const decidedAt = deps.clock.now().toISOString();
  await deps.matches.close(view.match.id, 'DECLINED', { decidedAt, declineReason: reason }, []);
  return { ...view, match: { ...view.match, status: 'DECLINED', decidedAt, declineReason: reason } };
}

async function openEnd(token: string, deps: Deps) {
  const subject = deps.signer.verify(token, 'end', deps.clock.now());
  const [matchId, role] = subject.split(':');
  if (!matchId || (role !== 'mentee' && role !== 'mentor')) throw new LinkInvalid();
  const match = await deps.matches.getMatch(matchId);
  if (!match) throw new LinkInvalid();
  if (match.status !== 'ACCEPTED') throw new LinkUsed();
  const [mentee, mentor] = await Promise.all([deps.profiles.getProfileWithState(match.menteeId), deps.profiles.getProfileWithState(match.mentorId)]);
  if (!mentee || !mentor) throw new LinkUsed();
  return { match, role: role as 'mentee' | 'mentor', mentee, mentor };
}

export const previewEnd = openEnd;

/** Ends an accepted match: frees the mentor's place and asks both people one feedback question. */
export async function endMatch(token: string, deps: Deps, policy = DEFAULT_MATCH_POLICY) {
  const view = await openEnd(token, deps);
  const feedbackLink = (role: 'mentee' | 'mentor') => actionLink(deps, 'feedback', `${view.match.id}:${role}`, policy.longLinkDays);
  const emails = [
    newOutboxMessage(deps, feedbackEmail({ to: view.mentee, other: view.mentor, feedback: feedbackLink('mentee'), erase: eraseLink(deps, view.mentee.id) }), view.mentee.id, view.match.id),
    newOutboxMessage(deps, feedbackEmail({ to: view.mentor, other: view.mentee, feedback: feedbackLink('mentor'), erase: eraseLink(deps, view.mentor.id) }), view.mentor.id, view.match.id),
  ];
  await deps.matches.end(view.match.id, { endedAt: deps.clock.now().toISOString(), endedBy: view.role }, emails);
  return view;
}

async function openPause(token: string, action: 'pause' | 'resume', deps: Deps) {
  const id = deps.signer.verify(token, action, deps.clock.now());
  const profile = await deps.profiles.getProfileWithState(id);
  if (!profile) throw new LinkUsed();
  return profile;
}

export const previewPause = (token: string, deps: Deps) => openPause(token, 'pause', deps);
export const previewResume = (token: string, deps: Deps) => openPause(token, 'resume', deps);

/** Pauses new proposals for a mentor (current matches carry on). The email carries the resume link. */
export async function pauseMentor(token: string, deps: Deps, policy = DEFAULT_MATCH_POLICY) {
  const profile = await openPause(token, 'pause', deps);
  if (profile.status !== 'ACTIVE') throw new LinkUsed();
  const email = pausedEmail({ mentor: profile, resume: actionLink(deps, 'resume', profile.id, policy.longLinkDays), erase: eraseLink(deps, profile.id), reason: 'request' });
  await deps.profiles.setPaused(profile.id, true, deps.clock.now().toISOString(), [newOutboxMessage(deps, email, profile.id)]).catch(asLinkUsed);
  return profile;
}

export async function resumeMentor(token: string, deps: Deps) {
  const profile = await openPause(token, 'resume', deps);
  if (profile.status !== 'PAUSED') throw new LinkUsed();
  await deps.profiles.setPaused(profile.id, false, deps.clock.now().toISOString(), []).catch(asLinkUsed);
  return profile;
}

function asLinkUsed(error: unknown): never {
  throw error instanceof Conflict ? new LinkUsed() : error;
}

async function openFeedback(token: string, deps: Deps) {
  const subject = deps.signer.verify(token, 'feedback', deps.clock.now());
  const [matchId, role] = subject.split(':');
  if (!matchId || (role !== 'mentee' && role !== 'mentor')) throw new LinkInvalid();
  const match = await deps.matches.getMatch(matchId);
  if (!match || match.status !== 'ENDED') throw new LinkInvalid();
  if ((await deps.matches.listFeedback(matchId)).some((f) => f.from === role)) throw new LinkUsed();
  return { match, role: role as 'mentee' | 'mentor' };
}

export const previewFeedback = openFeedback;

export async function submitFeedback(token: string, input: unknown, deps: Deps) {
  const answer = parseOr400(FeedbackInput, input);
  const { match, role } = await openFeedback(token, deps);
  const saved = await deps.matches.saveFeedback({ ...answer, matchId: match.id, from: role, at: deps.clock.now().toISOString() });
  if (!saved) throw new LinkUsed();
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

async function pauseAfterExpiries(mentorId: string, deps: Deps, policy: MatchPolicy): Promise<boolean> {
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
