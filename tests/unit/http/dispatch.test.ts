import { describe, expect, it } from 'vitest';
import { dispatch, pathMatcher } from '../../../functions/http/dispatch';
import * as z from 'zod';
import { SESSION_COOKIE } from '../../../functions/http/principal';
import { type AnyRoute, defineRoute, type HttpRequest } from '../../../functions/http/types';
import { localIssuer, LOCAL_ADMIN, LOCAL_NON_ADMIN, newIssuerKey } from '../../../infra/local/admin-issuer';
import { createAdminTokenVerifier } from '../../../shared/adapters/auth/admin-tokens';
import { LinkExpired, LinkUsed, NotFound } from '../../../shared/domain/errors';
import type { Deps, Logger } from '../../../shared/ports';
import { memoryDeps } from '../../fixtures/deps';

describe('pathMatcher', () => {
  it('matches a literal path exactly, with no params', () => {
    const match = pathMatcher('/api/profiles');
    expect(match('/api/profiles')).toEqual({});
    expect(match('/api/profiles/')).toBeUndefined();
    expect(match('/api/profile')).toBeUndefined();
    expect(match('/api/profiles/x')).toBeUndefined();
  });

  it('captures a {param} segment, decoded', () => {
    const match = pathMatcher('/apply/{role}');
    expect(match('/apply/mentee')).toEqual({ role: 'mentee' });
    expect(match('/apply/a%20b')).toEqual({ role: 'a b' });
  });

  it('does not let a {param} span segments or be empty', () => {
    const match = pathMatcher('/apply/{role}');
    expect(match('/apply/mentee/extra')).toBeUndefined();
    expect(match('/apply/')).toBeUndefined();
  });

  it('answers "no match" for a malformed percent-encoding instead of throwing (the dev server would 500)', () => {
    const match = pathMatcher('/apply/{role}');
    expect(() => match('/apply/%E0%A4%A')).not.toThrow();
    expect(match('/apply/%E0%A4%A')).toBeUndefined();
  });

  it('captures several params', () => {
    expect(pathMatcher('/a/{x}/b/{y}')('/a/1/b/2')).toEqual({ x: '1', y: '2' });
  });

  it('lets {proxy+} take the rest of the path, slashes included', () => {
    const match = pathMatcher('/assets/{proxy+}');
    expect(match('/assets/fonts/bold.woff2')).toEqual({ proxy: 'fonts/bold.woff2' });
    expect(match('/assets/app.css')).toEqual({ proxy: 'app.css' });
    expect(match('/assets/')).toBeUndefined();
    expect(match('/other/app.css')).toBeUndefined();
  });

  it('treats regex characters in the pattern literally', () => {
    const match = pathMatcher('/files/a.b');
    expect(match('/files/a.b')).toEqual({});
    expect(match('/files/aXb')).toBeUndefined();
  });
});

describe('dispatch', () => {
  const request: HttpRequest = { method: 'GET', path: '/x', query: {}, params: {},
  cookies: {},
  headers: {}, body: '', requestId: 'req-123' };
  const throwing = (error: unknown): AnyRoute =>
    defineRoute({
      id: 'x',
      surface: 'api',
      method: 'GET',
      path: '/x',
      access: 'public',
      answers: 'json',
      input: { from: 'none' },
      permissions: [],
      handle: async () => {
        throw error;
      },
    });

  it('turns an unexpected error into a generic 500 naming the request id, never the error', async () => {
    const { deps } = memoryDeps();
    const logged: unknown[] = [];
    const logger: Logger = { info() {}, warn() {}, error: (...a) => logged.push(a) };
    const response = await dispatch(throwing(new Error('secret db password in message')), request, { ...deps, logger });
    expect(response.status).toBe(500);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body).not.toContain('secret');
    expect(JSON.parse(response.body)).toMatchObject({ status: 500, detail: expect.stringContaining('req-123') });
    expect(logged).toHaveLength(1);
  });

  it.each([
    ['a timeout', Object.assign(new Error('a request has exceeded the configured 2000 ms requestTimeout'), { name: 'TimeoutError' })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' })],
  ])('answers %s of a dependency with 503 and Retry-After, logged as a warning, not a 500', async (_what, error) => {
    const { deps } = memoryDeps();
    const logged: string[] = [];
    const logger: Logger = { info() {}, warn: (m) => void logged.push(`warn ${m}`), error: (m) => void logged.push(`error ${m}`) };
    const response = await dispatch(throwing(error), request, { ...deps, logger });
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('30');
    expect(JSON.parse(response.body)).toMatchObject({ status: 503 });
    expect(logged).toEqual(['warn Dependency unavailable']);
  });

  it.each([
    ['LinkExpired', new LinkExpired(), 410],
    ['LinkUsed', new LinkUsed(), 409],
    ['NotFound', new NotFound('Profile'), 404],
  ])('maps the domain error %s to %i problem+json', async (_code, error, status) => {
    const { deps } = memoryDeps();
    const response = await dispatch(throwing(error), request, deps);
    expect(response.status).toBe(status);
    expect(JSON.parse(response.body)).toMatchObject({ status, title: (error as Error).message, errors: [] });
  });
});

describe('dispatch: admin access', () => {
  const issuer = localIssuer(newIssuerKey());
  const edge = { adminTokens: createAdminTokenVerifier(issuer.settings) };
  const seen: unknown[] = [];
  const adminRoute = (method: 'GET' | 'POST', answers: 'json' | 'page') =>
    defineRoute({
      id: 'admin-x',
      surface: 'admin',
      method,
      path: '/api/admin/x',
      access: 'admin',
      answers,
      input: { from: 'none' },
      permissions: [],
      async handle(_input, { principal }) {
        seen.push(principal);
        return { status: 200, headers: {}, body: `secret report for ${principal.subject}` };
      },
    });
  const get = (headers: Record<string, string> = {}, cookies: Record<string, string> = {}): HttpRequest => ({
    method: 'GET',
    path: '/api/admin/x',
    query: {},
    params: {},
    headers,
    cookies,
    body: '',
    requestId: 'req-a',
  });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('runs the handler with the verified admin for a valid admin token, as Bearer or cookie', async () => {
    const { deps } = memoryDeps();
    const token = issuer.sign(LOCAL_ADMIN);
    seen.length = 0;
    expect((await dispatch(adminRoute('GET', 'json'), get(bearer(token)), deps, edge)).status).toBe(200);
    expect((await dispatch(adminRoute('GET', 'json'), get({}, { [SESSION_COOKIE]: token }), deps, edge)).status).toBe(200);
    expect(seen).toEqual([
      { kind: 'user', subject: LOCAL_ADMIN.subject, email: LOCAL_ADMIN.email, groups: ['admins'], via: 'bearer' },
      expect.objectContaining({ kind: 'user', via: 'cookie' }),
    ]);
  });

  it.each([
    ['no token', {}],
    ['a malformed Authorization header', { authorization: 'Basic YWRtaW46YWRtaW4=' }],
    ['a token from another issuer (forged)', bearer(localIssuer(newIssuerKey()).sign(LOCAL_ADMIN))],
    ['an expired token', bearer(issuer.sign(LOCAL_ADMIN, { now: new Date(Date.now() - 3 * 3600_000), seconds: 3600 }))],
    ['a token with a tampered payload', bearer(tamper(issuer.sign(LOCAL_NON_ADMIN)))],
    ['garbage', bearer('not.a.jwt')],
  ])('answers 401 problem+json revealing nothing for %s', async (_what, headers) => {
    const { deps } = memoryDeps();
    seen.length = 0;
    const response = await dispatch(adminRoute('GET', 'json'), get(headers), deps, edge);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.body).not.toContain('secret');
    expect(seen).toEqual([]);
  });

  it('answers 403 for a valid token outside the admins group, revealing nothing', async () => {
    const { deps } = memoryDeps();
    seen.length = 0;
    const response = await dispatch(adminRoute('GET', 'json'), get(bearer(issuer.sign(LOCAL_NON_ADMIN))), deps, edge);
    expect(response.status).toBe(403);
    expect(response.body).not.toContain('secret');
    expect(seen).toEqual([]);
  });

  it('fails closed (401) when the runtime has no verifier', async () => {
    const { deps } = memoryDeps();
    expect((await dispatch(adminRoute('GET', 'json'), get(bearer(issuer.sign(LOCAL_ADMIN))), deps)).status).toBe(401);
  });

  it('sends a browser without a token to the sign-in page, and a script a 401 page', async () => {
    const { deps } = memoryDeps();
    const browser = await dispatch(adminRoute('GET', 'page'), get({ accept: 'text/html,application/xhtml+xml' }), deps, edge);
    expect(browser.status).toBe(303);
    expect(browser.headers.location).toBe('/admin/login?next=%2Fapi%2Fadmin%2Fx');
    const script = await dispatch(adminRoute('GET', 'page'), get({ accept: '*/*' }), deps, edge);
    expect(script.status).toBe(401);
    expect(script.headers['content-type']).toMatch(/^text\/html/);
  });

  it('refuses a cookie-authenticated POST from another origin (403) and accepts one from our own pages', async () => {
    const { deps } = memoryDeps();
    const cookie = { [SESSION_COOKIE]: issuer.sign(LOCAL_ADMIN) };
    const post = (headers: Record<string, string>) => ({ ...get(headers, cookie), method: 'POST' });
    const route = adminRoute('POST', 'json');
    expect((await dispatch(route, post({ origin: 'https://evil.example', host: 'localhost:3000' }), deps, edge)).status).toBe(403);
    expect((await dispatch(route, post({ host: 'localhost:3000' }), deps, edge)).status).toBe(403);
    expect((await dispatch(route, post({ origin: 'http://localhost:3000', host: 'localhost:3000' }), deps, edge)).status).toBe(200);
    expect((await dispatch(route, post({ origin: deps.config.baseUrl }), deps, edge)).status).toBe(200);
    // A Bearer token is never sent by a browser on its own, so no Origin is needed.
    expect((await dispatch(route, { ...get(bearer(issuer.sign(LOCAL_ADMIN))), method: 'POST' }, deps, edge)).status).toBe(200);
  });
});

describe('dispatch: link access and input', () => {
  const seen: unknown[] = [];
  const linkRoute = defineRoute({
    id: 'accept-x',
    surface: 'links',
    method: 'POST',
    path: '/accept',
    access: 'link',
    link: 'accept',
    answers: 'page',
    input: { from: 'form', schema: z.strictObject({ n: z.coerce.number().int().min(1) }), fromForm: (f) => ({ n: f.get('n')?.[0] }) },
    permissions: [],
    invalid: ({ errors }) => ({ status: 400, headers: {}, body: `form again: ${errors.map((e) => e.path).join(',')}` }),
    async handle(input, { principal }) {
      seen.push([input, principal.subject]);
      return { status: 200, headers: {}, body: 'done' };
    },
  });
  const form = (fields: Record<string, string>): HttpRequest => ({
    method: 'POST',
    path: '/accept',
    query: {},
    params: {},
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    cookies: {},
    body: new URLSearchParams(fields).toString(),
    requestId: 'req-l',
  });

  it('verifies the token for the route action and hands the handler the subject and the typed input', async () => {
    const { deps, clock } = memoryDeps();
    seen.length = 0;
    const t = deps.signer.sign('accept', 'match-1', new Date(clock.now().getTime() + 60_000));
    const response = await dispatch(linkRoute, form({ t, n: '3' }), deps);
    expect(response.status).toBe(200);
    expect(seen).toEqual([[{ n: 3 }, 'match-1']]);
  });

  it.each([
    ['no token', () => ({}), 400],
    ['a token for another action', (deps: Deps, at: Date) => ({ t: deps.signer.sign('decline', 'match-1', at) }), 400],
    ['an expired token', (deps: Deps) => ({ t: deps.signer.sign('accept', 'match-1', new Date(deps.clock.now().getTime() - 1)) }), 410],
    ['an over-long token', () => ({ t: 'x'.repeat(401) }), 400],
  ])('answers a link problem page for %s, without running the handler', async (_what, fields, status) => {
    const { deps, clock } = memoryDeps();
    seen.length = 0;
    const response = await dispatch(linkRoute, form({ ...fields(deps, new Date(clock.now().getTime() + 60_000)), n: '3' }), deps);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(seen).toEqual([]);
  });

  it('shows the form again, naming the field, when the input fails its schema', async () => {
    const { deps, clock } = memoryDeps();
    seen.length = 0;
    const t = deps.signer.sign('accept', 'match-1', new Date(clock.now().getTime() + 60_000));
    const response = await dispatch(linkRoute, form({ t, n: '0' }), deps);
    expect(response).toMatchObject({ status: 400, body: 'form again: n' });
    expect(seen).toEqual([]);
  });
});

/** Swaps the payload for one claiming the admins group, keeping the signature: the signature no longer matches. */
function tamper(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
  claims['cognito:groups'] = ['admins'];
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}
