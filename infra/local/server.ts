/**
 * The local HTTP server: Node's http module in front of the same routes and
 * dispatch that Lambda uses. Only request/response translation lives here.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dispatch, type EdgeOptions, pathMatcher } from '../../functions/http/dispatch';
import { problem } from '../../functions/http/responses';
import type { AnyRoute, HttpRequest, HttpResponse } from '../../functions/http/types';
import type { Deps } from '../../shared/ports';

/** Bodies past this are cut off before parsing; the routes' own 16 KiB rule applies below it. */
const HARD_BODY_LIMIT = 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > HARD_BODY_LIMIT) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `Cookie: a=1; b=2` → { a: '1', b: '2' }; the first of a repeated name wins, as browsers send the most specific first. */
function cookiesOf(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq).trim();
    if (eq > 0 && !(name in out)) out[name] = part.slice(eq + 1).trim();
  }
  return out;
}

function send(res: ServerResponse, response: HttpResponse) {
  const headers: Record<string, string | string[]> = { ...response.headers };
  if (response.cookies?.length) headers['set-cookie'] = response.cookies;
  res.writeHead(response.status, headers);
  res.end(response.isBase64Encoded ? Buffer.from(response.body, 'base64') : response.body);
}

const DISCONNECT_CODES = new Set(['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE']);

function clientGone(req: IncomingMessage, error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return req.destroyed || req.socket.destroyed || (typeof code === 'string' && DISCONNECT_CODES.has(code)) || (error as Error)?.message === 'aborted';
}

/**
 * `settled`: resolves once the work earlier requests left running is done (the local stand-in for
 * the stream placing received submissions). A page GET waits for it, so a person who sent the form
 * finds their submission placed when the next page loads, as one machine can offer; POSTs never wait,
 * so no answer's time depends on another submission's address.
 */
export function createAppServer(routes: readonly AnyRoute[], deps: Deps, edge: EdgeOptions = {}, settled?: () => Promise<void>): Server {
  const table = routes.map((route) => ({ route, match: pathMatcher(route.path) }));
  return createServer(async (req, res) => {
    const requestId = randomUUID();
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = (req.method ?? 'GET').toUpperCase();
      if (settled && method === 'GET') await settled();
      const candidates = table
        .map(({ route, match }) => ({ route, params: match(url.pathname) }))
        .filter((c): c is { route: AnyRoute; params: Record<string, string> } => c.params !== undefined);
      const found = candidates.find((c) => c.route.method === method || (method === 'HEAD' && c.route.method === 'GET'));
      if (!found) {
        if (candidates.length > 0) {
          const notAllowed = problem(405, 'Method not allowed');
          notAllowed.headers.allow = candidates.map((c) => c.route.method).join(', ');
          return send(res, notAllowed);
        }
        return send(res, problem(404, 'Not found'));
      }
      const body = await readBody(req);
      if (body === undefined) return send(res, problem(413, 'The request body is too large'));
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      const request: HttpRequest = {
        method: found.route.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        params: found.params,
        headers,
        cookies: cookiesOf(headers.cookie),
        body,
        requestId,
      };
      const response = await dispatch(found.route, request, deps, edge);
      send(res, method === 'HEAD' ? { ...response, body: '', isBase64Encoded: false } : response);
    } catch (error) {
      // A client that went away mid-request is not a fault of ours: there is nobody left to answer.
      if (clientGone(req, error)) {
        deps.logger.info('Client disconnected', { requestId });
        return;
      }
      deps.logger.error('Local server error', { requestId, error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) send(res, problem(500, 'Something went wrong'));
      else res.end();
    }
  });
}
