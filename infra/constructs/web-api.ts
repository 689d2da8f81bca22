/**
 * The HTTP API: one Lambda per route in functions/routes.ts (each with only
 * the permissions its route declares), a throttled $default stage and JSON
 * access logs. The same routes.ts drives the local dev server, so the two
 * cannot drift.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Route } from '../../functions/http/types';
import { ENV } from '../../shared/config/env';
import type { DeployConfig } from '../config';
import { AppFunction } from './app-function';
import { bindPermissions, type AppResources } from './permissions';

/** The parts of a Route that infrastructure needs (the handler itself is bundled, not imported). */
export type RouteSpec = Pick<Route, 'id' | 'feature' | 'method' | 'path' | 'permissions'>;

/** Where the assets function finds govuk-frontend's files inside its bundle. */
export const LAMBDA_ASSETS_DIR = '/var/task/assets';

/**
 * routeKey, not path: action tokens travel in query strings and paths carry
 * ids, and neither belongs in logs kept for three months.
 */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
  }),
);

export function lambdaEntry(route: Pick<RouteSpec, 'feature' | 'id'>): string {
  return `functions/${route.feature}/${route.id}.lambda.ts`;
}

/** Admin routes sit behind the Cognito authorizer; every other route is public by design. */
export function isAdminRoute(route: Pick<RouteSpec, 'feature' | 'path'>): boolean {
  return route.feature === 'admin' || route.path === '/admin' || route.path.startsWith('/admin/');
}

/** govuk-frontend's CSS, JS, fonts and images, copied next to the assets function's bundle. */
const copyGovukAssets: ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir, outputDir) => {
    const dist = `${inputDir}/node_modules/govuk-frontend/dist/govuk`;
    const target = `${outputDir}/assets`;
    return [
      `mkdir -p "${target}"`,
      `cp "${dist}/govuk-frontend.min.css" "${dist}/govuk-frontend.min.js" "${target}/"`,
      `cp -r "${dist}/assets/." "${target}/"`,
    ];
  },
};

export interface WebApiProps {
  config: DeployConfig;
  routes: readonly RouteSpec[];
  resources: AppResources;
  adminUserPool: cognito.IUserPool;
  adminUserPoolClient: cognito.IUserPoolClient;
}

export class WebApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  /** By route id, for tests and alarms. */
  readonly functions: ReadonlyMap<string, AppFunction>;

  constructor(scope: Construct, id: string, props: WebApiProps) {
    super(scope, id);
    const { config } = props;

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: config.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.api = new apigwv2.HttpApi(this, 'Api', {
      apiName: 'mentor-match',
      description: 'Mentor Match web pages, forms and action links',
      // The default stage cannot take throttling or access logs; ours below can.
      createDefaultStage: false,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: config.apiThrottle,
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
    });

    const adminAuthorizer = new HttpUserPoolAuthorizer('AdminAuthorizer', props.adminUserPool, {
      userPoolClients: [props.adminUserPoolClient],
    });
    const functionsScope = new Construct(this, 'Functions');
    const functions = new Map<string, AppFunction>();
    for (const route of props.routes) {
      const isAssets = route.feature === 'web' && route.id === 'assets';
      const fn = new AppFunction(functionsScope, route.id, {
        entry: lambdaEntry(route),
        config,
        description: `${route.method} ${route.path}`,
        environment: isAssets ? { [ENV.ASSETS_DIR]: LAMBDA_ASSETS_DIR } : undefined,
        commandHooks: isAssets ? copyGovukAssets : undefined,
      });
      bindPermissions(fn, route.permissions, props.resources);
      functions.set(route.id, fn);

      const admin = isAdminRoute(route);
      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${route.id}Integration`, fn),
        authorizer: admin ? adminAuthorizer : undefined,
      });
      if (!admin && httpRoute) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Public by design: the profile form, static assets and email action pages. Actions are authorised by single-use HMAC-signed tokens checked in the handler.',
        });
      }
    }
    this.functions = functions;
  }
}
