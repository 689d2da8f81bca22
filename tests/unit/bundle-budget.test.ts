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
/** All of a function's JavaScript: index.mjs and every chunk (docs/decisions.md, "Bundles and cold starts"). */
const BUDGET = 300 * KB;
/** Functions allowed more for now, each with the reason; shrink these, never grow them. */
const OVER_BUDGET: Record<string, { bytes: number; reason: string }> = {
  admin: {
    bytes: 360 * KB,
    reason: 'Every admin page and API (reports with SVG charts, CSV exports, the matching engine for a round on demand) in one function.',
  },
};

let bundles: BuiltBundle[];
beforeAll(async () => {
  bundles = await bundleEntries();
}, 60_000);

const describeBundle = (b: BuiltBundle) =>
  `${b.name}: ${(b.bytes / KB).toFixed(1)} KB; largest inputs:\n${largestInputs(b)
    .map((i) => `  ${(i.bytes / KB).toFixed(1).padStart(6)} KB  ${i.input}`)
    .join('\n')}`;

describe('Lambda bundles', () => {
  it('builds one bundle per functions/*.lambda.ts entry', () => {
    expect(bundles.map((b) => b.name)).toEqual(lambdaEntries().map((e) => e.name));
    expect(bundles.length).toBeGreaterThanOrEqual(9);
  });

  it.each(lambdaEntries().map((e) => [e.name] as const))('keeps %s within its budget', (name) => {
    const bundle = bundles.find((b) => b.name === name)!;
    const budget = OVER_BUDGET[name]?.bytes ?? BUDGET;
    expect(bundle.bytes, describeBundle(bundle)).toBeLessThanOrEqual(budget);
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

  it('imports zod as a namespace, so its locales are left out', () => {
    for (const b of bundles) {
      const locales = Object.keys(b.inputs).filter((path) => /zod\/v4\/locales\/(?!en\.js)/.test(path));
      expect(locales, b.name).toEqual([]);
    }
  });
});
