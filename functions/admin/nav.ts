/** The admin area's links, at the top of every admin page. */
import { html, type SafeHtml } from '../../shared/domain/html';

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
