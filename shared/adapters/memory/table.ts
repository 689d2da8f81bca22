/**
 * What the in-memory stores share, as the DynamoDB stores share one table:
 * transactions across stores, and each person's partition.
 *
 * A write that spans aggregates is composed as in DynamoDB: each owning store
 * builds its own `MemoryWrite` (its condition, checked now, and its change),
 * and `commit` applies all of them or, if any condition fails, none, passing
 * the failing positions to `onFailed` as a cancelled transaction would.
 */

export interface MemoryWrite {
  /** Whether the write's condition holds (decided when the write is built). */
  holds: boolean;
  apply(): void;
}

export const write = (holds: boolean, apply: () => void = () => {}): MemoryWrite => ({ holds, apply });

/** All of `writes` or none; false if a condition failed. */
export function tryCommit(writes: MemoryWrite[]): boolean {
  if (writes.some((w) => !w.holds)) return false;
  for (const w of writes) w.apply();
  return true;
}

/** All of `writes`, or the error `onFailed` picks from the failing positions. */
export function commit(writes: MemoryWrite[], onFailed: (failedIndexes: number[]) => Error): void {
  const failed = writes.flatMap((w, i) => (w.holds ? [] : [i]));
  if (failed.length > 0) throw onFailed(failed);
  for (const w of writes) w.apply();
}

/**
 * Items a store keeps in a person's partition (DynamoDB: pk PROFILE#<id>):
 * the profile store counts them and removes them on erasure, whichever store
 * wrote them.
 */
export interface PersonItems {
  countOf(personId: string): number;
  eraseOf(personId: string): void;
}

/** The stores with items in people's partitions; each registers itself when it is built. */
export class PersonPartitions {
  private readonly holders: PersonItems[] = [];

  register(holder: PersonItems) {
    this.holders.push(holder);
  }

  countOf(personId: string): number {
    return this.holders.reduce((n, h) => n + h.countOf(personId), 0);
  }

  eraseOf(personId: string): void {
    for (const h of this.holders) h.eraseOf(personId);
  }
}

export const clone = <T>(v: T): T => structuredClone(v);
