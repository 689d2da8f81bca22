/** One suite, two settings stores: the weights are absent until saved, then read back as saved, replaced whole. */
import { afterAll, describe, expect, it } from 'vitest';
import { dropTables, storeSets, TestClock } from './stores';

afterAll(dropTables);

describe.each(storeSets)('%s settings store', (_name, make) => {
  it('has no weights until an admin saves some, then the latest save', async () => {
    const { settings } = await make(new TestClock());
    expect(await settings.getWeights()).toBeUndefined();
    const first = { weights: { skills: 50, sameRegion: 20 }, updatedAt: '2030-01-01T09:00:00.000Z', updatedBy: 'admin-a' };
    const second = { weights: { skills: 70 }, updatedAt: '2030-01-02T09:00:00.000Z', updatedBy: 'admin-b' };
    await settings.saveWeights(first);
    expect(await settings.getWeights()).toEqual(first);
    await settings.saveWeights(second);
    expect(await settings.getWeights()).toEqual(second);
  });
});
