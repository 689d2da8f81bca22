/**
 * One suite, two sets of stores: the memory stores (the fakes unit tests use)
 * and the DynamoDB adapters on one table in DynamoDB Local. It covers the
 * match lifecycle and what it changes in the other aggregates: each person's
 * matching state (ProfileStore's listActive, getProfileWithState, setPaused)
 * and unsent mail about a match (OutboxStore's discardUnsentMail). People are
 * made ACTIVE through ProfileStore, as sign-up does, so the matching state is
 * read back from the same items the profile store wrote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlreadyDecided, CapacityReached, Conflict } from '../../shared/domain/errors';
import type { Match } from '../../shared/domain/match';
import { deriveCouncilFacts, type Profile, type ProfileSubmission } from '../../shared/domain/profile';
import type { Feedback, OutboxMessage } from '../../shared/ports';
import { dropTables, storeSets, TestClock, uid, type Stores } from './stores';

const DAY = 86_400_000;

function submission(role: 'mentee' | 'mentor', capacity: number): ProfileSubmission {
  const common = {
    name: 'Ada Lovelace',
    email: `${uid(role)}@council.gov.uk`,
    councilCode: 'E07000223',
    jobTitle: 'Digital lead',
    seniority: 'team-lead',
    skills: ['cyber-security', 'agile-delivery'],
    format: 'remote',
    consent: true,
  } as const;
  return role === 'mentee'
    ? { ...common, role, skills: [...common.skills], goals: 'Lead a digital team' }
    : { ...common, role, skills: [...common.skills], capacity, experience: 'Ran a digital team for ten years' };
}

/** Creates and activates a profile through ProfileStore, as sign-up and verification do. */
async function activePerson(s: Stores, clock: TestClock, role: 'mentee' | 'mentor', capacity = 2): Promise<Profile> {
  const at = clock.iso();
  const p: Profile = {
    ...submission(role, capacity),
    ...deriveCouncilFacts('E07000223'),
    id: uid(role),
    status: 'PENDING_VERIFICATION',
    createdAt: at,
    updatedAt: at,
    consentedAt: at,
  };
  await s.profiles.createProfile(p, []);
  await s.profiles.activateProfile(p.id, at);
  return { ...p, status: 'ACTIVE', verifiedAt: at, updatedAt: at };
}

function proposal(clock: TestClock, mentee: Profile, mentor: Profile, proposedAt = clock.iso()): Match {
  const t = Date.parse(proposedAt);
  return {
    id: uid('match'),
    roundId: uid('round'),
    menteeId: mentee.id,
    mentorId: mentor.id,
    status: 'PROPOSED',
    score: 42,
    reasons: [{ code: 'skills', text: 'Shares 2 skills', points: 20 }],
    proposedAt,
    remindAt: new Date(t + 3 * DAY).toISOString(),
    expiresAt: new Date(t + 7 * DAY).toISOString(),
    // What the store records from the mentee's profile for the programme report.
    menteeRegion: mentee.region,
    menteeCouncilType: mentee.councilType,
  };
}

function message(clock: TestClock, ownerId: string, matchId?: string): OutboxMessage {
  const at = clock.iso();
  return {
    id: uid('msg'),
    ownerId,
    matchId,
    email: { to: 'someone@council.gov.uk', subject: 'Subject', html: '<p>Hi</p>', text: 'Hi', template: 'test' },
    status: 'PENDING',
    attempts: 0,
    createdAt: at,
    dueAt: at,
  };
}

const accepted = (clock: TestClock) => ({ rhythm: 'monthly' as const, durationMonths: 6, decidedAt: clock.iso() });
const dueIds = async (s: Stores, clock: TestClock) => (await s.outbox.dueOutbox(clock.now(), 1000)).map((m) => m.id);

afterAll(dropTables);

describe.each(storeSets)('%s match store', (_name, make) => {
  let clock: TestClock;
  let s: Stores;
  beforeAll(async () => {
    clock = new TestClock();
    s = await make(clock);
  });

  const state = async (id: string) => (await s.profiles.getProfileWithState(id))?.matching;

  /** A fresh mentee and mentor with a PROPOSED match between them. */
  async function proposed(capacity = 2) {
    const mentee = await activePerson(s, clock, 'mentee');
    const mentor = await activePerson(s, clock, 'mentor', capacity);
    const match = proposal(clock, mentee, mentor);
    await s.matches.propose(match, []);
    return { mentee, mentor, match };
  }

  describe('listActive', () => {
    it('lists only ACTIVE profiles of the role, each with zeroed matching state (a mentee waiting since confirmation)', async () => {
      const local = new TestClock();
      const fresh = await make(local);
      const mentee = await activePerson(fresh, local, 'mentee');
      const mentor = await activePerson(fresh, local, 'mentor');
      const at = local.iso();
      const pending: Profile = {
        ...submission('mentee', 1),
        ...deriveCouncilFacts('E07000223'),
        id: uid('pending'),
        status: 'PENDING_VERIFICATION',
        createdAt: at,
        updatedAt: at,
        consentedAt: at,
      };
      await fresh.profiles.createProfile(pending, []);

      const mentees = await fresh.profiles.listActive('mentee');
      expect(mentees).toEqual([{ ...mentee, matching: { excludedMentorIds: [], acceptedCount: 0, proposedCount: 0, expiriesInRow: 0, waitingSince: at } }]);
      expect((await fresh.profiles.listActive('mentor')).map((p) => p.id)).toEqual([mentor.id]);
    });

    it('shows the open match on the mentee and the proposal on the mentor', async () => {
      const { mentee, mentor, match } = await proposed();
      const mentees = await s.profiles.listActive('mentee');
      const mentors = await s.profiles.listActive('mentor');
      expect(mentees.find((p) => p.id === mentee.id)?.matching).toEqual({ openMatchId: match.id, excludedMentorIds: [], acceptedCount: 0, proposedCount: 0, expiriesInRow: 0 });
      expect(mentors.find((p) => p.id === mentor.id)?.matching.proposedCount).toBe(1);
    });
  });

  describe('propose', () => {
    it('stores the match, takes the mentee, counts the proposal on the mentor and queues its mail', async () => {
      const mentee = await activePerson(s, clock, 'mentee');
      const mentor = await activePerson(s, clock, 'mentor');
      const match = proposal(clock, mentee, mentor);
      const mail = message(clock, mentor.id, match.id);
      await s.matches.propose(match, [mail]);
      expect(await s.matches.getMatch(match.id)).toEqual(match);
      expect((await state(mentee.id))?.openMatchId).toBe(match.id);
      expect((await state(mentor.id))?.proposedCount).toBe(1);
      expect(await dueIds(s, clock)).toContain(mail.id);
    });

    it('refuses a second proposal for a mentee with an open match and writes none of it', async () => {
      const { mentee, match } = await proposed();
      const other = await activePerson(s, clock, 'mentor');
      const second = proposal(clock, mentee, other);
      const mail = message(clock, other.id, second.id);
      await expect(s.matches.propose(second, [mail])).rejects.toBeInstanceOf(Conflict);
      expect(await s.matches.getMatch(second.id)).toBeUndefined();
      expect((await state(mentee.id))?.openMatchId).toBe(match.id);
      expect((await state(other.id))?.proposedCount).toBe(0);
      expect(await s.matches.listMatchIdsOf(other.id)).toEqual([]);
      expect(await dueIds(s, clock)).not.toContain(mail.id);
    });

    it('refuses a proposal whose match id is already taken', async () => {
      const { match } = await proposed();
      const mentee = await activePerson(s, clock, 'mentee');
      const mentor = await activePerson(s, clock, 'mentor');
      await expect(s.matches.propose({ ...proposal(clock, mentee, mentor), id: match.id }, [])).rejects.toBeInstanceOf(Conflict);
      expect((await s.matches.getMatch(match.id))?.menteeId).toBe(match.menteeId);
      expect((await state(mentee.id))?.openMatchId).toBeUndefined();
    });

    it('refuses a proposal to a paused mentor', async () => {
      const mentee = await activePerson(s, clock, 'mentee');
      const mentor = await activePerson(s, clock, 'mentor');
      await s.profiles.setPaused(mentor.id, true, clock.iso(), []);
      const match = proposal(clock, mentee, mentor);
      await expect(s.matches.propose(match, [])).rejects.toBeInstanceOf(Conflict);
      expect(await s.matches.getMatch(match.id)).toBeUndefined();
      expect((await state(mentee.id))?.openMatchId).toBeUndefined();
    });

    it('takes the people as a round read them, and refuses the proposal once either changed since', async () => {
      const mentee = await activePerson(s, clock, 'mentee');
      const mentor = await activePerson(s, clock, 'mentor');
      const seen = { mentee: (await s.profiles.getProfileWithState(mentee.id))!, mentor: (await s.profiles.getProfileWithState(mentor.id))! };
      const first = proposal(clock, mentee, mentor);
      await s.matches.propose(first, [], seen);
      expect((await state(mentee.id))?.openMatchId).toBe(first.id);

      const other = await activePerson(s, clock, 'mentee');
      const stale = { mentee: (await s.profiles.getProfileWithState(other.id))!, mentor: seen.mentor };
      clock.advanceDays(1);
      await s.profiles.setPaused(other.id, true, clock.iso(), []);
      await s.profiles.setPaused(other.id, false, clock.iso(), []);
      const second = proposal(clock, other, mentor);
      await expect(s.matches.propose(second, [], stale)).rejects.toBeInstanceOf(Conflict);
      expect(await s.matches.getMatch(second.id)).toBeUndefined();
      expect((await state(mentor.id))?.proposedCount).toBe(1);
    });

    it('refuses a proposal for a paused mentee', async () => {
      const mentee = await activePerson(s, clock, 'mentee');
      const mentor = await activePerson(s, clock, 'mentor');
      await s.profiles.setPaused(mentee.id, true, clock.iso(), []);
      const match = proposal(clock, mentee, mentor);
      await expect(s.matches.propose(match, [])).rejects.toBeInstanceOf(Conflict);
      expect(await s.matches.getMatch(match.id)).toBeUndefined();
      expect((await state(mentor.id))?.proposedCount).toBe(0);
    });
  });

  describe('accept', () => {
    it('moves the proposal to ACCEPTED, takes a place and resets the run of expiries', async () => {
      const mentee = await activePerson(s, clock, 'mentee');
      const other = await activePerson(s, clock, 'mentee');
      const mentor = await activePerson(s, clock, 'mentor', 2);
      const lapsed = proposal(clock, other, mentor);
      await s.matches.propose(lapsed, []);
      await s.matches.close(lapsed.id, 'EXPIRED', { decidedAt: clock.iso() }, []);
      expect((await state(mentor.id))?.expiriesInRow).toBe(1);

      const match = proposal(clock, mentee, mentor);
      await s.matches.propose(match, []);
      const mail = message(clock, mentee.id, match.id);
      const changes = accepted(clock);
      await s.matches.accept(match.id, changes, [mail]);
      expect(await s.matches.getMatch(match.id)).toEqual({ ...match, ...changes, status: 'ACCEPTED' });
      expect(await state(mentor.id)).toMatchObject({ acceptedCount: 1, proposedCount: 0, expiriesInRow: 0 });
      expect((await state(mentee.id))?.openMatchId).toBe(match.id);
      expect(await dueIds(s, clock)).toContain(mail.id);
    });

    it('answers a second accept with AlreadyDecided and takes no second place', async () => {
      const { mentor, match } = await proposed();
      await s.matches.accept(match.id, accepted(clock), []);
      await expect(s.matches.accept(match.id, accepted(clock), [])).rejects.toBeInstanceOf(AlreadyDecided);
      expect(await state(mentor.id)).toMatchObject({ acceptedCount: 1, proposedCount: 0 });
    });

    it('answers an accept of an unknown match with AlreadyDecided', async () => {
      await expect(s.matches.accept(uid('missing'), accepted(clock), [])).rejects.toBeInstanceOf(AlreadyDecided);
    });

    it('refuses with CapacityReached once accepted matches fill the places, leaving the proposal open', async () => {
      const mentor = await activePerson(s, clock, 'mentor', 1);
      const first = proposal(clock, await activePerson(s, clock, 'mentee'), mentor);
      const second = proposal(clock, await activePerson(s, clock, 'mentee'), mentor);
      await s.matches.propose(first, []);
      await s.matches.propose(second, []);
      await s.matches.accept(first.id, accepted(clock), []);
      const mail = message(clock, second.menteeId, second.id);
      await expect(s.matches.accept(second.id, accepted(clock), [mail])).rejects.toBeInstanceOf(CapacityReached);
      expect((await s.matches.getMatch(second.id))?.status).toBe('PROPOSED');
      expect(await state(mentor.id)).toMatchObject({ acceptedCount: 1, proposedCount: 1 });
      expect(await dueIds(s, clock)).not.toContain(mail.id);
    });
  });

  describe('close', () => {
    it('declines: frees the mentee (waiting again from the decline), excludes the mentor for good, uncounts the proposal and resets expiries', async () => {
      const mentee = await activePerson(s, clock, 'mentee');
      const mentor = await activePerson(s, clock, 'mentor');
      const lapsed = proposal(clock, await activePerson(s, clock, 'mentee'), mentor);
      await s.matches.propose(lapsed, []);
      await s.matches.close(lapsed.id, 'EXPIRED', { decidedAt: clock.iso() }, []);
      const match = proposal(clock, mentee, mentor);
      await s.matches.propose(match, []);
      const changes = { decidedAt: clock.iso(), declineReason: 'No time this month' };
      expect(await s.matches.close(match.id, 'DECLINED', changes, [])).toEqual({ expiriesInRow: 0 });
      expect(await s.matches.getMatch(match.id)).toEqual({ ...match, ...changes, status: 'DECLINED' });
      expect(await state(mentee.id)).toEqual({ excludedMentorIds: [mentor.id], acceptedCount: 0, proposedCount: 0, expiriesInRow: 0, waitingSince: changes.decidedAt });
      expect(await state(mentor.id)).toMatchObject({ proposedCount: 0, expiriesInRow: 0 });
    });

    it('expires: counts one more expiry in a row per lapse and returns the run', async () => {
      const mentor = await activePerson(s, clock, 'mentor');
      const first = proposal(clock, await activePerson(s, clock, 'mentee'), mentor);
      const second = proposal(clock, await activePerson(s, clock, 'mentee'), mentor);
      await s.matches.propose(first, []);
      await s.matches.propose(second, []);
      expect((await state(mentor.id))?.proposedCount).toBe(2);
      expect(await s.matches.close(first.id, 'EXPIRED', { decidedAt: clock.iso() }, [])).toEqual({ expiriesInRow: 1 });
      expect(await s.matches.close(second.id, 'EXPIRED', { decidedAt: clock.iso() }, [])).toEqual({ expiriesInRow: 2 });
      expect(await state(mentor.id)).toMatchObject({ proposedCount: 0, expiriesInRow: 2 });
      expect((await s.matches.getMatch(first.id))?.status).toBe('EXPIRED');
      expect((await state(first.menteeId))?.openMatchId).toBeUndefined();
      expect((await state(first.menteeId))?.excludedMentorIds).toEqual([mentor.id]);
    });

    it('keeps every excluded mentor of a mentee, sorted', async () => {
      const mentee = await activePerson(s, clock, 'mentee');
      const mentors = [await activePerson(s, clock, 'mentor'), await activePerson(s, clock, 'mentor')];
      for (const mentor of [...mentors].reverse()) {
        const match = proposal(clock, mentee, mentor);
        await s.matches.propose(match, []);
        await s.matches.close(match.id, 'DECLINED', { decidedAt: clock.iso() }, []);
      }
      expect((await state(mentee.id))?.excludedMentorIds).toEqual(mentors.map((m) => m.id).sort());
    });

    it('answers a close of an answered proposal with AlreadyDecided and changes nothing', async () => {
      const { mentee, mentor, match } = await proposed();
      await s.matches.accept(match.id, accepted(clock), []);
      await expect(s.matches.close(match.id, 'DECLINED', { decidedAt: clock.iso() }, [])).rejects.toBeInstanceOf(AlreadyDecided);
      await expect(s.matches.close(match.id, 'EXPIRED', { decidedAt: clock.iso() }, [])).rejects.toBeInstanceOf(AlreadyDecided);
      expect((await s.matches.getMatch(match.id))?.status).toBe('ACCEPTED');
      expect((await state(mentee.id))?.openMatchId).toBe(match.id);
      expect(await state(mentor.id)).toMatchObject({ acceptedCount: 1, proposedCount: 0, expiriesInRow: 0 });
    });
  });

  describe('end', () => {
    it('ends an accepted match: frees the place and the mentee, excludes the pair', async () => {
      const { mentee, mentor, match } = await proposed();
      await s.matches.accept(match.id, accepted(clock), []);
      const mail = message(clock, mentor.id, match.id);
      const changes = { endedAt: clock.iso(), endedBy: 'mentee' as const };
      await s.matches.end(match.id, changes, [mail]);
      expect((await s.matches.getMatch(match.id))?.status).toBe('ENDED');
      expect(await s.matches.getMatch(match.id)).toMatchObject(changes);
      expect((await state(mentor.id))?.acceptedCount).toBe(0);
      expect(await state(mentee.id)).toMatchObject({ openMatchId: undefined, excludedMentorIds: [mentor.id] });
      expect(await dueIds(s, clock)).toContain(mail.id);
    });

    it('answers ending a match that is not ACCEPTED with AlreadyDecided', async () => {
      const { mentee, mentor, match } = await proposed();
      const changes = { endedAt: clock.iso(), endedBy: 'admin' as const };
      await expect(s.matches.end(match.id, changes, [])).rejects.toBeInstanceOf(AlreadyDecided);
      expect((await s.matches.getMatch(match.id))?.status).toBe('PROPOSED');
      expect((await state(mentee.id))?.openMatchId).toBe(match.id);
      await s.matches.accept(match.id, accepted(clock), []);
      await s.matches.end(match.id, changes, []);
      await expect(s.matches.end(match.id, changes, [])).rejects.toBeInstanceOf(AlreadyDecided);
      expect((await state(mentor.id))?.acceptedCount).toBe(0);
      await expect(s.matches.end(uid('missing'), changes, [])).rejects.toBeInstanceOf(AlreadyDecided);
    });
  });

  describe('markReminded', () => {
    it('records the reminder once and queues its mail once', async () => {
      const { mentor, match } = await proposed();
      const first = message(clock, mentor.id, match.id);
      const second = message(clock, mentor.id, match.id);
      const at = clock.iso();
      expect(await s.matches.markReminded(match.id, at, [first])).toBe(true);
      expect(await s.matches.markReminded(match.id, clock.iso(), [second])).toBe(false);
      expect((await s.matches.getMatch(match.id))?.remindedAt).toBe(at);
      const due = await dueIds(s, clock);
      expect(due).toContain(first.id);
      expect(due).not.toContain(second.id);
    });

    it('does not remind about an answered or unknown proposal', async () => {
      const { match } = await proposed();
      await s.matches.accept(match.id, accepted(clock), []);
      expect(await s.matches.markReminded(match.id, clock.iso(), [])).toBe(false);
      expect((await s.matches.getMatch(match.id))?.remindedAt).toBeUndefined();
      expect(await s.matches.markReminded(uid('missing'), clock.iso(), [])).toBe(false);
    });
  });

  describe('once a person\'s erasure has begun', () => {
    const roles = ['mentee', 'mentor'] as const;

    it('answers beginErasure with false for a person who is gone, and keeps a mark made twice', async () => {
      const { mentee } = await proposed();
      expect(await s.profiles.beginErasure(uid('missing'), clock.iso())).toBe(false);
      expect(await s.profiles.beginErasure(mentee.id, clock.iso())).toBe(true);
      expect(await s.profiles.beginErasure(mentee.id, clock.iso())).toBe(true);
      expect(await s.profiles.eraseProfile(mentee.id, [])).toBe(true);
      expect(await s.profiles.beginErasure(mentee.id, clock.iso())).toBe(false);
    });

    it.each(roles)('refuses to accept a proposal to or from the %s with AlreadyDecided: no place taken, no mail queued', async (role) => {
      const people = await proposed();
      const { mentor, match } = people;
      await s.profiles.beginErasure(people[role].id, clock.iso());
      const intro = message(clock, mentor.id, match.id);
      await expect(s.matches.accept(match.id, accepted(clock), [intro])).rejects.toBeInstanceOf(AlreadyDecided);
      expect((await s.matches.getMatch(match.id))?.status).toBe('PROPOSED');
      expect((await state(mentor.id))?.acceptedCount).toBe(0);
      expect(await dueIds(s, clock)).not.toContain(intro.id);
    });

    it.each(roles)('proposes nothing to or for the %s (Conflict), whether the store reads them or a round passes them as read', async (role) => {
      const mentee = await activePerson(s, clock, 'mentee');
      const mentor = await activePerson(s, clock, 'mentor');
      const people = { mentee, mentor };
      const [menteeRead, mentorRead] = await Promise.all([s.profiles.getProfileWithState(mentee.id), s.profiles.getProfileWithState(mentor.id)]);
      await s.profiles.beginErasure(people[role].id, clock.iso());
      await expect(s.matches.propose(proposal(clock, mentee, mentor), [])).rejects.toBeInstanceOf(Conflict);
      await expect(s.matches.propose(proposal(clock, mentee, mentor), [], { mentee: menteeRead!, mentor: mentorRead! })).rejects.toBeInstanceOf(Conflict);
      expect(await s.matches.listMatchIdsOf(mentee.id)).toEqual([]);
      expect(await state(mentor.id)).toMatchObject({ proposedCount: 0 });
    });

    it.each(roles)('refuses someone\'s end of a match with the %s (AlreadyDecided, no feedback mail) but lets the erasure end it', async (role) => {
      const people = await proposed();
      const { mentee, mentor, match } = people;
      await s.matches.accept(match.id, accepted(clock), []);
      await s.profiles.beginErasure(people[role].id, clock.iso());
      const feedback = message(clock, mentor.id, match.id);
      await expect(s.matches.end(match.id, { endedAt: clock.iso(), endedBy: role === 'mentee' ? 'mentor' : 'mentee' }, [feedback])).rejects.toBeInstanceOf(AlreadyDecided);
      expect((await s.matches.getMatch(match.id))?.status).toBe('ACCEPTED');
      expect(await dueIds(s, clock)).not.toContain(feedback.id);
      await s.matches.end(match.id, { endedAt: clock.iso(), endedBy: 'erasure' }, []);
      expect((await s.matches.getMatch(match.id))?.status).toBe('ENDED');
      expect((await state(mentor.id))?.acceptedCount).toBe(0);
      expect((await state(mentee.id))?.openMatchId).toBeUndefined();
    });

    it.each(roles)('sends no reminder about a proposal with the %s, and still lets it be declined', async (role) => {
      const people = await proposed();
      const { mentee, mentor, match } = people;
      await s.profiles.beginErasure(people[role].id, clock.iso());
      const reminder = message(clock, mentor.id, match.id);
      expect(await s.matches.markReminded(match.id, clock.iso(), [reminder])).toBe(false);
      expect(await dueIds(s, clock)).not.toContain(reminder.id);
      await s.matches.close(match.id, 'DECLINED', { decidedAt: clock.iso() }, []);
      expect((await state(mentor.id))?.proposedCount).toBe(0);
      expect((await state(mentee.id))?.openMatchId).toBeUndefined();
    });
  });

  describe('setPaused', () => {
    it('pauses an active profile, which leaves listActive, and resumes it with a fresh run of expiries', async () => {
      const mentor = await activePerson(s, clock, 'mentor');
      const lapsed = proposal(clock, await activePerson(s, clock, 'mentee'), mentor);
      await s.matches.propose(lapsed, []);
      await s.matches.close(lapsed.id, 'EXPIRED', { decidedAt: clock.iso() }, []);
      const pausedAt = clock.iso(1000);
      await s.profiles.setPaused(mentor.id, true, pausedAt, []);
      expect(await s.profiles.getProfileWithState(mentor.id)).toMatchObject({ status: 'PAUSED', updatedAt: pausedAt });
      expect((await s.profiles.listActive('mentor')).map((p) => p.id)).not.toContain(mentor.id);
      expect((await s.profiles.getProfile(mentor.id))?.status).toBe('PAUSED');

      await s.profiles.setPaused(mentor.id, false, clock.iso(2000), []);
      const back = (await s.profiles.listActive('mentor')).find((p) => p.id === mentor.id);
      expect(back?.status).toBe('ACTIVE');
      expect(back?.matching.expiriesInRow).toBe(0);
    });

    it('refuses to pause a paused profile or resume an active one with Conflict', async () => {
      const mentee = await activePerson(s, clock, 'mentee');
      const mail = message(clock, mentee.id);
      await expect(s.profiles.setPaused(mentee.id, false, clock.iso(), [mail])).rejects.toBeInstanceOf(Conflict);
      await s.profiles.setPaused(mentee.id, true, clock.iso(), []);
      await expect(s.profiles.setPaused(mentee.id, true, clock.iso(), [mail])).rejects.toBeInstanceOf(Conflict);
      expect(await dueIds(s, clock)).not.toContain(mail.id);
      await expect(s.profiles.setPaused(uid('missing'), true, clock.iso(), [])).rejects.toBeInstanceOf(Conflict);
      const at = clock.iso();
      const pending: Profile = { ...submission('mentor', 1), ...deriveCouncilFacts('E07000223'), id: uid('pending'), status: 'PENDING_VERIFICATION', createdAt: at, updatedAt: at, consentedAt: at };
      await s.profiles.createProfile(pending, []);
      await expect(s.profiles.setPaused(pending.id, true, clock.iso(), [])).rejects.toBeInstanceOf(Conflict);
      expect((await s.profiles.getProfile(pending.id))?.status).toBe('PENDING_VERIFICATION');
    });

    it('keeps the matching state of a paused profile', async () => {
      const { mentee, match } = await proposed();
      await s.profiles.setPaused(mentee.id, true, clock.iso(), []);
      expect((await state(mentee.id))?.openMatchId).toBe(match.id);
    });
  });

  describe('feedback', () => {
    it('keeps one answer per person per match and lists both sides', async () => {
      const { match } = await proposed();
      const fromMentee: Feedback = { matchId: match.id, from: 'mentee', at: clock.iso(), rating: 5, comment: 'Very useful' };
      const fromMentor: Feedback = { matchId: match.id, from: 'mentor', at: clock.iso(), rating: 4 };
      expect(await s.matches.saveFeedback(fromMentee)).toBe(true);
      expect(await s.matches.saveFeedback({ ...fromMentee, rating: 1, comment: 'Changed my mind' })).toBe(false);
      expect(await s.matches.saveFeedback(fromMentor)).toBe(true);
      const listed = await s.matches.listFeedback(match.id);
      expect([...listed].sort((a, b) => a.from.localeCompare(b.from))).toEqual([fromMentee, fromMentor]);
      expect(await s.matches.listFeedback(uid('other'))).toEqual([]);
    });
  });

  describe('listing matches', () => {
    it('lists matches of one status, oldest proposal first, following them as they move', async () => {
      const local = new TestClock();
      const fresh = await make(local);
      const mentor = await activePerson(fresh, local, 'mentor', 3);
      const at = (day: number) => `2026-03-0${day}T09:00:00.000Z`;
      const late = proposal(local, await activePerson(fresh, local, 'mentee'), mentor, at(5));
      const early = proposal(local, await activePerson(fresh, local, 'mentee'), mentor, at(3));
      const middle = proposal(local, await activePerson(fresh, local, 'mentee'), mentor, at(4));
      for (const m of [late, early, middle]) await fresh.matches.propose(m, []);
      expect((await fresh.matches.listMatches('PROPOSED')).map((m) => m.id)).toEqual([early.id, middle.id, late.id]);

      await fresh.matches.accept(middle.id, accepted(local), []);
      await fresh.matches.close(late.id, 'DECLINED', { decidedAt: local.iso() }, []);
      expect((await fresh.matches.listMatches('PROPOSED')).map((m) => m.id)).toEqual([early.id]);
      expect(await fresh.matches.listMatches('ACCEPTED')).toEqual([{ ...middle, ...accepted(local), status: 'ACCEPTED' }]);
      expect((await fresh.matches.listMatches('DECLINED')).map((m) => m.id)).toEqual([late.id]);
      expect(await fresh.matches.listMatches('ENDED')).toEqual([]);
    });

    it('lists the ids of every match a person is or was in, and no one else\'s', async () => {
      const mentee = await activePerson(s, clock, 'mentee');
      const mentor = await activePerson(s, clock, 'mentor');
      const first = proposal(clock, mentee, mentor);
      await s.matches.propose(first, []);
      await s.matches.close(first.id, 'DECLINED', { decidedAt: clock.iso() }, []);
      const otherMentor = await activePerson(s, clock, 'mentor');
      const second = proposal(clock, mentee, otherMentor);
      await s.matches.propose(second, []);
      expect([...(await s.matches.listMatchIdsOf(mentee.id))].sort()).toEqual([first.id, second.id].sort());
      expect(await s.matches.listMatchIdsOf(mentor.id)).toEqual([first.id]);
      expect(await s.matches.listMatchIdsOf(otherMentor.id)).toEqual([second.id]);
      expect(await s.matches.listMatchIdsOf(uid('nobody'))).toEqual([]);
    });

    it('forgets which matches an erased person was in, and keeps them for the other person', async () => {
      const { mentee, mentor, match } = await proposed();
      await s.matches.close(match.id, 'DECLINED', { decidedAt: clock.iso() }, []);
      expect(await s.profiles.eraseProfile(mentor.id, [])).toBe(true);
      expect(await s.matches.listMatchIdsOf(mentor.id)).toEqual([]);
      expect(await s.matches.listMatchIdsOf(mentee.id)).toEqual([match.id]);
    });
  });

  describe('discardUnsentMail', () => {
    it('deletes only the owner\'s PENDING messages about that match and counts them', async () => {
      const { mentee, mentor, match } = await proposed();
      const aboutMatch = [message(clock, mentee.id, match.id), message(clock, mentee.id, match.id)];
      const inFlight = message(clock, mentee.id, match.id);
      const otherMatch = message(clock, mentee.id, uid('match'));
      const noMatch = message(clock, mentee.id);
      const otherOwner = message(clock, mentor.id, match.id);
      await s.matches.markReminded(match.id, clock.iso(), [...aboutMatch, inFlight, otherMatch, noMatch, otherOwner]);
      expect((await s.outbox.claimOutbox(inFlight, clock.now(), new Date(clock.t + 60_000)))?.status).toBe('SENDING');

      expect(await s.outbox.discardUnsentMail(mentee.id, match.id)).toBe(2);
      clock.t += 61_000; // the claimed message's lease runs out, so it is due again if it survived
      const due = await dueIds(s, clock);
      for (const m of aboutMatch) expect(due).not.toContain(m.id);
      for (const m of [inFlight, otherMatch, noMatch, otherOwner]) expect(due).toContain(m.id);
      expect(await s.outbox.discardUnsentMail(mentee.id, match.id)).toBe(0);
    });
  });
});
