import { describe, expect, it } from 'vitest';
import { feedbackEmail, introductionEmail, pausedEmail, proposalEmail } from '../../../shared/domain/match-emails';
import { type Match, reasonText } from '../../../shared/domain/match';
import { deriveCouncilFacts, parseProfileSubmission, type Profile } from '../../../shared/domain/profile';
import type { OutgoingEmail } from '../../../shared/ports';
import { validMentee, validMentor } from '../../fixtures/deps';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const HOSTILE = `${SCRIPT} ${IMG} & 'quotes'`;

function profile(body: Record<string, unknown>, id: string): Profile {
  const s = parseProfileSubmission(body);
  const at = '2030-01-15T09:00:00.000Z';
  return { ...s, ...deriveCouncilFacts(s.councilCode), id, status: 'ACTIVE', createdAt: at, updatedAt: at, consentedAt: at };
}

const mentee = profile(validMentee({ name: `Mallory ${SCRIPT}`, jobTitle: IMG, goals: `Grow ${HOSTILE}`, email: 'mallory@manchester.gov.uk' }), 'mentee-1');
const mentor = profile(validMentor({ name: `Trent ${IMG}`, jobTitle: `Head ${SCRIPT}`, experience: HOSTILE }), 'mentor-1');

const match: Match = {
  id: 'match-1',
  roundId: 'round-1',
  menteeId: mentee.id,
  mentorId: mentor.id,
  status: 'ACCEPTED',
  score: 62,
  reasons: [
    { code: 'skills', text: 'Offers 2 of the 3 skills wanted', points: 50 },
    { code: 'region', text: 'Different regions, meeting remotely', points: 12 },
  ],
  proposedAt: '2030-01-15T09:00:00.000Z',
  remindAt: '2030-01-18T09:00:00.000Z',
  expiresAt: '2030-01-22T09:00:00.000Z',
  rhythm: 'fortnightly',
  durationMonths: 9,
};

const links = {
  accept: 'https://mm.test/accept?t=acc.1.x',
  decline: 'https://mm.test/decline?t=dec.1.x',
  pause: 'https://mm.test/pause?t=pau.1.x',
  erase: 'https://mm.test/erase?t=era.1.x',
  end: 'https://mm.test/end?t=end.1.x',
};

/** No hostile markup survives into the HTML part: only its escaped form. */
function expectEscaped(email: OutgoingEmail) {
  expect(email.html).not.toContain('<script');
  expect(email.html).not.toContain('<img');
  expect(email.html).not.toMatch(/"><img/);
  expect(email.html).not.toMatch(/<[^>]*\sonerror=/i);
}

/** Subjects are fixed text: nothing a person typed reaches a header. */
function expectFixedSubject(email: OutgoingEmail, subject: string) {
  expect(email.subject).toBe(subject);
  for (const typed of ['Mallory', 'Trent', '<', '>', 'script', 'onerror']) expect(email.subject).not.toContain(typed);
}

describe('the proposal email', () => {
  const email = proposalEmail({ match: { ...match, status: 'PROPOSED' }, mentee, mentor, links });

  it('escapes hostile names, job titles and goals in the HTML part', () => {
    expectEscaped(email);
    expect(email.html).toContain('Mallory &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(email.html).toContain('Hello Trent &quot;&gt;&lt;img');
  });

  it('has a fixed subject and goes to the mentor', () => {
    expectFixedSubject(email, 'A mentee has been matched with you');
    expect(email.to).toBe(mentor.email);
    expect(email.template).toBe('proposal');
  });

  it('shows the mentee’s name, council, role, skills wanted, goals and the explanation, and links Accept, Decline, pause and erase', () => {
    for (const part of [email.html, email.text]) {
      expect(part).toContain('Manchester (North West)');
      expect(part).toContain('Data strategy');
      expect(part).toContain('Offers 2 of the 3 skills wanted');
      expect(part).toContain('+50 points');
      for (const link of [links.accept, links.decline, links.pause, links.erase]) expect(part).toContain(link);
    }
    expect(email.text).toContain(`Grow ${HOSTILE}`);
    expect(email.text).toContain(`Accept this mentee: ${links.accept}`);
    expect(email.text).toContain(`Decline: ${links.decline}`);
  });

  it('as a reminder has its own fixed subject and template', () => {
    const reminder = proposalEmail({ match, mentee, mentor, links, reminder: true });
    expectFixedSubject(reminder, 'Reminder: a mentee is waiting for your answer');
    expect(reminder.template).toBe('proposal-reminder');
    expectEscaped(reminder);
  });
});

describe('the introduction emails', () => {
  const toMentee = introductionEmail({ match, to: mentee, other: mentor, links: { end: links.end, erase: links.erase } });
  const toMentor = introductionEmail({ match, to: mentor, other: mentee, links: { end: links.end, erase: links.erase, pause: links.pause } });

  it('escape hostile names and job titles of both people', () => {
    expectEscaped(toMentee);
    expectEscaped(toMentor);
    expect(toMentee.html).toContain('Trent &quot;&gt;&lt;img');
    expect(toMentee.html).toContain('Head &lt;script&gt;');
    expect(toMentor.html).toContain('Mallory &lt;script&gt;');
    expect(toMentor.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('have fixed subjects by role', () => {
    expectFixedSubject(toMentee, 'Meet your mentor');
    expectFixedSubject(toMentor, 'Meet your mentee');
    expect([toMentee.to, toMentor.to]).toEqual([mentee.email, mentor.email]);
  });

  it('give each person the other’s name, council, role and email, the agreed rhythm, the reasons and first-conversation ideas', () => {
    for (const [email, other] of [
      [toMentee, mentor],
      [toMentor, mentee],
    ] as const) {
      expect(email.text).toContain(`Name: ${other.name}`);
      expect(email.text).toContain(`Email: ${other.email}`);
      expect(email.text).toContain(`Role: ${other.jobTitle}`);
      expect(email.text).toContain('Meet every two weeks for 9 months.');
      expect(email.text).toContain('Offers 2 of the 3 skills wanted');
      expect(email.text).toContain('Ideas for your first conversation');
      expect(email.text).toContain(`To end this match: ${links.end}`);
      expect(email.html).toContain(links.end);
    }
    expect(toMentee.text).toContain('Aberdeen City (Scotland)');
    expect(toMentor.text).toContain('Manchester (North West)');
  });

  it('offer the pause link to the mentor only', () => {
    expect(toMentor.text).toContain(links.pause);
    expect(toMentee.text).not.toContain(links.pause);
  });

  it('default the rhythm to monthly for 6 months when the match has none', () => {
    const plain = introductionEmail({ match: { ...match, rhythm: undefined, durationMonths: undefined }, to: mentee, other: mentor, links });
    expect(plain.text).toContain('Meet every month for 6 months.');
  });
});

describe('the pause and feedback emails', () => {
  it('escape the name, keep a fixed subject and carry their links', () => {
    const paused = pausedEmail({ mentor, resume: 'https://mm.test/resume?t=r.1.x', erase: links.erase, reason: 'expiries' });
    expectEscaped(paused);
    expectFixedSubject(paused, 'We have paused your mentor profile');
    expect(paused.text).toContain('Resume new proposals: https://mm.test/resume?t=r.1.x');
    expect(paused.text).toContain('You did not answer our last 2 proposals');

    const feedback = feedbackEmail({ to: mentee, other: mentor, feedback: 'https://mm.test/feedback?t=f.1.x', erase: links.erase });
    expectEscaped(feedback);
    expectFixedSubject(feedback, 'Your mentoring match has ended: one question');
    expect(feedback.text).toContain('https://mm.test/feedback?t=f.1.x');
  });
});

describe('reasons read from the reader’s side', () => {
  // The engine's own wording of the skills reason, in each of its forms (shared/matching/scoring.ts).
  const skillReasons = [
    ['Offers your priority skill: Cloud', 'Offers the mentee’s priority skill: Cloud'],
    ['Offers both of your priority skills: Cloud, Data', 'Offers both of the mentee’s priority skills: Cloud, Data'],
    ['Offers all 3 of your priority skills: Cloud, Data, Security', 'Offers all 3 of the mentee’s priority skills: Cloud, Data, Security'],
    ['Shares 2 of your 5 priority skills: Cloud, Data', 'Shares 2 of the mentee’s 5 priority skills: Cloud, Data'],
  ] as const;
  const withSkills = (text: string): Match => ({ ...match, reasons: [{ code: 'skills', text, points: 40 }, ...match.reasons.slice(1)] });

  it.each(skillReasons)('the mentor’s proposal says %j as %j', (engine, mentorReads) => {
    const email = proposalEmail({ match: withSkills(engine), mentee, mentor, links });
    expect(email.text).toContain(mentorReads);
    expect(email.html).toContain(mentorReads);
    expect(email.text).not.toMatch(/your (\d+ )?priority skill/);
  });

  it.each(skillReasons)('the mentee’s introduction keeps %j, and the mentor’s reads it about the mentee', (engine, mentorReads) => {
    const m = withSkills(engine);
    const eraseAndEnd = { end: links.end, erase: links.erase };
    expect(introductionEmail({ match: m, to: mentee, other: mentor, links: eraseAndEnd }).text).toContain(engine);
    expect(introductionEmail({ match: m, to: mentor, other: mentee, links: { ...eraseAndEnd, pause: links.pause } }).text).toContain(mentorReads);
  });

  it('leaves the other reasons as they are', () => {
    expect(reasonText({ code: 'same-region', text: 'Same region: your region', points: 5 }, 'mentor')).toBe('Same region: your region');
  });
});
