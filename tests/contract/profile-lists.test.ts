/** One suite, two profile stores: the admin lists of people by role and status, from the index. */
import { afterAll, describe, expect, it } from 'vitest';
import { deriveCouncilFacts, type Profile } from '../../shared/domain/profile';
import { dropTables, storeSets, TestClock, uid } from './stores';

function mentor(clock: TestClock, offsetMs: number): Profile {
  const at = clock.iso(offsetMs);
  return {
    role: 'mentor',
    name: 'Grace Hopper',
    email: `${uid('grace')}@council.gov.uk`,
    councilCode: 'E07000223',
    jobTitle: 'Head of digital',
    seniority: 'director',
    skills: ['cyber-security'],
    format: 'remote',
    capacity: 2,
    experience: 'Led digital change',
    consent: true,
    ...deriveCouncilFacts('E07000223'),
    id: uid('mentor'),
    status: 'PENDING_VERIFICATION',
    createdAt: at,
    updatedAt: at,
    consentedAt: at,
  };
}

afterAll(dropTables);

describe.each(storeSets)('%s profile store lists', (_name, make) => {
  it('lists the profiles of a role in a status, newest first, a page at a time, with their matching state', async () => {
    const clock = new TestClock();
    const { profiles } = await make(clock);
    const [a, b, c, d] = [mentor(clock, 0), mentor(clock, 1000), mentor(clock, 2000), mentor(clock, 3000)];
    for (const p of [c, a, d, b]) await profiles.createProfile(p, []);
    for (const p of [a, b, c, d]) await profiles.activateProfile(p.id, clock.iso());
    await profiles.setPaused(b.id, true, clock.iso(), []);
    const first = await profiles.listProfiles('mentor', 'ACTIVE', { limit: 2 });
    expect(first.profiles.map((p) => p.id)).toEqual([d.id, c.id]);
    const second = await profiles.listProfiles('mentor', 'ACTIVE', { limit: 2, before: first.next });
    expect(second.profiles.map((p) => p.id)).toEqual([a.id]);
    expect(second.next).toBeUndefined();
    const paused = await profiles.listProfiles('mentor', 'PAUSED', { limit: 10 });
    expect(paused.profiles.map((p) => [p.id, p.status, p.matching.acceptedCount])).toEqual([[b.id, 'PAUSED', 0]]);
    expect(await profiles.listProfiles('mentee', 'ACTIVE', { limit: 10 })).toEqual({ profiles: [], next: undefined });
  });
});
