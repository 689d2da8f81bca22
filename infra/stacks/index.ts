/**
 * Builds the app for one environment: infra/app.ts synthesises it, and
 * tests/infra builds it the same way, so what is tested is what deploys.
 */
import { App, Tags, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { routes } from '../../functions/routes';
import { loadConfig, type DeployConfig } from '../config';
import { SERVICE_NAME } from '../constructs/app-function';
import type { RouteSpec } from '../constructs/web-api';
import { ApiStack } from './api-stack';
import { DataStack } from './data-stack';
import { EDGE_REGION, EdgeStack } from './edge-stack';

export interface MentorMatchStacks {
  data: DataStack;
  edge: EdgeStack;
  api: ApiStack;
}

function buildStacks(app: App, config: DeployConfig, routes: readonly RouteSpec[]): MentorMatchStacks {
  const prefix = `MentorMatch-${config.envName}`;
  const env = { account: config.account, region: config.region };

  const data = new DataStack(app, `${prefix}-Data`, {
    env,
    config,
    description: 'Mentor Match stateful resources: table, SES identity, signing key, admin user pool (retained)',
  });
  const edge = new EdgeStack(app, `${prefix}-Edge`, {
    env: { account: config.account, region: EDGE_REGION },
    config,
    description: 'Mentor Match WAF web ACL for CloudFront (must be in us-east-1)',
  });
  const api = new ApiStack(app, `${prefix}-Api`, {
    env,
    config,
    routes,
    table: data.table,
    resources: data.resources,
    notificationsKey: data.notificationsKey,
    mailEventsTopic: data.mailEventsTopic,
    adminUserPool: data.adminUserPool,
    adminUserPoolClient: data.adminUserPoolClient,
    adminSignInUrl: data.adminSignInUrl,
    webAclArn: edge.webAclArn,
    description: 'Mentor Match functions, HTTP API, CloudFront, outbox sender, schedules and alarms',
  });

  for (const stack of [data, edge, api]) {
    Tags.of(stack).add('service', SERVICE_NAME);
    Tags.of(stack).add('environment', config.envName);
    Tags.of(stack).add('data-classification', 'personal');
  }
  return { data, edge, api };
}

export interface CreateAppOptions extends AppProps {
  /** Where the account comes from (CDK_DEFAULT_ACCOUNT); tests pass {}. */
  processEnv?: Record<string, string | undefined>;
}

/**
 * The whole app with cdk-nag's AwsSolutions pack registered as a validation
 * plugin: synth fails on any finding that is neither fixed nor acknowledged
 * with a reason next to the construct it concerns.
 */
export function createApp(options: CreateAppOptions = {}): { app: App; config: DeployConfig; stacks: MentorMatchStacks } {
  const { processEnv, ...appProps } = options;
  const app = new App(appProps);
  const config = loadConfig((key) => app.node.tryGetContext(key), processEnv);
  const stacks = buildStacks(app, config, routes);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, config, stacks };
}
