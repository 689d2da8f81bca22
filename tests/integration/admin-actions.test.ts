/**
 * The admin actions over HTTP on the local app (DynamoDB Local, the SES
 * emulator): each answers 200 with its JSON, has its effect, tells whom it
 * should and leaves one audit entry readable at /api/admin/audit and
 * /admin/audit; unknown ids answer 404 and a wrong state 409
 * (problem+json). The pages do the same through their forms with the
 * session cookie. 401 and 403 for every admin route are in admin-access.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../functions/http/principal';
import { LOCAL_ADMIN } from '../../infra/local/admin-issuer';
import type { Match } from '../../shared/domain/match';
import type { AuditEntry } from '../../shared/ports';
import { startTestApp, type TestApp } from '../support/app';
import { proposeDirect, seedMentee, seedMentor } from '../support/matching';

let t: TestApp;
let bearer: string;
beforeAll(async () => {
  t = await startTestApp();
  bearer = `Bearer ${t.app.adminIssuer.sign(LOCAL_ADMIN)}`;
});
afterAll(async () => {
  await t?.stop();
});

/** The app's clock stands still; each request moves it on a second, so audit entries have distinct times in order. */
const tick = () => t.clock.advance(1000);

function api(method: string, path: string, body?: unknown) {
  tick();
  return fetch(`${t.url}${path}`, {
    method,
    headers: { authorization: bearer, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A POST from an admin page: the session cookie and our own Origin. */
function pagePost(path: string, form: Record<string, string> = {}) {
  tick();
  return fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { cookie: `${SESSION_COOKIE}=${t.app.adminIssuer.sign(LOCAL_ADMIN)}`, origin: t.url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
}
const pageGet = (path: string) => fetch(`${t.url}${path}`, { headers: { cookie: `${SESSION_COOKIE}=${t.app.adminIssuer.sign(LOCAL_ADMIN)}` } });

async function latestAudit(): Promise<AuditEntry> {
  const response = await api('GET', '/api/admin/audit?limit=1');
  expect(response.status).toBe(200);
  const { entries } = (await response.json()) as { entries: AuditEntry[] };
  return entries[0]!;
}

const expectAudited = async (action: string, target: { kind: string; id: string }, via: 'api' | 'page' = 'api') =>
  expect(await latestAudit()).toMatchObject({ action, target, actor: { subject: LOCAL_ADMIN.subject, email: LOCAL_ADMIN.email, via } });

/** A proposal between two new people, written as a round writes it (with the mentor's email). */
async function proposal(o: { mentor?: Record<string, unknown>; mentee?: Record<string, unknown> } = {}): Promise<Match> {
  const mentor = await seedMentor(t.deps, o.mentor);
  const mentee = await seedMentee(t.deps, o.mentee);
  return (await proposeDirect(t.deps, mentee, mentor, { withEmail: true })).match;
}

describe('POST /api/admin/rounds', () => {
  it('runs a round, answers {roundId, proposed} and audits it', async () => {
    const response = await api('POST', '/api/admin/rounds');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { roundId: string; proposed: number };
    expect(body).toEqual({ roundId: expect.any(String), proposed: expect.any(Number) });
    await expectAudited('round.run', { kind: 'round', id: body.roundId });
  });
});

describe('pausing and resuming a mentor', () => {
  it('pauses (200 {id, status}), emails the mentor, audits; resumes; 409 for the wrong state, 404 for an unknown id', async () => {
    const mentor = await seedMentor(t.deps);
    const paused = await api('POST', `/api/admin/mentors/${mentor.id}/pause`);
    expect(paused.status).toBe(200);
    expect(await paused.json()).toEqual({ id: mentor.id, status: 'PAUSED' });
    expect((await t.deps.profiles.getProfile(mentor.id))!.status).toBe('PAUSED');
    await expectAudited('mentor.pause', { kind: 'person', id: mentor.id });

    const again = await api('POST', `/api/admin/mentors/${mentor.id}/pause`);
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');

    const resumed = await api('POST', `/api/admin/mentors/${mentor.id}/resume`);
    expect(resumed.status).toBe(200);
    expect(await resumed.json()).toEqual({ id: mentor.id, status: 'ACTIVE' });
    await expectAudited('mentor.resume', { kind: 'person', id: mentor.id });

    const unknown = await api('POST', '/api/admin/mentors/00000000-0000-4000-8000-000000000000/pause');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect((await api('POST', '/api/admin/mentors/not%20an%20id/pause')).status).toBe(400);
  });

  it('works from the person’s page: the button’s POST pauses and comes back with a banner', async () => {
    const mentor = await seedMentor(t.deps);
    const person = await pageGet(`/admin/people/${mentor.id}`);
    expect(person.status).toBe(200);
    const html = await person.text();
    expect(html).toContain(`action="/admin/mentors/${mentor.id}/pause"`);
    const posted = await pagePost(`/admin/mentors/${mentor.id}/pause`);
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(`/admin/people/${mentor.id}?done=paused`);
    expect(await (await pageGet(posted.headers.get('location')!)).text()).toContain('The mentor is paused');
    await expectAudited('mentor.pause', { kind: 'person', id: mentor.id }, 'page');
  });
});

describe('withdrawing a proposal', () => {
  it('answers 200, closes the proposal, frees the mentee, audits; a second try is 409, an unknown match 404', async () => {
    const match = await proposal();
    const response = await api('POST', `/api/admin/proposals/${match.id}/withdraw`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ matchId: match.id, status: 'DECLINED', withdrawnBy: 'admin' });
    expect(await t.deps.matches.getMatch(match.id)).toMatchObject({ status: 'DECLINED', withdrawnBy: 'admin' });
    expect((await t.deps.profiles.getProfileWithState(match.menteeId))!.matching).toMatchObject({ openMatchId: undefined, excludedMentorIds: [match.mentorId] });
    await expectAudited('proposal.withdraw', { kind: 'match', id: match.id });
    expect((await api('POST', `/api/admin/proposals/${match.id}/withdraw`)).status).toBe(409);
    expect((await api('POST', '/api/admin/proposals/00000000-0000-4000-8000-000000000000/withdraw')).status).toBe(404);
  });

  it('works from the open proposals page', async () => {
    const match = await proposal();
    expect(await (await pageGet('/admin/proposals')).text()).toContain(`/admin/proposals/${match.id}/withdraw`);
    const posted = await pagePost(`/admin/proposals/${match.id}/withdraw`, { back: 'proposals' });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/admin/proposals?done=withdrawn');
    await expectAudited('proposal.withdraw', { kind: 'match', id: match.id }, 'page');
  });
});

describe('erasing a person', () => {
  it('answers 200, leaves no item of the person, keeps the audit entry about them; 404 afterwards', async () => {
    const match = await proposal();
    const response = await api('POST', `/api/admin/people/${match.mentorId}/erase`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: match.mentorId, erased: true });
    expect(await t.deps.profiles.countItemsOf(match.mentorId)).toBe(0);
    expect((await t.deps.profiles.getProfileWithState(match.menteeId))!.matching.openMatchId).toBeUndefined();
    await expectAudited('person.erase', { kind: 'person', id: match.mentorId });
    expect((await t.deps.audit.listAuditOf(match.mentorId, 5)).map((e) => e.action)).toEqual(['person.erase']);
    expect((await api('POST', `/api/admin/people/${match.mentorId}/erase`)).status).toBe(404);
    expect((await api('GET', `/api/admin/people/${match.mentorId}`)).status).toBe(404);
  });

  it('works from the confirmation page', async () => {
    const mentee = await seedMentee(t.deps);
    const confirm = await pageGet(`/admin/people/${mentee.id}/erase`);
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain('This cannot be undone');
    const posted = await pagePost(`/admin/people/${mentee.id}/erase`);
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/admin/people?done=erased');
    expect(await t.deps.profiles.getProfile(mentee.id)).toBeUndefined();
    await expectAudited('person.erase', { kind: 'person', id: mentee.id }, 'page');
  });
});

describe('the matching weights', () => {
  it('GET answers the current and default weights; PUT changes them within range (400 outside), audits, and the next round keeps them', async () => {
    const before = (await (await api('GET', '/api/admin/weights')).json()) as { weights: Record<string, number>; defaults: Record<string, number> };
    expect(before.defaults).toMatchObject({ skills: 60, sameRegion: 20 });
    const bad = await api('PUT', '/api/admin/weights', { skills: 120 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(['skills']);
    expect((await api('PUT', '/api/admin/weights', { skills: 10, colour: 3 })).status).toBe(400);

    const put = await api('PUT', '/api/admin/weights', { skills: 45, sameRegion: 25 });
    expect(put.status).toBe(200);
    const { weights } = (await put.json()) as { weights: Record<string, number> };
    expect(weights).toMatchObject({ skills: 45, sameRegion: 25, neighbouringRegion: 10 });
    expect(((await (await api('GET', '/api/admin/weights')).json()) as { weights: unknown }).weights).toEqual(weights);
    expect(await latestAudit()).toMatchObject({ action: 'weights.change', details: { 'skills.before': 60, 'skills.after': 45 } });

    const ran = (await (await api('POST', '/api/admin/rounds')).json()) as { roundId: string };
    const { rounds } = (await (await api('GET', '/api/admin/rounds')).json()) as { rounds: { id: string; weights: unknown }[] };
    expect(rounds.find((r) => r.id === ran.roundId)?.weights).toEqual(weights);
    expect((await api('PUT', '/api/admin/weights', {})).status).toBe(200);
  });

  it('the page shows the form, saves a change, and shows a bad value again with its error', async () => {
    expect(await (await pageGet('/admin/weights')).text()).toContain('name="neighbouringRegion"');
    const bad = await pagePost('/admin/weights', { skills: '60', sameRegion: '5', neighbouringRegion: '10' });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('There is a problem');
    expect(html).toContain('href="#neighbouringRegion"');
    const saved = await pagePost('/admin/weights', { skills: '55' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/admin/weights?saved=1');
    await expectAudited('weights.change', { kind: 'weights', id: 'matching' }, 'page');
    await pagePost('/admin/weights', {});
  });
});

describe('the audit log', () => {
  it('pages newest first through the API and shows on /admin/audit', async () => {
    const first = (await (await api('GET', '/api/admin/audit?limit=2')).json()) as { entries: AuditEntry[]; next?: string };
    expect(first.entries).toHaveLength(2);
    expect(first.next).toEqual(expect.any(String));
    const second = (await (await api('GET', `/api/admin/audit?limit=2&before=${first.next}`)).json()) as { entries: AuditEntry[] };
    expect(second.entries[0]!.at <= first.entries[1]!.at).toBe(true);
    expect(second.entries.map((e) => e.id)).not.toContain(first.entries[1]!.id);
    const page = await pageGet('/admin/audit');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Audit log');
    expect((await api('GET', '/api/admin/audit?before=%3Cscript%3E')).status).toBe(400);
  });
});

describe('CSV downloads', () => {
  it('GET /api/admin/export/matches.csv is text/csv with a header row and one row per match, names spreadsheet-safe', async () => {
    // A formula (web links in names are refused at the edge, so this one names a cell).
    const match = await proposal({ mentor: { name: '=HYPERLINK(A1,"Pay here")' }, mentee: { name: 'Siân Ó Briain, Jr' } });
    const response = await api('GET', '/api/admin/export/matches.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="matches.csv"');
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    const lines = text.replace(/^\ufeff/, '').split('\r\n');
    expect(lines[0]).toBe('Match id,Status,Closed by,Score,Proposed at,Answered at,Ended at,Mentee id,Mentee name,Mentee council,Mentee region,Mentor id,Mentor name,Mentor council,Mentor region,Round id');
    const row = lines.find((l) => l.startsWith(match.id))!;
    expect(row).toContain('"Siân Ó Briain, Jr",Manchester,North West');
    expect(row).toContain(`"'=HYPERLINK(A1,""Pay here"")",Aberdeen City,Scotland`);
    const matches = (await Promise.all((['PROPOSED', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'ENDED'] as const).map((s) => t.deps.matches.listMatches(s)))).flat();
    expect(lines.filter((l) => l !== '').length - 1).toBe(matches.length);

    const accepted = await api('GET', '/api/admin/export/matches.csv?status=ACCEPTED');
    expect((await accepted.text()).split('\r\n').filter(Boolean)).toHaveLength(1);
    expect((await api('GET', '/api/admin/export/matches.csv?status=nope')).status).toBe(400);
  });

  it('serves rounds.csv and unmatched.csv, and the same files to the admin pages', async () => {
    const rounds = await api('GET', '/api/admin/export/rounds.csv');
    expect(rounds.status).toBe(200);
    const [head, ...lines] = (await rounds.text()).replace(/^\ufeff/, '').split('\r\n').filter(Boolean);
    expect(head).toContain('Round id,Started at');
    expect(head).toMatch(/,Optimality,Candidates per mentee,Widest candidate list,Mentees widened,At most more mentees \(unproven\),At most more points \(unproven\)$/);
    // A proven round: its proof and candidates per mentee, the unproven bound left blank.
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/,proven,200,\d+,\d+,,$/);
    const unmatched = await api('GET', '/api/admin/export/unmatched.csv');
    expect(unmatched.status).toBe(200);
    expect(await unmatched.text()).toContain('Reason code,Reason');
    const viaPage = await pageGet('/admin/export/matches.csv');
    expect(viaPage.status).toBe(200);
    expect(viaPage.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await (await pageGet('/admin/exports')).text()).toContain('href="/admin/export/unmatched.csv"');
  });
});

describe('looking people and matches up', () => {
  it('finds a person or a match by id, lists people by role and status, and answers 404 for an unknown id', async () => {
    const match = await proposal();
    const byPerson = await fetch(`${t.url}/admin/people?id=${match.menteeId}`, { headers: { cookie: `${SESSION_COOKIE}=${t.app.adminIssuer.sign(LOCAL_ADMIN)}` }, redirect: 'manual' });
    expect(byPerson.headers.get('location')).toBe(`/admin/people/${match.menteeId}`);
    const byMatch = await fetch(`${t.url}/admin/people?id=${match.id}`, { headers: { cookie: `${SESSION_COOKIE}=${t.app.adminIssuer.sign(LOCAL_ADMIN)}` }, redirect: 'manual' });
    expect(byMatch.headers.get('location')).toBe(`/admin/matches/${match.id}`);
    expect((await pageGet('/admin/people?id=nobody')).status).toBe(404);
    expect(await (await pageGet('/admin/people?role=mentor&status=ACTIVE')).text()).toContain(`/admin/people/${match.mentorId}`);
    expect(await (await pageGet(`/admin/matches/${match.id}`)).text()).toContain('Withdraw this proposal');
    const json = (await (await api('GET', `/api/admin/matches/${match.id}`)).json()) as { match: Match; mentee: { id: string } };
    expect(json).toMatchObject({ match: { id: match.id }, mentee: { id: match.menteeId } });
    expect((await api('GET', '/api/admin/people/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('a form POST from the admin pages in a browser', () => {
  // Our pages send Referrer-Policy: no-referrer, so a browser's form POST carries `Origin: null`.
  const post = (headers: Record<string, string>) =>
    fetch(`${t.url}/admin/weights`, {
      method: 'POST',
      headers: { cookie: `${SESSION_COOKIE}=${t.app.adminIssuer.sign(LOCAL_ADMIN)}`, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: '',
      redirect: 'manual',
    });

  it('is accepted with Origin: null when Sec-Fetch-Site says same-origin, and refused otherwise', async () => {
    expect((await post({ origin: 'null', 'sec-fetch-site': 'same-origin' })).status).toBe(303);
    expect((await post({ origin: 'null' })).status).toBe(403);
    expect((await post({ origin: 'null', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ origin: 'null', 'sec-fetch-site': 'same-site' })).status).toBe(403);
  });
});

describe('signing in and out', () => {
  it('audits a local admin sign-in and a sign-out', async () => {
    tick();
    await fetch(`${t.url}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'next=%2Fadmin', redirect: 'manual' });
    expect(await latestAudit()).toMatchObject({ action: 'sign-in', actor: { subject: LOCAL_ADMIN.subject, via: 'page' } });
    await pagePost('/admin/logout');
    expect(await latestAudit()).toMatchObject({ action: 'sign-out', actor: { subject: LOCAL_ADMIN.subject } });
  });
});
