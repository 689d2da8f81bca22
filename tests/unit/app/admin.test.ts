/**
 * Admin use cases on the memory stores: each action changes what it says,
 * tells whom it should, writes one audit entry holding ids and no
 * participant's personal data, and refuses unknown ids (NotFound) and wrong
 * states (Conflict) without writing an entry.
 */
import { describe, expect, it } from 'vitest';
import { erasePersonForAdmin, pauseMentorForAdmin, recordSignIn, resumeMentorForAdmin, withdrawProposal } from '../../../shared/app/admin';
import { runRoundForAdmin } from '../../../shared/app/admin-round';
import { runMatchingRound } from '../../../shared/app/rounds';
import { changeWeights, currentWeights } from '../../../shared/app/weights';
import { Conflict, NotFound } from '../../../shared/domain/errors';
import { DEFAULT_WEIGHTS } from '../../../shared/matching';
import type { AuditActor } from '../../../shared/ports';
import { memoryDeps } from '../../fixtures/deps';
import { proposeDirect, seedMentee, seedMentor } from '../../support/matching';

const admin: AuditActor = { subject: 'admin-sub-1', email: 'admin@socitm.test', via: 'page' };

/** Every string an entry holds, to check that no participant's name or email is among them. */
const stringsOf = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(stringsOf) : [];

async function world() {
  const w = memoryDeps();
  const mentor = await seedMentor(w.deps, { name: 'Tom Reid' });
  const mentee = await seedMentee(w.deps, { name: 'Priya Shah' });
  return { ...w, mentor, mentee };
}

function expectNoPersonalData(entries: unknown[], people: { name: string; email: string }[]) {
  const strings = entries.flatMap(stringsOf);
  for (const p of people) {
    expect(strings).not.toContain(p.name);
    expect(strings.some((s) => s.includes(p.email))).toBe(false);
  }
}

describe('pausing and resuming a mentor', () => {
  it('pauses an active mentor, emails them a resume link, and audits who did it', async () => {
    const { deps, audit, outbox, mentor, clock } = await world();
    expect(await pauseMentorForAdmin(mentor.id, admin, deps)).toEqual({ id: mentor.id, status: 'PAUSED' });
    expect((await deps.profiles.getProfile(mentor.id))!.status).toBe('PAUSED');
    const mail = outbox.allOutbox().filter((m) => m.email.to === mentor.email);
    expect(mail.map((m) => m.email.template)).toEqual(['paused-admin']);
    expect(mail[0]!.email.text).toContain('/resume?t=');
    expect(audit.all()).toEqual([
      { id: expect.any(String), at: clock.now().toISOString(), action: 'mentor.pause', actor: admin, target: { kind: 'person', id: mentor.id }, details: { from: 'ACTIVE', to: 'PAUSED' } },
    ]);
  });

  it('resumes a paused mentor into the next round, and audits it', async () => {
    const { deps, audit, mentor, mentee } = await world();
    await pauseMentorForAdmin(mentor.id, admin, deps);
    expect((await runMatchingRound(deps, { trigger: 'schedule' })).record?.proposed).toBe(0);
    expect(await resumeMentorForAdmin(mentor.id, admin, deps)).toEqual({ id: mentor.id, status: 'ACTIVE' });
    expect((await runMatchingRound(deps, { trigger: 'schedule' })).record?.proposed).toBe(1);
    expect((await deps.profiles.getProfileWithState(mentee.id))!.matching.openMatchId).toBeDefined();
    expect(audit.all().map((e) => e.action)).toEqual(['mentor.pause', 'mentor.resume']);
  });

  it('answers Conflict for the wrong state and NotFound for a mentee or an unknown id, writing no entry', async () => {
    const { deps, audit, mentor, mentee } = await world();
    await expect(resumeMentorForAdmin(mentor.id, admin, deps)).rejects.toBeInstanceOf(Conflict);
    await pauseMentorForAdmin(mentor.id, admin, deps);
    await expect(pauseMentorForAdmin(mentor.id, admin, deps)).rejects.toBeInstanceOf(Conflict);
    await expect(pauseMentorForAdmin(mentee.id, admin, deps)).rejects.toBeInstanceOf(NotFound);
    await expect(pauseMentorForAdmin('no-such-id', admin, deps)).rejects.toBeInstanceOf(NotFound);
    expect(audit.all()).toHaveLength(1);
  });
});

describe('withdrawing a proposal', () => {
  it('closes it, returns the mentee to the pool, tells the mentor, drops their unsent proposal, and never proposes the pair again', async () => {
    const { deps, audit, outbox, mentor, mentee } = await world();
    await runMatchingRound(deps, { trigger: 'schedule' });
    const [match] = await deps.matches.listMatches('PROPOSED');
    if (!match) throw new Error('The round proposed nothing');
    const withdrawn = await withdrawProposal(match.id, admin, deps);
    expect(withdrawn).toMatchObject({ id: match.id, status: 'DECLINED', withdrawnBy: 'admin' });
    expect(await deps.matches.getMatch(match.id)).toMatchObject({ status: 'DECLINED', withdrawnBy: 'admin', decidedAt: expect.any(String) });
    const menteeState = (await deps.profiles.getProfileWithState(mentee.id))!.matching;
    expect(menteeState.openMatchId).toBeUndefined();
    expect(menteeState.excludedMentorIds).toEqual([mentor.id]);
    expect((await deps.profiles.getProfileWithState(mentor.id))!.matching.proposedCount).toBe(0);
    const toMentor = outbox.allOutbox().filter((m) => m.email.to === mentor.email);
    expect(toMentor.map((m) => m.email.template)).toEqual(['proposal-withdrawn']);
    expect(toMentor[0]!.email.text).not.toContain(mentee.name);
    expect((await runMatchingRound(deps, { trigger: 'schedule' })).record?.proposed).toBe(0);
    expect(audit.all()).toMatchObject([{ action: 'proposal.withdraw', target: { kind: 'match', id: match.id }, details: { menteeId: mentee.id, mentorId: mentor.id } }]);
  });

  it('refuses an answered proposal (Conflict) and an unknown one (NotFound), writing no entry', async () => {
    const { deps, audit, mentor, mentee } = await world();
    const { match } = await proposeDirect(deps, mentee, mentor);
    await withdrawProposal(match.id, admin, deps);
    await expect(withdrawProposal(match.id, admin, deps)).rejects.toBeInstanceOf(Conflict);
    await expect(withdrawProposal('no-such-match', admin, deps)).rejects.toBeInstanceOf(NotFound);
    expect(audit.all()).toHaveLength(1);
  });
});

describe('erasing a person', () => {
  it('is the self-service erasure: open matches closed, every item gone, the confirmation queued; the entry keeps only the id and role', async () => {
    const { deps, audit, outbox, mentor, mentee } = await world();
    await proposeDirect(deps, mentee, mentor);
    expect(await erasePersonForAdmin(mentor.id, admin, deps)).toEqual({ id: mentor.id, erased: true });
    expect(await deps.profiles.getProfile(mentor.id)).toBeUndefined();
    expect(await deps.profiles.countItemsOf(mentor.id)).toBe(0);
    expect((await deps.profiles.getProfileWithState(mentee.id))!.matching.openMatchId).toBeUndefined();
    expect(outbox.allOutbox().some((m) => m.email.to === mentor.email && m.email.template === 'erasure-done')).toBe(true);
    expect(audit.all()).toMatchObject([{ action: 'person.erase', target: { kind: 'person', id: mentor.id }, details: { role: 'mentor' } }]);
    await expect(erasePersonForAdmin(mentor.id, admin, deps)).rejects.toBeInstanceOf(NotFound);
    expect(audit.all()).toHaveLength(1);
  });
});

describe('every admin entry', () => {
  it('holds ids and the admin, never a participant’s name or email, whatever the action', async () => {
    const { deps, audit, mentor, mentee } = await world();
    const other = await seedMentee(deps, { name: 'Siân Ó Briain' });
    await runRoundForAdmin(admin, deps);
    await pauseMentorForAdmin(mentor.id, admin, deps);
    await resumeMentorForAdmin(mentor.id, admin, deps);
    const open = await deps.matches.listMatches('PROPOSED');
    await withdrawProposal(open[0]!.id, admin, deps);
    await erasePersonForAdmin(other.id, admin, deps);
    await changeWeights({ skills: 50 }, admin, deps);
    await recordSignIn(admin, deps);
    expect(audit.all().map((e) => e.action)).toEqual(['round.run', 'mentor.pause', 'mentor.resume', 'proposal.withdraw', 'person.erase', 'weights.change', 'sign-in']);
    expectNoPersonalData(audit.all(), [mentor, mentee, other]);
  });
});

describe('the matching weights', () => {
  it('are the defaults until an admin changes them; a change is validated, audited with before and after, and used by the next round, whose record keeps them', async () => {
    const { deps, audit, clock } = await world();
    expect((await currentWeights(deps)).weights).toEqual(DEFAULT_WEIGHTS);
    const first = await runMatchingRound(deps, { trigger: 'schedule' });
    expect(first.record?.weights).toEqual(DEFAULT_WEIGHTS);

    const saved = await changeWeights({ skills: 40, sameRegion: 30 }, admin, deps);
    expect(saved).toEqual({ ...DEFAULT_WEIGHTS, skills: 40, sameRegion: 30 });
    expect(await currentWeights(deps)).toMatchObject({ weights: saved, updatedBy: admin.subject, updatedAt: clock.now().toISOString() });
    expect(audit.all()).toMatchObject([
      { action: 'weights.change', target: { kind: 'weights', id: 'matching' }, details: { 'skills.before': 60, 'skills.after': 40, 'sameRegion.before': 20, 'sameRegion.after': 30 } },
    ]);

    await seedMentee(deps);
    const next = await runMatchingRound(deps, { trigger: 'schedule' });
    expect(next.record?.weights).toEqual(saved);
    const [match] = await deps.matches.listMatches('PROPOSED');
    expect(match!.reasons.find((r) => r.code === 'skills')?.points ?? 0).toBeLessThanOrEqual(40);
  });

  it('refuses weights outside their ranges and leaves the stored ones alone', async () => {
    const { deps, audit } = await world();
    await expect(changeWeights({ skills: 101 }, admin, deps)).rejects.toThrow(/between 0 and 100/);
    await expect(changeWeights({ sameRegion: 5, neighbouringRegion: 10 }, admin, deps)).rejects.toThrow(/neighbouringRegion/);
    expect((await currentWeights(deps)).weights).toEqual(DEFAULT_WEIGHTS);
    expect(audit.all()).toEqual([]);
  });
});

describe('a round run by an admin', () => {
  it('is audited with its id and counts, and keeps the unmatched mentees with their reasons', async () => {
    const { deps, audit } = await world();
    // The mentor's own council: never proposed to them.
    const sameCouncil = await seedMentee(deps, { councilCode: 'S12000033' });
    const record = (await runRoundForAdmin(admin, deps))!;
    expect(record.proposed).toBe(1);
    expect(audit.all()).toMatchObject([{ action: 'round.run', target: { kind: 'round', id: record.id }, details: { proposed: 1, mentees: 2, mentors: 1 } }]);
    expect((await deps.rounds.getRoundDetails(record.id))?.unmatched).toEqual([
      expect.objectContaining({ menteeId: sameCouncil.id, code: expect.any(String), reason: expect.stringMatching(/council/i) }),
    ]);
  });

  it('writes no entry when another round holds the lease', async () => {
    const { deps, audit, clock } = await world();
    await deps.rounds.acquireRoundLock('other', clock.now(), new Date(clock.now().getTime() + 60_000));
    expect(await runRoundForAdmin(admin, deps)).toBeUndefined();
    expect(audit.all()).toEqual([]);
  });
});
