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
  /** Mentees the round could not match (rounds recorded before the report existed have none). */
  unmatched?: number;
  /** What a highest-score-first pass would have scored on the same input: the optimal round's gain is totalScore − greedyScore. */
  greedyScore?: number;
  /** How many mentees that greedy pass would have matched. */
  greedyMatched?: number;
  /**
   * "proven": no assignment over every pair the rules allow matches more mentees, or as many with a higher
   * total score; "unproven": the proof's budget ran out first (absent on records older than the proof).
   */
  optimality?: RoundOptimality;
  /** The candidate lists the round solved over (absent on records older than the proof). */
  candidatesPerMentee?: RoundCandidates;
  /** Only on unproven rounds: the most a better assignment could have gained. */
  shortfallBound?: RoundShortfall;
}

export const ROUND_OPTIMALITIES = ['proven', 'unproven'] as const;
export type RoundOptimality = (typeof ROUND_OPTIMALITIES)[number];

/** Each mentee's list started at `initial` best mentors; the proof widened `widened` lists, the longest to `widest`. */
export interface RoundCandidates {
  initial: number;
  widest: number;
  widened: number;
}

/**
 * What an unproven round may have given up, at most: no assignment matches more than `mentees` more
 * mentees; when that is 0, none scores more than `score` more points (null: the score is not bounded).
 */
export interface RoundShortfall {
  mentees: number;
  score: number | null;
}

/** How many of a round's unmatched mentees it keeps by name; the counts by reason cover all of them. */
export const UNMATCHED_KEPT = 500;

/** A mentee a round could not match, with the engine's reason. */
export interface UnmatchedMentee {
  menteeId: string;
  /** The engine's reason code (a blocking constraint, `outmatched` or `no-candidates`). */
  code: string;
  /** The engine's reason in words. */
  reason: string;
  region: string;
  councilType: string;
  waitingSince: string;
}

/** Who a round left unmatched, kept beside its record for the report. */
export interface RoundDetails {
  roundId: string;
  /** Longest waiting first, at most UNMATCHED_KEPT. */
  unmatched: UnmatchedMentee[];
  /** All the unmatched mentees, counted by reason, region and council type. */
  byReason: { code: string; region: string; councilType: string; mentees: number }[];
}
