/**
 * A stalled database, for real: this file starts its own DynamoDB Local and
 * freezes its JVM (SIGSTOP, to that process only) while requests arrive.
 * Requests that need the table answer 503 within 5 s (problem+json for the
 * API, the GOV.UK "Sorry, there is a problem with the service" page for
 * pages), pages that need no data still open at once, and once the JVM is
 * thawed the service recovers by itself. Timings are printed for the record.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../../infra/local/app';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from '../../infra/local/emulators';
import { createSigner } from '../../shared/domain/tokens';
import { silentLogger, validMentee } from '../fixtures/deps';
import { emulatorEndpoints } from '../support/endpoints';
import { uniqueAddress } from '../support/mail';
import { waitFor } from '../support/wait';

const DEADLINE_MS = 5_000;
let dynamodb: RunningDynamoDbLocal;
let app: RunningApp;
const signingKey = randomBytes(32);

beforeAll(async () => {
  dynamodb = await startDynamoDbLocal();
  app = await startApp({
    dynamodbEndpoint: dynamodb.endpoint,
    sesEndpoint: emulatorEndpoints().ses,
    tableName: `stall-${Date.now()}`,
    signingKey,
    port: 0,
    logger: silentLogger,
    outboxIntervalMs: 0,
    roundIntervalMs: 0,
    deadlinesIntervalMs: 0,
  });
}, 90_000);

afterAll(async () => {
  dynamodb?.resume();
  await app?.stop();
  await dynamodb?.stop();
});

async function timed(path: string, init: RequestInit = {}) {
  const started = performance.now();
  const response = await fetch(`${app.url}${path}`, { ...init, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
  const body = await response.text();
  return { path, status: response.status, ms: Math.round(performance.now() - started), body, type: response.headers.get('content-type') ?? '' };
}

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('with DynamoDB Local frozen', () => {
  it('answers 503 within 5 s where the table is needed, opens pages that need no data, and recovers when it thaws', async () => {
    const menteeForm = validMentee({ email: uniqueAddress('stall-form') });
    const fields = {
      name: String(menteeForm.name),
      email: String(menteeForm.email),
      councilCode: String(menteeForm.councilCode),
      jobTitle: String(menteeForm.jobTitle),
      seniority: String(menteeForm.seniority),
      format: String(menteeForm.format),
      skill1: (menteeForm.skills as string[])[0]!,
      goals: String(menteeForm.goals),
      consent: 'yes',
    };
    const confirmToken = createSigner(signingKey).sign('confirm-email', 'someone', new Date(Date.now() + 86_400_000));
    dynamodb.suspend();
    let results: Awaited<ReturnType<typeof timed>>[];
    try {
      results = await Promise.all([
        timed('/api/profiles', json(validMentee({ email: uniqueAddress('stall-api') }))),
        // Sending the checked answers stores them: it needs the table.
        timed('/apply/mentee/send', form(fields)),
        timed(`/confirm-email?t=${encodeURIComponent(confirmToken)}`),
        timed('/health'),
        timed('/'),
        timed('/apply/mentee'),
        timed('/check-email'),
        timed('/privacy'),
        timed('/assets/mentor-match.css'),
        // The check-your-answers page only validates: it needs no data.
        timed('/apply/mentee', form(fields)),
      ]);
    } finally {
      dynamodb.resume();
    }
    console.log(`[stall] ${results.map((r) => `${r.path.split('?')[0]} ${r.status} ${r.ms} ms`).join(' · ')}`);
    const [api, applyPost, confirm, health, ...noData] = results;

    expect(api!.status).toBe(503);
    expect(api!.type).toBe('application/problem+json');
    expect(JSON.parse(api!.body)).toMatchObject({ status: 503 });
    for (const page of [applyPost!, confirm!]) {
      expect(page.status, page.path).toBe(503);
      expect(page.body, page.path).toContain('Sorry, there is a problem with the service');
    }
    expect(health!.status).toBe(503);
    for (const r of [api!, applyPost!, confirm!, health!]) expect(r.ms, r.path).toBeLessThan(DEADLINE_MS);
    for (const r of noData) {
      expect(r.status, r.path).toBe(200);
      expect(r.ms, r.path).toBeLessThan(DEADLINE_MS);
    }

    // Thawed: the same submission goes through again without a restart.
    const recovered = await waitFor(async () => {
      const r = await timed('/api/profiles', json(validMentee({ email: uniqueAddress('stall-after') })));
      return r.status === 201 ? r : undefined;
    }, { timeoutMs: 20_000, message: 'the API did not recover after DynamoDB Local was thawed' });
    expect(recovered.status).toBe(201);
    expect((await timed('/health')).status).toBe(200);
  }, 60_000);
});
