/**
 * Action links in match emails, over HTTP to the local app: each names its
 * action in its path; a GET only shows a page; tampered, expired and replayed
 * links show a clear page and change nothing; every page is sent with
 * `Referrer-Policy: no-referrer` and `Cache-Control: no-store`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMatchingRound } from '../../shared/app/rounds';
import { createSigner } from '../../shared/domain/tokens';
import type { Deps } from '../../shared/ports';
import { waitForMail } from '../support/mail';
import { clickThrough, linkTo, postForm, startTestApp, tokenOf, type TestApp } from '../support/app';
import { countMail, proposeDirect, seedMentee, seedMentor, settle } from '../support/matching';

let world: TestApp;
/** Every page response the tests saw, for the header check at the end. */
const seen: { what: string; res: Response }[] = [];

beforeAll(async () => {
  world = await startTestApp();
});

afterAll(async () => {
  await world?.stop();
});

async function get(link: string, what = `GET ${new URL(link).pathname}`) {
  const res = await fetch(link);
  seen.push({ what, res });
  return { status: res.status, body: await res.text() };
}

async function post(path: string, fields: Record<string, string>, what = `POST ${path}`) {
  const res = await postForm(`${world.app.url}${path}`, fields);
  seen.push({ what, res });
  return { status: res.status, body: await res.text() };
}

/** A proposal with its email delivered; returns the people, the match and the email's links. */
async function proposal(deps: Deps = world.deps) {
  const mentor = await seedMentor(deps);
  const mentee = await seedMentee(deps);
  const { match } = await proposeDirect(deps, mentee, mentor, { withEmail: true });
  const mail = await waitForMail({ to: mentor.email, subject: /A mentee has been matched with you/ });
  return { mentor, mentee, match, accept: linkTo(mail, '/accept'), decline: linkTo(mail, '/decline'), pause: linkTo(mail, '/pause') };
}

/** An accepted match with both introductions delivered; returns their end links too. */
async function accepted() {
  const p = await proposal();
  expect((await clickThrough(world.app.url, p.accept)).status).toBe(200);
  const menteeIntro = await waitForMail({ to: p.mentee.email, subject: /Meet your mentor/ });
  const mentorIntro = await waitForMail({ to: p.mentor.email, subject: /Meet your mentee/ });
  return { ...p, menteeEnd: linkTo(menteeIntro, '/end'), mentorEnd: linkTo(mentorIntro, '/end'), mentorPause: linkTo(mentorIntro, '/pause') };
}

const statusOfMatch = async (id: string) => (await world.deps.matches.getMatch(id))?.status;
const statusOfProfile = async (id: string) => (await world.deps.profiles.getProfileWithState(id))?.status;

describe('links name their action', () => {
  it('proposal, introduction, pause and feedback emails from a real round link to /accept, /decline, /pause, /end, /resume, /feedback and /erase', async () => {
    // A table of its own, so the round sees only these two people.
    const own = await startTestApp();
    try {
      const mentor = await seedMentor(own.deps);
      const mentee = await seedMentee(own.deps);
      expect((await runMatchingRound(own.deps, { trigger: 'admin' })).record?.proposed).toBe(1);
      const proposalMail = await waitForMail({ to: mentor.email, subject: /matched with you/ });
      const paths = (mail: { body: { text?: string } }) =>
        (mail.body.text ?? '').match(/https?:\/\/\S+/g)!.map((l) => {
          const url = new URL(l);
          expect([...url.searchParams.keys()]).toEqual(['t']);
          return url.pathname;
        });
      expect(paths(proposalMail).sort()).toEqual(['/accept', '/decline', '/erase', '/pause']);

      await clickThrough(own.app.url, linkTo(proposalMail, '/accept'));
      const menteeIntro = await waitForMail({ to: mentee.email, subject: /Meet your mentor/ });
      const mentorIntro = await waitForMail({ to: mentor.email, subject: /Meet your mentee/ });
      expect(paths(menteeIntro).sort()).toEqual(['/end', '/erase']);
      expect(paths(mentorIntro).sort()).toEqual(['/end', '/erase', '/pause']);

      await clickThrough(own.app.url, linkTo(mentorIntro, '/pause'));
      expect(paths(await waitForMail({ to: mentor.email, subject: /paused/ })).sort()).toEqual(['/erase', '/resume']);
      await clickThrough(own.app.url, linkTo(menteeIntro, '/end'));
      expect(paths(await waitForMail({ to: mentee.email, subject: /has ended/ })).sort()).toEqual(['/erase', '/feedback']);
    } finally {
      await own.stop();
    }
  });

  it('a token is bound to its action: an accept token posted to /decline, /end or /pause is refused and changes nothing', async () => {
    const p = await proposal();
    const t = tokenOf(p.accept);
    for (const path of ['/decline', '/end', '/pause']) {
      const res = await post(path, { t }, `POST ${path} with an accept token`);
      expect(res.status).toBe(400);
      expect(res.body).toContain('This link is not valid');
    }
    expect(await statusOfMatch(p.match.id)).toBe('PROPOSED');
    expect(await statusOfProfile(p.mentor.id)).toBe('ACTIVE');
  });
});

describe('a GET changes nothing (mail scanners follow links)', () => {
  it('opening accept, decline, end and pause links only shows their confirmation pages', async () => {
    const p = await proposal();
    for (const link of [p.accept, p.decline, p.accept, p.decline]) {
      const res = await get(link);
      expect(res.status).toBe(200);
      expect(res.body).toContain('<form method="post"');
    }
    expect(await statusOfMatch(p.match.id)).toBe('PROPOSED');
    expect((await world.deps.profiles.getProfileWithState(p.mentee.id))?.matching.openMatchId).toBe(p.match.id);

    const a = await accepted();
    for (const link of [a.menteeEnd, a.mentorEnd, a.mentorPause, a.pause]) expect((await get(link)).status).toBe(200);
    expect(await statusOfMatch(a.match.id)).toBe('ACCEPTED');
    expect(await statusOfProfile(a.mentor.id)).toBe('ACTIVE');
    await settle(500);
    expect(await countMail(a.mentee.email)).toBe(1); // the introduction only: no feedback request
  });
});

describe('tampered links', () => {
  it('a changed signature, subject or format shows "not valid" on GET and POST, and changes nothing', async () => {
    const a = await accepted();
    const p = await proposal();
    const flip = (t: string) => t.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const [, expiry, mac] = tokenOf(p.accept).split('.');
    const cases: [string, string][] = [
      ['/accept', flip(tokenOf(p.accept))],
      // Another proposal's id with this one's signature.
      ['/accept', `${a.match.id}.${expiry}.${mac}`],
      ['/accept', tokenOf(p.accept).split('.').slice(0, 2).join('.')],
      ['/accept', ''],
      ['/decline', flip(tokenOf(p.decline))],
      ['/decline', `${tokenOf(p.decline)}x`],
      ['/end', flip(tokenOf(a.menteeEnd))],
      // The mentee's end link turned into the mentor's.
      ['/end', tokenOf(a.menteeEnd).replace(':mentee.', ':mentor.')],
      ['/pause', flip(tokenOf(p.pause))],
      ['/pause', `${a.mentee.id}.${tokenOf(p.pause).split('.').slice(1).join('.')}`],
    ];
    for (const [path, t] of cases) {
      const viaGet = await get(`${world.app.url}${path}?t=${encodeURIComponent(t)}`, `GET ${path} tampered`);
      const viaPost = await post(path, { t, rhythm: 'monthly', durationMonths: '6' }, `POST ${path} tampered`);
      for (const res of [viaGet, viaPost]) {
        expect(res.status, `${path} ${t}`).toBe(400);
        expect(res.body).toContain('This link is not valid');
        expect(res.body).toContain('Nothing has been changed');
      }
    }
    expect(await statusOfMatch(p.match.id)).toBe('PROPOSED');
    expect(await statusOfMatch(a.match.id)).toBe('ACCEPTED');
    expect(await statusOfProfile(p.mentor.id)).toBe('ACTIVE');
    expect(await statusOfProfile(a.mentee.id)).toBe('ACTIVE');
  });
});

describe('expired links', () => {
  it('a link signed with a past expiry shows "expired" (410) on GET and POST, and changes nothing', async () => {
    const a = await accepted();
    const p = await proposal();
    const signer = createSigner(world.signingKey);
    const past = new Date(world.clock.now().getTime() - 1000);
    const cases: [string, string][] = [
      ['/accept', signer.sign('accept', p.match.id, past)],
      ['/decline', signer.sign('decline', p.match.id, past)],
      ['/end', signer.sign('end', `${a.match.id}:mentee`, past)],
      ['/pause', signer.sign('pause', p.mentor.id, past)],
    ];
    for (const [path, t] of cases) {
      const viaGet = await get(`${world.app.url}${path}?t=${encodeURIComponent(t)}`, `GET ${path} expired`);
      const viaPost = await post(path, { t }, `POST ${path} expired`);
      for (const res of [viaGet, viaPost]) {
        expect(res.status, path).toBe(410);
        expect(res.body).toContain('This link has expired');
        expect(res.body).toContain('Nothing has been changed');
      }
    }
    expect(await statusOfMatch(p.match.id)).toBe('PROPOSED');
    expect(await statusOfMatch(a.match.id)).toBe('ACCEPTED');
    expect(await statusOfProfile(p.mentor.id)).toBe('ACTIVE');
  });

  it('the accept link in a proposal email stops working once the app’s clock passes its life', async () => {
    const own = await startTestApp();
    try {
      const p = await proposal(own.deps);
      own.clock.advance(9 * 86_400_000);
      const res = await postForm(`${own.app.url}/accept`, { t: tokenOf(p.accept) });
      expect(res.status).toBe(410);
      expect(await res.text()).toContain('This link has expired');
      expect((await own.deps.matches.getMatch(p.match.id))?.status).toBe('PROPOSED');
    } finally {
      await own.stop();
    }
  });
});

describe('replayed links', () => {
  it('a second accept, decline, end, pause or resume shows a clear 409 page and sends nothing more', async () => {
    const a = await accepted();
    const replayAccept = await post('/accept', { t: tokenOf(a.accept) }, 'POST /accept replayed');
    expect(replayAccept.status).toBe(409);
    expect(replayAccept.body).toContain('This proposal has already been answered or has expired');
    // The decline link of an accepted proposal is spent too.
    expect((await post('/decline', { t: tokenOf(a.decline) }, 'POST /decline after accept')).status).toBe(409);
    expect((await get(a.decline, 'GET /decline after accept')).status).toBe(409);
    expect(await statusOfMatch(a.match.id)).toBe('ACCEPTED');

    const p = await proposal();
    expect((await post('/decline', { t: tokenOf(p.decline), reason: 'Too busy' })).status).toBe(200);
    const replayDecline = await post('/decline', { t: tokenOf(p.decline), reason: 'Changed' }, 'POST /decline replayed');
    expect(replayDecline.status).toBe(409);
    expect((await world.deps.matches.getMatch(p.match.id))?.declineReason).toBe('Too busy');

    expect((await post('/end', { t: tokenOf(a.menteeEnd) })).status).toBe(200);
    for (const end of [a.menteeEnd, a.mentorEnd]) {
      const replay = await post('/end', { t: tokenOf(end) }, 'POST /end replayed');
      expect(replay.status).toBe(409);
      expect(replay.body).toContain('This link has already been used');
    }
    expect((await world.deps.matches.getMatch(a.match.id))?.endedBy).toBe('mentee');

    expect((await post('/pause', { t: tokenOf(a.mentorPause) })).status).toBe(200);
    const replayPause = await post('/pause', { t: tokenOf(a.mentorPause) }, 'POST /pause replayed');
    expect(replayPause.status).toBe(409);
    const paused = await waitForMail({ to: a.mentor.email, subject: /paused/ });
    expect((await post('/resume', { t: tokenOf(linkTo(paused, '/resume')) })).status).toBe(200);
    expect((await post('/resume', { t: tokenOf(linkTo(paused, '/resume')) }, 'POST /resume replayed')).status).toBe(409);
    expect(await statusOfProfile(a.mentor.id)).toBe('ACTIVE');

    await settle();
    expect(await countMail(a.mentee.email, /Meet your mentor/)).toBe(1);
    expect(await countMail(a.mentee.email, /has ended/)).toBe(1);
    expect(await countMail(a.mentor.email, /has ended/)).toBe(1);
    expect(await countMail(a.mentor.email, /paused/)).toBe(1);
  });
});

describe('page headers', () => {
  it('every page (shown, done, not valid, expired, used) is sent with Referrer-Policy: no-referrer and Cache-Control: no-store', () => {
    const statuses = new Set(seen.map((s) => s.res.status));
    // The tests above reached every kind of page.
    for (const status of [200, 400, 409, 410]) expect(statuses).toContain(status);
    for (const { what, res } of seen) {
      expect(res.headers.get('referrer-policy'), what).toBe('no-referrer');
      expect(res.headers.get('cache-control'), what).toBe('no-store');
      expect(res.headers.get('content-type'), what).toBe('text/html; charset=utf-8');
    }
  });
});
