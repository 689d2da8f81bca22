/**
 * The matching weights, read and changed by admins (API and page). The
 * engine's own schema (shared/matching/weights.ts) validates them: each from
 * 0 to 100 points, a neighbouring region never worth more than the same
 * region. The next round uses them and its record keeps them.
 */
import * as z from 'zod';
import { changeWeights, currentWeights } from '../../shared/app/weights';
import { html } from '../../shared/domain/html';
import { Weights } from '../../shared/matching/weights';
import { page, json, seeOther } from '../http/responses';
import { type AdminUser, defineRoute, type FormFields, type RouteContext } from '../http/types';
import { button, errorsByField, errorSummary, textInput } from '../web/layout';
import { actorOf } from './actor';
import { adminLayout } from './frame';

/** What each weight is for, in the order the form shows them (docs/matching.md explains each). */
export const WEIGHT_FIELDS = [
  { name: 'skills', label: 'Skills', hint: 'Points for a mentor who offers every skill the mentee ranked; less for partial cover, by rank.' },
  { name: 'sameRegion', label: 'Same region', hint: 'Points when mentor and mentee are in the same region.' },
  { name: 'neighbouringRegion', label: 'Neighbouring region', hint: 'Points when their regions share a border. No more than the same region.' },
  { name: 'seniorityIdeal', label: 'Mentor one or two levels more senior', hint: 'Far enough ahead to guide, close enough to remember.' },
  { name: 'seniorityDistant', label: 'Mentor three or more levels more senior', hint: '' },
  { name: 'seniorityPeer', label: 'Same seniority (peer mentoring)', hint: '' },
  { name: 'sameCouncilType', label: 'Same type of council', hint: 'A tie-breaker, for example two London boroughs.' },
] as const;

export const getWeightsApi = defineRoute({
  id: 'admin-get-weights',
  surface: 'admin',
  method: 'GET',
  path: '/api/admin/weights',
  access: 'admin',
  answers: 'json',
  input: { from: 'none' },
  permissions: ['table:read'],
  async handle(_input, { deps }) {
    return json(200, await currentWeights(deps));
  },
});

export const putWeightsApi = defineRoute({
  id: 'admin-put-weights',
  surface: 'admin',
  method: 'PUT',
  path: '/api/admin/weights',
  access: 'admin',
  answers: 'json',
  input: { from: 'json', schema: Weights },
  permissions: ['table:write'],
  async handle(weights, { principal, deps }) {
    return json(200, { weights: await changeWeights(weights, actorOf(principal), deps) });
  },
});

function weightsPage(o: { user: AdminUser; values: Record<string, string>; defaults: Record<string, number>; errors?: Map<string, string>; saved?: boolean; updated?: string }) {
  const errors = o.errors ?? new Map<string, string>();
  return adminLayout({
    title: 'Matching weights',
    user: o.user,
    hasErrors: errors.size > 0,
    content: html`${errorSummary([...errors].map(([id, message]) => ({ href: `#${id}`, message })))}
${
  o.saved
    ? html`<div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="saved-title" data-module="govuk-notification-banner">
<div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="saved-title">Success</h2></div>
<div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">The weights are saved. The next matching round uses them.</p></div></div>`
    : ''
}
<h1 class="govuk-heading-xl">Matching weights</h1>
<p class="govuk-body">Each weight is the most points its reason can earn; the defaults add up to 100. Each is a number from 0 to 100. Leave one empty for its default. The next round uses what you save, and its record keeps the weights it used.</p>
${o.updated ? html`<p class="govuk-body-s">Last changed ${o.updated}.</p>` : ''}
<form method="post" action="/admin/weights" novalidate>
${WEIGHT_FIELDS.map((f) =>
  textInput({
    id: f.name,
    name: f.name,
    label: f.label,
    hint: `${f.hint ? `${f.hint} ` : ''}Default: ${o.defaults[f.name]} points.`,
    value: o.values[f.name] ?? '',
    width: '3',
    error: errors.get(f.name),
  }),
)}
${button('Save weights')}
</form>`,
  });
}

const WeightsQuery = z.object({ saved: z.string().max(10).optional() });

export const weightsPageRoute = defineRoute({
  id: 'admin-weights-page',
  surface: 'admin',
  method: 'GET',
  path: '/admin/weights',
  access: 'admin',
  answers: 'page',
  input: { from: 'query', schema: WeightsQuery },
  permissions: ['table:read'],
  async handle({ saved }, { principal, deps }) {
    const view = await currentWeights(deps);
    const values = Object.fromEntries(Object.entries(view.weights).map(([k, v]) => [k, String(v)]));
    const updated = view.updatedAt ? new Date(view.updatedAt).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'short' }) : undefined;
    return page(200, weightsPage({ user: principal, values, defaults: view.defaults, saved: saved !== undefined, updated }));
  },
});

/** Form text to the engine's input: an empty field is left out (its default), anything else a number (NaN is refused by the schema). */
function weightsFromForm(fields: FormFields) {
  const out: Record<string, number> = {};
  for (const f of WEIGHT_FIELDS) {
    const raw = fields.get(f.name)?.[0]?.trim();
    if (raw) out[f.name] = Number(raw);
  }
  return out;
}

async function rejectedWeights(fields: FormFields, errors: { path: string; message: string }[], { principal, deps }: RouteContext<'admin'>) {
  const values = Object.fromEntries(WEIGHT_FIELDS.map((f) => [f.name, fields.get(f.name)?.[0] ?? '']));
  const byField = errorsByField(errors, (p) => p.split('.')[0] || 'skills');
  return page(400, weightsPage({ user: principal, values, defaults: (await currentWeights(deps)).defaults, errors: byField }));
}

export const saveWeightsPage = defineRoute({
  id: 'admin-save-weights-page',
  surface: 'admin',
  method: 'POST',
  path: '/admin/weights',
  access: 'admin',
  answers: 'page',
  input: { from: 'form', schema: Weights, fromForm: weightsFromForm },
  permissions: ['table:write'],
  invalid: ({ fields, errors }, context) => rejectedWeights(fields, errors, context),
  async handle(weights, { principal, deps }) {
    await changeWeights(weights, actorOf(principal), deps);
    return seeOther('/admin/weights?saved=1');
  },
});
