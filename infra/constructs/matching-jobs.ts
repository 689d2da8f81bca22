/**
 * The scheduled matching jobs: a daily round that proposes matches, and an
 * hourly pass that reminds and expires unanswered proposals. Both only write
 * to the table; their emails go through the outbox, so neither may send mail.
 * The same jobs run locally on an interval (infra/local/app.ts).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Permission } from '../../functions/http/types';
import { ENV } from '../../shared/config/env';
import { METRIC } from '../../shared/domain/metrics';
import type { DeployConfig } from '../config';
import { alarmOnErrors, alarmOnMessages, alarmOnMetricBelow, deadLetterQueue, scheduledInvoke } from './alarms';
import { appMetric } from './dashboard';
import { AppFunction } from './app-function';
import { bindPermissions, type AppResources } from './permissions';

export const RUN_ROUND_ENTRY = 'functions/round.lambda.ts';
export const PROPOSAL_DEADLINES_ENTRY = 'functions/deadlines.lambda.ts';
export const WEEKLY_SUMMARY_ENTRY = 'functions/weekly-summary.lambda.ts';
/** Reads the report's counters and writes the summary record with its emails (the outbox sends them). */
export const WEEKLY_SUMMARY_PERMISSIONS: readonly Permission[] = ['table:write'];
/** The table, and the key that signs the accept/decline/pause links in the queued emails. */
export const MATCHING_JOB_PERMISSIONS: readonly Permission[] = ['table:write', 'signing-key'];

export interface MatchingJobsProps {
  config: DeployConfig;
  resources: AppResources;
  alarmTopic: sns.ITopic;
}

export class MatchingJobs extends Construct {
  readonly runRound: AppFunction;
  readonly proposalDeadlines: AppFunction;
  readonly weeklySummary: AppFunction;
  /** Invocations EventBridge Scheduler could not deliver after its retries. */
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: MatchingJobsProps) {
    super(scope, id);
    const { config, resources, alarmTopic } = props;
    const { schedules } = config;

    this.deadLetterQueue = deadLetterQueue(this, 'ScheduleDlq', 'matching-job invocations EventBridge Scheduler gave up on');
    alarmOnMessages(
      this,
      'ScheduleDlqAlarm',
      this.deadLetterQueue,
      alarmTopic,
      'A scheduled matching job (round or proposal deadlines) could not be invoked after retries. See docs/deploy.md.',
    );

    const job = (jobId: string, o: JobOptions): AppFunction => {
      const fn = new AppFunction(this, jobId, {
        entry: o.entry,
        config,
        description: o.description,
        timeout: o.timeout,
        memorySize: o.memorySize,
        environment: o.environment,
      });
      bindPermissions(fn, o.permissions ?? MATCHING_JOB_PERMISSIONS, resources);
      fn.configureAsyncInvoke({ retryAttempts: o.lambdaRetries, maxEventAge: o.maxEventAge });
      scheduledInvoke(this, `${jobId}Schedule`, {
        fn,
        description: o.description,
        expression: o.expression,
        timeZone: schedules.timeZone,
        retryAttempts: 3,
        maxEventAge: o.maxEventAge,
        deadLetterQueue: this.deadLetterQueue,
      });
      alarmOnErrors(this, `${jobId}ErrorsAlarm`, fn, alarmTopic, `${o.description} failed. See the ${jobId} function's logs; docs/deploy.md.`);
      return fn;
    };

    this.runRound = job('RunRound', {
      entry: RUN_ROUND_ENTRY,
      description: 'The matching round',
      expression: schedules.matchingRound,
      // Inside the round's 6-minute lease (ROUND_LEASE_MS in shared/app/rounds.ts), so a
      // timed-out round never overlaps the next holder of the lease.
      timeout: Duration.minutes(5),
      // A 10k × 2k round peaks near 430 MiB, and its proposal writes are CPU-bound:
      // 2,048 MB buys a little over one vCPU (docs/rounds-at-scale.md).
      memorySize: 2048,
      // One retry: a failed round releases its lease, and proposals are conditional writes, so a rerun only adds what is missing.
      lambdaRetries: 1,
      // Later than that the round would land mid-morning; better the next day's, and the alarms say it was missed.
      maxEventAge: Duration.hours(2),
    });
    // A round whose proof ran out of budget still proposed a good assignment, but not one proven best (RoundProven 0).
    alarmOnMetricBelow(
      this,
      'RoundUnprovenAlarm',
      appMetric(METRIC.RoundProven, { statistic: cloudwatch.Stats.MINIMUM, period: Duration.hours(1) }),
      1,
      alarmTopic,
      'A matching round could not prove its assignment optimal. See docs/deploy.md.',
    );
    this.proposalDeadlines = job('ProposalDeadlines', {
      entry: PROPOSAL_DEADLINES_ENTRY,
      description: 'The proposal reminders and expiries job',
      expression: schedules.proposalDeadlines,
      timeout: Duration.minutes(2),
      // Reminders and expiries are recorded with conditional writes, so a retry never sends one twice.
      lambdaRetries: 2,
      // The next run is an hour away and does the same work.
      maxEventAge: Duration.minutes(30),
    });
    this.weeklySummary = job('WeeklySummary', {
      entry: WEEKLY_SUMMARY_ENTRY,
      description: 'The weekly summary email to programme admins',
      expression: schedules.weeklySummary,
      timeout: Duration.minutes(1),
      permissions: WEEKLY_SUMMARY_PERMISSIONS,
      environment: { [ENV.ADMIN_EMAILS]: config.adminEmails.join(',') },
      // The summary is recorded with its emails, so a retry never sends it twice.
      lambdaRetries: 2,
      // Still worth sending that morning; later, the next Monday's will do.
      maxEventAge: Duration.hours(4),
    });
  }
}

interface JobOptions {
  entry: string;
  /** What the job may touch; the matching jobs' by default. */
  permissions?: readonly Permission[];
  /** Env vars that are not permissions. */
  environment?: Record<string, string>;
  /** Also the schedule's description and the start of its alarm's. */
  description: string;
  /** `cron(...)` or `rate(...)` in the configured time zone. */
  expression: string;
  timeout: Duration;
  /** MB; the function construct's default (512) when absent. */
  memorySize?: number;
  /** Lambda's own retries of a run that failed (Scheduler only retries invocations Lambda did not accept). */
  lambdaRetries: number;
  /** For both Scheduler's and Lambda's retries: after this the run is dropped (Scheduler: to the DLQ). */
  maxEventAge: Duration;
}
