/**
 * Builds the CDK app the way infra/app.ts does, for template assertions.
 * `bundle: false` skips esbuild (CDK's bundling-stacks context) for fast
 * IAM/config assertions; the synth test bundles for real.
 */
import { Stack, type App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';
import type { DeployConfig } from '../../infra/config';
import { createApp, type MentorMatchStacks } from '../../infra/stacks';

export interface SynthOptions {
  bundle: boolean;
  context?: Record<string, unknown>;
  outdir?: string;
}

export interface Synthesised {
  app: App;
  config: DeployConfig;
  stacks: MentorMatchStacks;
  data: Template;
  edge: Template;
  api: Template;
}

export function buildApp({ bundle, context = {}, outdir }: SynthOptions): Omit<Synthesised, 'data' | 'edge' | 'api'> {
  return createApp({
    context: { ...context, ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
    outdir,
    // No CDK_DEFAULT_ACCOUNT: tests must not depend on the machine's AWS setup.
    processEnv: {},
  });
}

export function synth(options: SynthOptions): Synthesised {
  const built = buildApp(options);
  const { data, edge, api } = built.stacks;
  return {
    ...built,
    data: Template.fromStack(data),
    edge: Template.fromStack(edge),
    api: Template.fromStack(api),
  };
}

export function logicalId(construct: IConstruct): string {
  const cfn = construct.node.defaultChild ?? construct;
  return Stack.of(construct).getLogicalId(cfn as never);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

export const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every IAM statement attached to the function's role (its inline policies). */
export function roleStatements(template: Template, fn: lambda.Function): Statement[] {
  const roleId = logicalId(fn.role!);
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => (p.Properties.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

export function actionsOf(statements: Statement[]): Set<string> {
  return new Set(statements.flatMap((s) => asList(s.Action)));
}

export function environmentOf(template: Template, fn: lambda.Function): Record<string, unknown> {
  const resource = template.findResources('AWS::Lambda::Function')[logicalId(fn)];
  if (!resource) throw new Error(`No function ${fn.node.path} in template`);
  return resource.Properties.Environment?.Variables ?? {};
}
