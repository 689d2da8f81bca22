/**
 * How every Lambda entry is bundled, written once as esbuild options: the
 * function construct (./app-function.ts) bundles with them at synth, and the
 * bundle budget test and the bench (tests/bench/bundles.ts) bundle with the
 * same options, so what is measured is what deploys. No aws-cdk-lib import
 * here: the unit tests and the bench load this module.
 *
 * Why these options (docs/decisions.md, "Bundles and cold starts"):
 * - The AWS SDK is left out: the Lambda Node.js runtime ships SDK v3, and
 *   bundling it tripled every bundle.
 * - Code splitting: the AWS adapters are imported dynamically
 *   (shared/deps.ts), so they and the SDK they import sit in a chunk loaded on
 *   a function's first call that needs a table, mail or the signing key, not
 *   when the function starts.
 */
import type { BuildOptions } from 'esbuild';

/**
 * Lambda runs Node's ESM loader on the .mjs bundle, but some dependencies
 * still call require() for Node built-ins; this gives them one (in every chunk).
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** The file Lambda loads (handler `index.handler`); chunks go beside it in chunks/. */
export const BUNDLE_FILE = 'index.mjs';

/** Provided by the runtime (nodejs24.x ships AWS SDK v3 and its Smithy packages). */
export const RUNTIME_PROVIDED_MODULES = ['@aws-sdk/*', '@smithy/*'];

/** What every bundle is built with, besides its entry and where it goes. */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  sourcemap: true,
  // ESM builds of dependencies first: esbuild tree-shakes those, not CommonJS.
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  external: RUNTIME_PROVIDED_MODULES,
  splitting: true,
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
} satisfies BuildOptions;

/** The full esbuild options for one entry (absolute path) into `outdir`. */
export function bundleOptions(entry: string, outdir: string, projectRoot: string): BuildOptions {
  return { ...BUNDLE_OPTIONS, entryPoints: [entry], outdir, absWorkingDir: projectRoot };
}
