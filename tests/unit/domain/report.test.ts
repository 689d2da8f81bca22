/** The report's figures from counter cells, its filters and its suggested next steps. */
import { describe, expect, it } from 'vitest';
import { buildReport, daysSince, medianOf, nextSteps, ReportQuery, type ReportSources } from '../../../shared/domain/report';
import type { Cells } from '../../../shared/domain/report-counters';
import type { RoundDetails, RoundRecord } from '../../../shared/domain/round';
import { SKILLS } from '../../../shared/reference';

const NOW = new Date('2030-03-20T15:00:00.000Z');
const NW = 'North West|Metropolitan district';
const NWU = 'North West|Unitary authority';
const LON = 'London|London borough';

const cells = (entries: [string, number][]): Cells => new Map(entries);

function round(id: string, startedAt: string, o: Partial<RoundRecord> = {}): RoundRecord {
  return { id, startedAt, finishedAt: startedAt, trigger: 'schedule', mentees: 10, mentors: 4, places: 8, proposed: 6, skipped: 0, totalScore: 300, durationMs: 40, ...o };
}

const counters = cells([
  [`people|mentee|ACTIVE|${NW}`, 5],
  [`people|mentee|ACTIVE|${LON}`, 3],
  [`people|mentee|PAUSED|${NW}`, 1],
  [`people|mentor|ACTIVE|${LON}`, 2],
  [`people|mentor|PAUSED|${NWU}`, 1],
  [`wanted|cloud-adoption|${NW}`, 4],
  [`wanted|cloud-adoption|${LON}`, 2],
  [`wanted|user-research|${LON}`, 1],
  [`skillFree|cloud-adoption|${LON}`, 1],
  [`skillFree|user-research|${LON}`, 3],
  [`offered|${LON}`, 6],
  [`free|${LON}`, 4],
  [`used|${LON}`, 2],
  [`used|${NWU}`, 1],
  [`proposing|${LON}`, 1],
  [`utilisation|none|${LON}`, 1],
  [`utilisation|partly|${LON}`, 1],
  [`waiting|2030-03-20|${NW}`, 1],
  [`waiting|2030-03-10|${NW}`, 2],
  [`waiting|2029-12-20|${LON}`, 1],
  [`match|PROPOSED|2030-03|${NW}`, 1],
  [`match|ACCEPTED|2030-02|${NW}`, 2],
  [`match|ACCEPTED|2030-03|${LON}`, 1],
  [`match|ENDED|2030-01|${NW}`, 1],
  [`match|DECLINED|2030-02|${LON}`, 2],
  [`match|EXPIRED|2030-01|${NW}`, 1],
  [`accept|10|2030-02|${NW}`, 2],
  [`accept|25|2030-03|${LON}`, 1],
  [`accept|40|2030-01|${NW}`, 1],
  [`feedback|mentee|2030-02|${NW}`, 2],
  [`rating|mentee|2030-02|${NW}`, 9],
  [`feedback|mentor|2030-03|${LON}`, 1],
  [`rating|mentor|2030-03|${LON}`, 3],
]);
const pending = cells([
  [`people|mentee|PENDING_VERIFICATION|${NW}`, 2],
  [`people|mentor|PENDING_VERIFICATION|${LON}`, 1],
]);
const latest = round('r-3', '2030-03-19T06:00:00.000Z', { unmatched: 3, greedyScore: 280, optimality: 'proven', candidatesPerMentee: { initial: 200, widest: 204, widened: 31 } });
const details: RoundDetails = {
  roundId: 'r-3',
  unmatched: [
    { menteeId: 'a', code: 'no-shared-skill', reason: 'No mentor offers any of your skills: Cloud adoption', region: 'North West', councilType: 'Metropolitan district', waitingSince: '2029-12-01T00:00:00.000Z' },
    { menteeId: 'b', code: 'outmatched', reason: 'All 2 eligible mentors are full', region: 'London', councilType: 'London borough', waitingSince: '2030-01-01T00:00:00.000Z' },
  ],
  byReason: [
    { code: 'no-shared-skill', region: 'North West', councilType: 'Metropolitan district', mentees: 2 },
    { code: 'outmatched', region: 'London', councilType: 'London borough', mentees: 1 },
  ],
};
const rounds = [
  latest,
  round('r-2', '2030-02-01T06:00:00.000Z', { optimality: 'unproven', candidatesPerMentee: { initial: 200, widest: 212, widened: 40 }, shortfallBound: { mentees: 2, score: null } }),
  round('r-1', '2030-01-01T06:00:00.000Z', { greedyScore: 250.25 }),
];

const sources = (filters: ReportSources['filters'] = {}): ReportSources => ({ now: NOW, filters, counters, pending, rounds, latest: { round: latest, details } });

describe('buildReport', () => {
  const r = buildReport(sources());

  it('counts people by role and status, pending ones from the index', () => {
    expect(r.people).toEqual({ mentee: { PENDING_VERIFICATION: 2, ACTIVE: 8, PAUSED: 1 }, mentor: { PENDING_VERIFICATION: 1, ACTIVE: 2, PAUSED: 1 } });
  });

  it('counts matches by status, the acceptance rate over everything answered or lapsed, and the median time to accept', () => {
    expect(r.matches).toEqual({ PROPOSED: 1, ACCEPTED: 3, DECLINED: 2, EXPIRED: 1, ENDED: 1 });
    expect(r.acceptanceRate).toBe(4 / 7);
    // 1.0, 1.0, 2.5, 4.0 days: the middle two average 1.75.
    expect(r.medianDaysToAccept).toBe(1.75);
  });

  it('measures waiting in whole days from the day each mentee began to wait', () => {
    expect(r.waiting.mentees).toBe(4);
    // 0, 10, 10, 90 days
    expect(r.waiting.medianDaysWaiting).toBe(10);
    expect(r.waiting.longestDaysWaiting).toBe(90);
    expect(r.waiting.byDuration.map((b) => b.mentees)).toEqual([1, 2, 1, 0]);
  });

  it('counts places and how full mentors are', () => {
    expect(r.places).toEqual({ offered: 6, used: 3, proposed: 1, free: 4, utilisation: 0.5 });
    expect(r.mentorUtilisation).toEqual({ none: 1, partly: 1, full: 0, mentors: 2 });
  });

  it('lists every skill, the largest gap between mentees wanting it and free places offering it first', () => {
    expect(r.skills).toHaveLength(SKILLS.length);
    expect(r.skills[0]).toEqual({ id: 'cloud-adoption', name: 'Cloud adoption', menteesWanting: 6, mentorPlacesOffering: 1, gap: 5 });
    expect(r.skills[r.skills.length - 1]).toEqual({ id: 'user-research', name: 'User research and user focus', menteesWanting: 1, mentorPlacesOffering: 3, gap: -2 });
  });

  it('lists every region with its active people, waiting mentees, free places and accepted matches', () => {
    expect(r.regions.map((x) => x.region)).toHaveLength(12);
    expect(r.regions.find((x) => x.region === 'North West')).toEqual({ region: 'North West', mentees: 5, mentors: 0, waiting: 3, mentorPlacesFree: 0, acceptedMatches: 2 });
    expect(r.regions.find((x) => x.region === 'London')).toEqual({ region: 'London', mentees: 3, mentors: 2, waiting: 1, mentorPlacesFree: 4, acceptedMatches: 1 });
  });

  it('lists the latest round’s unmatched mentees with the engine’s reasons, and counts them by reason', () => {
    expect(r.unmatched.map((u) => [u.menteeId, u.reason])).toEqual([
      ['a', 'No mentor offers any of your skills: Cloud adoption'],
      ['b', 'All 2 eligible mentors are full'],
    ]);
    expect(r.unmatchedByReason.map((u) => [u.code, u.mentees])).toEqual([
      ['no-shared-skill', 2],
      ['outmatched', 1],
    ]);
    expect(r.latestRound).toEqual({ id: 'r-3', startedAt: latest.startedAt, unmatched: 3 });
  });

  it('shows each round with its greedy baseline and the gain over it', () => {
    expect(r.rounds.map((x) => [x.id, x.greedyScore, x.gain])).toEqual([
      ['r-3', 280, 20],
      ['r-2', null, null],
      ['r-1', 250.25, 49.8],
    ]);
  });

  it('shows each round’s proof: proven or not with the most it gave up, its candidates per mentee, and nothing for rounds recorded before the proof', () => {
    expect(r.rounds.map((x) => [x.id, x.optimality, x.candidatesPerMentee, x.shortfallBound])).toEqual([
      ['r-3', 'proven', { initial: 200, widest: 204, widened: 31 }, null],
      ['r-2', 'unproven', { initial: 200, widest: 212, widened: 40 }, { mentees: 2, score: null }],
      ['r-1', null, null, null],
    ]);
  });

  it('asks for the engineers when the latest round in the months could not prove its answer', () => {
    expect(r.nextSteps.join('\n')).not.toMatch(/prove/);
    const feb = buildReport(sources({ from: '2030-02', to: '2030-02' }));
    expect(feb.nextSteps).toContainEqual(expect.stringMatching(/^The latest round ran out of time before it could prove .*: a better choice might have matched up to 2 more mentees\./));
  });

  it('counts feedback and its average rating', () => {
    expect(r.feedback).toEqual({ responses: 3, averageRating: 4, mentees: 2, mentors: 1 });
  });

  it('narrows every figure to a region and a council type', () => {
    const nw = buildReport(sources({ region: 'North West', councilType: 'Metropolitan district' }));
    expect(nw.people.mentee).toEqual({ PENDING_VERIFICATION: 2, ACTIVE: 5, PAUSED: 1 });
    expect(nw.people.mentor).toEqual({ PENDING_VERIFICATION: 0, ACTIVE: 0, PAUSED: 0 });
    expect(nw.matches).toEqual({ PROPOSED: 1, ACCEPTED: 2, DECLINED: 0, EXPIRED: 1, ENDED: 1 });
    expect(nw.places.used).toBe(0);
    expect(nw.waiting.mentees).toBe(3);
    expect(nw.regions.map((x) => x.region)).toEqual(['North West']);
    expect(nw.unmatched.map((u) => u.menteeId)).toEqual(['a']);
    expect(nw.feedback.responses).toBe(2);
    expect(buildReport(sources({ councilType: 'Unitary authority' })).places.used).toBe(1);
  });

  it('narrows what happened in time to whole months, and leaves the state now alone', () => {
    const feb = buildReport(sources({ from: '2030-02-14', to: '2030-02' }));
    expect(feb.filters.months).toEqual({ from: '2030-02', to: '2030-02' });
    expect(feb.matches).toEqual({ PROPOSED: 0, ACCEPTED: 2, DECLINED: 2, EXPIRED: 0, ENDED: 0 });
    expect(feb.medianDaysToAccept).toBe(1);
    expect(feb.feedback).toEqual({ responses: 2, averageRating: 4.5, mentees: 2, mentors: 0 });
    expect(feb.rounds.map((x) => x.id)).toEqual(['r-2']);
    expect(feb.people).toEqual(r.people);
    expect(feb.waiting).toEqual(r.waiting);
    expect(feb.skills).toEqual(r.skills);
    expect(feb.unmatched).toEqual(r.unmatched);
  });

  it('answers null where nothing has happened yet', () => {
    const empty = buildReport({ now: NOW, filters: {}, counters: new Map(), pending: new Map(), rounds: [] });
    expect(empty).toMatchObject({
      acceptanceRate: null,
      medianDaysToAccept: null,
      waiting: { mentees: 0, medianDaysWaiting: null, longestDaysWaiting: null },
      places: { offered: 0, utilisation: null },
      unmatched: [],
      latestRound: null,
      rounds: [],
      feedback: { responses: 0, averageRating: null },
    });
    expect(empty.nextSteps).toEqual(['Nothing needs attention: no skill gaps, nobody stuck in the latest round, and no long waits.']);
  });
});

describe('nextSteps', () => {
  const r = buildReport(sources());

  it('names the skills to recruit for, the commonest reason mentees are stuck and the proposals awaiting answers', () => {
    expect(r.nextSteps[0]).toBe(
      'Recruit mentors who offer Cloud adoption: more active mentees want it than there are free mentor places offering it (gap of 5).',
    );
    expect(r.nextSteps[1]).toBe(
      'The latest round could not match 3 mentees. Most often: 2 mentees want skills no mentor offers: recruit mentors with those skills (see the skills table).',
    );
    expect(r.nextSteps[2]).toBe('1 proposal is waiting for a mentor’s answer: mentors are reminded after 3 days and proposals lapse after 7.');
  });

  it('flags a low acceptance rate and long waits', () => {
    const { nextSteps: _n, ...base } = r;
    const steps = nextSteps({
      ...base,
      skills: [],
      unmatchedByReason: [],
      matches: { PROPOSED: 0, ACCEPTED: 1, ENDED: 0, DECLINED: 3, EXPIRED: 2 },
      acceptanceRate: 1 / 6,
      waiting: { ...base.waiting, medianDaysWaiting: 45 },
    });
    expect(steps).toEqual([
      'Fewer than half of proposals were accepted: read the decline reasons, and ask mentors to keep their skills and places up to date.',
      'Waiting mentees have waited a median of 45 days: run a round now, and recruit mentors in North West, where most mentees are waiting.',
    ]);
  });
});

describe('medianOf and daysSince', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(medianOf([[3, 1]])).toBe(3);
    expect(medianOf([[1, 1], [5, 1]])).toBe(3);
    expect(medianOf([[1, 2], [9, 1]])).toBe(1);
    expect(medianOf([[2, 0]])).toBeNull();
  });

  it('counts whole calendar days (UTC) since a day', () => {
    expect(daysSince('2030-03-20', NOW)).toBe(0);
    expect(daysSince('2030-03-19', new Date('2030-03-20T00:00:01.000Z'))).toBe(1);
    expect(daysSince('2030-02-20', NOW)).toBe(28);
  });
});

describe('ReportQuery', () => {
  const parse = (q: Record<string, string>) => ReportQuery.safeParse(q);

  it('takes dates or months, a region and a council type, and treats blank fields as no filter', () => {
    expect(parse({ from: '2030-01-31', to: '2030-03', region: 'London', councilType: 'London borough' }).data).toEqual({
      from: '2030-01-31',
      to: '2030-03',
      region: 'London',
      councilType: 'London borough',
    });
    expect(parse({ from: '', to: ' ', region: '', councilType: '' }).data).toEqual({});
  });

  it('refuses impossible dates, unknown regions and types, an end before the start and unknown parameters', () => {
    const problems = (q: Record<string, string>) => parse(q).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(problems({ from: '2030-02-30' })).toEqual(['from: Enter the start of the date range as a date, like 2026-03-01, or a month, like 2026-03']);
    expect(problems({ to: '30/03/2030' })).toEqual(['to: Enter the end of the date range as a date, like 2026-03-01, or a month, like 2026-03']);
    expect(problems({ region: 'Atlantis' })).toEqual(['region: Select a region from the list']);
    expect(problems({ councilType: 'Parish' })).toEqual(['councilType: Select a type of council from the list']);
    expect(problems({ from: '2030-04', to: '2030-03-31' })).toEqual(['to: The end of the date range must be the same month as its start or later']);
    expect(parse({ regoin: 'London' }).success).toBe(false);
  });
});
