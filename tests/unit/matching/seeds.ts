/**
 * One fast-check seed per test file, printed so a failure can be replayed:
 * FC_SEED=<seed> npx vitest run --project unit tests/unit/matching
 */
import fc from 'fast-check';

export function propertySeed(file: string): number {
  const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
  console.log(`[${file}] fast-check seed ${seed}`);
  return seed;
}

export const assertProperty = <T>(seed: number, numRuns: number, property: fc.IProperty<T>) =>
  fc.assert(property, { seed, numRuns });
