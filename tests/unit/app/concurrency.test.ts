/**
 * The bounded writers a round uses: at most N in flight, stop together on a
 * failure, and retry only what the table refused because it was busy.
 */
import { describe, expect, it } from 'vitest';
import { forEachWithConcurrency, retryWhileBusy, tableBusy } from '../../../shared/app/concurrency';
import { Conflict } from '../../../shared/domain/errors';

const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(name), { name, ...extra });
const noWait = async () => {};

describe('tableBusy', () => {
  it('counts throttling and transactions cancelled by another transaction, never a failed condition or a domain error', () => {
    expect(tableBusy(named('ThrottlingException'))).toBe(true);
    expect(tableBusy(named('ProvisionedThroughputExceededException'))).toBe(true);
    expect(
      tableBusy(
        named('TransactionCanceledException', {
          CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
        }),
      ),
    ).toBe(true);
    expect(
      tableBusy(named('TransactionCanceledException', { CancellationReasons: [{ Code: 'ThrottlingError' }] })),
    ).toBe(true);
    expect(
      tableBusy(
        named('TransactionCanceledException', {
          CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'TransactionConflict' }],
        }),
      ),
    ).toBe(false);
    expect(
      tableBusy(named('TransactionCanceledException', { CancellationReasons: [{ Code: 'ValidationError' }] })),
    ).toBe(false);
    expect(tableBusy(named('ValidationException'))).toBe(false);
    expect(tableBusy(new Conflict('The mentee already has an open match'))).toBe(false);
    expect(tableBusy('ThrottlingException')).toBe(false);
  });
});

describe('retryWhileBusy', () => {
  it('tries again while the table is busy, with growing pauses, and returns the first success', async () => {
    const pauses: number[] = [];
    let tries = 0;
    const result = await retryWhileBusy(
      async () => {
        if (++tries < 4) throw named('ThrottlingException');
        return 'written';
      },
      { baseMs: 100, sleep: async (ms) => void pauses.push(ms) },
    );
    expect(result).toBe('written');
    expect(tries).toBe(4);
    pauses.forEach((ms, k) => expect(ms).toBeLessThanOrEqual(100 * 2 ** (k + 1)));
  });

  it('gives up after its tries and throws the last busy error; throws any other error at once', async () => {
    let tries = 0;
    const failing = (error: Error) => async () => {
      tries++;
      throw error;
    };
    await expect(retryWhileBusy(failing(named('ThrottlingException')), { tries: 3, sleep: noWait })).rejects.toThrow('ThrottlingException');
    expect(tries).toBe(3);
    tries = 0;
    await expect(retryWhileBusy(failing(new Conflict('taken')), { sleep: noWait })).rejects.toBeInstanceOf(Conflict);
    expect(tries).toBe(1);
  });
});

describe('forEachWithConcurrency', () => {
  it('keeps at most the limit in flight and does every item once', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await forEachWithConcurrency([...Array(50).keys()], 8, async (n) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, n % 3));
      inFlight--;
      done.push(n);
    });
    expect(most).toBe(8);
    expect(done.sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
  });

  it('after a failure starts nothing new, lets the writes in flight finish, then throws it', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    let inFlight = 0;
    const work = forEachWithConcurrency([...Array(100).keys()], 4, async (n) => {
      started.push(n);
      inFlight++;
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      if (n === 10) throw new Error('died at 10');
      finished.push(n);
    });
    await expect(work).rejects.toThrow('died at 10');
    expect(inFlight).toBe(0);
    expect(Math.max(...started)).toBeLessThan(10 + 4);
    expect(finished).toHaveLength(started.length - 1);
  });
});
