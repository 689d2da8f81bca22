/**
 * Admin sign-in and sign-out. In AWS, `/admin/login` starts Cognito's
 * managed login (authorization code with PKCE: the verifier and state wait
 * in a short-lived HttpOnly cookie scoped to the callback) and
 * `/admin/auth/callback` exchanges the code for an ID token, checks it with
 * the same verifier every admin request uses, and keeps it in the session
 * cookie (HttpOnly, SameSite=Strict, Secure). Locally, `/admin/login` is a
 * page that issues a local token at once; nothing else differs.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { recordSignIn, recordSignOut } from '../../shared/app/admin';
import { NotFound } from '../../shared/domain/errors';
import type { Deps, VerifiedUser } from '../../shared/ports';
import { html } from '../../shared/domain/html';
import { clearCookie, cookiesSecure, setCookie } from '../http/cookies';
import { ADMIN_GROUP, SESSION_COOKIE } from '../http/principal';
import { page, seeOther } from '../http/responses';
import { defineRoute, type HttpResponse } from '../http/types';
import { button, column, layout, messagePage } from '../web/layout';
import { actorOf } from './actor';

/** The sign-in handshake: state, PKCE verifier and where to go afterwards, for ten minutes. */
const HANDSHAKE_COOKIE = 'mm_admin_signin';
const HANDSHAKE_SECONDS = 600;
/** Cognito's ID tokens last an hour (infra); the session cookie lasts no longer than its token. */
const DEFAULT_SESSION_SECONDS = 3600;

const base64url = (bytes: Buffer) => bytes.toString('base64url');

/** Only our own admin pages: never an absolute URL, so sign-in cannot be used to send someone elsewhere. */
export function safeNext(next: string | undefined): string {
  // Segments never start with a dot, so `..` cannot climb out of /admin.
  return next && /^\/admin(\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*\/?(\?[A-Za-z0-9._~=&%-]*)?$/.test(next) && !next.startsWith('/admin/login') ? next : '/admin';
}

const Next = z.object({ next: z.string().max(500).optional() });

/** A sign-in to the admin area is audited; someone outside the admins group signs in to nothing and is not. */
async function auditSignIn(user: VerifiedUser | undefined, deps: Deps) {
  if (user?.groups.includes(ADMIN_GROUP)) await recordSignIn({ subject: user.subject, email: user.email, via: 'page' }, deps);
}

function sessionCookie(token: string, baseUrl: string, seconds = DEFAULT_SESSION_SECONDS): string {
  return setCookie(SESSION_COOKIE, token, { maxAgeSeconds: seconds, path: '/', sameSite: 'Strict', secure: cookiesSecure(baseUrl) });
}

/** Seconds left on a JWT, read from its (already verified) payload. */
function secondsLeft(token: string, now: Date): number {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
    return typeof payload.exp === 'number' ? payload.exp - Math.floor(now.getTime() / 1000) : DEFAULT_SESSION_SECONDS;
  } catch {
    return DEFAULT_SESSION_SECONDS;
  }
}

const localSignInPage = (next: string) =>
  layout({
    title: 'Sign in',
    content: column(html`<h1 class="govuk-heading-l">Sign in to the admin area</h1>
<div class="govuk-inset-text">This is the local stand-in for the Cognito sign-in page. It signs you in without a password, and only exists when the service runs on your own machine.</div>
<form method="post" action="/admin/login" novalidate>
<input type="hidden" name="next" value="${next}">
<div class="govuk-button-group">
${button('Sign in as the local admin')}
<button type="submit" name="who" value="non-admin" class="govuk-button govuk-button--secondary" data-module="govuk-button">Sign in as someone who is not an admin</button>
</div>
</form>`),
  });

export const adminLogin = defineRoute({
  id: 'admin-login',
  surface: 'admin',
  method: 'GET',
  path: '/admin/login',
  access: 'public',
  answers: 'page',
  input: { from: 'query', schema: Next },
  permissions: [],
  async handle({ next }, { deps, edge }) {
    const signIn = edge.adminSignIn;
    if (!signIn) throw new NotFound('Sign-in');
    const target = safeNext(next);
    if (signIn.kind === 'local') return page(200, localSignInPage(target));
    const state = base64url(randomBytes(16));
    const verifier = base64url(randomBytes(32));
    const challenge = base64url(createHash('sha256').update(verifier).digest());
    const response = seeOther(
      signIn.authorizeUrl({ state, codeChallenge: challenge, redirectUri: `${deps.config.baseUrl}/admin/auth/callback` }),
    );
    // Lax, not Strict: the browser comes back to the callback from Cognito's domain, a cross-site navigation.
    response.cookies = [
      setCookie(HANDSHAKE_COOKIE, `${state}.${verifier}.${base64url(Buffer.from(target))}`, {
        maxAgeSeconds: HANDSHAKE_SECONDS,
        path: '/admin/auth',
        sameSite: 'Lax',
        secure: cookiesSecure(deps.config.baseUrl),
      }),
    ];
    return response;
  },
});

export const adminLoginLocal = defineRoute({
  id: 'admin-login-local',
  surface: 'admin',
  method: 'POST',
  path: '/admin/login',
  access: 'public',
  answers: 'page',
  input: {
    from: 'form',
    schema: z.object({ next: z.string().max(500).optional(), who: z.enum(['admin', 'non-admin']).default('admin') }),
    fromForm: (f) => ({ next: f.get('next')?.[0], who: f.get('who')?.[0] || undefined }),
  },
  // Writes the audit entry of the sign-in or sign-out.
  permissions: ['table:write'],
  async handle({ next, who }, { deps, edge }) {
    // Only the local runtime can issue tokens itself; in AWS this address does not exist.
    if (edge.adminSignIn?.kind !== 'local') throw new NotFound('Page');
    const response = seeOther(safeNext(next));
    const token = edge.adminSignIn.issue({ admin: who === 'admin' });
    await auditSignIn(await edge.adminTokens?.verify(token), deps);
    response.cookies = [sessionCookie(token, deps.config.baseUrl)];
    return response;
  },
});

function signInFailed(): HttpResponse {
  return page(
    400,
    messagePage('Sign-in did not complete', [
      'Nothing has been changed.',
      html`<a class="govuk-link" href="/admin/login">Sign in again</a>`,
    ]),
  );
}

export const adminAuthCallback = defineRoute({
  id: 'admin-auth-callback',
  surface: 'admin',
  method: 'GET',
  path: '/admin/auth/callback',
  access: 'public',
  answers: 'page',
  input: { from: 'query', schema: z.object({ code: z.string().min(1).max(2000), state: z.string().min(1).max(200) }) },
  // Writes the audit entry of the sign-in or sign-out.
  permissions: ['table:write'],
  // Cognito sends `error=...` instead of a code when the person cancels: not our bug, just another go.
  invalid: signInFailed,
  async handle({ code, state }, { request, deps, edge }) {
    const signIn = edge.adminSignIn;
    if (signIn?.kind !== 'cognito' || !edge.adminTokens) throw new NotFound('Page');
    const [expectedState, verifier, nextPart] = (request.cookies[HANDSHAKE_COOKIE] ?? '').split('.');
    const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
    if (!expectedState || !verifier || !same(expectedState, state)) return signInFailed();
    const redirectUri = `${deps.config.baseUrl}/admin/auth/callback`;
    const token = await signIn.exchangeCode({ code, codeVerifier: verifier, redirectUri });
    const user = token ? await edge.adminTokens.verify(token) : undefined;
    if (!token || !user) return signInFailed();
    await auditSignIn(user, deps);
    const next = safeNext(Buffer.from(nextPart ?? '', 'base64url').toString('utf8'));
    // A page, not a redirect: a SameSite=Strict cookie set while arriving from Cognito is only sent on
    // the next navigation that starts here, so the browser moves on from this page itself.
    const response = page(
      200,
      layout({
        title: 'Signed in',
        content: column(html`<h1 class="govuk-heading-l">You are signed in</h1>
<p class="govuk-body"><a class="govuk-link" id="continue" href="${next}">Continue to the admin area</a></p>`),
      }),
    );
    response.headers.refresh = `0; url=${next}`;
    const secure = cookiesSecure(deps.config.baseUrl);
    response.cookies = [
      sessionCookie(token, deps.config.baseUrl, secondsLeft(token, deps.clock.now())),
      clearCookie(HANDSHAKE_COOKIE, { path: '/admin/auth', secure }),
    ];
    return response;
  },
});

export const adminLogout = defineRoute({
  id: 'admin-logout',
  surface: 'admin',
  method: 'POST',
  path: '/admin/logout',
  access: 'admin',
  answers: 'page',
  input: { from: 'form', schema: z.object({}), fromForm: () => ({}) },
  // Writes the audit entry of the sign-in or sign-out.
  permissions: ['table:write'],
  async handle(_input, { principal, deps, edge }) {
    await recordSignOut(actorOf(principal), deps);
    const done = `${deps.config.baseUrl}/admin/signed-out`;
    const signIn = edge.adminSignIn;
    const response = seeOther(signIn?.kind === 'cognito' ? signIn.logoutUrl(done) : '/admin/signed-out');
    response.cookies = [clearCookie(SESSION_COOKIE, { path: '/', secure: cookiesSecure(deps.config.baseUrl) })];
    return response;
  },
});

export const adminSignedOut = defineRoute({
  id: 'admin-signed-out',
  surface: 'admin',
  method: 'GET',
  path: '/admin/signed-out',
  access: 'public',
  answers: 'page',
  input: { from: 'none' },
  permissions: [],
  async handle() {
    return page(
      200,
      messagePage('You have signed out', [html`<a class="govuk-link" href="/admin/login">Sign in again</a>`]),
    );
  },
});
