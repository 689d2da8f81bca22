/**
 * Erasure racing every other transition, on DynamoDB Local: for each pair
 * (erase × accept, decline, end, a round proposing the person, confirming an
 * update, the deadlines job), erasing the mentee and erasing the mentor, 50
 * randomised interleavings. After each the erasure must have left:
 * - no PROPOSED or ACCEPTED match referencing a deleted person;
 * - the survivor's counts and open match agreeing with their matches, so
 *   they can be matched again;
 * - nothing of the erased person stored, and no queued email that describes
 *   them (other than the confirmation to the erased person);
 * - every loser answered with a domain error (a clear 409 page), never a 500.
 *
 * The races go through the use cases with deps on DynamoDB Local (HTTP for
 * all of them would take minutes); one suite races accept against erase over
 * HTTP. Interleavings are randomised by a seeded pause before each store call
 * and a head start of up to 150 ms for either side; the seed is printed, and
 * ERASURE_RACE_SEED=<seed> replays the same choices (the I/O timing is the
 * machine's, so a replay is likely, not certain, to take the same path).
 *
 * Six slots run at once, each on a table of its own, one race at a time
 * (more slots only wait longer on DynamoDB Local; fewer leave it idle):
 * a round and the deadlines job read the whole table, so each sees only its
 * own race. After a round's race the survivor is paused, so later rounds
 * ignore them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type RunningDynamoDbLocal, startDynamoDbLocal } from '../../infra/local/emulators';
import { SESClient } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseProfile } from '../../shared/app/erasure';
import { submitProfile, confirmUpdate } from '../../shared/app/intake';
import { endMatch } from '../../shared/app/lifecycle';
import { actionLink } from '../../shared/app/links';
import { drainOutbox } from '../../shared/app/outbox';
import { processProposalDeadlines } from '../../shared/app/proposals';
import { runMatchingRound } from '../../shared/app/rounds';
import { buildDeps, emulatorClientConfig } from '../../shared/deps';
import { DomainError } from '../../shared/domain/errors';
import { DEFAULT_MATCH_POLICY } from '../../shared/domain/match';
import { freshMatchingState } from '../../shared/domain/matching-state';
import { deriveCouncilFacts, parseProfileSubmission, type Profile } from '../../shared/domain/profile';
import type { Deps, ProfileWithState } from '../../shared/ports';
import { silentLogger, validMentee, validMentor } from '../fixtures/deps';
import { postForm, startTestApp, tokenOf, type TestApp } from '../support/app';
import { seededRandom } from '../fixtures/profiles';
import { newTestTable, type TestTable } from '../support/dynamodb';
import { emulatorEndpoints } from '../support/endpoints';
import { listMail } from '../support/mail';
import { acceptWith, declineWith, proposeDirect } from '../support/matching';

const SEED = Number(process.env.ERASURE_RACE_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RACES = 50;
const SLOTS = 6;
const DAY = 86_400_000;

/** The fixtures' seeded generator (mulberry32), so a seed replays the same choices. */
const random = seededRandom;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The store with a random pause (0–3 ms) before each call, so two operations' steps interleave differently each race. */
function jittered<T extends object>(store: T, rng: () => number): T {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await pause(rng() * 3);
        return value.apply(target, args);
      };
    },
  });
}

const jitteredDeps = (deps: Deps, rng: () => number): Deps => ({
  ...deps,
  profiles: jittered(deps.profiles, rng),
  matches: jittered(deps.matches, rng),
  outbox: jittered(deps.outbox, rng),
});

type Role = 'mentee' | 'mentor';
type Pair = 'accept' | 'decline' | 'end' | 'round' | 'confirm-update' | 'deadlines';

interface People {
  mentee: ProfileWithState;
  mentor: ProfileWithState;
}

/** A person nobody else has: their name and address are what a leaked email would show. */
const uniqueName = (role: Role) => `${role === 'mentee' ? 'Mentee' : 'Mentor'} ${randomBytes(5).toString('hex')}`;
const uniqueEmail = (role: Role) => `${role}-${randomBytes(6).toString('hex')}@council.example.gov.uk`;

/**
 * An ACTIVE person through the profile store (sign-up, then confirmation), returned as the store now holds
 * them without reading them back: 600 races make every request count on a busy machine.
 */
async function seedPerson(deps: Deps, body: Record<string, unknown>): Promise<ProfileWithState> {
  const at = new Date().toISOString();
  const submission = parseProfileSubmission(body);
  const profile: Profile = { ...submission, ...deriveCouncilFacts(submission.councilCode), id: randomUUID(), status: 'PENDING_VERIFICATION', createdAt: at, updatedAt: at, consentedAt: at };
  await deps.profiles.createProfile(profile, []);
  await deps.profiles.activateProfile(profile.id, at);
  return { ...profile, status: 'ACTIVE', verifiedAt: at, matching: { ...freshMatchingState(), waitingSince: profile.role === 'mentee' ? at : undefined } };
}

async function seedPair(deps: Deps): Promise<People> {
  const [mentee, mentor] = await Promise.all([
    seedPerson(deps, validMentee({ name: uniqueName('mentee'), email: uniqueEmail('mentee') })),
    seedPerson(deps, validMentor({ name: uniqueName('mentor'), email: uniqueEmail('mentor'), capacity: 2 })),
  ]);
  return { mentee, mentor };
}

/** Accepted straight through the store (the introductions are not the point here, and cost requests). */
const acceptDirect = (deps: Deps, matchId: string) =>
  deps.matches.accept(matchId, { rhythm: 'monthly', durationMonths: 6, decidedAt: new Date().toISOString() }, []);

/** A proposal between the two, passing them as read (as a round does), so the store reads neither again. */
const propose = (deps: Deps, { mentee, mentor }: People) => proposeDirect(deps, mentee, mentor, { asRead: true });

/** Later than the use cases' own clock by `ms` (the stores keep the real one: DynamoDB Local's TTL runs on it). */
const later = (deps: Deps, ms: number): Deps => ({ ...deps, clock: { now: () => new Date(Date.now() + ms) } });

/**
 * Sets up what the other operation acts on and returns it, ready to run.
 * `rng` picks the variant (which side ends, whether the job reminds or expires).
 */
async function prepare(
  pair: Pair,
  erased: Role,
  people: People,
  deps: Deps,
  rng: () => number,
): Promise<(d: Deps) => Promise<unknown>> {
  switch (pair) {
    case 'accept': {
      const p = await propose(deps, people);
      return (d) => acceptWith(p.acceptToken, { rhythm: 'monthly', durationMonths: '6' }, d);
    }
    case 'decline': {
      const p = await propose(deps, people);
      return (d) => declineWith(p.declineToken, { reason: 'Too busy this term' }, d);
    }
    case 'end': {
      const p = await propose(deps, people);
      await acceptDirect(deps, p.match.id);
      const side: Role = rng() < 0.5 ? 'mentee' : 'mentor';
      const token = tokenOf(actionLink(deps, 'end', `${p.match.id}:${side}`, DEFAULT_MATCH_POLICY.longLinkDays));
      return (d) => endMatch(token, d);
    }
    case 'round':
      return (d) => runMatchingRound(d, { trigger: 'admin' });
    case 'confirm-update': {
      // The person about to be erased changed their details and confirms them as the erasure runs.
      const person = people[erased];
      const body =
        erased === 'mentee'
          ? validMentee({ email: person.email, name: `${person.name} Jr` })
          : validMentor({ email: person.email, name: `${person.name} Jr`, capacity: 3 });
      const { id: updateId } = await submitProfile(parseProfileSubmission(body), deps);
      const token = tokenOf(actionLink(deps, 'confirm-update', `${person.id}:${updateId}`, 7));
      // A proposal or a match between them too, so confirming the update meets the erasure's closing of it.
      const p = await propose(deps, people);
      if (rng() < 0.5) await acceptDirect(deps, p.match.id);
      return (d) => confirmUpdate(token, d);
    }
    case 'deadlines': {
      await propose(deps, people);
      // Past the reminder, or past the expiry.
      const ahead =
        rng() < 0.5
          ? DEFAULT_MATCH_POLICY.reminderAfterDays * DAY + 60_000
          : DEFAULT_MATCH_POLICY.expireAfterDays * DAY + 60_000;
      return (d) => processProposalDeadlines(later(d, ahead));
    }
  }
}

const OPEN = new Set(['PROPOSED', 'ACCEPTED']);

/** What is wrong after an erasure of `erased` (empty when every guarantee held). */
async function violations(
  deps: Deps,
  people: People,
  erased: Role,
  outcomes: PromiseSettledResult<unknown>[],
): Promise<string[]> {
  const found: string[] = [];
  const gone = people[erased];
  const survivorRole: Role = erased === 'mentee' ? 'mentor' : 'mentee';
  const [erasure, other] = outcomes;
  if (erasure?.status === 'rejected') found.push(`the erasure failed: ${String(erasure.reason)}`);
  if (other?.status === 'rejected' && !(other.reason instanceof DomainError))
    found.push(`the other operation failed with a 500: ${String(other.reason)}`);

  // The profile item is one of them.
  const left = await deps.profiles.countItemsOf(gone.id);
  if (left > 0) found.push(`${left} items of the erased person are still stored`);

  const survivor = await deps.profiles.getProfileWithState(people[survivorRole].id);
  if (!survivor) return [...found, 'the survivor was deleted'];
  const matches = (
    await Promise.all((await deps.matches.listMatchIdsOf(survivor.id)).map((id) => deps.matches.getMatch(id)))
  ).filter((m) => m !== undefined);
  const open = matches.filter((m) => OPEN.has(m.status));
  for (const m of open) {
    const [a, b] = await Promise.all([deps.profiles.getProfile(m.menteeId), deps.profiles.getProfile(m.mentorId)]);
    if (!a || !b) found.push(`match ${m.status} references a deleted person`);
  }
  if (survivorRole === 'mentor') {
    const accepted = open.filter((m) => m.status === 'ACCEPTED').length;
    const proposed = open.filter((m) => m.status === 'PROPOSED').length;
    if (survivor.matching.acceptedCount !== accepted)
      found.push(`mentor acceptedCount ${survivor.matching.acceptedCount}, accepted matches ${accepted}`);
    if (survivor.matching.proposedCount !== proposed)
      found.push(`mentor proposedCount ${survivor.matching.proposedCount}, proposals ${proposed}`);
  } else {
    if (open.length > 1) found.push(`mentee in ${open.length} open matches`);
    if (survivor.matching.openMatchId !== open[0]?.id)
      found.push(`mentee openMatchId ${survivor.matching.openMatchId ?? 'none'}, open match ${open[0]?.id ?? 'none'}`);
  }

  // Queued mail that describes the erased person, or reaches them other than to confirm the erasure.
  const queued = await deps.outbox.dueOutbox(new Date(Date.now() + 365 * DAY), 1000);
  for (const m of queued) {
    const toErased = m.email.to.toLowerCase() === gone.email.toLowerCase();
    if (toErased && m.email.template === 'erasure-done') continue;
    const body = `${m.email.subject}\n${m.email.text}\n${m.email.html}`;
    if (toErased || body.includes(gone.name) || body.includes(gone.email))
      found.push(`a queued "${m.email.template}" email ${toErased ? 'to' : 'describes'} the erased person`);
  }
  return found;
}

interface Slot {
  table: TestTable;
  deps: Deps;
}

let slots: Slot[] = [];
// A DynamoDB Local of this file's own: 600 races load it as hard as anything can, and the JVM answers
// the files after them several times slower (answer-time medians of 5 ms became 35 ms).
let own: RunningDynamoDbLocal;

beforeAll(async () => {
  own = await startDynamoDbLocal();
  console.log(`erasure races: seed ${SEED} (replay with ERASURE_RACE_SEED=${SEED})`);
  const { ses } = emulatorEndpoints();
  slots = await Promise.all(
    Array.from({ length: SLOTS }, async () => {
      const table = await newTestTable(own.endpoint);
      const deps = buildDeps({
        tableName: table.tableName,
        // The races are requests' work (accept, erase, end…): a client of their own with a request's deadlines and
        // attempts, as the server's, rather than the harness's, whose extra attempt retries every conflict with backoff.
        dynamodb: new DynamoDBClient(emulatorClientConfig(own.endpoint)),
        ses: new SESClient(emulatorClientConfig(ses)),
        signingKey: Buffer.alloc(32, 5),
        baseUrl: 'http://localhost.test',
        mailFrom: 'mentor-match@localhost.test',
        logger: silentLogger,
      });
      return { table, deps };
    }),
  );
});

afterAll(async () => {
  await Promise.all(slots.map((s) => s.table.drop()));
  await own?.stop();
});

/** One race: set up, run the erasure and the other operation at once, check, and pause the survivor. */
async function race(slot: Slot, pair: Pair, erased: Role, seed: number): Promise<{ found: string[]; otherWon: boolean }> {
  const rng = random(seed);
  const { deps } = slot;
  const people = await seedPair(deps);
  const run = await prepare(pair, erased, people, deps, rng);
  const eraseToken = tokenOf(actionLink(deps, 'erase', people[erased].id, 30));
  // Either may start first, by up to 150 ms: on a busy machine a store call takes tens of milliseconds,
  // so both orders and every overlap between them come up.
  const lead = (rng() * 2 - 1) * 150;
  const [eraseDelay, otherDelay] = [Math.max(0, lead), Math.max(0, -lead)];
  const outcomes = await Promise.allSettled([
    pause(eraseDelay).then(() => eraseProfile(eraseToken, jitteredDeps(deps, random(seed + 1)))),
    pause(otherDelay).then(() => run(jitteredDeps(deps, random(seed + 2)))),
  ]);
  const found = await violations(deps, people, erased, outcomes);
  // Later rounds in this slot's table ignore a paused survivor (no other pair reads more than its own people).
  const survivor = people[erased === 'mentee' ? 'mentor' : 'mentee'];
  if (pair === 'round')
    await deps.profiles.setPaused(survivor.id, true, new Date().toISOString(), []).catch(() => undefined);
  return { found, otherWon: outcomes[1]?.status === 'fulfilled' };
}

/** Every race of a pair, the slots taking them in turn; the failures, each with the seed that replays it. */
async function raceAll(pair: Pair, erased: Role, base: number) {
  const failures: string[] = [];
  let next = 0;
  let otherWon = 0;
  await Promise.all(
    slots.map(async (slot) => {
      while (next < RACES) {
        const seed = base + next++;
        const outcome = await race(slot, pair, erased, seed);
        if (outcome.otherWon) otherWon++;
        if (outcome.found.length > 0) failures.push(`seed ${seed}: ${outcome.found.join('; ')}`);
      }
    }),
  );
  // Which side won how often shows the interleavings reached both orders.
  console.log(`erase ${erased} × ${pair}: ${failures.length} of ${RACES} races broke a guarantee; ${pair} answered without error in ${otherWon}`);
  if (failures.length > 0) console.log(`  ${failures.join('\n  ')}`);
  return failures;
}

// Over HTTP first, while DynamoDB Local holds little: the app answers within its request deadlines.
describe('over HTTP: POST /accept and POST /erase at the same moment', () => {
  let world: TestApp;
  /** Deps on the app's table without the app's 2 s request deadline, for setting up and checking on a busy machine. */
  let setup: Deps;
  beforeAll(async () => {
    // The outbox is drained by the test after the races, so whatever the erasure left queued is sent and seen.
    world = await startTestApp({ outboxIntervalMs: 0 });
    setup = buildDeps({
      tableName: world.tableName,
      dynamodb: world.dynamodb,
      ses: new SESClient(emulatorClientConfig(emulatorEndpoints().ses)),
      signingKey: world.signingKey,
      baseUrl: world.url,
      mailFrom: 'mentor-match@localhost.test',
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('the erasure answers 200 and the accept 200 or 409; no open match with a deleted person, and the survivor is never emailed the erased person’s details', async () => {
    const started = Date.now() / 1000 - 5;
    const rng = random(SEED - 1);
    const failures: string[] = [];
    const races: { people: People; erased: Role }[] = [];
    // Two at a time: each race is two requests at once, and the app answers within its 2 s deadline even on a busy machine.
    for (let batch = 0; batch < 4; batch++) {
      await Promise.all(
        Array.from({ length: 2 }, async (_, i) => {
          const erased: Role = (batch + i) % 2 ? 'mentee' : 'mentor';
          const people = await seedPair(setup);
          const p = await propose(setup, people);
          const eraseToken = tokenOf(actionLink(setup, 'erase', people[erased].id, 30));
          const lead = (rng() * 2 - 1) * 150;
        const [eraseDelay, acceptDelay] = [Math.max(0, lead), Math.max(0, -lead)];
          const [erase, accept] = await Promise.all([
            pause(eraseDelay).then(() => postForm(`${world.url}/erase`, { t: eraseToken })),
            pause(acceptDelay).then(() =>
              postForm(`${world.url}/accept`, { t: p.acceptToken, rhythm: 'monthly', durationMonths: '6' }),
            ),
          ]);
          await Promise.all([erase.text(), accept.text()]);
          const found = await violations(setup, people, erased, []);
          if (erase.status !== 200) found.push(`erase answered ${erase.status}`);
          if (![200, 409].includes(accept.status)) found.push(`accept answered ${accept.status}`);
          if (found.length > 0)
            failures.push(`batch ${batch} race ${i} (erase ${erased}, seed ${SEED - 1}): ${found.join('; ')}`);
          races.push({ people, erased });
        }),
      );
    }
    while ((await drainOutbox(setup)).sent > 0);
    // One read of the emulator's mailbox (shared by every test run), filtered here.
    const mailbox = await listMail({ since: started });
    for (const { people, erased } of races) {
      const gone = people[erased];
      const survivor = people[erased === 'mentee' ? 'mentor' : 'mentee'];
      const received = mailbox.filter((m) => m.destination.to.some((to) => to.toLowerCase().includes(survivor.email.toLowerCase())));
      for (const mail of received) {
        if (`${mail.body.text}${mail.body.html}`.includes(gone.name))
          failures.push(`the ${survivor.role} was emailed "${mail.subject}" naming the erased ${gone.role}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

// The scanning pairs first (the deadlines job lists every proposal in its table, a round every active person).
const PAIRS: Pair[] = ['deadlines', 'round', 'accept', 'decline', 'end', 'confirm-update'];

for (const [i, pair] of PAIRS.entries()) {
  for (const [j, erased] of (['mentee', 'mentor'] as const).entries()) {
    describe(`erasing the ${erased} while ${pair} runs`, () => {
      it(`${RACES} interleavings leave no open match with a deleted person, the survivor's counts right and no email describing the erased person`, async () => {
        expect(await raceAll(pair, erased, SEED + (i * 2 + j) * 1000)).toEqual([]);
      });
    });
  }
}
