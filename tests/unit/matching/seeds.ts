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

/** Fisher–Yates with the caller's random source, so a shuffle replays from its seed. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let k = out.length - 1; k > 0; k--) {
    const m = Math.floor(random() * (k + 1));
    [out[k], out[m]] = [out[m]!, out[k]!];
  }
  return out;
}
