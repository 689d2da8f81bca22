/**
 * The whole app synthesised as `cdk synth` does it: esbuild bundles every
 * function, and cdk-nag's AwsSolutions pack (registered by createApp) must
 * find nothing that is neither fixed nor acknowledged with a reason.
 */
import { Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { ASSET_FILES } from '../../functions/web/asset-files';
import { PROJECT_ROOT } from '../../infra/constructs/app-function';
import { ENV } from '../../shared/config/env';
import { buildApp, type Synthesised } from './support';

const outdir = mkdtempSync(join(tmpdir(), 'mentor-match-cdk-'));
// The bundles leave out the AWS SDK, which Lambda's runtime provides; here the project's stands in for it.
symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(outdir, 'node_modules'));
// Not synthesised here: synthesis runs the nag plugin, and a finding should
// fail the nag test with a readable list, not this hook.
let s: Omit<Synthesised, 'data' | 'edge' | 'api'>;

beforeAll(() => {
  s = buildApp({ bundle: true, outdir });
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The folder CDK staged a function's bundle in (bundling runs when the function is constructed). */
function bundleDir(fn: lambda.Function): string {
  return join(outdir, (fn.node.findChild('Code') as Asset).assetPath);
}

describe('cdk-nag AwsSolutions', () => {
  it('finds no unacknowledged errors or warnings', () => {
    const report = new AwsSolutionsChecks().validateScope(s.app);
    const findings = report.violations.map(
      (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
    // The same check as `cdk synth`: createApp registered the pack as a validation plugin.
    expect(() => s.app.synth({ force: true })).not.toThrow();
  });

  it('has a written reason of at least 10 characters for every acknowledgement', () => {
    const acknowledgements = s.app.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((m) => Object.entries(m.data as Record<string, string>))
          .map(([id, reason]) => ({ path: c.node.path, id, reason })),
      );
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledgements) {
      expect(id, path).toMatch(/AwsSolutions-/);
      expect(reason.trim().length, `${id} at ${path}`).toBeGreaterThanOrEqual(10);
    }
  });
});

describe('bundles', () => {
  it('builds every function as a minified ESM bundle with a require shim and a source map', () => {
    const { webApi, outbox, matchingJobs, mailEvents } = s.stacks.api;
    const fns = [
      ...webApi.functions.values(),
      outbox.sender,
      matchingJobs.runRound,
      matchingJobs.proposalDeadlines,
      matchingJobs.weeklySummary,
      mailEvents.handler,
    ];
    // Each function its own bundle (CDK caches staged assets by their bundling options).
    expect(new Set(fns.map(bundleDir)).size).toBe(fns.length);
    for (const fn of fns) {
      const dir = bundleDir(fn);
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code.startsWith("import { createRequire } from 'module';"), fn.node.path).toBe(true);
      expect(existsSync(join(dir, 'index.mjs.map')), fn.node.path).toBe(true);
    }
  });

  it('copies every listed asset (and no GOV.UK font or image) into the pages function, which serves them', async () => {
    const fn = s.stacks.api.webApi.functions.get('pages')!;
    const assetsDir = join(bundleDir(fn), 'assets');
    const copied = readdirSync(assetsDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(assetsDir, join(e.parentPath, e.name)))
      .sort();
    expect(copied).toEqual(Object.keys(ASSET_FILES).sort());

    // Run the real bundle the way Lambda would, with its assets folder where ASSETS_DIR says.
    const saved = { ...process.env };
    Object.assign(process.env, {
      [ENV.BASE_URL]: s.config.baseUrl,
      [ENV.MAIL_FROM]: s.config.mailFrom,
      [ENV.ASSETS_DIR]: assetsDir,
    });
    try {
      const { handler } = await import(pathToFileURL(join(bundleDir(fn), 'index.mjs')).href);
      const get = (proxy: string) =>
        handler(
          {
            version: '2.0',
            routeKey: 'GET /assets/{proxy+}',
            rawPath: `/assets/${proxy}`,
            rawQueryString: '',
            headers: {},
            cookies: [],
            pathParameters: { proxy },
            isBase64Encoded: false,
            requestContext: { http: { method: 'GET', path: `/assets/${proxy}` }, requestId: 'infra-test' },
          },
          { awsRequestId: 'infra-test' },
        );
      for (const name of Object.keys(ASSET_FILES)) {
        const response = await get(name);
        expect(response.statusCode, name).toBe(200);
        expect(response.headers['x-content-type-options'], name).toBe('nosniff');
      }
      expect((await get('mentor-match.css')).headers['content-type']).toMatch(/^text\/css/);
      const missing = await get('fonts/bold-b542beb274-v2.woff2');
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['strict-transport-security']).toBeTruthy();
    } finally {
      process.env = saved;
    }
  });
});
