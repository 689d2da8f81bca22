/**
 * The Lambda bundles' size and cold import time. Every `functions/*.lambda.ts`
 * entry is bundled with the options CDK uses (infra/constructs/bundling.ts),
 * then each bundle is imported `runs` times, each in a fresh Node process,
 * timing the import alone (performance.now around `await import()` inside the
 * child); the median is reported. The bundles are written under `.local/` so
 * that modules left external resolve from the project's node_modules, as
 * they do from the runtime's in Lambda.
 *
 * `npx tsx tests/bench/bundles.ts [--runs 5]` prints a table;
 * tests/bench/run.ts calls measureBundles(). The budget test
 * (tests/unit/bundle-budget.test.ts) uses bundleEntries() without writing.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { BUNDLE_FILE, bundleOptions } from '../../infra/constructs/bundling';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LAMBDA_SUFFIX = '.lambda.ts';

/** Every Lambda entry, by name (`functions/round.lambda.ts` → `round`). */
export function lambdaEntries(): Array<{ name: string; entry: string }> {
  const dir = join(PROJECT_ROOT, 'functions');
  return readdirSync(dir)
    .filter((file) => file.endsWith(LAMBDA_SUFFIX))
    .sort()
    .map((file) => ({ name: basename(file, LAMBDA_SUFFIX), entry: join(dir, file) }));
}

export interface BuiltBundle {
  name: string;
  entry: string;
  /** Every file of JavaScript in it (index.mjs and its chunks), without source maps. */
  bytes: number;
  /** What a cold start loads: index.mjs and the chunks it imports statically (not those it imports on demand). */
  startBytes: number;
  /** What went into it: input path (relative to the project) → bytes it takes in the output. */
  inputs: Record<string, number>;
  /** The inputs in what a cold start loads (the rest are in chunks imported on demand). */
  startInputs: string[];
  /** Where index.mjs was written, when it was. */
  file?: string;
}

/** Bundles every entry as CDK does; with `outdir`, writes each to `<outdir>/<name>/`. */
export async function bundleEntries(outdir?: string): Promise<BuiltBundle[]> {
  return Promise.all(
    lambdaEntries().map(async ({ name, entry }) => {
      const dir = join(outdir ?? join(PROJECT_ROOT, '.local', 'unwritten'), name);
      const result = await build({
        ...bundleOptions(entry, dir, PROJECT_ROOT),
        metafile: true,
        write: outdir !== undefined,
        logLevel: 'silent',
      });
      return { name, entry, ...summarise(result.metafile), file: outdir ? join(dir, BUNDLE_FILE) : undefined };
    }),
  );
}

function summarise(metafile: Metafile): Pick<BuiltBundle, 'bytes' | 'startBytes' | 'inputs' | 'startInputs'> {
  const code = Object.entries(metafile.outputs).filter(([path]) => !path.endsWith('.map'));
  const entry = code.find(([path]) => path.endsWith(`/${BUNDLE_FILE}`));
  if (!entry) throw new Error(`esbuild wrote no ${BUNDLE_FILE}`);
  // The chunks a cold start loads: those imported statically, transitively.
  const loaded = new Set<string>();
  const visit = (path: string) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const i of metafile.outputs[path]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(entry[0]);
  const inputs: Record<string, number> = {};
  for (const [, output] of code) {
    for (const [path, input] of Object.entries(output.inputs)) inputs[path] = (inputs[path] ?? 0) + input.bytesInOutput;
  }
  return {
    bytes: code.reduce((sum, [, output]) => sum + output.bytes, 0),
    startBytes: [...loaded].reduce((sum, path) => sum + (metafile.outputs[path]?.bytes ?? 0), 0),
    inputs,
    startInputs: [...new Set([...loaded].flatMap((path) => Object.keys(metafile.outputs[path]?.inputs ?? {})))].sort(),
  };
}

/** The inputs that take the most bytes, grouped by package (or by the project's folder), largest first. */
export function largestInputs(bundle: Pick<BuiltBundle, 'inputs'>, top = 8): Array<{ input: string; bytes: number }> {
  const grouped = new Map<string, number>();
  for (const [path, bytes] of Object.entries(bundle.inputs)) {
    const key = groupOf(path);
    grouped.set(key, (grouped.get(key) ?? 0) + bytes);
  }
  return [...grouped]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
}

/** `node_modules/@aws-sdk/client-ses/dist-es/x.js` → `@aws-sdk/client-ses`; `shared/domain/x.ts` → `shared/domain/`. */
function groupOf(path: string): string {
  const inModules = path.lastIndexOf('node_modules/');
  if (inModules >= 0) {
    const [scope, name] = path.slice(inModules + 'node_modules/'.length).split('/');
    return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? path);
  }
  const slash = path.lastIndexOf('/');
  return slash >= 0 ? path.slice(0, slash + 1) : path;
}

/**
 * What a function's environment holds at cold start, enough for every entry
 * to load (each parses its environment when imported). Nothing is called:
 * clients are built on the first invocation, never at import.
 */
const IMPORT_ENV: Record<string, string> = {
  AWS_REGION: 'eu-west-2',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  BASE_URL: 'https://mentor-match.example.gov.uk',
  MAIL_FROM: 'noreply@mentor-match.example.gov.uk',
  TABLE_NAME: 'bench-table',
  SIGNING_KEY: Buffer.alloc(32, 7).toString('base64'),
  SES_CONFIGURATION_SET: 'bench',
  ADMIN_TOKEN_ISSUER: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_bench',
  ADMIN_TOKEN_AUDIENCE: 'bench-client',
  ADMIN_SIGN_IN_URL: 'https://bench.auth.eu-west-2.amazoncognito.com',
  ADMIN_EMAILS: 'admin@example.gov.uk',
  POWERTOOLS_SERVICE_NAME: 'mentor-match',
  POWERTOOLS_LOG_LEVEL: 'WARN',
};

const IMPORT_ONCE = `
const started = performance.now();
await import(process.argv[1]);
process.stdout.write(JSON.stringify({ ms: performance.now() - started }));
`;

/** Milliseconds to import the bundle in a fresh process, the import alone. */
export function importOnce(file: string): number {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', IMPORT_ONCE, pathToFileURL(file).href], {
    cwd: join(file, '..'),
    env: { PATH: process.env.PATH ?? '', ...IMPORT_ENV },
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`Importing ${file} failed (exit ${child.status}):\n${child.stderr}`);
  return (JSON.parse(child.stdout) as { ms: number }).ms;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface BundleMeasurement {
  name: string;
  bytes: number;
  startBytes: number;
  importMsMedian: number;
}

/** The name of the empty module's row (measureBundles with `baseline`). */
export const BASELINE = '(empty module)';

/**
 * Bundles every entry and times its import `runs` times in fresh processes,
 * never in parallel. The runs are interleaved (every bundle once, then every
 * bundle again, …), so a burst of load from elsewhere on the machine slows
 * all the bundles alike instead of whichever was being measured. With
 * `baseline`, the first row is an empty module measured the same way, in
 * the same rounds: what a fresh process's loader costs on this machine right
 * now, so a busy machine shows as a higher baseline.
 */
export async function measureBundles(o: { runs?: number; baseline?: boolean } = {}): Promise<BundleMeasurement[]> {
  const runs = o.runs ?? 5;
  mkdirSync(join(PROJECT_ROOT, '.local'), { recursive: true });
  const outdir = mkdtempSync(join(PROJECT_ROOT, '.local', 'bundles-'));
  try {
    const built = await bundleEntries(outdir);
    const rows = built.map(({ name, bytes, startBytes, file }) => ({ name, bytes, startBytes, file: file! }));
    if (o.baseline) {
      const file = join(outdir, 'empty', BUNDLE_FILE);
      mkdirSync(join(outdir, 'empty'), { recursive: true });
      writeFileSync(file, 'export {};\n');
      rows.unshift({ name: BASELINE, bytes: 0, startBytes: 0, file });
    }
    const times = rows.map((): number[] => []);
    for (let run = 0; run < runs; run++) rows.forEach((row, i) => times[i]!.push(importOnce(row.file)));
    return rows.map(({ name, bytes, startBytes }, i) => ({ name, bytes, startBytes, importMsMedian: median(times[i]!) }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The 1, 5 and 15 minute load averages (Linux), to print beside the times. */
function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

async function main() {
  const at = process.argv.indexOf('--runs');
  const runs = at >= 0 ? Number(process.argv[at + 1]) : 5;
  console.log(`Node ${process.version}, ${runs} fresh imports per bundle, median; load average ${loadAverage()}`);
  const rows = await measureBundles({ runs, baseline: true });
  const baseline = rows[0]!.importMsMedian;
  const kb = (bytes: number) => (bytes / 1024).toFixed(1).padStart(9);
  const header = ['function'.padEnd(16), 'KB'.padStart(9), 'start KB'.padStart(9), 'import ms'.padStart(10), '× empty'.padStart(8)];
  console.log(header.join(' '));
  for (const r of rows) {
    console.log([r.name.padEnd(16), kb(r.bytes), kb(r.startBytes), r.importMsMedian.toFixed(1).padStart(10), (r.importMsMedian / baseline).toFixed(1).padStart(8)].join(' '));
  }
  console.log(`load average after: ${loadAverage()}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
