import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confirmUpdateEmail, erasureDoneEmail, verifyEmail } from '../../../shared/domain/emails';
import { parseProfileSubmission, type ProfileSubmission } from '../../../shared/domain/profile';
import type { OutgoingEmail } from '../../../shared/ports';
import { fastCheckSeed, validMentee, validMentor } from '../../fixtures/deps';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection payload, literal on purpose
  '`${alert(1)}`',
  'Tom & Jerry </td></tr></table>',
];

const confirmUrl = 'https://mentor-match.test/confirm-email?t=id-0001.abc.MAC';
const eraseUrl = 'https://mentor-match.test/erase?t=id-0001.def.MAC2';

/** Hostile text goes through the real schema first: templates only ever see parsed submissions. */
function hostile(value: string, role: 'mentee' | 'mentor'): ProfileSubmission {
  const body = role === 'mentee' ? validMentee({ name: value, jobTitle: value, goals: value }) : validMentor({ name: value, jobTitle: value, experience: value });
  return parseProfileSubmission(body);
}

/** Every tag in a document, in order: `<p`, `</td`, … */
const tagsOf = (doc: string) => doc.match(/<\/?[a-z!][a-z0-9]*/gi) ?? [];

const templates: [string, (s: ProfileSubmission) => OutgoingEmail][] = [
  ['verify-email', (s) => verifyEmail({ submission: s, confirmUrl, eraseUrl, linkDays: 7 })],
  ['confirm-update', (s) => confirmUpdateEmail({ submission: s, confirmUrl, eraseUrl, linkDays: 7 })],
];

describe.each(templates)('%s email', (template, render) => {
  describe.each(HOSTILE)('with the hostile value %j in name, job title and goals/experience', (value) => {
    it.each(['mentee', 'mentor'] as const)('escapes it in the HTML part of a %s’s email', (role) => {
      const email = render(hostile(value, role));
      expect(email.html).not.toContain(value);
      expect(email.html).not.toMatch(/<script|<img|<svg/i);
      // Same markup as for a harmless value: the input opened or closed no element.
      expect(tagsOf(email.html)).toEqual(tagsOf(render(hostile('Plain Value', role)).html));
      // The escaped form is there: the person still sees what they typed.
      expect(email.html).toContain(value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/`/g, '&#96;'));
    });

    it('keeps user input out of the subject', () => {
      const email = render(hostile(value, 'mentee'));
      expect(email.subject).not.toContain(value);
      expect(email.subject).not.toContain('Priya');
    });
  });

  it('has a fixed subject with no line breaks, whatever the submission', () => {
    const a = render(parseProfileSubmission(validMentee()));
    const b = render(hostile(HOSTILE[0]!, 'mentor'));
    expect(a.subject).toBe(b.subject);
    expect(a.subject).not.toMatch(/[\r\n]/);
  });

  it('is addressed to the (lower-cased) submitted email, with no line breaks', () => {
    const email = render(parseProfileSubmission(validMentee({ email: 'Priya.Shah@Manchester.gov.uk' })));
    expect(email.to).toBe('priya.shah@manchester.gov.uk');
    expect(email.to).not.toMatch(/[\r\n]/);
  });

  it('puts the confirm link in the plain-text part and in the HTML part', () => {
    const email = render(parseProfileSubmission(validMentee()));
    expect(email.text).toContain(confirmUrl);
    expect(email.html).toContain(`href="${confirmUrl}"`);
  });

  it('puts the erase link in both parts', () => {
    const email = render(parseProfileSubmission(validMentor()));
    expect(email.text).toContain(eraseUrl);
    expect(email.html).toContain(`href="${eraseUrl}"`);
  });

  it('escapes an ampersand in a link so the HTML attribute stays well-formed', () => {
    const s = parseProfileSubmission(validMentee());
    const email =
      template === 'verify-email'
        ? verifyEmail({ submission: s, confirmUrl: `${confirmUrl}&x=1`, eraseUrl, linkDays: 7 })
        : confirmUpdateEmail({ submission: s, confirmUrl: `${confirmUrl}&x=1`, eraseUrl, linkDays: 7 });
    expect(email.html).toContain(`href="${confirmUrl}&amp;x=1"`);
    expect(email.text).toContain(`${confirmUrl}&x=1`);
  });

  it('shows the submission with reference names, not ids', () => {
    const email = render(parseProfileSubmission(validMentee()));
    expect(email.text).toContain('Council: Manchester (North West)');
    expect(email.text).toContain('Level: Team leader');
    expect(email.html).toContain('Manchester (North West)');
  });
});

describe('verify-email', () => {
  it('tells the person how long the link works', () => {
    const email = verifyEmail({ submission: parseProfileSubmission(validMentee()), confirmUrl, eraseUrl, linkDays: 7 });
    expect(email.template).toBe('verify-email');
    expect(email.text).toContain('This link works for 7 days');
  });
});

describe('erasure-done email', () => {
  const email = erasureDoneEmail({ to: 'priya.shah@manchester.gov.uk' });

  it('goes to the erased address with a fixed subject and no erase link (there is nothing left to erase)', () => {
    expect(email.to).toBe('priya.shah@manchester.gov.uk');
    expect(email.subject).toBe('Your Mentor Match profile has been deleted');
    expect(email.text).not.toContain('/erase');
    expect(email.html).not.toContain('/erase');
  });
});

describe('any submission the schema accepts', () => {
  const seed = fastCheckSeed('email templates property');
  const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...HOSTILE, 'a\r\nBcc: x@evil.example', 'a\nb', 'x@y.uk\r\n'));

  const local = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('priya', 'Tom.Reid', 'a+b') }, { weight: 1, arbitrary: text });

  it('renders emails with no CR/LF in to or subject and no markup from the person', () => {
    let accepted = 0;
    fc.assert(
      fc.property(text, text, text, local, (name, jobTitle, goals, email) => {
        let s: ProfileSubmission;
        try {
          s = parseProfileSubmission(validMentee({ name, jobTitle, goals, email: `${email}@example.gov.uk` }));
        } catch {
          return; // rejected at the edge: never reaches a template
        }
        accepted++;
        const plain = parseProfileSubmission(validMentee({ email: s.email }));
        for (const [, render] of templates) {
          const mail = render(s);
          expect(mail.to).not.toMatch(/[\r\n]/);
          expect(mail.subject).toBe(render(plain).subject);
          expect(tagsOf(mail.html)).toEqual(tagsOf(render(plain).html));
        }
      }),
      { seed, numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(60);
  });
});
