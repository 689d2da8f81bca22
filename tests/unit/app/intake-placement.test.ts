/**
 * Placing received submissions (shared/app/intake.ts) on the memory stores:
 * the request only stores the submission; placing it decides what the
 * address gets, shares one email among a burst, and keeps to three
 * verification or confirm-changes emails an address an hour.
 */
import { describe, expect, it } from 'vitest';
import { confirmEmail, placeSubmission, receiveSubmission } from '../../../shared/app/intake';
import { parseProfileSubmission } from '../../../shared/domain/profile';
import { SUBMISSION_POLICY } from '../../../shared/domain/submission';
import { memoryDeps, tokenFrom, validMentee } from '../../fixtures/deps';

const EMAIL = 'priya.shah@manchester.gov.uk';

/** Memory deps whose submissions wait to be placed, as they do behind the stream. */
function queued() {
  const t = memoryDeps();
  t.deps.placement = { kind: 'stream' };
  return t;
}

const receive = (t: ReturnType<typeof queued>, overrides: Record<string, unknown> = {}) =>
  receiveSubmission(parseProfileSubmission(validMentee(overrides)), t.deps);

const verifyMail = (t: ReturnType<typeof queued>) => t.outbox.allOutbox().filter((m) => m.email.template === 'verify-email');

describe('receiveSubmission', () => {
  it('stores the submission, readable by its id as a pending profile, with no claim on the address and nothing queued', async () => {
    const t = queued();
    const { id } = await receive(t);
    expect((await t.profiles.getProfile(id))?.status).toBe('PENDING_VERIFICATION');
    expect(await t.profiles.findProfileIdByEmail('mentee', EMAIL)).toBeUndefined();
    expect(t.outbox.allOutbox()).toEqual([]);
    expect(await t.profiles.listUnplacedSubmissions(10)).toEqual([id]);
  });
});

describe('placeSubmission', () => {
  it('holds a new email back for the burst window, then replaces it for each submission of the burst', async () => {
    const t = queued();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await receive(t, { jobTitle: `Title ${i}` })).id);
    for (const id of ids) await placeSubmission(id, t.deps);

    const mail = verifyMail(t);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.dueAt).toBe(new Date(t.clock.now().getTime() + SUBMISSION_POLICY.burstHoldMs).toISOString());
    const claim = await t.profiles.findProfileIdByEmail('mentee', EMAIL);
    expect(claim).toBe(ids.at(-1));
    expect((await confirmEmail(tokenFrom(mail[0]!.email, 'confirm-email'), t.deps)).jobTitle).toBe('Title 4');
    for (const id of ids.slice(0, -1)) expect(await t.profiles.getProfile(id)).toBeUndefined();
  });

  it('sends a fresh email once the last one went, up to three an hour, then drops submissions silently until the hour is over', async () => {
    const t = queued();
    const sentTokens: string[] = [];
    const placeOne = async () => {
      const { id } = await receive(t);
      const outcome = await placeSubmission(id, t.deps);
      // The sender takes each email before the next submission: none of them is a burst.
      for (const m of t.outbox.allOutbox().filter((m) => m.status === 'PENDING')) {
        if (m.email.template === 'verify-email') sentTokens.push(tokenFrom(m.email, 'confirm-email'));
        await t.outbox.markSent(m, 'ses', t.clock.now());
      }
      t.clock.advance(60_000);
      return outcome;
    };
    expect([await placeOne(), await placeOne(), await placeOne()]).toEqual(['created', 'replaced', 'replaced']);
    const lastToken = sentTokens.at(-1)!;
    expect(await placeOne()).toBe('limited');
    expect(sentTokens).toHaveLength(3);
    // The dropped submission left the address's last link working.
    expect((await confirmEmail(lastToken, t.deps)).status).toBe('ACTIVE');

    t.clock.advance(SUBMISSION_POLICY.windowMs);
    expect(await placeOne()).toBe('update');
  });

  it('places a submission once when two consumers take it', async () => {
    const t = queued();
    const { id } = await receive(t);
    expect(await Promise.all([placeSubmission(id, t.deps), placeSubmission(id, t.deps)])).toContain('gone');
    expect(verifyMail(t)).toHaveLength(1);
  });
});
