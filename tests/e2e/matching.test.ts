/**
 * From proposal to introduction in real Chromium: a mentor opens the proposal
 * email from the SES emulator, accepts on the confirmation page, and both
 * introductions arrive; a mentor who declines leads to a new proposal in the
 * next round. axe-core checks every page.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMatchingRound } from '../../shared/app/rounds';
import { submitBody } from '../fixtures/deps';
import { startTestApp, type TestApp } from '../support/app';
import { expectAccessible, launchBrowser, openPage } from '../support/browser';
import { extractLinks, listMail, waitForMail } from '../support/mail';
import { waitFor } from '../support/wait';

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

let n = 0;
const tag = () => `${Date.now().toString(36)}-${n++}`;

/** An ACTIVE profile, made through the same use case as the form, confirmed directly in the store. */
async function activeProfile(body: Record<string, unknown>) {
  const { id } = await submitBody({ format: 'remote', consent: true, jobTitle: 'Digital lead', ...body }, app.deps);
  await app.deps.profiles.activateProfile(id, new Date().toISOString());
  return id;
}

const mentee = (name: string, councilCode: string) =>
  activeProfile({ role: 'mentee', name, email: `mentee-${tag()}@council.example.gov.uk`, councilCode, seniority: 'team-lead', skills: ['cyber-security', 'cloud-adoption'], goals: 'Lead our move to the cloud <safely>.' });

const mentor = (name: string, councilCode: string, email: string) =>
  activeProfile({ role: 'mentor', name, email, councilCode, seniority: 'director', skills: ['cyber-security', 'cloud-adoption'], capacity: 1, experience: 'Led two cloud migrations.' });

function actionLinkIn(html: string | undefined, action: string) {
  const link = extractLinks(html ?? '').find((l) => new URL(l).pathname === `/${action}`);
  expect(link, `an /${action} link in the email`).toBeTruthy();
  return link!;
}

describe('a mentor answers a proposal in the browser', () => {
  it('accepts on the confirmation page and both people get the introduction', async () => {
    const mentorEmail = `mentor-${tag()}@other.example.gov.uk`;
    const menteeId = await mentee('Ravi Patel', 'E08000003');
    await mentor('Jo Mentor', 'E07000223', mentorEmail);
    const round = await runMatchingRound(app.deps, { trigger: 'local' });
    expect(round.record?.proposed).toBeGreaterThanOrEqual(1);

    const proposal = await waitForMail({ to: mentorEmail, subject: /matched with you/ });
    expect(proposal.body.html).toContain('Ravi Patel');
    expect(proposal.body.html).toContain('Lead our move to the cloud &lt;safely&gt;.');
    const page = await openPage(browser);
    await page.goto(actionLinkIn(proposal.body.html, 'accept'));
    expect(await page.locator('h1').textContent()).toBe('Accept Ravi Patel as your mentee');
    expect(await page.getByLabel('Every month').isChecked()).toBe(true);
    expect(await page.getByLabel('6 months').isChecked()).toBe(true);
    await expectAccessible(page, 'matching-01-accept-page');
    await page.getByLabel('Every two weeks').check();
    await page.getByRole('button', { name: 'Accept this mentee' }).click();
    await expect.poll(() => page.locator('.govuk-panel__title').textContent()).toBe('Mentee accepted');
    await expectAccessible(page, 'matching-02-accepted');

    const menteeProfile = await app.deps.profiles.getProfile(menteeId);
    const toMentee = await waitForMail({ to: menteeProfile!.email, subject: /Meet your mentor/ });
    const toMentor = await waitForMail({ to: mentorEmail, subject: /Meet your mentee/ });
    expect(toMentee.body.text).toContain(mentorEmail);
    expect(toMentor.body.text).toContain(menteeProfile!.email);
    expect(toMentee.body.text).toContain('Meet every two weeks for 6 months.');
    await page.close();
  });

  it('declines with a reason, and the next round proposes another mentor', async () => {
    const first = `mentor-${tag()}@first.example.gov.uk`;
    const second = `mentor-${tag()}@second.example.gov.uk`;
    await mentee('Alex Morgan', 'S12000033');
    const firstId = await mentor('First Mentor', 'E08000003', first);
    await runMatchingRound(app.deps, { trigger: 'local' });
    const proposal = await waitForMail({ to: first, subject: /matched with you/ });

    const page = await openPage(browser);
    await page.goto(actionLinkIn(proposal.body.html, 'decline'));
    await expectAccessible(page, 'matching-03-decline-page');
    await page.getByLabel('Why are you declining? (optional)').fill('No time until spring.');
    await page.getByRole('button', { name: 'Decline this mentee' }).click();
    await expect.poll(() => page.locator('.govuk-panel__title').textContent()).toBe('Proposal declined');
    await expectAccessible(page, 'matching-04-declined');
    await page.close();

    await mentor('Second Mentor', 'E07000223', second);
    await runMatchingRound(app.deps, { trigger: 'local' });
    const next = await waitForMail({ to: second, subject: /matched with you/ });
    expect(next.body.text).toContain('Alex Morgan');
    // The declined pair is closed for good: no second proposal to the first mentor.
    await waitFor(async () => (await app.deps.outbox.dueOutbox(new Date(Date.now() + 60_000), 100)).length === 0, { timeoutMs: 10_000 });
    expect((await listMail({ to: first })).filter((m) => /matched with you/.test(m.subject))).toHaveLength(1);
    expect((await app.deps.profiles.getProfileWithState(firstId))?.matching.proposedCount).toBe(0);
  });
});
