/**
 * The stateless stack: functions, HTTP API, CloudFront, the outbox sender and
 * its schedule, the scheduled matching jobs, the SES bounce/complaint
 * subscriber, alarms and the metrics dashboard. Safe to destroy and redeploy; everything it reads or
 * writes lives in the data stack and arrives here as typed props.
 */
import { CfnOutput, CrossStackReferences, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import type { DeployConfig } from '../config';
import { ServiceDashboard } from '../constructs/dashboard';
import { MailEvents } from '../constructs/mail-events';
import { MatchingJobs } from '../constructs/matching-jobs';
import { Outbox } from '../constructs/outbox';
import type { AppResources } from '../constructs/permissions';
import { SiteDistribution } from '../constructs/site-distribution';
import { WebApi, type RouteSpec } from '../constructs/web-api';

export interface ApiStackProps extends StackProps {
  config: DeployConfig;
  routes: readonly RouteSpec[];
  table: dynamodb.ITable;
  resources: AppResources;
  notificationsKey: kms.IKey;
  /** SES bounces and complaints, from the data stack's configuration set. */
  mailEventsTopic: sns.ITopic;
  adminUserPool: cognito.IUserPool;
  adminUserPoolClient: cognito.IUserPoolClient;
  adminSignInUrl: string;
  /** The CloudFront-scoped WAF web ACL from the edge stack (us-east-1). */
  webAclArn: string;
}

export class ApiStack extends Stack {
  readonly webApi: WebApi;
  readonly outbox: Outbox;
  readonly matchingJobs: MatchingJobs;
  readonly mailEvents: MailEvents;
  readonly alarmTopic: sns.Topic;
  readonly site: SiteDistribution;
  readonly dashboard: ServiceDashboard;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    // The web ACL ARN comes from us-east-1; CDK carries it across via SSM parameters.
    super(scope, id, { ...props, crossRegionReferences: true });
    // Strong (CloudFormation exports; SSM-backed custom resources across
    // regions): CloudFormation then refuses to remove anything from the data
    // stack that this stack still uses. Removing one takes two deploys (docs/deploy.md).
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { config } = props;

    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Mentor Match alarms',
      masterKey: props.notificationsKey,
      enforceSSL: true,
    });
    this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));

    this.webApi = new WebApi(this, 'Web', {
      config,
      routes: props.routes,
      resources: props.resources,
      adminUserPool: props.adminUserPool,
      adminUserPoolClient: props.adminUserPoolClient,
      adminSignInUrl: props.adminSignInUrl,
    });
    this.outbox = new Outbox(this, 'Outbox', {
      config,
      table: props.table,
      resources: props.resources,
      alarmTopic: this.alarmTopic,
    });
    this.matchingJobs = new MatchingJobs(this, 'Matching', {
      config,
      resources: props.resources,
      alarmTopic: this.alarmTopic,
    });
    this.mailEvents = new MailEvents(this, 'MailEvents', {
      config,
      resources: props.resources,
      topic: props.mailEventsTopic,
      alarmTopic: this.alarmTopic,
    });
    this.dashboard = new ServiceDashboard(this, 'Metrics', { config });
    this.site = new SiteDistribution(this, 'Site', { config, api: this.webApi.api, webAclArn: props.webAclArn });

    new CfnOutput(this, 'SiteUrl', {
      description: 'Public URL (CloudFront); baseUrl should point here',
      value: `https://${this.site.distribution.distributionDomainName}`,
    });
    new CfnOutput(this, 'ApiUrl', {
      description: 'Origin URL (bypasses WAF; for smoke tests only)',
      value: this.webApi.stage.url,
    });
  }
}
