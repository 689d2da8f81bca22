/**
 * The programme report in real Chromium, signed in as the local admin: the
 * page with its charts and tables, a filtered view, and the filters' error
 * summary, each checked by axe-core (WCAG 2.2 AA), with JavaScript off as
 * an admin without it would see them.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../functions/http/principal';
import { LOCAL_ADMIN } from '../../infra/local/admin-issuer';
import { actionLink } from '../../shared/app/links';
import { runMatchingRound } from '../../shared/app/rounds';
import { generateProfiles } from '../fixtures/profiles';
import { startTestApp, tokenOf, type TestApp } from '../support/app';
import { expectAccessible, launchBrowser } from '../support/browser';
import { acceptWith, declineWith, seedActiveProfile } from '../support/matching';

let app: TestApp;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
  const { mentees, mentors } = generateProfiles({ mentees: 40, mentors: 8, seed: 7, capacity: [1, 3] });
  for (const { id: _id, ...body } of [...mentees, ...mentors]) await seedActiveProfile(app.deps, { ...body, email: `${_id}@report.example.gov.uk` });
  await runMatchingRound(app.deps, { trigger: 'admin' });
  const proposed = await app.deps.matches.listMatches('PROPOSED');
  for (const [k, m] of proposed.entries()) {
    if (k % 3 === 0) await declineWith(tokenOf(actionLink(app.deps, 'decline', m.id, 8)), {}, app.deps);
    else if (k % 3 === 1) await acceptWith(tokenOf(actionLink(app.deps, 'accept', m.id, 8)), {}, app.deps);
  }
  await runMatchingRound(app.deps, { trigger: 'admin' });
  context = await browser.newContext({ javaScriptEnabled: false });
  const { hostname } = new URL(app.url);
  await context.addCookies([{ name: SESSION_COOKIE, value: app.app.adminIssuer.sign(LOCAL_ADMIN), domain: hostname, path: '/', httpOnly: true, sameSite: 'Strict' }]);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.stop();
});

describe('the programme report in the browser', () => {
  it('shows every section with charts and tables, and is accessible', async () => {
    const page = await context.newPage();
    const response = await page.goto(`${app.url}/admin/report`);
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.locator('h1').textContent()).toContain('Programme report');
    expect(await page.locator('svg.app-chart[role="img"]').count()).toBe(4);
    expect(await page.locator('h2.govuk-heading-l').allTextContents()).toEqual([
      'What to do next',
      'At a glance',
      'Matches by region',
      'Skills: demand and supply',
      'Mentor utilisation',
      'Waiting times',
      'Mentees who could not be matched',
      'Matching rounds',
    ]);
    await expectAccessible(page, 'report-01-whole-programme');
    await page.close();
  });

  it('filters by region from the form, and stays accessible', async () => {
    const page = await context.newPage();
    await page.goto(`${app.url}/admin/report`);
    await page.selectOption('#region', 'North West');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/region=North\+West/);
    expect(await page.locator('.govuk-caption-l').textContent()).toContain('North West');
    expect(await page.locator('#chart-regions-title').textContent()).toBe('Accepted matches and waiting mentees by region');
    await expectAccessible(page, 'report-02-north-west');
    await page.close();
  });

  it('shows an error summary for filters it cannot use, and is accessible', async () => {
    const page = await context.newPage();
    const response = await page.goto(`${app.url}/admin/report?from=2030-05&to=2030-02`);
    expect(response?.status()).toBe(400);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('The end of the date range must be the same month as its start or later');
    await expectAccessible(page, 'report-03-bad-filters');
    await page.close();
  });
});
