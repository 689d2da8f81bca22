/**
 * The service's CloudWatch metrics, named once here (the Metrics port in
 * shared/ports.ts takes these names) and shared with
 * infra/ (alarms, the dashboard). In Lambda they are written as CloudWatch
 * embedded metric format (Powertools Metrics, shared/wiring.ts) under one
 * namespace with a `service` dimension. Values are counts and durations
 * only: no metric or dimension ever carries an id, an address or a name.
 */

export const METRICS_NAMESPACE = 'MentorMatch';

export const METRIC = {
  /** Per round: mentees waiting, mentors with their places, proposals written, how long it took. */
  RoundMentees: 'RoundMentees',
  RoundMentors: 'RoundMentors',
  RoundProposals: 'RoundProposals',
  RoundDuration: 'RoundDuration',
  /** 1 when the round proved its assignment optimal, 0 when the proof's budget ran out first. */
  RoundProven: 'RoundProven',
  /** Proposals answered: by the mentor's link (accepted, declined) or by the deadlines job (expired). */
  ProposalsAccepted: 'ProposalsAccepted',
  ProposalsDeclined: 'ProposalsDeclined',
  ProposalsExpired: 'ProposalsExpired',
  /** The outbox sender, per batch: accepted by SES, to be tried again, given up on, not sent to a suppressed address. */
  EmailsSent: 'EmailsSent',
  EmailsRetried: 'EmailsRetried',
  EmailsFailed: 'EmailsFailed',
  EmailsSuppressed: 'EmailsSuppressed',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** Powertools' cold-start metric (dimensions service and function_name), one per cold start. */
export const COLD_START_METRIC = 'ColdStart';
