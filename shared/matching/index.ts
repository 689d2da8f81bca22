/**
 * The matching engine: pure functions, no I/O. Use runRound for a whole round;
 * the lower-level pieces are exported for tools, tests and the benchmark.
 * docs/matching.md explains the scoring for admins and the solver for engineers.
 */
export { DEFAULT_WEIGHTS, parseWeights, Weights, type WeightsInput } from './weights';
export type { MatchMentee, MatchMentor } from './profiles';
export { prepareMentee, prepareMentor } from './profiles';
export { BLOCKS, blockOf, pointTables, scorePrepared, type Block, type PairScore, type Reason } from './scoring';
export { scorePair, checkPair } from './pair';
export { buildCandidates, CandidateRows, DEFAULT_MAX_CANDIDATES, type Candidates, type CandidateInput } from './candidates';
export { CertificateInvalid, certify, type Certificate } from './certificate';
export { indexMentors, type MentorIndex } from './mentor-index';
export { priceLeftOut, type Pricing, type Violation } from './pricing';
export {
  InvalidInstance,
  toAssignment,
  toCandidateGraph,
  type Assignment,
  type AssignmentInstance,
  type CandidateGraph,
  type Edge,
} from './graph';
export { greedyAssignment, greedyGraph, solveAssignment, solveGraph, solveWithPrices, type PricedSolution, type Prices } from './solver';
export {
  DEFAULT_BUDGET,
  prepareRound,
  runRound,
  type CandidatesPerMentee,
  type Exclusion,
  type Optimality,
  type ProofBudget,
  type ProofStats,
  type Proposal,
  type RoundRequest,
  type RoundResult,
  type RoundStats,
  type RoundStep,
  type ShortfallBound,
  type Unmatched,
  type UnmatchedCode,
} from './round';
export { RoundInput, RoundMentee, RoundMentor, describeZodError } from './input';
