/**
 * The local stand-in for Cognito: an RSA key kept with the local data signs
 * ID tokens shaped like Cognito's (`sub`, `email`, `cognito:groups`,
 * `token_use: id`), and the service verifies them with the same verifier it
 * uses in AWS (shared/adapters/auth/admin-tokens.ts), handed this key's JWKS.
 * Used by `npm start`, `npm run admin:token` and the tests.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AdminTokenSettings } from '../../shared/adapters/auth/admin-tokens';
import { LOCAL_DIR } from './config';

export const LOCAL_ISSUER = 'https://issuer.mentor-match.localhost';
export const LOCAL_AUDIENCE = 'mentor-match-local-admin';
/** A working day, as a Cognito ID token's lifetime is configured in infra. */
export const LOCAL_TOKEN_SECONDS = 8 * 3600;

export interface LocalUser {
  subject: string;
  email: string;
  groups: string[];
}

export const LOCAL_ADMIN: LocalUser = { subject: 'local-admin', email: 'admin@localhost.test', groups: ['admins'] };
export const LOCAL_NON_ADMIN: LocalUser = { subject: 'local-user', email: 'someone@localhost.test', groups: [] };

export interface LocalIssuer {
  /** What the verifier needs: issuer, audience and this key's JWKS. */
  settings: AdminTokenSettings;
  /** An ID token for the user, valid for `seconds` from `now`. */
  sign(user: LocalUser, o?: { now?: Date; seconds?: number }): string;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export function localIssuer(privateKey: KeyObject): LocalIssuer {
  const kid = 'local-1';
  const jwk = { ...createPublicKey(privateKey).export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  return {
    settings: { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, jwks: { keys: [jwk as never] } },
    sign(user, o = {}) {
      const iat = Math.floor((o.now ?? new Date()).getTime() / 1000);
      const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
      const payload = base64url(
        JSON.stringify({
          iss: LOCAL_ISSUER,
          aud: LOCAL_AUDIENCE,
          sub: user.subject,
          email: user.email,
          'cognito:groups': user.groups,
          token_use: 'id',
          iat,
          exp: iat + (o.seconds ?? LOCAL_TOKEN_SECONDS),
          jti: randomUUID(),
        }),
      );
      const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey);
      return `${header}.${payload}.${base64url(signature)}`;
    },
  };
}

export function newIssuerKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

/** The machine's local issuer: its key is made once and kept with the local data (mode 600). */
export function machineIssuer(dir = LOCAL_DIR): LocalIssuer {
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, 'admin-issuer-key.pem');
  if (!existsSync(file)) {
    writeFileSync(file, newIssuerKey().export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  }
  return localIssuer(createPrivateKey(readFileSync(file, 'utf8')));
}
