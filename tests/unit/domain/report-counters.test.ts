/** What each person, match and feedback answer adds to the report's counters, and what a change adds. */
import { describe, expect, it } from 'vitest';
import type { Match } from '../../../shared/domain/match';
import { freshMatchingState, type ProfileWithState } from '../../../shared/domain/matching-state';
import { deriveCouncilFacts, parseProfileSubmission, type Profile } from '../../../shared/domain/profile';
import {
  contributionOf,
  delta,
  feedbackContribution,
  matchContribution,
  parseCell,
  personDelta,
  sumCells,
  tenthsToAccept,
  UNKNOWN,
  utilisationOf,
  waitingSinceOf,
} from '../../../shared/domain/report-counters';
import { validMentee, validMentor } from '../../fixtures/deps';

const AT = '2030-01-15T09:00:00.000Z';
const NW = 'North West|Metropolitan district';
const SCOT = 'Scotland|Scottish unitary authority';

function person(body: Record<string, unknown>, status: Profile['status'], matching: Partial<ProfileWithState['matching']> = {}): ProfileWithState {
  const s = parseProfileSubmission(body);
  return {
    ...s,
    ...deriveCouncilFacts(s.councilCode),
    id: 'p-1',
    status,
    createdAt: '2030-01-01T00:00:00.000Z',
    updatedAt: AT,
    consentedAt: AT,
    verifiedAt: '2030-01-02T00:00:00.000Z',
    matching: { ...freshMatchingState(), ...matching },
  };
}

const mentee = (status: Profile['status'] = 'ACTIVE', matching = {}) => person(validMentee(), status, matching);
const mentor = (status: Profile['status'] = 'ACTIVE', matching = {}, capacity = 3) => person(validMentor({ capacity }), status, matching);

function match(o: Partial<Match> = {}): Match {
  return {
    id: 'm-1',
    roundId: 'r-1',
    menteeId: 'p-1',
    mentorId: 'p-2',
    status: 'PROPOSED',
    score: 50,
    reasons: [],
    proposedAt: '2030-01-10T12:00:00.000Z',
    remindAt: AT,
    expiresAt: AT,
    menteeRegion: 'North West',
    menteeCouncilType: 'Metropolitan district',
    ...o,
  };
}

describe('a person’s contribution', () => {
  it('is nothing for a pending profile (pending profiles are counted from their index)', () => {
    expect(contributionOf(mentee('PENDING_VERIFICATION'))).toEqual(new Map());
    expect(contributionOf(undefined)).toEqual(new Map());
  });

  it('counts an active waiting mentee, each skill they want, and the day they began waiting', () => {
    expect(contributionOf(mentee('ACTIVE', { waitingSince: '2030-01-12T18:30:00.000Z' }))).toEqual(
      new Map([
        [`people|mentee|ACTIVE|${NW}`, 1],
        [`wanted|data-strategy|${NW}`, 1],
        [`wanted|cyber-security|${NW}`, 1],
        [`wanted|agile-delivery|${NW}`, 1],
        [`waiting|2030-01-12|${NW}`, 1],
      ]),
    );
  });

  it('does not count a mentee with an open proposal or match as waiting', () => {
    expect([...contributionOf(mentee('ACTIVE', { openMatchId: 'm-1' })).keys()].some((k) => k.startsWith('waiting|'))).toBe(false);
  });

  it('counts a mentee recorded before waiting times from their confirmation', () => {
    const p = mentee();
    expect(waitingSinceOf(p)).toBe('2030-01-02T00:00:00.000Z');
    expect(contributionOf(p).get(`waiting|2030-01-02|${NW}`)).toBe(1);
  });

  it('counts a paused mentee as paused only: no skills wanted, not waiting', () => {
    expect(contributionOf(mentee('PAUSED', { waitingSince: AT }))).toEqual(new Map([[`people|mentee|PAUSED|${NW}`, 1]]));
  });

  it('counts an active mentor’s places offered, free, in use and proposed, how full they are, and free places per skill', () => {
    expect(contributionOf(mentor('ACTIVE', { acceptedCount: 1, proposedCount: 2 }))).toEqual(
      new Map([
        [`people|mentor|ACTIVE|${SCOT}`, 1],
        [`used|${SCOT}`, 1],
        [`proposing|${SCOT}`, 2],
        [`offered|${SCOT}`, 3],
        [`free|${SCOT}`, 2],
        [`utilisation|partly|${SCOT}`, 1],
        [`skillFree|digital-strategy|${SCOT}`, 2],
        [`skillFree|data-strategy|${SCOT}`, 2],
        [`skillFree|leading-change|${SCOT}`, 2],
      ]),
    );
  });

  it('counts a paused mentor’s matches in use but offers none of their places', () => {
    expect(contributionOf(mentor('PAUSED', { acceptedCount: 2 }))).toEqual(
      new Map([
        [`people|mentor|PAUSED|${SCOT}`, 1],
        [`used|${SCOT}`, 2],
      ]),
    );
  });

  it('sorts mentors into none, partly and full by accepted matches against capacity', () => {
    expect([utilisationOf(0, 3), utilisationOf(1, 3), utilisationOf(3, 3), utilisationOf(4, 3)]).toEqual(['none', 'partly', 'full', 'full']);
    expect(contributionOf(mentor('ACTIVE', { acceptedCount: 3 })).get(`free|${SCOT}`)).toBeUndefined();
  });
});

describe('a change’s delta', () => {
  it('is the contribution after less the one before, with no zero cells', () => {
    const before = mentor('ACTIVE', { acceptedCount: 0 });
    const after = mentor('ACTIVE', { acceptedCount: 1 });
    expect(personDelta(before, after)).toEqual(
      new Map([
        [`used|${SCOT}`, 1],
        [`free|${SCOT}`, -1],
        [`utilisation|none|${SCOT}`, -1],
        [`utilisation|partly|${SCOT}`, 1],
        [`skillFree|digital-strategy|${SCOT}`, -1],
        [`skillFree|data-strategy|${SCOT}`, -1],
        [`skillFree|leading-change|${SCOT}`, -1],
      ]),
    );
  });

  it('adds up to the contribution after, starting from the one before', () => {
    const a = contributionOf(mentee('ACTIVE', { waitingSince: AT }));
    const b = contributionOf(mentee('PAUSED'));
    expect(sumCells(a, delta(a, b))).toEqual(b);
    expect(delta(a, a)).toEqual(new Map());
  });
});

describe('a match’s contribution', () => {
  it('is one in its status under its proposal month and the mentee’s region and council type', () => {
    expect(matchContribution(match())).toEqual(new Map([[`match|PROPOSED|2030-01|${NW}`, 1]]));
    expect(matchContribution(match({ status: 'DECLINED', decidedAt: AT }))).toEqual(new Map([[`match|DECLINED|2030-01|${NW}`, 1]]));
  });

  it('adds the time to accept, in tenths of a day, once accepted, and keeps it when the match ends', () => {
    const decidedAt = '2030-01-12T00:00:00.000Z'; // 1.5 days after the proposal
    expect(tenthsToAccept({ proposedAt: '2030-01-10T12:00:00.000Z', decidedAt })).toBe(15);
    expect(matchContribution(match({ status: 'ACCEPTED', decidedAt }))).toEqual(
      new Map([
        [`match|ACCEPTED|2030-01|${NW}`, 1],
        [`accept|15|2030-01|${NW}`, 1],
      ]),
    );
    expect(matchContribution(match({ status: 'ENDED', decidedAt, endedAt: AT })).get(`accept|15|2030-01|${NW}`)).toBe(1);
  });

  it('falls back to Unknown for a match proposed before the report recorded the mentee’s region', () => {
    expect([...matchContribution(match({ menteeRegion: undefined, menteeCouncilType: undefined })).keys()]).toEqual([`match|PROPOSED|2030-01|${UNKNOWN}|${UNKNOWN}`]);
  });

  it('counts a feedback answer and its rating under the month it was given', () => {
    expect(feedbackContribution({ from: 'mentor', at: '2030-02-03T10:00:00.000Z', rating: 5 }, match())).toEqual(
      new Map([
        [`feedback|mentor|2030-02|${NW}`, 1],
        [`rating|mentor|2030-02|${NW}`, 5],
      ]),
    );
  });
});

describe('parseCell', () => {
  it('reads the kind, month, region and council type back from every family', () => {
    expect(parseCell(`people|mentee|ACTIVE|${NW}`)).toMatchObject({ family: 'people', kind: 'state', region: 'North West', councilType: 'Metropolitan district' });
    expect(parseCell(`waiting|2030-01-12|${NW}`)).toMatchObject({ kind: 'waiting', month: '2030-01', parts: ['2030-01-12'] });
    expect(parseCell(`match|ACCEPTED|2030-01|${SCOT}`)).toMatchObject({ kind: 'month', month: '2030-01', region: 'Scotland' });
    expect(parseCell(`accept|15|2030-01|${SCOT}`)).toMatchObject({ kind: 'month', month: '2030-01', parts: ['15', '2030-01'] });
    expect(parseCell(`rating|mentee|2030-02|${SCOT}`)).toMatchObject({ kind: 'month', month: '2030-02' });
    expect(() => parseCell('nonsense')).toThrow();
  });
});
