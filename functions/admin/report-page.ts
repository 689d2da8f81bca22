/**
 * The programme report page: how the programme is doing (headline figures),
 * where the gaps are (regions, skills), who is stuck (unmatched mentees,
 * waiting times), what to do next, and the rounds history. Every chart is
 * server-rendered SVG with a table of the same figures beside it; the page
 * needs no JavaScript and uses GOV.UK Frontend's styles and our app.css.
 */
import type { FieldError } from '../../shared/domain/errors';
import { html, type SafeHtml } from '../../shared/domain/html';
import { type ProgrammeReport, REPORT_COUNCIL_TYPES, REPORT_REGIONS, UNMATCHED_LABELS } from '../../shared/domain/report';
import type { AdminUser } from '../http/types';
import { barChart } from '../web/charts';
import { button, errorSummary, select, textInput } from '../web/layout';
import { adminLayout } from './frame';

/** How many unmatched mentees the page lists (the JSON has all the round kept). */
export const UNMATCHED_SHOWN = 100;

export interface FilterValues {
  from?: string;
  to?: string;
  region?: string;
  councilType?: string;
}

const london = (iso: string, withTime = true) =>
  new Date(iso).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', ...(withTime ? { timeStyle: 'short' } : {}) });
const monthName = (month: string) => new Date(`${month}-01T12:00:00.000Z`).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const percent = (x: number | null) => (x === null ? 'None yet' : `${Math.round(x * 100)}%`);
const days = (x: number | null) => (x === null ? 'None yet' : `${x} ${x === 1 ? 'day' : 'days'}`);
const num = (n: number) => n.toLocaleString('en-GB');
const plural = (n: number, one: string, many: string) => `${num(n)} ${n === 1 ? one : many}`;

function scopeText(r: ProgrammeReport): string {
  const where = [r.filters.region ?? 'All regions', r.filters.councilType ?? 'all types of council'].join(', ');
  const { from, to } = r.filters.months;
  const when = from && to ? (from === to ? `in ${monthName(from)}` : `from ${monthName(from)} to ${monthName(to)}`) : from ? `from ${monthName(from)}` : to ? `up to ${monthName(to)}` : 'since the programme began';
  return `${where}; what happened ${when}`;
}

function numericTable(o: { caption: string; head: string[]; rows: (string | SafeHtml)[][]; small?: boolean }): SafeHtml {
  const cls = (k: number) => (k === 0 ? '' : ' govuk-table__cell--numeric');
  return html`<table class="govuk-table${o.small ? ' app-table--small' : ''}"><caption class="govuk-table__caption govuk-table__caption--s">${o.caption}</caption>
<thead class="govuk-table__head"><tr class="govuk-table__row">${o.head.map(
    (h, k) => html`<th scope="col" class="govuk-table__header${k === 0 ? '' : ' govuk-table__header--numeric'}">${h}</th>`,
  )}</tr></thead>
<tbody class="govuk-table__body">${o.rows.map(
    (row) => html`<tr class="govuk-table__row">${row.map((cell, k) =>
      k === 0 ? html`<th scope="row" class="govuk-table__header">${cell}</th>` : html`<td class="govuk-table__cell${cls(k)}">${cell}</td>`,
    )}</tr>`,
  )}</tbody></table>`;
}

/** A chart and the table of its figures, side by side on wide screens. */
const beside = (chart: SafeHtml, table: SafeHtml) =>
  html`<div class="govuk-grid-row"><div class="govuk-grid-column-one-half">${chart}</div><div class="govuk-grid-column-one-half">${table}</div></div>`;

function filterForm(values: FilterValues, errors: Map<string, string>): SafeHtml {
  const options = (list: readonly string[]) => [{ options: list.map((v) => ({ value: v, text: v })) }];
  return html`<form method="get" action="/admin/report" novalidate class="app-report-filters">
<h2 class="govuk-heading-m">Filter the report</h2>
<div class="govuk-grid-row">
<div class="govuk-grid-column-one-quarter">${textInput({ id: 'from', name: 'from', label: 'From', hint: 'A month, like 2026-03, or a date', value: values.from, error: errors.get('from'), width: '10' })}</div>
<div class="govuk-grid-column-one-quarter">${textInput({ id: 'to', name: 'to', label: 'To', hint: 'A month, like 2026-05, or a date', value: values.to, error: errors.get('to'), width: '10' })}</div>
<div class="govuk-grid-column-one-quarter">${select({ id: 'region', name: 'region', label: 'Region', placeholder: 'All regions', value: values.region, groups: options(REPORT_REGIONS), error: errors.get('region') })}</div>
<div class="govuk-grid-column-one-quarter">${select({ id: 'councilType', name: 'councilType', label: 'Type of council', placeholder: 'All types', value: values.councilType, groups: options(REPORT_COUNCIL_TYPES), error: errors.get('councilType') })}</div>
</div>
<div class="govuk-button-group">${button('Apply filters', { secondary: true })}<a class="govuk-link" href="/admin/report">Clear filters</a></div>
</form>`;
}

function figures(r: ProgrammeReport): SafeHtml {
  const cards: [string, string][] = [
    [num(r.people.mentee.ACTIVE), 'active mentees'],
    [num(r.waiting.mentees), `mentees waiting for a match (median ${days(r.waiting.medianDaysWaiting).toLowerCase()})`],
    [num(r.people.mentor.ACTIVE), 'active mentors'],
    [percent(r.places.utilisation), `of mentors’ places in use (${num(r.places.used)} of ${num(r.places.offered)})`],
    [num(r.matches.ACCEPTED + r.matches.ENDED), 'matches accepted'],
    [percent(r.acceptanceRate), 'of proposals accepted'],
    [days(r.medianDaysToAccept), 'median time to accept'],
    [r.feedback.averageRating === null ? 'None yet' : `${r.feedback.averageRating.toFixed(1)} out of 5`, `average feedback (${plural(r.feedback.responses, 'answer', 'answers')})`],
  ];
  return html`<ul class="app-figures">${cards.map(([value, label]) => html`<li class="app-figure"><span class="app-figure__value">${value}</span> <span class="app-figure__label">${label}</span></li>`)}</ul>`;
}

function peopleAndMatches(r: ProgrammeReport): SafeHtml {
  const statuses = [
    ['ACTIVE', 'Active'],
    ['PAUSED', 'Paused'],
    ['PENDING_VERIFICATION', 'Not yet confirmed'],
  ] as const;
  const people = numericTable({
    caption: 'People by status',
    head: ['Status', 'Mentees', 'Mentors'],
    rows: statuses.map(([s, label]) => [label, num(r.people.mentee[s]), num(r.people.mentor[s])]),
  });
  const matchRows: [string, number][] = [
    ['Proposed, awaiting the mentor’s answer', r.matches.PROPOSED],
    ['Accepted, under way', r.matches.ACCEPTED],
    ['Ended', r.matches.ENDED],
    ['Declined', r.matches.DECLINED],
    ['Lapsed without an answer', r.matches.EXPIRED],
  ];
  const matches = numericTable({ caption: 'Matches by status', head: ['Status', 'Matches'], rows: matchRows.map(([label, n]) => [label, num(n)]) });
  return html`<div class="govuk-grid-row"><div class="govuk-grid-column-one-half">${people}</div><div class="govuk-grid-column-one-half">${matches}</div></div>`;
}

function regionsSection(r: ProgrammeReport): SafeHtml {
  const chart = barChart({
    id: 'chart-regions',
    title: 'Accepted matches and waiting mentees by region',
    description: 'A bar chart of accepted matches and of mentees waiting for a match in each region. The table beside it has the same figures.',
    series: [
      { name: 'Accepted matches', className: 'app-chart__bar--primary' },
      { name: 'Mentees waiting', className: 'app-chart__bar--secondary' },
    ],
    rows: r.regions.map((x) => ({ label: x.region, values: [x.acceptedMatches, x.waiting] })),
  });
  const table = numericTable({
    caption: 'Matches and people by region',
    head: ['Region', 'Accepted matches', 'Mentees waiting', 'Active mentees', 'Active mentors', 'Free places'],
    small: true,
    rows: r.regions.map((x) => [x.region, num(x.acceptedMatches), num(x.waiting), num(x.mentees), num(x.mentors), num(x.mentorPlacesFree)]),
  });
  return html`<h2 class="govuk-heading-l" id="regions">Matches by region</h2>
<p class="govuk-body">Matches count under the mentee’s region. A region with many mentees waiting and few free places needs mentors.</p>
${beside(chart, table)}`;
}

function skillsSection(r: ProgrammeReport): SafeHtml {
  const shown = r.skills.filter((s) => s.menteesWanting > 0 || s.mentorPlacesOffering > 0);
  const gaps = r.skills.filter((s) => s.gap > 0);
  const chart = barChart({
    id: 'chart-skills',
    title: 'Skills: mentees wanting each skill against free mentor places offering it',
    description: `A bar chart, largest gap first. ${gaps.length === 0 ? 'No skill has a gap.' : `${plural(gaps.length, 'skill has', 'skills have')} more mentees wanting it than free places, marked "gap".`} The table beside it has the same figures.`,
    series: [
      { name: 'Mentees wanting it', className: 'app-chart__bar--primary' },
      { name: 'Free mentor places', className: 'app-chart__bar--secondary' },
    ],
    rows: shown.map((s) => ({
      label: s.name,
      values: [s.menteesWanting, s.mentorPlacesOffering],
      ...(s.gap > 0 ? { note: `gap ${s.gap}`, noteClass: 'app-chart__note app-chart__note--gap' } : {}),
    })),
  });
  const table = numericTable({
    caption: 'Demand and supply by skill',
    head: ['Skill', 'Mentees wanting it', 'Free mentor places', 'Gap'],
    small: true,
    rows: r.skills.map((s) => [
      s.name,
      num(s.menteesWanting),
      num(s.mentorPlacesOffering),
      s.gap > 0 ? html`<strong class="govuk-tag govuk-tag--red app-tag--nowrap">Recruit</strong> ${num(s.gap)} short` : s.gap === 0 ? 'None' : `${num(-s.gap)} spare`,
    ]),
  });
  return html`<h2 class="govuk-heading-l" id="skills">Skills: demand and supply</h2>
<p class="govuk-body">Mentees wanting a skill are active mentees who listed it; free places are the places of active mentors offering it not taken by accepted matches. ${
    gaps.length === 0
      ? 'No skill is short of mentors.'
      : `Recruit mentors who offer ${gaps
          .slice(0, 3)
          .map((s) => s.name)
          .join(', ')}${gaps.length > 3 ? ` and ${plural(gaps.length - 3, 'other skill', 'other skills')} marked “Recruit”` : ''}.`
  }</p>
${beside(chart, table)}`;
}

function utilisationSection(r: ProgrammeReport): SafeHtml {
  const u = r.mentorUtilisation;
  const rows: [string, number][] = [
    ['No places taken', u.none],
    ['Some places taken', u.partly],
    ['All places taken', u.full],
  ];
  const chart = barChart({
    id: 'chart-utilisation',
    title: 'Active mentors by how many of their places are taken',
    description: 'A bar chart of active mentors with no, some and all of their places taken by accepted matches. The table beside it has the same figures.',
    series: [{ name: 'Active mentors', className: 'app-chart__bar--primary' }],
    rows: rows.map(([label, n]) => ({ label, values: [n] })),
  });
  const table = numericTable({ caption: 'Active mentors by places taken', head: ['Places taken', 'Mentors'], rows: rows.map(([label, n]) => [label, num(n)]) });
  const places = numericTable({
    caption: 'Mentors’ places',
    head: ['Places', 'Number'],
    rows: [
      ['Offered by active mentors', num(r.places.offered)],
      ['Taken by accepted matches', num(r.places.used)],
      ['Held by proposals awaiting an answer', num(r.places.proposed)],
      ['Free (offered, not taken)', num(r.places.free)],
    ],
  });
  return html`<h2 class="govuk-heading-l" id="utilisation">Mentor utilisation</h2>
<p class="govuk-body">${percent(r.places.utilisation)} of the places active mentors offer are taken. Mentors with no places taken may need a nudge, or better-matched mentees.</p>
${beside(chart, table)}
${places}`;
}

function waitingSection(r: ProgrammeReport): SafeHtml {
  const w = r.waiting;
  const chart = barChart({
    id: 'chart-waiting',
    title: 'Mentees waiting for a match, by how long they have waited',
    description: 'A bar chart of waiting mentees in four bands of waiting time. The table beside it has the same figures.',
    series: [{ name: 'Mentees waiting', className: 'app-chart__bar--primary' }],
    rows: w.byDuration.map((b) => ({ label: b.label, values: [b.mentees] })),
  });
  const table = numericTable({ caption: 'Waiting mentees by time waited', head: ['Time waited', 'Mentees'], rows: w.byDuration.map((b) => [b.label, num(b.mentees)]) });
  return html`<h2 class="govuk-heading-l" id="waiting">Waiting times</h2>
<p class="govuk-body">${plural(w.mentees, 'active mentee is', 'active mentees are')} waiting for a match: a median of ${days(w.medianDaysWaiting).toLowerCase()}, the longest ${days(w.longestDaysWaiting).toLowerCase()}. Waiting counts from confirmation, or from when a proposal or match last closed.</p>
${beside(chart, table)}`;
}

function unmatchedSection(r: ProgrammeReport): SafeHtml {
  if (!r.latestRound) {
    return html`<h2 class="govuk-heading-l" id="unmatched">Mentees who could not be matched</h2><p class="govuk-body">No round has run yet.</p>`;
  }
  const total = r.unmatchedByReason.reduce((n, x) => n + x.mentees, 0);
  const byReason =
    r.unmatchedByReason.length === 0
      ? html`<p class="govuk-body">The latest round matched everyone it could see${r.filters.region || r.filters.councilType ? ' in this region and type of council' : ''}.</p>`
      : numericTable({ caption: 'Why they could not be matched', head: ['Reason', 'Mentees'], rows: r.unmatchedByReason.map((x) => [x.label, num(x.mentees)]) });
  const listed = r.unmatched.slice(0, UNMATCHED_SHOWN);
  const list =
    listed.length === 0
      ? ''
      : html`<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--s">Longest waiting first${r.unmatched.length > listed.length ? ` (the first ${UNMATCHED_SHOWN} of ${num(r.unmatched.length)}; the JSON has them all)` : ''}</caption>
<thead class="govuk-table__head"><tr class="govuk-table__row">
<th scope="col" class="govuk-table__header">Mentee</th>
<th scope="col" class="govuk-table__header">Region and type of council</th>
<th scope="col" class="govuk-table__header">Waiting since</th>
<th scope="col" class="govuk-table__header">What blocks them</th>
</tr></thead>
<tbody class="govuk-table__body">${listed.map(
          (u) => html`<tr class="govuk-table__row">
<td class="govuk-table__cell"><code class="app-id">${u.menteeId}</code></td>
<td class="govuk-table__cell">${u.region}, ${u.councilType}</td>
<td class="govuk-table__cell">${london(u.waitingSince, false)}</td>
<td class="govuk-table__cell">${UNMATCHED_LABELS[u.code] ?? u.reason}<span class="govuk-body-s app-engine-reason">The engine said: ${u.reason}</span></td>
</tr>`,
        )}</tbody></table>`;
  return html`<h2 class="govuk-heading-l" id="unmatched">Mentees who could not be matched</h2>
<p class="govuk-body">The latest round, on ${london(r.latestRound.startedAt)}, left ${plural(total, 'mentee', 'mentees')} unmatched${r.filters.region || r.filters.councilType ? ' here' : ''}.</p>
${byReason}
${list}`;
}

/** A round's proof in words: proven, or unproven with the most it may have given up. */
export function optimalityText(x: ProgrammeReport['rounds'][number]): string {
  if (x.optimality === null) return 'Not recorded';
  if (x.optimality === 'proven') return 'Proven';
  const b = x.shortfallBound;
  if (!b) return 'Not proven';
  if (b.mentees > 0) return `Not proven: at most ${plural(b.mentees, 'more mentee', 'more mentees')} could have been matched`;
  return b.score === null ? 'Not proven' : `Not proven: at most ${b.score.toFixed(1)} more points`;
}

/** `200`, or `200 (widened to 204 for 31 mentees)` when the proof had to add pairs. */
export function candidatesText(c: ProgrammeReport['rounds'][number]['candidatesPerMentee']): string {
  if (c === null) return 'Not recorded';
  return c.widened === 0 ? num(c.initial) : `${num(c.initial)} (widened to ${num(c.widest)} for ${plural(c.widened, 'mentee', 'mentees')})`;
}

function roundsSection(r: ProgrammeReport): SafeHtml {
  if (r.rounds.length === 0) return html`<h2 class="govuk-heading-l" id="rounds">Matching rounds</h2><p class="govuk-body">No rounds ran in these months.</p>`;
  const score = (n: number | null) => (n === null ? 'Not recorded' : n.toFixed(1));
  return html`<h2 class="govuk-heading-l" id="rounds">Matching rounds</h2>
<p class="govuk-body">Each round proposes the matches with the highest total score. The greedy score is what taking the best-scoring pair first would have scored on the same people; the gain is what the optimal round adds. Rounds are not split by region.</p>
<p class="govuk-body">Each mentee starts with the mentors who suit them best (candidates per mentee). The round then checks its choice against every other pair the rules allow: “Proven” means no other choice could have matched more mentees or scored higher. When that check runs out of time, the round says so and how much, at most, a better choice could have added.</p>
${numericTable({
  caption: 'Rounds, newest first',
  head: ['Started', 'Waiting mentees', 'Mentors', 'Proposed', 'Total score', 'Greedy score', 'Gain', 'Best answer', 'Candidates per mentee', 'Took (ms)'],
  small: true,
  rows: r.rounds.map((x) => [
    html`${london(x.startedAt)} <span class="govuk-body-s">(${x.trigger})</span>`,
    num(x.mentees),
    num(x.mentors),
    num(x.proposed),
    x.totalScore.toFixed(1),
    score(x.greedyScore),
    x.gain === null ? 'Not recorded' : `${x.gain >= 0 ? '+' : ''}${x.gain.toFixed(1)}`,
    optimalityText(x),
    candidatesText(x.candidatesPerMentee),
    num(x.durationMs),
  ]),
})}`;
}

const SECTIONS: [string, string][] = [
  ['next-steps', 'What to do next'],
  ['glance', 'At a glance'],
  ['regions', 'Matches by region'],
  ['skills', 'Skills: demand and supply'],
  ['utilisation', 'Mentor utilisation'],
  ['waiting', 'Waiting times'],
  ['unmatched', 'Mentees who could not be matched'],
  ['rounds', 'Matching rounds'],
];

/**
 * The report page for a valid filter. On the admin area's home page (`/admin`)
 * `home` holds what an admin does there (run a round, and what the last one
 * did) and the page has no way back; at `/admin/report` it links home.
 */
export function reportPage(r: ProgrammeReport, user: AdminUser, query: string, home?: SafeHtml): SafeHtml {
  const values: FilterValues = {
    from: r.filters.from ?? undefined,
    to: r.filters.to ?? undefined,
    region: r.filters.region ?? undefined,
    councilType: r.filters.councilType ?? undefined,
  };
  return adminLayout({
    title: 'Programme report',
    user,
    content: html`${home ? '' : html`<a href="/admin" class="govuk-back-link">Programme admin</a>`}
<h1 class="govuk-heading-xl"><span class="govuk-caption-l">${scopeText(r)}</span>Programme report</h1>
${home ?? ''}
<p class="govuk-body">Figures as at ${london(r.generatedAt)}. People, places, skills and waiting are as they are now; matches, feedback and rounds count what happened in the chosen months (whole months, by when a match was proposed, feedback given or a round started).</p>
${filterForm(values, new Map())}
<nav aria-label="Sections of the report"><ul class="govuk-list govuk-list--bullet">${SECTIONS.map(([id, label]) => html`<li><a class="govuk-link" href="#${id}">${label}</a></li>`)}</ul></nav>
<p class="govuk-body"><a class="govuk-link" href="/api/admin/report${query}">These figures as JSON</a></p>
<h2 class="govuk-heading-l" id="next-steps">What to do next</h2>
<ul class="govuk-list govuk-list--bullet">${r.nextSteps.map((s) => html`<li>${s}</li>`)}</ul>
<h2 class="govuk-heading-l" id="glance">At a glance</h2>
${figures(r)}
${peopleAndMatches(r)}
${regionsSection(r)}
${skillsSection(r)}
${utilisationSection(r)}
${waitingSection(r)}
${unmatchedSection(r)}
${roundsSection(r)}`,
  });
}

/** The filters again with what was wrong with them, and no figures. */
export function invalidFiltersPage(errors: FieldError[], raw: Record<string, string>, user: AdminUser): SafeHtml {
  const byField = new Map<string, string>();
  for (const e of errors) {
    const field = ['from', 'to', 'region', 'councilType'].includes(e.path) ? e.path : 'from';
    if (!byField.has(field)) byField.set(field, e.path === field ? e.message : `${e.path ? `${e.path}: ` : ''}${e.message}`);
  }
  return adminLayout({
    title: 'Programme report',
    user,
    hasErrors: true,
    content: html`<a href="/admin" class="govuk-back-link">Programme admin</a>
${errorSummary([...byField].map(([field, message]) => ({ message, href: `#${field}` })))}
<h1 class="govuk-heading-xl">Programme report</h1>
<p class="govuk-body">Correct the filters to see the report.</p>
${filterForm({ from: raw.from, to: raw.to, region: raw.region, councilType: raw.councilType }, byField)}`,
  });
}
