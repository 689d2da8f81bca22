/**
 * Reading request bodies at the edge: size and content type are checked
 * before anything is parsed, and every failure is a ValidationFailed.
 */
import { ValidationFailed } from '../../shared/domain/errors';
import type { HttpRequest } from './types';

export const MAX_BODY_BYTES = 16 * 1024;

function mediaType(request: HttpRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

function checkSize(request: HttpRequest): void {
  if (Buffer.byteLength(request.body, 'utf8') > MAX_BODY_BYTES) {
    throw new ValidationFailed([{ path: '', message: `The request body must be ${MAX_BODY_BYTES / 1024} KiB or smaller` }]);
  }
}

export function readJson(request: HttpRequest): unknown {
  if (mediaType(request) !== 'application/json') {
    throw new ValidationFailed([{ path: '', message: 'Send the body as application/json' }]);
  }
  checkSize(request);
  try {
    return JSON.parse(request.body);
  } catch {
    throw new ValidationFailed([{ path: '', message: 'The request body is not valid JSON' }]);
  }
}

/** Form fields; a name given more than once (checkboxes) keeps every value. */
export function readForm(request: HttpRequest): Map<string, string[]> {
  if (mediaType(request) !== 'application/x-www-form-urlencoded') {
    throw new ValidationFailed([{ path: '', message: 'Send the form as application/x-www-form-urlencoded' }]);
  }
  checkSize(request);
  const fields = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(request.body)) {
    fields.set(name, [...(fields.get(name) ?? []), value]);
  }
  return fields;
}
