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
  /** Mentee: when they last began waiting for a match (confirmed, a proposal or match closed, resumed); absent while not waiting. */
  waitingSince?: string;
}

/** The state of someone matching has not touched yet. */
export const freshMatchingState = (): MatchingState => ({ excludedMentorIds: [], acceptedCount: 0, proposedCount: 0, expiriesInRow: 0 });

export type ProfileWithState = Profile & { matching: MatchingState };

/**
 * How each lifecycle move changes a person's matching state: one statement
 * that both stores follow (the DynamoDB store to know what its update
 * expressions leave behind, so the report's counters change by the same).
 */
export const matchingMoves = {
  /** Propose (mentee): the match becomes their one open match and they stop waiting. */
  hold: (st: MatchingState, matchId: string): MatchingState => ({ ...st, openMatchId: matchId, waitingSince: undefined }),
  /** Propose (mentor): one more proposal awaiting an answer. */
  countProposal: (st: MatchingState): MatchingState => ({ ...st, proposedCount: st.proposedCount + 1 }),
  /** Accept (mentor): the proposal takes a place, and the run of expiries ends. */
  takePlace: (st: MatchingState): MatchingState => ({ ...st, acceptedCount: st.acceptedCount + 1, proposedCount: st.proposedCount - 1, expiriesInRow: 0 }),
  /** Decline or expiry (mentor): the proposal no longer counts; an expiry extends the run of expiries, a decline ends it. */
  settle: (st: MatchingState, outcome: 'DECLINED' | 'EXPIRED'): MatchingState => ({
    ...st,
    proposedCount: st.proposedCount - 1,
    expiriesInRow: outcome === 'EXPIRED' ? st.expiriesInRow + 1 : 0,
  }),
  /** End (mentor): the place is free again. */
  freePlace: (st: MatchingState): MatchingState => ({ ...st, acceptedCount: st.acceptedCount - 1 }),
  /** Decline, expiry or end (mentee): back in the pool, waiting from `waitingSince` (absent while paused), and the pair closed for good. */
  release: (st: MatchingState, mentorId: string, waitingSince: string | undefined): MatchingState => ({
    ...st,
    openMatchId: undefined,
    waitingSince,
    excludedMentorIds: st.excludedMentorIds.includes(mentorId) ? st.excludedMentorIds : [...st.excludedMentorIds, mentorId].sort(),
  }),
  /** Pause: a paused mentee is not waiting. */
  pause: (st: MatchingState): MatchingState => ({ ...st, waitingSince: undefined }),
  /** Resume: a mentor's run of expiries ends; a mentee with no open match waits again from `at`. */
  resume: (st: MatchingState, role: 'mentee' | 'mentor', at: string): MatchingState => ({
    ...st,
    expiriesInRow: 0,
    waitingSince: role === 'mentee' && !st.openMatchId ? at : st.waitingSince,
  }),
};
