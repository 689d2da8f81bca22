/**
 * Emails of the match lifecycle: the proposal to a mentor (and its
 * reminder), the introduction to both people, the pause notice, and the
 * feedback request when a match ends. Fixed subjects; every user value escaped.
 */
import { councilByCode, FORMATS, seniorityById, skillById } from '../reference';
import { button, layout, rowsHtml, rowsText } from './emails';
import { html } from './html';
import { RHYTHMS, type Match, reasonText } from './match';
import type { OutgoingEmail } from './outbox';
import type { Profile } from './profile';

const councilName = (p: Profile) => councilByCode.get(p.councilCode)?.name ?? p.councilCode;
const skillNames = (ids: readonly string[]) => ids.map((id) => skillById.get(id)?.name ?? id);
const rhythmName = (id: string | undefined) => RHYTHMS.find((r) => r.id === id)?.name.toLowerCase() ?? 'every month';
const pointsText = (points: number) => `${points > 0 ? '+' : ''}${points} points`;
const dateText = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

type Reader = 'mentee' | 'mentor';

function reasonsHtml(match: Match, reader: Reader) {
  return html`<ul style="padding-left:20px">${match.reasons.map((r) => html`<li>${reasonText(r, reader)} <span style="color:#505a5f">(${pointsText(r.points)})</span></li>`)}</ul>
<p style="font-size:16px;color:#505a5f">Match score: ${match.score} points.</p>`;
}
const reasonsText = (match: Match, reader: Reader) => `${match.reasons.map((r) => `- ${reasonText(r, reader)} (${pointsText(r.points)})`).join('\n')}\nMatch score: ${match.score} points.`;

function menteeRows(mentee: Profile) {
  return [
    { label: 'Name', value: mentee.name },
    { label: 'Council', value: `${councilName(mentee)} (${mentee.region})` },
    { label: 'Role', value: `${mentee.jobTitle}, ${seniorityById.get(mentee.seniority)?.name ?? mentee.seniority}` },
    { label: 'Skills they want to develop, most important first', value: skillNames(mentee.skills).join(', ') },
    { label: 'How they would like to meet', value: FORMATS.find((f) => f.id === mentee.format)?.name ?? mentee.format },
    { label: 'Their goals', value: mentee.role === 'mentee' ? mentee.goals : '' },
  ];
}


export interface ProposalLinks {
  accept: string;
  decline: string;
  pause: string;
  erase: string;
}

export function proposalEmail(p: { match: Match; mentee: Profile; mentor: Profile; links: ProposalLinks; reminder?: boolean }): OutgoingEmail {
  const rows = menteeRows(p.mentee);
  const by = dateText(p.match.expiresAt);
  const intro = p.reminder
    ? `This is a reminder: we suggested ${p.mentee.name} as your mentee and have not had your answer yet. If you do not answer by ${by}, the offer ends.`
    : `We think you would be a good mentor for ${p.mentee.name}. Please accept or decline by ${by}.`;
  return layout({
    to: p.mentor.email,
    template: p.reminder ? 'proposal-reminder' : 'proposal',
    subject: p.reminder ? 'Reminder: a mentee is waiting for your answer' : 'A mentee has been matched with you',
    heading: p.reminder ? 'A mentee is waiting for your answer' : 'A mentee has been matched with you',
    eraseUrl: p.links.erase,
    html: html`<p>Hello ${p.mentor.name},</p>
<p>${intro}</p>
${rowsHtml(rows)}
<h2 style="font-size:22px">Why we matched you</h2>
${reasonsHtml(p.match, 'mentor')}
${button(p.links.accept, 'Accept this mentee')}
${button(p.links.decline, 'Decline', '#505a5f')}
<p style="font-size:16px">Both buttons open a page where you confirm your answer. If you cannot take anyone for now, <a href="${p.links.pause}" style="color:#1d70b8">pause new proposals</a>.</p>`,
    text: `Hello ${p.mentor.name},

${intro}

${rowsText(rows)}

Why we matched you:
${reasonsText(p.match, 'mentor')}

Accept this mentee: ${p.links.accept}
Decline: ${p.links.decline}

If you cannot take anyone for now, pause new proposals: ${p.links.pause}`,
  });
}

export interface IntroductionLinks {
  end: string;
  erase: string;
  /** Mentors only. */
  pause?: string;
}

const FIRST_CONVERSATION = [
  'Agree how you will meet and how you will keep in touch between meetings.',
  'Talk through the goals and what success would look like by the end.',
  'Share a little about your career paths and your councils.',
  'Agree what stays between you: mentoring works best when it is confidential.',
];

export function introductionEmail(p: { match: Match; to: Profile; other: Profile; links: IntroductionLinks }): OutgoingEmail {
  const otherRole = p.other.role === 'mentor' ? 'mentor' : 'mentee';
  const rows = [
    { label: 'Name', value: p.other.name },
    { label: 'Council', value: `${councilName(p.other)} (${p.other.region})` },
    { label: 'Role', value: p.other.jobTitle },
    { label: 'Email', value: p.other.email },
  ];
  const rhythm = `Meet ${rhythmName(p.match.rhythm)} for ${p.match.durationMonths ?? 6} months.`;
  return layout({
    to: p.to.email,
    template: `introduction-${p.to.role}`,
    subject: p.to.role === 'mentee' ? 'Meet your mentor' : 'Meet your mentee',
    heading: p.to.role === 'mentee' ? 'Meet your mentor' : 'Meet your mentee',
    eraseUrl: p.links.erase,
    html: html`<p>Hello ${p.to.name},</p>
<p>${p.to.role === 'mentee' ? `${p.other.name} has accepted you as their mentee.` : `Thank you for accepting ${p.other.name} as your mentee.`} Here are your ${otherRole}’s details. ${p.to.role === 'mentee' ? 'Your mentor will get in touch, or you can write first.' : 'Please get in touch to arrange your first conversation.'}</p>
${rowsHtml(rows)}
<h2 style="font-size:22px">What you agreed</h2>
<p>${rhythm}</p>
<h2 style="font-size:22px">Why we matched you</h2>
${reasonsHtml(p.match, p.to.role)}
<h2 style="font-size:22px">Ideas for your first conversation</h2>
<ul style="padding-left:20px">${FIRST_CONVERSATION.map((t) => html`<li>${t}</li>`)}</ul>
<p style="font-size:16px">When the mentoring has run its course, or if it is not working, <a href="${p.links.end}" style="color:#1d70b8">end this match</a>.${p.links.pause ? html` To stop new proposals for a while, <a href="${p.links.pause}" style="color:#1d70b8">pause your profile</a>.` : ''}</p>`,
    text: `Hello ${p.to.name},

${p.to.role === 'mentee' ? `${p.other.name} has accepted you as their mentee.` : `Thank you for accepting ${p.other.name} as your mentee.`}

Your ${otherRole}:
${rowsText(rows)}

What you agreed: ${rhythm}

Why we matched you:
${reasonsText(p.match, p.to.role)}

Ideas for your first conversation:
${FIRST_CONVERSATION.map((t) => `- ${t}`).join('\n')}

To end this match: ${p.links.end}${p.links.pause ? `\nTo pause new proposals: ${p.links.pause}` : ''}`,
  });
}

export function pausedEmail(p: { mentor: Profile; resume: string; erase: string; reason: 'expiries' | 'request' }): OutgoingEmail {
  const why =
    p.reason === 'expiries'
      ? 'You did not answer our last 2 proposals, so we have paused your profile. We will not propose new mentees for now.'
      : 'You asked us to pause your profile. We will not propose new mentees for now.';
  return layout({
    to: p.mentor.email,
    template: `paused-${p.reason}`,
    subject: 'We have paused your mentor profile',
    heading: 'Your profile is paused',
    eraseUrl: p.erase,
    html: html`<p>Hello ${p.mentor.name},</p><p>${why} Your current mentees are not affected.</p>
${button(p.resume, 'Resume new proposals')}`,
    text: `Hello ${p.mentor.name},\n\n${why} Your current mentees are not affected.\n\nResume new proposals: ${p.resume}`,
  });
}

export function feedbackEmail(p: { to: Profile; other: Profile; feedback: string; erase: string }): OutgoingEmail {
  return layout({
    to: p.to.email,
    template: 'feedback-request',
    subject: 'Your mentoring match has ended: one question',
    heading: 'Your mentoring match has ended',
    eraseUrl: p.erase,
    html: html`<p>Hello ${p.to.name},</p><p>Your match with ${p.other.name} has ended. One question helps us improve the programme: how useful was this mentoring?</p>
${button(p.feedback, 'Answer one question')}`,
    text: `Hello ${p.to.name},\n\nYour match with ${p.other.name} has ended. One question helps us improve the programme: how useful was this mentoring?\n\nAnswer here: ${p.feedback}`,
  });
}

/** To the other person when someone in an accepted match deletes their profile. Names nobody. */
export function matchClosedEmail(p: { to: Profile; erase: string }): OutgoingEmail {
  const next =
    p.to.role === 'mentee'
      ? 'You are back in the pool, and we will propose a new mentor in a coming matching round.'
      : 'Your place is free again for a new mentee.';
  return layout({
    to: p.to.email,
    template: 'match-closed',
    subject: 'Your mentoring match has ended',
    heading: 'Your mentoring match has ended',
    eraseUrl: p.erase,
    html: html`<p>Hello ${p.to.name},</p><p>The other person in your mentoring match has left the programme and deleted their details. So your match has ended.</p><p>${next}</p>`,
    text: `Hello ${p.to.name},\n\nThe other person in your mentoring match has left the programme and deleted their details. So your match has ended.\n\n${next}`,
  });
}
