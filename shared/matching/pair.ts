/** One pair at a time, on the plain profile shapes: for tools, emails and tests. */
import { prepareMentee, prepareMentor, type MatchMentee, type MatchMentor } from './profiles';
import { blockOf, pointTables, scorePrepared, type Block, type PairScore } from './scoring';
import { parseWeights, type WeightsInput } from './weights';

/** The score of a pair and every reason behind it (the hard constraints are checkPair's job). */
export function scorePair(mentee: MatchMentee, mentor: MatchMentor, weights: WeightsInput = {}): PairScore {
  return scorePrepared(pointTables(parseWeights(weights)), prepareMentee(mentee), prepareMentor(mentor));
}

/** The first hard constraint the pair breaks, or null when it may be proposed. */
export function checkPair(mentee: MatchMentee, mentor: MatchMentor, excluded = false): Block | null {
  return blockOf(prepareMentee(mentee), prepareMentor(mentor), excluded);
}
