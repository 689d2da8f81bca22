import { describe, expect, it } from 'vitest';
import { renderProfileForm, submissionFromForm, type FormValues } from '../../../functions/intake/profile-form';
import { ValidationFailed, type FieldError } from '../../../shared/domain/errors';
import { parseProfileSubmission, type Role } from '../../../shared/domain/profile';

const form = (fields: Record<string, string | string[]>): FormValues =>
  new Map(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));

const menteeForm = (extra: Record<string, string | string[]> = {}) =>
  form({
    name: 'Priya Shah',
    email: 'priya.shah@manchester.gov.uk',
    councilCode: 'E08000003',
    jobTitle: 'Service design lead',
    seniority: 'team-lead',
    skill1: 'data-strategy',
    skill2: 'cyber-security',
    skill3: '',
    skill4: '',
    skill5: '',
    goals: 'Lead a service.',
    format: 'either',
    consent: 'yes',
    ...extra,
  });

const mentorForm = (extra: Record<string, string | string[]> = {}) =>
  form({
    name: 'Tom Reid',
    email: 'tom.reid@aberdeencity.gov.uk',
    councilCode: 'S12000033',
    jobTitle: 'Chief digital officer',
    seniority: 'director',
    skills: ['digital-strategy', 'leading-change'],
    capacity: '2',
    experience: 'Cloud and data.',
    format: 'remote',
    consent: 'yes',
    ...extra,
  });

function errorsOf(body: unknown): FieldError[] {
  try {
    parseProfileSubmission(body);
  } catch (error) {
    if (error instanceof ValidationFailed) return error.errors;
    throw error;
  }
  return [];
}

/** Renders the form as the POST handler does after a failed submission. */
function rerender(role: Role, values: FormValues) {
  return renderProfileForm(role, values, errorsOf(submissionFromForm(role, values))).value;
}

/** The hrefs in the error summary, in order. */
function summaryLinks(page: string): string[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(page)?.[0] ?? '';
  return [...summary.matchAll(/href="#([^"]*)"/g)].map((m) => m[1]!);
}

const ids = (page: string) => new Set([...page.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));

describe('submissionFromForm', () => {
  it('turns a complete mentee form into a body the schema accepts', () => {
    expect(parseProfileSubmission(submissionFromForm('mentee', menteeForm()))).toMatchObject({ role: 'mentee', consent: true });
  });

  it('turns a complete mentor form into a body the schema accepts', () => {
    expect(parseProfileSubmission(submissionFromForm('mentor', mentorForm()))).toMatchObject({ role: 'mentor', capacity: 2 });
  });

  it('maps the ranked selects skill1..skill5 to an ordered list, skipping blanks', () => {
    const body = submissionFromForm('mentee', menteeForm({ skill1: 'innovation', skill2: '', skill3: 'resilience', skill5: 'data-strategy' }));
    expect(body.skills).toEqual(['innovation', 'resilience', 'data-strategy']);
  });

  it('gives an empty skills list when no select was chosen, so the schema asks for one', () => {
    const body = submissionFromForm('mentee', menteeForm({ skill1: '', skill2: '' }));
    expect(body.skills).toEqual([]);
    expect(errorsOf(body).map((e) => e.path)).toEqual(['skills']);
  });

  it('maps mentor checkboxes to an array, and none ticked to an empty one', () => {
    expect(submissionFromForm('mentor', mentorForm({ skills: ['a', 'b', 'c'] })).skills).toEqual(['a', 'b', 'c']);
    const values = mentorForm();
    values.delete('skills');
    expect(submissionFromForm('mentor', values).skills).toEqual([]);
  });

  it('reads capacity "3" (and " 3 ") as the number 3', () => {
    expect(submissionFromForm('mentor', mentorForm({ capacity: '3' })).capacity).toBe(3);
    expect(submissionFromForm('mentor', mentorForm({ capacity: ' 3 ' })).capacity).toBe(3);
  });

  it('passes capacity "three" through as text, which the schema rejects on the capacity field', () => {
    const body = submissionFromForm('mentor', mentorForm({ capacity: 'three' }));
    expect(body.capacity).toBe('three');
    expect(errorsOf(body).map((e) => e.path)).toEqual(['capacity']);
  });

  it('treats a blank capacity as missing', () => {
    const body = submissionFromForm('mentor', mentorForm({ capacity: '' }));
    expect(body.capacity).toBeUndefined();
    expect(errorsOf(body)).toEqual([{ path: 'capacity', message: 'Enter how many mentees you can take, from 1 to 5' }]);
  });

  it('reads the consent checkbox "yes" as true and anything else as false', () => {
    expect(submissionFromForm('mentee', menteeForm({ consent: 'yes' })).consent).toBe(true);
    expect(submissionFromForm('mentee', menteeForm({ consent: 'on' })).consent).toBe(false);
    const unticked = menteeForm();
    unticked.delete('consent');
    expect(submissionFromForm('mentee', unticked).consent).toBe(false);
  });

  it('takes the role from the page, not from a posted field', () => {
    expect(submissionFromForm('mentee', menteeForm({ role: 'mentor' })).role).toBe('mentee');
  });

  it('passes fields the form does not have through, so the schema refuses them', () => {
    const body = submissionFromForm('mentee', menteeForm({ status: 'ACTIVE' }));
    expect(errorsOf(body).map((e) => e.path)).toEqual(['status']);
  });

  it('leaves out the other role’s fields', () => {
    expect(Object.keys(submissionFromForm('mentee', menteeForm({ capacity: '3' })))).not.toContain('capacity');
    expect(Object.keys(submissionFromForm('mentor', mentorForm({ goals: 'x' })))).not.toContain('goals');
  });
});

describe('renderProfileForm', () => {
  it('shows no error summary and a plain title when there are no errors', () => {
    const page = renderProfileForm('mentee', new Map()).value;
    expect(page).not.toContain('govuk-error-summary');
    expect(page).toMatch(/<title>Apply for a mentor – Mentor Match<\/title>/);
  });

  it.each(['mentee', 'mentor'] as const)('for an empty %s form, links every summary error to an element on the page', (role) => {
    const page = rerender(role, new Map());
    const links = summaryLinks(page);
    expect(links.length).toBeGreaterThan(5);
    const present = ids(page);
    expect(links.filter((id) => !present.has(id))).toEqual([]);
  });

  it('links a mentee’s bad skill to the select it came from', () => {
    const page = rerender('mentee', menteeForm({ skill1: 'data-strategy', skill2: 'juggling' }));
    expect(summaryLinks(page)).toEqual(['skill2']);
    expect(page).toContain('id="skill2-error"');
  });

  it('links a mentor’s capacity and skills errors to their inputs', () => {
    const page = rerender('mentor', mentorForm({ capacity: 'three', skills: [] }));
    expect(summaryLinks(page)).toEqual(['skills', 'capacity']);
    const present = ids(page);
    expect(present.has('skills') && present.has('capacity')).toBe(true);
  });

  it('lists errors in the order the fields appear on the page', () => {
    const page = rerender('mentee', menteeForm({ consent: '', format: '', goals: '', name: '' }));
    expect(summaryLinks(page)).toEqual(['name', 'goals', 'format', 'consent']);
  });

  it('links an error about a field the form does not have to an element that exists', () => {
    const page = rerender('mentee', menteeForm({ referrer: 'newsletter' }));
    const links = summaryLinks(page);
    expect(links).toHaveLength(1);
    expect(ids(page).has(links[0]!)).toBe(true);
  });

  it('prefixes the title with "Error: " when there are errors', () => {
    expect(rerender('mentor', mentorForm({ capacity: '9' }))).toMatch(/<title>Error: Offer to be a mentor – Mentor Match<\/title>/);
  });

  it('escapes the values it echoes back', () => {
    const hostile = '"><script>alert(1)</script>';
    const page = rerender('mentee', menteeForm({ name: hostile, jobTitle: hostile, goals: `</textarea>${hostile}`, email: hostile }));
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('</textarea><');
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page).toContain('&lt;/textarea&gt;&quot;&gt;&lt;script&gt;');
  });

  it('keeps what the person chose: selected council, ticked skills and consent', () => {
    const page = rerender('mentor', mentorForm({ capacity: '9' }));
    expect(page).toMatch(/<option value="S12000033" selected>/);
    expect(page).toMatch(/value="leading-change" checked/);
    expect(page).toMatch(/name="consent" type="checkbox" value="yes" checked/);
  });
});
