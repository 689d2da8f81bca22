/**
 * Runs a route for any runtime. Routes handle their own domain errors; this
 * is the last line: anything that escapes becomes a generic 500 with the
 * request id, never a stack trace.
 */
import type { Deps } from '../../shared/ports';
import { apiError } from './errors';
import type { HttpRequest, HttpResponse, Route } from './types';

export async function dispatch(route: Route, request: HttpRequest, deps: Deps): Promise<HttpResponse> {
  try {
    return await route.handle(request, deps);
  } catch (error) {
    return apiError(error, request, deps.logger);
  }
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
