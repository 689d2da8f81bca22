/**
 * Runtime-agnostic HTTP shapes. functions/http/lambda.ts maps API Gateway
 * events to these; infra/local/server.ts maps Node's http module to them.
 */
import type { Deps } from '../../shared/ports';

export interface HttpRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Values of `{name}` segments in the route's path. */
  params: Record<string, string>;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string;
  requestId: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Set for binary bodies (static assets), which are then base64 text. */
  isBase64Encoded?: boolean;
}

/** What a function's Lambda is allowed to touch; CDK grants exactly this. */
export type Permission = 'table:read' | 'table:write' | 'mail:send' | 'mail:status' | 'signing-key';

export interface Route {
  /** Unique, kebab-case; the Lambda entry is functions/<feature>/<id>.lambda.ts. */
  id: string;
  feature: string;
  method: 'GET' | 'POST';
  /** API Gateway path syntax: `/api/profiles`, `/assets/{proxy+}`. */
  path: string;
  permissions: readonly Permission[];
  handle(request: HttpRequest, deps: Deps): Promise<HttpResponse>;
}
