/**
 * The admin API's actions on people and matches, each audited (the use
 * cases in shared/app/admin.ts write the entry), and the look-ups by id
 * they start from. Unknown ids answer 404, a wrong state 409, both as
 * problem+json.
 */
import * as z from 'zod';
import { erasePersonForAdmin, pauseMentorForAdmin, resumeMentorForAdmin, withdrawProposal } from '../../shared/app/admin';
import { NotFound } from '../../shared/domain/errors';
import type { Match } from '../../shared/domain/match';
import type { Profile } from '../../shared/domain/profile';
import type { Deps } from '../../shared/ports';
import { json } from '../http/responses';
import { defineRoute } from '../http/types';
import { actorOf, Id } from './actor';

const AUDIT_SHOWN = 50;

/** The person as an admin sees them: their profile, matching state, matches and audit history. */
export async function personView(id: string, deps: Deps) {
  const person = await deps.profiles.getProfileWithState(id);
  if (!person) throw new NotFound('Person');
  const matchIds = await deps.matches.listMatchIdsOf(id);
  const matches = (await Promise.all(matchIds.map((m) => deps.matches.getMatch(m)))).filter((m): m is Match => !!m);
  matches.sort((a, b) => b.proposedAt.localeCompare(a.proposedAt));
  return { person, matches, audit: await deps.audit.listAuditOf(id, AUDIT_SHOWN) };
}

const brief = (p: Profile | undefined) => (p ? { id: p.id, role: p.role, name: p.name, councilCode: p.councilCode, region: p.region, status: p.status } : null);

/** The match with both people in brief (null for someone erased since) and its audit history. */
export async function matchView(id: string, deps: Deps) {
  const match = await deps.matches.getMatch(id);
  if (!match) throw new NotFound('Match');
  const [mentee, mentor, feedback, audit] = await Promise.all([
    deps.profiles.getProfile(match.menteeId),
    deps.profiles.getProfile(match.mentorId),
    deps.matches.listFeedback(id),
    deps.audit.listAuditOf(id, AUDIT_SHOWN),
  ]);
  return { match, mentee: brief(mentee), mentor: brief(mentor), feedback, audit };
}

const ById = z.object({ id: Id });
const ByMatchId = z.object({ matchId: Id });

export const getPersonApi = defineRoute({
  id: 'admin-get-person',
  surface: 'admin',
  method: 'GET',
  path: '/api/admin/people/{id}',
  access: 'admin',
  answers: 'json',
  input: { from: 'query', schema: ById },
  permissions: ['table:read'],
  async handle({ id }, { deps }) {
    return json(200, await personView(id, deps));
  },
});

export const getMatchApi = defineRoute({
  id: 'admin-get-match',
  surface: 'admin',
  method: 'GET',
  path: '/api/admin/matches/{id}',
  access: 'admin',
  answers: 'json',
  input: { from: 'query', schema: ById },
  permissions: ['table:read'],
  async handle({ id }, { deps }) {
    return json(200, await matchView(id, deps));
  },
});

/** Writes mail (with signed links) and audit entries. */
const WRITES = ['table:write', 'signing-key'] as const;

export const pauseMentorApi = defineRoute({
  id: 'admin-pause-mentor',
  surface: 'admin',
  method: 'POST',
  path: '/api/admin/mentors/{id}/pause',
  access: 'admin',
  answers: 'json',
  input: { from: 'query', schema: ById },
  permissions: WRITES,
  async handle({ id }, { principal, deps }) {
    return json(200, await pauseMentorForAdmin(id, actorOf(principal), deps));
  },
});

export const resumeMentorApi = defineRoute({
  id: 'admin-resume-mentor',
  surface: 'admin',
  method: 'POST',
  path: '/api/admin/mentors/{id}/resume',
  access: 'admin',
  answers: 'json',
  input: { from: 'query', schema: ById },
  permissions: WRITES,
  async handle({ id }, { principal, deps }) {
    return json(200, await resumeMentorForAdmin(id, actorOf(principal), deps));
  },
});

export const withdrawProposalApi = defineRoute({
  id: 'admin-withdraw-proposal',
  surface: 'admin',
  method: 'POST',
  path: '/api/admin/proposals/{matchId}/withdraw',
  access: 'admin',
  answers: 'json',
  input: { from: 'query', schema: ByMatchId },
  permissions: WRITES,
  async handle({ matchId }, { principal, deps }) {
    const match = await withdrawProposal(matchId, actorOf(principal), deps);
    return json(200, { matchId: match.id, status: match.status, withdrawnBy: match.withdrawnBy });
  },
});

export const erasePersonApi = defineRoute({
  id: 'admin-erase-person',
  surface: 'admin',
  method: 'POST',
  path: '/api/admin/people/{id}/erase',
  access: 'admin',
  answers: 'json',
  input: { from: 'query', schema: ById },
  permissions: WRITES,
  async handle({ id }, { principal, deps }) {
    return json(200, await erasePersonForAdmin(id, actorOf(principal), deps));
  },
});
