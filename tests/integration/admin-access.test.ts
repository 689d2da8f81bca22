/**
 * Admin access over HTTP on the local app: every admin route refuses a
 * request without a valid admin token (401) or with a valid token outside
 * the admins group (403) before it reads or reveals anything; the local
 * sign-in page issues the session cookie; cookie-authenticated POSTs need
 * our own Origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../functions/http/principal';
import { routes } from '../../functions/routes';
import { LOCAL_ADMIN, LOCAL_NON_ADMIN, localIssuer, newIssuerKey } from '../../infra/local/admin-issuer';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

const adminRoutes = routes.filter((r) => r.access === 'admin');
/** A concrete path for a route's template: each parameter gets a placeholder id (refused before it is looked up). */
const pathOf = (template: string) => template.replace(/\{[^}]+\}/g, 'x');

const badTokens: [string, () => Record<string, string>][] = [
  ['no token', () => ({})],
  ['a forged token (another key)', () => ({ authorization: `Bearer ${localIssuer(newIssuerKey()).sign(LOCAL_ADMIN)}` })],
  ['an expired token', () => ({ authorization: `Bearer ${t.app.adminIssuer.sign(LOCAL_ADMIN, { now: new Date(Date.now() - 7200_000), seconds: 60 })}` })],
  ['a forged cookie', () => ({ cookie: `${SESSION_COOKIE}=${localIssuer(newIssuerKey()).sign(LOCAL_ADMIN)}` })],
];

describe('every admin route', () => {
  it('exists', () => {
    expect(adminRoutes.length).toBeGreaterThanOrEqual(4);
  });

  for (const route of adminRoutes) {
    it.each(badTokens)(`${route.method} ${route.path} answers 401 for %s, revealing nothing`, async (_what, headers) => {
      const response = await fetch(`${t.url}${pathOf(route.path)}`, { method: route.method, headers: { accept: '*/*', ...headers() }, redirect: 'manual' });
      expect(response.status).toBe(401);
      const body = await response.text();
      expect(body).not.toMatch(/Programme admin|"rounds"|roundId/);
    });

    it(`${route.method} ${route.path} answers 403 for a signed-in user outside the admins group`, async () => {
      const token = t.app.adminIssuer.sign(LOCAL_NON_ADMIN);
      const response = await fetch(`${t.url}${pathOf(route.path)}`, { method: route.method, headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });
      expect(response.status).toBe(403);
      expect(await response.text()).not.toMatch(/Programme admin|"rounds"|roundId/);
    });
  }
});

describe('the admin API with a Bearer token', () => {
  it('lists rounds and runs one, answering {roundId, proposed}', async () => {
    const authorization = `Bearer ${t.app.adminIssuer.sign(LOCAL_ADMIN)}`;
    const ran = await fetch(`${t.url}/api/admin/rounds`, { method: 'POST', headers: { authorization } });
    expect(ran.status).toBe(200);
    const body = (await ran.json()) as { roundId: string; proposed: number };
    expect(body).toEqual({ roundId: expect.any(String), proposed: 0 });
    const list = await fetch(`${t.url}/api/admin/rounds`, { headers: { authorization } });
    expect(list.status).toBe(200);
    const { rounds } = (await list.json()) as { rounds: { id: string; trigger: string }[] };
    expect(rounds.map((r) => [r.id, r.trigger])).toContainEqual([body.roundId, 'admin']);
  });
});

describe('signing in with the local sign-in page', () => {
  it('sends a browser to sign in, then back, with an HttpOnly SameSite=Strict session cookie', async () => {
    const first = await fetch(`${t.url}/admin`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/admin/login?next=%2Fadmin');

    const login = await fetch(`${t.url}/admin/login?next=%2Fadmin`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain('Sign in as the local admin');

    const signedIn = await fetch(`${t.url}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'next=%2Fadmin',
      redirect: 'manual',
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/admin');
    const setCookie = signedIn.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=[^;]+; Max-Age=\\d+; Path=/; HttpOnly; SameSite=Strict`));
    const cookie = setCookie.split(';')[0]!;

    const home = await fetch(`${t.url}/admin`, { headers: { cookie } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Signed in as admin@localhost.test');
  });

  it('never redirects sign-in to another site', async () => {
    for (const next of ['https://evil.example/admin', '//evil.example', '/admin/../../x', 'javascript:alert(1)']) {
      const response = await fetch(`${t.url}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ next }).toString(),
        redirect: 'manual',
      });
      expect(response.headers.get('location'), next).toBe('/admin');
    }
  });

  it('refuses a cookie-authenticated POST from another origin and accepts one from its own pages', async () => {
    const cookie = `${SESSION_COOKIE}=${t.app.adminIssuer.sign(LOCAL_ADMIN)}`;
    const post = (origin?: string) =>
      fetch(`${t.url}/admin/rounds`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
        body: '',
        redirect: 'manual',
      });
    expect((await post('https://evil.example')).status).toBe(403);
    expect((await post()).status).toBe(403);
    const own = await post(t.url);
    expect(own.status).toBe(303);
    expect(own.headers.get('location')).toMatch(/^\/admin\?ran=/);
  });

  it('signs out: the cookie is cleared and the next visit must sign in again', async () => {
    const cookie = `${SESSION_COOKIE}=${t.app.adminIssuer.sign(LOCAL_ADMIN)}`;
    const out = await fetch(`${t.url}/admin/logout`, {
      method: 'POST',
      headers: { cookie, origin: t.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/admin/signed-out');
    expect(out.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=; Max-Age=0; Path=/`));
  });
});
