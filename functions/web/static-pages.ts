/** Pages with no state: the start page and the privacy notice. */
import { html } from '../../shared/domain/html';
import { page } from '../http/responses';
import { defineRoute } from '../http/types';
import { layout } from './layout';

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
<p class="govuk-body-l">Mentor Match pairs aspiring digital leaders in UK councils with experienced digital leaders from other councils.</p>
<p class="govuk-body">We match people by the skills they want to develop or can offer, their seniority, and where they are. Mentors always come from a different council from their mentee.</p>
<h2 class="govuk-heading-m">How it works</h2>
<ol class="govuk-list govuk-list--number">
<li>Fill in a short form about yourself. It takes about 10 minutes.</li>
<li>Confirm your email address from the link we send you.</li>
<li>We propose matches regularly. Mentors accept or decline each proposal by email.</li>
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

export const privacy = defineRoute({
  id: 'privacy',
  surface: 'pages',
  method: 'GET',
  path: '/privacy',
  access: 'public',
  answers: 'page',
  input: { from: 'none' },
  permissions: [],
  async handle() {
    return page(
      200,
      layout({
        title: 'Privacy notice',
        content: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-l">Privacy notice</h1>
<p class="govuk-body">Socitm runs Mentor Match and is the data controller for the details you give us.</p>
<h2 class="govuk-heading-m">What we collect</h2>
<p class="govuk-body">Your name, work email address, council, job title, seniority, the skills you want to develop or can offer, how you would like to meet, how many mentees you can take (mentors), and what you write about your goals or experience.</p>
<h2 class="govuk-heading-m">Why we use it</h2>
<p class="govuk-body">To match mentees with mentors, to email you about proposed and agreed matches, and to produce anonymous reports about the programme. Our lawful basis is your consent, which you can withdraw at any time.</p>
<h2 class="govuk-heading-m">Who sees it</h2>
<p class="govuk-body">A mentor sees a proposed mentee’s name, council, role, goals and skills wanted. When a match is accepted, both people see each other’s name, council, role and email address. Socitm programme admins see profiles and matches to run the programme.</p>
<h2 class="govuk-heading-m">How long we keep it</h2>
<p class="govuk-body">If you do not confirm your email address, we delete your details after 7 days. Otherwise we keep your profile until you delete it or the programme ends.</p>
<h2 class="govuk-heading-m">Your rights</h2>
<p class="govuk-body">Every email we send has a link to delete your profile and everything stored with it. You can also ask Socitm for a copy of your data or to correct it.</p>
</div></div>`,
      }),
    );
  },
});
