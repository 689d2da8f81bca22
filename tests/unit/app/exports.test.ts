/** The rows behind the CSV downloads: both people of each match by name, "(erased)" for someone gone, rounds and the latest unmatched. */
import { describe, expect, it } from 'vitest';
import { erasePersonForAdmin } from '../../../shared/app/admin';
import { ERASED, matchRows, roundRows, unmatchedRows } from '../../../shared/app/exports';
import { runMatchingRound } from '../../../shared/app/rounds';
import { memoryDeps } from '../../fixtures/deps';
import { seedMentee, seedMentor } from '../../support/matching';

const admin = { subject: 's', via: 'api' as const };

describe('export rows', () => {
  it('give each match both people’s names, councils and regions, and "(erased)" once a person is erased', async () => {
    const { deps } = memoryDeps();
    const mentor = await seedMentor(deps, { name: 'Tom Reid' });
    const mentee = await seedMentee(deps, { name: 'Siân Ó Briain' });
    await runMatchingRound(deps, { trigger: 'schedule' });
    const [row] = await matchRows(deps);
    expect(row).toMatchObject({
      status: 'PROPOSED',
      menteeId: mentee.id,
      menteeName: 'Siân Ó Briain',
      menteeCouncil: 'Manchester',
      menteeRegion: 'North West',
      mentorName: 'Tom Reid',
      mentorCouncil: 'Aberdeen City',
      mentorRegion: 'Scotland',
    });
    await erasePersonForAdmin(mentee.id, admin, deps);
    const after = await matchRows(deps);
    expect(after).toMatchObject([{ status: 'DECLINED', closedBy: 'mentor', menteeName: ERASED, menteeCouncil: undefined, mentorName: 'Tom Reid' }]);
    expect(await matchRows(deps, ['ACCEPTED'])).toEqual([]);
    expect(mentor.id).toBe(after[0]!.mentorId);
  });

  it('list rounds newest first with their weights, and the latest round’s unmatched mentees', async () => {
    const { deps, clock } = memoryDeps();
    await seedMentor(deps);
    const alone = await seedMentee(deps, { councilCode: 'S12000033' });
    await runMatchingRound(deps, { trigger: 'schedule' });
    clock.advance(60_000);
    await runMatchingRound(deps, { trigger: 'admin' });
    const rounds = await roundRows(deps);
    expect(rounds.map((r) => r.trigger)).toEqual(['admin', 'schedule']);
    expect(rounds[0]!.weights).toMatch(/^skills=60; sameRegion=20; /);
    // The second round's one waiting mentee has no eligible mentor (an empty list); a proven round has no shortfall to bound.
    expect(rounds[0]).toMatchObject({ optimality: 'proven', candidatesInitial: 200, candidatesWidest: 0, menteesWidened: 0, shortfallMentees: undefined, shortfallScore: undefined });
    expect(await unmatchedRows(deps)).toMatchObject([{ roundId: rounds[0]!.roundId, menteeId: alone.id, menteeName: alone.name, council: 'Aberdeen City' }]);
  });
});
