/** The public JSON API of intake: health, reference data, profile submission. */
import { receiveSubmission } from '../../shared/app/intake';
import { ProfileSubmissionInput } from '../../shared/domain/profile';
import { publicReference } from '../../shared/reference';
import { json } from '../http/responses';
import { defineRoute } from '../http/types';

export const health = defineRoute({
  id: 'health',
  surface: 'api',
  method: 'GET',
  path: '/health',
  access: 'public',
  answers: 'json',
  input: { from: 'none' },
  permissions: ['table:read', 'mail:status'],
  async handle(_input, { deps }) {
    const check = (p: Promise<void>) =>
      Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref())]).then(
        () => 'ok' as const,
        () => 'unavailable' as const,
      );
    const [table, mailer] = await Promise.all([check(deps.profiles.ping()), check(deps.mailer.ping())]);
    const ok = table === 'ok' && mailer === 'ok';
    return json(ok ? 200 : 503, ok ? { status: 'ok' } : { status: 'unavailable', checks: { table, mailer } });
  },
});

// Built once per cold start: the reference data is static.
const referenceBody = publicReference();

export const reference = defineRoute({
  id: 'reference',
  surface: 'api',
  method: 'GET',
  path: '/api/reference',
  access: 'public',
  answers: 'json',
  input: { from: 'none' },
  permissions: [],
  async handle() {
    return json(200, referenceBody, { 'cache-control': 'public, max-age=3600' });
  },
});

export const submitProfileApi = defineRoute({
  id: 'submit-profile',
  surface: 'api',
  method: 'POST',
  path: '/api/profiles',
  access: 'public',
  answers: 'json',
  input: { from: 'json', schema: ProfileSubmissionInput },
  // The links are signed when the submission is placed, after the answer (shared/app/intake.ts).
  permissions: ['table:write'],
  async handle(submission, { deps }) {
    return json(201, await receiveSubmission(submission, deps));
  },
});
