/** The seed's people generator: valid submissions, realistic names, unique addresses on reserved domains, the same people for the same seed. */
import { describe, expect, it } from 'vitest';
import { parseProfileSubmission } from '../../shared/domain/profile';
import { COUNCIL_CODES } from '../../shared/reference';
import { generatePeople } from '../fixtures/people';
import { generateProfiles } from '../fixtures/profiles';

describe('generatePeople', () => {
  const people = generatePeople({ mentees: 1500, mentors: 400, seed: 9 });
  const all = [...people.mentees, ...people.mentors];

  it('makes submissions the public schema accepts, over real councils', () => {
    for (const p of all) expect(parseProfileSubmission(p)).toEqual(p);
    expect(all.every((p) => COUNCIL_CODES.includes(p.councilCode))).toBe(true);
    expect(new Set(all.map((p) => p.councilCode)).size).toBeGreaterThan(200);
  });

  it('gives people realistic, varied names and unique addresses that can never be mailed', () => {
    expect(all.some((p) => /^Ment(ee|or) \d/.test(p.name))).toBe(false);
    expect(new Set(all.map((p) => p.name)).size).toBeGreaterThan(1000);
    expect(new Set(all.map((p) => `${p.role}:${p.email}`)).size).toBe(all.length);
    expect(all.every((p) => p.email.endsWith('.example'))).toBe(true);
  });

  it('is the same for the same seed, keeps the skills and councils of generateProfiles, and differs for another seed', () => {
    expect(generatePeople({ mentees: 50, mentors: 10, seed: 9 })).toEqual(generatePeople({ mentees: 50, mentors: 10, seed: 9 }));
    const base = generateProfiles({ mentees: 50, mentors: 10, seed: 9 });
    expect(people.mentees.slice(0, 50).map((p) => [p.councilCode, p.skills])).toEqual(base.mentees.map((p) => [p.councilCode, p.skills]));
    expect(generatePeople({ mentees: 50, mentors: 0, seed: 10 }).mentees[0]).not.toEqual(people.mentees[0]);
  });
});
