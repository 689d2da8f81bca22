/**
 * Static assets: govuk-frontend's CSS, JS, fonts and images, plus our two
 * small files. In Lambda the files are copied into the bundle (ASSETS_DIR);
 * locally they are read from node_modules.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENV } from '../../shared/config/env';
import * as z from 'zod';
import { defineRoute, type HttpResponse } from '../http/types';

const ASSETS_DIR =
  process.env[ENV.ASSETS_DIR] ?? fileURLToPath(new URL('../../node_modules/govuk-frontend/dist/govuk', import.meta.url));

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  woff: 'font/woff',
  woff2: 'font/woff2',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  json: 'application/json',
};

// Our own enhancement script: govuk-frontend's components, once the page has loaded. Pages work without it.
const APP_JS = `import { initAll } from '/assets/govuk-frontend.min.js';
document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
`;
const APP_CSS = `.app-preserve-lines { white-space: pre-wrap; }
.app-chart { display: block; width: 100%; height: auto; margin-bottom: 30px; font-family: "GDS Transport", arial, sans-serif; }
.app-chart text { font-size: 12px; fill: #0b0c0c; }
.app-chart__bar--primary { fill: #1d70b8; }
.app-chart__bar--secondary { fill: #505a5f; }
.app-chart .app-chart__note--gap { font-weight: 700; fill: #aa2a16; }
.app-figures { display: flex; flex-wrap: wrap; gap: 15px; margin: 0 0 30px; padding: 0; list-style: none; }
.app-figure { box-sizing: border-box; flex: 1 1 200px; padding: 15px; border-left: 5px solid #1d70b8; background: #f3f2f1; font-family: "GDS Transport", arial, sans-serif; color: #0b0c0c; }
.app-figure__value { display: block; font-size: 2.25rem; font-weight: 700; line-height: 1.1; }
.app-figure__label { display: block; font-size: 1rem; margin-top: 5px; }
.app-engine-reason { display: block; margin: 5px 0 0; color: #484949; }
.app-id { font-size: 0.875rem; word-break: break-all; }
.app-table--small { font-size: 1rem; }
.app-table--small .govuk-table__header, .app-table--small .govuk-table__cell { padding-right: 10px; font-size: 1rem; }
.app-tag--nowrap { white-space: nowrap; }
.app-report-filters { margin-bottom: 30px; padding: 15px 15px 0; border: 1px solid #b1b4b6; }
`;
const OWN: Record<string, string> = { 'app.js': APP_JS, 'app.css': APP_CSS };

const SAFE_PATH = /^(?:[a-z0-9][a-z0-9_-]*\/)*[a-z0-9][a-z0-9._-]*\.[a-z0-9]+$/i;

function asset(body: Buffer, name: string): HttpResponse {
  const ext = name.split('.').pop()!.toLowerCase();
  const binary = !/^(css|js|svg|json)$/.test(ext);
  return {
    status: 200,
    headers: {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'cache-control': 'public, max-age=86400',
      'x-content-type-options': 'nosniff',
    },
    body: binary ? body.toString('base64') : body.toString('utf8'),
    isBase64Encoded: binary,
  };
}

const notFound = (): HttpResponse => ({ status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Not found' });

export const assets = defineRoute({
  id: 'assets',
  surface: 'pages',
  method: 'GET',
  path: '/assets/{proxy+}',
  access: 'public',
  answers: 'page',
  // Only plain relative file names: no traversal, no hidden files, no encoded tricks.
  input: { from: 'query', schema: z.object({ proxy: z.string().regex(SAFE_PATH).refine((name) => !name.includes('..')) }) },
  permissions: [],
  invalid: notFound,
  async handle({ proxy: name }) {
    const own = OWN[name];
    if (own !== undefined) return asset(Buffer.from(own), name);
    try {
      return asset(await readFile(join(ASSETS_DIR, name)), name);
    } catch {
      return notFound();
    }
  },
});
