import { defineConfig } from 'vitest/config';

// npm scripts run the `node` devDependency, the Lambda runtime's major, not
// the machine's Node: say which one this run is on.
console.log(`Tests on Node ${process.version}`);

// One `vitest run` covers every layer. Integration, contract and e2e suites
// share one DynamoDB Local and one SES emulator started by the global setup;
// each test file makes its own table, so files run in parallel safely.
//
// The race and timing suites (project `races`) load DynamoDB Local as hard as
// they can (hundreds of concurrent transactions) or measure answer times: run
// beside the rest on two cores, they pushed other files' calls past the
// request deadline (2 s) and their own timings off, and a DynamoDB Local that
// has served every other file answers them several times slower. `npm test`
// runs them in a second `vitest run` of their own, with fresh emulators, one
// file at a time.
const RACES = [
  'tests/integration/erasure-races.test.ts',
  'tests/integration/matching-races.test.ts',
  'tests/integration/intake-abuse.test.ts',
  'tests/integration/round-resume.test.ts',
];

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/contract/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          exclude: RACES,
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'races',
          include: RACES,
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['tests/infra/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
