/**
 * The report's counters through every state change, on both store sets: the
 * memory stores and the DynamoDB adapters on DynamoDB Local. After each step
 * the counters must (1) equal what the data says they should be (the sum of
 * every stored person's, match's and feedback answer's contribution, read
 * back through the stores) and (2) show the figures the step should move,
 * read here by plain prefix sums written for this test. Pending profiles are
 * counted from their index, not kept in counters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countersFromData } from '../../shared/app/report';
import type { Match } from '../../shared/domain/match';
import { deriveCouncilFacts, type Profile, type ProfileSubmission } from '../../shared/domain/profile';
import type { Cells } from '../../shared/ports';
import { dropTables, storeSets, TestClock, uid, type Stores } from './stores';

const DAY = 86_400_000;
const NW = 'North West|Metropolitan district';
const SCOT = 'Scotland|Scottish unitary authority';
const LONDON = 'London|London borough';

function person(clock: TestClock, role: 'mentee' | 'mentor', councilCode: string, o: { capacity?: number; skills?: string[] } = {}): Profile {
  const at = clock.iso();
  const common = {
    name: 'Ada Lovelace',
    email: `${uid(role)}@council.gov.uk`,
    councilCode,
    jobTitle: 'Digital lead',
    seniority: role === 'mentee' ? 'team-lead' : 'director',
    format: 'remote',
    consent: true,
  } as const;
  const submission: ProfileSubmission =
    role === 'mentee'
      ? { ...common, role, skills: o.skills ?? ['cyber-security', 'agile-delivery'], goals: 'Lead a digital team' }
      : { ...common, role, skills: o.skills ?? ['cyber-security', 'data-strategy'], capacity: o.capacity ?? 2, experience: 'Ten years leading digital' };
  return { ...submission, ...deriveCouncilFacts(councilCode), id: uid(role), status: 'PENDING_VERIFICATION', createdAt: at, updatedAt: at, consentedAt: at };
}

function proposal(clock: TestClock, mentee: Profile, mentor: Profile): Match {
  return {
    id: uid('match'),
    roundId: uid('round'),
    menteeId: mentee.id,
    mentorId: mentor.id,
    status: 'PROPOSED',
    score: 40,
    reasons: [],
    proposedAt: clock.iso(),
    remindAt: clock.iso(3 * DAY),
    expiresAt: clock.iso(7 * DAY),
  };
}

/** The sum of every cell whose name starts with `prefix` and ends with `suffix` (dimensions in between are summed over). */
function sum(cells: Cells, prefix: string, suffix = ''): number {
  let n = 0;
  for (const [k, v] of cells) if (k.startsWith(prefix) && k.endsWith(suffix)) n += v;
  return n;
}

afterAll(dropTables);

describe.each(storeSets)('%s report counters', (_name, make) => {
  let clock: TestClock;
  let s: Stores;
  beforeAll(async () => {
    clock = new TestClock();
    s = await make(clock);
  });

  const counters = () => s.reports.readCounters({});
  /** Counters read back equal the sum of the contributions of what is stored. */
  async function expectConsistent() {
    expect(await counters()).toEqual(await countersFromData(s));
  }
  const today = () => clock.iso().slice(0, 10);

  it('follow a programme through every state change', async () => {
    // Sign-up: pending profiles are counted from their index, not kept in counters.
    const ada = person(clock, 'mentee', 'E08000003');
    const tom = person(clock, 'mentor', 'S12000033', { capacity: 2 });
    await s.profiles.createProfile(ada, []);
    await s.profiles.createProfile(tom, []);
    expect(await counters()).toEqual(new Map());
    expect(await s.reports.countPending()).toEqual(
      new Map([
        [`people|mentee|PENDING_VERIFICATION|${NW}`, 1],
        [`people|mentor|PENDING_VERIFICATION|${SCOT}`, 1],
      ]),
    );

    // Resubmitting replaces the pending profile: still one pending mentee.
    const ada2: Profile = { ...ada, id: uid('mentee') };
    await s.profiles.replacePendingProfile(ada.id, ada2, []);
    expect(sum(await s.reports.countPending(), 'people|mentee|PENDING_VERIFICATION|')).toBe(1);

    // Confirmation: active people, the mentee's wanted skills and wait, the mentor's places.
    await s.profiles.activateProfile(ada2.id, clock.iso());
    await s.profiles.activateProfile(tom.id, clock.iso());
    expect(await s.reports.countPending()).toEqual(new Map());
    let c = await counters();
    expect(c).toEqual(
      new Map([
        [`people|mentee|ACTIVE|${NW}`, 1],
        [`wanted|cyber-security|${NW}`, 1],
        [`wanted|agile-delivery|${NW}`, 1],
        [`waiting|${today()}|${NW}`, 1],
        [`people|mentor|ACTIVE|${SCOT}`, 1],
        [`offered|${SCOT}`, 2],
        [`free|${SCOT}`, 2],
        [`utilisation|none|${SCOT}`, 1],
        [`skillFree|cyber-security|${SCOT}`, 2],
        [`skillFree|data-strategy|${SCOT}`, 2],
      ]),
    );
    await expectConsistent();

    // Proposal: the mentee stops waiting; the mentor has one proposal to answer; one PROPOSED match under the mentee's region.
    const first = proposal(clock, ada2, tom);
    await s.matches.propose(first, []);
    c = await counters();
    expect(sum(c, 'waiting|')).toBe(0);
    expect(c.get(`proposing|${SCOT}`)).toBe(1);
    expect(c.get(`match|PROPOSED|${first.proposedAt.slice(0, 7)}|${NW}`)).toBe(1);
    expect(sum(c, 'free|')).toBe(2);
    await expectConsistent();

    // Acceptance a day and a half later: a place taken, time to accept in tenths of a day.
    clock.advanceDays(1.5);
    await s.matches.accept(first.id, { rhythm: 'monthly', durationMonths: 6, decidedAt: clock.iso() }, []);
    c = await counters();
    expect([sum(c, 'match|PROPOSED|'), sum(c, 'match|ACCEPTED|')]).toEqual([0, 1]);
    expect(c.get(`accept|15|${first.proposedAt.slice(0, 7)}|${NW}`)).toBe(1);
    expect([sum(c, 'proposing|'), sum(c, 'used|'), sum(c, 'free|'), sum(c, 'skillFree|')]).toEqual([0, 1, 1, 2]);
    expect([sum(c, 'utilisation|none|'), sum(c, 'utilisation|partly|'), sum(c, 'utilisation|full|')]).toEqual([0, 1, 0]);
    await expectConsistent();

    // End: the place is free again and the mentee waits again from today; the time to accept stays.
    clock.advanceDays(30);
    await s.matches.end(first.id, { endedAt: clock.iso(), endedBy: 'mentee' }, []);
    c = await counters();
    expect([sum(c, 'match|ACCEPTED|'), sum(c, 'match|ENDED|'), sum(c, 'accept|')]).toEqual([0, 1, 1]);
    expect([sum(c, 'used|'), sum(c, 'free|'), sum(c, 'utilisation|none|')]).toEqual([0, 2, 1]);
    expect(c.get(`waiting|${today()}|${NW}`)).toBe(1);
    await expectConsistent();

    // Feedback: one answer and its rating, under the month it was given.
    expect(await s.matches.saveFeedback({ matchId: first.id, from: 'mentee', at: clock.iso(), rating: 4 })).toBe(true);
    expect(await s.matches.saveFeedback({ matchId: first.id, from: 'mentee', at: clock.iso(), rating: 1 })).toBe(false);
    c = await counters();
    expect(c.get(`feedback|mentee|${clock.iso().slice(0, 7)}|${NW}`)).toBe(1);
    expect(c.get(`rating|mentee|${clock.iso().slice(0, 7)}|${NW}`)).toBe(4);
    await expectConsistent();

    // A decline and an expiry: the mentees return to the pool, the proposals stop counting.
    const ben = person(clock, 'mentee', 'E08000003');
    const cat = person(clock, 'mentee', 'E09000007');
    for (const p of [ben, cat]) {
      await s.profiles.createProfile(p, []);
      await s.profiles.activateProfile(p.id, clock.iso());
    }
    const declined = proposal(clock, ben, tom);
    const lapsed = proposal(clock, cat, tom);
    await s.matches.propose(declined, []);
    await s.matches.propose(lapsed, []);
    expect(sum(await counters(), 'proposing|')).toBe(2);
    clock.advanceDays(2);
    await s.matches.close(declined.id, 'DECLINED', { decidedAt: clock.iso(), declineReason: 'Busy' }, []);
    clock.advanceDays(5);
    await s.matches.close(lapsed.id, 'EXPIRED', { decidedAt: clock.iso() }, []);
    c = await counters();
    expect([sum(c, 'match|DECLINED|'), sum(c, 'match|EXPIRED|'), sum(c, 'match|PROPOSED|'), sum(c, 'proposing|')]).toEqual([1, 1, 0, 0]);
    expect(sum(c, 'waiting|')).toBe(3);
    expect(c.get(`waiting|${today()}|${LONDON}`)).toBe(1);
    await expectConsistent();

    // An applied update moves the mentor to London with three places and other skills.
    const moved: Profile = { ...tom, ...deriveCouncilFacts('E09000007'), councilCode: 'E09000007', capacity: 3, skills: ['service-design'], status: 'ACTIVE' } as Profile;
    const { id: _id, status: _s, region: _r, councilType: _t, createdAt: _c, updatedAt: _u, consentedAt: _a, verifiedAt: _v, ...submission } = moved;
    await s.profiles.savePendingUpdate({ id: 'update-1', profileId: tom.id, submission, createdAt: clock.iso() }, new Date(clock.t + DAY), []);
    await s.profiles.applyPendingUpdate(tom.id, 'update-1', moved);
    c = await counters();
    expect([c.get(`offered|${LONDON}`), sum(c, 'offered|', SCOT), c.get(`people|mentor|ACTIVE|${LONDON}`)]).toEqual([3, 0, 1]);
    expect([c.get(`skillFree|service-design|${LONDON}`), sum(c, 'skillFree|cyber-security|')]).toEqual([3, 0]);
    await expectConsistent();

    // Pause and resume a mentor: paused mentors offer no places.
    await s.profiles.setPaused(tom.id, true, clock.iso(), []);
    c = await counters();
    expect([sum(c, 'people|mentor|ACTIVE|'), sum(c, 'people|mentor|PAUSED|'), sum(c, 'offered|'), sum(c, 'utilisation|')]).toEqual([0, 1, 0, 0]);
    await expectConsistent();
    await s.profiles.setPaused(tom.id, false, clock.iso(), []);
    expect(sum(await counters(), 'offered|')).toBe(3);
    await expectConsistent();

    // A mentee paused (as a bounce or complaint does) stops waiting and wanting; resumed, they wait from the resume.
    clock.advanceDays(3);
    await s.profiles.setPaused(ben.id, true, clock.iso(), []);
    c = await counters();
    expect([sum(c, 'waiting|'), sum(c, 'people|mentee|PAUSED|'), sum(c, 'wanted|')]).toEqual([2, 1, 4]);
    await expectConsistent();
    clock.advanceDays(1);
    await s.profiles.setPaused(ben.id, false, clock.iso(), []);
    c = await counters();
    expect(c.get(`waiting|${today()}|${NW}`)).toBe(1);
    expect(sum(c, 'waiting|')).toBe(3);
    await expectConsistent();

    // Erasure takes away all the person added; their matches stay in the history.
    expect(await s.profiles.eraseProfile(ben.id, [])).toBe(true);
    c = await counters();
    expect([sum(c, 'people|mentee|'), sum(c, 'waiting|'), sum(c, 'match|DECLINED|')]).toEqual([2, 2, 1]);
    await expectConsistent();
  });

  it('keep a paused mentee whose proposal closes out of the waiting count until they resume', async () => {
    const fresh = await make(clock);
    const mentee = person(clock, 'mentee', 'E08000003');
    const mentor = person(clock, 'mentor', 'S12000033');
    for (const p of [mentee, mentor]) {
      await fresh.profiles.createProfile(p, []);
      await fresh.profiles.activateProfile(p.id, clock.iso());
    }
    const match = proposal(clock, mentee, mentor);
    await fresh.matches.propose(match, []);
    await fresh.profiles.setPaused(mentee.id, true, clock.iso(), []);
    await fresh.matches.close(match.id, 'DECLINED', { decidedAt: clock.iso() }, []);
    expect(sum(await fresh.reports.readCounters({}), 'waiting|')).toBe(0);
    expect((await fresh.profiles.getProfileWithState(mentee.id))?.matching.waitingSince).toBeUndefined();
    clock.advanceDays(2);
    await fresh.profiles.setPaused(mentee.id, false, clock.iso(), []);
    expect((await fresh.reports.readCounters({})).get(`waiting|${today()}|${NW}`)).toBe(1);
    expect(await fresh.reports.readCounters({})).toEqual(await countersFromData(fresh));
  });

  it('read a region and a month range, and are replaced whole by a rebuild', async () => {
    const fresh = await make(clock);
    const month = clock.iso().slice(0, 7);
    const cells: Cells = new Map([
      [`people|mentee|ACTIVE|${NW}`, 3],
      [`people|mentor|ACTIVE|${SCOT}`, 2],
      [`waiting|2020-01-05|${NW}`, 1],
      [`waiting|2020-02-07|${SCOT}`, 2],
      [`match|ACCEPTED|2020-01|${NW}`, 4],
      [`match|ACCEPTED|2020-03|${NW}`, 5],
      [`match|DECLINED|${month}|${SCOT}`, 6],
    ]);
    await fresh.reports.replaceCounters(cells);
    expect(await fresh.reports.readCounters({})).toEqual(cells);
    expect(await fresh.reports.readCounters({ region: 'North West' })).toEqual(
      new Map([...cells].filter(([k]) => k.includes('|North West|'))),
    );
    expect(await fresh.reports.readCounters({ months: { from: '2020-02', to: '2020-03' } })).toEqual(
      new Map([...cells].filter(([k]) => !k.startsWith('match|') || k.includes('|2020-03|'))),
    );
    expect(await fresh.reports.readCounters({ months: { from: '2020-01', to: '2020-01' }, region: 'Scotland' })).toEqual(
      new Map([
        [`people|mentor|ACTIVE|${SCOT}`, 2],
        [`waiting|2020-02-07|${SCOT}`, 2],
      ]),
    );
    const fewer: Cells = new Map([[`people|mentee|ACTIVE|${NW}`, 1]]);
    await fresh.reports.replaceCounters(fewer);
    await fresh.reports.replaceCounters(fewer);
    expect(await fresh.reports.readCounters({})).toEqual(fewer);
  });
});
