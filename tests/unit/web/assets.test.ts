/**
 * The stylesheet and the static files: the committed CSS is exactly what the
 * Sass source compiles to, it asks for no font and no GOV.UK image, every
 * listed file exists, and the assets route serves only the list, with the
 * security headers on every answer, 404s included.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../functions/http/dispatch';
import { ASSET_FILES } from '../../../functions/web/asset-files';
import { assets } from '../../../functions/web/assets';
import { compileCss, CSS_OUTPUT } from '../../../functions/web/build/css';
import { memoryDeps } from '../../fixtures/deps';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const css = readFileSync(CSS_OUTPUT, 'utf8');

describe('the stylesheet', () => {
  it('is up to date with its Sass source (run `npm run build:css` after changing it or govuk-frontend)', { timeout: 60_000 }, async () => {
    expect((await compileCss()) === css, 'functions/web/static/mentor-match.css is out of date').toBe(true);
  });

  it('uses our font stack and ships no font: no GDS Transport, no @font-face', () => {
    expect(css).not.toMatch(/GDS Transport/i);
    expect(css).not.toMatch(/@font-face/);
    expect(css).toMatch(/font-family:"Helvetica Neue",helvetica,arial,sans-serif/);
  });

  it('refers to no file at all (the crest of "Crown copyright" resolves to none)', () => {
    expect(css.match(/url\([^)]*\)/g) ?? []).toEqual([]);
  });
});

describe('the asset list', () => {
  it('names files that exist', () => {
    for (const [name, source] of Object.entries(ASSET_FILES)) expect(existsSync(`${ROOT}${source}`), name).toBe(true);
  });

  it('holds no GOV.UK branding: no fonts, crown, crest or GOV.UK icons', () => {
    for (const name of Object.keys(ASSET_FILES)) expect(name).not.toMatch(/fonts\/|govuk-(crest|icon)|opengraph|\.woff/);
  });
});

describe('the assets route', () => {
  const get = (proxy: string) =>
    dispatch(assets, { method: 'GET', path: `/assets/${proxy}`, query: {}, params: { proxy }, headers: {}, cookies: {}, body: '', requestId: 'r' }, memoryDeps().deps);

  it.each(Object.keys(ASSET_FILES))('serves %s with the security headers', async (name) => {
    const response = await get(name);
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
    expect(response.headers['strict-transport-security']).toBeTruthy();
    expect(response.headers['content-security-policy']).toBeTruthy();
  });

  it.each(['fonts/bold-b542beb274-v2.woff2', 'images/govuk-crest.svg', '../package.json', 'assets/fonts/x.woff', 'govuk-frontend.min.css'])(
    'answers %s with a 404 that carries the security headers',
    async (name) => {
      const response = await get(name);
      expect(response.status).toBe(404);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['strict-transport-security']).toBeTruthy();
      expect(response.headers['content-security-policy']).toBeTruthy();
    },
  );
});
