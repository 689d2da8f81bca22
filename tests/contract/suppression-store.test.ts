/**
 * One suite, two suppression stores: the in-memory fake and the DynamoDB
 * adapter on DynamoDB Local. Both must treat an address the same way in any
 * letter case, or a bounced address could be mailed again in one of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoSuppressionStore } from '../../shared/adapters/dynamodb/suppression-store';
import { MemorySuppressionStore } from '../../shared/adapters/memory/suppression-store';
import type { SuppressionStore } from '../../shared/ports';
import { newTestTable } from '../support/dynamodb';

let seq = 0;
const address = () => `bounced-${Date.now().toString(36)}-${(seq++).toString(36)}@council.gov.uk`;
const AT = '2026-03-02T09:00:00.000Z';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

const factories: [string, () => Promise<SuppressionStore>][] = [
  ['memory', async () => new MemorySuppressionStore()],
  [
    'dynamodb',
    async () => {
      const table = await newTestTable();
      cleanups.push(table.drop);
      return new DynamoSuppressionStore(table.client, table.tableName);
    },
  ],
];

describe.each(factories)('%s suppression store', (_name, make) => {
  let store: SuppressionStore;
  beforeAll(async () => {
    store = await make();
  });

  it('reports an address as suppressed only after it is suppressed', async () => {
    const email = address();
    expect(await store.isSuppressed(email)).toBe(false);
    await store.suppress(email, 'bounce', AT);
    expect(await store.isSuppressed(email)).toBe(true);
    expect(await store.isSuppressed(address())).toBe(false);
  });

  it('matches an address in any letter case and with stray spaces', async () => {
    const email = address();
    await store.suppress(email.toUpperCase(), 'complaint', AT);
    expect(await store.isSuppressed(email)).toBe(true);
    expect(await store.isSuppressed(`  ${email.replace('bounced', 'Bounced')} `)).toBe(true);
  });

  it('keeps an address suppressed when SES reports it again', async () => {
    const email = address();
    await store.suppress(email, 'bounce', AT);
    await store.suppress(email, 'complaint', '2026-03-03T09:00:00.000Z');
    expect(await store.isSuppressed(email)).toBe(true);
  });

  it('lifts the suppression on clear, in any letter case, and clearing again is harmless', async () => {
    const email = address();
    const other = address();
    await store.suppress(email, 'bounce', AT);
    await store.suppress(other, 'bounce', AT);
    await store.clear(email.toUpperCase());
    expect(await store.isSuppressed(email)).toBe(false);
    expect(await store.isSuppressed(other)).toBe(true);
    await store.clear(email);
    expect(await store.isSuppressed(email)).toBe(false);
  });
});
