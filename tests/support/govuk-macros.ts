/**
 * govuk-frontend's own Nunjucks macros and page template, rendered for tests
 * (nunjucks is a dev dependency; production markup is ours, in
 * functions/web/layout.ts), and a structural view of any HTML to compare
 * theirs with ours.
 *
 *   renderMacro('input', params)            → HTML of govukInput(params)
 *   renderTemplate(blocks, context)         → HTML of govuk/template.njk with those blocks
 *   structure(html)                         → one line per element and text: tag, sorted classes, sorted attributes
 */
import { fileURLToPath } from 'node:url';
import { DomUtils, parseDocument } from 'htmlparser2';
import nunjucks from 'nunjucks';

const DIST = fileURLToPath(new URL('../../node_modules/govuk-frontend/dist', import.meta.url));
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(DIST), { autoescape: true, throwOnUndefined: false });

const macroName = (component: string) => `govuk${component.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`;

export function renderMacro(component: string, params: unknown): string {
  const name = macroName(component);
  return env.renderString(`{% from "govuk/components/${component}/macro.njk" import ${name} %}{{ ${name}(params) }}`, { params });
}

/** The page template with the given blocks (Nunjucks source) filled in. */
export function renderTemplate(blocks: Record<string, string>, context: Record<string, unknown> = {}): string {
  const source = `{% extends "govuk/template.njk" %}${Object.entries(blocks)
    .map(([name, body]) => `{% block ${name} %}${body}{% endblock %}`)
    .join('')}`;
  return env.renderString(source, context);
}

type Node = ReturnType<typeof parseDocument>['children'][number];
export type Element = Extract<Node, { attribs: Record<string, string> }>;
const { isTag, isText } = DomUtils;

export interface StructureOptions {
  /** Drop elements matching this test (with their content). */
  drop?: (el: Element) => boolean;
  /** Replace an element by its children (e.g. optgroup, which the select macro cannot render). */
  unwrap?: (el: Element) => boolean;
}

/** Whitespace-insensitive: the same markup however it is indented or wrapped. */
export function structure(markup: string, o: StructureOptions = {}): string[] {
  const lines: string[] = [];
  const walk = (nodes: Node[], depth: number) => {
    for (const node of nodes) {
      if (isText(node)) {
        const text = node.data.replace(/\s+/g, ' ').trim();
        if (text) lines.push(`${'  '.repeat(depth)}"${text}"`);
      } else if (isTag(node)) {
        if (o.drop?.(node)) continue;
        if (o.unwrap?.(node)) {
          walk(node.children, depth);
          continue;
        }
        const { class: cls, ...attrs } = node.attribs;
        const classes = (cls ?? '').split(/\s+/).filter(Boolean).sort();
        const attributes = Object.entries(attrs)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => `${k}="${v.replace(/\s+/g, ' ').trim()}"`);
        lines.push(`${'  '.repeat(depth)}<${node.name}${classes.map((c) => `.${c}`).join('')}${attributes.length ? ` ${attributes.join(' ')}` : ''}>`);
        walk(node.children, depth + 1);
      }
    }
  };
  walk(parseDocument(markup, { decodeEntities: true }).children, 0);
  return lines;
}

/** Every class name used in some markup. */
export function classesIn(markup: string): Set<string> {
  return new Set(structure(markup).flatMap((line) => [...line.matchAll(/\.([a-z0-9_-]+)/gi)].map((m) => m[1]!)));
}
