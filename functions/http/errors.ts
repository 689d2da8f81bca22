/**
 * The one place domain errors become HTTP statuses. Unknown errors are a
 * generic 500 logged with the request id only (never the body: it holds
 * personal data).
 */
import { DomainError, ValidationFailed } from '../../shared/domain/errors';
import type { Logger } from '../../shared/ports';
import { problem } from './responses';
import type { HttpRequest, HttpResponse } from './types';

const STATUS_BY_CODE: Record<string, number> = {
  ValidationFailed: 400,
  LinkInvalid: 400,
  LinkExpired: 410,
  LinkUsed: 409,
  NotFound: 404,
  Unauthorised: 401,
  Conflict: 409,
  CapacityReached: 409,
  AlreadyDecided: 409,
};

export function statusOf(error: unknown): number {
  return error instanceof DomainError ? (STATUS_BY_CODE[error.code] ?? 500) : 500;
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
  const status = statusOf(error);
  if (status === 500) {
    logUnexpected(error, request, logger);
    return problem(500, 'Something went wrong', [], `Quote reference ${request.requestId} if you contact us`);
  }
  return problem(status, (error as Error).message);
}
