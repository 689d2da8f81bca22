/** What every admin page has around its content: the admin area's links, who is signed in, and the way out. */
import { html, type SafeHtml } from '../../shared/domain/html';
import type { AdminUser } from '../http/types';
import { button, layout } from '../web/layout';

export const ADMIN_LINKS = [
  { href: '/admin', text: 'Home' },
  { href: '/admin/people', text: 'People and matches' },
  { href: '/admin/proposals', text: 'Open proposals' },
  { href: '/admin/weights', text: 'Matching weights' },
  { href: '/admin/exports', text: 'Downloads (CSV)' },
  { href: '/admin/audit', text: 'Audit log' },
] as const;

export function adminNav(): SafeHtml {
  // One line of links (inline text, so no style attribute the pages' CSP would refuse).
  return html`<nav aria-label="Admin area"><p class="govuk-body">${ADMIN_LINKS.map(
    (l, i) => html`${i > 0 ? ' · ' : ''}<a class="govuk-link govuk-link--no-visited-state" href="${l.href}">${l.text}</a>`,
  )}</p></nav>`;
}

/** Every admin page: who is signed in, and the way out. */
export function adminLayout(o: { title: string; user: AdminUser; content: SafeHtml; hasErrors?: boolean }): SafeHtml {
  return layout({
    title: o.title,
    hasErrors: o.hasErrors,
    content: html`<div class="govuk-grid-row"><div class="govuk-grid-column-full">
${adminNav()}
<p class="govuk-body-s">Signed in as ${o.user.email ?? o.user.subject}</p>
<form method="post" action="/admin/logout" novalidate class="govuk-!-margin-bottom-6">${button('Sign out', { secondary: true })}</form>
${o.content}
</div></div>`,
  });
}
