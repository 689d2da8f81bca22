/**
 * Property: whatever JSON arrives at POST /api/profiles, the answer is 201 or
 * 400 (never a 500), a 400 names its problems, and nothing is written unless
 * the answer is 201. Runs the real route through dispatch on the memory store.
 * Replay a failure with FC_SEED=<seed printed below>.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../functions/http/dispatch';
import type { HttpRequest } from '../../../functions/http/types';
import { submitProfileApi } from '../../../functions/intake/api';
import type { MemoryProfileStore } from '../../../shared/adapters/memory/profile-store';
import { confirmEmail } from '../../../shared/app/intake';
import { COUNCIL_CODES, FORMAT_IDS, SENIORITY_IDS, SKILL_IDS } from '../../../shared/reference';
import { fastCheckSeed, memoryDeps, tokenFrom } from '../../fixtures/deps';

const seed = fastCheckSeed('POST /api/profiles property');

const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'a\r\nBcc: x@evil.example', '\u0000', '', '   ', 'x'.repeat(300), '__proto__'];

/** Usually a valid value for the field (so whole bodies are often valid), else hostile text or any JSON at all. */
const field = (valid: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 24, arbitrary: valid },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );

type Arbitraries = Record<string, fc.Arbitrary<unknown>>;

const valid: Arbitraries = {
  name: fc.constantFrom('Priya Shah', "Siân O'Brien", 'Ada', 'Łukasz Nowak-Smith'),
  // Few addresses, varied case, so later steps hit the pending and active paths.
  email: fc.constantFrom('priya@leeds.gov.uk', 'PRIYA@Leeds.gov.uk', 'tom@fife.gov.uk'),
  councilCode: fc.constantFrom(...COUNCIL_CODES),
  jobTitle: fc.constantFrom('Head of digital', 'Service designer'),
  seniority: fc.constantFrom(...SENIORITY_IDS),
  format: fc.constantFrom(...FORMAT_IDS),
  consent: fc.constant(true),
  goals: fc.string({ minLength: 1, maxLength: 80 }).filter((s) => s.trim().length > 0),
  experience: fc.constantFrom('Ran a cloud migration.', 'Built a data team.\nTwice.'),
  capacity: fc.integer({ min: 1, max: 5 }),
};
const menteeSkills = fc.uniqueArray(fc.constantFrom(...SKILL_IDS), { minLength: 1, maxLength: 5 });
const mentorSkills = fc.uniqueArray(fc.constantFrom(...SKILL_IDS), { minLength: 1, maxLength: 10 });
const common = ['name', 'email', 'councilCode', 'jobTitle', 'seniority', 'format', 'consent'] as const;

/** Every field of one role, each usually valid: a good share of these bodies pass. */
const nearlyValid = (role: 'mentee' | 'mentor') => {
  const fields: Arbitraries = {
    role: fc.oneof({ weight: 8, arbitrary: fc.constant(role) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) }),
    skills: field(role === 'mentee' ? menteeSkills : mentorSkills),
  };
  const own = role === 'mentee' ? ['goals'] : ['capacity', 'experience'];
  for (const k of [...common, ...own]) fields[k] = field(valid[k]!);
  return fc.record(fields);
};

/** Any subset of the real field names (both roles'), plus sometimes unknown keys. */
const mixedFields = fc
  .tuple(
    fc.record(
      {
        role: field(fc.constantFrom('mentee', 'mentor')),
        ...Object.fromEntries([...common, 'goals', 'experience', 'capacity'].map((k) => [k, field(valid[k]!)])),
        skills: field(menteeSkills),
      },
      { requiredKeys: [] },
    ),
    fc.option(fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }), { nil: undefined }),
  )
  .map(([known, unknown]) => ({ ...unknown, ...known }));

const body = fc.oneof(
  { weight: 4, arbitrary: nearlyValid('mentee') as fc.Arbitrary<unknown> },
  { weight: 4, arbitrary: nearlyValid('mentor') },
  { weight: 3, arbitrary: mixedFields },
  { weight: 2, arbitrary: fc.jsonValue() },
);

const step = fc.record({ body, confirmAfter: fc.boolean() });

const request = (json: string): HttpRequest => ({
  method: 'POST',
  path: '/api/profiles',
  query: {},
  params: {},
  cookies: {},
  headers: { 'content-type': 'application/json' },
  body: json,
  requestId: 'req-prop',
});

/** Counts every write a submission can make, so "nothing stored" is checked directly. */
function countingWrites(profiles: MemoryProfileStore) {
  const counter = { writes: 0 };
  const counted = Object.create(profiles) as MemoryProfileStore;
  for (const name of ['createProfile', 'replacePendingProfile', 'savePendingUpdate'] as const) {
    const original = profiles[name].bind(profiles) as (...args: unknown[]) => Promise<void>;
    (counted as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      await original(...args);
      counter.writes++;
    };
  }
  return { counted, counter };
}

describe('POST /api/profiles with arbitrary JSON', () => {
  it('answers 201 or 400 (never 500), names problems on 400, and stores only on 201', async () => {
    const outcomes = { created: 0, rejected: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 3 }), async (steps) => {
        const t = memoryDeps();
        const errorsLogged: unknown[] = [];
        const { counted, counter } = countingWrites(t.profiles);
        const deps = { ...t.deps, profiles: counted, logger: { ...t.deps.logger, error: (...a: unknown[]) => errorsLogged.push(a) } };

        for (const { body, confirmAfter } of steps) {
          const json = JSON.stringify(body) ?? 'null';
          const [writesBefore, queuedBefore] = [counter.writes, new Set(t.outbox.allOutbox().map((m) => m.id))];
          const response = await dispatch(submitProfileApi, request(json), deps);

          expect([201, 400]).toContain(response.status);
          const answer = JSON.parse(response.body);
          if (response.status === 201) {
            outcomes.created++;
            expect(response.headers['content-type']).toBe('application/json');
            expect(answer).toEqual({ id: expect.any(String), status: 'PENDING_VERIFICATION' });
            expect(counter.writes).toBe(writesBefore + 1);
            // Exactly one new email is queued (a replaced pending profile's unsent email goes with it).
            const added = t.outbox.allOutbox().filter((m) => !queuedBefore.has(m.id));
            expect(added).toHaveLength(1);
            const queued = added[0]!;
            if (confirmAfter && queued.email.template === 'verify-email') {
              await confirmEmail(tokenFrom(queued.email, 'confirm-email'), deps);
            }
          } else {
            outcomes.rejected++;
            expect(response.headers['content-type']).toBe('application/problem+json');
            expect(Array.isArray(answer.errors) && answer.errors.length > 0).toBe(true);
            for (const e of answer.errors) {
              expect(Object.keys(e).sort()).toEqual(['message', 'path']);
              expect(typeof e.path).toBe('string');
              expect(typeof e.message === 'string' && e.message.length > 0).toBe(true);
            }
            expect(counter.writes).toBe(writesBefore);
            expect(t.outbox.allOutbox()).toHaveLength(queuedBefore.size);
          }
        }
        expect(errorsLogged).toEqual([]);
      }),
      { seed, numRuns: 300 },
    );
    // The generators are only useful if both outcomes are common (typically about 30% and 70%).
    const total = outcomes.created + outcomes.rejected;
    expect(outcomes.created / total).toBeGreaterThan(0.1);
    expect(outcomes.rejected / total).toBeGreaterThan(0.1);
  });

  it('answers 400 and stores nothing for any body that is not JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (raw) => {
        fc.pre(!isJson(raw));
        const t = memoryDeps();
        const response = await dispatch(submitProfileApi, request(raw), t.deps);
        expect(response.status).toBe(400);
        expect(JSON.parse(response.body).errors).toEqual([{ path: '', message: 'The request body is not valid JSON' }]);
        expect(t.outbox.allOutbox()).toEqual([]);
      }),
      { seed, numRuns: 200 },
    );
  });
});

function isJson(text: string) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
