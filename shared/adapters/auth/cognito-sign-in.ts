/**
 * AdminSignIn on Cognito's managed login: the authorization-code flow with
 * PKCE for a public app client (no client secret to keep). The token
 * endpoint is called with a deadline, so a stalled Cognito is an error page,
 * not a hung request.
 */
import type { AdminSignIn } from '../../ports';

const TOKEN_TIMEOUT_MS = 4000;

export function cognitoSignIn(o: { domainUrl: string; clientId: string }): AdminSignIn {
  const domain = o.domainUrl.replace(/\/+$/, '');
  return {
    kind: 'cognito',
    authorizeUrl({ state, codeChallenge, redirectUri }) {
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: o.clientId,
        redirect_uri: redirectUri,
        scope: 'openid email',
        state,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
      });
      return `${domain}/oauth2/authorize?${query}`;
    },
    async exchangeCode({ code, codeVerifier, redirectUri }) {
      const response = await fetch(`${domain}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: o.clientId,
          code,
          redirect_uri: redirectUri,
          code_verifier: codeVerifier,
        }),
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      });
      // 400 invalid_grant: a used, expired or forged code. Anything else unexpected is an outage.
      if (response.status === 400) return undefined;
      if (!response.ok) throw new Error(`Cognito token endpoint answered ${response.status}`);
      const body = (await response.json()) as { id_token?: unknown };
      return typeof body.id_token === 'string' ? body.id_token : undefined;
    },
    logoutUrl(returnTo) {
      return `${domain}/logout?${new URLSearchParams({ client_id: o.clientId, logout_uri: returnTo })}`;
    },
  };
}
