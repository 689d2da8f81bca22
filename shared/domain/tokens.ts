/**
 * Signed, expiring action links. A token is `<subject>.<expiry>.<mac>` where
 * mac = HMAC-SHA256(key, action ‖ subject ‖ expiry), so a token for one action
 * or one subject cannot be reused for another, and any edit breaks the mac.
 * Single use is enforced by the state machine the action drives, not here.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { LinkExpired, LinkInvalid } from './errors';

export interface Signer {
  sign(action: string, subject: string, expiresAt: Date): string;
  /** Returns the subject, or throws LinkInvalid / LinkExpired. */
  verify(token: string, action: string, now: Date): string;
}

const SUBJECT = /^[A-Za-z0-9:_-]{1,200}$/;

export function createSigner(key: Buffer): Signer {
  if (key.length < 32) throw new Error('The signing key must be at least 32 bytes');
  const mac = (action: string, subject: string, expiry: string) =>
    createHmac('sha256', key).update(`${action}\n${subject}\n${expiry}`).digest();

  return {
    sign(action, subject, expiresAt) {
      if (!SUBJECT.test(subject)) throw new Error('Token subjects are ids: letters, digits, : _ -');
      const expiry = Math.floor(expiresAt.getTime() / 1000).toString(36);
      return `${subject}.${expiry}.${mac(action, subject, expiry).toString('base64url')}`;
    },
    verify(token, action, now) {
      const parts = token.split('.');
      if (parts.length !== 3) throw new LinkInvalid();
      const [subject, expiry, given] = parts as [string, string, string];
      if (!SUBJECT.test(subject) || !/^[0-9a-z]{1,12}$/.test(expiry) || !/^[A-Za-z0-9_-]{43}$/.test(given)) {
        throw new LinkInvalid();
      }
      const expected = mac(action, subject, expiry);
      const actual = Buffer.from(given, 'base64url');
      // Canonical encoding only: the last character's spare bits must not give a second valid spelling.
      if (actual.length !== expected.length || actual.toString('base64url') !== given || !timingSafeEqual(actual, expected)) {
        throw new LinkInvalid();
      }
      // Checked after the mac so an attacker learns nothing from a forged expiry.
      if (parseInt(expiry, 36) * 1000 <= now.getTime()) throw new LinkExpired();
      return subject;
    },
  };
}
