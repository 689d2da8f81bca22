/**
 * Signed-link actions come as a pair of routes: a GET that only shows what
 * will happen (mail scanners follow links, so a GET never changes anything)
 * and a POST from that page's button that does it. The token travels in the
 * query string to the GET and in a hidden field to the POST.
 */
import type { SafeHtml } from '../../shared/domain/html';
import { LinkInvalid, ValidationFailed, type FieldError } from '../../shared/domain/errors';
import type { Deps } from '../../shared/ports';
import { readForm } from '../http/body';
import { page } from '../http/responses';
import type { HttpRequest, Permission, Route } from '../http/types';
import { renderSafely } from './pages';

export interface ActionSpec<T> {
  feature: string;
  /** The action's name: its path and the POST route's id; the GET route is `<id>-page`. */
  id: string;
  permissions: readonly Permission[];
  /** Reads what the link is about, without changing anything. */
  preview(token: string, deps: Deps): Promise<T>;
  /** The page with the button; shown again with `errors` when the POSTed form is invalid. */
  confirmPage(subject: T, token: string, form?: { values: Map<string, string[]>; errors: FieldError[] }): SafeHtml;
  /** Performs the action and returns the page that says it is done. */
  perform(token: string, form: Map<string, string[]>, deps: Deps): Promise<SafeHtml>;
}

function tokenOf(value: string | undefined): string {
  if (!value || value.length > 400) throw new LinkInvalid();
  return value;
}

export function actionRoutes<T>(spec: ActionSpec<T>): { page: Route; action: Route } {
  const path = `/${spec.id}`;
  return {
    page: {
      id: `${spec.id}-page`,
      feature: spec.feature,
      method: 'GET',
      path,
      permissions: spec.permissions,
      handle: (request: HttpRequest, deps: Deps) =>
        renderSafely(request, deps, async () => {
          const token = tokenOf(request.query.t);
          return page(200, spec.confirmPage(await spec.preview(token, deps), token));
        }),
    },
    action: {
      id: spec.id,
      feature: spec.feature,
      method: 'POST',
      path,
      permissions: spec.permissions,
      handle: (request: HttpRequest, deps: Deps) =>
        renderSafely(request, deps, async () => {
          const form = readForm(request);
          const token = tokenOf(form.get('t')?.[0]);
          try {
            return page(200, await spec.perform(token, form, deps));
          } catch (error) {
            if (!(error instanceof ValidationFailed)) throw error;
            return page(400, spec.confirmPage(await spec.preview(token, deps), token, { values: form, errors: error.errors }));
          }
        }),
    },
  };
}
