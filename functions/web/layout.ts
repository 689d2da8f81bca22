/**
 * The page template and form components, following the GOV.UK Design System
 * markup of govuk-frontend 6.6.0's Nunjucks macros, written in TypeScript
 * (tests/unit/web/govuk-parity.test.ts renders the real macros and compares).
 * Everything works without JavaScript; the scripts only enhance.
 */
import type { FieldError } from '../../shared/domain/errors';
import { html, SafeHtml } from '../../shared/domain/html';
import { SERVICE_NAME } from '../../shared/domain/emails';
import { BRAND_COLOUR, MARK_PATHS } from './brand';

export interface PageOptions {
  title: string;
  /** Prefixes the title with "Error: " as GOV.UK pages do when a form has errors. */
  hasErrors?: boolean;
  backLink?: string;
  content: SafeHtml;
  /** Scripts of our own assets a page needs besides app.js (the council picker's autocomplete). */
  scripts?: readonly string[];
}

/** The links at the foot of every page. */
export const FOOTER_LINKS = [
  { href: '/accessibility', text: 'Accessibility statement' },
  { href: '/privacy', text: 'Privacy notice' },
] as const;

/**
 * The page template of govuk-frontend 6.6.0 (template.njk) for a service that
 * is not on GOV.UK: the generic header with our own mark, our own icons, no
 * crown. tests/unit/web/govuk-parity.test.ts compares it with the real one.
 */
export function layout(o: PageOptions): SafeHtml {
  return html`<html lang="en" class="govuk-template">
<head>
<meta charset="utf-8">
<title>${o.hasErrors ? 'Error: ' : ''}${o.title} – ${SERVICE_NAME}</title>
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="${BRAND_COLOUR}">
<meta name="robots" content="noindex">
<link rel="stylesheet" href="/assets/mentor-match.css">
<link rel="icon" sizes="48x48" href="/assets/images/favicon.ico">
<link rel="icon" sizes="any" href="/assets/images/favicon.svg" type="image/svg+xml">
<link rel="mask-icon" href="/assets/images/mentor-match-icon-mask.svg" color="${BRAND_COLOUR}">
<link rel="apple-touch-icon" href="/assets/images/mentor-match-icon-180.png">
<link rel="manifest" href="/assets/manifest.json">
</head>
<body class="govuk-template__body">
${skipLink()}
<header class="govuk-template__header">
${header()}
${phaseBanner('Pilot', 'A peer-mentoring programme for digital leaders in UK councils, run by Socitm.')}
</header>
<div class="govuk-width-container">
${o.backLink ? backLink(o.backLink) : ''}
<main class="govuk-main-wrapper" id="main-content">
${o.content}
</main>
</div>
<footer class="govuk-template__footer">
${footer()}
</footer>
${(o.scripts ?? []).map((name) => html`<script src="/assets/${name}" defer></script>`)}
<script type="module" src="/assets/app.js"></script>
</body>
</html>`;
}

export function skipLink(): SafeHtml {
  return html`<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>`;
}

/** The generic header (for government services not on GOV.UK) with the Mentor Match mark. */
export function header(): SafeHtml {
  return html`<div class="govuk-generic-header">
<div class="govuk-generic-header__container govuk-width-container">
<div class="govuk-generic-header__logo">
<a href="/" class="govuk-generic-header__homepage-link">${logo()}</a>
</div>
</div>
</div>`;
}

function logo(): SafeHtml {
  return html`<span class="app-logo"><svg class="app-logo__mark" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" aria-hidden="true" focusable="false">${new SafeHtml(MARK_PATHS)}</svg>${SERVICE_NAME}</span>`;
}

export function phaseBanner(tag: string, text: string): SafeHtml {
  return html`<div class="govuk-phase-banner govuk-width-container">
<p class="govuk-phase-banner__content">
<strong class="govuk-tag govuk-phase-banner__content__tag">${tag}</strong>
<span class="govuk-phase-banner__text">${text}</span>
</p>
</div>`;
}

export function backLink(href: string, text = 'Back'): SafeHtml {
  return html`<a href="${href}" class="govuk-back-link">${text}</a>`;
}

/**
 * govuk-frontend's footer less its GOV.UK branding: no crown and no "Crown
 * copyright" link with the crest (Mentor Match is Socitm's, not the Crown's).
 */
export function footer(): SafeHtml {
  return html`<div class="govuk-footer">
<div class="govuk-width-container">
<div class="govuk-footer__meta">
<div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
<h2 class="govuk-visually-hidden">Support links</h2>
<ul class="govuk-footer__inline-list">
${FOOTER_LINKS.map((l) => html`<li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="${l.href}">${l.text}</a></li>`)}
</ul>
<svg aria-hidden="true" focusable="false" class="govuk-footer__licence-logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 483.2 195.7" height="17" width="41"><path fill="currentColor" d="${OGL_LOGO_PATH}"/></svg>
<span class="govuk-footer__licence-description">Council data from ONS and GOV.UK registers, available under the <a class="govuk-footer__link" href="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" rel="license">Open Government Licence v3.0</a></span>
</div>
<div class="govuk-footer__meta-item">© Socitm</div>
</div>
</div>
</div>`;
}

/** The Open Government Licence symbol, as govuk-frontend's footer draws it (the licence's mark, not GOV.UK's). */
const OGL_LOGO_PATH =
  'M421.5 142.8V.1l-50.7 32.3v161.1h112.4v-50.7zm-122.3-9.6A47.12 47.12 0 0 1 221 97.8c0-26 21.1-47.1 47.1-47.1 16.7 0 31.4 8.7 39.7 21.8l42.7-27.2A97.63 97.63 0 0 0 268.1 0c-36.5 0-68.3 20.1-85.1 49.7A98 98 0 0 0 97.8 0C43.9 0 0 43.9 0 97.8s43.9 97.8 97.8 97.8c36.5 0 68.3-20.1 85.1-49.7a97.76 97.76 0 0 0 149.6 25.4l19.4 22.2h3v-87.8h-80l24.3 27.5zM97.8 145c-26 0-47.1-21.1-47.1-47.1s21.1-47.1 47.1-47.1 47.2 21 47.2 47S123.8 145 97.8 145';

/** The error summary at the top of a page: each message links to its field. */
export function errorSummary(errors: { message: string; href: string }[]): SafeHtml {
  if (errors.length === 0) return html``;
  return html`<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert">
<h2 class="govuk-error-summary__title">There is a problem</h2>
<div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">
${errors.map((e) => html`<li><a href="${e.href}">${e.message}</a></li>`)}
</ul></div></div></div>`;
}

export type Errors = Map<string, string>;

export function errorsByField(errors: FieldError[], fieldOf: (path: string) => string): Errors {
  const out: Errors = new Map();
  for (const e of errors) {
    const field = fieldOf(e.path);
    if (!out.has(field)) out.set(field, e.message);
  }
  return out;
}

function errorMessage(id: string, message: string | undefined): SafeHtml {
  return message
    ? html`<p id="${id}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> ${message}</p>`
    : html``;
}

function describedBy(id: string, hint: string | undefined, error: string | undefined) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function hintHtml(id: string, hint: string | undefined) {
  return hint ? html`<div id="${id}-hint" class="govuk-hint">${hint}</div>` : html``;
}

interface FieldOptions {
  id: string;
  name: string;
  label: string;
  hint?: string;
  error?: string;
}

export function textInput(o: FieldOptions & { value?: string; type?: string; autocomplete?: string; width?: string; spellcheck?: boolean }): SafeHtml {
  return html`<div class="govuk-form-group${o.error ? ' govuk-form-group--error' : ''}">
<label class="govuk-label govuk-label--s" for="${o.id}">${o.label}</label>
${hintHtml(o.id, o.hint)}${errorMessage(o.id, o.error)}
<input class="govuk-input${o.width ? ` govuk-input--width-${o.width}` : ''}${o.error ? ' govuk-input--error' : ''}" id="${o.id}" name="${o.name}" type="${o.type ?? 'text'}"${o.value ? html` value="${o.value}"` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.spellcheck === false ? html` spellcheck="false"` : ''}${describedBy(o.id, o.hint, o.error) ? html` aria-describedby="${describedBy(o.id, o.hint, o.error)}"` : ''}>
</div>`;
}

export function textarea(o: FieldOptions & { value?: string; rows?: number }): SafeHtml {
  return html`<div class="govuk-form-group${o.error ? ' govuk-form-group--error' : ''}">
<label class="govuk-label govuk-label--s" for="${o.id}">${o.label}</label>
${hintHtml(o.id, o.hint)}${errorMessage(o.id, o.error)}
<textarea class="govuk-textarea${o.error ? ' govuk-textarea--error' : ''}" id="${o.id}" name="${o.name}" rows="${o.rows ?? 5}"${describedBy(o.id, o.hint, o.error) ? html` aria-describedby="${describedBy(o.id, o.hint, o.error)}"` : ''}>${o.value ?? ''}</textarea>
</div>`;
}

export interface Option {
  value: string;
  text: string;
  hint?: string;
}

export function select(
  o: FieldOptions & {
    value?: string;
    /** Options, in `<optgroup>`s when labelled (govuk-frontend's macro has no groups; the parity test allows for them). */
    groups: { label?: string; options: Option[] }[];
    placeholder: string;
    bare?: boolean;
    /** Extra attributes on the select, as the macro's `attributes` (e.g. data-module for an enhancement). */
    attributes?: Record<string, string>;
  },
): SafeHtml {
  const options = o.groups.map((g) => {
    const items = g.options.map((opt) => html`<option value="${opt.value}"${opt.value === o.value ? ' selected' : ''}>${opt.text}</option>`);
    return g.label ? html`<optgroup label="${g.label}">${items}</optgroup>` : items;
  });
  const control = html`<label class="govuk-label${o.bare ? '' : ' govuk-label--s'}" for="${o.id}">${o.label}</label>
${hintHtml(o.id, o.hint)}${errorMessage(o.id, o.error)}
<select class="govuk-select${o.error ? ' govuk-select--error' : ''}" id="${o.id}" name="${o.name}"${describedBy(o.id, o.hint, o.error) ? html` aria-describedby="${describedBy(o.id, o.hint, o.error)}"` : ''}${Object.entries(o.attributes ?? {}).map(([k, v]) => html` ${k}="${v}"`)}>
<option value="">${o.placeholder}</option>${options}
</select>`;
  return html`<div class="govuk-form-group${o.error ? ' govuk-form-group--error' : ''}">${control}</div>`;
}

/** Radios or checkboxes in a fieldset; the first input takes the group's id so the error summary can link to it. */
export function choices(
  o: FieldOptions & { kind: 'radio' | 'checkbox'; options: Option[]; selected: string[]; small?: boolean; legendSize?: 's' | 'm' },
): SafeHtml {
  const cls = o.kind === 'radio' ? 'govuk-radios' : 'govuk-checkboxes';
  return html`<div class="govuk-form-group${o.error ? ' govuk-form-group--error' : ''}">
<fieldset class="govuk-fieldset"${describedBy(o.id, o.hint, o.error) ? html` aria-describedby="${describedBy(o.id, o.hint, o.error)}"` : ''}>
<legend class="govuk-fieldset__legend govuk-fieldset__legend--${o.legendSize ?? 's'}">${o.label}</legend>
${hintHtml(o.id, o.hint)}${errorMessage(o.id, o.error)}
<div class="${cls}${o.small ? ` ${cls}--small` : ''}" data-module="${cls}">
${o.options.map((opt, i) => {
  const id = i === 0 ? o.id : `${o.id}-${i + 1}`;
  return html`<div class="${cls}__item">
<input class="${cls}__input" id="${id}" name="${o.name}" type="${o.kind}" value="${opt.value}"${o.selected.includes(opt.value) ? ' checked' : ''}${opt.hint ? html` aria-describedby="${id}-item-hint"` : ''}>
<label class="govuk-label ${cls}__label" for="${id}">${opt.text}</label>
${opt.hint ? html`<div id="${id}-item-hint" class="govuk-hint ${cls}__hint">${opt.hint}</div>` : ''}
</div>`;
})}
</div></fieldset></div>`;
}

export function button(text: string, o: { secondary?: boolean; warning?: boolean } = {}): SafeHtml {
  const cls = o.warning ? ' govuk-button--warning' : o.secondary ? ' govuk-button--secondary' : '';
  return html`<button type="submit" class="govuk-button${cls}" data-module="govuk-button">${text}</button>`;
}

export interface SummaryRow {
  label: string;
  value: string;
  /**
   * A Change action: `text` is shown, `visuallyHiddenText` completes it for
   * screen readers. A link (`href`), or a submit button of the page's form
   * (`formaction`, styled as a link) where the answers travel in that form.
   */
  action?: { text: string; visuallyHiddenText: string } & ({ href: string } | { formaction: string });
}

export function summaryList(rows: SummaryRow[]): SafeHtml {
  const anyActions = rows.some((r) => r.action);
  return html`<dl class="govuk-summary-list">${rows.map(
    (r) => html`<div class="govuk-summary-list__row${anyActions && !r.action ? ' govuk-summary-list__row--no-actions' : ''}"><dt class="govuk-summary-list__key">${r.label}</dt><dd class="govuk-summary-list__value app-preserve-lines">${r.value}</dd>${
      r.action
        ? html`<dd class="govuk-summary-list__actions">${actionControl(r.action)}</dd>`
        : ''
    }</div>`,
  )}</dl>`;
}

function actionControl(a: NonNullable<SummaryRow['action']>): SafeHtml {
  const label = html`${a.text}<span class="govuk-visually-hidden"> ${a.visuallyHiddenText}</span>`;
  return 'href' in a
    ? html`<a class="govuk-link" href="${a.href}">${label}</a>`
    : html`<button type="submit" class="govuk-link app-link-button" formaction="${a.formaction}">${label}</button>`;
}

/** A table with a caption and column headings; the first cell of each row heads it. */
export function table(o: { caption: string; head: string[]; rows: string[][] }): SafeHtml {
  return html`<table class="govuk-table">
<caption class="govuk-table__caption govuk-table__caption--m">${o.caption}</caption>
<thead class="govuk-table__head"><tr class="govuk-table__row">${o.head.map((h) => html`<th scope="col" class="govuk-table__header">${h}</th>`)}</tr></thead>
<tbody class="govuk-table__body">${o.rows.map(
    (row) =>
      html`<tr class="govuk-table__row">${row.map((cell, i) =>
        i === 0 ? html`<th scope="row" class="govuk-table__header">${cell}</th>` : html`<td class="govuk-table__cell">${cell}</td>`,
      )}</tr>`,
  )}</tbody>
</table>`;
}

/** A page for a link that cannot be used: clear words, no stack trace, nothing changed. */
export function messagePage(title: string, paragraphs: (string | SafeHtml)[]): SafeHtml {
  return layout({
    title,
    content: html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-l">${title}</h1>
${paragraphs.map((p) => html`<p class="govuk-body">${p}</p>`)}
</div></div>`,
  });
}

/** The usual page body: one two-thirds column. */
export function column(content: SafeHtml): SafeHtml {
  return html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">${content}</div></div>`;
}

/** The green panel that says an action is done. */
export function confirmationPanel(title: string, body: string): SafeHtml {
  return html`<div class="govuk-panel govuk-panel--confirmation"><h1 class="govuk-panel__title">${title}</h1><div class="govuk-panel__body">${body}</div></div>`;
}

/** The signed token, carried from a link's confirmation page to its POST. */
export function tokenField(token: string): SafeHtml {
  return html`<input type="hidden" name="t" value="${token}">`;
}

/** A confirmation page's form: the token and one button, POSTed to the action's own path. */
export function actionForm(action: string, token: string, label: string, o: { warning?: boolean; secondary?: boolean } = {}, fields = html``): SafeHtml {
  return html`<form method="post" action="/${action}" novalidate>${tokenField(token)}${fields}${button(label, o)}</form>`;
}
