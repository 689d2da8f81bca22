/**
 * The admin area in real Chromium: an admin signs in on the local sign-in
 * page, finds a mentor, pauses them with the button, changes a weight with
 * the form (and sees a bad value explained), withdraws a proposal and reads
 * the audit log. axe-core checks every page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectAccessible, launchBrowser } from '../support/browser';
import { proposeDirect, seedMentee, seedMentor } from '../support/matching';

let app: TestApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(`${app.url}/admin`);
  await page.getByRole('button', { name: 'Sign in as the local admin' }).click();
  await page.waitForURL(`${app.url}/admin`);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('an admin in the browser', () => {
  it('finds a mentor by id and pauses them', async () => {
    const mentor = await seedMentor(app.deps, { name: 'Gwen Pritchard' });
    await page.getByRole('link', { name: 'People and matches' }).click();
    await expectAccessible(page, 'admin-01-people');
    await page.getByLabel('Find a person or a match by id').fill(mentor.id);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.waitForURL(`${app.url}/admin/people/${mentor.id}`);
    await expectAccessible(page, 'admin-02-person');
    await page.getByRole('button', { name: 'Pause this mentor' }).click();
    await page.waitForURL(/done=paused/);
    expect(await page.textContent('body')).toContain('The mentor is paused');
    expect((await app.deps.profiles.getProfile(mentor.id))!.status).toBe('PAUSED');
    await expectAccessible(page, 'admin-03-paused');
  });

  it('changes a weight, and a bad value is shown with its error', async () => {
    await page.goto(`${app.url}/admin/weights`);
    await expectAccessible(page, 'admin-04-weights');
    await page.getByLabel('Same region').fill('5');
    await page.getByRole('button', { name: 'Save weights' }).click();
    expect(await page.textContent('.govuk-error-summary')).toContain('neighbouringRegion must not be worth more than sameRegion');
    await expectAccessible(page, 'admin-05-weights-error');
    await page.getByLabel('Same region').fill('25');
    await page.getByRole('button', { name: 'Save weights' }).click();
    await page.waitForURL(/saved=1/);
    expect((await app.deps.settings.getWeights())?.weights.sameRegion).toBe(25);
  });

  it('withdraws an open proposal and reads the audit log', async () => {
    const { match } = await proposeDirect(app.deps, await seedMentee(app.deps), await seedMentor(app.deps));
    await page.goto(`${app.url}/admin/proposals`);
    await expectAccessible(page, 'admin-06-proposals');
    await page.goto(`${app.url}/admin/matches/${match.id}`);
    await expectAccessible(page, 'admin-07-match');
    await page.getByRole('button', { name: 'Withdraw this proposal' }).click();
    await page.waitForURL(/done=withdrawn/);
    expect((await app.deps.matches.getMatch(match.id))?.withdrawnBy).toBe('admin');
    await page.getByRole('link', { name: 'Audit log' }).click();
    const text = await page.textContent('main');
    for (const action of ['Withdrew a proposal', 'Changed the matching weights', 'Paused a mentor', 'Signed in']) expect(text).toContain(action);
    await expectAccessible(page, 'admin-08-audit');
  });
});
