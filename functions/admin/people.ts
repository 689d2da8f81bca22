/**
 * Admin pages for people and matches: find one by id, list people by role
 * and status and the open proposals (index queries, never a scan), see a
 * person or a match with its audit history, and act: pause or resume a
 * mentor, withdraw an open proposal, erase a person (after a confirmation
 * page). Each action is a POST from a button that ends on the page it came
 * from with a success banner; the use cases audit it.
 */
import * as z from 'zod';
import { erasePersonForAdmin, pauseMentorForAdmin, resumeMentorForAdmin, withdrawProposal } from '../../shared/app/admin';
import { html, type SafeHtml } from '../../shared/domain/html';
import { type Match, reasonText } from '../../shared/domain/match';
import { councilNameOf, seniorityNameOf, skillNameOf } from '../../shared/domain/names';
import { PROFILE_STATUSES, ROLES, type Profile } from '../../shared/domain/profile';
import { page, seeOther } from '../http/responses';
import { defineRoute, type FormFields, type HttpRequest } from '../http/types';
import { button, summaryList, textInput } from '../web/layout';
import { Id, actorOf } from './actor';
import { matchView, personView } from './actions';
import { auditTable } from './audit-log';
import { adminLayout } from './frame';

/** Rows a list page shows; the next page is a link away. */
const LIST_SHOWN = 100;

const london = (iso: string | undefined) =>
  iso ? new Date(iso).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'short' }) : '';

const DONE: Record<string, string> = {
  paused: 'The mentor is paused. We have emailed them, with a link to resume.',
  resumed: 'The mentor is active again and in the next matching round.',
  withdrawn: 'The proposal is withdrawn. The mentee is back in the pool and the mentor has been told.',
  erased: 'The person is erased. Their open matches are closed and every item of theirs deleted.',
};

function banner(done: string | undefined): SafeHtml | string {
  const text = done ? DONE[done] : undefined;
  if (!text) return '';
  return html`<div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="done-title" data-module="govuk-notification-banner">
<div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="done-title">Success</h2></div>
<div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">${text}</p></div></div>`;
}

const Done = z.enum(Object.keys(DONE) as [string, ...string[]]).optional();

const statusName: Record<string, string> = { PENDING_VERIFICATION: 'Email not confirmed', ACTIVE: 'Active', PAUSED: 'Paused' };

function th(cells: string[]): SafeHtml {
  return html`<thead class="govuk-table__head"><tr class="govuk-table__row">${cells.map((c) => html`<th scope="col" class="govuk-table__header">${c}</th>`)}</tr></thead>`;
}
const td = (v: string | number | SafeHtml) => html`<td class="govuk-table__cell">${v}</td>`;
const personLink = (id: string, text: string) => html`<a class="govuk-link" href="/admin/people/${id}">${text}</a>`;
const matchLink = (id: string, text: string) => html`<a class="govuk-link" href="/admin/matches/${id}">${text}</a>`;

const PeopleQuery = z.object({
  id: z.string().trim().max(100).optional(),
  role: z.enum(ROLES).optional(),
  status: z.enum(PROFILE_STATUSES).optional(),
  before: z.string().regex(/^[A-Za-z0-9_-]{1,300}$/, { error: 'Not a valid page cursor' }).optional(),
  done: Done,
});

const LISTS = ROLES.flatMap((role) => PROFILE_STATUSES.map((status) => ({ role, status })));

export const peoplePage = defineRoute({
  id: 'admin-people-page',
  surface: 'admin',
  method: 'GET',
  path: '/admin/people',
  access: 'admin',
  answers: 'page',
  input: { from: 'query', schema: PeopleQuery },
  permissions: ['table:read'],
  async handle({ id, role, status, before, done }, { principal, deps }) {
    let notFound: string | undefined;
    if (id) {
      if (Id.safeParse(id).success) {
        if (await deps.profiles.getProfile(id)) return seeOther(`/admin/people/${encodeURIComponent(id)}`);
        if (await deps.matches.getMatch(id)) return seeOther(`/admin/matches/${encodeURIComponent(id)}`);
      }
      notFound = 'No person or match has this id. It may have been erased, or mistyped.';
    }
    let list: SafeHtml | string = '';
    if (role && status) {
      const { profiles: shown, next } = await deps.profiles.listProfiles(role, status, { limit: LIST_SHOWN, before });
      const more = next ? html`<p class="govuk-body"><a class="govuk-link" href="/admin/people?role=${role}&amp;status=${status}&amp;before=${next}">Earlier sign-ups</a></p>` : '';
      list = html`<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--m">${role === 'mentor' ? 'Mentors' : 'Mentees'}: ${statusName[status]}, newest first</caption>
${th(['Name', 'Council', 'Signed up', role === 'mentor' ? 'Places used' : 'Match'])}
<tbody class="govuk-table__body">${shown.map(
        (p) => html`<tr class="govuk-table__row">${td(personLink(p.id, p.name))}${td(councilNameOf(p.councilCode))}${td(london(p.createdAt))}${td(
          p.role === 'mentor'
            ? `${p.matching.acceptedCount} of ${p.capacity} (${p.matching.proposedCount} proposed)`
            : p.matching.openMatchId
              ? matchLink(p.matching.openMatchId, 'In a match')
              : 'Waiting',
        )}</tr>`,
      )}</tbody></table>${more}`;
    }
    return page(
      notFound ? 404 : 200,
      adminLayout({
        title: 'People and matches',
        user: principal,
        hasErrors: !!notFound,
        content: html`${banner(done)}<h1 class="govuk-heading-xl">People and matches</h1>
<form method="get" action="/admin/people" novalidate>
${textInput({ id: 'id', name: 'id', label: 'Find a person or a match by id', hint: 'Ids are in the audit log, the CSV downloads and the lists below.', value: id ?? '', error: notFound, spellcheck: false })}
${button('Find', { secondary: true })}
</form>
<h2 class="govuk-heading-m">Lists</h2>
<ul class="govuk-list">${LISTS.map(
          (l) => html`<li><a class="govuk-link" href="/admin/people?role=${l.role}&amp;status=${l.status}">${l.role === 'mentor' ? 'Mentors' : 'Mentees'}: ${statusName[l.status]}</a></li>`,
        )}<li><a class="govuk-link" href="/admin/proposals">Open proposals</a></li></ul>
${list}`,
      }),
    );
  },
});

function profileRows(p: Profile) {
  return [
    { label: 'Id', value: p.id },
    { label: 'Role', value: p.role },
    { label: 'Status', value: statusName[p.status] ?? p.status },
    { label: 'Name', value: p.name },
    { label: 'Email', value: p.email },
    { label: 'Council', value: `${councilNameOf(p.councilCode)} (${p.region})` },
    { label: 'Job title', value: `${p.jobTitle}, ${seniorityNameOf(p.seniority)}` },
    { label: p.role === 'mentor' ? 'Skills offered' : 'Skills wanted, most important first', value: p.skills.map(skillNameOf).join(', ') },
    { label: 'Meets', value: p.format },
    ...(p.role === 'mentor' ? [{ label: 'Places', value: String(p.capacity) }] : []),
    { label: 'Signed up', value: london(p.createdAt) },
    { label: 'Email confirmed', value: london(p.verifiedAt) },
  ];
}

function matchesTable(personId: string, matches: Match[]): SafeHtml {
  if (matches.length === 0) return html`<p class="govuk-body">No matches yet.</p>`;
  return html`<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--m">Matches</caption>
${th(['Match', 'Status', 'Score', 'Proposed', 'With'])}
<tbody class="govuk-table__body">${matches.map((m) => {
    const other = m.menteeId === personId ? m.mentorId : m.menteeId;
    return html`<tr class="govuk-table__row">${td(matchLink(m.id, m.id.slice(0, 8)))}${td(m.withdrawnBy ? 'WITHDRAWN' : m.status)}${td(m.score)}${td(london(m.proposedAt))}${td(personLink(other, other.slice(0, 8)))}</tr>`;
  })}</tbody></table>`;
}

const postButton = (action: string, label: string, o: { warning?: boolean; secondary?: boolean } = {}) =>
  html`<form method="post" action="${action}" novalidate class="govuk-!-display-inline-block govuk-!-margin-right-2">${button(label, o)}</form>`;

const PersonQuery = z.object({ id: Id, done: Done });

export const personPage = defineRoute({
  id: 'admin-person-page',
  surface: 'admin',
  method: 'GET',
  path: '/admin/people/{id}',
  access: 'admin',
  answers: 'page',
  input: { from: 'query', schema: PersonQuery },
  permissions: ['table:read'],
  async handle({ id, done }, { principal, deps }) {
    const { person, matches, audit } = await personView(id, deps);
    const base = `/admin/mentors/${encodeURIComponent(person.id)}`;
    const actions = html`${person.role === 'mentor' && person.status === 'ACTIVE' ? postButton(`${base}/pause`, 'Pause this mentor', { secondary: true }) : ''}
${person.role === 'mentor' && person.status === 'PAUSED' ? postButton(`${base}/resume`, 'Resume this mentor', { secondary: true }) : ''}
<a class="govuk-button govuk-button--warning" data-module="govuk-button" href="/admin/people/${person.id}/erase">Erase this person</a>`;
    return page(
      200,
      adminLayout({
        title: person.name,
        user: principal,
        content: html`${banner(done)}<span class="govuk-caption-l">${person.role === 'mentor' ? 'Mentor' : 'Mentee'}</span><h1 class="govuk-heading-xl">${person.name}</h1>
${summaryList(profileRows(person))}
<div class="govuk-button-group">${actions}</div>
${matchesTable(person.id, matches)}
${auditTable(audit, 'Admin actions about this person')}`,
      }),
    );
  },
});

const MatchQuery = z.object({ id: Id, done: Done });

export const matchPage = defineRoute({
  id: 'admin-match-page',
  surface: 'admin',
  method: 'GET',
  path: '/admin/matches/{id}',
  access: 'admin',
  answers: 'page',
  input: { from: 'query', schema: MatchQuery },
  permissions: ['table:read'],
  async handle({ id, done }, { principal, deps }) {
    const { match, mentee, mentor, feedback, audit } = await matchView(id, deps);
    const who = (p: typeof mentee, pid: string) => (p ? personLink(p.id, `${p.name}, ${councilNameOf(p.councilCode)}`) : html`(erased) ${pid}`);
    return page(
      200,
      adminLayout({
        title: 'Match',
        user: principal,
        content: html`${banner(done)}<span class="govuk-caption-l">Match ${match.id}</span><h1 class="govuk-heading-xl">${match.withdrawnBy ? 'Withdrawn proposal' : match.status === 'PROPOSED' ? 'Open proposal' : `Match: ${match.status.toLowerCase()}`}</h1>
<dl class="govuk-summary-list">
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Mentee</dt><dd class="govuk-summary-list__value">${who(mentee, match.menteeId)}</dd></div>
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Mentor</dt><dd class="govuk-summary-list__value">${who(mentor, match.mentorId)}</dd></div>
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Status</dt><dd class="govuk-summary-list__value">${match.status}${match.withdrawnBy ? ' (withdrawn by an admin)' : ''}</dd></div>
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Score</dt><dd class="govuk-summary-list__value">${match.score} points: ${match.reasons.map((r) => `${reasonText(r, 'admin')} (${r.points})`).join('; ')}</dd></div>
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Proposed</dt><dd class="govuk-summary-list__value">${london(match.proposedAt)} (lapses ${london(match.expiresAt)})</dd></div>
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Answered</dt><dd class="govuk-summary-list__value">${london(match.decidedAt)}</dd></div>
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Ended</dt><dd class="govuk-summary-list__value">${london(match.endedAt)}${match.endedBy ? ` (by ${match.endedBy})` : ''}</dd></div>
<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Feedback</dt><dd class="govuk-summary-list__value">${feedback.map((f) => `${f.from}: ${f.rating} of 5`).join(', ')}</dd></div>
</dl>
${match.status === 'PROPOSED' ? html`<p class="govuk-body">Withdrawing tells the mentor, returns the mentee to the pool and closes this pair for good: no round proposes it again.</p>${postButton(`/admin/proposals/${match.id}/withdraw`, 'Withdraw this proposal', { warning: true })}` : ''}
${auditTable(audit, 'Admin actions about this match')}`,
      }),
    );
  },
});

export const proposalsPage = defineRoute({
  id: 'admin-proposals-page',
  surface: 'admin',
  method: 'GET',
  path: '/admin/proposals',
  access: 'admin',
  answers: 'page',
  input: { from: 'query', schema: z.object({ done: Done }) },
  permissions: ['table:read'],
  async handle({ done }, { principal, deps }) {
    const open = await deps.matches.listMatches('PROPOSED');
    return page(
      200,
      adminLayout({
        title: 'Open proposals',
        user: principal,
        content: html`${banner(done)}<h1 class="govuk-heading-xl">Open proposals</h1>
<p class="govuk-body">Proposals waiting for the mentor’s answer, oldest first (${String(open.length)}).</p>
${
  open.length === 0
    ? html`<p class="govuk-body">None.</p>`
    : html`<table class="govuk-table">${th(['Match', 'Mentee', 'Mentor', 'Score', 'Proposed', 'Lapses', ''])}
<tbody class="govuk-table__body">${open.slice(0, LIST_SHOWN).map(
        (m) =>
          html`<tr class="govuk-table__row">${td(matchLink(m.id, m.id.slice(0, 8)))}${td(personLink(m.menteeId, m.menteeId.slice(0, 8)))}${td(personLink(m.mentorId, m.mentorId.slice(0, 8)))}${td(m.score)}${td(london(m.proposedAt))}${td(london(m.expiresAt))}${td(
            html`<form method="post" action="/admin/proposals/${m.id}/withdraw" novalidate><input type="hidden" name="back" value="proposals"><button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">Withdraw<span class="govuk-visually-hidden"> proposal ${m.id}</span></button></form>`,
          )}</tr>`,
      )}</tbody></table>`
}`,
      }),
    );
  },
});

/** A POST from an admin page: the id from the path, nothing else from the form but where to go back to. */
const idFromPath = (name: string) => (fields: FormFields, request: HttpRequest) => ({ [name]: request.params[name], back: fields.get('back')?.[0] });
const PostById = z.object({ id: Id, back: z.string().optional() });
const PostByMatchId = z.object({ matchId: Id, back: z.enum(['proposals']).optional() });
const WRITES = ['table:write', 'signing-key'] as const;

export const pauseMentorPage = defineRoute({
  id: 'admin-pause-mentor-page',
  surface: 'admin',
  method: 'POST',
  path: '/admin/mentors/{id}/pause',
  access: 'admin',
  answers: 'page',
  input: { from: 'form', schema: PostById, fromForm: idFromPath('id') },
  permissions: WRITES,
  async handle({ id }, { principal, deps }) {
    await pauseMentorForAdmin(id, actorOf(principal), deps);
    return seeOther(`/admin/people/${encodeURIComponent(id)}?done=paused`);
  },
});

export const resumeMentorPage = defineRoute({
  id: 'admin-resume-mentor-page',
  surface: 'admin',
  method: 'POST',
  path: '/admin/mentors/{id}/resume',
  access: 'admin',
  answers: 'page',
  input: { from: 'form', schema: PostById, fromForm: idFromPath('id') },
  permissions: WRITES,
  async handle({ id }, { principal, deps }) {
    await resumeMentorForAdmin(id, actorOf(principal), deps);
    return seeOther(`/admin/people/${encodeURIComponent(id)}?done=resumed`);
  },
});

export const withdrawProposalPage = defineRoute({
  id: 'admin-withdraw-proposal-page',
  surface: 'admin',
  method: 'POST',
  path: '/admin/proposals/{matchId}/withdraw',
  access: 'admin',
  answers: 'page',
  input: { from: 'form', schema: PostByMatchId, fromForm: idFromPath('matchId') },
  permissions: WRITES,
  async handle({ matchId, back }, { principal, deps }) {
    await withdrawProposal(matchId, actorOf(principal), deps);
    return seeOther(back === 'proposals' ? '/admin/proposals?done=withdrawn' : `/admin/matches/${encodeURIComponent(matchId)}?done=withdrawn`);
  },
});

export const eraseConfirmPage = defineRoute({
  id: 'admin-erase-confirm-page',
  surface: 'admin',
  method: 'GET',
  path: '/admin/people/{id}/erase',
  access: 'admin',
  answers: 'page',
  input: { from: 'query', schema: z.object({ id: Id }) },
  permissions: ['table:read'],
  async handle({ id }, { principal, deps }) {
    const { person } = await personView(id, deps);
    return page(
      200,
      adminLayout({
        title: `Erase ${person.name}`,
        user: principal,
        content: html`<h1 class="govuk-heading-xl">Erase ${person.name}</h1>
<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span><strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>This cannot be undone.</strong></div>
<p class="govuk-body">This is the same erasure as the person’s own “delete my profile” link: their open proposal or match is closed (the other person is told or returns to the pool), every item of theirs is deleted, and they get a short confirmation email. The audit log keeps that you did it, with their id only.</p>
<form method="post" action="/admin/people/${person.id}/erase" novalidate><div class="govuk-button-group">${button('Erase this person', { warning: true })}<a class="govuk-link" href="/admin/people/${person.id}">Cancel</a></div></form>`,
      }),
    );
  },
});

export const erasePersonPage = defineRoute({
  id: 'admin-erase-person-page',
  surface: 'admin',
  method: 'POST',
  path: '/admin/people/{id}/erase',
  access: 'admin',
  answers: 'page',
  input: { from: 'form', schema: PostById, fromForm: idFromPath('id') },
  permissions: WRITES,
  async handle({ id }, { principal, deps }) {
    await erasePersonForAdmin(id, actorOf(principal), deps);
    return seeOther('/admin/people?done=erased');
  },
});
