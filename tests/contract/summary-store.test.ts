/**
 * One suite, two summary stores: the weekly summary is recorded with its
 * emails, once a week, so a retried or doubled schedule sends nothing twice.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../shared/ports';
import { dropTables, storeSets, TestClock, uid } from './stores';

function message(clock: TestClock, to: string): OutboxMessage {
  const now = clock.iso();
  return {
    id: uid('summary-mail'),
    email: { to, subject: 'Mentor Match: your weekly programme summary', html: '<p>Hi</p>', text: 'Hi', template: 'weekly-summary' },
    status: 'PENDING',
    attempts: 0,
    createdAt: now,
    dueAt: now,
  };
}

afterAll(dropTables);

describe.each(storeSets)('%s summary store', (_name, make) => {
  it('records a week once: the second record for the same week queues nothing', async () => {
    const clock = new TestClock();
    const stores = await make(clock);
    expect(await stores.summaries.lastWeeklySummary()).toBeUndefined();
    const first = message(clock, 'admin-a@example.test');
    expect(await stores.summaries.recordWeeklySummary({ week: '2030-W03', sentAt: clock.iso(), headline: { activeMentees: 4 } }, [first])).toBe(true);
    const again = message(clock, 'admin-a@example.test');
    expect(await stores.summaries.recordWeeklySummary({ week: '2030-W03', sentAt: clock.iso(), headline: { activeMentees: 9 } }, [again])).toBe(false);
    expect(await stores.summaries.lastWeeklySummary()).toEqual({ week: '2030-W03', sentAt: clock.iso(), headline: { activeMentees: 4 } });
    const due = (await stores.outbox.dueOutbox(new Date(clock.t + 1000), 100)).map((m) => m.id);
    expect(due).toContain(first.id);
    expect(due).not.toContain(again.id);
  });

  it('replaces the record for a new week, or for the same week when asked to (a summary sent on demand)', async () => {
    const clock = new TestClock();
    const stores = await make(clock);
    await stores.summaries.recordWeeklySummary({ week: '2030-W03', sentAt: clock.iso(), headline: { activeMentees: 4 } }, []);
    expect(await stores.summaries.recordWeeklySummary({ week: '2030-W04', sentAt: clock.iso(1), headline: { activeMentees: 5 } }, [])).toBe(true);
    const forced = message(clock, 'admin-b@example.test');
    expect(await stores.summaries.recordWeeklySummary({ week: '2030-W04', sentAt: clock.iso(2), headline: { activeMentees: 6 } }, [forced], { replace: true })).toBe(true);
    expect((await stores.summaries.lastWeeklySummary())?.headline).toEqual({ activeMentees: 6 });
    expect((await stores.outbox.dueOutbox(new Date(clock.t + 1000), 100)).map((m) => m.id)).toContain(forced.id);
  });
});
