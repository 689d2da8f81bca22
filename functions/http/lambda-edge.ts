/**
 * Admin sign-in for the admin surface's Lambda entry only: the token
 * verifier (aws-jwt-verify) stays out of the other functions' bundles.
 */
import { createAdminTokenVerifier } from '../../shared/adapters/auth/admin-tokens';
import { cognitoSignIn } from '../../shared/adapters/auth/cognito-sign-in';
import { ENV, parseEnv } from '../../shared/config/env';
import type { EdgeOptions } from './dispatch';

/** Admin sign-in and its verifier, for the function whose environment names an issuer (the admin surface). */
export function lambdaEdge(): EdgeOptions {
  const env = parseEnv(process.env);
  const issuer = env[ENV.ADMIN_TOKEN_ISSUER];
  const audience = env[ENV.ADMIN_TOKEN_AUDIENCE];
  if (!issuer || !audience) return {};
  const jwks = env[ENV.ADMIN_TOKEN_JWKS];
  const signInUrl = env[ENV.ADMIN_SIGN_IN_URL];
  return {
    adminTokens: createAdminTokenVerifier({ issuer, audience, jwks: jwks as never }),
    adminSignIn: signInUrl ? cognitoSignIn({ domainUrl: signInUrl, clientId: audience }) : undefined,
  };
}
