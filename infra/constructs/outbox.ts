/**
 * The email outbox in AWS: one function, two triggers. The table's stream
 * invokes it for each new PENDING outbox item, and a schedule invokes it to
 * resend those whose retry time has come (including any the stream gave up
 * on; functions/outbox/sender.ts tells the two apart). Records the stream could not
 * process land in a DLQ that raises an alarm, as does an email that used up
 * every retry. Sending twice is prevented by the sender's conditional writes,
 * not here.
 */
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Permission } from '../../functions/http/types';
import { METRIC } from '../../shared/domain/metrics';
import type { DeployConfig } from '../config';
import { alarmOnMessages, alarmOnMetric, deadLetterQueue, scheduledInvoke } from './alarms';
import { AppFunction } from './app-function';
import { appMetric } from './dashboard';
import { bindPermissions, type AppResources } from './permissions';

export const OUTBOX_ENTRY = 'functions/outbox.lambda.ts';
// The signing key: placing a received profile submission (shared/app/intake.ts) signs its email's links.
const OUTBOX_PERMISSIONS: readonly Permission[] = ['table:write', 'mail:send', 'signing-key'];

export interface OutboxProps {
  config: DeployConfig;
  /** The concrete table: the stream consumer needs its stream ARN. */
  table: dynamodb.ITable;
  resources: AppResources;
  alarmTopic: sns.ITopic;
}

export class Outbox extends Construct {
  /** Sends from the stream and sweeps on the schedule. */
  readonly sender: AppFunction;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: OutboxProps) {
    super(scope, id);
    const { config, resources } = props;

    this.sender = new AppFunction(this, 'SendOutbox', {
      entry: OUTBOX_ENTRY,
      config,
      description: 'Places received profile submissions and sends new PENDING outbox emails from the table stream; sweeps both on a schedule',
      // SES calls for a batch of ten (with retries inside the SDK), or a sweep of at most 20 s.
      timeout: Duration.seconds(30),
    });
    bindPermissions(this.sender, OUTBOX_PERMISSIONS, resources);

    this.deadLetterQueue = deadLetterQueue(this, 'SendOutboxDlq', 'outbox stream records the sender failed on');

    // One mapping, two kinds of new work: a DynamoDB stream serves at most two readers a shard, so the
    // sender reads it once. Every other write to the table is filtered out by Lambda, unbilled.
    this.sender.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 5,
        // After an hour the sweep has long since retried the item from the
        // table; the record is only evidence by then, so park it in the DLQ.
        maxRecordAge: Duration.hours(1),
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [
          // Emails to send.
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: {
              NewImage: {
                type: { S: lambda.FilterRule.isEqual('outbox') },
                // The message's status is inside its `data` map (outboxPuts in shared/adapters/dynamodb/store.ts).
                data: { M: { status: { S: lambda.FilterRule.isEqual('PENDING') } } },
              },
            },
          }),
          // Received profile submissions: placing one decides what the address gets and queues its email (shared/app/intake.ts).
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { type: { S: lambda.FilterRule.isEqual('submission') } } },
          }),
        ],
      }),
    );

    alarmOnMessages(
      this,
      'SendOutboxDlqAlarm',
      this.deadLetterQueue,
      props.alarmTopic,
      'Outbox stream records failed after all retries. The emails stay PENDING in the table for the sweeper; see docs/deploy.md.',
    );

    scheduledInvoke(this, 'SweepOutboxSchedule', {
      fn: this.sender,
      description: 'Resend outbox emails that are due (SES throttling, failed stream batches)',
      expression: 'rate(5 minutes)',
      // A missed sweep is harmless: the next one five minutes later picks up the same items.
      retryAttempts: 0,
    });

    // The sender counts, per batch, emails that used up every retry (EmailsFailed; shared/domain/metrics.ts).
    // Mail to a suppressed address is EmailsSuppressed instead: expected, not alarmed.
    alarmOnMetric(
      this,
      'OutboxEmailsFailedAlarm',
      appMetric(METRIC.EmailsFailed),
      props.alarmTopic,
      'An outbox email ended FAILED after every retry: someone did not get an email. See docs/deploy.md.',
    );
  }
}
