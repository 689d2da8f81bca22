/**
 * The email outbox in AWS: a DynamoDB Streams consumer sends each new PENDING
 * outbox item, a scheduled sweeper resends those whose retry time has come
 * (including any the stream gave up on), and records the stream could not
 * process land in a DLQ that raises an alarm. Sending twice is prevented by the
 * sender's conditional writes, not here.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Permission } from '../../functions/http/types';
import type { DeployConfig } from '../config';
import { AppFunction } from './app-function';
import { bindPermissions, type AppResources } from './permissions';

export const OUTBOX_SENDER_ENTRY = 'functions/outbox/send-outbox.lambda.ts';
export const OUTBOX_SWEEPER_ENTRY = 'functions/outbox/sweep-outbox.lambda.ts';
const OUTBOX_PERMISSIONS: readonly Permission[] = ['table:write', 'mail:send'];

export interface OutboxProps {
  config: DeployConfig;
  /** The concrete table: the stream consumer needs its stream ARN. */
  table: dynamodb.ITable;
  resources: AppResources;
  alarmTopic: sns.ITopic;
}

export class Outbox extends Construct {
  readonly sender: AppFunction;
  readonly sweeper: AppFunction;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: OutboxProps) {
    super(scope, id);
    const { config, resources } = props;

    this.sender = new AppFunction(this, 'SendOutbox', {
      entry: OUTBOX_SENDER_ENTRY,
      config,
      description: 'Sends new PENDING outbox emails from the table stream',
      // SES calls for a batch of ten, with retries inside the SDK.
      timeout: Duration.seconds(30),
    });
    bindPermissions(this.sender, OUTBOX_PERMISSIONS, resources);

    this.deadLetterQueue = new sqs.Queue(this, 'SendOutboxDlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter destination of the outbox stream consumer.',
    });

    this.sender.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 5,
        // After an hour the sweeper has long since retried the item from the
        // table; the record is only evidence by then, so park it in the DLQ.
        maxRecordAge: Duration.hours(1),
        onFailure: new SqsDlq(this.deadLetterQueue),
        // Only new work wakes the sender: every other write to the table is filtered out by Lambda, unbilled.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: {
              NewImage: {
                type: { S: lambda.FilterRule.isEqual('outbox') },
                status: { S: lambda.FilterRule.isEqual('PENDING') },
              },
            },
          }),
        ],
      }),
    );

    const alarm = new cloudwatch.Alarm(this, 'SendOutboxDlqAlarm', {
      alarmDescription:
        'Outbox stream records failed after all retries. The emails stay PENDING in the table for the sweeper; see docs/deploy.md.',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic));

    this.sweeper = new AppFunction(this, 'SweepOutbox', {
      entry: OUTBOX_SWEEPER_ENTRY,
      config,
      description: 'Resends outbox emails whose retry time has come',
      timeout: Duration.seconds(30),
    });
    bindPermissions(this.sweeper, OUTBOX_PERMISSIONS, resources);

    // Our own role rather than the target's shared singleton, so the acknowledgement below covers this one grant only.
    const scheduleRole = new iam.Role(this, 'SweepOutboxScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
    });
    new scheduler.Schedule(this, 'SweepOutboxSchedule', {
      description: 'Resend outbox emails that are due (SES throttling, failed stream batches)',
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(5)),
      // A missed sweep is harmless: the next one five minutes later picks up the same items.
      target: new schedulerTargets.LambdaInvoke(this.sweeper, { retryAttempts: 0, role: scheduleRole }),
    });
    Validations.of(scheduleRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.sweeper.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
      reason: "CDK's grantInvoke also allows the sweeper's versions and aliases (<arn>:*); still this one function only.",
    });
  }
}
