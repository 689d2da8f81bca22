/**
 * The one way this app makes a Lambda function, so runtime, architecture,
 * logging, tracing and bundling are the same everywhere. What a function may
 * touch is added afterwards by bindPermissions (./permissions), which sets the
 * matching env var in the same step.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENV } from '../../shared/config/env';
import type { DeployConfig } from '../config';

/** The repository root: entries, package-lock.json and node_modules are found from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const SERVICE_NAME = 'mentor-match';

/**
 * Lambda runs Node's ESM loader on the .mjs bundle, but some dependencies
 * still call require() for Node built-ins; this gives them one.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface AppFunctionProps {
  /** Path relative to the repository root, as in `RUN_ROUND_ENTRY` (./matching-jobs.ts). */
  entry: string;
  config: DeployConfig;
  description?: string;
  /** Defaults to 10 s: an HTTP handler slower than that has a bug, not a need. */
  timeout?: Duration;
  /** Extra env vars that are not permissions (those come from bindPermissions). */
  environment?: Record<string, string>;
  /** Runs after esbuild, e.g. to copy static files next to the bundle. */
  commandHooks?: ICommandHooks;
}

export class AppFunction extends NodejsFunction {
  /** The function's own log group (metric filters read it). */
  readonly logs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    const { config } = props;
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: config.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // An own role instead of the default one: the default attaches the
    // AWSLambdaBasicExecutionRole managed policy, which may write to any log group.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.entry}`,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      entry: join(PROJECT_ROOT, props.entry),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        [ENV.BASE_URL]: config.baseUrl,
        [ENV.MAIL_FROM]: config.mailFrom,
        [ENV.SERVICE_NAME]: SERVICE_NAME,
        [ENV.LOG_LEVEL]: config.logLevel,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        banner: ESM_REQUIRE_BANNER,
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        target: 'node24',
        // Bundle the AWS SDK too: the versions pinned in package-lock.json are
        // the ones the tests ran against, not whatever the runtime ships.
        externalModules: [],
        commandHooks: props.commandHooks,
      },
    });

    this.logs = logGroup;

    // One acknowledgement per role covers every "*" on it, so tests/infra
    // pins the actions allowed there to exactly the ones named here.
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only for actions with no resource-level permissions: xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing), dynamodb:ListStreams (stream consumer), ses:GetSendQuota (mail:status). tests/infra asserts no other action gets "*".',
    });
  }
}
