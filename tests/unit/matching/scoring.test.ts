import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { COUNCILS } from '../../../shared/reference';
import { DEFAULT_WEIGHTS, checkPair, parseWeights, scorePair, type MatchMentee, type MatchMentor } from '../../../shared/matching';

const council = (region: string, type?: string, skip = 0) =>
  COUNCILS.filter((c) => c.region === region && (!type || c.type === type))[skip]!.code;

const mentee = (over: Partial<MatchMentee> = {}): MatchMentee => ({
  id: 'mentee-1',
  councilCode: council('North West', 'Metropolitan district'),
  seniority: 'team-lead',
  skills: ['data-strategy', 'cyber-security', 'agile-delivery', 'user-research'],
  format: 'either',
  ...over,
});

const mentor = (over: Partial<MatchMentor> = {}): MatchMentor => ({
  id: 'mentor-1',
  councilCode: council('North West', 'Metropolitan district', 1),
  seniority: 'assistant-director',
  skills: ['cyber-security', 'agile-delivery', 'data-strategy', 'cloud-adoption'],
  format: 'remote',
  capacity: 2,
  ...over,
});

const sum = (points: number[]) => points.reduce((a, b) => a + b, 0);

describe('scorePair', () => {
  it('says "both" and "all N" when the mentor covers every priority skill', () => {
    const two = scorePair(mentee({ skills: ['cyber-security', 'agile-delivery'] }), mentor()).reasons[0]!.text;
    expect(two).toBe('Offers both of your priority skills: Cyber security and resilience, Agile delivery');
    const three = scorePair(mentee({ skills: ['cyber-security', 'agile-delivery', 'data-strategy'] }), mentor()).reasons[0]!.text;
    expect(three).toBe('Offers all 3 of your priority skills: Cyber security and resilience, Agile delivery, Data strategy and governance');
  });

  it('explains each point: shared skills by rank, same region, ideal seniority gap, same council type', () => {
    const { score, reasons } = scorePair(mentee(), mentor());
    // Ranks 1 to 3 of 4 are covered: rank weights 5 + 4 + 3 of 5 + 4 + 3 + 2, times 60 points.
    expect(reasons).toEqual([
      { code: 'skills', text: 'Shares 3 of your 4 priority skills: Data strategy and governance, Cyber security and resilience, Agile delivery', points: 51.4 },
      { code: 'same-region', text: 'Same region: North West', points: 20 },
      { code: 'seniority', text: 'Mentor is 2 levels more senior: Assistant director', points: 15 },
      { code: 'same-council-type', text: 'Same type of council: Metropolitan district', points: 5 },
    ]);
    expect(score).toBe(91.4);
  });

  it('weighs a neighbouring region at half, and a distant one at nothing', () => {
    const wales = scorePair(mentee(), mentor({ councilCode: council('Wales') }));
    expect(wales.reasons).toContainEqual({ code: 'neighbouring-region', text: 'Neighbouring regions: North West and Wales', points: 10 });
    const london = scorePair(mentee(), mentor({ councilCode: council('London') }));
    expect(london.reasons).toContainEqual({
      code: 'other-region',
      text: 'Different regions: North West and London, so you would meet remotely',
      points: 0,
    });
  });

  it('gives peers and far more senior mentors fewer seniority points than one or two levels', () => {
    const points = (seniority: string) => scorePair(mentee(), mentor({ seniority })).reasons.find((r) => r.code === 'seniority')!.points;
    expect(points('team-lead')).toBe(DEFAULT_WEIGHTS.seniorityPeer);
    expect(points('head-of-service')).toBe(DEFAULT_WEIGHTS.seniorityIdeal);
    expect(points('assistant-director')).toBe(DEFAULT_WEIGHTS.seniorityIdeal);
    expect(points('director')).toBe(DEFAULT_WEIGHTS.seniorityDistant);
    expect(scorePair(mentee({ seniority: 'practitioner' }), mentor({ seniority: 'director' })).reasons[2]).toEqual({
      code: 'seniority',
      text: 'Mentor is 4 levels more senior: Director or chief digital officer',
      points: DEFAULT_WEIGHTS.seniorityDistant,
    });
  });

  it('counts a first-choice skill for more than a last-choice one', () => {
    const first = scorePair(mentee(), mentor({ skills: ['data-strategy'] })).reasons[0]!;
    const last = scorePair(mentee(), mentor({ skills: ['user-research'] })).reasons[0]!;
    expect(first.points).toBeGreaterThan(last.points);
    expect(first.text).toBe('Shares 1 of your 4 priority skills: Data strategy and governance');
  });

  it('uses configured weights, and its reasons always add up to its score', () => {
    const weights = { skills: 40, sameRegion: 30, neighbouringRegion: 12.5, sameCouncilType: 0 };
    for (const m of [mentor(), mentor({ councilCode: council('Wales') }), mentor({ skills: ['user-research'], seniority: 'director' })]) {
      const { score, reasons } = scorePair(mentee(), m, weights);
      expect(sum(reasons.map((r) => r.points))).toBeCloseTo(score, 9);
      expect(reasons.some((r) => r.code === 'same-council-type')).toBe(false);
    }
  });
});

describe('checkPair (hard constraints)', () => {
  it.each([
    ['same-council', mentee(), mentor({ councilCode: mentee().councilCode })],
    ['seniority', mentee({ seniority: 'head-of-service' }), mentor({ seniority: 'team-lead' })],
    ['format', mentee({ format: 'in-person' }), mentor({ format: 'in-person', councilCode: council('London') })],
    ['format', mentee({ format: 'in-person' }), mentor({ format: 'remote' })],
    ['no-shared-skill', mentee(), mentor({ skills: ['innovation'] })],
    ['inactive', mentee({ status: 'PAUSED' }), mentor()],
    ['inactive', mentee(), mentor({ status: 'PENDING_VERIFICATION' })],
    ['full', mentee(), mentor({ spareCapacity: 0 })],
  ] as const)('blocks %s', (block, a, b) => {
    expect(checkPair(a, b)).toBe(block);
  });

  it('blocks an excluded pair, and lets in-person meet in a neighbouring region', () => {
    expect(checkPair(mentee(), mentor(), true)).toBe('excluded');
    expect(checkPair(mentee({ format: 'in-person' }), mentor({ format: 'either', councilCode: council('Wales') }))).toBeNull();
  });
});

describe('weights', () => {
  it('fills documented defaults that add up to 100 at best', () => {
    expect(DEFAULT_WEIGHTS).toEqual({
      skills: 60,
      sameRegion: 20,
      neighbouringRegion: 10,
      seniorityIdeal: 15,
      seniorityDistant: 8,
      seniorityPeer: 5,
      sameCouncilType: 5,
    });
  });

  it.each([{ skills: -1 }, { skills: 101 }, { sameRegion: Number.NaN }, { sameRegion: 5, neighbouringRegion: 6 }, { bogus: 1 }])(
    'refuses %j',
    (weights) => {
      expect(() => parseWeights(weights)).toThrow(ZodError);
    },
  );
});
