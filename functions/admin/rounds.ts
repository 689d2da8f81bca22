/** Admin API for matching rounds: the history, and a round run now (audited). */
import { json } from '../http/responses';
import { defineRoute } from '../http/types';
import { actorOf } from './actor';

/** How many past rounds the history shows. */
const ROUND_HISTORY = 50;

export const listRounds = defineRoute({
  id: 'admin-list-rounds',
  surface: 'admin',
  method: 'GET',
  path: '/api/admin/rounds',
  access: 'admin',
  answers: 'json',
  input: { from: 'none' },
  permissions: ['table:read'],
  async handle(_input, { deps }) {
    return json(200, { rounds: await deps.rounds.listRounds(ROUND_HISTORY) });
  },
});

export const runRound = defineRoute({
  id: 'admin-run-round',
  surface: 'admin',
  method: 'POST',
  path: '/api/admin/rounds',
  access: 'admin',
  answers: 'json',
  input: { from: 'none' },
  // The round writes proposals and their emails (whose links it signs); the outbox sender sends them.
  permissions: ['table:write', 'signing-key'],
  async handle(_input, { principal, deps }) {
    // On demand: the matching engine stays out of the admin function's start.
    const { runRoundForAdmin } = await import('../../shared/app/admin-round');
    const record = await runRoundForAdmin(actorOf(principal), deps);
    // Ids and counts only: the admin's email is personal data.
    deps.logger.info('Admin ran a round', { adminSubject: principal.subject, roundId: record?.id });
    if (!record) return json(409, { title: 'Another round is running; try again when it has finished' });
    return json(200, { roundId: record.id, proposed: record.proposed });
  },
});
