/**
 * The operational building blocks every background feature repeats: a
 * dead-letter queue, an alarm when it holds anything, an alarm when a function
 * fails, and a function invoked on an EventBridge Scheduler schedule. Alarms
 * go to the stack's alarm topic (emailed to `alarmEmail`).
 */
import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** Encrypted, TLS-only, kept 14 days (the SQS maximum) so there is time to look. */
export function deadLetterQueue(scope: Construct, id: string, purpose: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself the dead-letter destination (${purpose}); nothing fails out of it.`,
  });
  return queue;
}

function notify(alarm: cloudwatch.Alarm, topic: sns.ITopic): cloudwatch.Alarm {
  alarm.addAlarmAction(new cloudwatchActions.SnsAction(topic));
  return alarm;
}

/** Fires as soon as the queue holds a message; quiet while it is empty or unused. */
export function alarmOnMessages(scope: Construct, id: string, queue: sqs.IQueue, topic: sns.ITopic, description: string) {
  return notify(
    new cloudwatch.Alarm(scope, id, {
      alarmDescription: description,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
    topic,
  );
}

/** Fires on any failed invocation (an error or a timeout) within five minutes. */
export function alarmOnErrors(scope: Construct, id: string, fn: lambda.IFunction, topic: sns.ITopic, description: string) {
  return alarmOnMetric(scope, id, fn.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }), topic, description);
}

/** Fires when the metric's sum over five minutes is above zero. */
export function alarmOnMetric(scope: Construct, id: string, metric: cloudwatch.IMetric, topic: sns.ITopic, description: string) {
  return notify(
    new cloudwatch.Alarm(scope, id, {
      alarmDescription: description,
      metric,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
    topic,
  );
}

/** Fires when the metric (its statistic over its period) is below `threshold`; quiet while there is no data. */
export function alarmOnMetricBelow(scope: Construct, id: string, metric: cloudwatch.IMetric, threshold: number, topic: sns.ITopic, description: string) {
  return notify(
    new cloudwatch.Alarm(scope, id, {
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }),
    topic,
  );
}

export interface ScheduledInvokeProps {
  fn: lambda.Function;
  description: string;
  /** `cron(...)` or `rate(...)`, read in `timeZone`. */
  expression: string;
  timeZone?: string;
  /** How often Scheduler retries an invocation Lambda did not accept (throttling, service errors). */
  retryAttempts: number;
  maxEventAge?: Duration;
  /** Where Scheduler puts an invocation it gave up on; without one it is dropped. */
  deadLetterQueue?: sqs.IQueue;
}

/**
 * Invokes `fn` on a schedule with a role of its own, rather than the target's
 * shared singleton role, so the acknowledgement below covers this one grant.
 * Scheduler invokes asynchronously: it retries only invocations Lambda did not
 * accept; a function that fails is retried by Lambda's own async retries.
 */
export function scheduledInvoke(scope: Construct, id: string, props: ScheduledInvokeProps): scheduler.Schedule {
  const role = new iam.Role(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com') });
  const schedule = new scheduler.Schedule(scope, id, {
    description: props.description,
    schedule: scheduler.ScheduleExpression.expression(props.expression, props.timeZone ? TimeZone.of(props.timeZone) : undefined),
    target: new schedulerTargets.LambdaInvoke(props.fn, {
      role,
      retryAttempts: props.retryAttempts,
      maxEventAge: props.maxEventAge,
      deadLetterQueue: props.deadLetterQueue,
    }),
  });
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${Stack.of(scope).getLogicalId(props.fn.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
    reason: "CDK's grantInvoke also allows the function's versions and aliases (<arn>:*); still this one function only.",
  });
  return schedule;
}
