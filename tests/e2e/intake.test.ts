/**
 * A person in real Chromium: the form, the error summary, the email in the
 * SES emulator, the confirm page. axe-core checks every page (WCAG 2.2 AA);
 * screenshots land in test-artifacts/screenshots.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectAccessible, launchBrowser } from '../support/browser';
import { extractLinks, waitForMail } from '../support/mail';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('a mentee signs up in the browser', () => {
  it('fills the form, fixes a missing field from the error summary, confirms from the email', async () => {
    const page = await browser.newPage();
    const email = `browser-${Date.now().toString(36)}@council.example.gov.uk`;

    await page.goto(app.url);
    await expectAccessible(page, 'intake-01-start');
    await page.getByRole('button', { name: 'I want a mentor' }).click();
    await expect.poll(() => page.url()).toContain('/apply/mentee');
    await expectAccessible(page, 'intake-02-mentee-form');

    // Everything but the name.
    await page.getByLabel('Work email address').fill(email);
    await page.getByLabel('Your council').selectOption({ label: 'Manchester' });
    await page.getByLabel('Job title').fill('Digital delivery manager');
    await page.getByLabel('Team leader').check();
    await page.getByLabel('1st priority').selectOption({ label: 'Cyber security and resilience' });
    await page.getByLabel('2nd priority (optional)').selectOption({ label: 'Agile delivery' });
    await page.getByLabel('What do you want to get from mentoring?').fill('Step up to head of service <within two years>.');
    await page.getByLabel('Either remote or in person').check();
    await page.getByLabel(/I have read the privacy notice/).check();
    await page.getByRole('button', { name: 'Send' }).click();

    const summary = page.locator('.govuk-error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await summary.textContent()).toContain('Enter your full name');
    expect(await page.title()).toMatch(/^Error: /);
    // Values already given are kept, and the summary links to the field.
    expect(await page.getByLabel('Work email address').inputValue()).toBe(email);
    await expectAccessible(page, 'intake-03-error-summary');
    await summary.getByRole('link', { name: 'Enter your full name' }).click();
    await page.getByLabel('Full name').fill('Sam O’Brien');
    await page.getByRole('button', { name: 'Send' }).click();

    await expect.poll(() => page.url()).toContain('/check-email');
    expect(await page.locator('h1').textContent()).toBe('Check your email');
    await expectAccessible(page, 'intake-04-check-email');

    const mail = await waitForMail({ to: email, subject: /Confirm your email/ });
    expect(mail.body.html).toContain('Step up to head of service &lt;within two years&gt;.');
    const link = extractLinks(mail.body.html ?? '').find((l) => l.includes('/confirm-email?'));
    expect(link).toBeTruthy();
    await page.goto(link!);
    await expectAccessible(page, 'intake-05-confirm-page');
    await page.getByRole('button', { name: 'Confirm my email address' }).click();
    await expect.poll(() => page.locator('.govuk-panel__title').textContent()).toBe('Email address confirmed');
    await expectAccessible(page, 'intake-06-confirmed');

    const id = await app.deps.profiles.findProfileIdByEmail('mentee', email);
    const profile = await app.deps.profiles.getProfile(id!);
    expect(profile).toMatchObject({ status: 'ACTIVE', name: 'Sam O’Brien', region: 'North West', skills: ['cyber-security', 'agile-delivery'] });
    await page.close();
  });

  it('offers an accessible mentor form that works without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${app.url}/apply/mentor`);
    await expectAccessible(page, 'intake-07-mentor-form-no-js');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').isVisible()).toBe(true);
    const links = await page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(expect.arrayContaining(['#name', '#email', '#councilCode', '#skills', '#capacity', '#consent']));
    for (const href of links) expect(await page.locator(href!).count()).toBe(1);
    await expectAccessible(page, 'intake-08-mentor-errors-no-js');
    await context.close();
  });
});
