/**
 * The weekly summary to admins on the memory stores with a hand-moved clock:
 * when it is due (Monday 08:00 London, BST or not), once a week, what the
 * email says (changes since last week, the top skill gaps, who waits longest)
 * and that it names no participant.
 */
import { describe, expect, it } from 'vitest';
import { isoWeekOf, sendWeeklySummary, weeklySummaryOpen } from '../../../shared/app/weekly-summary';
import type { SummaryFigures } from '../../../shared/domain/weekly-summary';
import { weeklySummaryJob } from '../../../functions/matching/jobs';
import { memoryDeps } from '../../fixtures/deps';
import { seedMentee, seedMentor } from '../../support/matching';

const figures = (o: Partial<SummaryFigures> = {}): SummaryFigures => ({
  people: { mentee: { PENDING_VERIFICATION: 2, ACTIVE: 40, PAUSED: 0 }, mentor: { PENDING_VERIFICATION: 0, ACTIVE: 12, PAUSED: 1 } },
  matches: { PROPOSED: 3, ACCEPTED: 20, DECLINED: 4, EXPIRED: 1, ENDED: 5 },
  acceptanceRate: 25 / 30,
  waiting: { mentees: 12, medianDaysWaiting: 9 },
  places: { offered: 30, used: 20, proposed: 3 },
  skills: [
    { id: 'cyber-security', name: 'Cyber security', menteesWanting: 9, mentorPlacesOffering: 2, gap: 7 },
    { id: 'data-strategy', name: 'Data strategy', menteesWanting: 5, mentorPlacesOffering: 6, gap: -1 },
    { id: 'agile-delivery', name: 'Agile delivery', menteesWanting: 6, mentorPlacesOffering: 3, gap: 3 },
  ],
  waitingLongest: [{ menteeId: 'c0ffee00-aaaa-bbbb-cccc-000000000001', days: 41, region: 'North West' }],
  ...o,
});

const ADMINS = ['lead@socitm.example', 'ops@socitm.example'];
// Monday 3 June 2030, 08:00 BST = 07:00 UTC; Monday 13 January 2031, 08:00 GMT = 08:00 UTC.
const MONDAY_BST_0800 = new Date('2030-06-03T07:00:00Z');
const MONDAY_GMT_0800 = new Date('2031-01-13T08:00:00Z');

describe('when the weekly summary is due', () => {
  it('opens at 08:00 London time on Monday, in summer and in winter, and stays open for the rest of the week', () => {
    expect(weeklySummaryOpen(new Date(MONDAY_BST_0800.getTime() - 1))).toBe(false);
    expect(weeklySummaryOpen(MONDAY_BST_0800)).toBe(true);
    expect(weeklySummaryOpen(new Date(MONDAY_GMT_0800.getTime() - 1))).toBe(false);
    expect(weeklySummaryOpen(MONDAY_GMT_0800)).toBe(true);
    expect(weeklySummaryOpen(new Date('2030-06-07T12:00:00Z'))).toBe(true);
  });

  it('names ISO weeks by their London date, across a year end', () => {
    expect(isoWeekOf(MONDAY_BST_0800)).toBe('2030-W23');
    expect(isoWeekOf(new Date('2030-12-30T09:00:00Z'))).toBe('2031-W01');
    // 23:30 UTC on Sunday 2 June 2030 is already Monday 00:30 in London.
    expect(isoWeekOf(new Date('2030-06-02T23:30:00Z'))).toBe('2030-W23');
  });
});

describe('sendWeeklySummary', () => {
  it('queues one email per admin once a week; a second run that week queues nothing', async () => {
    const t = memoryDeps({ now: MONDAY_BST_0800 });
    expect(await sendWeeklySummary(t.deps, { figures: figures(), adminEmails: ADMINS })).toEqual({ week: '2030-W23', queued: 2 });
    t.clock.advance(3600_000);
    expect(await sendWeeklySummary(t.deps, { figures: figures(), adminEmails: ADMINS })).toEqual({ week: '2030-W23', queued: 0, reason: 'sent-already' });
    const mail = t.outbox.allOutbox().map((m) => m.email);
    expect(mail.map((m) => m.to).sort()).toEqual([...ADMINS].sort());
    expect(mail.every((m) => m.template === 'weekly-summary')).toBe(true);
  });

  it('sends nothing before Monday 08:00 unless forced, and nothing without admins', async () => {
    const t = memoryDeps({ now: new Date(MONDAY_BST_0800.getTime() - 60_000) });
    expect(await sendWeeklySummary(t.deps, { figures: figures(), adminEmails: ADMINS })).toMatchObject({ queued: 0, reason: 'not-due' });
    expect(await sendWeeklySummary(t.deps, { figures: figures(), adminEmails: [] , force: true })).toMatchObject({ queued: 0, reason: 'no-admins' });
    expect(await sendWeeklySummary(t.deps, { figures: figures(), adminEmails: ADMINS, force: true })).toMatchObject({ queued: 2 });
  });

  it('says what changed since last week, the top skill gaps first, the mentees waiting longest and links to the report', async () => {
    const t = memoryDeps({ now: MONDAY_BST_0800 });
    await sendWeeklySummary(t.deps, { figures: figures(), adminEmails: ['lead@socitm.example'] });
    t.clock.advance(7 * 86_400_000);
    const next = figures({
      people: { mentee: { ACTIVE: 45 }, mentor: { ACTIVE: 12 } },
      waiting: { mentees: 10, medianDaysWaiting: 8 },
    });
    expect(await sendWeeklySummary(t.deps, { figures: next, adminEmails: ['lead@socitm.example'] })).toMatchObject({ week: '2030-W24', queued: 1 });
    const email = t.outbox.allOutbox().at(-1)!.email;
    expect(email.subject).toBe('Mentor Match: your weekly programme summary');
    expect(email.text).toContain('Active mentees: 45 (up 5)');
    expect(email.text).toContain('Active mentors: 12 (no change)');
    expect(email.text).toContain('Mentees waiting for a mentor: 10 (down 2)');
    expect(email.text).toContain('Acceptance rate: 83%');
    expect(email.text).toContain('Changes are since the summary of 3 June 2030.');
    const gaps = email.text.slice(email.text.indexOf('Skills to recruit mentors for'));
    expect(gaps.indexOf('Cyber security')).toBeLessThan(gaps.indexOf('Agile delivery'));
    expect(gaps).not.toContain('Data strategy');
    expect(email.text).toContain('Mentee c0ffee00: 41 days, North West');
    expect(email.text).toContain('Open the programme report: https://mentor-match.test/admin');
    expect(email.html).toContain('href="https://mentor-match.test/admin"');
  });

  it('says so when it is the first summary, and when no skill is short of mentors', async () => {
    const t = memoryDeps({ now: MONDAY_GMT_0800 });
    await sendWeeklySummary(t.deps, { figures: figures({ skills: [], waitingLongest: [] }), adminEmails: ['lead@socitm.example'] });
    const { text } = t.outbox.allOutbox()[0]!.email;
    expect(text).toContain('This is the first weekly summary');
    expect(text).toContain('Every skill mentees want has enough free mentor places.');
    expect(text).not.toContain('Mentees waiting longest');
  });
});

describe('weeklySummaryJob', () => {
  it('sends the figures of the programme report, counted from the people who took part', async () => {
    const t = memoryDeps({ now: MONDAY_BST_0800 });
    await seedMentee(t.deps);
    await seedMentee(t.deps, { councilCode: 'E08000003' });
    await seedMentor(t.deps);
    expect(await weeklySummaryJob(t.deps, { adminEmails: ['lead@socitm.example'] })).toMatchObject({ queued: 1 });
    const { text } = t.outbox.allOutbox().find((m) => m.email.template === 'weekly-summary')!.email;
    expect(text).toContain('Active mentees: 2');
    expect(text).toContain('Active mentors: 1');
  });
});
