/**
 * Email templates. Subjects are fixed text (no user input ever reaches a
 * header); bodies escape every user value through the html`` builder. Each
 * email has an HTML part for mail apps and a plain-text part for the rest.
 */
import { councilByCode, FORMATS, seniorityById, skillById } from '../reference';
import { html, type SafeHtml } from './html';
import type { OutgoingEmail } from './outbox';
import type { ProfileSubmission } from './profile';

export const SERVICE_NAME = 'Mentor Match';

export interface Layout {
  to: string;
  template: string;
  subject: string;
  heading: string;
  /** Paragraphs and blocks of the HTML body. */
  html: SafeHtml;
  text: string;
  eraseUrl?: string;
}

export function layout(l: Layout): OutgoingEmail {
  const footerHtml = l.eraseUrl
    ? html`<p style="font-size:14px;color:#505a5f">You are getting this email because someone entered this address on the ${SERVICE_NAME} form. Socitm runs ${SERVICE_NAME}.
 If you do not want to take part, <a href="${l.eraseUrl}" style="color:#1d70b8">delete my profile and data</a>.</p>`
    : html`<p style="font-size:14px;color:#505a5f">${SERVICE_NAME} is run by Socitm.</p>`;
  const footerText = l.eraseUrl
    ? `You are getting this email because someone entered this address on the ${SERVICE_NAME} form. Socitm runs ${SERVICE_NAME}.\nTo delete your profile and data, open: ${l.eraseUrl}`
    : `${SERVICE_NAME} is run by Socitm.`;
  const body = html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${l.subject}</title></head>
<body style="margin:0;padding:0;background:#f3f2f1;font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;font-size:19px;line-height:1.4">
<div style="max-width:600px;margin:0 auto;background:#ffffff;padding:24px 20px">
<p style="margin:0 0 16px;font-weight:bold;font-size:16px;border-bottom:6px solid #1d70b8;padding-bottom:8px">${SERVICE_NAME}</p>
<h1 style="font-size:28px;margin:0 0 16px">${l.heading}</h1>
${l.html}
<hr style="border:0;border-top:1px solid #b1b4b6;margin:24px 0">
${footerHtml}
</div></body></html>`;
  return {
    to: l.to,
    template: l.template,
    subject: l.subject,
    html: body.value,
    text: `${l.heading}\n\n${l.text.trim()}\n\n---\n${footerText}\n`,
  };
}

export function button(url: string, label: string, colour = '#00703c'): SafeHtml {
  return html`<p style="margin:24px 0"><a href="${url}" style="display:inline-block;background:${colour};color:#ffffff;text-decoration:none;font-weight:bold;padding:12px 20px;border-radius:0;box-shadow:0 2px 0 #002d18">${label}</a></p>
<p style="font-size:14px;color:#505a5f">If the button does not work, copy this link into your browser:<br><span style="word-break:break-all">${url}</span></p>`;
}

export interface Row {
  label: string;
  value: string;
}

/** A readable summary of a submission, for emails that ask someone to check it. */
export function describeSubmission(s: ProfileSubmission): Row[] {
  const council = councilByCode.get(s.councilCode);
  const rows = [
    { label: 'Role', value: s.role === 'mentee' ? 'Mentee' : 'Mentor' },
    { label: 'Name', value: s.name },
    { label: 'Council', value: council ? `${council.name} (${council.region})` : s.councilCode },
    { label: 'Job title', value: s.jobTitle },
    { label: 'Level', value: seniorityById.get(s.seniority)?.name ?? s.seniority },
    {
      label: s.role === 'mentee' ? 'Skills you want to develop (in order)' : 'Skills you offer',
      value: s.skills.map((id) => skillById.get(id)?.name ?? id).join(', '),
    },
    { label: 'How to meet', value: FORMATS.find((f) => f.id === s.format)?.name ?? s.format },
  ];
  if (s.role === 'mentor') rows.push({ label: 'Mentees you can take', value: String(s.capacity) });
  rows.push(s.role === 'mentee' ? { label: 'Goals', value: s.goals } : { label: 'Experience', value: s.experience });
  return rows;
}

/** Label and value rows as an email table; values keep their line breaks. */
export function rowsHtml(rows: Row[]): SafeHtml {
  return html`<table role="presentation" style="width:100%;border-collapse:collapse;font-size:16px">${rows.map(
    (r) =>
      html`<tr><th scope="row" style="text-align:left;vertical-align:top;padding:6px 12px 6px 0;border-bottom:1px solid #b1b4b6;width:40%">${r.label}</th><td style="padding:6px 0;border-bottom:1px solid #b1b4b6;white-space:pre-wrap">${r.value}</td></tr>`,
  )}</table>`;
}

export const rowsText = (rows: Row[]): string => rows.map((r) => `${r.label}: ${r.value}`).join('\n');

const summaryHtml = (s: ProfileSubmission) => rowsHtml(describeSubmission(s));
const summaryText = (s: ProfileSubmission) => rowsText(describeSubmission(s));

export function verifyEmail(p: {
  submission: ProfileSubmission;
  confirmUrl: string;
  eraseUrl: string;
  linkDays: number;
}): OutgoingEmail {
  const s = p.submission;
  return layout({
    to: s.email,
    template: 'verify-email',
    subject: `Confirm your email address for ${SERVICE_NAME}`,
    heading: 'Confirm your email address',
    eraseUrl: p.eraseUrl,
    html: html`<p>Hello ${s.name},</p>
<p>Thank you for signing up to ${SERVICE_NAME} as a ${s.role}. Confirm your email address so we can start ${s.role === 'mentee' ? 'looking for a mentor for you' : 'matching you with mentees'}.</p>
${button(p.confirmUrl, 'Confirm my email address')}
<p>This link works for ${p.linkDays} days. If you do not confirm, we delete your details after that.</p>
<h2 style="font-size:22px">What you told us</h2>
${summaryHtml(s)}`,
    text: `Hello ${s.name},

Thank you for signing up to ${SERVICE_NAME} as a ${s.role}. Confirm your email address by opening this link:
${p.confirmUrl}

This link works for ${p.linkDays} days. If you do not confirm, we delete your details after that.

What you told us:
${summaryText(s)}`,
  });
}

export function confirmUpdateEmail(p: {
  submission: ProfileSubmission;
  confirmUrl: string;
  eraseUrl: string;
  linkDays: number;
}): OutgoingEmail {
  const s = p.submission;
  return layout({
    to: s.email,
    template: 'confirm-update',
    subject: `Confirm the changes to your ${SERVICE_NAME} profile`,
    heading: 'Confirm the changes to your profile',
    eraseUrl: p.eraseUrl,
    html: html`<p>Someone, probably you, sent new details for the ${s.role} profile that uses this email address. We have not changed anything yet.</p>
<p>If these details are right, confirm them. If you did not ask for this, ignore this email and your profile stays as it is.</p>
${button(p.confirmUrl, 'Confirm the changes')}
<p>This link works for ${p.linkDays} days.</p>
<h2 style="font-size:22px">The new details</h2>
${summaryHtml(s)}`,
    text: `Someone, probably you, sent new details for the ${s.role} profile that uses this email address. We have not changed anything yet.

If these details are right, confirm them by opening this link:
${p.confirmUrl}

If you did not ask for this, ignore this email and your profile stays as it is. This link works for ${p.linkDays} days.

The new details:
${summaryText(s)}`,
  });
}

export function erasureDoneEmail(p: { to: string }): OutgoingEmail {
  return layout({
    to: p.to,
    template: 'erasure-done',
    subject: `Your ${SERVICE_NAME} profile has been deleted`,
    heading: 'Your profile has been deleted',
    html: html`<p>We have deleted your ${SERVICE_NAME} profile and the details stored with it. We will not email you again unless you sign up again.</p>`,
    text: `We have deleted your ${SERVICE_NAME} profile and the details stored with it. We will not email you again unless you sign up again.`,
  });
}
