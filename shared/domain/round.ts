/** What a matching round records about itself, for the rounds history in reports. */

export const ROUND_TRIGGERS = ['schedule', 'admin', 'local'] as const;

export interface RoundRecord {
  id: string;
  startedAt: string;
  finishedAt: string;
  trigger: (typeof ROUND_TRIGGERS)[number];
  mentees: number;
  mentors: number;
  places: number;
  proposed: number;
  /** Proposals skipped because another round got there first. */
  skipped: number;
  totalScore: number;
  durationMs: number;
  /** The scoring weights the round used, every default filled in (absent on records older than stored weights). */
  weights?: Readonly<Record<string, number>>;
}

/** A mentee a round left unmatched, with the constraint that blocked them (ids and reference text only). */
export interface RoundUnmatched {
  menteeId: string;
  code: string;
  text: string;
}
