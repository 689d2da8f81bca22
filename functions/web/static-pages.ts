/** Pages with no state: the start page, the accessibility statement and the privacy notice. */
import { html, SafeHtml } from '../../shared/domain/html';
import { CONFIRM_LINK_DAYS, PENDING_PROFILE_TTL_DAYS } from '../../shared/domain/profile-status';
import { page } from '../http/responses';
import { defineRoute } from '../http/types';
import { column, layout, table } from './layout';

export const start = defineRoute({
  id: 'start',
  surface: 'pages',
  method: 'GET',
  path: '/',
  access: 'public',
  answers: 'page',
  input: { from: 'none' },
  permissions: [],
  async handle() {
    return page(
      200,
      layout({
        title: 'Find a mentor or become one',
        content: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-xl">Find a mentor or become one</h1>
<p class="govuk-body-l">Mentor Match helps people in UK councils who want to lead digital work. We pair them with a mentor: a digital leader from another council.</p>
<p class="govuk-body">We match people by the skills they want to develop or can offer, their seniority, and where they are. Mentors always come from a different council from their mentee.</p>
<h2 class="govuk-heading-m">How it works</h2>
<ol class="govuk-list govuk-list--number">
<li>Fill in a short form about yourself. It takes about 10 minutes.</li>
<li>Confirm your email address from the link we send you.</li>
<li>We look for matches often. A mentor says yes or no to each match by email.</li>
<li>When a mentor accepts, we introduce you both by email.</li>
</ol>
<h2 class="govuk-heading-m">Start</h2>
<a href="/apply/mentee" role="button" draggable="false" class="govuk-button govuk-button--start" data-module="govuk-button">I want a mentor<svg class="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false"><path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z"/></svg></a>
<p class="govuk-body"><a class="govuk-link" href="/apply/mentor">I want to be a mentor</a></p>
<p class="govuk-body">You can delete your profile at any time from a link in any email we send you.</p>
</div></div>`,
      }),
    );
  },
});

/** Headings and paragraphs of a two-thirds page; a paragraph may be SafeHtml for links and lists. */
function prose(title: string, parts: (SafeHtml | string)[]) {
  return layout({
    title,
    content: column(html`<h1 class="govuk-heading-l">${title}</h1>
${parts.map((p) => (p instanceof SafeHtml ? p : html`<p class="govuk-body">${p}</p>`))}`),
  });
}
const h2 = (text: string) => html`<h2 class="govuk-heading-m">${text}</h2>`;
const list = (items: string[]) => html`<ul class="govuk-list govuk-list--bullet">${items.map((i) => html`<li>${i}</li>`)}</ul>`;
const mailto = (address: string) => html`<a class="govuk-link" href="mailto:${address}">${address}</a>`;

/** Every period the code keeps something for (shared/domain/profile-status.ts, the outbox, logs, backups). */
const RETENTION: string[][] = [
  ['A profile you have not confirmed', `${PENDING_PROFILE_TTL_DAYS} days, then we delete it`],
  ['New details you have not confirmed', `${CONFIRM_LINK_DAYS} days, then we delete them`],
  ['Your profile and matches', 'Until you delete your profile, or the programme ends'],
  ['A record of each email we sent you (not its content)', '30 days'],
  ['Service logs (no form answers in them)', '3 months'],
  ['Backups of the database', '35 days after a change or deletion'],
  ['Failed background tasks', '14 days'],
  ['A code made from an address whose emails bounced (not the address)', 'While the service runs, so we do not email it again'],
];

export const accessibility = defineRoute({
  id: 'accessibility',
  surface: 'pages',
  method: 'GET',
  path: '/accessibility',
  access: 'public',
  answers: 'page',
  input: { from: 'none' },
  permissions: [],
  async handle(_input, { deps }) {
    return page(
      200,
      prose('Accessibility statement for Mentor Match', [
        'This statement is about the Mentor Match website and the emails it sends. Socitm runs Mentor Match.',
        'We want as many people as we can to be able to use it. For example, you should be able to:',
        list([
          'change colours, contrast and fonts in your browser or device settings',
          'zoom in up to 400% without the text spilling off the screen',
          'use the whole service with just a keyboard',
          'use the whole service with speech software',
          'listen to the whole service with a screen reader',
          'fill in the forms without JavaScript',
        ]),
        html`<p class="govuk-body">If you have a disability, AbilityNet has <a class="govuk-link" href="https://mcmw.abilitynet.org.uk/">advice on making your device easier to use</a>.</p>`,
        h2('How accessible this website is'),
        'We know some parts of this website are not fully accessible:',
        list([
          'when JavaScript is on, the council picker suggests names as you type. Some older screen readers may not read out the suggestions. Without JavaScript it is a normal list',
          'emails look different in each email app, and we cannot try them in every app',
        ]),
        h2('Feedback and contact information'),
        html`<p class="govuk-body">If you need this website in another form, such as large print or audio, email ${mailto(deps.config.mailFrom)}. We will reply within 5 working days.</p>`,
        h2('Reporting accessibility problems with this website'),
        html`<p class="govuk-body">We always want to make this website easier to use. If you find a problem that is not on this page, or you think we do not meet the rules, email ${mailto(deps.config.mailFrom)}.</p>`,
        h2('Enforcement procedure'),
        html`<p class="govuk-body">The Equality and Human Rights Commission (EHRC) enforces the rules for public sector websites. They are the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If you are not happy with how we answer your complaint, <a class="govuk-link" href="https://www.equalityadvisoryservice.com/">contact the Equality Advisory and Support Service (EASS)</a>.</p>`,
        h2('Technical information about this website’s accessibility'),
        'Socitm wants this website to meet the rules, and to be easy for everyone to use.',
        html`<h3 class="govuk-heading-s">Compliance status</h3>`,
        'This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, because of the problem listed below.',
        html`<h3 class="govuk-heading-s">Non-accessible content</h3>`,
        'This part of the site is not fully accessible, for this reason.',
        list([
          'Some older screen readers may not read out the council names it suggests as you type. For them, this fails WCAG 2.2 rule 4.1.3 (status messages). You can still type the full name of your council',
        ]),
        h2('What we are doing to improve accessibility'),
        'Tools test every page each time we change the service. We will test it with disabled people before the pilot ends.',
        h2('Preparation of this accessibility statement'),
        'This statement was prepared on 3 December 2026. It was last reviewed on 3 December 2026.',
        'Each time the service changes, tools test every page and email:',
        list([
          'axe-core checks each page against WCAG 2.2 A and AA',
          'we check that no page needs scrolling sideways at 320 pixels wide',
          'we fill in the whole form with only a keyboard, and check you can always see where you are',
          'we check that buttons and links are big enough to tap',
          'we check the emails on a phone screen, and the plain text of each one',
          'we score every page and email for plain English',
        ]),
      ]),
    );
  },
});

export const privacy = defineRoute({
  id: 'privacy',
  surface: 'pages',
  method: 'GET',
  path: '/privacy',
  access: 'public',
  answers: 'page',
  input: { from: 'none' },
  permissions: [],
  async handle(_input, { deps }) {
    return page(
      200,
      prose('Privacy notice', [
        'Socitm runs Mentor Match. Its full name is the Society for Innovation, Technology and Modernisation. Socitm is the data controller for the details you give us. This means we decide how they are used and we must keep them safe.',
        html`<p class="govuk-body">To contact us about your data, email ${mailto(deps.config.mailFrom)}.</p>`,
        h2('What we collect'),
        'Your name, work email address, council, job title and level. The skills you want to develop or can offer. How you would like to meet. How many mentees you can take, if you are a mentor. What you write about your goals or experience.',
        h2('Why we use it'),
        'We use your details to match mentees with mentors and to email you about matches. We also count how the programme is going, in reports that name nobody.',
        h2('Our lawful basis'),
        'Our lawful basis is your consent (UK GDPR Article 6(1)(a)). You give it when you tick the box on the form. You can take it back at any time by deleting your profile.',
        h2('Who sees it'),
        'A mentor sees the name, council, role, goals and wanted skills of a mentee we propose. When a mentor accepts, both people see each other’s name, council, role and email address. Socitm’s programme team sees profiles and matches to run the programme.',
        'We store your details with Amazon Web Services in London, and we send emails through Amazon’s email service. They process data only on our instructions.',
        h2('How long we keep it'),
        table({ caption: 'How long we keep your details', head: ['What', 'How long'], rows: RETENTION }),
        h2('Your rights'),
        'You have the right to:',
        list([
          'delete your profile and everything stored with it, from the link in any email we send you',
          'take back your consent at any time, in the same way',
          'ask for a copy of your data',
          'ask us to correct your data. You can also send the form again with the same email address, and we will ask you to confirm the changes',
          'ask us to limit how we use your data, or object to how we use it',
        ]),
        html`<p class="govuk-body">If you are unhappy with how we use your data, email us first. You can also <a class="govuk-link" href="https://ico.org.uk/make-a-complaint/">complain to the Information Commissioner’s Office (ICO)</a>.</p>`,
      ]),
    );
  },
});
