/**
 * "Every admin action is audited": each admin route that changes something
 * (every one that is not a GET) writes exactly one audit entry, with the
 * admin who called it, when run through dispatch as a real request. A new
 * such route fails here until it has a case below, so none can slip by
 * unaudited.
 */
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../functions/http/dispatch';
import type { HttpRequest } from '../../../functions/http/types';
import { routes } from '../../../functions/routes';
import { runMatchingRound } from '../../../shared/app/rounds';
import type { AdminTokenVerifier, Deps } from '../../../shared/ports';
import { memoryDeps } from '../../fixtures/deps';
import { seedMentee, seedMentor } from '../../support/matching';

const ADMIN = { subject: 'sub-admin-7', email: 'admin@socitm.test', groups: ['admins'] };
const verifier: AdminTokenVerifier = { verify: async (token) => (token === 'good' ? ADMIN : undefined) };

interface Case {
  /** Makes what the action acts on; returns the path parameters and the body. */
  setUp(deps: Deps): Promise<{ params?: Record<string, string>; body?: string }>;
  action: string;
}

const activeMentor = async (deps: Deps) => ({ params: { id: (await seedMentor(deps)).id } });
const pausedMentor = async (deps: Deps) => {
  const mentor = await seedMentor(deps);
  await deps.profiles.setPaused(mentor.id, true, deps.clock.now().toISOString(), []);
  return { params: { id: mentor.id } };
};
const openProposal = async (deps: Deps) => {
  await seedMentor(deps);
  await seedMentee(deps);
  await runMatchingRound(deps, { trigger: 'schedule' });
  const [match] = await deps.matches.listMatches('PROPOSED');
  return { params: { matchId: match!.id } };
};
const person = async (deps: Deps) => ({ params: { id: (await seedMentee(deps)).id } });
const none = async () => ({});

const CASES: Record<string, Case> = {
  'admin-run-round-page': { setUp: none, action: 'round.run' },
  'admin-run-round': { setUp: none, action: 'round.run' },
  'admin-logout': { setUp: none, action: 'sign-out' },
  'admin-pause-mentor': { setUp: activeMentor, action: 'mentor.pause' },
  'admin-pause-mentor-page': { setUp: activeMentor, action: 'mentor.pause' },
  'admin-resume-mentor': { setUp: pausedMentor, action: 'mentor.resume' },
  'admin-resume-mentor-page': { setUp: pausedMentor, action: 'mentor.resume' },
  'admin-withdraw-proposal': { setUp: openProposal, action: 'proposal.withdraw' },
  'admin-withdraw-proposal-page': { setUp: openProposal, action: 'proposal.withdraw' },
  'admin-erase-person': { setUp: person, action: 'person.erase' },
  'admin-erase-person-page': { setUp: person, action: 'person.erase' },
  'admin-put-weights': { setUp: async () => ({ body: JSON.stringify({ skills: 50 }) }), action: 'weights.change' },
  'admin-save-weights-page': { setUp: async () => ({ body: 'skills=50' }), action: 'weights.change' },
};

const changing = routes.filter((r) => r.access === 'admin' && r.method !== 'GET');

describe('admin routes that change something', () => {
  it('each have a case here', () => {
    expect(changing.map((r) => r.id).sort()).toEqual(Object.keys(CASES).sort());
  });

  it.each(changing.map((r) => [r.id, r] as const))('%s writes one audit entry naming the admin', async (id, route) => {
    const { deps, audit } = memoryDeps();
    const { params = {}, body = '' } = await CASES[id]!.setUp(deps);
    const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? '');
    const contentType = route.input.from === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
    const request: HttpRequest = {
      method: route.method,
      path,
      query: {},
      params,
      headers: { authorization: 'Bearer good', 'content-type': contentType },
      cookies: {},
      body,
      requestId: 'req-1',
    };
    const before = audit.all().length;
    const response = await dispatch(route, request, deps, { adminTokens: verifier });
    expect(response.status, response.body).toBeLessThan(400);
    const entries = audit.all().slice(before);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: CASES[id]!.action, actor: { subject: ADMIN.subject, email: ADMIN.email, via: 'api' } });
  });
});
