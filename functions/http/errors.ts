/**
 * The one place errors become HTTP answers: every domain error code has one
 * status, and the same status is answered as problem+json to the API and as
 * a GOV.UK page to a browser. Unknown errors are a generic 500 logged with
 * the request id only (never the body or the message's data: they may hold
 * personal data), and shown with that id as a reference.
 */
import { DomainError, type FieldError, ValidationFailed } from '../../shared/domain/errors';
import type { Logger } from '../../shared/ports';
import { messagePage } from '../web/layout';
import { page, problem } from './responses';
import type { HttpRequest, HttpResponse } from './types';

type DomainErrorCode =
  | 'ValidationFailed'
  | 'LinkInvalid'
  | 'LinkExpired'
  | 'LinkUsed'
  | 'NotFound'
  | 'Unauthorised'
  | 'Forbidden'
  | 'Conflict'
  | 'CapacityReached'
  | 'AlreadyDecided';

interface Answer {
  status: number;
  /** The page a person sees; the problem+json title is the error's own message. */
  page?: { title: string; paragraphs: string[] };
}

const LINK_EXPIRED = {
  title: 'This link has expired',
  paragraphs: [
    'Links in our emails stop working after a while to keep your details safe. Nothing has been changed.',
    'If you still want to take part, fill in the form again and we will send you a new link.',
  ],
};
const LINK_USED = {
  title: 'This link has already been used',
  paragraphs: [
    'This link has been used already or is no longer needed, so nothing has been changed.',
    'If you sent the form more than once, use the link in the newest email.',
  ],
};
const LINK_INVALID = {
  title: 'This link is not valid',
  paragraphs: [
    'The link may have been copied wrongly or changed. Nothing has been changed.',
    'Try copying the whole link from the email into your browser.',
  ],
};

export const ERROR_TABLE: Readonly<Record<DomainErrorCode, Answer>> = {
  ValidationFailed: { status: 400 },
  LinkInvalid: { status: 400, page: LINK_INVALID },
  LinkExpired: { status: 410, page: LINK_EXPIRED },
  LinkUsed: { status: 409, page: LINK_USED },
  NotFound: { status: 404, page: { title: 'Page not found', paragraphs: ['If you typed the web address, check it is correct.'] } },
  Unauthorised: { status: 401, page: { title: 'Sign in to continue', paragraphs: ['Sign in as a programme admin to see this page.'] } },
  Forbidden: { status: 403, page: { title: 'You do not have access to this page', paragraphs: ['Ask the programme team if you need admin access.'] } },
  Conflict: { status: 409 },
  CapacityReached: { status: 409 },
  AlreadyDecided: { status: 409 },
};

/** A dependency that did not answer in time or refused the connection: a passing outage, not our bug. */
const OUTAGE_NAMES = new Set(['TimeoutError', 'AbortError', 'RequestTimeout', 'RequestTimeoutException']);
const OUTAGE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

export function isOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return OUTAGE_NAMES.has(error.name) || (typeof code === 'string' && OUTAGE_CODES.has(code));
}

const OUTAGE: Answer = {
  status: 503,
  page: { title: 'Sorry, there is a problem with the service', paragraphs: ['Try again in a few minutes. Nothing has been changed.'] },
};
/** How long a client should wait before trying again after a 503. */
const RETRY_AFTER_SECONDS = '30';

function answerOf(error: unknown): Answer | undefined {
  if (isOutage(error)) return OUTAGE;
  return error instanceof DomainError ? ERROR_TABLE[error.code as DomainErrorCode] : undefined;
}

function logOutage(error: unknown, request: HttpRequest, logger: Logger): void {
  // A warning without the stack: the alarm is on the dependency's own metrics; the message names only the error.
  logger.warn('Dependency unavailable', {
    requestId: request.requestId,
    route: `${request.method} ${request.path}`,
    errorName: error instanceof Error ? error.name : typeof error,
  });
}

/** The status an error is answered with; 500 for anything that is not a known domain error. */
export function statusOf(error: unknown): number {
  return answerOf(error)?.status ?? 500;
}

export function logUnexpected(error: unknown, request: HttpRequest, logger: Logger): void {
  logger.error('Unhandled error', {
    requestId: request.requestId,
    route: `${request.method} ${request.path}`,
    errorName: error instanceof Error ? error.name : typeof error,
    errorMessage: error instanceof Error ? error.message : undefined,
    stack: error instanceof Error ? error.stack : undefined,
  });
}

/** problem+json for API routes. */
export function apiError(error: unknown, request: HttpRequest, logger: Logger): HttpResponse {
  if (error instanceof ValidationFailed) return problem(400, 'Your request has problems', error.errors);
  if (isOutage(error)) {
    logOutage(error, request, logger);
    const response = problem(503, 'The service is unavailable: try again in a few minutes');
    response.headers['retry-after'] = RETRY_AFTER_SECONDS;
    return response;
  }
  const answer = answerOf(error);
  if (!answer) {
    logUnexpected(error, request, logger);
    return problem(500, 'Something went wrong', [], `Quote reference ${request.requestId} if you contact us`);
  }
  return problem(answer.status, (error as Error).message);
}

/** A page listing what was wrong with a request no form can show again (a hand-made URL, a tampered form). */
export function invalidInputPage(errors: FieldError[]): HttpResponse {
  return page(400, messagePage('Sorry, we could not do that', errors.map((e) => e.message)));
}

/** A GOV.UK page for page routes: the same status as the API would answer. */
export function pageError(error: unknown, request: HttpRequest, logger: Logger): HttpResponse {
  if (error instanceof ValidationFailed) return invalidInputPage(error.errors);
  if (isOutage(error)) logOutage(error, request, logger);
  const answer = answerOf(error);
  if (!answer) {
    logUnexpected(error, request, logger);
    return page(
      500,
      messagePage('Sorry, there is a problem with the service', ['Try again later.', `If you contact us, quote reference ${request.requestId}.`]),
    );
  }
  const shown = answer.page ?? { title: 'Sorry, we could not do that', paragraphs: [(error as Error).message] };
  const response = page(answer.status, messagePage(shown.title, shown.paragraphs));
  if (answer === OUTAGE) response.headers['retry-after'] = RETRY_AFTER_SECONDS;
  return response;
}
