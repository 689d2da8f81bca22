/** Deps for Lambda entries: the environment parsed at cold start, clients built once. */
import { createAdminTokenVerifier } from '../../shared/adapters/auth/admin-tokens';
import { cognitoSignIn } from '../../shared/adapters/auth/cognito-sign-in';
import { ENV } from '../../shared/config/env';
import type { Context } from 'aws-lambda';
import { buildLambdaDeps, type Deadlines, jsonLogger, parseEnv } from '../../shared/deps';
import type { Deps } from '../../shared/ports';
import type { EdgeOptions } from './dispatch';

/**
 * The deps of one Lambda entry, built once per cold start; `request` for the
 * HTTP surfaces (a stall is a 503 within seconds), `job` for the scheduled
 * and stream functions. Each invocation passes its Lambda context, so every
 * log line carries cold_start and the request id (Powertools).
 */
export function lambdaDeps(deadlines: Deadlines = 'request'): (context?: Context) => Promise<Deps> {
  const env = parseEnv(process.env);
  const logger = jsonLogger();
  let deps: Promise<Deps> | undefined;
  return (context) => {
    if (context) logger.addContext(context);
    return (deps ??= buildLambdaDeps(env, deadlines, logger).catch((error) => {
      deps = undefined; // the next invocation tries again (e.g. after a throttled secret read)
      throw error;
    }));
  };
}

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
