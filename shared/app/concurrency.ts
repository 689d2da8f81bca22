/** Work over many items with at most `limit` in flight, results in input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Work over many items with at most `limit` in flight, for writes that must
 * stop together: after the first failure no new item starts, the ones in
 * flight settle, and then that failure is thrown. (mapWithConcurrency's
 * other workers would carry on writing after it has rejected.)
 */
export async function forEachWithConcurrency<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const i = next++;
      try {
        await work(items[i]!, i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

/**
 * The errors a store throws when the table is busy rather than when the write
 * is wrong: throttling, and a transaction cancelled because another
 * transaction held one of its items at that moment. They are recognised by
 * the names the AWS SDK gives them, so that use cases stay free of the SDK;
 * a failed condition never counts (the stores turn it into a domain error).
 */
const BUSY_ERRORS = new Set(['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'TransactionConflictException', 'TransactionInProgressException']);
const BUSY_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

export function tableBusy(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (BUSY_ERRORS.has(error.name)) return true;
  if (error.name !== 'TransactionCanceledException') return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.some((r) => BUSY_REASONS.has(r.Code ?? '')) && !reasons.some((r) => r.Code === 'ConditionalCheckFailed');
}

/**
 * Runs `work` again while it fails with a busy table, at most `tries` times
 * in all, pausing a random time up to base · 2^attempt (capped at a second)
 * between tries, so writers that collided spread out. Any other error, and
 * the last busy one, is thrown.
 */
export async function retryWhileBusy<T>(
  work: () => Promise<T>,
  o: { tries?: number; baseMs?: number; sleep?: (ms: number) => Promise<void>; onRetry?: (error: Error) => void } = {},
): Promise<T> {
  const tries = o.tries ?? 8;
  const baseMs = o.baseMs ?? 10;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= tries || !tableBusy(error)) throw error;
      o.onRetry?.(error as Error);
      await sleep(Math.random() * Math.min(1000, baseMs * 2 ** attempt));
    }
  }
}
