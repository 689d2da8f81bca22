/** The HTML side of intake: the form, "check your email", and the signed-link confirmations. */
import * as z from 'zod';
import { eraseProfile, previewErase } from '../../shared/app/erasure';
import { confirmEmail, confirmUpdate, previewConfirmEmail, previewConfirmUpdate, receiveSubmission } from '../../shared/app/intake';
import { describeSubmission } from '../../shared/domain/emails';
import { html } from '../../shared/domain/html';
import { ProfileSubmissionInput, ROLES, type Role } from '../../shared/domain/profile';
import { ERROR_TABLE } from '../http/errors';
import { page, seeOther } from '../http/responses';
import { defineRoute, type FormFields, type HttpRequest, type RejectedInput, type RouteContext } from '../http/types';
import { actionRoutes } from '../web/action-page';
import { actionForm, column, confirmationPanel, layout, messagePage, summaryList } from '../web/layout';
import { renderCheckAnswers, renderProfileForm, submissionFromForm } from './profile-form';

const RolePath = z.object({ role: z.enum(ROLES) });

function roleOf(request: HttpRequest): Role | undefined {
  return ROLES.find((r) => r === request.params.role);
}

const notFound = () => {
  const { title, paragraphs } = ERROR_TABLE.NotFound.page!;
  return page(404, messagePage(title, paragraphs));
};

export const applyForm = defineRoute({
  id: 'apply-form',
  surface: 'pages',
  method: 'GET',
  path: '/apply/{role}',
  access: 'public',
  answers: 'page',
  input: { from: 'query', schema: RolePath },
  permissions: [],
  // Only two forms exist: any other address is a missing page, not a bad request.
  invalid: notFound,
  async handle({ role }) {
    return page(200, renderProfileForm(role, new Map()));
  },
});

/** The form's fields as posted, for routes that carry answers on (the role always comes from the address). */
const submissionInput = {
  from: 'form' as const,
  schema: ProfileSubmissionInput,
  fromForm: (fields: FormFields, request: HttpRequest) => submissionFromForm(roleOf(request) ?? ('' as Role), fields),
};

/** Answers that fail the schema: the form again with its error summary, or a missing page for an unknown role. */
function formAgain({ errors, fields }: RejectedInput, { request }: RouteContext) {
  const role = roleOf(request);
  return role ? page(400, renderProfileForm(role, fields, errors)) : notFound();
}

/** The form's Continue: checks the answers with the API's schema and shows them to check; nothing is stored. */
export const applySubmit = defineRoute({
  id: 'apply-submit',
  surface: 'pages',
  method: 'POST',
  path: '/apply/{role}',
  access: 'public',
  answers: 'page',
  input: submissionInput,
  permissions: [],
  invalid: formAgain,
  async handle(submission, { request }) {
    if (!roleOf(request)) return notFound();
    return page(200, renderCheckAnswers(submission));
  },
});

/**
 * Check your answers' Change buttons: the form again with the carried
 * answers in it (unchecked: they are only shown, and the form checks them
 * again on Continue). The button's #field takes the person to the question.
 */
export const applyChange = defineRoute({
  id: 'apply-change',
  surface: 'pages',
  method: 'POST',
  path: '/apply/{role}/change',
  access: 'public',
  answers: 'page',
  input: { from: 'form', schema: z.object({ fields: z.map(z.string(), z.array(z.string())) }), fromForm: (fields) => ({ fields }) },
  permissions: [],
  invalid: notFound,
  async handle({ fields }, { request }) {
    const role = roleOf(request);
    return role ? page(200, renderProfileForm(role, fields)) : notFound();
  },
});

/**
 * Check your answers' Send: the carried answers are parsed again with the
 * same schema (hidden fields can be changed by anyone), then received as
 * the API does it: the same answer, in the same time, whatever the address.
 */
export const applySend = defineRoute({
  id: 'apply-send',
  surface: 'pages',
  method: 'POST',
  path: '/apply/{role}/send',
  access: 'public',
  answers: 'page',
  input: submissionInput,
  permissions: ['table:write'],
  invalid: formAgain,
  async handle(submission, { request, deps }) {
    if (!roleOf(request)) return notFound();
    await receiveSubmission(submission, deps);
    // Post/redirect/get: a refresh does not send the form twice.
    return seeOther('/check-email');
  },
});

export const checkEmail = defineRoute({
  id: 'check-email',
  surface: 'pages',
  method: 'GET',
  path: '/check-email',
  access: 'public',
  answers: 'page',
  input: { from: 'none' },
  permissions: [],
  async handle() {
    return page(
      200,
      layout({
        title: 'Check your email',
        content: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-l">Check your email</h1>
<p class="govuk-body">We have sent an email to the address you gave. Open the link in it to confirm your email address.</p>
<p class="govuk-body">The link works for 7 days. If you do not confirm, we delete your details.</p>
<div class="govuk-inset-text">If you already have a profile with this email address, we have sent a link to confirm the changes instead. Nothing changes until you confirm.</div>
<h2 class="govuk-heading-m">If the email does not arrive</h2>
<p class="govuk-body">Check your spam or junk folder. If it is not there after 30 minutes, <a class="govuk-link" href="/">fill in the form again</a>.</p>
</div></div>`,
      }),
    );
  },
});

const confirmEmailRoutes = actionRoutes({
  id: 'confirm-email',
  permissions: ['table:write', 'signing-key'],
  preview: (link, deps) => previewConfirmEmail(link.token, deps),
  confirmPage: (profile, token) =>
    layout({
      title: 'Confirm your email address',
      content: column(html`<h1 class="govuk-heading-l">Confirm your email address</h1>
<p class="govuk-body">Hello ${profile.name}. Confirm your email address to join ${profile.role === 'mentee' ? 'the programme as a mentee' : 'the programme as a mentor'}.</p>
${actionForm('confirm-email', token, 'Confirm my email address')}`),
    }),
  perform: async (link, _input, deps) => {
    const profile = await confirmEmail(link.token, deps);
    return layout({
      title: 'Email address confirmed',
      content: column(html`${confirmationPanel('Email address confirmed', 'Your profile is now active')}
<h2 class="govuk-heading-m">What happens next</h2>
<p class="govuk-body">${
        profile.role === 'mentee'
          ? 'We match mentees with mentors regularly. When we find a mentor for you and they accept, we will email you both an introduction.'
          : 'When we find a mentee who fits what you offer, we will email you their details. You can then accept or decline.'
      }</p>
<p class="govuk-body">Every email we send has a link to delete your profile if you change your mind.</p>`),
    });
  },
});
export const confirmEmailPage = confirmEmailRoutes.page;
export const confirmEmailAction = confirmEmailRoutes.action;

const confirmUpdateRoutes = actionRoutes({
  id: 'confirm-update',
  permissions: ['table:write', 'signing-key'],
  preview: (link, deps) => previewConfirmUpdate(link.token, deps),
  confirmPage: (update, token) =>
    layout({
      title: 'Confirm the changes to your profile',
      content: column(html`<h1 class="govuk-heading-l">Confirm the changes to your profile</h1>
<p class="govuk-body">Check the new details. Your profile changes only when you confirm.</p>
${summaryList(describeSubmission(update.submission))}
${actionForm('confirm-update', token, 'Confirm the changes')}`),
    }),
  perform: async (link, _input, deps) => {
    await confirmUpdate(link.token, deps);
    return layout({ title: 'Profile updated', content: column(confirmationPanel('Profile updated', 'We will use your new details from the next matching round')) });
  },
});
export const confirmUpdatePage = confirmUpdateRoutes.page;
export const confirmUpdateAction = confirmUpdateRoutes.action;

const eraseRoutes = actionRoutes({
  id: 'erase',
  permissions: ['table:write', 'signing-key'],
  preview: (link, deps) => previewErase(link.token, deps),
  confirmPage: (profile, token) =>
    layout({
      title: 'Delete your profile',
      content: column(html`<h1 class="govuk-heading-l">Delete your profile</h1>
<p class="govuk-body">This deletes your ${profile.role} profile and everything we hold about you in Mentor Match. You cannot undo this.</p>
<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span><strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span> We will send one last email to confirm the deletion.</strong></div>
${actionForm('erase', token, 'Delete my profile', { warning: true })}`),
    }),
  perform: async (link, _input, deps) => {
    await eraseProfile(link.token, deps);
    return layout({ title: 'Your profile has been deleted', content: column(confirmationPanel('Your profile has been deleted', 'We have deleted your details')) });
  },
});
export const erasePage = eraseRoutes.page;
export const eraseAction = eraseRoutes.action;
