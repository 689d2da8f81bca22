/**
 * Every email reads as plain English: the text part (which is also what the
 * HTML part says) scores a Flesch reading ease of at least 60, and the
 * hardest sentences are listed when one does not.
 */
import { describe, expect, it } from 'vitest';
import { everyEmail } from '../../fixtures/emails';
import { READING_EASE_THRESHOLD, report, score } from '../../support/readability';

describe.each(everyEmail())('the $name email', ({ name, email }) => {
  it(`scores a reading ease of at least ${READING_EASE_THRESHOLD}`, () => {
    // Links are for clicking, not reading.
    const r = score(email.text.replace(/https?:\/\/\S+/g, ''));
    expect(r.ease, report(name, r)).toBeGreaterThanOrEqual(READING_EASE_THRESHOLD);
  });
});
