/**
 * Polling instead of sleeping: tests wait for a condition, with a deadline
 * and a message that says what never happened.
 *
 *   waitFor(fn, { timeoutMs?, intervalMs?, message? }) → Promise<value>
 *
 * Calls `fn` until it returns something other than undefined, null or false,
 * and resolves with that value. A throw counts as "not yet"; on timeout the
 * error names `message` and the last value or error seen. For assertion-style
 * callbacks (resolve once `expect` stops throwing) use vitest's `vi.waitFor`.
 */
export interface WaitOptions {
  /** Default 10 s: generous for a busy shared machine, still quick to fail. */
  timeoutMs?: number;
  /** Default 100 ms. */
  intervalMs?: number;
  /** What was being waited for, for the timeout error. */
  message?: string;
}

export async function waitFor<T>(
  fn: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 100, message = 'condition' }: WaitOptions = {},
): Promise<Exclude<T, undefined | null | false>> {
  const deadline = Date.now() + timeoutMs;
  let last: { value: unknown } | { error: unknown } = { value: undefined };
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined && value !== null && value !== false) return value as Exclude<T, undefined | null | false>;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() >= deadline) {
      const seen =
        'error' in last
          ? `last error: ${last.error instanceof Error ? last.error.message : String(last.error)}`
          : `last value: ${String(last.value)}`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${message} (${seen})`);
    }
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
}
