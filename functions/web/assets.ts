/**
 * Static assets: the files of ./asset-files.ts and nothing else, by their
 * public names under /assets/. In Lambda the bundle holds them flat under
 * ASSETS_DIR (copied by infra/constructs/web-api.ts); locally they are read
 * from where the list says in the repository.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { ENV } from '../../shared/config/env';
import { problem, SECURITY_HEADERS } from '../http/responses';
import { defineRoute, type HttpResponse } from '../http/types';
import { ASSET_FILES } from './asset-files';

const LAMBDA_ASSETS_DIR = process.env[ENV.ASSETS_DIR];
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where a listed asset is read from: ASSETS_DIR/<name> in Lambda, its source in the repository locally. */
function fileOf(name: string): string {
  return LAMBDA_ASSETS_DIR ? join(LAMBDA_ASSETS_DIR, name) : join(REPO_ROOT, ASSET_FILES[name]!);
}

const TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  map: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  json: 'application/manifest+json; charset=utf-8',
};

function asset(body: Buffer, name: string): HttpResponse {
  const ext = name.split('.').pop()!.toLowerCase();
  const binary = !/^(css|js|map|svg|json)$/.test(ext);
  return {
    status: 200,
    headers: {
      ...SECURITY_HEADERS,
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'cache-control': 'public, max-age=86400',
    },
    body: binary ? body.toString('base64') : body.toString('utf8'),
    isBase64Encoded: binary,
  };
}

const notFound = (): HttpResponse => problem(404, 'Not found');

export const assets = defineRoute({
  id: 'assets',
  surface: 'pages',
  method: 'GET',
  path: '/assets/{proxy+}',
  access: 'public',
  answers: 'page',
  // Only the names on the list: no traversal, no hidden files, nothing else on disk.
  input: { from: 'query', schema: z.object({ proxy: z.string().refine((name) => Object.hasOwn(ASSET_FILES, name)) }) },
  permissions: [],
  invalid: notFound,
  async handle({ proxy: name }) {
    try {
      return asset(await readFile(fileOf(name)), name);
    } catch {
      return notFound();
    }
  },
});
