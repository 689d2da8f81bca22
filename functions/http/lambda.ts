/**
 * API Gateway (HTTP API, payload v2) ↔ runtime-agnostic request/response,
 * and the handler of one surface: the routes of that surface, found by the
 * event's route key. The environment is parsed when the module loads, so a
 * missing variable fails the cold start instead of a request; clients are
 * built once.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { dispatch, type EdgeOptions } from './dispatch';
import { lambdaHandler } from './lambda-deps';
import { problem } from './responses';
import type { AnyRoute, HttpRequest, HttpResponse, Surface } from './types';

type HttpEvent = APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer;

function cookiesOf(cookies: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const cookie of cookies ?? []) {
    const eq = cookie.indexOf('=');
    if (eq > 0) out[cookie.slice(0, eq).trim()] = cookie.slice(eq + 1).trim();
  }
  return out;
}

export function requestFromEvent(event: HttpEvent, requestId: string): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
  const body = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  const authorizer = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer;
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath,
    query: Object.fromEntries(new URLSearchParams(event.rawQueryString ?? '')),
    params: Object.fromEntries(Object.entries(event.pathParameters ?? {}).filter((e): e is [string, string] => e[1] !== undefined)),
    headers,
    cookies: cookiesOf(event.cookies),
    body,
    requestId,
    authorizerClaims: authorizer?.jwt?.claims,
  };
}

export function resultFromResponse(response: HttpResponse): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: response.status,
    headers: response.headers,
    body: response.body,
    isBase64Encoded: response.isBase64Encoded ?? false,
    ...(response.cookies?.length ? { cookies: response.cookies } : {}),
  };
}

/**
 * The Lambda handler of one surface: its routes, by API Gateway's route key
 * (`GET /apply/{role}`). `edge` is the admin sign-in (functions/http/lambda-edge.ts),
 * which only the admin entry passes.
 */
export function surfaceHandler(surface: Surface, routes: readonly AnyRoute[], edge: EdgeOptions = {}) {
  const strays = routes.filter((route) => route.surface !== surface).map((route) => route.id);
  if (strays.length) throw new Error(`The ${surface} function was given routes of other surfaces: ${strays.join(', ')}`);
  const mine = routes;
  const byKey = new Map(mine.map((route) => [`${route.method} ${route.path}`, route]));
  const handler = lambdaHandler('request', async (event: HttpEvent, deps, context?: Context) => {
    const route = byKey.get(event.routeKey);
    // API Gateway only sends this function its own routes: anything else is a wiring mistake, answered plainly.
    if (!route) return resultFromResponse(problem(404, 'Not found'));
    return resultFromResponse(await dispatch(route, requestFromEvent(event, context?.awsRequestId ?? 'local'), deps, edge));
  });
  return Object.assign(handler, { surface, routes: mine });
}
