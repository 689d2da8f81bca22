/**
 * Every key of the one table is built here. Access patterns:
 *
 * | pattern                                   | index | key                                                     |
 * | ----------------------------------------- | ----- | ------------------------------------------------------- |
 * | profile by id                             | table | pk PROFILE#<id>, sk PROFILE                              |
 * | profile id by role and email (uniqueness) | table | pk EMAIL#<role>#<sha256(email)>, sk EMAIL                |
 * | pending update of a profile               | table | pk PROFILE#<id>, sk UPDATE#<updateId>                    |
 * | outbox message of a person                | table | pk PROFILE#<id>, sk OUTBOX#<messageId>                   |
 * | outbox message to an erased person        | table | pk OUTBOX#<messageId>, sk OUTBOX#<messageId>             |
 * | everything of a person (erasure)          | table | Query pk PROFILE#<id>                                    |
 * | profiles by role and status (rounds)      | gsi1  | gsi1pk PROFILES#<role>#<status>, gsi1sk <createdAt>#<id> |
 * | outbox messages due for sending           | gsi1  | gsi1pk OUTBOX#DUE, gsi1sk <dueAt>#<messageId> (sparse)   |
 * | match by id                               | table | pk MATCH#<id>, sk MATCH                                  |
 * | a person's matches (erasure, ending)      | table | pk PROFILE#<id>, sk MATCH#<matchId> (reference items)    |
 * | feedback on a match                       | table | pk MATCH#<id>, sk FEEDBACK#<mentee or mentor>            |
 * | matches by status, oldest first           | gsi1  | gsi1pk MATCHES#<status>, gsi1sk <proposedAt>#<id>        |
 * | the round lease (one round at a time)     | table | pk LOCK#ROUND, sk LOCK                                   |
 * | round by id                               | table | pk ROUND#<id>, sk ROUND                                  |
 * | rounds, newest first                      | gsi1  | gsi1pk ROUNDS, gsi1sk <startedAt>#<id>                   |
 * | suppressed address (bounce, complaint)    | table | pk SUPPRESSED#<sha256(email)>, sk SUPPRESSED             |
 *
 * The email is hashed in its key so keys, which appear in logs and metrics,
 * carry no personal data; the address itself lives only in the profile item.
 * OUTBOX#DUE is one partition: fine for thousands of emails a day, the scale
 * of this programme; shard it by a suffix if that ever changes.
 */
import { createHash } from 'node:crypto';
import type { Role } from '../../domain/profile';

export interface Key {
  pk: string;
  sk: string;
}

/** Lower-cased and trimmed before hashing, so case and stray spaces name the same person. */
const emailHash = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('hex');

export const keys = {
  profile: (id: string): Key => ({ pk: `PROFILE#${id}`, sk: 'PROFILE' }),
  personPartition: (id: string) => `PROFILE#${id}`,
  email: (role: Role, email: string): Key => ({
    pk: `EMAIL#${role}#${emailHash(email)}`,
    sk: 'EMAIL',
  }),
  update: (profileId: string, updateId: string): Key => ({ pk: `PROFILE#${profileId}`, sk: `UPDATE#${updateId}` }),
  outbox: (id: string, ownerId?: string): Key =>
    ownerId ? { pk: `PROFILE#${ownerId}`, sk: `OUTBOX#${id}` } : { pk: `OUTBOX#${id}`, sk: `OUTBOX#${id}` },
  profilesByStatus: (role: Role, status: string) => ({ gsi1pk: `PROFILES#${role}#${status}` }),
  profileIndexSort: (createdAt: string, id: string) => `${createdAt}#${id}`,
  outboxDue: (dueAt: string, id: string) => ({ gsi1pk: 'OUTBOX#DUE', gsi1sk: `${dueAt}#${id}` }),
  OUTBOX_DUE: 'OUTBOX#DUE',
  match: (id: string): Key => ({ pk: `MATCH#${id}`, sk: 'MATCH' }),
  matchRef: (personId: string, matchId: string): Key => ({ pk: `PROFILE#${personId}`, sk: `MATCH#${matchId}` }),
  matchesByStatus: (status: string) => ({ gsi1pk: `MATCHES#${status}` }),
  feedback: (matchId: string, from: string): Key => ({ pk: `MATCH#${matchId}`, sk: `FEEDBACK#${from}` }),
  roundLock: (): Key => ({ pk: 'LOCK#ROUND', sk: 'LOCK' }),
  round: (id: string): Key => ({ pk: `ROUND#${id}`, sk: 'ROUND' }),
  ROUNDS: 'ROUNDS',
  suppression: (email: string): Key => ({ pk: `SUPPRESSED#${emailHash(email)}`, sk: 'SUPPRESSED' }),
};
