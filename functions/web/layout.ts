/**
 * The page template and form components, following the GOV.UK Design System
 * markup (govuk-frontend classes). Everything works without JavaScript; the
 * one script only enhances (govuk-frontend's initAll).
 */
import type { FieldError } from '../../shared/domain/errors';
import { html, type SafeHtml } from '../../shared/domain/html';
import { SERVICE_NAME } from '../../shared/domain/emails';

export interface PageOptions {
  title: string;
  /** Prefixes the title with "Error: " as GOV.UK pages do when a form has errors. */
  hasErrors?: boolean;
  backLink?: string;
  content: SafeHtml;
}

export function layout(o: PageOptions): SafeHtml {
  return html`<html lang="en" class="govuk-template govuk-template--rebranded">
<head>
<meta charset="utf-8">
<title>${o.hasErrors ? 'Error: ' : ''}${o.title} – ${SERVICE_NAME}</title>
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#1d70b8">
<meta name="robots" content="noindex">
<link rel="icon" sizes="48x48" href="/assets/images/favicon.ico">
<link rel="stylesheet" href="/assets/govuk-frontend.min.css">
<link rel="stylesheet" href="/assets/app.css">
</head>
<body class="govuk-template__body">
<script type="module" src="/assets/app.js"></script>
<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
<header class="govuk-template__header">
<section aria-label="Service information" class="govuk-service-navigation" data-module="govuk-service-navigation">
<div class="govuk-width-container"><div class="govuk-service-navigation__container">
<span class="govuk-service-navigation__service-name"><a href="/" class="govuk-service-navigation__link">${SERVICE_NAME}</a></span>
</div></div>
</section>
</header>
<div class="govuk-width-container">
<div class="govuk-phase-banner"><p class="govuk-phase-banner__content"><strong class="govuk-tag govuk-phase-banner__content__tag">Pilot</strong><span class="govuk-phase-banner__text">A peer-mentoring programme for digital leaders in UK councils, run by Socitm.</span></p></div>
${o.backLink ? html`<a href="${o.backLink}" class="govuk-back-link">Back</a>` : ''}
<main class="govuk-main-wrapper" id="main-content">
${o.content}
</main>
</div>
<footer class="govuk-footer"><div class="govuk-width-container"><div class="govuk-footer__meta"><div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
<h2 class="govuk-visually-hidden">Support links</h2>
<ul class="govuk-footer__inline-list"><li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/privacy">Privacy notice</a></li></ul>
<span class="govuk-footer__licence-description">Council data from ONS and GOV.UK registers, Open Government Licence v3.0.</span>
</div></div></div></footer>
</body>
</html>`;
}

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
<input class="govuk-input${o.width ? ` govuk-input--width-${o.width}` : ''}${o.error ? ' govuk-input--error' : ''}" id="${o.id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.spellcheck === false ? html` spellcheck="false"` : ''}${describedBy(o.id, o.hint, o.error) ? html` aria-describedby="${describedBy(o.id, o.hint, o.error)}"` : ''}>
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
  o: FieldOptions & { value?: string; groups: { label?: string; options: Option[] }[]; placeholder: string; bare?: boolean },
): SafeHtml {
  const options = o.groups.map((g) => {
    const items = g.options.map((opt) => html`<option value="${opt.value}"${opt.value === o.value ? ' selected' : ''}>${opt.text}</option>`);
    return g.label ? html`<optgroup label="${g.label}">${items}</optgroup>` : items;
  });
  const control = html`<label class="govuk-label${o.bare ? '' : ' govuk-label--s'}" for="${o.id}">${o.label}</label>
${hintHtml(o.id, o.hint)}${errorMessage(o.id, o.error)}
<select class="govuk-select${o.error ? ' govuk-select--error' : ''}" id="${o.id}" name="${o.name}"${describedBy(o.id, o.hint, o.error) ? html` aria-describedby="${describedBy(o.id, o.hint, o.error)}"` : ''}>
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

export function summaryList(rows: { label: string; value: string }[]): SafeHtml {
  return html`<dl class="govuk-summary-list">${rows.map(
    (r) => html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${r.label}</dt><dd class="govuk-summary-list__value app-preserve-lines">${r.value}</dd></div>`,
  )}</dl>`;
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
