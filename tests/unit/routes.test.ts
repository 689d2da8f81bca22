/**
 * routes.ts is read by the CDK stack (one Lambda per surface, entry
 * functions/<surface>.lambda.ts) and by the dev server. These checks keep
 * the list, the access levels and the entry files in step.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SURFACES } from '../../functions/http/types';
import { routes } from '../../functions/routes';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entryOf = (surface: string) => `functions/${surface}.lambda.ts`;

describe('routes', () => {
  it('has unique ids', () => {
    const ids = routes.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('has unique (method, path) pairs', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('uses kebab-case ids and absolute paths', () => {
    expect(routes.filter((r) => !/^[a-z]+(-[a-z]+)*$/.test(r.id) || !r.path.startsWith('/')).map((r) => r.id)).toEqual([]);
  });

  it('puts every /admin and /api/admin path behind admin access on the admin surface, but the sign-in pages', () => {
    const signIn = new Set(['/admin/login', '/admin/auth/callback', '/admin/signed-out']);
    const adminPath = (path: string) => path === '/admin' || path.startsWith('/admin/') || path.startsWith('/api/admin/');
    const wrong = routes.filter((r) =>
      signIn.has(r.path) ? r.access !== 'public' || r.surface !== 'admin' : adminPath(r.path) !== (r.access === 'admin' && r.surface === 'admin'),
    );
    expect(wrong.map((r) => r.id)).toEqual([]);
  });

  it('names a link action on every link route, and only there', () => {
    expect(routes.filter((r) => (r.access === 'link') !== (r.link !== undefined)).map((r) => r.id)).toEqual([]);
  });

  it('answers JSON on /api and /health, pages elsewhere', () => {
    const wantsJson = (path: string) => path.startsWith('/api/') || path === '/health';
    expect(routes.filter((r) => wantsJson(r.path) !== (r.answers === 'json')).map((r) => r.id)).toEqual([]);
  });

  it.each(SURFACES.map((s) => [s] as const))('has an entry file for the %s surface that serves that surface of routes.ts', async (surface) => {
    const file = `${root}${entryOf(surface)}`;
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain(`surfaceHandler('${surface}', ${surface}Routes`);
    // The entry parses its environment when it loads, as Lambda's cold start does (vitest sets BASE_URL to '/').
    const saved = { ...process.env };
    Object.assign(process.env, { BASE_URL: 'https://mentor-match.example', MAIL_FROM: 'mentor-match@mentor-match.example' });
    const { handler } = await (import(file) as Promise<{ handler: { surface: string; routes: unknown[] } }>).finally(() => {
      process.env = saved;
    });
    expect(handler.surface).toBe(surface);
    expect(handler.routes).toEqual(routes.filter((r) => r.surface === surface));
    expect(handler.routes.length).toBeGreaterThan(0);
  });
});
