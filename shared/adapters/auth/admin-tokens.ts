/**
 * AdminTokenVerifier on aws-jwt-verify: signature against the issuer's
 * JWKS, issuer, audience (the app client), expiry, and `token_use: id`
 * (Cognito ID tokens carry the email and `cognito:groups`). In AWS the keys
 * are fetched from the user pool's JWKS URI once per cold start; locally the
 * local issuer's JWKS is handed over up front, so nothing is fetched.
 */
import { JwtVerifier } from 'aws-jwt-verify';
import { FetchError, JwksNotAvailableInCacheError } from 'aws-jwt-verify/error';
import { SimpleFetcher, type Fetcher } from 'aws-jwt-verify/https';
import { type Jwks, SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { AdminTokenVerifier, VerifiedUser } from '../../ports';

export interface AdminTokenSettings {
  /** The `iss` claim: Cognito's `https://cognito-idp.<region>.amazonaws.com/<poolId>`, or the local issuer. */
  issuer: string;
  /** The app client id (the ID token's `aud`). */
  audience: string;
  /** Where the keys are; defaults to `<issuer>/.well-known/jwks.json` as Cognito publishes them. */
  jwksUri?: string;
  /** Keys given up front (the local issuer): nothing is fetched. */
  jwks?: Jwks;
}

/** Cognito's keys must arrive well inside an API request's deadline; a stalled fetch is an outage (503), not a hang. */
const JWKS_FETCH_TIMEOUT_MS = 3000;

/** Hands back the given keys whenever the cache asks (a token naming an unknown key is then simply invalid). */
function staticFetcher(jwks: Jwks): Fetcher {
  const body = new TextEncoder().encode(JSON.stringify(jwks));
  return { fetch: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer };
}

export function createAdminTokenVerifier(settings: AdminTokenSettings): AdminTokenVerifier {
  const fetcher = settings.jwks
    ? staticFetcher(settings.jwks)
    : new SimpleFetcher({ defaultRequestOptions: { responseTimeout: JWKS_FETCH_TIMEOUT_MS } });
  const verifier = JwtVerifier.create(
    {
      issuer: settings.issuer,
      audience: settings.audience,
      jwksUri: settings.jwksUri ?? `${settings.issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'id') throw new Error('Not an ID token');
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher }) },
  );
  if (settings.jwks) verifier.cacheJwks(settings.jwks);
  return {
    async verify(token: string): Promise<VerifiedUser | undefined> {
      let payload: Record<string, unknown>;
      try {
        payload = await verifier.verify(token);
      } catch (error) {
        // The keys could not be had: an outage to report, not a bad token.
        if (error instanceof FetchError || error instanceof JwksNotAvailableInCacheError) throw error;
        return undefined;
      }
      const groups = payload['cognito:groups'];
      return {
        subject: String(payload.sub ?? ''),
        email: typeof payload.email === 'string' ? payload.email : undefined,
        groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
      };
    },
  };
}
