/**
 * Reading what the app sent, from the SES emulator's GET /store.
 *
 *   listMail({ to?, subject?, since? })                     → Promise<Mail[]>  (arrival order)
 *   waitForMail({ to, subject?, count?, timeoutMs? })       → Promise<Mail>
 *       polls until `count` (default 1) matching emails arrived and returns
 *       the count-th, so `count: 2` waits for a second copy and returns it
 *   extractLinks(htmlOrText)                                → string[]  (absolute http(s) URLs, in order, deduplicated)
 *   uniqueAddress(tag?)                                     → string  a recipient no other test uses
 *   localSesClient()                                        → SESClient on the emulator
 *
 * The mailbox is shared by every test file in the run and is never cleared
 * between files: always filter by a recipient address unique to your test.
 * `to` matches To, Cc and Bcc, case-insensitively, with or without a display name.
 */
import { randomBytes } from 'node:crypto';
import { SESClient } from '@aws-sdk/client-ses';
import { emulatorClientConfig } from '../../shared/deps';
import { emulatorEndpoints } from './endpoints';
import { waitFor } from './wait';

/** One email as the SES emulator stores it. */
export interface Mail {
  messageId: string;
  from: string;
  replyTo?: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  /** Epoch seconds when the emulator received it. */
  at: number;
}

export interface MailFilter {
  to?: string;
  subject?: RegExp;
  /** Epoch seconds; only mail received at or after it. */
  since?: number;
}

export function localSesClient(): SESClient {
  return new SESClient(emulatorClientConfig(emulatorEndpoints().ses));
}

let counter = 0;
export function uniqueAddress(tag = 'person'): string {
  return `${tag}-${randomBytes(4).toString('hex')}-${counter++}@council.example.gov.uk`;
}

export async function listMail(filter: MailFilter = {}): Promise<Mail[]> {
  const url = new URL('/store', emulatorEndpoints().ses);
  if (filter.since !== undefined) url.searchParams.set('since', String(Math.floor(filter.since)));
  const res = await fetch(url);
  if (!res.ok) throw new Error(`SES emulator GET /store answered ${res.status}`);
  const { emails } = (await res.json()) as { emails: Mail[] };
  const to = filter.to === undefined ? undefined : normalise(filter.to);
  return emails.filter(
    (m) =>
      (to === undefined || [...m.destination.to, ...m.destination.cc, ...m.destination.bcc].some((a) => normalise(a) === to)) &&
      (filter.subject === undefined || filter.subject.test(m.subject)),
  );
}

export interface WaitForMailOptions extends MailFilter {
  to: string;
  /** Wait for this many matching emails and return the last of them. Default 1. */
  count?: number;
  /** Default 10 s; the local outbox sender polls every few hundred ms. */
  timeoutMs?: number;
}

export async function waitForMail({ count = 1, timeoutMs = 10_000, ...filter }: WaitForMailOptions): Promise<Mail> {
  return waitFor(async () => (await listMail(filter))[count - 1], {
    timeoutMs,
    intervalMs: 100,
    message: `${count === 1 ? 'an email' : `${count} emails`} to ${filter.to}${filter.subject ? ` with subject ${filter.subject}` : ''}`,
  });
}

/**
 * Absolute http(s) links in an HTML or text body: href values (entity-decoded,
 * as a mail client would follow them) and bare URLs in text.
 */
export function extractLinks(body: string): string[] {
  const links: string[] = [];
  for (const m of body.matchAll(/href\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) links.push(decodeEntities(m[1] ?? m[2] ?? ''));
  const withoutTags = body.replace(/<[^>]*>/g, ' ');
  for (const m of withoutTags.matchAll(/https?:\/\/[^\s"'<>]+/gi)) {
    // Sentence punctuation after a URL in plain text is not part of it.
    links.push(decodeEntities(m[0]).replace(/[.,;:!?)\]]+$/, ''));
  }
  return [...new Set(links.filter((l) => /^https?:\/\//i.test(l)))];
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[lower] ?? _;
  });
}

/** "Priya Shah <Priya@X.gov.uk>" and "priya@x.gov.uk" are the same recipient. */
function normalise(address: string): string {
  const angle = /<([^>]+)>/.exec(address);
  return (angle?.[1] ?? address).trim().toLowerCase();
}
