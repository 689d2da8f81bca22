/**
 * Environment variables, named once here and shared with infra/, parsed once
 * per cold start with zod so a missing or malformed value fails loudly at
 * start rather than on the first request that needs it.
 */
import * as z from 'zod';

export const ENV = {
  TABLE_NAME: 'TABLE_NAME',
  BASE_URL: 'BASE_URL',
  MAIL_FROM: 'MAIL_FROM',
  /** Secrets Manager secret holding the HMAC key for action links (AWS). */
  SIGNING_KEY_SECRET_ARN: 'SIGNING_KEY_SECRET_ARN',
  /** The HMAC key itself, base64 (local runtime and tests only). */
  SIGNING_KEY: 'SIGNING_KEY',
  SES_CONFIGURATION_SET: 'SES_CONFIGURATION_SET',
  /** Endpoint overrides for the local emulators; unset in AWS. */
  DYNAMODB_ENDPOINT: 'DYNAMODB_ENDPOINT',
  SES_ENDPOINT: 'SES_ENDPOINT',
  /** Folder holding govuk-frontend's CSS, JS, fonts and images (copied into the assets Lambda's bundle). */
  ASSETS_DIR: 'ASSETS_DIR',
  /** Admin sign-in tokens: the issuer (Cognito user pool URL, or the local issuer) and the app client id. */
  ADMIN_TOKEN_ISSUER: 'ADMIN_TOKEN_ISSUER',
  ADMIN_TOKEN_AUDIENCE: 'ADMIN_TOKEN_AUDIENCE',
  /** The issuer's JWKS as JSON, given up front (the local issuer in tests); unset in AWS, where it is fetched. */
  ADMIN_TOKEN_JWKS: 'ADMIN_TOKEN_JWKS',
  /** Cognito's managed login domain (`https://<prefix>.auth.<region>.amazoncognito.com`), for the admin sign-in. */
  ADMIN_SIGN_IN_URL: 'ADMIN_SIGN_IN_URL',
  /** Who gets the weekly summary: admin email addresses, comma-separated (the weekly-summary job only). */
  ADMIN_EMAILS: 'ADMIN_EMAILS',
  LOG_LEVEL: 'POWERTOOLS_LOG_LEVEL',
  SERVICE_NAME: 'POWERTOOLS_SERVICE_NAME',
} as const;

/** `a@x.gov.uk, b@y.gov.uk` → both addresses, each checked; absent or empty → none. */
export const adminEmails = z
  .string()
  .optional()
  .transform((text) => (text ?? '').split(',').map((a) => a.trim()).filter(Boolean))
  .pipe(z.array(z.email({ error: 'must be email addresses separated by commas' })));

const RuntimeEnv = z
  .object({
    // Only functions granted the table get its name (infra binds grant and variable together).
    [ENV.TABLE_NAME]: z.string().min(3).optional(),
    [ENV.BASE_URL]: z.url().transform((u) => u.replace(/\/+$/, '')),
    [ENV.MAIL_FROM]: z.email(),
    [ENV.SIGNING_KEY_SECRET_ARN]: z.string().optional(),
    [ENV.SIGNING_KEY]: z.string().min(32).optional(),
    [ENV.SES_CONFIGURATION_SET]: z.string().optional(),
    [ENV.DYNAMODB_ENDPOINT]: z.url().optional(),
    [ENV.SES_ENDPOINT]: z.url().optional(),
    // Only the admin surface gets these (infra sets them with the authorizer's settings).
    [ENV.ADMIN_TOKEN_ISSUER]: z.url().optional(),
    [ENV.ADMIN_TOKEN_AUDIENCE]: z.string().min(1).optional(),
    [ENV.ADMIN_SIGN_IN_URL]: z.url().optional(),
    [ENV.ADMIN_EMAILS]: adminEmails,
    [ENV.ADMIN_TOKEN_JWKS]: z
      .string()
      .optional()
      .transform((text, ctx) => {
        if (text === undefined) return undefined;
        try {
          return JSON.parse(text) as { keys: unknown[] };
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be a JWKS in JSON' });
          return z.NEVER;
        }
      }),
  });

export type RuntimeEnv = z.infer<typeof RuntimeEnv>;

export function parseEnv(env: Record<string, string | undefined>): RuntimeEnv {
  const result = RuntimeEnv.safeParse(env);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${detail}`);
  }
  return result.data;
}
