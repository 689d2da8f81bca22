/**
 * The stateful stack: everything that holds data or identity and must survive
 * a redeploy or a deleted API stack. Resources here are retained; the API
 * stack receives them as typed props (CDK wires the cross-stack exports).
 */
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../../shared/adapters/dynamodb/table-definition';
import type { DeployConfig } from '../config';
import type { AppResources } from '../constructs/permissions';

export interface DataStackProps extends StackProps {
  config: DeployConfig;
}

export class DataStack extends Stack {
  readonly table: dynamodb.Table;
  readonly resources: AppResources;
  /** Encrypts the SNS topics; CloudWatch and SES may use it to publish. */
  readonly notificationsKey: kms.Key;
  /** SES publishes BOUNCE and COMPLAINT events here; the suppression feature subscribes. */
  readonly mailEventsTopic: sns.Topic;
  readonly adminUserPool: cognito.UserPool;
  readonly adminUserPoolClient: cognito.UserPoolClient;
  /** Cognito's managed login pages for admins (`https://<prefix>.auth.<region>.amazoncognito.com`). */
  readonly adminSignInUrl: string;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { ...props, terminationProtection: props.config.terminationProtection });
    const { config } = props;

    this.table = this.createTable();
    this.notificationsKey = this.createNotificationsKey();
    const { mail, topic } = this.createMail(config);
    this.mailEventsTopic = topic;

    const signingKey = new secretsmanager.Secret(this, 'SigningKey', {
      description: 'HMAC key that signs the action links in emails (confirm, accept, decline, end, erase).',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(signingKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating the HMAC key invalidates every outstanding email link, so rotation is a planned manual runbook step (docs/deploy.md), not an automatic schedule.',
    });

    this.resources = { table: this.table, signingKey, mail };
    ({ pool: this.adminUserPool, client: this.adminUserPoolClient, signInUrl: this.adminSignInUrl } =
      this.createAdminUserPool(config));

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'SigningKeySecretArn', { value: signingKey.secretArn });
    new CfnOutput(this, 'AdminUserPoolId', { value: this.adminUserPool.userPoolId });
    new CfnOutput(this, 'AdminSignInUrl', { value: this.adminSignInUrl });
  }

  private createTable(): dynamodb.Table {
    const { partitionKey, sortKey, ttlAttribute, globalIndexes, streamView } = TABLE_DEFINITION;
    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The AWS managed key (aws/dynamodb): encrypted at rest, key use logged
      // in CloudTrail, no key policy to get wrong and no way to lose the data
      // by scheduling a key for deletion. Erasure is per item (and PITR ages
      // out in 35 days), so crypto-shredding with a customer key buys nothing.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: ttlAttribute,
      stream: dynamodb.StreamViewType[streamView],
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of globalIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }

  private createNotificationsKey(): kms.Key {
    const key = new kms.Key(this, 'NotificationsKey', {
      description: 'Encrypts the SNS topics for SES bounce/complaint events and alarms (they carry email addresses).',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The AWS managed aws/sns key cannot be used here: its policy is fixed and
    // does not let CloudWatch alarms or SES publish to a topic encrypted with it.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        principals: [
          new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
          new iam.ServicePrincipal('ses.amazonaws.com'),
        ],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    return key;
  }

  private createMail(config: DeployConfig): { mail: AppResources['mail']; topic: sns.Topic } {
    const configurationSet = new ses.ConfigurationSet(this, 'MailConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      // Emails carry personal data and signed links; refuse to send them in clear.
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    const topic = new sns.Topic(this, 'MailEvents', {
      displayName: 'Mentor Match SES bounces and complaints',
      masterKey: this.notificationsKey,
      enforceSSL: true,
    });
    configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: ses.EventDestination.snsTopic(topic),
      events: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
    });

    const identity = new ses.EmailIdentity(this, 'MailIdentity', {
      identity: ses.Identity.domain(config.domain),
      configurationSet,
      // A custom MAIL FROM aligns SPF with the From domain, which DMARC checks.
      mailFromDomain: `bounce.${config.domain}`,
    });
    identity.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // The CNAMEs to publish in the domain's DNS before SES will send (docs/deploy.md).
    identity.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        description: `DKIM CNAME ${i + 1} for ${config.domain}`,
        value: Fn.join(' CNAME ', [record.name, record.value]),
      });
    });

    const mail = {
      identityArn: identity.emailIdentityArn,
      configurationSetName: configurationSet.configurationSetName,
      // The L2 construct does not expose its ARN.
      configurationSetArn: this.formatArn({
        service: 'ses',
        resource: 'configuration-set',
        resourceName: configurationSet.configurationSetName,
      }),
    };
    return { mail, topic };
  }

  /**
   * Admins sign in through Cognito; the API stack puts a JWT authorizer on
   * admin routes and handlers check the `admins` group claim. No self sign-up:
   * admins are invited (docs/deploy.md).
   */
  private createAdminUserPool(config: DeployConfig): { pool: cognito.UserPool; client: cognito.UserPoolClient; signInUrl: string } {
    const pool = new cognito.UserPool(this, 'AdminUserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pool.addGroup('AdminsGroup', { groupName: 'admins', description: 'Programme admins (Socitm).' });
    const client = pool.addClient('AdminWebClient', {
      generateSecret: false,
      preventUserExistenceErrors: true,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        callbackUrls: [`${config.baseUrl}/admin/auth/callback`],
        logoutUrls: [`${config.baseUrl}/admin/signed-out`],
      },
      accessTokenValidity: Duration.hours(1),
      // The admin pages keep the ID token as their session: an hour, then sign in again.
      idTokenValidity: Duration.hours(1),
    });
    // Cognito's managed login pages (with MFA), in Cognito's own look: no custom branding to maintain.
    const domain = pool.addDomain('AdminSignInDomain', {
      cognitoDomain: { domainPrefix: config.adminSignInDomainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    new cognito.CfnManagedLoginBranding(this, 'AdminSignInBranding', {
      userPoolId: pool.userPoolId,
      clientId: client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    return { pool, client, signInUrl: domain.baseUrl() };
  }
}
