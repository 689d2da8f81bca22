/**
 * Emails caused by a programme admin's action: a proposal withdrawn, a
 * mentor paused. Fixed subjects; every user value escaped; neither names
 * the mentee.
 */
import { button, layout } from './emails';
import { html } from './html';
import type { Match } from './match';
import type { OutgoingEmail } from './outbox';
import type { Profile } from './profile';

const dateText = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

export function proposalWithdrawnEmail(p: { mentor: Profile; match: Match; erase: string }): OutgoingEmail {
  const what = `The programme team has withdrawn the mentee we proposed to you on ${dateText(p.match.proposedAt)}. You do not need to do anything, and the buttons in that email no longer work.`;
  return layout({
    to: p.mentor.email,
    template: 'proposal-withdrawn',
    subject: 'A proposed mentee has been withdrawn',
    heading: 'A proposed mentee has been withdrawn',
    eraseUrl: p.erase,
    html: html`<p>Hello ${p.mentor.name},</p><p>${what}</p><p>You stay in the programme, and we will propose someone else in a coming matching round if you have a free place.</p>`,
    text: `Hello ${p.mentor.name},\n\n${what}\n\nYou stay in the programme, and we will propose someone else in a coming matching round if you have a free place.`,
  });
}

export function pausedByAdminEmail(p: { mentor: Profile; resume: string; erase: string }): OutgoingEmail {
  const why = 'The programme team has paused your mentor profile, so we will not propose new mentees for now. Your current mentees are not affected.';
  return layout({
    to: p.mentor.email,
    template: 'paused-admin',
    subject: 'We have paused your mentor profile',
    heading: 'Your profile is paused',
    eraseUrl: p.erase,
    html: html`<p>Hello ${p.mentor.name},</p><p>${why}</p><p>When you are ready for new mentees again:</p>
${button(p.resume, 'Resume new proposals')}`,
    text: `Hello ${p.mentor.name},\n\n${why}\n\nResume new proposals: ${p.resume}`,
  });
}
