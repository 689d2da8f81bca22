import { describe, expect, it } from 'vitest';
import {
  AcceptInput,
  CLOSED_STATUSES,
  DEFAULT_MATCH_POLICY,
  DeclineInput,
  DURATIONS_MONTHS,
  FeedbackInput,
  MATCH_STATUSES,
  nextMatchStatus,
  RHYTHMS,
  type MatchEvent,
  type MatchStatus,
} from '../../../shared/domain/match';

const EVENTS: MatchEvent[] = ['accept', 'decline', 'expire', 'end'];

/** The lifecycle from the design: PROPOSED → ACCEPTED → ENDED, PROPOSED → DECLINED | EXPIRED. Nothing else. */
const ALLOWED: Record<string, MatchStatus> = {
  'PROPOSED accept': 'ACCEPTED',
  'PROPOSED decline': 'DECLINED',
  'PROPOSED expire': 'EXPIRED',
  'ACCEPTED end': 'ENDED',
};

describe('the match state machine', () => {
  const moves = MATCH_STATUSES.flatMap((status) => EVENTS.map((event) => [status, event] as const));

  it.each(moves.filter(([s, e]) => `${s} ${e}` in ALLOWED))('allows %s --%s-->', (status, event) => {
    expect(nextMatchStatus(status, event)).toBe(ALLOWED[`${status} ${event}`]);
  });

  it.each(moves.filter(([s, e]) => !(`${s} ${e}` in ALLOWED)))('forbids %s --%s-->', (status, event) => {
    expect(nextMatchStatus(status, event)).toBeUndefined();
  });

  it('has exactly four allowed moves, among all twenty status × event pairs', () => {
    expect(moves).toHaveLength(20);
    expect(moves.filter(([s, e]) => nextMatchStatus(s, e) !== undefined)).toHaveLength(4);
  });

  it('treats declined, expired and ended as closed for good (the pair is never proposed again) and nothing leaves them', () => {
    expect([...CLOSED_STATUSES].sort()).toEqual(['DECLINED', 'ENDED', 'EXPIRED']);
    for (const status of CLOSED_STATUSES) for (const event of EVENTS) expect(nextMatchStatus(status, event)).toBeUndefined();
  });

  it('never moves a match back to PROPOSED or ACCEPTED once it has left them', () => {
    for (const [status, event] of moves) {
      const next = nextMatchStatus(status, event);
      if (next === 'PROPOSED') throw new Error(`${status} --${event}--> PROPOSED`);
      if (next === 'ACCEPTED') expect(status).toBe('PROPOSED');
    }
  });
});

describe('the default policy', () => {
  it('reminds after 3 days, expires after 7, pauses after two expiries in a row, and accept links outlive the proposal', () => {
    expect(DEFAULT_MATCH_POLICY).toMatchObject({ reminderAfterDays: 3, expireAfterDays: 7, pauseAfterExpiriesInRow: 2 });
    expect(DEFAULT_MATCH_POLICY.proposalLinkDays).toBeGreaterThan(DEFAULT_MATCH_POLICY.expireAfterDays);
  });
});

const messages = (r: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
  r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('AcceptInput', () => {
  it('defaults to monthly for 6 months when the form sends nothing', () => {
    expect(AcceptInput.parse({})).toEqual({ rhythm: 'monthly', durationMonths: 6 });
    expect(AcceptInput.parse({ rhythm: undefined, durationMonths: undefined })).toEqual({ rhythm: 'monthly', durationMonths: 6 });
  });

  it.each(RHYTHMS.flatMap((r) => DURATIONS_MONTHS.map((d) => [r.id, d] as const)))('accepts rhythm %s for %s months, the duration as form text', (rhythm, months) => {
    expect(AcceptInput.parse({ rhythm, durationMonths: String(months) })).toEqual({ rhythm, durationMonths: months });
  });

  it.each([
    [{ rhythm: 'daily' }, 'rhythm: Select how often you expect to meet'],
    [{ rhythm: '' }, 'rhythm: Select how often you expect to meet'],
    [{ durationMonths: '7' }, 'durationMonths: Select how long the mentoring should last'],
    [{ durationMonths: '0' }, 'durationMonths: Select how long the mentoring should last'],
    [{ durationMonths: 'six' }, 'durationMonths: Select how long the mentoring should last'],
    [{ durationMonths: '6.5' }, 'durationMonths: Select how long the mentoring should last'],
  ])('refuses %j with a message for the form', (input, message) => {
    expect(messages(AcceptInput.safeParse(input))).toContain(message);
  });

  it('refuses fields it does not know (the form cannot smuggle in a status)', () => {
    expect(AcceptInput.safeParse({ rhythm: 'monthly', status: 'ENDED' }).success).toBe(false);
  });
});

describe('DeclineInput', () => {
  it('makes the reason optional: absent, empty or blank means no reason', () => {
    for (const reason of [undefined, '', '   ']) expect(DeclineInput.parse({ reason })).toEqual({ reason: undefined });
    expect(DeclineInput.parse({})).toEqual({ reason: undefined });
  });

  it('keeps a reason, trimmed', () => {
    expect(DeclineInput.parse({ reason: '  No time this quarter \n' })).toEqual({ reason: 'No time this quarter' });
  });

  it('accepts 500 characters and refuses 501', () => {
    expect(DeclineInput.safeParse({ reason: 'x'.repeat(500) }).success).toBe(true);
    expect(messages(DeclineInput.safeParse({ reason: 'x'.repeat(501) }))).toEqual(['reason: Your reason must be 500 characters or fewer']);
  });

  it('refuses a reason that is not text and fields it does not know', () => {
    expect(DeclineInput.safeParse({ reason: 42 }).success).toBe(false);
    expect(DeclineInput.safeParse({ reason: 'ok', mentorId: 'x' }).success).toBe(false);
  });
});

describe('FeedbackInput', () => {
  it.each(['1', '2', '3', '4', '5', 3])('accepts the rating %j', (rating) => {
    expect(FeedbackInput.parse({ rating })).toEqual({ rating: Number(rating) });
  });

  it.each(['0', '6', '2.5', 'great', '', undefined, -1])('refuses the rating %j with one message', (rating) => {
    expect(messages(FeedbackInput.safeParse({ rating }))).toEqual(['rating: Select how useful the mentoring was, from 1 to 5']);
  });

  it('keeps an optional comment, trimmed, up to 2000 characters', () => {
    expect(FeedbackInput.parse({ rating: '4', comment: ' Helpful \n' })).toEqual({ rating: 4, comment: 'Helpful' });
    expect(FeedbackInput.parse({ rating: '4' })).toEqual({ rating: 4 });
    expect(FeedbackInput.safeParse({ rating: '4', comment: 'x'.repeat(2000) }).success).toBe(true);
    expect(messages(FeedbackInput.safeParse({ rating: '4', comment: 'x'.repeat(2001) }))).toEqual(['comment: Your comment must be 2000 characters or fewer']);
  });

  it('refuses fields it does not know (who answered comes from the link, not the form)', () => {
    expect(FeedbackInput.safeParse({ rating: '4', from: 'mentor' }).success).toBe(false);
  });
});
