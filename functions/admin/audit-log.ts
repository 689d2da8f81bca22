/** The admin audit log: a page and the API, newest first, a page at a time. */
import * as z from 'zod';
import type { AuditEntry } from '../../shared/domain/audit';
import { html, type SafeHtml } from '../../shared/domain/html';
import { json, page } from '../http/responses';
import { defineRoute } from '../http/types';
import { adminLayout } from './frame';

const PAGE_SIZE = 50;

const AuditQuery = z.object({
  before: z.string().regex(/^[A-Za-z0-9_-]{1,300}$/, { error: 'Not a valid page cursor' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(PAGE_SIZE),
});

export const ACTION_NAMES: Record<AuditEntry['action'], string> = {
  'sign-in': 'Signed in',
  'sign-out': 'Signed out',
  'round.run': 'Ran a matching round',
  'mentor.pause': 'Paused a mentor',
  'mentor.resume': 'Resumed a mentor',
  'proposal.withdraw': 'Withdrew a proposal',
  'person.erase': 'Erased a person',
  'weights.change': 'Changed the matching weights',
};

export const auditApi = defineRoute({
  id: 'admin-list-audit',
  surface: 'admin',
  method: 'GET',
  path: '/api/admin/audit',
  access: 'admin',
  answers: 'json',
  input: { from: 'query', schema: AuditQuery },
  permissions: ['table:read'],
  async handle({ before, limit }, { deps }) {
    return json(200, await deps.audit.listAudit({ limit, before }));
  },
});

const london = (iso: string) => new Date(iso).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'medium' });

function targetLink(entry: AuditEntry): SafeHtml | string {
  const t = entry.target;
  if (!t) return '';
  if (t.kind === 'person') return html`<a class="govuk-link" href="/admin/people/${t.id}">person ${t.id}</a>`;
  if (t.kind === 'match') return html`<a class="govuk-link" href="/admin/matches/${t.id}">match ${t.id}</a>`;
  return `${t.kind} ${t.id}`;
}

/** The entries as a table; also on the person and match pages. */
export function auditTable(entries: AuditEntry[], caption: string): SafeHtml {
  if (entries.length === 0) return html`<p class="govuk-body">No admin actions recorded.</p>`;
  return html`<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--m">${caption}</caption>
<thead class="govuk-table__head"><tr class="govuk-table__row">
<th scope="col" class="govuk-table__header">When</th>
<th scope="col" class="govuk-table__header">Who</th>
<th scope="col" class="govuk-table__header">What</th>
<th scope="col" class="govuk-table__header">About</th>
<th scope="col" class="govuk-table__header">Details</th>
</tr></thead>
<tbody class="govuk-table__body">${entries.map(
    (e) => html`<tr class="govuk-table__row">
<td class="govuk-table__cell">${london(e.at)}</td>
<td class="govuk-table__cell">${e.actor.email ?? e.actor.subject} <span class="govuk-hint">(${e.actor.via === 'page' ? 'admin pages' : 'API'})</span></td>
<td class="govuk-table__cell">${ACTION_NAMES[e.action]}</td>
<td class="govuk-table__cell">${targetLink(e)}</td>
<td class="govuk-table__cell">${Object.entries(e.details)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join(', ')}</td>
</tr>`,
  )}</tbody></table>`;
}

export const auditPage = defineRoute({
  id: 'admin-audit-page',
  surface: 'admin',
  method: 'GET',
  path: '/admin/audit',
  access: 'admin',
  answers: 'page',
  input: { from: 'query', schema: AuditQuery },
  permissions: ['table:read'],
  async handle({ before, limit }, { principal, deps }) {
    const { entries, next } = await deps.audit.listAudit({ limit, before });
    return page(
      200,
      adminLayout({
        title: 'Audit log',
        user: principal,
        content: html`<h1 class="govuk-heading-xl">Audit log</h1>
<p class="govuk-body">Every admin action, newest first, kept for two years. Entries hold ids, never a participant’s name or email, so erasing a person leaves them in place.</p>
${auditTable(entries, before ? 'Older admin actions' : 'Latest admin actions')}
<p class="govuk-body">${before ? html`<a class="govuk-link" href="/admin/audit">Newest entries</a>` : ''}${before && next ? ' · ' : ''}${next ? html`<a class="govuk-link" href="/admin/audit?before=${next}">Older entries</a>` : ''}</p>`,
      }),
    );
  },
});
