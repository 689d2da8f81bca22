import { describe, expect, it } from 'vitest';
import { LinkExpired, LinkInvalid } from '../../../shared/domain/errors';
import { createSigner } from '../../../shared/domain/tokens';
import { FIXED_NOW, TEST_SIGNING_KEY } from '../../fixtures/deps';

const signer = createSigner(TEST_SIGNING_KEY);
const now = FIXED_NOW;
const inAWeek = new Date(now.getTime() + 7 * 86_400_000);
const token = signer.sign('confirm-email', 'id-0001', inAWeek);

/** Replaces the n-th dot-separated part of a token. */
const withPart = (t: string, n: number, value: string) => t.split('.').map((p, i) => (i === n ? value : p)).join('.');
/** Changes the first character (all six of its bits are mac bits) to another of the same alphabet. */
const flipFirst = (s: string) => (s.startsWith('A') ? 'B' : 'A') + s.slice(1);

describe('signed links', () => {
  it('round-trips: verify returns the subject it was signed for', () => {
    expect(signer.verify(token, 'confirm-email', now)).toBe('id-0001');
  });

  it('accepts subjects made of ids joined by colons (confirm-update links)', () => {
    const t = signer.sign('confirm-update', 'id-0001:id-0002', inAWeek);
    expect(signer.verify(t, 'confirm-update', now)).toBe('id-0001:id-0002');
  });

  it('verifies with a different signer built from the same key (links survive a cold start)', () => {
    expect(createSigner(Buffer.from(TEST_SIGNING_KEY)).verify(token, 'confirm-email', now)).toBe('id-0001');
  });

  it('rejects a token signed with another key', () => {
    const other = createSigner(Buffer.alloc(32, 8)).sign('confirm-email', 'id-0001', inAWeek);
    expect(() => signer.verify(other, 'confirm-email', now)).toThrow(LinkInvalid);
  });

  it('rejects a token whose subject was changed (someone else’s id)', () => {
    expect(() => signer.verify(withPart(token, 0, 'id-0002'), 'confirm-email', now)).toThrow(LinkInvalid);
  });

  it('rejects a token whose expiry was pushed later, even though it is not yet expired', () => {
    const later = Math.floor(inAWeek.getTime() / 1000 + 86_400 * 365).toString(36);
    expect(() => signer.verify(withPart(token, 1, later), 'confirm-email', now)).toThrow(LinkInvalid);
  });

  it('rejects a token whose mac was changed', () => {
    const mac = token.split('.')[2]!;
    expect(() => signer.verify(withPart(token, 2, flipFirst(mac)), 'confirm-email', now)).toThrow(LinkInvalid);
  });

  it('rejects a token used for a different action (a confirm link cannot erase)', () => {
    expect(() => signer.verify(token, 'erase', now)).toThrow(LinkInvalid);
  });

  it.each(['', 'abc', 'a.b', 'a.b.c.d', 'id-0001..', `id 0001.${token.split('.')[1]}.${token.split('.')[2]}`, `${token}A`])(
    'rejects the malformed token %j as invalid, not as an error',
    (bad) => {
      expect(() => signer.verify(bad, 'confirm-email', now)).toThrow(LinkInvalid);
    },
  );

  it('reports an expired link as LinkExpired once its expiry time is reached', () => {
    expect(signer.verify(token, 'confirm-email', new Date(inAWeek.getTime() - 1000))).toBe('id-0001');
    expect(() => signer.verify(token, 'confirm-email', inAWeek)).toThrow(LinkExpired);
    expect(() => signer.verify(token, 'confirm-email', new Date(inAWeek.getTime() + 1))).toThrow(LinkExpired);
  });

  it('reports a forged expired token as invalid, not expired (expiry is checked after the mac)', () => {
    const past = Math.floor(now.getTime() / 1000 - 60).toString(36);
    expect(() => signer.verify(withPart(token, 1, past), 'confirm-email', now)).toThrow(LinkInvalid);
  });

  it('refuses keys shorter than 32 bytes', () => {
    expect(() => createSigner(Buffer.alloc(31, 1))).toThrow(/at least 32 bytes/);
    expect(() => createSigner(Buffer.alloc(0))).toThrow(/at least 32 bytes/);
    expect(() => createSigner(Buffer.alloc(32, 1))).not.toThrow();
  });

  it('refuses to sign a subject that could break the token format', () => {
    expect(() => signer.sign('erase', 'a.b', inAWeek)).toThrow();
    expect(() => signer.sign('erase', '', inAWeek)).toThrow();
  });

  it('produces URL-safe tokens', () => {
    expect(token).toMatch(/^[A-Za-z0-9:_.-]+$/);
  });
});
