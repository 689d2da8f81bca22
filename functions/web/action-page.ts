/**
 * Signed-link actions come as a pair of routes: a GET that only shows what
 * will happen (mail scanners follow links, so a GET never changes anything)
 * and a POST from that page's button that does it. The token travels in the
 * query string to the GET and in a hidden field to the POST.
 */
import type { SafeHtml } from '../../shared/domain/html';
import { LinkInvalid } from '../../shared/domain/errors';
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
  confirmPage(subject: T, token: string): SafeHtml;
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
          return page(200, await spec.perform(tokenOf(form.get('t')?.[0]), form, deps));
        }),
    },
  };
}
