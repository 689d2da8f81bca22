/**
 * Intake against concurrency, enumeration and flooding, over the wire on
 * DynamoDB Local and the SES emulator: submissions for one address at once
 * all answer as a new one does; the answer takes the same time whether the
 * address is new, pending or active; and an address gets at most three
 * verification or confirm-changes emails an hour, a burst only one.
 */
import { validMentee } from '../fixtures/deps';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickThrough, linkTo, postForm, startTestApp, type TestApp } from '../support/app';
import { listMail, uniqueAddress, waitForMail } from '../support/mail';
import { waitFor } from '../support/wait';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.stop();
});

/** The fixtures' valid mentee (tests/fixtures/deps.ts) at this address. */
const mentee = (email: string, overrides: Record<string, unknown> = {}) => validMentee({ email, ...overrides });

/** The same answers as the form's Send button posts them (check your answers carries them as hidden fields). */
function menteeForm(email: string): Record<string, string> {
  return {
    name: 'Priya Shah',
    email,
    councilCode: 'E08000003',
    jobTitle: 'Service design lead',
    seniority: 'team-lead',
    skill1: 'data-strategy',
    skill2: 'cyber-security',
    format: 'either',
    goals: 'Move from leading a team to leading a service.',
    consent: 'yes',
  };
}

const post = (body: unknown) =>
  fetch(`${app.url}/api/profiles`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const VERIFY = /Confirm your email/;
const CHANGES = /Confirm the changes/;
const verifyOrChanges = async (to: string) => (await listMail({ to })).filter((m) => VERIFY.test(m.subject) || CHANGES.test(m.subject));

/** Until every received submission is placed and nothing is left to send to `to`: then the mail for it is all out. */
async function settled(to?: string) {
  await waitFor(async () => (await app.deps.profiles.listUnplacedSubmissions(1)).length === 0, { intervalMs: 10, message: 'every submission placed' });
  await waitFor(async () => !(await app.deps.outbox.dueOutbox(new Date(app.clock.now().getTime() + 60_000), 100)).some((m) => !to || m.email.to === to), {
    intervalMs: 10,
    message: `no mail left to send${to ? ` to ${to}` : ''}`,
  });
}

async function activeAddress(tag: string) {
  const email = uniqueAddress(tag);
  const { id } = (await (await post(mentee(email))).json()) as { id: string };
  await clickThrough(app.url, linkTo(await waitForMail({ to: email, subject: VERIFY }), '/confirm-email'));
  expect((await app.deps.profiles.getProfile(id))?.status).toBe('ACTIVE');
  return email;
}

describe('concurrent submissions of one address', () => {
  it('answers all ten API posts 201 and all five form posts with check your email, leaving one pending profile and one email', async () => {
    const email = uniqueAddress('burst');
    const [api, form] = await Promise.all([
      Promise.all(Array.from({ length: 10 }, (_, i) => post(mentee(email, { jobTitle: `Title ${i}` })))),
      Promise.all(Array.from({ length: 5 }, () => postForm(`${app.url}/apply/mentee/send`, menteeForm(email)))),
    ]);

    const bodies = await Promise.all(api.map(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> })));
    for (const { status, body } of bodies) {
      expect(status).toBe(201);
      expect(body).toEqual({ id: expect.any(String), status: 'PENDING_VERIFICATION' });
    }
    expect(new Set(bodies.map((b) => b.body.id)).size).toBe(10);
    for (const res of form) {
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/check-email');
    }
    const page = await fetch(`${app.url}/check-email`);
    expect(await page.text()).toContain('Check your email');

    await waitForMail({ to: email, subject: VERIFY });
    await settled(email);
    const claim = await app.deps.profiles.findProfileIdByEmail('mentee', email);
    expect((await app.deps.profiles.getProfile(claim!))?.status).toBe('PENDING_VERIFICATION');
    // Every other answer's id names nothing now: one pending profile came of the burst.
    for (const { body } of bodies) if (body.id !== claim) expect(await app.deps.profiles.getProfile(String(body.id))).toBeUndefined();
    expect(await verifyOrChanges(email)).toHaveLength(1);
    // The one email is for the profile that holds the address: its link works.
    expect((await clickThrough(app.url, linkTo((await verifyOrChanges(email))[0]!, '/confirm-email'))).status).toBe(200);
    expect((await app.deps.profiles.getProfile(claim!))?.status).toBe('ACTIVE');
  });
});

describe('timing', () => {
  it('takes the same time to answer for a new, a pending and an active address (medians within 20%)', async () => {
    const pendingEmail = uniqueAddress('pending');
    await post(mentee(pendingEmail));
    await waitForMail({ to: pendingEmail, subject: VERIFY });
    const activeEmail = await activeAddress('active');
    await settled();

    const kinds = { new: () => uniqueAddress('new'), pending: () => pendingEmail, active: () => activeEmail };
    const samples: Record<keyof typeof kinds, number[]> = { new: [], pending: [], active: [] };
    const once = async (kind: keyof typeof kinds) => {
      const started = performance.now();
      const res = await post(mentee(kinds[kind]()));
      await res.text();
      const ms = performance.now() - started;
      expect(res.status).toBe(201);
      // Each request meets a quiet service: the work a submission causes after its answer is not timed in the next one.
      await settled();
      return ms;
    };
    const order = Object.keys(kinds) as (keyof typeof kinds)[];
    for (let round = 0; round < 10; round++) for (const kind of order) await once(kind);
    for (let round = 0; round < 50; round++) {
      // Round-robin, starting at a different kind each round, so noise and whatever precedes a request hit all three alike.
      for (let i = 0; i < order.length; i++) {
        const kind = order[(round + i) % order.length]!;
        samples[kind].push(await once(kind));
      }
    }
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
    };
    const medians = Object.fromEntries(order.map((k) => [k, Number(median(samples[k]).toFixed(2))]));
    console.log(`median answer in ms over 50 interleaved requests each: ${JSON.stringify(medians)}`);
    const values = Object.values(medians);
    expect(Math.max(...values) / Math.min(...values), JSON.stringify(medians)).toBeLessThanOrEqual(1.2);
  }, 120_000);
});

describe('flooding one address', () => {
  it('sends the owner of an active profile at most three confirm-changes emails an hour, however many submissions arrive', async () => {
    const email = await activeAddress('flood');
    // The verification email was over an hour ago.
    app.clock.advance(2 * 60 * 60_000);
    const before = (await listMail({ to: email })).length;
    for (let i = 0; i < 50; i++) {
      // A minute apart on the app's clock, and each settled before the next: fifty separate submissions, not a burst.
      app.clock.advance(60_000);
      expect((await post(mentee(email, { jobTitle: `Flood ${i}` }))).status).toBe(201);
      await settled(email);
    }
    const changes = (await listMail({ to: email })).slice(before).filter((m) => CHANGES.test(m.subject));
    console.log(`confirm-changes emails for 50 submissions over 50 minutes: ${changes.length}`);
    expect(changes.length).toBeGreaterThanOrEqual(1);
    expect(changes.length).toBeLessThanOrEqual(3);

    // An hour after the first of them, the address may be emailed again.
    app.clock.advance(15 * 60_000);
    expect((await post(mentee(email, { jobTitle: 'After the hour' }))).status).toBe(201);
    await settled(email);
    expect((await listMail({ to: email })).slice(before).filter((m) => CHANGES.test(m.subject))).toHaveLength(changes.length + 1);
  }, 120_000);
});
