/**
 * SES bounces and complaints → suppression. The data stack's configuration
 * set publishes them to an SNS topic; this subscribes a function that
 * suppresses the address and pauses its profiles (shared/app/suppression.ts).
 * One DLQ catches both ways a notification can be lost: SNS failing to
 * deliver it (the subscription's DLQ) and the function failing on it after
 * Lambda's async retries (its on-failure destination).
 */
import { Duration } from 'aws-cdk-lib';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Permission } from '../../functions/http/types';
import type { DeployConfig } from '../config';
import { alarmOnMessages, deadLetterQueue } from './alarms';
import { AppFunction } from './app-function';
import { bindPermissions, type AppResources } from './permissions';

export const SES_EVENTS_ENTRY = 'functions/ses-events.lambda.ts';
/** Writes suppressions and pauses profiles; it never sends mail. */
export const SES_EVENTS_PERMISSIONS: readonly Permission[] = ['table:write'];

export interface MailEventsProps {
  config: DeployConfig;
  resources: AppResources;
  /** The data stack's topic for SES BOUNCE and COMPLAINT events. */
  topic: sns.ITopic;
  alarmTopic: sns.ITopic;
}

export class MailEvents extends Construct {
  readonly handler: AppFunction;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: MailEventsProps) {
    super(scope, id);
    const { config } = props;

    this.handler = new AppFunction(this, 'SesEvents', {
      entry: SES_EVENTS_ENTRY,
      config,
      description: 'Suppresses addresses SES reports as bounced or complaining and pauses their profiles',
    });
    bindPermissions(this.handler, SES_EVENTS_PERMISSIONS, props.resources);

    // The messages hold email addresses: encrypted, TLS only, gone after 14 days.
    this.deadLetterQueue = deadLetterQueue(this, 'SesEventsDlq', 'SES notifications that could not be delivered or handled');
    // Every step is idempotent, so Lambda's retries are safe; a message still failing after them is parked.
    this.handler.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.deadLetterQueue),
    });
    props.topic.addSubscription(new subscriptions.LambdaSubscription(this.handler, { deadLetterQueue: this.deadLetterQueue }));

    alarmOnMessages(
      this,
      'SesEventsDlqAlarm',
      this.deadLetterQueue,
      props.alarmTopic,
      'An SES bounce or complaint was not processed: the address is not suppressed. See docs/deploy.md.',
    );
  }
}
