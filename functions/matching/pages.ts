/**
 * Pages behind the links in match emails: accept or decline a proposal, end
 * a match, pause or resume proposals, answer the feedback question. Each is a
 * GET that shows what will happen and a POST from its button.
 */
import { pauseMentor, previewPause, previewResume, resumeMentor } from '../../shared/app/availability';
import { endMatch, previewEnd, previewFeedback, submitFeedback } from '../../shared/app/lifecycle';
import { acceptProposal, declineProposal, previewAccept, previewDecline, type ProposalView } from '../../shared/app/proposals';
import type { FieldError } from '../../shared/domain/errors';
import { METRIC } from '../../shared/domain/metrics';
import { html } from '../../shared/domain/html';
import { AcceptInput, DeclineInput, DURATIONS_MONTHS, FeedbackInput, RHYTHMS } from '../../shared/domain/match';
import { councilByCode, skillById } from '../../shared/reference';
import type { Permission } from '../http/types';
import { actionRoutes } from '../web/action-page';
import { actionForm, button, choices, column, confirmationPanel, errorsByField, errorSummary, layout, summaryList, textarea, tokenField } from '../web/layout';

const PERMISSIONS: readonly Permission[] = ['table:write', 'signing-key'];
type Form = { values: Map<string, string[]>; errors: FieldError[] } | undefined;

const first = (form: Form, name: string, fallback = '') => form?.values.get(name)?.[0] ?? fallback;
const fieldsOf = (form: Form) => errorsByField(form?.errors ?? [], (p) => p || 'rhythm');
const summaryOf = (errors: Map<string, string>) => errorSummary([...errors].map(([id, message]) => ({ href: `#${id}`, message })));

function menteeSummary(view: ProposalView) {
  const m = view.mentee;
  return summaryList([
    { label: 'Name', value: m.name },
    { label: 'Council', value: `${councilByCode.get(m.councilCode)?.name ?? m.councilCode} (${m.region})` },
    { label: 'Role', value: m.jobTitle },
    { label: 'Skills wanted', value: m.skills.map((s) => skillById.get(s)?.name ?? s).join(', ') },
    { label: 'Goals', value: m.role === 'mentee' ? m.goals : '' },
    { label: 'Why we matched you', value: view.match.reasons.map((r) => `${r.text} (${r.points} points)`).join('\n') },
  ]);
}

const accept = actionRoutes({
  id: 'accept',
  permissions: PERMISSIONS,
  preview: (link, deps) => previewAccept(link.token, deps),
  confirmPage: (view, token, form) => {
    const errors = fieldsOf(form);
    return layout({
      title: `Accept ${view.mentee.name} as your mentee`,
      hasErrors: errors.size > 0,
      content: column(html`${summaryOf(errors)}
<h1 class="govuk-heading-l">Accept ${view.mentee.name} as your mentee</h1>
${menteeSummary(view)}
<form method="post" action="/accept" novalidate>${tokenField(token)}
${choices({ id: 'rhythm', name: 'rhythm', kind: 'radio', label: 'How often do you expect to meet?', options: RHYTHMS.map((r) => ({ value: r.id, text: r.name })), selected: [first(form, 'rhythm', 'monthly')], error: errors.get('rhythm') })}
${choices({ id: 'durationMonths', name: 'durationMonths', kind: 'radio', label: 'For how long?', options: DURATIONS_MONTHS.map((d) => ({ value: String(d), text: `${d} months` })), selected: [first(form, 'durationMonths', '6')], error: errors.get('durationMonths') })}
<p class="govuk-body">When you accept, we email you both an introduction with each other’s contact details.</p>
${button('Accept this mentee')}
</form>
<p class="govuk-body">To decline instead, use the Decline button in the email.</p>`),
    });
  },
  input: {
    schema: AcceptInput,
    fromForm: (form) => ({ rhythm: form.get('rhythm')?.[0], durationMonths: form.get('durationMonths')?.[0] }),
  },
  perform: async (link, answer, deps) => {
    const view = await acceptProposal(link.token, answer, deps);
    deps.metrics.count(METRIC.ProposalsAccepted);
    return layout({
      title: 'Mentee accepted',
      content: column(html`${confirmationPanel('Mentee accepted', `We have introduced you to ${view.mentee.name} by email`)}
<p class="govuk-body">Check your inbox for the introduction. ${view.mentee.name} has the same email with your details.</p>`),
    });
  },
});

const decline = actionRoutes({
  id: 'decline',
  permissions: PERMISSIONS,
  preview: (link, deps) => previewDecline(link.token, deps),
  confirmPage: (view, token, form) => {
    const errors = errorsByField(form?.errors ?? [], (p) => p || 'reason');
    return layout({
      title: `Decline ${view.mentee.name}`,
      hasErrors: errors.size > 0,
      content: column(html`${summaryOf(errors)}
<h1 class="govuk-heading-l">Decline ${view.mentee.name}</h1>
<p class="govuk-body">We will not propose ${view.mentee.name} to you again, and we will look for another mentor for them.</p>
<form method="post" action="/decline" novalidate>${tokenField(token)}
${textarea({ id: 'reason', name: 'reason', label: 'Why are you declining? (optional)', hint: 'This helps us make better matches. The mentee will not see it.', value: first(form, 'reason'), error: errors.get('reason'), rows: 3 })}
${button('Decline this mentee', { secondary: true })}
</form>`),
    });
  },
  input: { schema: DeclineInput, fromForm: (form) => ({ reason: form.get('reason')?.[0] }) },
  perform: async (link, answer, deps) => {
    const view = await declineProposal(link.token, answer, deps);
    deps.metrics.count(METRIC.ProposalsDeclined);
    return layout({ title: 'Proposal declined', content: column(html`${confirmationPanel('Proposal declined', 'Thank you for letting us know')}<p class="govuk-body">We will find another mentor for ${view.mentee.name}.</p>`) });
  },
});

const end = actionRoutes({
  id: 'end',
  permissions: PERMISSIONS,
  preview: (link, deps) => previewEnd(link.token, deps),
  confirmPage: (view, token) => {
    const other = view.role === 'mentee' ? view.mentor : view.mentee;
    return layout({
      title: 'End this mentoring match',
      content: column(html`<h1 class="govuk-heading-l">End your match with ${other.name}</h1>
<p class="govuk-body">Ending the match tells us you are no longer meeting. We will ask you both one question about how useful it was.</p>
${actionForm('end', token, 'End this match', { warning: true })}`),
    });
  },
  perform: async (link, _input, deps) => {
    await endMatch(link.token, deps);
    return layout({ title: 'Match ended', content: column(html`${confirmationPanel('Match ended', 'We have emailed you both one question about it')}`) });
  },
});

const pause = actionRoutes({
  id: 'pause',
  permissions: PERMISSIONS,
  preview: (link, deps) => previewPause(link.token, deps),
  confirmPage: (profile, token) =>
    layout({
      title: 'Pause new proposals',
      content: column(html`<h1 class="govuk-heading-l">Pause new proposals</h1>
<p class="govuk-body">While paused, ${profile.name}, you will not be proposed any new mentees. Your current mentees are not affected. We will email you a link to resume.</p>
${actionForm('pause', token, 'Pause new proposals')}`),
    }),
  perform: async (link, _input, deps) => {
    await pauseMentor(link.token, deps);
    return layout({ title: 'Proposals paused', content: column(html`${confirmationPanel('Proposals paused', 'We have emailed you a link to resume')}`) });
  },
});

const resume = actionRoutes({
  id: 'resume',
  permissions: PERMISSIONS,
  preview: (link, deps) => previewResume(link.token, deps),
  confirmPage: (profile, token) =>
    layout({
      title: 'Resume new proposals',
      content: column(html`<h1 class="govuk-heading-l">Resume new proposals</h1>
<p class="govuk-body">${profile.name}, you will be included in the next matching round.</p>
${actionForm('resume', token, 'Resume new proposals')}`),
    }),
  perform: async (link, _input, deps) => {
    await resumeMentor(link.token, deps);
    return layout({ title: 'Proposals resumed', content: column(html`${confirmationPanel('Proposals resumed', 'You will be included in the next matching round')}`) });
  },
});

const feedback = actionRoutes({
  id: 'feedback',
  permissions: PERMISSIONS,
  preview: (link, deps) => previewFeedback(link.token, deps),
  confirmPage: (_view, token, form) => {
    const errors = errorsByField(form?.errors ?? [], (p) => p || 'rating');
    return layout({
      title: 'How useful was this mentoring?',
      hasErrors: errors.size > 0,
      content: column(html`${summaryOf(errors)}
<form method="post" action="/feedback" novalidate>${tokenField(token)}
${choices({ id: 'rating', name: 'rating', kind: 'radio', legendSize: 'm', label: 'How useful was this mentoring?', options: [5, 4, 3, 2, 1].map((n) => ({ value: String(n), text: `${n} – ${['', 'Not useful', 'Slightly useful', 'Quite useful', 'Very useful', 'Extremely useful'][n]}` })), selected: [first(form, 'rating')], error: errors.get('rating') })}
${textarea({ id: 'comment', name: 'comment', label: 'Anything else you want to tell us? (optional)', value: first(form, 'comment'), error: errors.get('comment'), rows: 4 })}
${button('Send')}
</form>`),
    });
  },
  input: {
    schema: FeedbackInput,
    fromForm: (form) => ({ rating: form.get('rating')?.[0], comment: form.get('comment')?.[0] || undefined }),
  },
  perform: async (link, answer, deps) => {
    await submitFeedback(link.token, answer, deps);
    return layout({ title: 'Thank you', content: column(html`${confirmationPanel('Thank you', 'Your answer helps us improve the programme')}`) });
  },
});

export const [acceptPage, acceptAction] = [accept.page, accept.action];
export const [declinePage, declineAction] = [decline.page, decline.action];
export const [endPage, endAction] = [end.page, end.action];
export const [pausePage, pauseAction] = [pause.page, pause.action];
export const [resumePage, resumeAction] = [resume.page, resume.action];
export const [feedbackPage, feedbackAction] = [feedback.page, feedback.action];
