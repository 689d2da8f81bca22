import type { FieldError } from '../../shared/domain/errors';
import type { SafeHtml } from '../../shared/domain/html';
import type { HttpResponse } from './types';

/**
 * Headers on every response (pages, JSON, assets, 404s): no sniffing, no
 * framing, no referrer leaking tokens, HTTPS only, and a policy that lets a
 * non-page response load nothing at all if opened as a document.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
};
const BASE_HEADERS = SECURITY_HEADERS;

const PAGE_HEADERS: Record<string, string> = {
  ...BASE_HEADERS,
  'content-type': 'text/html; charset=utf-8',
  // Pages carry signed tokens in forms and show personal details: never cache them.
  'cache-control': 'no-store',
  // Our own files only: no inline script or style, no fonts (the pages use the system's).
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'none'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { ...BASE_HEADERS, 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

/** RFC 9457 problem details, with `errors` naming each bad field. */
export function problem(status: number, title: string, errors: FieldError[] = [], detail?: string): HttpResponse {
  return {
    status,
    headers: { ...BASE_HEADERS, 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
    body: JSON.stringify({ type: 'about:blank', title, status, ...(detail ? { detail } : {}), errors }),
  };
}

export function page(status: number, body: SafeHtml): HttpResponse {
  return { status, headers: { ...PAGE_HEADERS }, body: `<!DOCTYPE html>\n${body.value}` };
}

/** 303 See Other: after a form POST the browser GETs the next page. */
export function seeOther(location: string): HttpResponse {
  return { status: 303, headers: { ...BASE_HEADERS, location, 'cache-control': 'no-store' }, body: '' };
}

/** A CSV download (text already built by functions/http/csv.ts); never cached, as it holds people's names. */
export function csvFile(filename: string, body: string): HttpResponse {
  return {
    status: 200,
    headers: {
      ...BASE_HEADERS,
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
    body,
  };
}
