/**
 * Helpers for match tests: people made ACTIVE straight through the stores,
 * proposals written straight through the MatchStore, a local app on its own
 * table with a clock the test moves, and following links over HTTP.
 *
 *   seedMentee(deps, overrides?) / seedMentor(deps, overrides?) → Promise<ProfileWithState>
 *       a valid profile (unique email), created and activated directly in the stores
 *   proposeDirect(deps, mentee, mentor, { withEmail? }) → Promise<{ match, links, acceptToken, declineToken }>
 *       a PROPOSED match written with MatchStore.propose (no round; the proposal email only with `withEmail`)
 *   startMatchingApp({ clock?, outboxIntervalMs? }) → Promise<{ app, deps, clock, tableName, stop() }>
 *       startApp on a fresh table, rounds and deadlines off (tests call them), outbox every 100 ms
 *   postForm(url, fields) · clickThrough(baseUrl, link, extra?) · linkTo(mail, path) · tokenOf(link)
 *   countMail(to, subject?) · settle(ms?)   (settle: the documented pause before "no more emails")
 *
 * The seeding helpers work with the memory deps (unit tests) and the DynamoDB
 * deps alike; startMatchingApp and countMail need the emulators.
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'vitest';
import { startApp, type RunningApp } from '../../infra/local/app';
import { actionLink } from '../../shared/app/links';
import { proposalEmail } from '../../shared/domain/match-emails';
import { DEFAULT_MATCH_POLICY, type Match } from '../../shared/domain/match';
import { deriveCouncilFacts, parseProfileSubmission, type Profile } from '../../shared/domain/profile';
import { newOutboxMessage } from '../../shared/app/outbox-message';
import type { Deps, ProfileWithState } from '../../shared/ports';
import { fixedClock, silentLogger, validMentee, validMentor, type TestClock } from '../fixtures/deps';
import { newTestTable } from './dynamodb';
import { emulatorEndpoints } from './endpoints';
import { extractLinks, listMail } from './mail';

let counter = 0;
const uniqueEmail = (tag: string) => `${tag}-${randomBytes(4).toString('hex')}-${counter++}@council.example.gov.uk`;

/** Creates and activates a profile directly in the stores; returns it with its matching state. */
export async function seedActiveProfile(deps: Deps, body: Record<string, unknown>): Promise<ProfileWithState> {
  const submission = parseProfileSubmission(body);
  const now = deps.clock.now().toISOString();
  const profile: Profile = {
    ...submission,
    ...deriveCouncilFacts(submission.councilCode),
    id: deps.ids.next(),
    status: 'PENDING_VERIFICATION',
    createdAt: now,
    updatedAt: now,
    consentedAt: now,
  };
  await deps.profiles.createProfile(profile, []);
  await deps.profiles.activateProfile(profile.id, now);
  const stored = await deps.matches.getProfileWithState(profile.id);
  if (!stored) throw new Error('The seeded profile was not stored');
  return stored;
}

/** A mentee in Manchester (team lead; data strategy, cyber security, agile delivery), unique email. */
export const seedMentee = (deps: Deps, overrides: Record<string, unknown> = {}) =>
  seedActiveProfile(deps, validMentee({ email: uniqueEmail('mentee'), ...overrides }));

/** A remote mentor in Aberdeen City (director, capacity 2; digital and data strategy), unique email. */
export const seedMentor = (deps: Deps, overrides: Record<string, unknown> = {}) =>
  seedActiveProfile(deps, validMentor({ email: uniqueEmail('mentor'), ...overrides }));

/** Writes a PROPOSED match through MatchStore.propose, as a round would; returns it and its signed tokens. */
export async function proposeDirect(deps: Deps, mentee: Profile, mentor: Profile, o: { withEmail?: boolean } = {}) {
  const now = deps.clock.now();
  const days = (n: number) => new Date(now.getTime() + n * 86_400_000).toISOString();
  const match: Match = {
    id: deps.ids.next(),
    roundId: 'seeded',
    menteeId: mentee.id,
    mentorId: mentor.id,
    status: 'PROPOSED',
    score: 10,
    reasons: [{ code: 'skills', text: 'Seeded for a test', points: 10 }],
    proposedAt: now.toISOString(),
    remindAt: days(DEFAULT_MATCH_POLICY.reminderAfterDays),
    expiresAt: days(DEFAULT_MATCH_POLICY.expireAfterDays),
  };
  const link = (action: 'accept' | 'decline') => actionLink(deps, action, match.id, DEFAULT_MATCH_POLICY.proposalLinkDays);
  const links = { accept: link('accept'), decline: link('decline'), pause: actionLink(deps, 'pause', mentor.id, 30), erase: actionLink(deps, 'erase', mentor.id, 30) };
  const outbox = o.withEmail ? [newOutboxMessage(deps, proposalEmail({ match, mentee, mentor, links }), mentor.id)] : [];
  await deps.matches.propose(match, outbox);
  return { match, links, acceptToken: tokenOf(links.accept), declineToken: tokenOf(links.decline) };
}

export interface MatchingApp {
  app: RunningApp;
  deps: Deps;
  clock: TestClock;
  tableName: string;
  /** A client on the app's table, for reading items directly. */
  dynamodb: DynamoDBClient;
  signingKey: Buffer;
  stop(): Promise<void>;
}

/**
 * The local app on a table of its own, so rounds see only this test's people.
 * The clock starts now and moves only when the test moves it; rounds and the
 * deadline job are off (tests call them); the outbox is swept every 100 ms.
 */
export async function startMatchingApp(o: { clock?: TestClock; outboxIntervalMs?: number } = {}): Promise<MatchingApp> {
  const table = await newTestTable();
  const clock = o.clock ?? fixedClock(new Date());
  const signingKey = randomBytes(32);
  const { dynamodb, ses } = emulatorEndpoints();
  let app: RunningApp;
  try {
    app = await startApp({
      dynamodbEndpoint: dynamodb,
      sesEndpoint: ses,
      tableName: table.tableName,
      signingKey,
      port: 0,
      logger: silentLogger,
      clock,
      outboxIntervalMs: o.outboxIntervalMs ?? 100,
      roundIntervalMs: 0,
      deadlinesIntervalMs: 0,
    });
  } catch (error) {
    await table.drop();
    throw error;
  }
  return {
    app,
    deps: app.deps,
    clock,
    tableName: table.tableName,
    dynamodb: table.client,
    signingKey,
    async stop() {
      await app.stop();
      await table.drop();
    },
  };
}

export const postForm = (url: string, fields: Record<string, string>) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString(), redirect: 'manual' });

/** The `t` parameter of an action link. */
export const tokenOf = (link: string) => new URL(link).searchParams.get('t')!;

/**
 * Follows an email link as a person would: the GET shows a page with a form,
 * whose button POSTs the token (and `extra` fields, e.g. rhythm or a reason).
 */
export async function clickThrough(baseUrl: string, link: string, extra: Record<string, string> = {}) {
  const page = await fetch(link);
  const html = await page.text();
  expect(page.status, `GET ${new URL(link).pathname} shows its confirmation page`).toBe(200);
  const token = /name="t" value="([^"]+)"/.exec(html)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  expect(token && action, 'the page has a form carrying the token').toBeTruthy();
  return postForm(`${baseUrl}${action}`, { t: token!.replace(/&amp;/g, '&'), ...extra });
}

/** The link in an email's text part whose path is `path` (e.g. '/accept'). */
export function linkTo(mail: { body: { text?: string } }, path: string): string {
  const link = extractLinks(mail.body.text ?? '').find((l) => new URL(l).pathname === path);
  expect(link, `a ${path} link in the email`).toBeTruthy();
  return link!;
}

export async function countMail(to: string, subject?: RegExp) {
  return (await listMail({ to, subject })).length;
}

/**
 * A short pause before asserting that no more emails arrive. The outbox is
 * swept every 100 ms, so 1.5 s is many sweeps: a duplicate would have shown.
 */
export const settle = (ms = 1500) => new Promise((resolve) => setTimeout(resolve, ms));
