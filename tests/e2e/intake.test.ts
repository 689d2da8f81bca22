/**
 * A person in real Chromium: the form, the error summary, the email in the
 * SES emulator, the confirm page. axe-core checks every page (WCAG 2.2 AA);
 * screenshots land in test-artifacts/screenshots.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app';
import { expectAccessible, launchBrowser, openPage } from '../support/browser';
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
  it('fills the form, fixes a missing field from the error summary, checks the answers, confirms from the email', async () => {
    const page = await openPage(browser);
    const email = `browser-${Date.now().toString(36)}@council.example.gov.uk`;

    await page.goto(app.url);
    await expectAccessible(page, 'intake-01-start');
    await page.getByRole('button', { name: 'I want a mentor' }).click();
    await expect.poll(() => page.url()).toContain('/apply/mentee');
    await expectAccessible(page, 'intake-02-mentee-form');

    // Everything but the name.
    await page.getByLabel('Work email address').fill(email);
    // The council picker is an autocomplete over the select.
    await page.getByLabel('Your council').fill('Manch');
    await page.getByRole('option', { name: 'Manchester', exact: true }).click();
    await page.getByLabel('Job title').fill('Digital delivery manager');
    await page.getByLabel('Team leader').check();
    await page.getByLabel('1st priority').selectOption({ label: 'Cyber security and resilience' });
    await page.getByLabel('2nd priority (optional)').selectOption({ label: 'Agile delivery' });
    await page.getByLabel('What do you want to get from mentoring?').fill('Step up to head of service <within two years>.');
    await page.getByLabel('Either remote or in person').check();
    await page.getByLabel(/I have read the privacy notice/).check();
    await page.getByRole('button', { name: 'Continue' }).click();

    const summary = page.locator('.govuk-error-summary');
    await expect.poll(() => summary.isVisible()).toBe(true);
    expect(await summary.textContent()).toContain('Enter your full name');
    expect(await page.title()).toMatch(/^Error: /);
    // Values already given are kept, and the summary links to the field.
    expect(await page.getByLabel('Work email address').inputValue()).toBe(email);
    await expectAccessible(page, 'intake-03-error-summary');
    await summary.getByRole('link', { name: 'Enter your full name' }).click();
    await page.getByLabel('Full name').fill('Sam O’Brien');
    await page.getByRole('button', { name: 'Continue' }).click();

    // Check your answers: a change goes back to the field with every answer kept, then Send.
    await expect.poll(() => page.locator('h1').textContent()).toBe('Check your answers before sending');
    await expectAccessible(page, 'intake-04a-check-answers');
    await page.getByRole('button', { name: 'Change job title' }).click();
    await expect.poll(() => page.url()).toContain('#jobTitle');
    expect(await page.getByLabel('Work email address').inputValue()).toBe(email);
    await page.getByLabel('Job title').fill('Head of digital delivery');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('.govuk-summary-list').textContent()).toContain('Head of digital delivery');
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
    expect(profile).toMatchObject({
      status: 'ACTIVE',
      name: 'Sam O’Brien',
      councilCode: 'E08000003',
      jobTitle: 'Head of digital delivery',
      region: 'North West',
      skills: ['cyber-security', 'agile-delivery'],
    });
    await page.close();
  });

  it('offers an accessible mentor form that works without JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await openPage(context);
    await page.goto(`${app.url}/apply/mentor`);
    await expectAccessible(page, 'intake-07-mentor-form-no-js');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').isVisible()).toBe(true);
    const links = await page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(expect.arrayContaining(['#name', '#email', '#councilCode', '#skills', '#capacity', '#consent']));
    for (const href of links) expect(await page.locator(href!).count()).toBe(1);
    await expectAccessible(page, 'intake-08-mentor-errors-no-js');

    // Without JavaScript the council picker is the plain select, and check your answers still works.
    const email = `no-js-${Date.now().toString(36)}@council.example.gov.uk`;
    await page.getByLabel('Full name').fill('Jo Mentor');
    await page.getByLabel('Work email address').fill(email);
    await page.getByLabel('Your council').selectOption({ label: 'Aberdeen City' });
    await page.getByLabel('Job title').fill('Chief digital officer');
    await page.getByLabel('Director or chief digital officer').check();
    await page.getByLabel(/^Cyber security and resilience/).check();
    await page.getByLabel('How many mentees could you take at once?').fill('2');
    await page.getByLabel('Your experience').fill('Led two cloud migrations.');
    await page.getByLabel('Remote (video calls)').check();
    await page.getByLabel(/I have read the privacy notice/).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Check your answers before sending');
    await expectAccessible(page, 'intake-09-check-answers-no-js');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.url()).toContain('/check-email');
    const id = await app.deps.profiles.findProfileIdByEmail('mentor', email);
    expect(await app.deps.profiles.getProfile(id!)).toMatchObject({ status: 'PENDING_VERIFICATION', councilCode: 'S12000033', capacity: 2 });
    await context.close();
  });
});
