/**
 * Any phone, any hand. In real Chromium:
 * - every page at 320 CSS px wide: no scrolling sideways (WCAG 1.4.10
 *   reflow), axe's WCAG 2.2 AA rules (target size 2.5.8 among them), every
 *   asset the page references loads with the security headers, and its body
 *   text scores as plain English;
 * - the whole mentee application with the keyboard alone, checking at every
 *   Tab that the focus is visible and not hidden (WCAG 2.4.7, 2.4.11);
 * - every email's HTML at 375 px wide, and its text part on its own.
 * Screenshots: test-artifacts/screenshots/320/, .../emails/; the readability
 * report: test-artifacts/readability.txt.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionLink } from '../../shared/app/links';
import { everyEmail } from '../fixtures/emails';
import { startTestApp, type TestApp } from '../support/app';
import { expectAccessible, launchBrowser, openPage, screenshot } from '../support/browser';
import { proposeDirect, seedMentee, seedMentor } from '../support/matching';
import { READING_EASE_THRESHOLD, report, score, type Readability } from '../support/readability';

let app: TestApp;
let browser: Browser;
const readability: { name: string; r: Readability }[] = [];

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (readability.length) {
    const dir = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
    await mkdir(dir, { recursive: true });
    const lines = readability.sort((a, b) => a.r.ease - b.r.ease).map(({ name, r }) => report(name, r));
    await writeFile(`${dir}readability.txt`, `Flesch reading ease of each page's body text (threshold ${READING_EASE_THRESHOLD}), hardest first\n\n${lines.join('\n')}\n`);
  }
});

const PHONE = { width: 320, height: 640 };

/**
 * The text a person reads in the page's main content. Lists to pick from are
 * left out: the options of a select and the mentor's 30 skill checkboxes are
 * the reference taxonomy's names (shared/reference/data/skills.csv), scanned
 * for a match rather than read as sentences.
 */
async function mainText(page: Page): Promise<string> {
  return page.evaluate(() => {
    type Hideable = { style: { display: string } };
    const g = globalThis as unknown as { document: { querySelector(s: string): { innerText: string; querySelectorAll(s: string): Hideable[] } } };
    const main = g.document.querySelector('main');
    const lists = [...main.querySelectorAll('select, input[name="skills"] + label')].map((el) => ({ el, display: el.style.display }));
    for (const { el } of lists) el.style.display = 'none';
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text a reader sees (innerText), not the source text
    const text = main.innerText;
    for (const { el, display } of lists) el.style.display = display;
    return text;
  });
}

/** Every URL the page points its browser at: styles, scripts, icons, the manifest and the manifest's icons. */
async function referencedAssets(page: Page): Promise<string[]> {
  const urls = await page.evaluate(() => {
    const g = globalThis as unknown as { document: { querySelectorAll(s: string): { href?: string; src?: string }[] } };
    return [...g.document.querySelectorAll('link[href], script[src], img[src]')].map((e) => (e.href ?? e.src)!);
  });
  const manifest = urls.find((u) => u.endsWith('/manifest.json'));
  if (manifest) {
    const icons = ((await (await fetch(manifest)).json()) as { icons: { src: string }[] }).icons;
    urls.push(...icons.map((i) => new URL(i.src, manifest).href));
  }
  return [...new Set(urls)];
}

async function checkAtPhoneWidth(page: Page, name: string) {
  await expectAccessible(page, `320/${name}`);
  const { scrollWidth, innerWidth } = await page.evaluate(() => {
    const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
    return { scrollWidth: g.document.documentElement.scrollWidth, innerWidth: g.innerWidth };
  });
  expect(scrollWidth, `${name} scrolls sideways at 320 px`).toBeLessThanOrEqual(innerWidth);
  for (const url of await referencedAssets(page)) {
    const response = await fetch(url);
    expect(response.status, url).toBe(200);
    expect(response.headers.get('x-content-type-options'), url).toBe('nosniff');
    expect(response.headers.get('content-security-policy'), url).toBeTruthy();
    expect(response.headers.get('strict-transport-security'), url).toBeTruthy();
  }
  readability.push({ name, r: score(await mainText(page)) });
}

describe('every page at 320 CSS px', () => {
  it('reflows without sideways scrolling, passes axe, loads every asset, and reads plainly', async () => {
    const page = await openPage(browser, PHONE);
    const visit = async (path: string, name: string) => {
      await page.goto(`${app.url}${path}`);
      await checkAtPhoneWidth(page, name);
    };
    await visit('/', 'start');
    await visit('/accessibility', 'accessibility-statement');
    await visit('/privacy', 'privacy-notice');
    await visit('/check-email', 'check-your-email');
    await visit('/apply/mentor', 'mentor-form');
    await visit('/apply/nobody', 'page-not-found');
    await visit('/accept?t=not-a-token', 'link-not-valid');

    await visit('/apply/mentee', 'mentee-form');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').isVisible()).toBe(true);
    await checkAtPhoneWidth(page, 'mentee-form-errors');

    await page.getByLabel('Full name').fill('Sam O’Brien');
    await page.getByLabel('Work email address').fill(`phone-${Date.now().toString(36)}@council.example.gov.uk`);
    await page.getByLabel('Your council').fill('Manch');
    await page.getByRole('option', { name: 'Manchester', exact: true }).click();
    await page.getByLabel('Job title').fill('Digital delivery manager');
    await page.getByLabel('Team leader').check();
    await page.getByLabel('1st priority').selectOption({ label: 'Cyber security and resilience' });
    await page.getByLabel('What do you want to get from mentoring?').fill('Step up to head of service within two years.');
    await page.getByLabel('Either remote or in person').check();
    await page.getByLabel(/I have read the privacy notice/).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Check your answers before sending');
    await checkAtPhoneWidth(page, 'check-your-answers');

    const mentee = await seedMentee(app.deps);
    const mentor = await seedMentor(app.deps);
    const { links } = await proposeDirect(app.deps, mentee, mentor);
    await page.goto(links.accept);
    await checkAtPhoneWidth(page, 'accept-page');
    await page.goto(links.decline);
    await checkAtPhoneWidth(page, 'decline-page');
    await page.getByRole('button', { name: 'Decline this mentee' }).click();
    await expect.poll(() => page.locator('.govuk-panel__title').textContent()).toBe('Proposal declined');
    await checkAtPhoneWidth(page, 'declined');
    await page.goto(links.pause);
    await checkAtPhoneWidth(page, 'pause-page');
    await page.goto(actionLink(app.deps, 'erase', mentee.id, 1));
    await checkAtPhoneWidth(page, 'erase-page');
    await page.close();

    const hard = readability.filter(({ r }) => r.ease < READING_EASE_THRESHOLD);
    expect(hard.map(({ name, r }) => report(name, r)).join('\n'), `pages below a reading ease of ${READING_EASE_THRESHOLD}`).toBe('');
    expect(readability.length).toBeGreaterThanOrEqual(15);
  });
});

/** In the page: is the focused element's focus indicator showing, and can it be seen? */
async function focusState(page: Page) {
  return page.evaluate(() => {
    type El = {
      tagName: string;
      id: string;
      type?: string;
      textContent: string | null;
      classList: { contains(c: string): boolean };
      nextElementSibling: El | null;
      contains(other: unknown): boolean;
      getBoundingClientRect(): { top: number; bottom: number; left: number; right: number; width: number; height: number };
      labels?: El[];
    };
    const g = globalThis as unknown as {
      document: { activeElement: El | null; body: El; elementFromPoint(x: number, y: number): El | null };
      getComputedStyle(el: El, pseudo?: string): { outlineStyle: string; outlineWidth: string; outlineColor: string; boxShadow: string; backgroundColor: string };
      innerHeight: number;
      innerWidth: number;
    };
    const el = g.document.activeElement;
    if (!el || el === g.document.body) return { what: 'nothing', visible: false, unobscured: false };
    const yellow = 'rgb(255, 221, 0)';
    const shows = (st: ReturnType<typeof g.getComputedStyle>) =>
      (st.outlineStyle !== 'none' && Number.parseFloat(st.outlineWidth) > 0 && st.outlineColor === yellow) ||
      st.boxShadow.includes(yellow) ||
      st.backgroundColor === yellow;
    const isChoice = el.tagName === 'INPUT' && (el.type === 'radio' || el.type === 'checkbox');
    const visible = isChoice
      ? g.getComputedStyle(el.nextElementSibling!, '::before').boxShadow !== 'none'
      : el.classList.contains('autocomplete__option--focused') || shows(g.getComputedStyle(el));
    const r = el.getBoundingClientRect();
    const x = Math.min(Math.max(r.left + Math.min(r.width / 2, 10), 0), g.innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), g.innerHeight - 1);
    const hit = g.document.elementFromPoint(x, y);
    const inView = r.bottom > 0 && r.top < g.innerHeight && r.right > 0 && r.left < g.innerWidth;
    const unobscured = inView && !!hit && (hit === el || el.contains(hit) || (el.labels ?? []).some((l) => l === hit || l.contains(hit)));
    return { what: `${el.tagName.toLowerCase()}#${el.id} ${(el.textContent ?? '').trim().slice(0, 40)}`, visible, unobscured };
  });
}

describe('the whole application with the keyboard alone', () => {
  it('a mentee applies using only Tab, arrows, typing, Space and Enter, and the focus is always visible and never hidden', async () => {
    const page = await openPage(browser, { width: 1024, height: 700 });
    const seen: string[] = [];
    const expectFocusShown = async () => {
      // A key press moves the focus on the page's next task, and a page just navigated to may still be
      // loading: give it a moment to settle (each stop must still end visible and unobscured).
      let state = await focusState(page);
      for (let i = 0; i < 20 && !(state.visible && state.unobscured); i++) {
        await page.waitForTimeout(50);
        state = await focusState(page);
      }
      seen.push(state.what);
      expect(state.visible, `focus indicator on ${state.what}`).toBe(true);
      expect(state.unobscured, `focused ${state.what} is in view and not covered`).toBe(true);
    };
    /** Presses Tab until the focused element matches `selector`, checking the focus at every stop. */
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        await expectFocusShown();
        if (await page.evaluate((s) => (globalThis as unknown as { document: { activeElement: { matches(s: string): boolean } | null } }).document.activeElement?.matches(s) ?? false, selector)) return;
      }
      throw new Error(`Tab never reached ${selector}; focus went through: ${seen.slice(-20).join(' | ')}`);
    };
    /** Arrow keys within a radio group until the one with `value` is chosen. */
    const arrowToRadio = async (name: string, value: string) => {
      for (let i = 0; i < 10; i++) {
        if (await page.locator(`input[name="${name}"][value="${value}"]`).isChecked()) return;
        await page.keyboard.press('ArrowDown');
        await expectFocusShown();
      }
      throw new Error(`Could not reach ${name}=${value} with the arrow keys`);
    };

    await page.goto(app.url);
    await tabTo('a.govuk-button--start');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('/apply/mentee');
    await page.waitForLoadState('load');

    const email = `keyboard-${Date.now().toString(36)}@council.example.gov.uk`;
    await tabTo('#name');
    await page.keyboard.type('Kim Keyboard');
    await tabTo('#email');
    await page.keyboard.type(email);
    await tabTo('#councilCode');
    await page.keyboard.type('Manch');
    await expect.poll(() => page.getByRole('option', { name: 'Manchester', exact: true }).isVisible()).toBe(true);
    for (let i = 0; i < 5 && (await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent)) !== 'Manchester'; i++) {
      await page.keyboard.press('ArrowDown');
      await expectFocusShown();
    }
    await page.keyboard.press('Enter');
    expect(await page.locator('#councilCode-select').inputValue()).toBe('E08000003');
    await tabTo('#jobTitle');
    await page.keyboard.type('Digital delivery manager');
    await tabTo('input[name="seniority"]');
    await page.keyboard.press('Space');
    await arrowToRadio('seniority', 'team-lead');
    await tabTo('#skill1');
    await page.keyboard.type('Cyber');
    await tabTo('#goals');
    await page.keyboard.type('Lead our move to the cloud.');
    await tabTo('input[name="format"]');
    await page.keyboard.press('Space');
    await arrowToRadio('format', 'either');
    await tabTo('#consent');
    await page.keyboard.press('Space');
    await tabTo('form button.govuk-button');
    await page.keyboard.press('Enter');

    await expect.poll(() => page.locator('h1').textContent()).toBe('Check your answers before sending');
    await tabTo('form button.govuk-button');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toContain('/check-email');
    await screenshot(page, 'keyboard-journey-done');

    const id = await app.deps.profiles.findProfileIdByEmail('mentee', email);
    expect(await app.deps.profiles.getProfile(id!)).toMatchObject({ name: 'Kim Keyboard', councilCode: 'E08000003', seniority: 'team-lead', skills: ['cyber-security'], format: 'either' });
    // The journey went through every kind of control: links, text inputs, the autocomplete, radios, a select, a checkbox, buttons.
    expect(seen.length).toBeGreaterThan(15);
    await page.close();
  });
});

describe('every email on a phone', () => {
  it.each(everyEmail())('$name: the HTML fits 375 px without sideways scrolling, and the text part stands on its own', async ({ name, email }) => {
    const page = await browser.newPage({ viewport: { width: 375, height: 667 } });
    await page.setContent(email.html);
    await screenshot(page, `emails/${name}`);
    const { scrollWidth, innerWidth } = await page.evaluate(() => {
      const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
      return { scrollWidth: g.document.documentElement.scrollWidth, innerWidth: g.innerWidth };
    });
    expect(scrollWidth, `${name} scrolls sideways at 375 px`).toBeLessThanOrEqual(innerWidth);
    await page.close();

    // The text part: no markup or entities, and every link of the HTML part, so nothing needs the HTML.
    expect(email.text).not.toMatch(/<\/?[a-z][^>]*>|&(amp|lt|gt|quot|#\d+);/i);
    const hrefs = [...email.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    for (const href of hrefs) expect(email.text, `${name}'s text part has ${href}`).toContain(href);
    // Every heading of the HTML part is in the text too.
    for (const [, heading] of email.html.matchAll(/<h[12][^>]*>([^<]+)<\/h[12]>/g)) expect(email.text).toContain(heading!.replace(/&#39;|&rsquo;/g, '’'));
  });
});
