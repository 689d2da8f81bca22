/**
 * The local app for integration and browser tests, and the ways a person
 * reaches it: following an email link and pressing the button on its page.
 *
 *   startTestApp({ clock?, outboxIntervalMs? })  the app on a table of its own (stop() drops it)
 *   clickThrough(baseUrl, link, extra?)          GET the link's page, POST its form (token + extra)
 *   postForm(url, fields)                        a form-encoded POST, redirects not followed
 *   linkTo(mail, '/accept')                      the link with that path in an email's text part
 *   tokenOf(link)                                the `t` parameter of an action link
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { expect } from 'vitest';
import { startApp, type RunningApp } from '../../infra/local/app';
import type { Deps } from '../../shared/ports';
import { fixedClock, silentLogger, type TestClock } from '../fixtures/deps';
import { newTestTable } from './dynamodb';
import { emulatorEndpoints } from './endpoints';
import { extractLinks } from './mail';

export interface TestApp {
  /** The app's base URL, e.g. http://127.0.0.1:40123 */
  url: string;
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
export async function startTestApp(o: { clock?: TestClock; outboxIntervalMs?: number } = {}): Promise<TestApp> {
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
    url: app.url,
    app,
    // A test's own setup and checks (seeding, rounds, reading state) are a job's work, not a request's: on a
    // loaded emulator they may wait longer than a request's 2 s deadline, which the server's requests keep.
    deps: app.jobDeps,
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
