/**
 * Targeted assertions on the synthesised templates: the table's shape, what
 * each function may do and is told, the API's routes and limits, the outbox
 * wiring, the matching schedules and the SES bounce/complaint subscriber. Bundling is skipped here (the synth test bundles for real).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Permission, SURFACES, type Surface } from '../../functions/http/types';
import { routes } from '../../functions/routes';
import { loadConfig } from '../../infra/config';
import { PROJECT_ROOT, SERVICE_NAME } from '../../infra/constructs/app-function';
import { SES_EVENTS_ENTRY } from '../../infra/constructs/mail-events';
import { cognitoIssuer, isAuthorizedAtGateway, LAMBDA_ASSETS_DIR, surfaceEntry } from '../../infra/constructs/web-api';
import { TABLE_DEFINITION } from '../../shared/adapters/dynamodb/table-definition';
import { ENV } from '../../shared/config/env';
import {
  actionsOf,
  asList,
  buildApp,
  environmentOf,
  logicalId,
  roleStatements,
  synth,
  type Synthesised,
} from './support';

let s: Synthesised;
beforeAll(() => {
  s = synth({ bundle: false });
});

interface AppFunctionUnderTest {
  name: string;
  fn: lambda.Function;
  permissions: readonly Permission[];
  assets: boolean;
  /** Gets the admin token verifier's settings. */
  admin: boolean;
  /** Env vars it has besides those its permissions bring. */
  env: string[];
  /** Seconds. */
  timeout: number;
}

/** The union of the permissions of a surface's routes, worked out here from routes.ts. */
function permissionsOfSurface(surface: Surface): Permission[] {
  const union = new Set<Permission>();
  for (const route of routes) if (route.surface === surface) for (const p of route.permissions) union.add(p);
  return [...union];
}

/** Every function the app deploys, with the permissions it declares (written out here, not read from the constructs). */
function appFunctions(): AppFunctionUnderTest[] {
  const { webApi, outbox, matchingJobs, mailEvents } = s.stacks.api;
  const background = (name: string, fn: lambda.Function, permissions: readonly Permission[], timeout: number, env: string[] = []) => ({
    name,
    fn,
    permissions,
    assets: false,
    admin: false,
    timeout,
    env,
  });
  return [
    ...SURFACES.map((surface) => ({
      name: surface,
      fn: webApi.functions.get(surface)!,
      permissions: permissionsOfSurface(surface),
      assets: surface === 'pages',
      admin: surface === 'admin',
      timeout: 10,
      env: [] as string[],
    })),
    // Placing a received submission signs its email's links (shared/app/intake.ts).
    background('send-outbox', outbox.sender, ['table:write', 'mail:send', 'signing-key'], 30),
    background('run-round', matchingJobs.runRound, ['table:write', 'signing-key'], 300),
    background('proposal-deadlines', matchingJobs.proposalDeadlines, ['table:write', 'signing-key'], 120),
    background('ses-events', mailEvents.handler, ['table:write'], 10),
    background('weekly-summary', matchingJobs.weeklySummary, ['table:write'], 60, [ENV.ADMIN_EMAILS]),
  ];
}

/** The functions that must never send mail themselves: their emails go through the outbox, or they send none. */
const NEVER_SEND = ['run-round', 'proposal-deadlines', 'ses-events', 'weekly-summary'];

const TABLE_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const TABLE_READS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
/** Actions AWS offers no resource-level permission for; the only ones allowed on "*". */
const STAR_RESOURCE_ACTIONS = new Set([
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'ses:GetSendQuota',
  'dynamodb:ListStreams',
]);

describe('config', () => {
  it('defaults to dev in London with no context and no AWS environment', () => {
    const config = loadConfig(() => undefined, {});
    expect(config).toMatchObject({ envName: 'dev', region: 'eu-west-2', account: undefined });
  });

  it('ignores the CLI default region, which falls back to us-east-1', () => {
    expect(loadConfig(() => undefined, { CDK_DEFAULT_REGION: 'us-east-1' }).region).toBe('eu-west-2');
  });

  it('takes overrides from context and rejects unknown environments and bad values', () => {
    const context: Record<string, unknown> = { env: 'prod', domain: 'mm.example.org' };
    expect(loadConfig((k) => context[k], { CDK_DEFAULT_ACCOUNT: '123456789012' })).toMatchObject({
      envName: 'prod',
      domain: 'mm.example.org',
      account: '123456789012',
    });
    expect(() => loadConfig((k) => (k === 'env' ? 'staging' : undefined), {})).toThrow(/Unknown env "staging"/);
    expect(() => loadConfig((k) => (k === 'mailFrom' ? 'not-an-email' : undefined), {})).toThrow(/mailFrom/);
  });

  it('protects the prod stacks from termination but not dev', () => {
    const prod = buildApp({ bundle: false, context: { env: 'prod' } });
    expect(prod.stacks.data.terminationProtection).toBe(true);
    expect(s.stacks.data.terminationProtection).toBe(false);
  });
});

describe('data stack', () => {
  it('builds the table from TABLE_DEFINITION with PITR, encryption, TTL, stream and deletion protection', () => {
    s.data.resourceCountIs('AWS::DynamoDB::Table', 1);
    s.data.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        KeySchema: [
          { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
          { AttributeName: 'gsi1pk', AttributeType: 'S' },
          { AttributeName: 'gsi1sk', AttributeType: 'S' },
        ]),
        GlobalSecondaryIndexes: [
          {
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: TABLE_DEFINITION.ttlAttribute, Enabled: true },
        StreamSpecification: { StreamViewType: TABLE_DEFINITION.streamView },
        DeletionProtectionEnabled: true,
      },
    });
  });

  it('generates a 64-character signing key without punctuation and keeps it', () => {
    s.data.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: { GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true } },
    });
  });

  it('sends through a configuration set with reputation metrics that reports bounces and complaints to SNS', () => {
    s.data.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: s.config.domain,
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: Match.anyValue() } },
    });
    s.data.hasResourceProperties('AWS::SES::ConfigurationSet', {
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
    s.data.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: { Ref: logicalId(s.stacks.data.mailEventsTopic) } },
      },
    });
  });

  it('has an admin user pool with required MFA, no self sign-up and an admins group', () => {
    s.data.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
    s.data.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'admins' });
  });
});

describe('functions', () => {
  it('groups the routes into one Lambda per surface built from functions/<surface>.lambda.ts, at most 10 functions in all', () => {
    expect(new Set(routes.map((r) => r.id)).size).toBe(routes.length);
    for (const surface of SURFACES) {
      expect(s.stacks.api.webApi.functions.get(surface), surface).toBeDefined();
      expect(surfaceEntry(surface)).toBe(`functions/${surface}.lambda.ts`);
      expect(existsSync(join(PROJECT_ROOT, surfaceEntry(surface))), surface).toBe(true);
    }
    expect(appFunctions().length).toBeLessThanOrEqual(10);
  });

  it('serves the journey start → form → check your email → confirm from at most 2 functions', () => {
    const journey = ['GET /', 'GET /apply/{role}', 'POST /apply/{role}', 'GET /check-email', 'GET /assets/{proxy+}', 'GET /confirm-email', 'POST /confirm-email'];
    const surfaces = new Set(journey.map((key) => routes.find((r) => `${r.method} ${r.path}` === key)!.surface));
    expect(surfaces.size).toBeLessThanOrEqual(2);
  });

  it('runs every function on Node.js 22+ arm64 with JSON logs to a log group with retention, and tracing', () => {
    const all = s.api.findResources('AWS::Lambda::Function');
    const logGroups = s.api.findResources('AWS::Logs::LogGroup');
    for (const { name, fn } of appFunctions()) {
      const props = all[logicalId(fn)]!.Properties;
      expect(Number(/^nodejs(\d+)\.x$/.exec(props.Runtime)?.[1]), name).toBeGreaterThanOrEqual(22);
      expect(props.Architectures, name).toEqual(['arm64']);
      // The round's writes are CPU-bound and Lambda gives CPU with memory; every other function needs no more than 512 MB.
      expect(props.MemorySize, name).toBe(fn === s.stacks.api.matchingJobs.runRound ? 2048 : 512);
      expect(props.TracingConfig, name).toEqual({ Mode: 'Active' });
      expect(props.LoggingConfig.LogFormat, name).toBe('JSON');
      const logGroupId = props.LoggingConfig.LogGroup.Ref as string;
      expect(logGroups[logGroupId]?.Properties.RetentionInDays, name).toBeGreaterThan(0);
      expect(props.Environment.Variables.NODE_OPTIONS, name).toBe('--enable-source-maps');
    }
    // Nothing else deploys a function except CDK's own cross-region reference reader.
    const others = Object.keys(all).filter((id) => !appFunctions().some(({ fn }) => logicalId(fn) === id));
    expect(others.every((id) => id.startsWith('CustomCrossRegionExportReader'))).toBe(true);
  });

  it('gives HTTP functions 10 s, the outbox 30 s, and the round 5 minutes (inside its 6-minute lease)', () => {
    const all = s.api.findResources('AWS::Lambda::Function');
    for (const { name, fn, timeout } of appFunctions()) {
      expect(all[logicalId(fn)]!.Properties.Timeout, name).toBe(timeout);
    }
  });

  it("sets each function's env vars from exactly its permissions", () => {
    for (const { name, fn, permissions, assets, admin, env: extra } of appFunctions()) {
      const expected = [ENV.BASE_URL, ENV.MAIL_FROM, ENV.SERVICE_NAME, ENV.LOG_LEVEL, 'NODE_OPTIONS'];
      if (permissions.includes('table:read') || permissions.includes('table:write')) expected.push(ENV.TABLE_NAME);
      if (permissions.includes('signing-key')) expected.push(ENV.SIGNING_KEY_SECRET_ARN);
      if (permissions.includes('mail:send')) expected.push(ENV.SES_CONFIGURATION_SET);
      if (assets) expected.push(ENV.ASSETS_DIR);
      if (admin) expected.push(ENV.ADMIN_TOKEN_ISSUER, ENV.ADMIN_TOKEN_AUDIENCE, ENV.ADMIN_SIGN_IN_URL);
      expected.push(...extra);
      const env = environmentOf(s.api, fn);
      expect(Object.keys(env).sort(), name).toEqual(expected.sort());
      expect(env[ENV.SERVICE_NAME]).toBe('mentor-match');
      expect(env[ENV.BASE_URL]).toBe(s.config.baseUrl);
      if (assets) expect(env[ENV.ASSETS_DIR]).toBe(LAMBDA_ASSETS_DIR);
      if (admin) expect(JSON.stringify(env[ENV.ADMIN_TOKEN_ISSUER])).toContain('https://cognito-idp.');
    }
  });

  it("grants each function exactly the AWS actions its permissions need", () => {
    for (const { name, fn, permissions } of appFunctions()) {
      const actions = actionsOf(roleStatements(s.api, fn));
      const has = (p: Permission) => permissions.includes(p);
      const canRead = has('table:read') || has('table:write');
      for (const a of TABLE_READS) expect(actions.has(a), `${name} ${a}`).toBe(canRead);
      for (const a of TABLE_WRITES) expect(actions.has(a), `${name} ${a}`).toBe(has('table:write'));
      expect(actions.has('ses:SendEmail'), `${name} ses:SendEmail`).toBe(has('mail:send'));
      expect(actions.has('ses:SendRawEmail'), `${name} ses:SendRawEmail`).toBe(has('mail:send'));
      expect(actions.has('ses:GetSendQuota'), `${name} ses:GetSendQuota`).toBe(has('mail:status'));
      expect(actions.has('secretsmanager:GetSecretValue'), `${name} secret`).toBe(has('signing-key'));
    }
  });

  it('lets the matching jobs and the SES subscriber write the table but never send mail, scan or read the SES quota', () => {
    const fns = appFunctions().filter((f) => NEVER_SEND.includes(f.name));
    expect(fns.map((f) => f.name).sort()).toEqual([...NEVER_SEND].sort());
    for (const { name, fn } of fns) {
      const actions = actionsOf(roleStatements(s.api, fn));
      expect([...actions].filter((a) => a.startsWith('ses:')), name).toEqual([]);
      expect(actions.has('dynamodb:Scan'), name).toBe(false);
      for (const a of [...TABLE_READS, ...TABLE_WRITES]) expect(actions.has(a), `${name} ${a}`).toBe(true);
      expect(environmentOf(s.api, fn)[ENV.SES_CONFIGURATION_SET], name).toBeUndefined();
    }
    // The round and deadlines sign accept/decline/pause links; the SES subscriber has no use for the key.
    const secretReaders = fns.filter(({ fn }) => actionsOf(roleStatements(s.api, fn)).has('secretsmanager:GetSecretValue'));
    expect(secretReaders.map((f) => f.name).sort()).toEqual(['proposal-deadlines', 'run-round']);
  });

  it('lets no HTTP function send mail: every email a request causes goes through the outbox', () => {
    for (const surface of SURFACES) {
      const actions = actionsOf(roleStatements(s.api, s.stacks.api.webApi.functions.get(surface)!));
      expect([...actions].filter((a) => a.startsWith('ses:Send')), surface).toEqual([]);
    }
  });

  it('grants no service wildcards, no Scan, and "*" resources only for actions that have no ARN', () => {
    const statements = Object.values(s.api.findResources('AWS::IAM::Policy')).flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    for (const statement of statements) {
      const actions = asList(statement.Action);
      for (const action of actions) {
        expect(action).not.toMatch(/^(\*|[a-z0-9-]+:\*)$/);
        expect(action).not.toBe('dynamodb:Scan');
      }
      if (asList(statement.Resource).includes('*')) {
        for (const action of actions) expect(STAR_RESOURCE_ACTIONS.has(action), action).toBe(true);
      }
    }
  });

  it('scopes sending to the SES identity and configuration set', () => {
    const senders = appFunctions().filter((f) => f.permissions.includes('mail:send'));
    expect(senders.length).toBeGreaterThan(0);
    for (const { name, fn } of senders) {
      const send = roleStatements(s.api, fn).find((st) => asList(st.Action).includes('ses:SendEmail'))!;
      const resources = JSON.stringify(send.Resource);
      expect(asList(send.Resource), name).toHaveLength(2);
      expect(resources, name).not.toContain('"*"');
      expect(resources, name).toContain('configuration-set/');
      expect(resources, name).toMatch(/MailIdentity/);
    }
  });
});

describe('HTTP API', () => {
  it('throttles the default stage and logs JSON access lines by route key, without paths or query strings', () => {
    s.api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingBurstLimit: s.config.apiThrottle.burstLimit,
        ThrottlingRateLimit: s.config.apiThrottle.rateLimit,
      },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
    });
    const stage = Object.values(s.api.findResources('AWS::ApiGatewayV2::Stage'))[0]!;
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format as string) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey' });
    expect(Object.values(format).join(' ')).not.toMatch(/\$context\.path|querystring|rawQueryString/i);
  });

  it("has exactly the routes in functions/routes.ts, each integrated with its surface's function", () => {
    const apiRoutes = s.api.findResources('AWS::ApiGatewayV2::Route');
    const integrations = s.api.findResources('AWS::ApiGatewayV2::Integration');
    expect(Object.keys(apiRoutes)).toHaveLength(routes.length);
    for (const route of routes) {
      const found = Object.values(apiRoutes).find((r) => r.Properties.RouteKey === `${route.method} ${route.path}`);
      expect(found, `${route.method} ${route.path}`).toBeDefined();
      const integrationId = (found!.Properties.Target['Fn::Join'][1] as unknown[])[1] as { Ref: string };
      const uri = integrations[integrationId.Ref]!.Properties.IntegrationUri;
      expect(uri).toEqual({ 'Fn::GetAtt': [logicalId(s.stacks.api.webApi.functions.get(route.surface)!), 'Arn'] });
      expect(found!.Properties.AuthorizationType ?? 'NONE').toBe(isAuthorizedAtGateway(route) ? 'JWT' : 'NONE');
    }
  });

  it('deploys the match action pages and actions from routes.ts as public routes with the table and signing key, never mail', () => {
    const apiRoutes = Object.values(s.api.findResources('AWS::ApiGatewayV2::Route'));
    for (const action of ['accept', 'decline', 'end', 'pause', 'resume', 'feedback']) {
      for (const [method, id] of [['GET', `${action}-page`], ['POST', action]] as const) {
        const route = routes.find((r) => r.id === id);
        expect(route, id).toMatchObject({ surface: 'links', access: 'link', link: action, method, path: `/${action}` });
        const deployed = apiRoutes.find((r) => r.Properties.RouteKey === `${method} /${action}`);
        expect(deployed?.Properties.AuthorizationType ?? 'NONE', id).toBe('NONE');
        const actions = actionsOf(roleStatements(s.api, s.stacks.api.webApi.functions.get('links')!));
        expect(actions.has('dynamodb:UpdateItem'), id).toBe(true);
        expect(actions.has('secretsmanager:GetSecretValue'), id).toBe(true);
        expect(actions.has('ses:SendEmail'), id).toBe(false);
      }
    }
  });

  it('puts the JWT authorizer on every admin API route and only there', () => {
    const adminApi = routes.filter((r) => r.path.startsWith('/api/admin/'));
    expect(adminApi.length).toBeGreaterThan(0);
    for (const route of adminApi) expect(route.access, route.id).toBe('admin');
    expect(isAuthorizedAtGateway({ access: 'admin', path: '/api/admin/rounds' })).toBe(true);
    expect(isAuthorizedAtGateway({ access: 'admin', path: '/admin' })).toBe(false);
    expect(isAuthorizedAtGateway({ access: 'public', path: '/api/admin-guide' })).toBe(false);
    const authorizers = Object.values(s.api.findResources('AWS::ApiGatewayV2::Authorizer'));
    expect(authorizers).toHaveLength(1);
    expect(authorizers[0]!.Properties).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
    expect(cognitoIssuer('eu-west-2', 'pool')).toBe('https://cognito-idp.eu-west-2.amazonaws.com/pool');
  });

  it('serves the site through CloudFront with the us-east-1 WAF rate rules attached', () => {
    expect(s.stacks.edge.region).toBe('us-east-1');
    expect(s.stacks.api.region).toBe(s.config.region);
    s.edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'RateLimitPostsPerIp',
          Action: { Block: {} },
          Statement: { RateBasedStatement: Match.objectLike({ Limit: s.config.wafRateLimits.posts, AggregateKeyType: 'IP' }) },
        }),
        Match.objectLike({
          Name: 'RateLimitAllPerIp',
          Statement: { RateBasedStatement: Match.objectLike({ Limit: s.config.wafRateLimits.all }) },
        }),
      ]),
    });
    s.api.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        WebACLId: Match.anyValue(),
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
      }),
    });
  });
});

describe('outbox', () => {
  it('consumes PENDING outbox items and new submissions from the table stream in one mapping, with bisect, partial failures and a DLQ', () => {
    const { outbox } = s.stacks.api;
    s.api.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: logicalId(outbox.sender) },
      EventSourceArn: Match.anyValue(),
      StartingPosition: 'LATEST',
      BatchSize: 10,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: Match.anyValue(),
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(outbox.deadLetterQueue), 'Arn'] } },
      },
      FilterCriteria: { Filters: [{ Pattern: Match.anyValue() }, { Pattern: Match.anyValue() }] },
    });
    // One reader of the stream: DynamoDB serves at most two a shard.
    const mappings = Object.values(s.api.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(1);
    const [outboxPattern, submissionPattern] = (mappings[0]!.Properties.FilterCriteria.Filters as { Pattern: string }[]).map((f) => JSON.parse(f.Pattern));
    expect(outboxPattern.dynamodb.NewImage).toEqual({ type: { S: ['outbox'] }, data: { M: { status: { S: ['PENDING'] } } } });
    expect(submissionPattern).toEqual({ eventName: ['INSERT'], dynamodb: { NewImage: { type: { S: ['submission'] } } } });
  });

  it('encrypts the DLQ, refuses plain HTTP to it and alarms to SNS as soon as it holds a message', () => {
    const { outbox, alarmTopic } = s.stacks.api;
    s.api.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    s.api.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    s.api.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(outbox.deadLetterQueue), 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: logicalId(alarmTopic) }],
    });
    s.api.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: s.config.alarmEmail });
  });

  it('runs the sweeper every five minutes with EventBridge Scheduler', () => {
    s.api.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId(s.stacks.api.outbox.sender), 'Arn'] } }),
    });
  });

  it('alarms on any email that ends FAILED, from the EmailsFailed metric the sender writes (MentorMatch, service dimension)', () => {
    const { alarmTopic } = s.stacks.api;
    s.api.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'MentorMatch',
      MetricName: 'EmailsFailed',
      Dimensions: [{ Name: 'service', Value: SERVICE_NAME }],
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: logicalId(alarmTopic) }],
    });
    // The log-line metric filter it replaced is gone: one way to count failed emails.
    s.api.resourceCountIs('AWS::Logs::MetricFilter', 0);
  });
});

describe('matching jobs', () => {
  const jobs = () => {
    const { matchingJobs } = s.stacks.api;
    return [
      { name: 'run-round', fn: matchingJobs.runRound, expression: s.config.schedules.matchingRound, asyncRetries: 1 },
      { name: 'proposal-deadlines', fn: matchingJobs.proposalDeadlines, expression: s.config.schedules.proposalDeadlines, asyncRetries: 2 },
      { name: 'weekly-summary', fn: matchingJobs.weeklySummary, expression: s.config.schedules.weeklySummary, asyncRetries: 2 },
    ];
  };

  it('runs the round daily at 07:00 London time and the deadlines hourly by default', () => {
    expect(s.config.schedules).toEqual({
      matchingRound: 'cron(0 7 * * ? *)',
      proposalDeadlines: 'rate(1 hour)',
      weeklySummary: 'cron(0 8 ? * MON *)',
      timeZone: 'Europe/London',
    });
  });

  it('invokes each job from its own EventBridge Scheduler schedule with retries and the jobs DLQ', () => {
    const { matchingJobs } = s.stacks.api;
    for (const { name, fn, expression } of jobs()) {
      s.api.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: expression,
        ScheduleExpressionTimezone: 'Europe/London',
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: { 'Fn::GetAtt': [logicalId(fn), 'Arn'] },
          RoleArn: Match.anyValue(),
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: Match.anyValue() },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(matchingJobs.deadLetterQueue), 'Arn'] } },
        },
      });
      expect(environmentOf(s.api, fn)[ENV.TABLE_NAME], name).toBeDefined();
    }
  });

  it("lets each schedule's role invoke only its own function and write only to the jobs DLQ", () => {
    const schedules = Object.values(s.api.findResources('AWS::Scheduler::Schedule'));
    const roles = s.api.findResources('AWS::IAM::Role');
    const policies = Object.values(s.api.findResources('AWS::IAM::Policy'));
    for (const { name, fn } of jobs()) {
      const schedule = schedules.find((x) => JSON.stringify(x.Properties.Target.Arn).includes(logicalId(fn)))!;
      const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
      expect(JSON.stringify(roles[roleId]!.Properties.AssumeRolePolicyDocument), name).toContain('scheduler.amazonaws.com');
      const statements = policies
        .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
      const byAction = Object.fromEntries(statements.flatMap((st) => asList(st.Action).map((a) => [a, JSON.stringify(st.Resource)])));
      expect(Object.keys(byAction).sort(), name).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
      expect(byAction['lambda:InvokeFunction'], name).toContain(logicalId(fn));
      expect(byAction['sqs:SendMessage'], name).toContain(logicalId(s.stacks.api.matchingJobs.deadLetterQueue));
    }
  });

  it('bounds Lambda retries of a failed run and alarms on any error of either job', () => {
    const { alarmTopic } = s.stacks.api;
    for (const { fn, asyncRetries } of jobs()) {
      s.api.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalId(fn) },
        MaximumRetryAttempts: asyncRetries,
      });
      s.api.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(fn) } }],
        Statistic: 'Sum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: logicalId(alarmTopic) }],
      });
    }
  });

  it('alarms as soon as the jobs DLQ holds a missed invocation', () => {
    const { matchingJobs, alarmTopic } = s.stacks.api;
    s.api.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(matchingJobs.deadLetterQueue), 'QueueName'] } }],
      Threshold: 0,
      AlarmActions: [{ Ref: logicalId(alarmTopic) }],
    });
  });

  it('takes the round schedule from context', () => {
    const context: Record<string, unknown> = { matchingRoundSchedule: 'cron(30 6 ? * MON-FRI *)' };
    expect(loadConfig((k) => context[k], {}).schedules).toMatchObject({ matchingRound: 'cron(30 6 ? * MON-FRI *)', proposalDeadlines: 'rate(1 hour)' });
    expect(() => loadConfig((k) => (k === 'matchingRoundSchedule' ? 'daily at 7' : undefined), {})).toThrow(/schedules\.matchingRound/);
  });
});

describe('metrics', () => {
  it('alarms when a round could not prove its assignment optimal (RoundProven below 1)', () => {
    s.api.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'MentorMatch',
      MetricName: 'RoundProven',
      Dimensions: [{ Name: 'service', Value: SERVICE_NAME }],
      Statistic: 'Minimum',
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: logicalId(s.stacks.api.alarmTopic) }],
    });
  });

  it('has a dashboard with a widget for round proposals, duration and proof, proposals expired and emails failed', () => {
    const dashboards = Object.values(s.api.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    // The body is a CloudFormation Fn::Join of strings and tokens; its literal parts are enough to find each metric.
    const body = JSON.stringify(dashboards[0]!.Properties.DashboardBody);
    const widgets = body.split('"type\\":\\"metric\\"').slice(1);
    const widgetWith = (metric: string) => widgets.filter((w) => w.includes(`\\"${metric}\\"`));
    for (const metric of ['RoundProposals', 'RoundDuration', 'RoundProven', 'ProposalsExpired', 'EmailsFailed']) {
      expect(widgetWith(metric), metric).toHaveLength(1);
    }
    expect(body).toContain('MentorMatch');
  });
});

describe('SES bounces and complaints', () => {
  it("subscribes the ses-events function to the data stack's MailEvents topic with an SQS DLQ", () => {
    const { mailEvents } = s.stacks.api;
    const subscriptions = Object.values(s.api.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'lambda' } }));
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]!.Properties).toEqual({
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [logicalId(mailEvents.handler), 'Arn'] },
      TopicArn: { 'Fn::ImportValue': expect.any(String) },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(mailEvents.deadLetterQueue), 'Arn'] } },
    });
    const exported = subscriptions[0]!.Properties.TopicArn['Fn::ImportValue'] as string;
    expect(exported).toContain(logicalId(s.stacks.data.mailEventsTopic));
    expect(existsSync(join(PROJECT_ROOT, SES_EVENTS_ENTRY))).toBe(true);
  });

  it('lets only that topic invoke the function and drop undeliverable messages into the DLQ', () => {
    const { mailEvents } = s.stacks.api;
    s.api.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [logicalId(mailEvents.handler), 'Arn'] },
      Principal: 'sns.amazonaws.com',
      SourceArn: { 'Fn::ImportValue': Match.anyValue() },
    });
    s.api.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(mailEvents.deadLetterQueue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Principal: { Service: 'sns.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::ImportValue': Match.anyValue() } } },
          }),
        ]),
      },
    });
  });

  it('parks notifications the function failed on after two retries in the same DLQ, which alarms', () => {
    const { mailEvents, alarmTopic } = s.stacks.api;
    s.api.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(mailEvents.handler) },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(mailEvents.deadLetterQueue), 'Arn'] } } },
    });
    s.api.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 86_400 });
    s.api.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(mailEvents.deadLetterQueue), 'QueueName'] } }],
      AlarmActions: [{ Ref: logicalId(alarmTopic) }],
    });
  });
});
