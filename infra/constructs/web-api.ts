/**
 * The HTTP API: one Lambda per surface of functions/routes.ts (public pages,
 * public API, email-link actions, admin), each granted the union of its
 * routes' permissions and nothing more, a throttled $default stage and JSON
 * access logs. The admin API's routes sit behind the Cognito JWT authorizer
 * (and the admin function verifies the token and the group itself). The same
 * routes.ts drives the local dev server, so the two cannot drift.
 */
import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type AnyRoute, type Permission, SURFACES, type Surface } from '../../functions/http/types';
import { ASSET_FILES } from '../../functions/web/asset-files';
import { ENV } from '../../shared/config/env';
import type { DeployConfig } from '../config';
import { AppFunction } from './app-function';
import { bindPermissions, type AppResources } from './permissions';

/** The parts of a Route that infrastructure needs (the handler itself is bundled, not imported). */
export type RouteSpec = Pick<AnyRoute, 'id' | 'surface' | 'method' | 'path' | 'access' | 'permissions'>;

/** Where the assets function finds the static files inside its bundle. */
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

export function surfaceEntry(surface: Surface): string {
  return `functions/${surface}.lambda.ts`;
}

/** The admin API sits behind the JWT authorizer; the admin pages use the session cookie, which it cannot read. */
export function isAuthorizedAtGateway(route: Pick<RouteSpec, 'access' | 'path'>): boolean {
  return route.access === 'admin' && route.path.startsWith('/api/admin/');
}

/** What the function of a surface may touch: the union of its routes' permissions. */
export function surfacePermissions(routes: readonly RouteSpec[], surface: Surface): Permission[] {
  return [...new Set(routes.filter((r) => r.surface === surface).flatMap((r) => r.permissions))].sort();
}

const SURFACE_DESCRIPTIONS: Record<Surface, string> = {
  pages: 'Public pages: start, application forms, check your email, privacy, static assets',
  api: 'Public JSON API: health, reference data, profile submission',
  links: 'Pages behind email links: confirm, update, erase, accept, decline, end, pause, resume, feedback',
  admin: 'Admin pages and API (Cognito sign-in, admins group)',
};

/** The static assets (functions/web/asset-files.ts, the one list), copied under assets/ beside the pages function's bundle. */
const GOVUK_ASSET_FILES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(ASSET_FILES).map(([name, source]) => [`assets/${name}`, source]),
);

export interface WebApiProps {
  config: DeployConfig;
  routes: readonly RouteSpec[];
  resources: AppResources;
  adminUserPool: cognito.IUserPool;
  adminUserPoolClient: cognito.IUserPoolClient;
  /** Cognito's managed login domain, where admins sign in. */
  adminSignInUrl: string;
}

/** Where the admin function's verifier finds the user pool's tokens and keys. */
export function cognitoIssuer(region: string, userPoolId: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

export class WebApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  /** By surface, for tests and alarms. */
  readonly functions: ReadonlyMap<Surface, AppFunction>;

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
    const functions = new Map<Surface, AppFunction>();
    for (const surface of SURFACES) {
      if (!props.routes.some((r) => r.surface === surface)) continue;
      // The pages function also serves the static assets, so they travel in its bundle.
      const servesAssets = surface === 'pages';
      const fn = new AppFunction(functionsScope, surface, {
        entry: surfaceEntry(surface),
        config,
        description: SURFACE_DESCRIPTIONS[surface],
        environment: {
          ...(servesAssets ? { [ENV.ASSETS_DIR]: LAMBDA_ASSETS_DIR } : {}),
          ...(surface === 'admin'
            ? {
                [ENV.ADMIN_TOKEN_ISSUER]: cognitoIssuer(Stack.of(this).region, props.adminUserPool.userPoolId),
                [ENV.ADMIN_TOKEN_AUDIENCE]: props.adminUserPoolClient.userPoolClientId,
                [ENV.ADMIN_SIGN_IN_URL]: props.adminSignInUrl,
              }
            : {}),
        },
        files: servesAssets ? GOVUK_ASSET_FILES : undefined,
      });
      bindPermissions(fn, surfacePermissions(props.routes, surface), props.resources);
      functions.set(surface, fn);
    }

    const integrations = new Map<Surface, HttpLambdaIntegration>();
    const integrationOf = (surface: Surface) => {
      let integration = integrations.get(surface);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${surface}Integration`, functions.get(surface)!);
        integrations.set(surface, integration);
      }
      return integration;
    };
    for (const route of props.routes) {
      const authorized = isAuthorizedAtGateway(route);
      const [httpRoute] = this.api.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration: integrationOf(route.surface),
        authorizer: authorized ? adminAuthorizer : undefined,
      });
      if (!authorized && httpRoute) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            route.access === 'admin'
              ? 'Admin pages: the browser carries the Cognito ID token in an HttpOnly session cookie, which the JWT authorizer cannot read; the admin function verifies it and the admins group on every request.'
              : 'Public by design: the profile form, static assets and email action pages. Actions are authorised by single-use HMAC-signed tokens checked in the handler.',
        });
      }
    }
    this.functions = functions;
  }
}
