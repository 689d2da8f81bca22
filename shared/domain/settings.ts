/**
 * Settings an admin changes at run time. The matching weights are stored as
 * the engine validates them (shared/matching/weights.ts), with who changed
 * them and when; absent, rounds use the documented defaults.
 */
export interface StoredWeights {
  weights: Readonly<Record<string, number>>;
  updatedAt: string;
  /** The admin's subject (Cognito `sub`). */
  updatedBy: string;
}
