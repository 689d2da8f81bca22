/**
 * The browser half of the harness works: the machine's Chromium launches
 * through playwright-core, axe-core (injected from node_modules, no network)
 * tells an accessible page from a broken one, and screenshots are written.
 * If Chromium is missing this fails, by design, with the apt-get command.
 */
import { existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkA11y, formatViolations, launchBrowser, screenshot } from '../support/browser';

const PAGES: Record<string, string> = {
  '/good': `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Accessible page</title></head>
  <body>
    <main>
      <h1>Find a mentor</h1>
      <img src="/pixel.svg" alt="Mentor Match logo" width="40" height="40">
      <form>
        <label for="email">Email address</label>
        <input id="email" name="email" type="email" autocomplete="email">
        <button type="submit">Continue</button>
      </form>
    </main>
  </body>
</html>`,
  '/broken': `<!doctype html>
<html>
  <head><meta charset="utf-8"></head>
  <body>
    <img src="/pixel.svg" width="40" height="40">
    <input name="email" type="email">
  </body>
</html>`,
};

// A strict CSP like the app's: axe must still run (it is injected over the DevTools protocol).
const CSP = "default-src 'self'; script-src 'self'";

let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/pixel.svg') {
      res.writeHead(200, { 'content-type': 'image/svg+xml' });
      res.end('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#1d70b8"/></svg>');
      return;
    }
    const html = PAGES[req.url ?? ''];
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
});

describe('browser harness', () => {
  it('finds no WCAG violations on an accessible page and saves a full-page screenshot', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/good`);
    const violations = await checkA11y(page);
    expect(violations, formatViolations(violations)).toEqual([]);

    const file = await screenshot(page, 'Harness: accessible page');
    expect(file).toMatch(/test-artifacts\/screenshots\/harness-accessible-page\.png$/);
    expect(existsSync(file) && statSync(file).size).toBeGreaterThan(500);
    await page.close();
  });

  it('reports an image without alt text, a missing lang and an unlabelled field on a broken page', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/broken`);
    const violations = await checkA11y(page);
    const ids = violations.map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['image-alt', 'html-has-lang', 'label']));
    const report = formatViolations(violations);
    expect(report).toContain('image-alt');
    expect(report).toContain('<img src="/pixel.svg"');
    await page.close();
  });

  it('audits pages in a context with JavaScript disabled, where axe cannot use timers', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/good`);
    expect(await checkA11y(page)).toEqual([]);
    await page.goto(`${base}/broken`);
    expect((await checkA11y(page)).map((v) => v.id)).toContain('image-alt');
    await context.close();
  });
});
