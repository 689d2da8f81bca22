/** The public JSON API of intake: health, reference data, profile submission. */
import { submitProfile } from '../../shared/app/intake';
import { publicReference } from '../../shared/reference';
import { readJson } from '../http/body';
import { apiError } from '../http/errors';
import { json } from '../http/responses';
import type { Route } from '../http/types';

export const health: Route = {
  id: 'health',
  feature: 'intake',
  method: 'GET',
  path: '/health',
  permissions: ['table:read', 'mail:status'],
  async handle(_request, deps) {
    const check = (p: Promise<void>) =>
      Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref())]).then(
        () => 'ok' as const,
        () => 'unavailable' as const,
      );
    const [table, mailer] = await Promise.all([check(deps.profiles.ping()), check(deps.mailer.ping())]);
    const ok = table === 'ok' && mailer === 'ok';
    return json(ok ? 200 : 503, ok ? { status: 'ok' } : { status: 'unavailable', checks: { table, mailer } });
  },
};

// Built once per cold start: the reference data is static.
const referenceBody = publicReference();

export const reference: Route = {
  id: 'reference',
  feature: 'intake',
  method: 'GET',
  path: '/api/reference',
  permissions: [],
  async handle() {
    return json(200, referenceBody, { 'cache-control': 'public, max-age=3600' });
  },
};

export const submitProfileApi: Route = {
  id: 'submit-profile',
  feature: 'intake',
  method: 'POST',
  path: '/api/profiles',
  permissions: ['table:write', 'signing-key'],
  async handle(request, deps) {
    try {
      return json(201, await submitProfile(readJson(request), deps));
    } catch (error) {
      return apiError(error, request, deps.logger);
    }
  },
};
