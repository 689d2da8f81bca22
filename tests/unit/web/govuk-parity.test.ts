/**
 * Our markup (functions/web/layout.ts) against govuk-frontend's own Nunjucks
 * macros and page template, component by component, with the same options.
 * Structure, classes, attributes and text must match, so an upgrade of
 * govuk-frontend that changes a component's markup fails here.
 *
 * Deliberate differences, each applied to the official markup below and
 * nowhere else:
 * - footer: no crown, and our copyright (Socitm) instead of the "© Crown
 *   copyright" link with the crest: Mentor Match is not on GOV.UK;
 * - page template: no inline script (our CSP forbids it; app.js adds the
 *   same classes), and our own icon files behind the same head links;
 * - select: our groups are `<optgroup>`s, which the macro cannot render;
 * - summary list: a Change action may be a submit button of the answers form
 *   instead of a link (check your answers has no session to link back to).
 */
import { describe, expect, it } from 'vitest';
import { html } from '../../../shared/domain/html';
import {
  backLink,
  button,
  choices,
  confirmationPanel,
  errorSummary,
  FOOTER_LINKS,
  footer,
  header,
  layout,
  phaseBanner,
  select,
  skipLink,
  summaryList,
  table,
  textInput,
  textarea,
} from '../../../functions/web/layout';
import { BRAND_COLOUR } from '../../../functions/web/brand';
import { type Element, renderMacro, renderTemplate, structure } from '../../support/govuk-macros';

const same = (ours: { value: string } | string, theirs: string, o: Parameters<typeof structure>[1] = {}) =>
  expect(structure(String(ours), o)).toEqual(structure(theirs, o));

describe('our components render the markup of govuk-frontend 6.6.0', () => {
  it('skip link', () => {
    same(skipLink(), renderMacro('skip-link', { href: '#main-content', text: 'Skip to main content' }));
  });

  it('header: the generic header (for services not on GOV.UK) with our mark', () => {
    const ours = header().value;
    const logo = /<a href="\/" class="govuk-generic-header__homepage-link">([\s\S]*?)<\/a>/.exec(ours)![1]!;
    same(ours, renderMacro('generic-header', { url: '/', logoHtml: logo }));
  });

  it('phase banner', () => {
    same(phaseBanner('Pilot', 'A new service.'), renderMacro('phase-banner', { tag: { text: 'Pilot' }, text: 'A new service.' }));
  });

  it('footer, less the crown and the Crown copyright', () => {
    const ours = footer().value;
    const licence = /<span class="govuk-footer__licence-description">([\s\S]*?)<\/span>/.exec(ours)![1]!;
    const theirs = renderMacro('footer', {
      meta: { items: FOOTER_LINKS.map((l) => ({ href: l.href, text: l.text })) },
      contentLicence: { html: licence },
      copyright: { text: '© Socitm' },
    });
    const isCrown = (el: Element) => el.name === 'svg' && el.attribs.class === 'govuk-footer__crown';
    // Theirs links "© …" to Crown copyright with the crest; ours is plain text in the same place.
    const crownCopyright = (el: Element) => el.name === 'a' && (el.attribs.class ?? '').includes('govuk-footer__copyright-logo');
    same(ours, theirs, { drop: isCrown, unwrap: crownCopyright });
  });

  it('back link', () => {
    same(backLink('/'), renderMacro('back-link', { href: '/', text: 'Back' }));
  });

  it('error summary', () => {
    const errors = [
      { href: '#name', message: 'Enter your full name' },
      { href: '#email', message: 'Enter your email address' },
    ];
    same(errorSummary(errors), renderMacro('error-summary', { titleText: 'There is a problem', errorList: errors.map((e) => ({ href: e.href, text: e.message })) }));
  });

  describe('text input', () => {
    it('with a hint, a value, autocomplete and spellcheck off', () => {
      same(
        textInput({ id: 'email', name: 'email', label: 'Work email address', hint: 'For emails about matches.', type: 'email', value: 'a@b.gov.uk', autocomplete: 'email', spellcheck: false }),
        renderMacro('input', {
          id: 'email',
          name: 'email',
          type: 'email',
          label: { text: 'Work email address', classes: 'govuk-label--s' },
          hint: { text: 'For emails about matches.' },
          value: 'a@b.gov.uk',
          autocomplete: 'email',
          spellcheck: false,
        }),
      );
    });

    it('empty, with an error and a width', () => {
      same(
        textInput({ id: 'capacity', name: 'capacity', label: 'How many?', error: 'Enter a number', width: '2' }),
        renderMacro('input', { id: 'capacity', name: 'capacity', label: { text: 'How many?', classes: 'govuk-label--s' }, classes: 'govuk-input--width-2', errorMessage: { text: 'Enter a number' } }),
      );
    });
  });

  it('textarea with a hint and an error', () => {
    same(
      textarea({ id: 'goals', name: 'goals', label: 'Your goals', hint: 'Your mentor will see this.', error: 'Enter your goals', value: 'Lead' }),
      renderMacro('textarea', {
        id: 'goals',
        name: 'goals',
        label: { text: 'Your goals', classes: 'govuk-label--s' },
        hint: { text: 'Your mentor will see this.' },
        errorMessage: { text: 'Enter your goals' },
        value: 'Lead',
      }),
    );
  });

  describe('select', () => {
    const options = [
      { value: 'a', text: 'Aberdeen City' },
      { value: 'b', text: 'Bolton' },
    ];
    const theirs = (extra: Record<string, unknown> = {}) =>
      renderMacro('select', {
        id: 'councilCode',
        name: 'councilCode',
        label: { text: 'Your council', classes: 'govuk-label--s' },
        hint: { text: 'Start typing.' },
        items: [{ value: '', text: 'Choose your council' }, ...options],
        value: 'b',
        attributes: { 'data-module': 'app-autocomplete' },
        ...extra,
      });

    it('with a hint, a chosen option and an attribute', () => {
      same(
        select({ id: 'councilCode', name: 'councilCode', label: 'Your council', hint: 'Start typing.', value: 'b', placeholder: 'Choose your council', groups: [{ options }], attributes: { 'data-module': 'app-autocomplete' } }),
        theirs(),
      );
    });

    it('with an error, and groups (optgroups, which the macro cannot render)', () => {
      const ours = select({
        id: 'councilCode',
        name: 'councilCode',
        label: 'Your council',
        hint: 'Start typing.',
        value: 'b',
        error: 'Choose your council',
        placeholder: 'Choose your council',
        groups: [{ label: 'Scotland', options }],
        attributes: { 'data-module': 'app-autocomplete' },
      });
      same(ours, theirs({ errorMessage: { text: 'Choose your council' } }), { unwrap: (el) => el.name === 'optgroup' });
    });
  });

  const items = [
    { value: 'remote', text: 'Remote', hint: 'By video call.' },
    { value: 'in-person', text: 'In person' },
  ];

  it('radios in a fieldset with a legend, a hint, item hints and an error', () => {
    same(
      choices({ id: 'format', name: 'format', kind: 'radio', label: 'How would you like to meet?', hint: 'Choose one.', options: items, selected: ['in-person'], error: 'Choose how to meet' }),
      renderMacro('radios', {
        idPrefix: 'format',
        name: 'format',
        fieldset: { legend: { text: 'How would you like to meet?', classes: 'govuk-fieldset__legend--s' } },
        hint: { text: 'Choose one.' },
        errorMessage: { text: 'Choose how to meet' },
        value: 'in-person',
        items: items.map((i) => ({ value: i.value, text: i.text, hint: i.hint ? { text: i.hint } : undefined })),
      }),
    );
  });

  it('small checkboxes in a fieldset with two ticked', () => {
    same(
      choices({ id: 'skills', name: 'skills', kind: 'checkbox', small: true, label: 'Skills', legendSize: 'm', options: items, selected: ['remote', 'in-person'] }),
      renderMacro('checkboxes', {
        idPrefix: 'skills',
        name: 'skills',
        classes: 'govuk-checkboxes--small',
        fieldset: { legend: { text: 'Skills', classes: 'govuk-fieldset__legend--m' } },
        values: ['remote', 'in-person'],
        items: items.map((i) => ({ value: i.value, text: i.text, hint: i.hint ? { text: i.hint } : undefined })),
      }),
    );
  });

  describe('button', () => {
    it('primary', () => same(button('Send'), renderMacro('button', { text: 'Send' })));
    it('secondary', () => same(button('Decline', { secondary: true }), renderMacro('button', { text: 'Decline', classes: 'govuk-button--secondary' })));
    it('warning', () => same(button('Delete', { warning: true }), renderMacro('button', { text: 'Delete', classes: 'govuk-button--warning' })));
  });

  describe('summary list', () => {
    it('without actions', () => {
      same(
        summaryList([{ label: 'Name', value: 'Sam' }]),
        renderMacro('summary-list', { rows: [{ key: { text: 'Name' }, value: { text: 'Sam', classes: 'app-preserve-lines' } }] }),
      );
    });

    it('with Change links, and a row without one', () => {
      same(
        summaryList([
          { label: 'Role', value: 'Mentee' },
          { label: 'Name', value: 'Sam', action: { href: '/apply/mentee#name', text: 'Change', visuallyHiddenText: 'full name' } },
        ]),
        renderMacro('summary-list', {
          rows: [
            { key: { text: 'Role' }, value: { text: 'Mentee', classes: 'app-preserve-lines' } },
            {
              key: { text: 'Name' },
              value: { text: 'Sam', classes: 'app-preserve-lines' },
              actions: { items: [{ href: '/apply/mentee#name', text: 'Change', visuallyHiddenText: 'full name' }] },
            },
          ],
        }),
      );
    });

    it('with a Change button of the answers form where a link cannot carry the answers', () => {
      const ours = summaryList([{ label: 'Name', value: 'Sam', action: { formaction: '/apply/mentee/change#name', text: 'Change', visuallyHiddenText: 'full name' } }]);
      const theirs = renderMacro('summary-list', {
        rows: [{ key: { text: 'Name' }, value: { text: 'Sam', classes: 'app-preserve-lines' }, actions: { items: [{ href: '/apply/mentee/change#name', text: 'Change', visuallyHiddenText: 'full name' }] } }],
      });
      // The same, once their link is read as our button.
      const asButton = structure(theirs).map((line) =>
        line.replace('<a.govuk-link href="/apply/mentee/change#name">', '<button.app-link-button.govuk-link formaction="/apply/mentee/change#name" type="submit">'),
      );
      expect(structure(ours.value)).toEqual(asButton);
    });
  });

  it('confirmation panel', () => {
    same(confirmationPanel('Email address confirmed', 'Your profile is now active'), renderMacro('panel', { titleText: 'Email address confirmed', text: 'Your profile is now active' }));
  });

  it('table with a caption, column headings and row headings', () => {
    const o = { caption: 'How long we keep your details', head: ['What', 'How long'], rows: [['Pending profile', '7 days'], ['Sent email', '30 days']] };
    same(
      table(o),
      renderMacro('table', {
        caption: o.caption,
        captionClasses: 'govuk-table__caption--m',
        firstCellIsHeader: true,
        head: o.head.map((text) => ({ text })),
        rows: o.rows.map((row) => row.map((text) => ({ text }))),
      }),
    );
  });

  it('page template: html, head, body, header, main and footer', () => {
    const ours = layout({ title: 'Find a mentor', backLink: '/', content: html`<h1 class="govuk-heading-l">Hello</h1>` }).value;
    const part = (re: RegExp) => re.exec(ours)![1]!;
    const theirs = renderTemplate(
      {
        pageTitle: 'Find a mentor – Mentor Match',
        head: '<meta name="robots" content="noindex">\n<link rel="stylesheet" href="/assets/mentor-match.css">',
        header: `<header class="govuk-template__header">${part(/<header class="govuk-template__header">([\s\S]*?)<\/header>/)}</header>`,
        beforeContent: part(/<div class="govuk-width-container">\s*(<a href="\/" class="govuk-back-link">Back<\/a>)/),
        content: '<h1 class="govuk-heading-l">Hello</h1>',
        footer: `<footer class="govuk-template__footer">${part(/<footer class="govuk-template__footer">([\s\S]*?)<\/footer>/)}</footer>`,
        bodyEnd: '<script type="module" src="/assets/app.js"></script>',
      },
      { themeColor: BRAND_COLOUR },
    );
    // Their icons are GOV.UK's; ours sit behind the same links.
    const icons: Record<string, string> = {
      '/assets/images/govuk-icon-mask.svg': '/assets/images/mentor-match-icon-mask.svg',
      '/assets/images/govuk-icon-180.png': '/assets/images/mentor-match-icon-180.png',
    };
    const inlineScript = (el: Element) => el.name === 'script' && !el.attribs.src;
    const headOrder = (lines: string[]) => {
      // Order inside <head> does not matter to a browser; compare it as a set.
      const start = lines.indexOf('  <head>');
      const end = lines.indexOf('  <body.govuk-template__body>');
      return [...lines.slice(0, start + 1), ...lines.slice(start + 1, end).sort(), ...lines.slice(end)];
    };
    const theirLines = structure(theirs, { drop: inlineScript }).map((line) => line.replace(/href="([^"]+)"/, (m, href: string) => (icons[href] ? `href="${icons[href]}"` : m)));
    expect(headOrder(structure(ours))).toEqual(headOrder(theirLines));
  });
});
