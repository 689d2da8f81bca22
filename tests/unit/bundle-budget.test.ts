/**
 * Every Lambda bundle stays small enough to start fast: built here with the
 * options CDK deploys with (infra/constructs/bundling.ts, via
 * tests/bench/bundles.ts), a bundle over its budget fails naming the inputs
 * that take the most bytes, so the import that grew it is easy to find (an
 * `import { z } from 'zod'` pulls in every locale; an eager AWS adapter pulls
 * the SDK into the start-up chunk). Import times: `npx tsx tests/bench/bundles.ts`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type BuiltBundle, bundleEntries, largestInputs, lambdaEntries } from '../bench/bundles';

const KB = 1024;
/**
 * What a cold start loads (index.mjs and the chunks it imports statically),
 * for every function alike: this is the code Lambda reads and compiles
 * before the first answer (docs/decisions.md, "Bundles and cold starts").
 */
const START_BUDGET = 300 * KB;
/**
 * All of a function's JavaScript, chunks loaded on demand included (the
 * admin report, CSV exports and a round run now): splitting moves code out
 * of the start, it does not remove it, so this keeps the rest from growing
 * unseen.
 */
const TOTAL_BUDGET = 380 * KB;

let bundles: BuiltBundle[];
beforeAll(async () => {
  bundles = await bundleEntries();
}, 60_000);

const describeBundle = (b: BuiltBundle) =>
  `${b.name}: ${(b.startBytes / KB).toFixed(1)} KB at start, ${(b.bytes / KB).toFixed(1)} KB in all; largest inputs:\n${largestInputs(b)
    .map((i) => `  ${(i.bytes / KB).toFixed(1).padStart(6)} KB  ${i.input}`)
    .join('\n')}`;

describe('Lambda bundles', () => {
  it('builds one bundle per functions/*.lambda.ts entry', () => {
    expect(bundles.map((b) => b.name)).toEqual(lambdaEntries().map((e) => e.name));
    expect(bundles.length).toBeGreaterThanOrEqual(9);
  });

  it.each(lambdaEntries().map((e) => [e.name] as const))('keeps what a cold start of %s loads within 300 KB', (name) => {
    const bundle = bundles.find((b) => b.name === name)!;
    expect(bundle.startBytes, describeBundle(bundle)).toBeLessThanOrEqual(START_BUDGET);
  });

  it.each(lambdaEntries().map((e) => [e.name] as const))('keeps all of %s, on-demand chunks included, within 380 KB', (name) => {
    const bundle = bundles.find((b) => b.name === name)!;
    expect(bundle.bytes, describeBundle(bundle)).toBeLessThanOrEqual(TOTAL_BUDGET);
  });

  it('keeps the AWS SDK and the table adapters out of what a cold start loads', () => {
    for (const b of bundles) {
      const sdk = Object.keys(b.inputs).filter((path) => /node_modules\/@(aws-sdk|smithy)\//.test(path));
      expect(sdk, `${b.name} bundles the SDK the runtime provides`).toEqual([]);
      // The adapters sit in chunks loaded on first use (shared/adapters/aws.ts), so what starts is smaller than the whole.
      if (Object.keys(b.inputs).some((path) => path.startsWith('shared/adapters/dynamodb/'))) {
        expect(b.startBytes, b.name).toBeLessThan(b.bytes);
      }
    }
  });

  it('starts the admin function without the matching engine, the report page or CSV export (loaded on demand)', () => {
    const admin = bundles.find((b) => b.name === 'admin')!;
    const heavy = admin.startInputs.filter((path) =>
      /^shared\/matching\/(?!weights\.ts)|^functions\/admin\/report-page\.ts$|^functions\/web\/charts\.ts$|node_modules\/csv-stringify\//.test(path),
    );
    expect(heavy).toEqual([]);
    // …and they are still in the function, for when they are needed.
    expect(Object.keys(admin.inputs)).toEqual(expect.arrayContaining(['shared/matching/solver.ts', 'functions/admin/report-page.ts']));
  });

  it('imports zod as a namespace, so its locales are left out', () => {
    for (const b of bundles) {
      const locales = Object.keys(b.inputs).filter((path) => /zod\/v4\/locales\/(?!en\.js)/.test(path));
      expect(locales, b.name).toEqual([]);
    }
  });
});
