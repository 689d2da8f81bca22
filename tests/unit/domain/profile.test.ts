import { describe, expect, it } from 'vitest';
import { ValidationFailed, type FieldError } from '../../../shared/domain/errors';
import { MAX_MENTOR_SKILLS, parseProfileSubmission } from '../../../shared/domain/profile';
import { SKILL_IDS } from '../../../shared/reference';
import { validMentee, validMentor } from '../../fixtures/deps';

/** The field errors a body is rejected with; fails the test if the body is accepted. */
function errorsOf(body: unknown): FieldError[] {
  try {
    parseProfileSubmission(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationFailed);
    return (error as ValidationFailed).errors;
  }
  throw new Error(`expected ${JSON.stringify(body)} to be rejected`);
}

const paths = (body: unknown) => errorsOf(body).map((e) => e.path);

describe('a valid submission', () => {
  it('accepts a complete mentee and a complete mentor built from real reference ids', () => {
    expect(parseProfileSubmission(validMentee())).toMatchObject({ role: 'mentee', skills: ['data-strategy', 'cyber-security', 'agile-delivery'] });
    expect(parseProfileSubmission(validMentor())).toMatchObject({ role: 'mentor', capacity: 2 });
  });

  it('lower-cases and trims the email so one address cannot register twice by case', () => {
    expect(parseProfileSubmission(validMentee({ email: '  Priya.Shah@Manchester.GOV.UK ' })).email).toBe('priya.shah@manchester.gov.uk');
  });

  it('trims names and job titles', () => {
    const s = parseProfileSubmission(validMentee({ name: '  Priya Shah ', jobTitle: ' Lead ' }));
    expect([s.name, s.jobTitle]).toEqual(['Priya Shah', 'Lead']);
  });

  it('keeps the ranked order of a mentee’s skills', () => {
    const skills = ['innovation', 'data-strategy', 'service-design', 'resilience', 'coaching-teams'];
    expect(parseProfileSubmission(validMentee({ skills })).skills).toEqual(skills);
  });

  it('lets goals and experience span several lines', () => {
    expect(parseProfileSubmission(validMentee({ goals: 'One.\nTwo.\r\nThree.' })).role).toBe('mentee');
    expect(parseProfileSubmission(validMentor({ experience: 'One.\nTwo.' })).role).toBe('mentor');
  });

  it('accepts capacity at both ends of 1 to 5 and a mentor offering up to 10 skills', () => {
    expect(parseProfileSubmission(validMentor({ capacity: 1 })).role).toBe('mentor');
    expect(parseProfileSubmission(validMentor({ capacity: 5 })).role).toBe('mentor');
    expect(parseProfileSubmission(validMentor({ skills: SKILL_IDS.slice(0, MAX_MENTOR_SKILLS) })).role).toBe('mentor');
  });
});

// One row per way a field can be wrong: the error must name that field, with a message a person can act on.
const cases: [string, Record<string, unknown>, string, string | RegExp][] = [
  ['name missing', validMentee({ name: undefined }), 'name', 'Enter your full name'],
  ['name blank', validMentee({ name: '   ' }), 'name', 'Enter your full name'],
  ['name not a string', validMentee({ name: 42 }), 'name', 'Enter your full name'],
  ['name too long', validMentee({ name: 'x'.repeat(101) }), 'name', 'Your full name must be 100 characters or fewer'],
  ['name with CR/LF (header injection)', validMentee({ name: 'Eve\r\nBcc: all@council.gov.uk' }), 'name', /must not contain line breaks/],
  ['name with a bare LF', validMentee({ name: 'Eve\nMallory' }), 'name', /must not contain line breaks/],
  ['name with a Unicode line separator', validMentee({ name: 'Eve\u2028Mallory' }), 'name', /must not contain line breaks/],
  ['name with a NUL', validMentee({ name: 'Eve\u0000' + 'x' }), 'name', /control characters/],
  ['email missing', validMentee({ email: undefined }), 'email', 'Enter your email address'],
  ['email blank', validMentee({ email: '' }), 'email', 'Enter your email address'],
  ['email malformed', validMentee({ email: 'priya.shah' }), 'email', /correct format/],
  ['email with CR/LF (header injection)', validMentee({ email: 'a@council.gov.uk\r\nBcc: b@evil.example' }), 'email', /correct format/],
  ['email too long', validMentee({ email: `${'a'.repeat(250)}@x.uk` }), 'email', /254 characters or fewer/],
  ['councilCode unknown', validMentee({ councilCode: 'E99999999' }), 'councilCode', 'Select your council from the list'],
  ['councilCode missing', validMentee({ councilCode: undefined }), 'councilCode', 'Select your council from the list'],
  ['jobTitle missing', validMentee({ jobTitle: undefined }), 'jobTitle', 'Enter your job title'],
  ['jobTitle too long', validMentee({ jobTitle: 'x'.repeat(101) }), 'jobTitle', 'Your job title must be 100 characters or fewer'],
  ['jobTitle with CR/LF', validMentee({ jobTitle: 'Lead\r\nSubject: hi' }), 'jobTitle', /must not contain line breaks/],
  ['seniority unknown', validMentee({ seniority: 'overlord' }), 'seniority', 'Select your seniority'],
  ['seniority missing', validMentee({ seniority: undefined }), 'seniority', 'Select your seniority'],
  ['format unknown', validMentee({ format: 'carrier-pigeon' }), 'format', 'Select how you would like to meet'],
  ['consent false', validMentee({ consent: false }), 'consent', /privacy notice/],
  ['consent missing', validMentee({ consent: undefined }), 'consent', /privacy notice/],
  ['consent as the string "true"', validMentee({ consent: 'true' }), 'consent', /privacy notice/],
  ['mentee skills empty', validMentee({ skills: [] }), 'skills', 'Select at least one skill you want to develop'],
  ['mentee skills not a list', validMentee({ skills: 'data-strategy' }), 'skills', 'Select at least one skill you want to develop'],
  ['mentee more than 5 skills', validMentee({ skills: SKILL_IDS.slice(0, 6) }), 'skills', 'Select up to 5 skills'],
  ['mentee duplicate skills', validMentee({ skills: ['data-strategy', 'data-strategy'] }), 'skills', 'Select each skill only once'],
  ['mentee unknown skill id', validMentee({ skills: ['data-strategy', 'juggling'] }), 'skills.1', 'Select skills from the list'],
  ['goals missing', validMentee({ goals: undefined }), 'goals', 'Enter what you want to get from mentoring'],
  ['goals too long', validMentee({ goals: 'x'.repeat(2001) }), 'goals', 'Your goals must be 2000 characters or fewer'],
  ['goals with a control character', validMentee({ goals: 'ok\u0007' + 'x' }), 'goals', 'Your goals must not contain control characters'],
  ['mentor more than 10 skills', validMentor({ skills: SKILL_IDS.slice(0, 11) }), 'skills', 'Select up to 10 skills'],
  ['mentor no skills', validMentor({ skills: [] }), 'skills', 'Select at least one skill you can offer'],
  ['capacity 0', validMentor({ capacity: 0 }), 'capacity', 'Enter how many mentees you can take, from 1 to 5'],
  ['capacity 6', validMentor({ capacity: 6 }), 'capacity', 'You can take at most 5 mentees'],
  ['capacity 2.5', validMentor({ capacity: 2.5 }), 'capacity', 'Enter a whole number of mentees, from 1 to 5'],
  ['capacity "3" (a string)', validMentor({ capacity: '3' }), 'capacity', 'Enter how many mentees you can take, from 1 to 5'],
  ['capacity missing', validMentor({ capacity: undefined }), 'capacity', 'Enter how many mentees you can take, from 1 to 5'],
  ['experience missing', validMentor({ experience: undefined }), 'experience', 'Enter the experience you can share'],
  ['experience too long', validMentor({ experience: 'x'.repeat(2001) }), 'experience', 'Your experience must be 2000 characters or fewer'],
];

describe('each invalid field is named with its own message', () => {
  it.each(cases)('%s → error at %2$s', (_label, body, path, message) => {
    const errors = errorsOf(body);
    expect(errors.map((e) => e.path)).toEqual([path]);
    expect(errors[0]!.message).toMatch(message);
  });
});

describe('role', () => {
  it('reports a missing role together with every other bad field, so the form can show them all', () => {
    expect(paths(validMentee({ role: undefined, name: '', councilCode: 'nope', consent: false }))).toEqual(['role', 'name', 'councilCode', 'consent']);
  });

  it('reports an unknown role as role only when the other fields are fine', () => {
    const errors = errorsOf(validMentee({ role: 'admin' }));
    expect(errors).toEqual([{ path: 'role', message: 'Select whether you want to be a mentee or a mentor' }]);
  });
});

describe('unknown and misplaced fields', () => {
  it('names each field the form does not have, one error per field', () => {
    expect(errorsOf(validMentee({ isAdmin: true, status: 'ACTIVE' }))).toEqual([
      { path: 'isAdmin', message: 'isAdmin is not a field this form accepts' },
      { path: 'status', message: 'status is not a field this form accepts' },
    ]);
  });

  it('refuses mentor-only fields on a mentee and mentee-only fields on a mentor', () => {
    expect(paths(validMentee({ capacity: 3 }))).toEqual(['capacity']);
    expect(paths(validMentor({ goals: 'x' }))).toEqual(['goals']);
  });

  it('reports several bad fields at once, one message per field', () => {
    const errors = errorsOf(validMentee({ name: '', email: 'x', seniority: 'x', skills: [], goals: '' }));
    expect(errors.map((e) => e.path).sort()).toEqual(['email', 'goals', 'name', 'seniority', 'skills']);
    expect(errors.every((e) => e.message.length > 0)).toBe(true);
  });
});

describe('a body that is not an object', () => {
  it.each([null, [], 'mentee', 42, true])('rejects %j as a whole (path "")', (body) => {
    expect(errorsOf(body)).toEqual([{ path: '', message: 'The request body must be a JSON object' }]);
  });
});

describe('text people type (hardening)', () => {
  const messageFor = (body: unknown, path: string) => errorsOf(body).find((e) => e.path === path)?.message;

  it.each([
    ['name', { name: 'P\ud800' }],
    ['jobTitle', { jobTitle: 'Lead \udc00 developer' }],
    ['goals', { goals: 'Grow \ud83d' }],
  ])('refuses a lone UTF-16 surrogate in %s, which no email could carry', (path, override) => {
    expect(messageFor(validMentee(override), path)).toMatch(/characters we cannot read/);
  });

  it('keeps a real astral character (an emoji is a surrogate pair)', () => {
    expect(parseProfileSubmission(validMentee({ goals: 'Grow 🚀 fast' })).role).toBe('mentee');
  });

  it.each(['\u202e', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069', '\u200f', '\u061c'])(
    'refuses the text-direction control U+%s in names and goals',
    (control) => {
      expect(messageFor(validMentee({ name: `Ada${control}Lovelace` }), 'name')).toMatch(/text-direction/);
      expect(messageFor(validMentee({ goals: `Goals ${control}txt.exe` }), 'goals')).toMatch(/text-direction/);
    },
  );

  it.each(['\u200b', '\u2800', '\u200b\u200c\u200d', '\u3164', '\ufeff', ' \u00ad '])(
    'refuses a name made only of invisible characters (%j), asking for a name',
    (invisible) => {
      expect(messageFor(validMentee({ name: invisible }), 'name')).toBe('Enter your full name');
    },
  );

  it.each(['https://evil.example/reset', 'see www.evil.example', 'ftp://x.example'])('refuses a web link in goals (%s)', (text) => {
    expect(messageFor(validMentee({ goals: `My goals ${text}` }), 'goals')).toMatch(/web links/);
  });

  it('keeps names in other scripts, with joiners inside real letters', () => {
    for (const name of ['Zoë O’Brien', 'Siân Llewellyn', 'अनुष्का शर्मा', 'محمد علي', '王小明']) {
      expect(parseProfileSubmission(validMentee({ name })).name, name).toBe(name);
    }
  });
});
