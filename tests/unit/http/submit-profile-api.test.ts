/**
 * The POST /api/profiles contract, through the real route and dispatch, on
 * the memory store: status codes, problem+json shape, and that nothing is
 * stored or queued unless the submission is valid.
 */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../functions/http/dispatch';
import type { HttpRequest } from '../../../functions/http/types';
import { submitProfileApi } from '../../../functions/intake/api';
import { confirmEmail } from '../../../shared/app/intake';
import { memoryDeps, tokenFrom, validMentee, validMentor } from '../../fixtures/deps';

const EMAIL = 'priya.shah@manchester.gov.uk';

function post(body: string, contentType = 'application/json'): HttpRequest {
  return { method: 'POST', path: '/api/profiles', query: {}, params: {},
  cookies: {},
  headers: { 'content-type': contentType }, body, requestId: 'req-1' };
}

async function submit(t: ReturnType<typeof memoryDeps>, body: unknown, contentType?: string) {
  const response = await dispatch(submitProfileApi, post(typeof body === 'string' ? body : JSON.stringify(body), contentType), t.deps);
  return { status: response.status, headers: response.headers, json: JSON.parse(response.body) as Record<string, unknown> };
}

/** Expects a 400 problem+json and nothing stored or queued; returns the named paths. */
async function expectRejected(body: unknown, contentType?: string) {
  const t = memoryDeps();
  const response = await submit(t, body, contentType);
  expect(response.status).toBe(400);
  expect(response.headers['content-type']).toBe('application/problem+json');
  expect(response.json).toMatchObject({ type: 'about:blank', status: 400, title: 'Your request has problems' });
  expect(t.outbox.allOutbox()).toEqual([]);
  expect(await t.profiles.findProfileIdByEmail('mentee', EMAIL)).toBeUndefined();
  return (response.json.errors as { path: string; message: string }[]).map((e) => e.path);
}

describe('POST /api/profiles', () => {
  it('answers 201 {id, status: PENDING_VERIFICATION} for a valid mentee and stores the profile', async () => {
    const t = memoryDeps();
    const response = await submit(t, validMentee());
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.json).toEqual({ id: 'id-0001', status: 'PENDING_VERIFICATION' });
    expect(await t.profiles.findProfileIdByEmail('mentee', EMAIL)).toBe('id-0001');
  });

  it('answers 201 for a valid mentor', async () => {
    const t = memoryDeps();
    expect((await submit(t, validMentor())).status).toBe(201);
  });

  it('names every bad field in a 400 problem+json', async () => {
    const paths = await expectRejected(validMentee({ name: '', email: 'nope', councilCode: 'X', skills: ['juggling'], consent: false }));
    expect(paths.sort()).toEqual(['consent', 'councilCode', 'email', 'name', 'skills.0']);
  });

  it('refuses, naming the field, a name with a lone surrogate (JSON escape \\ud800), a bidi override in goals, and an invisible-only job title', async () => {
    // The JSON escape arrives as a lone surrogate once parsed, as it would from any client.
    const loneSurrogate = JSON.stringify(validMentee({ name: 'NAME' })).replace('NAME', 'P\\ud800');
    expect(await expectRejected(loneSurrogate)).toEqual(['name']);
    expect(await expectRejected(validMentee({ goals: 'Goals \u202Etxt.exe' }))).toEqual(['goals']);
    expect(await expectRejected(validMentee({ jobTitle: '\u200b\u2800' }))).toEqual(['jobTitle']);
  });

  it('names an unknown field in a 400', async () => {
    expect(await expectRejected(validMentee({ status: 'ACTIVE' }))).toEqual(['status']);
  });

  it('refuses a body over 16 KiB with a 400, even when it is otherwise valid JSON', async () => {
    expect(await expectRejected(validMentee({ goals: 'x'.repeat(17 * 1024) }))).toEqual(['']);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', ''])('refuses the content type %j with a 400', async (type) => {
    expect(await expectRejected(validMentee(), type)).toEqual(['']);
  });

  it.each(['', 'not json', 'null', '[]', '"mentee"'])('refuses the body %j with a 400', async (body) => {
    expect(await expectRejected(body)).toEqual(['']);
  });

  it('sends no-store and nosniff headers on both outcomes', async () => {
    const t = memoryDeps();
    for (const body of [validMentee(), {}]) {
      const { headers } = await submit(t, body);
      expect(headers).toMatchObject({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    }
  });
});

describe('POST /api/profiles for an address that is already known', () => {
  it('looks the same for a new, a pending and an active address: 201 with a fresh id each time', async () => {
    const t = memoryDeps();
    const first = await submit(t, validMentee());
    const pending = await submit(t, validMentee({ jobTitle: 'Second' }));
    const verify = t.outbox.allOutbox().filter((m) => m.email.template === 'verify-email').at(-1)!;
    const profile = await confirmEmail(tokenFrom(verify.email, 'confirm-email'), t.deps);
    const active = await submit(t, validMentee({ jobTitle: 'Third' }));

    for (const r of [first, pending, active]) {
      expect(r.status).toBe(201);
      expect(Object.keys(r.json).sort()).toEqual(['id', 'status']);
      expect(r.json.status).toBe('PENDING_VERIFICATION');
    }
    expect(new Set([first.json.id, pending.json.id, active.json.id]).size).toBe(3);
    // The active profile keeps its id and details; the response never reveals that id.
    expect(active.json.id).not.toBe(profile.id);
    expect((await t.profiles.getProfile(profile.id))?.jobTitle).toBe('Second');
  });
});
