/**
 * Who is calling an admin route. The token comes as `Authorization: Bearer`
 * (scripts, the API) or as the HttpOnly session cookie (the admin pages),
 * and is checked by the one verifier this runtime was built with: Cognito's
 * keys in AWS, the local issuer's key locally. Nothing about the reason is
 * revealed: no token, a forged one and an expired one all get the same 401.
 */
import { Forbidden, Unauthorised } from '../../shared/domain/errors';
import type { AdminTokenVerifier } from '../../shared/ports';
import type { AdminUser, HttpRequest } from './types';

/** The Cognito group whose members may use the admin area. */
export const ADMIN_GROUP = 'admins';
/** The admin session cookie (HttpOnly, SameSite=Strict; Secure outside localhost). */
export const SESSION_COOKIE = 'mm_admin_session';

function presentedToken(request: HttpRequest): { token: string; via: AdminUser['via'] } | undefined {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const bearer = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,4096})$/i.exec(authorization.trim());
    return bearer ? { token: bearer[1]!, via: 'bearer' } : undefined;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

/**
 * A state-changing request made with the cookie must come from our own pages:
 * SameSite=Strict keeps the cookie off other sites' requests in current
 * browsers, and the Origin check covers the rest.
 */
function fromOwnPages(request: HttpRequest, baseUrl: string): boolean {
  const origin = request.headers.origin;
  // Our pages' Referrer-Policy is no-referrer, under which browsers send `Origin: null` with a form's POST
  // (the Fetch standard): then Sec-Fetch-Site, which no page can set, says where the request came from.
  if (!origin || origin === 'null') return request.headers['sec-fetch-site'] === 'same-origin';
  const own = new Set<string>();
  try {
    own.add(new URL(baseUrl).origin);
  } catch {
    // no base URL configured: only the Host header can vouch
  }
  const host = request.headers.host;
  if (host) for (const scheme of ['http', 'https']) own.add(`${scheme}://${host}`);
  return own.has(origin);
}

export async function adminFromRequest(
  request: HttpRequest,
  verifier: AdminTokenVerifier | undefined,
  baseUrl: string,
  method: string,
): Promise<AdminUser> {
  const presented = presentedToken(request);
  if (!presented || !verifier) throw new Unauthorised();
  const user = await verifier.verify(presented.token);
  if (!user) throw new Unauthorised();
  if (!user.groups.includes(ADMIN_GROUP)) throw new Forbidden();
  if (presented.via === 'cookie' && method !== 'GET' && !fromOwnPages(request, baseUrl)) {
    throw new Forbidden('This request did not come from the admin pages');
  }
  return { kind: 'user', subject: user.subject, email: user.email, groups: user.groups, via: presented.via };
}
