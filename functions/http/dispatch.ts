/**
 * Runs a route for any runtime, and is the one place that decides who may
 * call it and what it takes. In order:
 * 1. admin routes: verify the Bearer token or session cookie (401 without a
 *    valid one, 403 outside the admins group or for a cross-site POST made
 *    with the cookie), before anything else is read;
 * 2. read the input from where the route says (JSON, form, query), with the
 *    body's size and content type checked;
 * 3. link routes: verify the signed token `t` for the route's action;
 * 4. parse the input with the route's zod schema: bad input is answered here,
 *    problem+json for the API, the form again with an error summary for pages;
 * 5. run the handler with the typed input and the principal.
 * Any error is answered from the one error table (./errors.ts): problem+json
 * or a GOV.UK page, never a stack trace.
 */
import { LinkInvalid, Unauthorised, ValidationFailed } from '../../shared/domain/errors';
import { toFieldErrors } from '../../shared/domain/validation';
import type { Deps } from '../../shared/ports';
import { readForm, readJson } from './body';
import { apiError, invalidInputPage, pageError } from './errors';
import { adminFromRequest } from './principal';
import { problem, seeOther } from './responses';
import type { AnyRoute, EdgeOptions, FormFields, HttpRequest, HttpResponse, Principal, RejectedInput, RouteContext } from './types';

/** Tokens are short; anything longer is not one of ours and is refused before any crypto runs. */
const MAX_TOKEN_LENGTH = 400;

interface RawInput {
  value: unknown;
  fields: FormFields;
  token: string | undefined;
}

function readRaw(route: AnyRoute, request: HttpRequest): RawInput {
  const query = { ...request.query, ...request.params };
  switch (route.input.from) {
    case 'none':
      return { value: undefined, fields: new Map(), token: request.query.t };
    case 'query':
      return { value: query, fields: new Map(), token: request.query.t };
    case 'json':
      return { value: readJson(request), fields: new Map(), token: undefined };
    case 'form': {
      const fields = readForm(request);
      return { value: route.input.fromForm(fields, request), fields, token: fields.get('t')?.[0] };
    }
  }
}

function linkHolder(route: AnyRoute, token: string | undefined, deps: Deps): Principal {
  if (!route.link) throw new Error(`Route ${route.id} has access 'link' but names no link action`);
  if (!token || token.length > MAX_TOKEN_LENGTH) throw new LinkInvalid();
  const subject = deps.signer.verify(token, route.link, deps.clock.now());
  return { kind: 'link', action: route.link, subject, token };
}

function failure(route: AnyRoute, error: unknown, request: HttpRequest, deps: Deps): HttpResponse {
  if (error instanceof Unauthorised && route.answers === 'page' && acceptsHtml(request)) {
    // A browser goes to the sign-in page and comes back here afterwards; a script gets the 401.
    return seeOther(`/admin/login?next=${encodeURIComponent(request.method === 'GET' ? request.path : '/admin')}`);
  }
  const response = route.answers === 'json' ? apiError(error, request, deps.logger) : pageError(error, request, deps.logger);
  if (error instanceof Unauthorised) response.headers['www-authenticate'] = 'Bearer';
  return response;
}

function acceptsHtml(request: HttpRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

export async function dispatch(route: AnyRoute, request: HttpRequest, deps: Deps, edge: EdgeOptions = {}): Promise<HttpResponse> {
  // Known before the input is read only for public routes; link and admin routes earn theirs below.
  let context: RouteContext | undefined = route.access === 'public' ? { request, principal: { kind: 'anonymous' }, deps, edge } : undefined;
  let fields: FormFields = new Map();
  try {
    if (route.access === 'admin') {
      const principal = await adminFromRequest(request, edge.adminTokens, deps.config.baseUrl, route.method);
      context = { request, principal, deps, edge };
    }
    const raw = readRaw(route, request);
    fields = raw.fields;
    if (route.access === 'link') context = { request, principal: linkHolder(route, raw.token, deps), deps, edge };
    if (!context) throw new Error(`Route ${route.id} has an unknown access level`);

    if (route.input.from === 'none') return await route.handle(undefined, context);
    const parsed = route.input.schema.safeParse(raw.value);
    if (!parsed.success) return await rejected(route, { errors: toFieldErrors(parsed.error), fields }, context);
    return await route.handle(parsed.data, context);
  } catch (error) {
    // An unreadable body, or a rule only the use case can check: shown on the form like any other problem.
    if (error instanceof ValidationFailed && context) {
      try {
        return await rejected(route, { errors: error.errors, fields }, context);
      } catch (again) {
        return failure(route, again, request, deps);
      }
    }
    return failure(route, error, request, deps);
  }
}

async function rejected(route: AnyRoute, input: RejectedInput, context: RouteContext): Promise<HttpResponse> {
  if (route.answers === 'json') return problem(400, 'Your request has problems', input.errors);
  return route.invalid ? await route.invalid(input, context) : invalidInputPage(input.errors);
}

/** Compiles an API Gateway path (`/apply/{role}`, `/assets/{proxy+}`) to a matcher returning its params. */
export function pathMatcher(path: string): (actual: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = path
    .split('/')
    .map((segment) => {
      const param = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]!);
      return param[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  const regex = new RegExp(`^${pattern}$`);
  return (actual) => {
    const m = regex.exec(actual);
    if (!m) return undefined;
    try {
      return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(m[i + 1]!)]));
    } catch {
      return undefined; // malformed percent-encoding: no route matches
    }
  };
}

export type { EdgeOptions };
