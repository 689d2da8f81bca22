/**
 * The HTML profile form: rendering (with values and errors kept) and turning
 * a form post into the same object the JSON API takes, so one schema and one
 * use case serve both.
 */
import type { FieldError } from '../../shared/domain/errors';
import { html, type SafeHtml } from '../../shared/domain/html';
import { MAX_MENTEE_SKILLS, MAX_MENTOR_SKILLS, type ProfileSubmission, type Role } from '../../shared/domain/profile';
import { COUNCILS, FORMATS, SENIORITY, SKILLS } from '../../shared/reference';
import { button, choices, errorSummary, errorsByField, layout, select, summaryList, textInput, textarea, type Errors } from '../web/layout';

export type FormValues = Map<string, string[]>;

const first = (values: FormValues, name: string) => values.get(name)?.[0] ?? '';

const skillSlots = () => Array.from({ length: MAX_MENTEE_SKILLS }, (_, i) => `skill${i + 1}`);

const COMMON_FIELDS = ['name', 'email', 'councilCode', 'jobTitle', 'seniority', 'format'] as const;

/**
 * Form fields → API body. Fields the form does not have are passed through
 * as they are, so the schema's unknown-field rule applies to forms too.
 */
export function submissionFromForm(role: Role, values: FormValues): Record<string, unknown> {
  // `role` comes from the page's address, never from a posted field.
  const formFields = new Set<string>(['role', ...COMMON_FIELDS, 'consent', 'skills', 'capacity', 'goals', 'experience', ...skillSlots()]);
  const body: Record<string, unknown> = { role };
  for (const name of COMMON_FIELDS) if (values.has(name)) body[name] = first(values, name);
  body.consent = first(values, 'consent') === 'yes';
  if (role === 'mentee') {
    body.skills = skillSlots()
      .map((slot) => first(values, slot))
      .filter((id) => id !== '');
    body.goals = first(values, 'goals');
  } else {
    body.skills = values.get('skills') ?? [];
    const capacity = first(values, 'capacity').trim();
    // A number when it looks like one; otherwise the text, which the schema rejects with a clear message.
    body.capacity = capacity === '' ? undefined : /^\d+$/.test(capacity) ? Number(capacity) : capacity;
    body.experience = first(values, 'experience');
  }
  for (const name of values.keys()) if (!formFields.has(name)) body[name] = first(values, name);
  return body;
}

/** Which element an error message links to; problems with fields the page lacks link to the main content. */
function fieldIdFor(role: Role, path: string): string {
  const [head, index] = path.split('.');
  if (head === 'skills') return role === 'mentee' ? `skill${Number(index ?? 0) + 1}` : 'skills';
  return head && pageOrder(role).includes(head) ? head : 'main-content';
}

/** A value built on first use and kept: the form's option lists cost nothing to a function start that never draws the form. */
const once = <T>(build: () => T) => {
  let value: T | undefined;
  return () => (value ??= build());
};

// One list in name order: what a person types into the autocomplete, and what they scan in the plain select.
// Sorting ~400 names with localeCompare loads ICU's collation, hence on first use.
const councilOptions = once(() => [{ options: COUNCILS.map((c) => ({ value: c.code, text: c.name })).sort((a, b) => a.text.localeCompare(b.text)) }]);

const skillGroups = once(() =>
  [...new Set(SKILLS.map((s) => s.group))].map((group) => ({
    label: group,
    options: SKILLS.filter((s) => s.group === group).map((s) => ({ value: s.id, text: s.name, hint: s.description })),
  })),
);

const ORDINALS = ['1st', '2nd', '3rd', '4th', '5th'];

/** The order fields appear on the page, so the error summary reads top to bottom like the form. */
function pageOrder(role: Role): string[] {
  const middle = role === 'mentee' ? [...skillSlots(), 'goals'] : ['skills', 'capacity', 'experience'];
  return ['name', 'email', 'councilCode', 'jobTitle', 'seniority', ...middle, 'format', 'consent'];
}

export function renderProfileForm(role: Role, values: FormValues, fieldErrors: FieldError[] = []) {
  const order = pageOrder(role);
  const rank = (id: string) => (order.indexOf(id) + order.length + 1) % (order.length + 1);
  const errors: Errors = new Map(
    [...errorsByField(fieldErrors, (p) => fieldIdFor(role, p))].sort(([a], [b]) => rank(a) - rank(b)),
  );
  const v = (name: string) => first(values, name);
  const title = role === 'mentee' ? 'Apply for a mentor' : 'Offer to be a mentor';
  const skillError = [...errors.keys()].some((k) => k.startsWith('skill'));
  const menteeSkills = skillSlots().map((slot, i) =>
    select({
      id: slot,
      name: slot,
      label: `${ORDINALS[i]} priority${i === 0 ? '' : ' (optional)'}`,
      bare: true,
      value: v(slot),
      error: errors.get(slot),
      placeholder: 'Choose a skill',
      groups: skillGroups().map((g) => ({ label: g.label, options: g.options.map(({ value, text }) => ({ value, text })) })),
    }),
  );
  const content = html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
${errorSummary([...errors].map(([id, message]) => ({ href: `#${id}`, message })))}
<span class="govuk-caption-l">${role === 'mentee' ? 'Mentee' : 'Mentor'}</span>
<h1 class="govuk-heading-l">${title}</h1>
<p class="govuk-body">${
    role === 'mentee'
      ? 'Tell us about yourself and what you want to learn. We will find you a mentor: a digital leader from another council.'
      : 'Tell us about yourself and what you can offer. We will suggest mentees from other councils. You decide if you take each one.'
  }</p>
<form method="post" action="/apply/${role}" novalidate>
<h2 class="govuk-heading-m">About you</h2>
${textInput({ id: 'name', name: 'name', label: 'Full name', value: v('name'), error: errors.get('name'), autocomplete: 'name', spellcheck: false })}
${textInput({ id: 'email', name: 'email', label: 'Work email address', hint: 'We only use this to send you emails about matches.', type: 'email', value: v('email'), error: errors.get('email'), autocomplete: 'email', spellcheck: false })}
${select({
  id: 'councilCode',
  name: 'councilCode',
  label: 'Your council',
  hint: 'Start typing its name, then choose it from the list. We match people by their council’s region.',
  value: v('councilCode'),
  error: errors.get('councilCode'),
  placeholder: 'Choose your council',
  groups: councilOptions(),
  attributes: { 'data-module': 'app-autocomplete' },
})}
${textInput({ id: 'jobTitle', name: 'jobTitle', label: 'Job title', value: v('jobTitle'), error: errors.get('jobTitle'), autocomplete: 'organization-title' })}
${choices({
  id: 'seniority',
  name: 'seniority',
  kind: 'radio',
  label: 'Which best describes your current role?',
  hint: role === 'mentee' ? 'Your mentor will be at your level or above.' : 'You will be matched with mentees at your level or below.',
  options: SENIORITY.map((s) => ({ value: s.id, text: s.name, hint: s.description })),
  selected: [v('seniority')],
  error: errors.get('seniority'),
})}
<h2 class="govuk-heading-m">${role === 'mentee' ? 'What you want from mentoring' : 'What you can offer'}</h2>
${
  role === 'mentee'
    ? html`<div class="govuk-form-group${skillError ? ' govuk-form-group--error' : ''}">
<fieldset class="govuk-fieldset" aria-describedby="skills-hint">
<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Skills you want to develop, most important first</legend>
<div id="skills-hint" class="govuk-hint">Choose up to ${MAX_MENTEE_SKILLS}. We look for a mentor who offers your first priorities.</div>
${menteeSkills}
</fieldset></div>
${textarea({ id: 'goals', name: 'goals', label: 'What do you want to get from mentoring?', hint: 'For example, a challenge you face or where you want to be in two years. Your mentor will see this.', value: v('goals'), error: errors.get('goals') })}`
    : html`${choices({
        id: 'skills',
        name: 'skills',
        kind: 'checkbox',
        small: true,
        label: 'Skills you can help others develop',
        hint: `Select up to ${MAX_MENTOR_SKILLS}. Pick the ones you know best.`,
        options: skillGroups().flatMap((g) => g.options.map((o) => ({ value: o.value, text: o.text }))),
        selected: values.get('skills') ?? [],
        error: errors.get('skills'),
      })}
${textInput({ id: 'capacity', name: 'capacity', label: 'How many mentees could you take at once?', hint: 'From 1 to 5.', value: v('capacity'), error: errors.get('capacity'), width: '2' })}
${textarea({ id: 'experience', name: 'experience', label: 'Your experience', hint: 'What you have led or learned that could help a mentee. Mentees will see this.', value: v('experience'), error: errors.get('experience') })}`
}
${choices({
  id: 'format',
  name: 'format',
  kind: 'radio',
  label: 'How would you like to meet?',
  hint: 'In-person matches are only made within your region or a neighbouring one.',
  options: FORMATS.map((f) => ({ value: f.id, text: f.name })),
  selected: [v('format')],
  error: errors.get('format'),
})}
<h2 class="govuk-heading-m">Your data</h2>
<p class="govuk-body">Read the <a class="govuk-link" href="/privacy" target="_blank" rel="noopener">privacy notice (opens in new tab)</a> before you continue.</p>
${choices({
  id: 'consent',
  name: 'consent',
  kind: 'checkbox',
  label: 'Privacy',
  options: [{ value: 'yes', text: 'I have read the privacy notice and agree to Socitm using my details to match me and to email me about this programme' }],
  selected: [v('consent')],
  error: errors.get('consent'),
})}
${button('Continue')}
</form>
</div></div>`;
  return layout({ title, hasErrors: errors.size > 0, backLink: '/', content, scripts: ['accessible-autocomplete.min.js'] });
}

/**
 * A checked submission as the form's fields again: the hidden fields of the
 * check page, which carry the answers to "Send" (and back to the form for a
 * change) without a server session. They are never trusted: "Send" parses
 * them with the same schema as the form and the API.
 */
export function fieldsOf(s: ProfileSubmission): FormValues {
  const values: FormValues = new Map([
    ['name', [s.name]],
    ['email', [s.email]],
    ['councilCode', [s.councilCode]],
    ['jobTitle', [s.jobTitle]],
    ['seniority', [s.seniority]],
    ['format', [s.format]],
    ['consent', ['yes']],
  ]);
  if (s.role === 'mentee') {
    skillSlots().forEach((slot, i) => values.set(slot, [s.skills[i] ?? '']));
    values.set('goals', [s.goals]);
  } else {
    values.set('skills', [...s.skills]);
    values.set('capacity', [String(s.capacity)]);
    values.set('experience', [s.experience]);
  }
  return values;
}

function hiddenFields(values: FormValues): SafeHtml {
  return html`${[...values].flatMap(([name, list]) => list.map((value) => html`<input type="hidden" name="${name}" value="${value}">`))}`;
}

/**
 * Check your answers: each answer with a Change button back to its question
 * (a button of the answers form, styled as a link, since a link cannot carry
 * the answers without a session; its formaction's #field takes the person to
 * the question), then "Send".
 */
export function renderCheckAnswers(s: ProfileSubmission): SafeHtml {
  const role = s.role;
  const skillNames = s.skills.map((id) => SKILLS.find((k) => k.id === id)?.name ?? id);
  const rows: { label: string; value: string; field: string; hidden: string }[] = [
    { label: 'Full name', value: s.name, field: 'name', hidden: 'full name' },
    { label: 'Work email address', value: s.email, field: 'email', hidden: 'work email address' },
    { label: 'Council', value: COUNCILS.find((c) => c.code === s.councilCode)?.name ?? s.councilCode, field: 'councilCode', hidden: 'council' },
    { label: 'Job title', value: s.jobTitle, field: 'jobTitle', hidden: 'job title' },
    { label: 'Current role', value: SENIORITY.find((x) => x.id === s.seniority)?.name ?? s.seniority, field: 'seniority', hidden: 'current role' },
    ...(s.role === 'mentee'
      ? [
          { label: 'Skills to develop', value: skillNames.map((n, i) => `${i + 1}. ${n}`).join('\n'), field: 'skill1', hidden: 'skills to develop' },
          { label: 'What you want from mentoring', value: s.goals, field: 'goals', hidden: 'what you want from mentoring' },
        ]
      : [
          { label: 'Skills you offer', value: skillNames.join('\n'), field: 'skills', hidden: 'skills you offer' },
          { label: 'Mentees at once', value: String(s.capacity), field: 'capacity', hidden: 'how many mentees you could take' },
          { label: 'Your experience', value: s.experience, field: 'experience', hidden: 'your experience' },
        ]),
    { label: 'How you would like to meet', value: FORMATS.find((f) => f.id === s.format)?.name ?? s.format, field: 'format', hidden: 'how you would like to meet' },
  ];
  const title = 'Check your answers before sending';
  const content = html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<span class="govuk-caption-l">${role === 'mentee' ? 'Mentee' : 'Mentor'}</span>
<h1 class="govuk-heading-l">${title}</h1>
<form method="post" action="/apply/${role}/send" novalidate>
${hiddenFields(fieldsOf(s))}
${summaryList(rows.map((r) => ({ label: r.label, value: r.value, action: { text: 'Change', visuallyHiddenText: r.hidden, formaction: `/apply/${role}/change#${r.field}` } })))}
<h2 class="govuk-heading-m">Now send your details</h2>
<p class="govuk-body">When you send them, we will email you a link to confirm your email address. You agreed to the <a class="govuk-link" href="/privacy">privacy notice</a>.</p>
${button('Send')}
</form>
</div></div>`;
  return layout({ title, content });
}
