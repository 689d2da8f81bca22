/**
 * routes.ts is read by the CDK stack (one Lambda per route, entry
 * functions/<feature>/<id>.lambda.ts) and by the dev server. These checks keep
 * the list and the entry files in step.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routes';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entryOf = (r: { feature: string; id: string }) => `functions/${r.feature}/${r.id}.lambda.ts`;

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

  it('has a Lambda entry file for every route', () => {
    expect(routes.map(entryOf).filter((f) => !existsSync(`${root}${f}`))).toEqual([]);
  });

  it.each(routes.map((r) => [r.id, r] as const))('wires the entry file of %s to that very route', async (_id, route) => {
    const text = readFileSync(`${root}${entryOf(route)}`, 'utf8');
    const handled = /lambdaHandler\((\w+)\)/.exec(text)?.[1];
    expect(handled, 'a lambdaHandler(<route>) call').toBeDefined();
    const from = new RegExp(`import\\s*{[^}]*\\b${handled}\\b[^}]*}\\s*from\\s*'(\\./[^']+)'`).exec(text)?.[1];
    expect(from, `an import of ${handled}`).toBeDefined();
    const module = (await import(`${root}functions/${route.feature}/${from!.slice(2)}.ts`)) as Record<string, unknown>;
    expect(module[handled!]).toBe(route);
  });
});
