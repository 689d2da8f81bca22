/**
 * Scoring weights: configuration with documented defaults and validated
 * ranges. Each weight is the number of points its reason can earn, so the
 * defaults add up to a score out of 100 that admins can read at a glance.
 * docs/matching.md explains each one in plain English.
 */
import * as z from 'zod';

const points = (fallback: number, what: string) =>
  z
    .number({ error: `${what} must be a number of points` })
    .finite({ error: `${what} must be a finite number of points` })
    .min(0, { error: `${what} must be between 0 and 100 points` })
    .max(100, { error: `${what} must be between 0 and 100 points` })
    .default(fallback);

export const Weights = z
  .strictObject({
    /** Points for a mentor who offers every skill the mentee ranked; less for partial cover, by rank. */
    skills: points(60, 'skills'),
    /** Points when mentor and mentee are in the same region. */
    sameRegion: points(20, 'sameRegion'),
    /** Points when their regions share a land border. */
    neighbouringRegion: points(10, 'neighbouringRegion'),
    /** Points when the mentor is one or two levels more senior: far enough ahead to guide, close enough to remember. */
    seniorityIdeal: points(15, 'seniorityIdeal'),
    /** Points when the mentor is three or more levels more senior. */
    seniorityDistant: points(8, 'seniorityDistant'),
    /** Points when both are at the same level (peer mentoring). */
    seniorityPeer: points(5, 'seniorityPeer'),
    /** Points when both councils are of the same type (e.g. two London boroughs): a tie-breaker. */
    sameCouncilType: points(5, 'sameCouncilType'),
  })
  .refine((w) => w.neighbouringRegion <= w.sameRegion, {
    error: 'neighbouringRegion must not be worth more than sameRegion',
    path: ['neighbouringRegion'],
  });

/** Validated weights with every default filled in. */
export type Weights = z.output<typeof Weights>;
/** What a caller may pass: any subset of the weights. */
export type WeightsInput = z.input<typeof Weights>;

export const DEFAULT_WEIGHTS: Weights = Weights.parse({});

/** Parses partial, untrusted weights; throws a ZodError naming the bad field. */
export function parseWeights(input: unknown = {}): Weights {
  return Weights.parse(input ?? {});
}
