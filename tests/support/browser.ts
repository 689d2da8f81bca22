/**
 * Real Chromium (the machine's Debian package, driven by playwright-core; no
 * browser download) and axe-core accessibility checks for the e2e tests.
 *
 *   launchBrowser()                 → Promise<Browser>   headless Chromium; close it in afterAll
 *   checkA11y(page, { exclude? })   → Promise<AxeViolation[]>  WCAG 2.0/2.1/2.2 A and AA rules
 *   formatViolations(violations)    → string  readable report, for expect's message
 *   screenshot(page, name)          → Promise<string>  full-page PNG path under test-artifacts/screenshots/
 *   openPage(browserOrContext, viewport?) → Promise<Page>  a page that records every subresource that fails (4xx, 5xx, no answer)
 *   subresourceProblems(page)       → string[]  what failed so far on a page from openPage
 *   expectAccessible(page, name)    screenshot, then no axe violation and no failed subresource
 *
 *   const violations = await checkA11y(page);
 *   expect(violations, formatViolations(violations)).toEqual([]);
 */
import { expect } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AxeResults, Result as AxeViolation, RunOptions } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export type { AxeViolation };

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  // Keep the browser quiet and offline: no update checks, field trials,
  // sync or QUIC probes on a shared CI machine.
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. Install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH). .ci/run installs it on CI.`,
    );
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let axeSource: Promise<string> | undefined;
function loadAxe(): Promise<string> {
  // From node_modules, never a CDN: tests run offline.
  axeSource ??= readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

export interface A11yOptions {
  /** CSS selectors to leave out, e.g. a third-party widget; say why at the call site. */
  exclude?: string[];
}

/**
 * Runs axe on the page as it is now; returns the violations (empty when clean).
 * Works on pages from a `javaScriptEnabled: false` context too (see runAxe).
 */
export async function checkA11y(page: Page, options: A11yOptions = {}): Promise<AxeViolation[]> {
  // evaluate() goes through the DevTools protocol, so the app's
  // Content-Security-Policy (no inline scripts) does not block it the way an
  // injected <script> tag would be.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(await loadAxe());
  const runOptions: RunOptions = { runOnly: { type: 'tag', values: WCAG_TAGS }, resultTypes: ['violations'] };
  const context = options.exclude?.length ? { exclude: options.exclude.map((s) => [s]) } : undefined;
  const results = await page.evaluate(runAxe, [context, runOptions] as const);
  return results.violations;
}

/**
 * Runs in the page (the project compiles without DOM types, hence globalThis
 * rather than window/document).
 *
 * With scripting disabled Chromium still runs our evaluated code and its
 * promise jobs, but never fires timers, queueMicrotask or observer callbacks,
 * and axe defers its work with setTimeout(…, 0), so it would hang. There,
 * and only for the audit, zero-delay timers become promise jobs; timers with
 * a delay (axe's time-outs) stay unfired, as they would be anyway. The page
 * has no scripts running to notice, and the original is put back.
 */
async function runAxe([context, options]: readonly [unknown, RunOptions]): Promise<AxeResults> {
  type Timer = (fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => number;
  const g = globalThis as unknown as {
    document: { createElement(tag: string): { innerHTML: string; childElementCount: number } };
    axe: { run(context: unknown, options: unknown): Promise<AxeResults> };
    setTimeout: Timer;
  };
  // The HTML parser reads <noscript> content as markup only when scripting is off.
  const probe = g.document.createElement('noscript');
  probe.innerHTML = '<b></b>';
  const scriptingOff = probe.childElementCount === 1;

  const original = g.setTimeout;
  if (scriptingOff) {
    g.setTimeout = (fn, ms, ...args) => {
      if (!ms) void Promise.resolve().then(() => fn(...args));
      return 0;
    };
  }
  try {
    return await g.axe.run(context ?? g.document, options);
  } finally {
    g.setTimeout = original;
  }
}

export function formatViolations(violations: AxeViolation[]): string {
  if (violations.length === 0) return 'no accessibility violations';
  return [
    `${violations.length} accessibility violation(s):`,
    ...violations.map((v) =>
      [
        `- [${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.helpUrl})`,
        ...v.nodes.map((n) => `    at ${n.target.join(' ')}: ${n.html}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`),
      ].join('\n'),
    ),
  ].join('\n');
}

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

/** Saves a full-page PNG named after `name` (made file-safe; `folder/name` keeps its folder) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const parts = name.split('/').map((p) => p.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'page');
  const file = `${SCREENSHOT_DIR}${parts.join('/')}.png`;
  await mkdir(dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const problems = new WeakMap<Page, string[]>();

/**
 * A new page that records every subresource (stylesheet, script, image,
 * icon, manifest…) answered with 4xx or 5xx or not answered at all, and any
 * font request (the pages use system fonts and ship none). The documents
 * themselves may well be 400 or 404 pages on purpose.
 */
export async function openPage(target: Browser | BrowserContext, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await target.newPage(viewport ? { viewport } : undefined);
  const found: string[] = [];
  problems.set(page, found);
  page.on('response', (response) => {
    const request = response.request();
    if (request.resourceType() !== 'document' && response.status() >= 400) found.push(`${response.status()} ${request.url()}`);
  });
  page.on('requestfailed', (request) => {
    if (request.resourceType() !== 'document') found.push(`failed (${request.failure()?.errorText ?? 'no answer'}) ${request.url()}`);
  });
  page.on('request', (request) => {
    if (request.resourceType() === 'font') found.push(`font requested ${request.url()}`);
  });
  return page;
}

/** The subresource problems of a page opened with openPage (empty for other pages). */
export function subresourceProblems(page: Page): string[] {
  return [...(problems.get(page) ?? [])];
}

/**
 * Saves a screenshot, then fails the test with a readable list if axe finds
 * any WCAG 2.2 AA violation, or if any subresource of a page from openPage
 * failed to load.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const violations = await checkA11y(page);
  expect(violations, formatViolations(violations)).toEqual([]);
  // The manifest and icons load lazily: wait until the network is quiet before judging.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  expect(subresourceProblems(page), `subresources of ${name}`).toEqual([]);
}
