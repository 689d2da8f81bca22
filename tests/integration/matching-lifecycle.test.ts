/**
 * The match lifecycle through the local app on DynamoDB Local and the SES
 * emulator: proposal and introduction emails, decline and the next round,
 * reminders and expiry on a moved clock, pausing after two expiries, ending
 * and feedback, and erasure of a person with an open proposal. Each test has
 * its own app and table, so a round sees only that test's people.
 */
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { processProposalDeadlines } from '../../shared/app/proposals';
import { runMatchingRound } from '../../shared/app/rounds';
import { actionLink } from '../../shared/app/links';
import { reasonText } from '../../shared/domain/match';
import { councilByCode, skillById } from '../../shared/reference';
import { waitForMail } from '../support/mail';
import { clickThrough, linkTo, postForm, startTestApp, tokenOf, type TestApp } from '../support/app';
import { countMail, seedMentee, seedMentor, settle } from '../support/matching';

const DAY = 86_400_000;
const MINUTE = 60_000;
let world: TestApp | undefined;

/** A fresh app and table for this test; stopped after it. */
async function fresh(o: { outboxIntervalMs?: number } = {}) {
  world = await startTestApp(o);
  return world;
}

afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const round = async (w: TestApp) => (await runMatchingRound(w.deps, { trigger: 'admin' })).record!;
const state = async (w: TestApp, id: string) => (await w.deps.profiles.getProfileWithState(id))?.matching;
const onlyProposal = async (w: TestApp, menteeId: string) => {
  const own = (await w.deps.matches.listMatches('PROPOSED')).filter((m) => m.menteeId === menteeId);
  expect(own).toHaveLength(1);
  return own[0]!;
};

describe('proposal and introduction', () => {
  it('a round emails the mentor the mentee’s details, the explanation and Accept/Decline; accepting with the defaults introduces both people', async () => {
    const w = await fresh();
    const mentor = await seedMentor(w.deps, { name: 'Tom Reid', jobTitle: 'Chief digital officer' });
    const mentee = await seedMentee(w.deps, { name: 'Priya Shah', goals: 'Move from leading a team to leading a service.' });
    const record = await round(w);
    expect(record).toMatchObject({ mentees: 1, mentors: 1, proposed: 1 });
    const match = await onlyProposal(w, mentee.id);
    expect((await state(w, mentor.id))?.proposedCount).toBe(1);

    const proposal = await waitForMail({ to: mentor.email, subject: /A mentee has been matched with you/ });
    const text = proposal.body.text!;
    for (const expected of [
      'Priya Shah',
      'Manchester (North West)',
      'Service design lead',
      'Move from leading a team to leading a service.',
      ['data-strategy', 'cyber-security', 'agile-delivery'].map((id) => skillById.get(id)!.name).join(', '),
      'Why we matched you',
      // The mentor reads the skills reason about the mentee's priorities ("Shares 1 of the mentee’s 3 priority skills").
      ...match.reasons.map((r) => reasonText(r, 'mentor')),
    ]) {
      expect(text).toContain(expected);
    }
    expect(proposal.body.html).toContain('Accept this mentee');
    expect(proposal.body.html).toContain('Decline');

    // The page preselects the defaults; posting without choosing keeps them.
    const page = await (await fetch(linkTo(proposal, '/accept'))).text();
    expect(page).toMatch(/value="monthly"[^>]*checked/);
    expect(page).toMatch(/value="6"[^>]*checked/);
    const done = await clickThrough(w.app.url, linkTo(proposal, '/accept'));
    expect(done.status).toBe(200);
    expect(await w.deps.matches.getMatch(match.id)).toMatchObject({ status: 'ACCEPTED', rhythm: 'monthly', durationMonths: 6 });
    expect(await state(w, mentor.id)).toMatchObject({ acceptedCount: 1, proposedCount: 0 });

    const toMentee = (await waitForMail({ to: mentee.email, subject: /Meet your mentor/ })).body.text!;
    const toMentor = (await waitForMail({ to: mentor.email, subject: /Meet your mentee/ })).body.text!;
    for (const [body, other, reader] of [
      [toMentee, mentor, 'mentee'],
      [toMentor, mentee, 'mentor'],
    ] as const) {
      expect(body).toContain(other.name);
      expect(body).toContain(councilByCode.get(other.councilCode)!.name);
      expect(body).toContain(other.jobTitle);
      expect(body).toContain(other.email);
      expect(body).toContain('Meet every month for 6 months.');
      expect(body).toContain('Ideas for your first conversation');
      for (const r of match.reasons) expect(body).toContain(reasonText(r, reader));
    }
  });
});

describe('decline', () => {
  it('puts the mentee back in the pool; the next round proposes a different mentor and never the declined one', async () => {
    const w = await fresh();
    const mentors = [await seedMentor(w.deps, { capacity: 1 }), await seedMentor(w.deps, { capacity: 1, councilCode: 'E07000223' })];
    const mentee = await seedMentee(w.deps);
    await round(w);
    const first = await onlyProposal(w, mentee.id);
    const firstMentor = mentors.find((m) => m.id === first.mentorId)!;
    const otherMentor = mentors.find((m) => m.id !== first.mentorId)!;

    const proposal = await waitForMail({ to: firstMentor.email, subject: /matched with you/ });
    const page = await (await fetch(linkTo(proposal, '/decline'))).text();
    expect(page).toContain('Why are you declining? (optional)');
    const res = await clickThrough(w.app.url, linkTo(proposal, '/decline'), { reason: 'No time this quarter' });
    expect(res.status).toBe(200);
    expect(await w.deps.matches.getMatch(first.id)).toMatchObject({ status: 'DECLINED', declineReason: 'No time this quarter' });
    expect(await state(w, mentee.id)).toMatchObject({ openMatchId: undefined, excludedMentorIds: [firstMentor.id] });
    expect((await state(w, firstMentor.id))?.proposedCount).toBe(0);

    expect((await round(w)).proposed).toBe(1);
    const second = await onlyProposal(w, mentee.id);
    expect(second.mentorId).toBe(otherMentor.id);

    // Declined by both: no round proposes either of them again.
    await clickThrough(w.app.url, linkTo(await waitForMail({ to: otherMentor.email, subject: /matched with you/ }), '/decline'));
    expect((await round(w)).proposed).toBe(0);
    expect((await w.deps.matches.listMatches('PROPOSED')).filter((m) => m.menteeId === mentee.id)).toEqual([]);
  });
});

describe('no answer', () => {
  it('reminds once after 3 days, expires after 7 (mentee back in the pool), and pauses a mentor after two expiries in a row with a resume link that works', async () => {
    const w = await fresh();
    const mentor = await seedMentor(w.deps, { capacity: 1 });
    const mentees = [await seedMentee(w.deps), await seedMentee(w.deps)];
    await round(w);
    const [first] = await w.deps.matches.listMatches('PROPOSED');

    w.clock.advance(3 * DAY - MINUTE);
    expect(await processProposalDeadlines(w.deps)).toEqual({ reminded: 0, expired: 0, paused: 0 });
    w.clock.advance(2 * MINUTE);
    expect(await processProposalDeadlines(w.deps)).toEqual({ reminded: 1, expired: 0, paused: 0 });
    expect(await processProposalDeadlines(w.deps)).toEqual({ reminded: 0, expired: 0, paused: 0 });
    const reminder = await waitForMail({ to: mentor.email, subject: /Reminder: a mentee is waiting for your answer/ });
    expect(linkTo(reminder, '/accept')).toBeTruthy();
    await settle();
    expect(await countMail(mentor.email, /Reminder/)).toBe(1);

    w.clock.advance(4 * DAY);
    expect(await processProposalDeadlines(w.deps)).toEqual({ reminded: 0, expired: 1, paused: 0 });
    expect((await w.deps.matches.getMatch(first!.id))?.status).toBe('EXPIRED');
    expect(await state(w, first!.menteeId)).toMatchObject({ openMatchId: undefined, excludedMentorIds: [mentor.id] });
    expect(await state(w, mentor.id)).toMatchObject({ proposedCount: 0, expiriesInRow: 1 });
    expect((await w.deps.profiles.getProfileWithState(mentor.id))?.status).toBe('ACTIVE');

    // The other mentee gets the mentor next, and lets it lapse too.
    expect((await round(w)).proposed).toBe(1);
    const second = await onlyProposal(w, mentees.find((m) => m.id !== first!.menteeId)!.id);
    w.clock.advance(7 * DAY);
    expect(await processProposalDeadlines(w.deps)).toEqual({ reminded: 0, expired: 1, paused: 1 });
    expect((await w.deps.matches.getMatch(second.id))?.status).toBe('EXPIRED');
    expect((await w.deps.profiles.getProfileWithState(mentor.id))?.status).toBe('PAUSED');

    const paused = await waitForMail({ to: mentor.email, subject: /We have paused your mentor profile/ });
    expect(paused.body.text).toContain('You did not answer our last 2 proposals');
    // Paused mentors are left out of rounds.
    const newcomer = await seedMentee(w.deps);
    expect((await round(w)).proposed).toBe(0);

    const resumed = await clickThrough(w.app.url, linkTo(paused, '/resume'));
    expect(resumed.status).toBe(200);
    expect(await resumed.text()).toContain('Proposals resumed');
    expect((await w.deps.profiles.getProfileWithState(mentor.id))?.status).toBe('ACTIVE');
    expect((await state(w, mentor.id))?.expiriesInRow).toBe(0);
    expect((await round(w)).proposed).toBe(1);
    expect((await onlyProposal(w, newcomer.id)).mentorId).toBe(mentor.id);
  });
});

describe('ending a match', () => {
  it('frees the mentor’s place, asks both people one question, and stores each answer once', async () => {
    const w = await fresh();
    const mentor = await seedMentor(w.deps, { capacity: 1 });
    const mentee = await seedMentee(w.deps);
    await round(w);
    await clickThrough(w.app.url, linkTo(await waitForMail({ to: mentor.email, subject: /matched with you/ }), '/accept'), { rhythm: 'fortnightly', durationMonths: '9' });
    const intro = await waitForMail({ to: mentee.email, subject: /Meet your mentor/ });
    expect(intro.body.text).toContain('Meet every two weeks for 9 months.');
    expect((await state(w, mentor.id))?.acceptedCount).toBe(1);

    const ended = await clickThrough(w.app.url, linkTo(intro, '/end'));
    expect(ended.status).toBe(200);
    const [match] = await w.deps.matches.listMatches('ENDED');
    expect(match).toMatchObject({ menteeId: mentee.id, endedBy: 'mentee' });
    expect(await state(w, mentor.id)).toMatchObject({ acceptedCount: 0, proposedCount: 0 });
    expect((await state(w, mentee.id))?.openMatchId).toBeUndefined();

    const menteeAsk = await waitForMail({ to: mentee.email, subject: /has ended: one question/ });
    const mentorAsk = await waitForMail({ to: mentor.email, subject: /has ended: one question/ });
    const menteeForm = linkTo(menteeAsk, '/feedback');
    const form = await (await fetch(menteeForm)).text();
    for (const n of [1, 2, 3, 4, 5]) expect(form).toContain(`value="${n}"`);

    // An invalid answer shows the form again with the error, and stores nothing.
    const invalid = await postForm(`${w.app.url}/feedback`, { t: tokenOf(menteeForm), rating: '9' });
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('Select how useful the mentoring was, from 1 to 5');
    expect(await w.deps.matches.listFeedback(match!.id)).toEqual([]);

    const answer = await postForm(`${w.app.url}/feedback`, { t: tokenOf(menteeForm), rating: '4', comment: 'Really helpful' });
    expect(answer.status).toBe(200);
    const again = await postForm(`${w.app.url}/feedback`, { t: tokenOf(menteeForm), rating: '1', comment: 'Changed my mind' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This link has already been used');
    expect((await fetch(menteeForm)).status).toBe(409);

    // Five quick submissions of the mentor's form store one answer.
    const mentorToken = tokenOf(linkTo(mentorAsk, '/feedback'));
    const burst = await Promise.all(Array.from({ length: 5 }, () => postForm(`${w.app.url}/feedback`, { t: mentorToken, rating: '5' })));
    expect(burst.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);

    const stored = await w.deps.matches.listFeedback(match!.id);
    expect(stored.map(({ from, rating, comment }) => ({ from, rating, comment })).sort((a, b) => a.from.localeCompare(b.from))).toEqual([
      { from: 'mentee', rating: 4, comment: 'Really helpful' },
      { from: 'mentor', rating: 5, comment: undefined },
    ]);

    // The freed place goes to the next mentee.
    const next = await seedMentee(w.deps);
    expect((await round(w)).proposed).toBe(1);
    expect((await onlyProposal(w, next.id)).mentorId).toBe(mentor.id);
  });
});

describe('erasure of a mentee with an open proposal', () => {
  /**
   * Every item in the table whose attributes mention one of `needles`, except
   * the "your profile has been deleted" email to the erased address, which is
   * the one thing erasure is meant to leave (until it is sent).
   */
  async function itemsMentioning(w: TestApp, needles: string[]) {
    const doc = DynamoDBDocumentClient.from(w.dynamodb);
    const out = await doc.send(new ScanCommand({ TableName: w.tableName, ConsistentRead: true }));
    return (out.Items ?? [])
      .filter((item) => item.template !== 'erasure-done')
      .filter((item) => needles.some((n) => JSON.stringify(item).includes(n)))
      .map((i) => `${i.pk} ${i.sk} (${i.type}${i.template ? `, ${i.template}` : ''})`);
  }

  /** `sent`: wait until the proposal email has gone out before erasing (else it may be discarded unsent). */
  async function proposeAndErase(w: TestApp, o: { sent?: boolean } = {}) {
    const mentor = await seedMentor(w.deps, { capacity: 1 });
    const mentee = await seedMentee(w.deps, { name: 'Erin Erased' });
    await round(w);
    const match = await onlyProposal(w, mentee.id);
    expect((await state(w, mentor.id))?.proposedCount).toBe(1);
    if (o.sent) await waitForMail({ to: mentor.email, subject: /matched with you/ });
    const erased = await clickThrough(w.app.url, actionLink(w.deps, 'erase', mentee.id, 30));
    expect(erased.status).toBe(200);
    return { mentor, mentee, match };
  }

  it('frees the mentor’s pending place, closes the proposal and leaves no item of the person', async () => {
    const w = await fresh();
    const { mentor, mentee, match } = await proposeAndErase(w, { sent: true });

    expect(await state(w, mentor.id)).toMatchObject({ proposedCount: 0, acceptedCount: 0 });
    expect((await w.deps.matches.getMatch(match.id))?.status).not.toBe('PROPOSED');
    expect(await w.deps.profiles.countItemsOf(mentee.id)).toBe(0);
    expect(await w.deps.profiles.getProfileWithState(mentee.id)).toBeUndefined();
    await settle(500); // the sender blanks sent bodies
    expect(await itemsMentioning(w, [mentee.email, mentee.name])).toEqual([]);

    // The freed place goes to the next mentee.
    const next = await seedMentee(w.deps);
    expect((await round(w)).proposed).toBe(1);
    expect((await onlyProposal(w, next.id)).mentorId).toBe(mentor.id);
  });

  it('leaves none of the person’s details in mail still waiting in the outbox (the mentor’s unsent proposal)', async () => {
    // No sender: the proposal to the mentor is still in the outbox when the mentee is erased.
    const w = await fresh({ outboxIntervalMs: 0 });
    const { mentee } = await proposeAndErase(w);
    expect(await w.deps.profiles.countItemsOf(mentee.id)).toBe(0);
    expect(await itemsMentioning(w, [mentee.email, mentee.name])).toEqual([]);
  });
});
