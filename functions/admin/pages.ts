/**
 * The admin area's home page, `/admin`: the programme report (the same page
 * as `/admin/report`, with the same filters) headed by what an admin does
 * here: run a matching round now, and what the round just run did.
 */
import * as z from 'zod';
import { html } from '../../shared/domain/html';
import { REPORT_FILTERS, rangeInOrder } from '../../shared/domain/report';
import { page, seeOther } from '../http/responses';
import { defineRoute } from '../http/types';
import { button } from '../web/layout';
import { actorOf } from './actor';
import { queryOf, reportModules } from './report';

export const adminHome = defineRoute({
  id: 'admin-home',
  surface: 'admin',
  method: 'GET',
  path: '/admin',
  access: 'admin',
  answers: 'page',
  input: { from: 'query', schema: z.strictObject({ ...REPORT_FILTERS, ran: z.string().max(100).optional() }).refine(...rangeInOrder) },
  permissions: ['table:read'],
  invalid: async ({ errors }, { request, principal }) => page(400, (await reportModules()).invalidFiltersPage(errors, request.query, principal)),
  async handle({ ran, ...filters }, { principal, deps }) {
    const { programmeReport, reportPage } = await reportModules();
    // The round just run is among the newest: its record names how many it proposed.
    const [report, recent] = await Promise.all([programmeReport(filters, deps), ran ? deps.rounds.listRounds(5) : []]);
    const justRan = recent.find((r) => r.id === ran);
    const home = html`${
      justRan
        ? html`<div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="round-ran-title" data-module="govuk-notification-banner">
<div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="round-ran-title">Success</h2></div>
<div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">The round proposed ${String(justRan.proposed)} ${justRan.proposed === 1 ? 'match' : 'matches'}</p></div></div>`
        : ''
    }
<div class="govuk-inset-text">
<h2 class="govuk-heading-m">Run a matching round</h2>
<p class="govuk-body">Rounds run every morning. Run one now to match everyone waiting; mentors are emailed their proposals.</p>
<form method="post" action="/admin/rounds" novalidate>${button('Run a matching round now')}</form>
</div>`;
    return page(200, reportPage(report, principal, queryOf(filters), home));
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
    // On demand: the matching engine stays out of the admin function's start.
    const { runRoundForAdmin } = await import('../../shared/app/admin-round');
    const record = await runRoundForAdmin(actorOf(principal), deps);
    deps.logger.info('Admin ran a round', { adminSubject: principal.subject, roundId: record?.id });
    return seeOther(record ? `/admin?ran=${encodeURIComponent(record.id)}` : '/admin');
  },
});
