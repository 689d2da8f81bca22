/**
 * Runtime-agnostic HTTP shapes and the route contract. functions/http/lambda.ts
 * maps API Gateway events to these; infra/local/server.ts maps Node's http
 * module to them. A route is data (who may call it, what it takes, which
 * function serves it) plus a handler that only ever sees a typed input.
 */
import type * as z from 'zod';
import type { FieldError } from '../../shared/domain/errors';
import type { AdminSignIn, AdminTokenVerifier, Deps } from '../../shared/ports';

export interface HttpRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Values of `{name}` segments in the route's path. */
  params: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Cookies by name (API Gateway passes them apart from the headers). */
  cookies: Record<string, string>;
  body: string;
  requestId: string;
  /**
   * Claims the HTTP API's JWT authorizer verified (AWS only). Informational:
   * dispatch verifies the token itself with the same code locally and in AWS.
   */
  authorizerClaims?: Record<string, unknown>;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Set for binary bodies (static assets), which are then base64 text. */
  isBase64Encoded?: boolean;
  /** Set-Cookie values (API Gateway v2 takes them apart from the headers). */
  cookies?: string[];
}

/** What a function's Lambda is allowed to touch; CDK grants exactly the union over its routes. */
export type Permission = 'table:read' | 'table:write' | 'mail:send' | 'mail:status' | 'signing-key';

/**
 * Who may call a route:
 * - `public`: anyone;
 * - `link`: whoever holds a valid signed link for the route's action (the
 *   token travels as `t` in the query string of a GET and in the form of a POST);
 * - `admin`: a signed-in user in the `admins` group (Bearer token or session cookie).
 */
export type Access = 'public' | 'link' | 'admin';

/** The Lambda functions the HTTP routes are grouped into (one cold start per surface, not per page). */
export const SURFACES = ['pages', 'api', 'links', 'admin'] as const;
export type Surface = (typeof SURFACES)[number];

/** The signed-link actions; a token signed for one never opens another. */
export type LinkAction =
  | 'confirm-email'
  | 'confirm-update'
  | 'erase'
  | 'accept'
  | 'decline'
  | 'end'
  | 'pause'
  | 'resume'
  | 'feedback';

export interface AdminUser {
  kind: 'user';
  /** The identity provider's stable id (Cognito `sub`). */
  subject: string;
  email?: string;
  groups: readonly string[];
  /** How the token came: a session cookie makes state-changing requests subject to the Origin check. */
  via: 'bearer' | 'cookie';
}

export interface LinkHolder {
  kind: 'link';
  action: LinkAction;
  /** What the link was signed for (a profile or match id, with a suffix for some actions). */
  subject: string;
  /** The token itself, for pages that carry it on to their POST form. */
  token: string;
}

export type Principal = { kind: 'anonymous' } | LinkHolder | AdminUser;

/** The principal a route's access level guarantees to its handler. */
export type PrincipalFor<A extends Access> = A extends 'admin' ? AdminUser : A extends 'link' ? LinkHolder : Principal;

/** What the edge needs besides the use cases' deps: admin sign-in, which only the admin surface has. */
export interface EdgeOptions {
  /** Verifies admin sign-in tokens; without it every admin route answers 401 (fail closed). */
  adminTokens?: AdminTokenVerifier;
  /** Starts and completes admin sign-in (Cognito in AWS, a local page locally). */
  adminSignIn?: AdminSignIn;
}

export interface RouteContext<A extends Access = Access> {
  request: HttpRequest;
  principal: PrincipalFor<A>;
  deps: Deps;
  edge: EdgeOptions;
}

/** Form fields: a name given more than once (checkboxes) keeps every value. */
export type FormFields = Map<string, string[]>;

/**
 * Where a route's input comes from and how it is read:
 * - `none`: no input;
 * - `json`: the JSON body (application/json, at most 16 KiB);
 * - `form`: the form body (application/x-www-form-urlencoded), shaped into
 *   an object by `fromForm` (forms send lists, repeated names, empty strings);
 * - `query`: the query string and the path parameters, as one object.
 */
export type InputSpec<I> =
  | { from: 'none' }
  | { from: 'json'; schema: z.ZodType<I> }
  | { from: 'form'; schema: z.ZodType<I>; fromForm(fields: FormFields, request: HttpRequest): unknown }
  | { from: 'query'; schema: z.ZodType<I> };

/** The raw input of a request that failed its schema, for re-rendering a form with what the person typed. */
export interface RejectedInput {
  errors: FieldError[];
  /** Form fields as sent (empty for other sources). */
  fields: FormFields;
}

export interface Route<I = unknown, A extends Access = Access> {
  /** Unique, kebab-case; names the route in logs and tests. */
  id: string;
  /** The function that serves it. */
  surface: Surface;
  /** PUT only for the JSON API (forms can only GET and POST). */
  method: 'GET' | 'POST' | 'PUT';
  /** API Gateway path syntax: `/api/profiles`, `/assets/{proxy+}`. */
  path: string;
  access: A;
  /** For `link` routes: the action the token must be signed for. */
  link?: LinkAction;
  /** How errors and bad input are answered: problem+json, or a GOV.UK page. */
  answers: 'json' | 'page';
  input: InputSpec<I>;
  permissions: readonly Permission[];
  /**
   * For page routes: the page to show again when the input fails its schema
   * (the form with an error summary). Without it, a 400 page lists the problems.
   */
  invalid?(rejected: RejectedInput, context: RouteContext<A>): Promise<HttpResponse> | HttpResponse;
  handle(input: I, context: RouteContext<A>): Promise<HttpResponse>;
}

/**
 * Any route, whatever its input type: what lists of routes hold. The
 * handler's parameter type is erased here, and dispatch restores safety by
 * passing only what the route's own schema produced.
 */
// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of routes; each route's own definition is fully typed
export type AnyRoute = Route<any, any>;

/** Writes a route with its input type inferred from its schema. */
export function defineRoute<I, A extends Access>(route: Route<I, A>): Route<I, A> {
  return route;
}
