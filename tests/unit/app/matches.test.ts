/**
 * Match use cases on the memory store with a hand-moved clock: rounds,
 * accept, decline, end, pause and resume, feedback, reminders and expiry,
 * and erasure of a person in a match.
 */
import { describe, expect, it } from 'vitest';
import { eraseProfile } from '../../../shared/app/erasure';
import { pauseMentor, resumeMentor } from '../../../shared/app/availability';
import { endMatch } from '../../../shared/app/lifecycle';
import { previewAccept, previewDecline, processProposalDeadlines } from '../../../shared/app/proposals';
import { runMatchingRound } from '../../../shared/app/rounds';
import { AlreadyDecided, CapacityReached, Conflict, LinkExpired, LinkInvalid, LinkUsed, ValidationFailed } from '../../../shared/domain/errors';
import { DEFAULT_MATCH_POLICY, type MatchPolicy } from '../../../shared/domain/match';
import type { OutgoingEmail } from '../../../shared/ports';
import { memoryDeps, TEST_BASE_URL } from '../../fixtures/deps';
import { proposeDirect, seedMentee, seedMentor, acceptWith, declineWith, feedbackWith } from '../../support/matching';

const DAY = 86_400_000;
const MINUTE = 60_000;

type World = ReturnType<typeof memoryDeps>;

/** The token of the `<base>/<action>?t=…` link in an email's text part. */
function tokenIn(email: Pick<OutgoingEmail, 'text'>, action: string): string {
  const found = new RegExp(`${TEST_BASE_URL}/${action}\\?t=(\\S+)`).exec(email.text);
  if (!found) throw new Error(`No /${action} link in the email`);
  return decodeURIComponent(found[1]!);
}

/** Emails queued to `to` (nothing is sent in these tests), optionally of one template. */
const mailTo = (w: World, to: string, template?: string) =>
  w.outbox.allOutbox().map((m) => m.email).filter((e) => e.to === to && (!template || e.template === template));

const stateOf = async (w: World, id: string) => (await w.deps.profiles.getProfileWithState(id))!.matching;
const statusOf = async (w: World, id: string) => (await w.deps.matches.getMatch(id))?.status;

/** One mentee and one mentor (capacity 2), proposed to each other by a round. */
async function proposed(w: World = memoryDeps(), mentorOverrides: Record<string, unknown> = {}) {
  const mentor = await seedMentor(w.deps, mentorOverrides);
  const mentee = await seedMentee(w.deps);
  const { record } = await runMatchingRound(w.deps, { trigger: 'admin' });
  const [match] = (await w.deps.matches.listMatches('PROPOSED')).filter((m) => m.menteeId === mentee.id);
  const proposal = mailTo(w, mentor.email, 'proposal').at(-1)!;
  return { ...w, w, mentor, mentee, match: match!, record: record!, proposal, accept: tokenIn(proposal, 'accept'), decline: tokenIn(proposal, 'decline') };
}

/** An accepted match; returns the introductions and their end links. */
async function accepted() {
  const p = await proposed();
  await acceptWith(p.accept, { rhythm: 'weekly', durationMonths: '3' }, p.deps);
  const toMentee = mailTo(p.w, p.mentee.email, 'introduction-mentee')[0]!;
  const toMentor = mailTo(p.w, p.mentor.email, 'introduction-mentor')[0]!;
  return { ...p, toMentee, toMentor, menteeEnd: tokenIn(toMentee, 'end'), mentorEnd: tokenIn(toMentor, 'end') };
}

describe('a matching round', () => {
  it('proposes a waiting ACTIVE mentee to a mentor with a spare place, emails the mentor, and records the round', async () => {
    const { w, deps, mentor, mentee, match, record, proposal, clock } = await proposed();
    expect(match).toMatchObject({ menteeId: mentee.id, mentorId: mentor.id, status: 'PROPOSED', roundId: record.id });
    expect(match.reasons.length).toBeGreaterThan(0);
    expect(Date.parse(match.remindAt) - clock.now().getTime()).toBe(3 * DAY);
    expect(Date.parse(match.expiresAt) - clock.now().getTime()).toBe(7 * DAY);
    expect(await stateOf(w, mentee.id)).toMatchObject({ openMatchId: match.id });
    expect(await stateOf(w, mentor.id)).toMatchObject({ proposedCount: 1, acceptedCount: 0 });
    expect(proposal.subject).toBe('A mentee has been matched with you');
    expect(record).toMatchObject({ trigger: 'admin', mentees: 1, mentors: 1, places: 2, proposed: 1, skipped: 0, totalScore: match.score });
    expect(await deps.rounds.listRounds(5)).toEqual([record]);
  });

  it('counts pending proposals against the mentor’s capacity', async () => {
    const w = memoryDeps();
    const mentor = await seedMentor(w.deps, { capacity: 1 });
    await seedMentee(w.deps);
    expect((await runMatchingRound(w.deps)).record?.proposed).toBe(1);
    await seedMentee(w.deps);
    const second = await runMatchingRound(w.deps);
    expect(second.record).toMatchObject({ mentees: 1, places: 0, proposed: 0 });
    expect(second.unmatched).toHaveLength(1);
    expect((await stateOf(w, mentor.id)).proposedCount).toBe(1);
  });

  it('leaves out paused mentors and unverified people', async () => {
    const w = memoryDeps();
    const mentor = await seedMentor(w.deps);
    await w.deps.profiles.setPaused(mentor.id, true, w.clock.now().toISOString(), []);
    await seedMentee(w.deps);
    expect((await runMatchingRound(w.deps)).record).toMatchObject({ mentors: 0, proposed: 0 });
  });

  it('run again with nothing changed, proposes nothing new', async () => {
    const { w } = await proposed();
    const again = await runMatchingRound(w.deps);
    expect(again.record).toMatchObject({ mentees: 0, proposed: 0 });
    expect(await w.deps.matches.listMatches('PROPOSED')).toHaveLength(1);
  });

  it('does nothing while another round holds the lease', async () => {
    const w = memoryDeps();
    await seedMentor(w.deps);
    await seedMentee(w.deps);
    await w.deps.rounds.acquireRoundLock('other-round', w.clock.now(), new Date(w.clock.now().getTime() + MINUTE));
    expect(await runMatchingRound(w.deps)).toEqual({ unmatched: [] });
    expect(await w.deps.matches.listMatches('PROPOSED')).toEqual([]);
    expect(await w.deps.rounds.listRounds(5)).toEqual([]);
  });

  it('counts a proposal another round wrote first as skipped, not as an error', async () => {
    const w = memoryDeps();
    await seedMentor(w.deps);
    await seedMentee(w.deps);
    w.deps.matches.propose = async () => {
      throw new Conflict('The mentee or mentor changed since the round read them');
    };
    expect((await runMatchingRound(w.deps)).record).toMatchObject({ proposed: 0, skipped: 1 });
  });
});

describe('accepting a proposal', () => {
  it('moves the match to ACCEPTED with the answers, takes a place and queues both introductions', async () => {
    const p = await proposed();
    await acceptWith(p.accept, { rhythm: 'weekly', durationMonths: '3' }, p.deps);
    expect(await p.deps.matches.getMatch(p.match.id)).toMatchObject({ status: 'ACCEPTED', rhythm: 'weekly', durationMonths: 3, decidedAt: p.clock.now().toISOString() });
    expect(await stateOf(p.w, p.mentor.id)).toMatchObject({ acceptedCount: 1, proposedCount: 0 });
    const [toMentee] = mailTo(p.w, p.mentee.email, 'introduction-mentee');
    const [toMentor] = mailTo(p.w, p.mentor.email, 'introduction-mentor');
    expect(toMentee?.text).toContain('Meet every week for 3 months.');
    expect(toMentee?.text).toContain(p.mentor.email);
    expect(toMentor?.text).toContain(p.mentee.email);
    expect(tokenIn(toMentor!, 'pause')).toBeTruthy();
    expect(() => tokenIn(toMentee!, 'pause')).toThrow();
  });

  it('defaults to monthly for 6 months', async () => {
    const p = await proposed();
    await acceptWith(p.accept, {}, p.deps);
    expect(await p.deps.matches.getMatch(p.match.id)).toMatchObject({ rhythm: 'monthly', durationMonths: 6 });
  });

  it('happens once: a second accept is AlreadyDecided and queues nothing', async () => {
    const p = await proposed();
    await acceptWith(p.accept, {}, p.deps);
    const queued = p.outbox.allOutbox().length;
    await expect(acceptWith(p.accept, {}, p.deps)).rejects.toBeInstanceOf(AlreadyDecided);
    await expect(previewAccept(p.accept, p.deps)).rejects.toBeInstanceOf(AlreadyDecided);
    expect(p.outbox.allOutbox()).toHaveLength(queued);
  });

  it('is refused with CapacityReached when the mentor has no free place, leaving the proposal PROPOSED', async () => {
    const w = memoryDeps();
    const mentor = await seedMentor(w.deps, { capacity: 1 });
    const first = await proposeDirect(w.deps, await seedMentee(w.deps), mentor);
    const second = await proposeDirect(w.deps, await seedMentee(w.deps), mentor);
    await acceptWith(first.acceptToken, {}, w.deps);
    const queued = w.outbox.allOutbox().length;
    await expect(acceptWith(second.acceptToken, {}, w.deps)).rejects.toBeInstanceOf(CapacityReached);
    expect(await statusOf(w, second.match.id)).toBe('PROPOSED');
    expect(await stateOf(w, mentor.id)).toMatchObject({ acceptedCount: 1, proposedCount: 1 });
    expect(w.outbox.allOutbox()).toHaveLength(queued);
  });

  it('refuses an invalid answer with ValidationFailed and changes nothing', async () => {
    const p = await proposed();
    const queued = p.outbox.allOutbox().length;
    const error = await acceptWith(p.accept, { rhythm: 'hourly', durationMonths: '5' }, p.deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).errors.map((e) => e.path).sort()).toEqual(['durationMonths', 'rhythm']);
    expect(await statusOf(p.w, p.match.id)).toBe('PROPOSED');
    expect(p.outbox.allOutbox()).toHaveLength(queued);
  });

  it('refuses a decline token, a tampered token and an expired one', async () => {
    const p = await proposed();
    await expect(acceptWith(p.decline, {}, p.deps)).rejects.toBeInstanceOf(LinkInvalid);
    await expect(acceptWith(`${p.accept}x`, {}, p.deps)).rejects.toBeInstanceOf(LinkInvalid);
    p.clock.advance(DEFAULT_MATCH_POLICY.proposalLinkDays * DAY + MINUTE);
    await expect(acceptWith(p.accept, {}, p.deps)).rejects.toBeInstanceOf(LinkExpired);
    expect(await statusOf(p.w, p.match.id)).toBe('PROPOSED');
  });
});

describe('declining a proposal', () => {
  it('closes it with the reason, returns the mentee to the pool and frees the pending place, with no email', async () => {
    const p = await proposed();
    const queued = p.outbox.allOutbox().length;
    await previewDecline(p.decline, p.deps);
    await declineWith(p.decline, { reason: '  Too busy  ' }, p.deps);
    expect(await p.deps.matches.getMatch(p.match.id)).toMatchObject({ status: 'DECLINED', declineReason: 'Too busy' });
    expect(await stateOf(p.w, p.mentee.id)).toMatchObject({ openMatchId: undefined, excludedMentorIds: [p.mentor.id] });
    expect(await stateOf(p.w, p.mentor.id)).toMatchObject({ proposedCount: 0, expiriesInRow: 0 });
    expect(p.outbox.allOutbox()).toHaveLength(queued);
  });

  it('leads the next round to another mentor, and never back to the declined one', async () => {
    const p = await proposed();
    const other = await seedMentor(p.deps, { councilCode: 'E07000223' });
    await declineWith(p.decline, {}, p.deps);
    await runMatchingRound(p.deps);
    const [next] = await p.deps.matches.listMatches('PROPOSED');
    expect(next?.mentorId).toBe(other.id);
    await declineWith(tokenIn(mailTo(p.w, other.email, 'proposal')[0]!, 'decline'), {}, p.deps);
    expect((await runMatchingRound(p.deps)).record?.proposed).toBe(0);
  });

  it('is refused after an accept, and with a reason over 500 characters', async () => {
    const p = await proposed();
    await expect(declineWith(p.decline, { reason: 'x'.repeat(501) }, p.deps)).rejects.toBeInstanceOf(ValidationFailed);
    expect(await statusOf(p.w, p.match.id)).toBe('PROPOSED');
    await acceptWith(p.accept, {}, p.deps);
    await expect(declineWith(p.decline, {}, p.deps)).rejects.toBeInstanceOf(AlreadyDecided);
  });
});

describe('ending a match', () => {
  it('frees the mentor’s place and the mentee, and asks both people one question', async () => {
    const a = await accepted();
    await endMatch(a.menteeEnd, a.deps);
    expect(await a.deps.matches.getMatch(a.match.id)).toMatchObject({ status: 'ENDED', endedBy: 'mentee', endedAt: a.clock.now().toISOString() });
    expect(await stateOf(a.w, a.mentor.id)).toMatchObject({ acceptedCount: 0 });
    expect(await stateOf(a.w, a.mentee.id)).toMatchObject({ openMatchId: undefined, excludedMentorIds: [a.mentor.id] });
    for (const email of [a.mentee.email, a.mentor.email]) {
      const [ask] = mailTo(a.w, email, 'feedback-request');
      expect(tokenIn(ask!, 'feedback')).toBeTruthy();
    }
  });

  it('happens once: either person’s link afterwards is LinkUsed', async () => {
    const a = await accepted();
    await endMatch(a.mentorEnd, a.deps);
    expect((await a.deps.matches.getMatch(a.match.id))?.endedBy).toBe('mentor');
    await expect(endMatch(a.mentorEnd, a.deps)).rejects.toBeInstanceOf(LinkUsed);
    await expect(endMatch(a.menteeEnd, a.deps)).rejects.toBeInstanceOf(LinkUsed);
    expect(mailTo(a.w, a.mentee.email, 'feedback-request')).toHaveLength(1);
  });

  it('refuses a link for a proposal not yet accepted, and a token without a role', async () => {
    const p = await proposed();
    const soon = new Date(p.clock.now().getTime() + DAY);
    await expect(endMatch(p.deps.signer.sign('end', `${p.match.id}:mentee`, soon), p.deps)).rejects.toBeInstanceOf(LinkUsed);
    await expect(endMatch(p.deps.signer.sign('end', p.match.id, soon), p.deps)).rejects.toBeInstanceOf(LinkInvalid);
    await expect(endMatch(p.deps.signer.sign('end', `${p.match.id}:admin`, soon), p.deps)).rejects.toBeInstanceOf(LinkInvalid);
    expect(await statusOf(p.w, p.match.id)).toBe('PROPOSED');
  });
});

describe('feedback', () => {
  it('stores one answer per person from their own link; a second is LinkUsed; an invalid one changes nothing', async () => {
    const a = await accepted();
    await endMatch(a.menteeEnd, a.deps);
    const menteeLink = tokenIn(mailTo(a.w, a.mentee.email, 'feedback-request')[0]!, 'feedback');
    const mentorLink = tokenIn(mailTo(a.w, a.mentor.email, 'feedback-request')[0]!, 'feedback');
    await expect(feedbackWith(menteeLink, { rating: '6' }, a.deps)).rejects.toBeInstanceOf(ValidationFailed);
    expect(await a.deps.matches.listFeedback(a.match.id)).toEqual([]);

    await feedbackWith(menteeLink, { rating: '4', comment: ' Useful ' }, a.deps);
    await expect(feedbackWith(menteeLink, { rating: '1' }, a.deps)).rejects.toBeInstanceOf(LinkUsed);
    await feedbackWith(mentorLink, { rating: '5' }, a.deps);
    const stored = (await a.deps.matches.listFeedback(a.match.id)).sort((x, y) => x.from.localeCompare(y.from));
    expect(stored).toEqual([
      { matchId: a.match.id, from: 'mentee', rating: 4, comment: 'Useful', at: a.clock.now().toISOString() },
      { matchId: a.match.id, from: 'mentor', rating: 5, at: a.clock.now().toISOString() },
    ]);
  });

  it('is refused for a match that has not ended', async () => {
    const a = await accepted();
    const token = a.deps.signer.sign('feedback', `${a.match.id}:mentee`, new Date(a.clock.now().getTime() + DAY));
    await expect(feedbackWith(token, { rating: '3' }, a.deps)).rejects.toBeInstanceOf(LinkInvalid);
  });
});

describe('pausing and resuming', () => {
  it('pauses new proposals with an email carrying the resume link; resuming brings the mentor back into rounds; each link works once', async () => {
    const a = await accepted();
    const pause = tokenIn(a.toMentor, 'pause');
    await pauseMentor(pause, a.deps);
    expect((await a.deps.profiles.getProfileWithState(a.mentor.id))?.status).toBe('PAUSED');
    // Current matches carry on.
    expect(await statusOf(a.w, a.match.id)).toBe('ACCEPTED');
    await expect(pauseMentor(pause, a.deps)).rejects.toBeInstanceOf(LinkUsed);
    const [notice] = mailTo(a.w, a.mentor.email, 'paused-request');
    const resume = tokenIn(notice!, 'resume');
    await expect(pauseMentor(resume, a.deps)).rejects.toBeInstanceOf(LinkInvalid);

    await seedMentee(a.deps);
    expect((await runMatchingRound(a.deps)).record?.proposed).toBe(0);
    await resumeMentor(resume, a.deps);
    await expect(resumeMentor(resume, a.deps)).rejects.toBeInstanceOf(LinkUsed);
    expect((await a.deps.profiles.getProfileWithState(a.mentor.id))?.status).toBe('ACTIVE');
    expect((await runMatchingRound(a.deps)).record?.proposed).toBe(1);
  });
});

describe('proposal deadlines', () => {
  it('reminds the mentor once after 3 days and expires the proposal after 7, returning the mentee to the pool', async () => {
    const p = await proposed();
    p.clock.advance(3 * DAY - MINUTE);
    expect(await processProposalDeadlines(p.deps)).toEqual({ reminded: 0, expired: 0, paused: 0 });
    p.clock.advance(MINUTE);
    expect(await processProposalDeadlines(p.deps)).toEqual({ reminded: 1, expired: 0, paused: 0 });
    expect(await processProposalDeadlines(p.deps)).toEqual({ reminded: 0, expired: 0, paused: 0 });
    const reminders = mailTo(p.w, p.mentor.email, 'proposal-reminder');
    expect(reminders).toHaveLength(1);
    // The reminder's links still answer the same proposal.
    expect(tokenIn(reminders[0]!, 'accept')).toBeTruthy();

    p.clock.advance(4 * DAY - MINUTE);
    expect((await processProposalDeadlines(p.deps)).expired).toBe(0);
    p.clock.advance(MINUTE);
    expect(await processProposalDeadlines(p.deps)).toEqual({ reminded: 0, expired: 1, paused: 0 });
    expect(await p.deps.matches.getMatch(p.match.id)).toMatchObject({ status: 'EXPIRED', decidedAt: p.clock.now().toISOString() });
    expect(await stateOf(p.w, p.mentee.id)).toMatchObject({ openMatchId: undefined, excludedMentorIds: [p.mentor.id] });
    expect(await stateOf(p.w, p.mentor.id)).toMatchObject({ proposedCount: 0, expiriesInRow: 1 });
    await expect(acceptWith(p.accept, {}, p.deps)).rejects.toBeInstanceOf(AlreadyDecided);
  });

  it('follows a configured policy', async () => {
    const policy: MatchPolicy = { ...DEFAULT_MATCH_POLICY, reminderAfterDays: 1, expireAfterDays: 2 };
    const w = memoryDeps();
    await seedMentor(w.deps);
    await seedMentee(w.deps);
    await runMatchingRound(w.deps, { trigger: 'admin', policy });
    w.clock.advance(DAY);
    expect(await processProposalDeadlines(w.deps, policy)).toMatchObject({ reminded: 1 });
    w.clock.advance(DAY);
    expect(await processProposalDeadlines(w.deps, policy)).toMatchObject({ expired: 1 });
  });

  it('pauses a mentor after two expiries in a row and emails a resume link', async () => {
    const w = memoryDeps();
    const mentor = await seedMentor(w.deps, { capacity: 1 });
    await seedMentee(w.deps);
    await seedMentee(w.deps);
    for (const expected of [{ expired: 1, paused: 0 }, { expired: 1, paused: 1 }]) {
      expect((await runMatchingRound(w.deps)).record?.proposed).toBe(1);
      w.clock.advance(7 * DAY);
      expect(await processProposalDeadlines(w.deps)).toMatchObject(expected);
    }
    expect((await w.deps.profiles.getProfileWithState(mentor.id))?.status).toBe('PAUSED');
    const [notice] = mailTo(w, mentor.email, 'paused-expiries');
    expect(notice?.text).toContain('You did not answer our last 2 proposals');
    await resumeMentor(tokenIn(notice!, 'resume'), w.deps);
    expect(await w.deps.profiles.getProfileWithState(mentor.id)).toMatchObject({ status: 'ACTIVE', matching: { expiriesInRow: 0 } });
  });

  it('does not pause a mentor whose expiries were broken by an answer', async () => {
    const w = memoryDeps();
    const mentor = await seedMentor(w.deps, { capacity: 1 });
    for (let i = 0; i < 3; i++) await seedMentee(w.deps);
    await runMatchingRound(w.deps);
    w.clock.advance(7 * DAY);
    await processProposalDeadlines(w.deps);
    await runMatchingRound(w.deps);
    const decline = tokenIn(mailTo(w, mentor.email, 'proposal').at(-1)!, 'decline');
    await declineWith(decline, {}, w.deps);
    await runMatchingRound(w.deps);
    w.clock.advance(7 * DAY);
    expect(await processProposalDeadlines(w.deps)).toMatchObject({ expired: 1, paused: 0 });
    expect((await w.deps.profiles.getProfileWithState(mentor.id))?.status).toBe('ACTIVE');
  });
});

describe('erasure of a person in a match', () => {
  const eraseToken = (w: World, id: string) => w.deps.signer.sign('erase', id, new Date(w.clock.now().getTime() + DAY));

  it('of a mentee with an open proposal frees the mentor’s pending place', async () => {
    const p = await proposed();
    await eraseProfile(eraseToken(p.w, p.mentee.id), p.deps);
    expect(await stateOf(p.w, p.mentor.id)).toMatchObject({ proposedCount: 0 });
    expect(await statusOf(p.w, p.match.id)).toBe('DECLINED');
    expect(await p.deps.profiles.countItemsOf(p.mentee.id)).toBe(0);
  });

  it('of a mentor with an accepted match ends it and returns the mentee to the pool', async () => {
    const a = await accepted();
    await eraseProfile(eraseToken(a.w, a.mentor.id), a.deps);
    expect(await a.deps.matches.getMatch(a.match.id)).toMatchObject({ status: 'ENDED', endedBy: 'erasure' });
    expect(await stateOf(a.w, a.mentee.id)).toMatchObject({ openMatchId: undefined });
    // The mentee is told, and the email names nobody.
    const notices = mailTo(a.w, a.mentee.email, 'match-closed');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.subject).toBe('Your mentoring match has ended');
    expect(notices[0]!.html).not.toContain(a.mentor.name);
    expect(notices[0]!.text).not.toContain(a.mentor.email);
  });
});
