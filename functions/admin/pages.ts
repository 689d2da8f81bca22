/** The admin area's pages. */
import * as z from 'zod';
import { runRoundForAdmin } from '../../shared/app/admin';
import { html, type SafeHtml } from '../../shared/domain/html';
import type { RoundRecord } from '../../shared/ports';
import { page, seeOther } from '../http/responses';
import { type AdminUser, defineRoute } from '../http/types';
import { button, layout } from '../web/layout';
import { actorOf } from './actor';
import { adminNav } from './nav';

const ROUNDS_SHOWN = 20;

/** Every admin page: who is signed in, and the way out. */
export function adminLayout(o: { title: string; user: AdminUser; content: SafeHtml; hasErrors?: boolean }): SafeHtml {
  return layout({
    title: o.title,
    hasErrors: o.hasErrors,
    content: html`<div class="govuk-grid-row"><div class="govuk-grid-column-full">
${adminNav()}
<p class="govuk-body-s">Signed in as ${o.user.email ?? o.user.subject}</p>
<form method="post" action="/admin/logout" novalidate class="govuk-!-margin-bottom-6">${button('Sign out', { secondary: true })}</form>
${o.content}
</div></div>`,
  });
}

const london = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'short' });

function roundsTable(rounds: RoundRecord[]): SafeHtml {
  if (rounds.length === 0) return html`<p class="govuk-body">No rounds have run yet.</p>`;
  return html`<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--m">Matching rounds</caption>
<thead class="govuk-table__head"><tr class="govuk-table__row">
<th scope="col" class="govuk-table__header">Started</th>
<th scope="col" class="govuk-table__header">Trigger</th>
<th scope="col" class="govuk-table__header govuk-table__header--numeric">Waiting mentees</th>
<th scope="col" class="govuk-table__header govuk-table__header--numeric">Mentors</th>
<th scope="col" class="govuk-table__header govuk-table__header--numeric">Proposed</th>
<th scope="col" class="govuk-table__header govuk-table__header--numeric">Total score</th>
<th scope="col" class="govuk-table__header govuk-table__header--numeric">Took (ms)</th>
</tr></thead>
<tbody class="govuk-table__body">${rounds.map(
    (r) => html`<tr class="govuk-table__row">
<td class="govuk-table__cell">${london(r.startedAt)}</td>
<td class="govuk-table__cell">${r.trigger}</td>
<td class="govuk-table__cell govuk-table__cell--numeric">${String(r.mentees)}</td>
<td class="govuk-table__cell govuk-table__cell--numeric">${String(r.mentors)}</td>
<td class="govuk-table__cell govuk-table__cell--numeric">${String(r.proposed)}</td>
<td class="govuk-table__cell govuk-table__cell--numeric">${r.totalScore.toFixed(1)}</td>
<td class="govuk-table__cell govuk-table__cell--numeric">${String(r.durationMs)}</td>
</tr>`,
  )}</tbody></table>`;
}

export const adminHome = defineRoute({
  id: 'admin-home',
  surface: 'admin',
  method: 'GET',
  path: '/admin',
  access: 'admin',
  answers: 'page',
  input: { from: 'query', schema: z.object({ ran: z.string().max(100).optional() }) },
  permissions: ['table:read'],
  async handle({ ran }, { principal, deps }) {
    const rounds = await deps.rounds.listRounds(ROUNDS_SHOWN);
    const justRan = ran ? rounds.find((r) => r.id === ran) : undefined;
    return page(
      200,
      adminLayout({
        title: 'Programme admin',
        user: principal,
        content: html`<h1 class="govuk-heading-xl">Programme admin</h1>
${
  justRan
    ? html`<div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="round-ran-title" data-module="govuk-notification-banner">
<div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="round-ran-title">Success</h2></div>
<div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">The round proposed ${String(justRan.proposed)} ${justRan.proposed === 1 ? 'match' : 'matches'}</p></div></div>`
    : ''
}
<p class="govuk-body"><a class="govuk-link govuk-!-font-weight-bold" href="/admin/report">See the programme report</a>: how the programme is doing, where the gaps are, who is stuck and what to do next.</p>
<h2 class="govuk-heading-m">Run a matching round</h2>
<p class="govuk-body">Rounds run every morning. Run one now to match everyone waiting; mentors are emailed their proposals.</p>
<form method="post" action="/admin/rounds" novalidate>${button('Run a matching round now')}</form>
${roundsTable(rounds)}`,
      }),
    );
  },
});

export const adminRunRound = defineRoute({
  id: 'admin-run-round-page',
  surface: 'admin',
  method: 'POST',
  path: '/admin/rounds',
  access: 'admin',
  answers: 'page',
  input: { from: 'form', schema: z.object({}), fromForm: () => ({}) },
  permissions: ['table:write', 'signing-key'],
  async handle(_input, { principal, deps }) {
    const record = await runRoundForAdmin(actorOf(principal), deps);
    deps.logger.info('Admin ran a round', { adminSubject: principal.subject, roundId: record?.id });
    return seeOther(record ? `/admin?ran=${encodeURIComponent(record.id)}` : '/admin');
  },
});
