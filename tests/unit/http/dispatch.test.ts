import { describe, expect, it } from 'vitest';
import { dispatch, pathMatcher } from '../../../functions/http/dispatch';
import type { HttpRequest, Route } from '../../../functions/http/types';
import { LinkExpired, LinkUsed, NotFound } from '../../../shared/domain/errors';
import type { Logger } from '../../../shared/ports';
import { memoryDeps } from '../../fixtures/deps';

describe('pathMatcher', () => {
  it('matches a literal path exactly, with no params', () => {
    const match = pathMatcher('/api/profiles');
    expect(match('/api/profiles')).toEqual({});
    expect(match('/api/profiles/')).toBeUndefined();
    expect(match('/api/profile')).toBeUndefined();
    expect(match('/api/profiles/x')).toBeUndefined();
  });

  it('captures a {param} segment, decoded', () => {
    const match = pathMatcher('/apply/{role}');
    expect(match('/apply/mentee')).toEqual({ role: 'mentee' });
    expect(match('/apply/a%20b')).toEqual({ role: 'a b' });
  });

  it('does not let a {param} span segments or be empty', () => {
    const match = pathMatcher('/apply/{role}');
    expect(match('/apply/mentee/extra')).toBeUndefined();
    expect(match('/apply/')).toBeUndefined();
  });

  it('answers "no match" for a malformed percent-encoding instead of throwing (the dev server would 500)', () => {
    const match = pathMatcher('/apply/{role}');
    expect(() => match('/apply/%E0%A4%A')).not.toThrow();
    expect(match('/apply/%E0%A4%A')).toBeUndefined();
  });

  it('captures several params', () => {
    expect(pathMatcher('/a/{x}/b/{y}')('/a/1/b/2')).toEqual({ x: '1', y: '2' });
  });

  it('lets {proxy+} take the rest of the path, slashes included', () => {
    const match = pathMatcher('/assets/{proxy+}');
    expect(match('/assets/fonts/bold.woff2')).toEqual({ proxy: 'fonts/bold.woff2' });
    expect(match('/assets/app.css')).toEqual({ proxy: 'app.css' });
    expect(match('/assets/')).toBeUndefined();
    expect(match('/other/app.css')).toBeUndefined();
  });

  it('treats regex characters in the pattern literally', () => {
    const match = pathMatcher('/files/a.b');
    expect(match('/files/a.b')).toEqual({});
    expect(match('/files/aXb')).toBeUndefined();
  });
});

describe('dispatch', () => {
  const request: HttpRequest = { method: 'GET', path: '/x', query: {}, params: {}, headers: {}, body: '', requestId: 'req-123' };
  const throwing = (error: unknown): Route => ({
    id: 'x',
    feature: 'test',
    method: 'GET',
    path: '/x',
    permissions: [],
    handle: async () => {
      throw error;
    },
  });

  it('turns an unexpected error into a generic 500 naming the request id, never the error', async () => {
    const { deps } = memoryDeps();
    const logged: unknown[] = [];
    const logger: Logger = { info() {}, warn() {}, error: (...a) => logged.push(a) };
    const response = await dispatch(throwing(new Error('secret db password in message')), request, { ...deps, logger });
    expect(response.status).toBe(500);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body).not.toContain('secret');
    expect(JSON.parse(response.body)).toMatchObject({ status: 500, detail: expect.stringContaining('req-123') });
    expect(logged).toHaveLength(1);
  });

  it.each([
    ['LinkExpired', new LinkExpired(), 410],
    ['LinkUsed', new LinkUsed(), 409],
    ['NotFound', new NotFound('Profile'), 404],
  ])('maps the domain error %s to %i problem+json', async (_code, error, status) => {
    const { deps } = memoryDeps();
    const response = await dispatch(throwing(error), request, deps);
    expect(response.status).toBe(status);
    expect(JSON.parse(response.body)).toMatchObject({ status, title: (error as Error).message, errors: [] });
  });
});
