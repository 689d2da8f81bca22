/**
 * Intake over the wire: the local app server on DynamoDB Local and the SES
 * emulator, driven through its public HTTP contract.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainOutbox, sendOutboxMessage } from '../../shared/app/outbox';
import { buildDeps, emulatorClientConfig } from '../../shared/deps';
import { silentLogger, submitBody, validMentee } from '../fixtures/deps';
import { clickThrough, linkTo, postForm, startTestApp, type TestApp } from '../support/app';
import { newTestTable } from '../support/dynamodb';
import { emulatorEndpoints } from '../support/endpoints';
import { listMail, waitForMail } from '../support/mail';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.stop();
});

let n = 0;
const address = (tag: string) => `${tag}-${Date.now().toString(36)}-${n++}@council.example.gov.uk`;

/** The fixtures' valid mentee (tests/fixtures/deps.ts) at this address. */
const mentee = (email: string, overrides: Record<string, unknown> = {}) => validMentee({ email, ...overrides });

// Response.json() is typed unknown; these tests check the shapes themselves.
// biome-ignore lint/suspicious/noExplicitAny: a loose type on purpose, as said above
const jsonOf = (res: Response): Promise<any> => res.json();

const post = (path: string, body: unknown) =>
  fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const click = (link: string) => clickThrough(app.url, link);

describe('health and reference', () => {
  it('reports ok when the table and the mailer answer', async () => {
    const res = await fetch(`${app.url}/health`);
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toEqual({ status: 'ok' });
  });

  it('serves councils with GSS codes and the three meeting formats', async () => {
    const body = await jsonOf(await fetch(`${app.url}/api/reference`));
    expect(body.councils).toHaveLength(397);
    expect(body.councils[0]).toEqual({ code: expect.stringMatching(/^[ENSW]\d{8}$/), name: expect.any(String), region: expect.any(String), type: expect.any(String) });
    expect(body.formats.map((f: { id: string }) => f.id)).toEqual(['remote', 'in-person', 'either']);
  });
});

describe('submit, verify, activate', () => {
  it('stores a pending profile, emails a link, and activates it only on the POST from the confirm page', async () => {
    const email = address('flow');
    const res = await post('/api/profiles', mentee(email));
    expect(res.status).toBe(201);
    const { id, status } = await jsonOf(res);
    expect(status).toBe('PENDING_VERIFICATION');
    expect((await app.deps.profiles.getProfile(id))?.status).toBe('PENDING_VERIFICATION');

    const mail = await waitForMail({ to: email, subject: /Confirm your email/ });
    expect(mail.body.html).toContain('Priya Shah');
    const link = linkTo(mail, '/confirm-email');

    // A mail scanner's GET changes nothing.
    expect((await fetch(link)).status).toBe(200);
    expect((await app.deps.profiles.getProfile(id))?.status).toBe('PENDING_VERIFICATION');

    const confirmed = await click(link);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Email address confirmed');
    expect((await app.deps.profiles.getProfile(id))?.status).toBe('ACTIVE');

    // Single use: the same link now shows a clear page and changes nothing.
    const again = await fetch(link);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already been used');
  });

  it('rejects a tampered link with a clear page and changes nothing', async () => {
    const email = address('tamper');
    const { id } = await jsonOf(await post('/api/profiles', mentee(email)));
    const link = linkTo(await waitForMail({ to: email, subject: /Confirm your email/ }), '/confirm-email');
    const url = new URL(link);
    const token = url.searchParams.get('t')!;
    url.searchParams.set('t', token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')));
    const res = await postForm(`${app.url}/confirm-email`, { t: url.searchParams.get('t')! });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('This link is not valid');
    expect((await app.deps.profiles.getProfile(id))?.status).toBe('PENDING_VERIFICATION');
  });
});

describe('submitting again with a known address', () => {
  it('replaces a pending profile: a fresh id, a fresh email, and the old link stops working', async () => {
    const email = address('again');
    const first = await jsonOf(await post('/api/profiles', mentee(email)));
    const firstLink = linkTo(await waitForMail({ to: email, subject: /Confirm your email/ }), '/confirm-email');
    const second = await jsonOf(await post('/api/profiles', mentee(email, { jobTitle: 'Head of digital' })));
    expect(second.id).not.toBe(first.id);
    expect(second.status).toBe('PENDING_VERIFICATION');
    const mails = await waitForMail({ to: email, subject: /Confirm your email/, count: 2 });
    const secondLink = linkTo(mails, '/confirm-email');
    expect(secondLink).not.toBe(firstLink);
    expect((await fetch(firstLink)).status).toBe(409);
    expect((await click(secondLink)).status).toBe(200);
    expect((await app.deps.profiles.getProfile(second.id))?.jobTitle).toBe('Head of digital');
  });

  it('leaves an active profile untouched until its owner confirms the changes', async () => {
    const email = address('active');
    const { id } = await jsonOf(await post('/api/profiles', mentee(email)));
    await click(linkTo(await waitForMail({ to: email, subject: /Confirm your email/ }), '/confirm-email'));

    const res = await post('/api/profiles', mentee(email, { name: 'Mallory', jobTitle: 'Attacker' }));
    expect(res.status).toBe(201);
    const body = await jsonOf(res);
    expect(Object.keys(body).sort()).toEqual(['id', 'status']);
    expect(body.id).not.toBe(id);
    expect(body.status).toBe('PENDING_VERIFICATION');
    expect((await app.deps.profiles.getProfile(id))?.name).toBe('Priya Shah');

    const mail = await waitForMail({ to: email, subject: /Confirm the changes/ });
    const done = await click(linkTo(mail, '/confirm-update'));
    expect(done.status).toBe(200);
    const updated = await app.deps.profiles.getProfile(id);
    expect(updated?.name).toBe('Mallory');
    expect(updated?.status).toBe('ACTIVE');
  });
});

describe('erasure', () => {
  it('removes every item of the person, frees the address and sends one confirmation', async () => {
    const email = address('erase');
    const { id } = await jsonOf(await post('/api/profiles', mentee(email)));
    const mail = await waitForMail({ to: email, subject: /Confirm your email/ });
    await click(linkTo(mail, '/confirm-email'));
    await post('/api/profiles', mentee(email, { jobTitle: 'Pending change' }));
    await waitForMail({ to: email, subject: /Confirm the changes/ });
    expect(await app.deps.profiles.countItemsOf(id)).toBeGreaterThanOrEqual(3);

    const res = await click(linkTo(mail, '/erase'));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Your profile has been deleted');
    expect(await app.deps.profiles.countItemsOf(id)).toBe(0);
    expect(await app.deps.profiles.getProfile(id)).toBeUndefined();
    expect(await app.deps.profiles.findProfileIdByEmail('mentee', email)).toBeUndefined();
    await waitForMail({ to: email, subject: /has been deleted/ });
    expect((await listMail({ to: email })).filter((m) => /has been deleted/.test(m.subject))).toHaveLength(1);
  });
});

describe('when SES fails after the profile is stored', () => {
  it('keeps the email in the outbox and sends it exactly once when SES is back', async () => {
    const { dynamodb, ses } = emulatorEndpoints();
    // A table of its own: the running app's sender must not deliver this message behind the test's back.
    const own = await newTestTable();
    let now = Date.now();
    const clock = { now: () => new Date(now) };
    const common = { tableName: own.tableName, signingKey: app.signingKey, baseUrl: app.url, mailFrom: 'mentor-match@localhost.test', logger: silentLogger, clock };
    const dynamoClient = new DynamoDBClient(emulatorClientConfig(dynamodb));
    // Nothing listens on port 9: every send fails with a connection error.
    const broken = buildDeps({ ...common, dynamodb: dynamoClient, ses: new SESClient({ ...emulatorClientConfig('http://127.0.0.1:9'), maxAttempts: 1 }) });
    const healthy = buildDeps({ ...common, dynamodb: dynamoClient, ses: new SESClient(emulatorClientConfig(ses)) });

    const email = address('sesdown');
    const { id } = await submitBody(mentee(email), broken);
    expect((await broken.profiles.getProfile(id))?.status).toBe('PENDING_VERIFICATION');
    const outcome = await drainOutboxFor(broken, email);
    expect(outcome).toBe('retry');
    expect(await listMail({ to: email })).toHaveLength(0);

    now += 60 * 60_000; // past the retry delay
    expect(await drainOutboxFor(healthy, email)).toBe('sent');
    await waitForMail({ to: email, subject: /Confirm your email/ });
    now += 60 * 60_000;
    await drainOutbox(healthy);
    expect(await listMail({ to: email })).toHaveLength(1);
    dynamoClient.destroy();
    await own.drop();
  });
});

/** Runs the sender over due messages and reports what happened to the one addressed to `email`. */
async function drainOutboxFor(deps: ReturnType<typeof buildDeps>, email: string) {
  const due = await deps.outbox.dueOutbox(deps.clock.now(), 1000);
  const mine = due.find((m) => m.email.to === email);
  expect(mine, 'the verification email is waiting in the outbox').toBeTruthy();
  return sendOutboxMessage(mine!, deps);
}

describe('bad input over the wire', () => {
  it('answers 400 problem+json for a wrong content type and for a body over 16 KiB, storing nothing', async () => {
    const email = address('bad');
    const wrongType = await fetch(`${app.url}/api/profiles`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(mentee(email)) });
    expect(wrongType.status).toBe(400);
    expect(wrongType.headers.get('content-type')).toBe('application/problem+json');
    const big = await post('/api/profiles', mentee(email, { goals: 'x'.repeat(17 * 1024) }));
    expect(big.status).toBe(400);
    expect((await jsonOf(big)).errors[0].message).toMatch(/16 KiB/);
    expect(await app.deps.profiles.findProfileIdByEmail('mentee', email)).toBeUndefined();
  });

  it('never answers 500 to arbitrary JSON and stores a profile only for a valid body', async () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`fast-check seed (FC_SEED) for the over-the-wire property: ${seed}`);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.record({ role: fc.constantFrom('mentee', 'mentor', 'admin'), email: fc.emailAddress(), name: fc.string() }, { requiredKeys: [] }).map((o) => JSON.stringify(o))), async (body) => {
        const res = await fetch(`${app.url}/api/profiles`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        expect([201, 400]).toContain(res.status);
        if (res.status === 400) {
          const problem = await jsonOf(res);
          expect(problem.errors.length).toBeGreaterThan(0);
          const email = (() => {
            try {
              return JSON.parse(body)?.email;
            } catch {
              return undefined;
            }
          })();
          if (typeof email === 'string') {
            for (const role of ['mentee', 'mentor'] as const) {
              expect(await app.deps.profiles.findProfileIdByEmail(role, email)).toBeUndefined();
            }
          }
        } else {
          await res.text();
        }
      }),
      { numRuns: 60, seed },
    );
  });
});
