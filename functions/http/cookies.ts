/** Set-Cookie values for the admin session and the sign-in handshake. */

/** Browsers treat http://localhost as secure enough for Secure cookies, but not plain-http hosts elsewhere. */
export function cookiesSecure(baseUrl: string): boolean {
  return !/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(baseUrl);
}

export function setCookie(
  name: string,
  value: string,
  o: { maxAgeSeconds: number; path: string; sameSite: 'Strict' | 'Lax'; secure: boolean },
): string {
  return [
    `${name}=${value}`,
    `Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`,
    `Path=${o.path}`,
    'HttpOnly',
    `SameSite=${o.sameSite}`,
    ...(o.secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearCookie(name: string, o: { path: string; secure: boolean }): string {
  return setCookie(name, '', { maxAgeSeconds: 0, path: o.path, sameSite: 'Strict', secure: o.secure });
}
