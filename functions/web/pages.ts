/** Shared page responses: link problems and unexpected failures, each as a plain page. */
import { DomainError, LinkExpired, LinkInvalid, LinkUsed } from '../../shared/domain/errors';
import type { Deps } from '../../shared/ports';
import { logUnexpected, statusOf } from '../http/errors';
import { page } from '../http/responses';
import type { HttpRequest, HttpResponse } from '../http/types';
import { messagePage } from './layout';

export function linkProblemPage(error: DomainError): HttpResponse {
  if (error instanceof LinkExpired) {
    return page(410, messagePage('This link has expired', [
      'Links in our emails stop working after a while to keep your details safe. Nothing has been changed.',
      'If you still want to take part, fill in the form again and we will send you a new link.',
    ]));
  }
  if (error instanceof LinkUsed) {
    return page(409, messagePage('This link has already been used', [
      'This link has been used already or is no longer needed, so nothing has been changed.',
      'If you sent the form more than once, use the link in the newest email.',
    ]));
  }
  return page(400, messagePage('This link is not valid', [
    'The link may have been copied wrongly or changed. Nothing has been changed.',
    'Try copying the whole link from the email into your browser.',
  ]));
}

/** Runs a page handler; domain errors become readable pages, anything else a 500 page with a reference. */
export async function renderSafely(request: HttpRequest, deps: Deps, run: () => Promise<HttpResponse>): Promise<HttpResponse> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof LinkInvalid || error instanceof LinkExpired || error instanceof LinkUsed) return linkProblemPage(error);
    if (error instanceof DomainError && statusOf(error) !== 500) {
      return page(statusOf(error), messagePage('Sorry, we could not do that', [error.message]));
    }
    logUnexpected(error, request, deps.logger);
    return page(500, messagePage('Sorry, there is a problem with the service', [
      'Try again later.',
      `If you contact us, quote reference ${request.requestId}.`,
    ]));
  }
}
