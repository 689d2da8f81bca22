/**
 * The races the match lifecycle must win, on DynamoDB Local and the SES
 * emulator: many accepts for one free place, many clicks of one accept
 * link, and matching rounds running at the same time or one after another.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processProposalDeadlines } from '../../shared/app/proposals';
import { runMatchingRound } from '../../shared/app/rounds';
import { buildDeps, emulatorClientConfig } from '../../shared/deps';
import type { Deps, ProfileWithState } from '../../shared/ports';
import { silentLogger } from '../fixtures/deps';
import { newTestTable, type TestTable } from '../support/dynamodb';
import { emulatorEndpoints } from '../support/endpoints';
import { waitForMail } from '../support/mail';
import { linkTo, postForm, startTestApp, type TestApp } from '../support/app';
import { countMail, proposeDirect, seedMentee, seedMentor, settle, acceptWith } from '../support/matching';
import { waitFor } from '../support/wait';

let world: TestApp;

beforeAll(async () => {
  world = await startTestApp();
});

afterAll(async () => {
  await world?.stop();
});

const statusesOf = (responses: Response[]) => responses.map((r) => r.status).sort();

describe('fifty accepts for a mentor with one free place', () => {
  it('accepts exactly one; the other 49 get a "no free places" page (409) and stay PROPOSED', async () => {
    const { app, deps } = world;
    const mentor = await seedMentor(deps, { capacity: 2 });
    // One of the two places is already taken.
    const earlier = await proposeDirect(deps, await seedMentee(deps), mentor);
    await acceptWith(earlier.acceptToken, {}, deps);

    const mentees = await Promise.all(Array.from({ length: 50 }, () => seedMentee(deps)));
    const proposals = await Promise.all(mentees.map((m) => proposeDirect(deps, m, mentor)));
    expect((await deps.profiles.getProfileWithState(mentor.id))?.matching).toMatchObject({ acceptedCount: 1, proposedCount: 50 });

    const responses = await Promise.all(
      proposals.map((p) => postForm(`${app.url}/accept`, { t: p.acceptToken, rhythm: 'monthly', durationMonths: '6' })),
    );
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(statusesOf(responses)).toEqual([200, ...Array<number>(49).fill(409)]);
    const winner = responses.findIndex((r) => r.status === 200);
    expect(bodies[winner]).toContain('Mentee accepted');
    for (const [i, body] of bodies.entries()) {
      if (i !== winner) expect(body).toContain('You have no free places for another mentee');
    }

    const matches = await Promise.all(proposals.map((p) => deps.matches.getMatch(p.match.id)));
    expect(matches.map((m) => m?.status).filter((s) => s === 'ACCEPTED')).toHaveLength(1);
    expect(matches[winner]?.status).toBe('ACCEPTED');
    expect(matches.filter((m) => m?.status === 'PROPOSED')).toHaveLength(49);
    expect((await deps.profiles.getProfileWithState(mentor.id))?.matching).toMatchObject({ acceptedCount: 2, proposedCount: 49 });
  });
});

describe('twenty clicks of one accept link', () => {
  it('accepts once and sends exactly one introduction to each person', async () => {
    const { app, deps } = world;
    const mentor = await seedMentor(deps, { capacity: 3 });
    const mentee = await seedMentee(deps);
    const { match } = await proposeDirect(deps, mentee, mentor, { withEmail: true });
    const proposal = await waitForMail({ to: mentor.email, subject: /A mentee has been matched with you/ });
    const page = await (await fetch(linkTo(proposal, '/accept'))).text();
    const token = /name="t" value="([^"]+)"/.exec(page)![1]!.replace(/&amp;/g, '&');

    const responses = await Promise.all(Array.from({ length: 20 }, () => postForm(`${app.url}/accept`, { t: token, rhythm: 'weekly', durationMonths: '3' })));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(statusesOf(responses)).toEqual([200, ...Array<number>(19).fill(409)]);
    expect(bodies.filter((b) => b.includes('This proposal has already been answered or has expired'))).toHaveLength(19);

    expect(await deps.matches.getMatch(match.id)).toMatchObject({ status: 'ACCEPTED', rhythm: 'weekly', durationMonths: 3 });
    expect((await deps.profiles.getProfileWithState(mentor.id))?.matching).toMatchObject({ acceptedCount: 1, proposedCount: 0 });

    await waitFor(async () => (await countMail(mentee.email, /Meet your mentor/)) >= 1, { message: 'the mentee’s introduction' });
    await waitFor(async () => (await countMail(mentor.email, /Meet your mentee/)) >= 1, { message: 'the mentor’s introduction' });
    await settle();
    expect(await countMail(mentee.email)).toBe(1);
    expect(await countMail(mentor.email, /Meet your mentee/)).toBe(1);
    expect(await countMail(mentor.email)).toBe(2); // the proposal and the introduction
  });
});

describe('answers that race each other', () => {
  it('ten accepts and ten declines of one proposal at once: one answer wins and the counts agree with it', async () => {
    const { app, deps } = world;
    const mentor = await seedMentor(deps, { capacity: 2 });
    const mentee = await seedMentee(deps);
    const p = await proposeDirect(deps, mentee, mentor);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? postForm(`${app.url}/accept`, { t: p.acceptToken }) : postForm(`${app.url}/decline`, { t: p.declineToken }))),
    );
    await Promise.all(responses.map((r) => r.text()));
    expect(statusesOf(responses)).toEqual([200, ...Array<number>(19).fill(409)]);
    const match = await deps.matches.getMatch(p.match.id);
    const mentorState = (await deps.profiles.getProfileWithState(mentor.id))?.matching;
    const menteeState = (await deps.profiles.getProfileWithState(mentee.id))?.matching;
    if (match?.status === 'ACCEPTED') {
      expect(mentorState).toMatchObject({ acceptedCount: 1, proposedCount: 0 });
      expect(menteeState?.openMatchId).toBe(match.id);
    } else {
      expect(match?.status).toBe('DECLINED');
      expect(mentorState).toMatchObject({ acceptedCount: 0, proposedCount: 0 });
      expect(menteeState).toMatchObject({ openMatchId: undefined, excludedMentorIds: [mentor.id] });
    }
  });

  it('both people ending a match at once end it once: the place is freed once and one feedback request goes to each', async () => {
    const { app, deps } = world;
    const mentor = await seedMentor(deps, { capacity: 2 });
    const mentee = await seedMentee(deps);
    await acceptWith((await proposeDirect(deps, mentee, mentor)).acceptToken, {}, deps);
    const menteeIntro = await waitForMail({ to: mentee.email, subject: /Meet your mentor/ });
    const mentorIntro = await waitForMail({ to: mentor.email, subject: /Meet your mentee/ });
    const tokens = [linkTo(menteeIntro, '/end'), linkTo(mentorIntro, '/end')].map((l) => new URL(l).searchParams.get('t')!);
    const responses = await Promise.all(Array.from({ length: 10 }, (_, i) => postForm(`${app.url}/end`, { t: tokens[i % 2]! })));
    await Promise.all(responses.map((r) => r.text()));
    expect(statusesOf(responses)).toEqual([200, ...Array<number>(9).fill(409)]);
    expect((await deps.profiles.getProfileWithState(mentor.id))?.matching.acceptedCount).toBe(0);

    await waitFor(async () => (await countMail(mentee.email, /has ended/)) >= 1 && (await countMail(mentor.email, /has ended/)) >= 1, { message: 'both feedback requests' });
    await settle();
    expect(await countMail(mentee.email, /has ended/)).toBe(1);
    expect(await countMail(mentor.email, /has ended/)).toBe(1);
  });

  it('two deadline jobs at once send one reminder', async () => {
    const own = await startTestApp();
    try {
      const mentor = await seedMentor(own.deps);
      await proposeDirect(own.deps, await seedMentee(own.deps), mentor);
      own.clock.advance(3 * 86_400_000 + 60_000);
      const counts = await Promise.all([processProposalDeadlines(own.deps), processProposalDeadlines(own.deps), processProposalDeadlines(own.deps)]);
      expect(counts.reduce((n, c) => n + c.reminded, 0)).toBe(1);
      await waitForMail({ to: mentor.email, subject: /Reminder/ });
      await settle();
      expect(await countMail(mentor.email, /Reminder/)).toBe(1);
    } finally {
      await own.stop();
    }
  });
});

describe('matching rounds', () => {
  const tables: TestTable[] = [];
  afterAll(async () => {
    await Promise.all(tables.map((t) => t.drop()));
  });

  /** Two independent Deps (own clients, as two Lambdas would have) on one fresh table. */
  async function twoRunners() {
    const table = await newTestTable();
    tables.push(table);
    const { dynamodb, ses } = emulatorEndpoints();
    const runner = () =>
      buildDeps({
        tableName: table.tableName,
        dynamodb: new DynamoDBClient(emulatorClientConfig(dynamodb)),
        ses: new SESClient(emulatorClientConfig(ses)),
        signingKey: Buffer.alloc(32, 3),
        baseUrl: 'http://localhost.test',
        mailFrom: 'mentor-match@localhost.test',
        logger: silentLogger,
      });
    return [runner(), runner()] as const;
  }

  /** Six mentees and three mentors with two places each: everyone can be matched. */
  async function seedPool(deps: Deps) {
    const mentees = await Promise.all(Array.from({ length: 6 }, (_, i) => seedMentee(deps, { name: `Mentee ${i}` })));
    const mentors = await Promise.all(Array.from({ length: 3 }, (_, i) => seedMentor(deps, { name: `Mentor ${i}`, capacity: 2 })));
    return { mentees, mentors };
  }

  /** Each mentee holds at most one open match, it is the one the mentee points at, and mentors' pending counts agree. */
  async function expectNoDuplicateProposals(deps: Deps, mentees: ProfileWithState[], mentors: ProfileWithState[]) {
    const proposed = await deps.matches.listMatches('PROPOSED');
    for (const mentee of mentees) {
      const own = proposed.filter((m) => m.menteeId === mentee.id);
      expect(own.length, `open proposals of ${mentee.name}`).toBeLessThanOrEqual(1);
      expect((await deps.profiles.getProfileWithState(mentee.id))?.matching.openMatchId).toBe(own[0]?.id);
    }
    for (const mentor of mentors) {
      const own = proposed.filter((m) => m.mentorId === mentor.id);
      expect(own.length).toBeLessThanOrEqual(2);
      expect((await deps.profiles.getProfileWithState(mentor.id))?.matching.proposedCount).toBe(own.length);
    }
    return proposed;
  }

  it('two rounds at the same time propose each mentee once, and a third round after them proposes nothing new', async () => {
    const [a, b] = await twoRunners();
    const { mentees, mentors } = await seedPool(a);
    const outcomes = await Promise.all([runMatchingRound(a, { trigger: 'schedule' }), runMatchingRound(b, { trigger: 'admin' })]);
    const proposedInRounds = outcomes.reduce((n, o) => n + (o.record?.proposed ?? 0), 0);
    const proposed = await expectNoDuplicateProposals(a, mentees, mentors);
    expect(proposed).toHaveLength(6);
    expect(proposedInRounds).toBe(6);

    const again = await runMatchingRound(b, { trigger: 'admin' });
    expect(again.record).toMatchObject({ mentees: 0, proposed: 0, skipped: 0 });
    expect((await a.matches.listMatches('PROPOSED')).map((m) => m.id).sort()).toEqual(proposed.map((m) => m.id).sort());
  });

  it('even with the round lease bypassed, two rounds at once never propose a mentee twice', async () => {
    const [a, b] = await twoRunners();
    // As if the lease had run out under a slow round: both rounds do the whole job.
    for (const deps of [a, b]) deps.rounds.acquireRoundLock = async () => true;
    const { mentees, mentors } = await seedPool(a);
    const outcomes = await Promise.all([runMatchingRound(a, { trigger: 'schedule' }), runMatchingRound(b, { trigger: 'schedule' })]);
    expect(outcomes.every((o) => o.record)).toBe(true);
    const proposed = await expectNoDuplicateProposals(a, mentees, mentors);
    expect(proposed).toHaveLength(6);
    // Whatever one round wrote, the other was refused (skipped), not written twice.
    expect(outcomes.reduce((n, o) => n + o.record!.proposed, 0)).toBe(6);
  });

  it('records each round: when, how many people were in it, how many were matched, the total score and the duration', async () => {
    const [a] = await twoRunners();
    await seedPool(a);
    const before = Date.now();
    const { record } = await runMatchingRound(a, { trigger: 'admin' });
    const [stored] = await a.rounds.listRounds(1);
    expect(stored).toEqual(record);
    expect(stored).toMatchObject({ trigger: 'admin', mentees: 6, mentors: 3, places: 6, proposed: 6, skipped: 0 });
    expect(stored!.totalScore).toBeGreaterThan(0);
    expect(stored!.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(stored!.startedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(stored!.finishedAt >= stored!.startedAt).toBe(true);
    const proposals = await a.matches.listMatches('PROPOSED');
    expect(proposals.reduce((sum, m) => sum + m.score, 0)).toBeCloseTo(stored!.totalScore, 6);
    expect(new Set(proposals.map((m) => m.roundId))).toEqual(new Set([stored!.id]));
  });
});
