/**
 * The one way this app makes a Lambda function, so runtime, architecture,
 * logging, tracing and bundling are the same everywhere. What a function may
 * touch is added afterwards by bindPermissions (./permissions), which sets the
 * matching env var in the same step.
 */
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENV } from '../../shared/config/env';
import type { DeployConfig } from '../config';
import { bundleOptions } from './bundling';

/** The repository root: entries, package-lock.json and node_modules are found from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const SERVICE_NAME = 'mentor-match';

/**
 * The function's code: the entry bundled by esbuild's API with the shared
 * options (./bundling.ts), which CDK's NodejsFunction cannot take (it runs
 * the esbuild CLI with one output file, so no code splitting). Bundled at
 * synth on this machine, never in Docker; `files` are copied beside the
 * bundle (repository path → path under the bundle).
 */
export function bundledCode(entry: string, files: Readonly<Record<string, string>> = {}): lambda.Code {
  return lambda.Code.fromAsset(PROJECT_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the type; only used if local bundling declined, which it never does.
      image: DockerImage.fromRegistry('unused'),
      // CDK caches staged bundles by these options (not by tryBundle): naming
      // the entry and the files here keeps each function's bundle its own.
      command: ['esbuild', entry, ...Object.keys(files)],
      local: {
        tryBundle(outputDir) {
          buildSync(bundleOptions(join(PROJECT_ROOT, entry), outputDir, PROJECT_ROOT));
          for (const [name, source] of Object.entries(files)) {
            const target = join(outputDir, name);
            mkdirSync(dirname(target), { recursive: true });
            copyFileSync(join(PROJECT_ROOT, source), target);
          }
          return true;
        },
      },
    },
  });
}

export interface AppFunctionProps {
  /** Path relative to the repository root, as in `RUN_ROUND_ENTRY` (./matching-jobs.ts). */
  entry: string;
  config: DeployConfig;
  description?: string;
  /** Defaults to 10 s: an HTTP handler slower than that has a bug, not a need. */
  timeout?: Duration;
  /** MB; defaults to 512, plenty for a request. Lambda gives CPU in proportion to it. */
  memorySize?: number;
  /** Extra env vars that are not permissions (those come from bindPermissions). */
  environment?: Record<string, string>;
  /** Files copied next to the bundle: path inside the bundle → path in the repository. */
  files?: Readonly<Record<string, string>>;
}

export class AppFunction extends lambda.Function {
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
      code: bundledCode(props.entry, props.files),
      // BUNDLE_FILE's export `handler`.
      handler: 'index.handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
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
