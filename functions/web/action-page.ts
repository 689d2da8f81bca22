/**
 * Signed-link actions come as a pair of routes: a GET that only shows what
 * will happen (mail scanners follow links, so a GET never changes anything)
 * and a POST from that page's button that does it. The token travels in the
 * query string to the GET and in a hidden field to the POST; dispatch checks
 * it for the action before either handler runs (access 'link').
 */
import * as z from 'zod';
import type { FieldError } from '../../shared/domain/errors';
import type { SafeHtml } from '../../shared/domain/html';
import type { Deps } from '../../shared/ports';
import { page } from '../http/responses';
import { defineRoute, type FormFields, type LinkAction, type LinkHolder, type Permission, type Route } from '../http/types';

/** The button's form when it has no fields of its own (only the token). */
const NoFields = z.object({});

export interface ActionSpec<T, I> {
  /** The action: its path, the token's action and the POST route's id; the GET route is `<id>-page`. */
  id: LinkAction;
  permissions: readonly Permission[];
  /** Reads what the link is about, without changing anything. */
  preview(link: LinkHolder, deps: Deps): Promise<T>;
  /** The page with the button; shown again with `errors` when the POSTed form is invalid. */
  confirmPage(subject: T, token: string, form?: { values: FormFields; errors: FieldError[] }): SafeHtml;
  /** The fields the button's form carries besides the token, if any. */
  input?: { schema: z.ZodType<I>; fromForm(fields: FormFields): unknown };
  /** Performs the action and returns the page that says it is done. */
  perform(link: LinkHolder, input: I, deps: Deps): Promise<SafeHtml>;
}

export function actionRoutes<T, I = Record<string, never>>(spec: ActionSpec<T, I>): { page: Route<undefined, 'link'>; action: Route<I, 'link'> } {
  const path = `/${spec.id}`;
  const input = spec.input ?? { schema: NoFields as unknown as z.ZodType<I>, fromForm: () => ({}) };
  return {
    page: defineRoute({
      id: `${spec.id}-page`,
      surface: 'links',
      method: 'GET',
      path,
      access: 'link',
      link: spec.id,
      answers: 'page',
      input: { from: 'none' },
      permissions: spec.permissions,
      async handle(_input, { principal, deps }) {
        return page(200, spec.confirmPage(await spec.preview(principal, deps), principal.token));
      },
    }),
    action: defineRoute({
      id: spec.id,
      surface: 'links',
      method: 'POST',
      path,
      access: 'link',
      link: spec.id,
      answers: 'page',
      input: { from: 'form', schema: input.schema, fromForm: input.fromForm },
      permissions: spec.permissions,
      async invalid({ errors, fields }, { principal, deps }) {
        return page(400, spec.confirmPage(await spec.preview(principal, deps), principal.token, { values: fields, errors }));
      },
      async handle(answer, { principal, deps }) {
        return page(200, await spec.perform(principal, answer, deps));
      },
    }),
  };
}
