/**
 * API Gateway (HTTP API, payload v2) ↔ runtime-agnostic request/response.
 * The environment is parsed when the module loads, so a missing variable
 * fails the cold start instead of a request; clients are built once.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { dispatch } from './dispatch';
import { lambdaDeps } from './lambda-deps';
import type { HttpRequest, HttpResponse, Route } from './types';

export function requestFromEvent(event: APIGatewayProxyEventV2, requestId: string): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
  const body = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath,
    query: Object.fromEntries(new URLSearchParams(event.rawQueryString ?? '')),
    params: Object.fromEntries(Object.entries(event.pathParameters ?? {}).filter((e): e is [string, string] => e[1] !== undefined)),
    headers,
    body,
    requestId,
  };
}

export function resultFromResponse(response: HttpResponse): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: response.status,
    headers: response.headers,
    body: response.body,
    isBase64Encoded: response.isBase64Encoded ?? false,
  };
}

export function lambdaHandler(route: Route) {
  const deps = lambdaDeps();
  const handler = async (event: APIGatewayProxyEventV2, context: Context) =>
    resultFromResponse(await dispatch(route, requestFromEvent(event, context.awsRequestId), await deps()));
  return Object.assign(handler, { route });
}
