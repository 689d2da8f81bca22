/**
 * What the service tracks about a person for matching, beside the profile
 * they submitted: the mentee's open match and closed pairs, the mentor's
 * places in use and run of unanswered proposals. Rounds read it; the match
 * lifecycle changes it in the same transaction as the match.
 */
import type { Profile } from './profile';

export interface MatchingState {
  /** Mentee: the proposal or match they are in; absent while they wait. */
  openMatchId?: string;
  /** Mentee: mentors never to be proposed again (declined, expired, ended). */
  excludedMentorIds: string[];
  /** Mentor: accepted, not yet ended matches. */
  acceptedCount: number;
  /** Mentor: proposals awaiting an answer (count against spare capacity in rounds). */
  proposedCount: number;
  /** Mentor: proposals that expired one after another without an answer. */
  expiriesInRow: number;
}

/** The state of someone matching has not touched yet. */
export const freshMatchingState = (): MatchingState => ({ excludedMentorIds: [], acceptedCount: 0, proposedCount: 0, expiriesInRow: 0 });

export type ProfileWithState = Profile & { matching: MatchingState };
