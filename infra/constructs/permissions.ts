/**
 * Turns a function's declared permissions (Route.permissions in
 * functions/routes.ts) into IAM grants, setting the env var that goes with
 * each grant in the same step, so a function never has a TABLE_NAME it may not
 * use nor a grant its config does not point at.
 */
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Permission } from '../../functions/http/types';
import { TABLE_DEFINITION } from '../../shared/adapters/dynamodb/table-definition';
import { ENV } from '../../shared/config/env';

export interface MailResources {
  /** ARN of the verified SES domain identity the app sends from. */
  identityArn: string;
  configurationSetName: string;
  configurationSetArn: string;
}

/** What the data stack owns and the functions may be granted. */
export interface AppResources {
  table: dynamodb.ITable;
  signingKey: secretsmanager.ISecret;
  mail: MailResources;
}

/*
 * Explicit actions instead of grantReadData/grantReadWriteData: those include
 * dynamodb:Scan, and no request path may scan. TransactWriteItems has no IAM
 * action of its own; it is authorised per item as Put/Update/Delete/ConditionCheck.
 */
const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

export type TableAccess = 'RO' | 'RW';

/** Grants item access to the table (and reads on its indexes) and sets TABLE_NAME. */
export function bindTable(fn: lambda.Function, table: dynamodb.ITable, access: TableAccess): void {
  const indexArns = TABLE_DEFINITION.globalIndexes.map((index) => `${table.tableArn}/index/${index.indexName}`);
  fn.addToRolePolicy(
    new iam.PolicyStatement({ actions: TABLE_READ_ACTIONS, resources: [table.tableArn, ...indexArns] }),
  );
  if (access === 'RW') {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: TABLE_WRITE_ACTIONS, resources: [table.tableArn] }));
  }
  fn.addEnvironment(ENV.TABLE_NAME, table.tableName);
}

/** Lets the function send through the app's identity and configuration set only. */
export function bindMailSend(fn: lambda.Function, mail: MailResources): void {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [mail.identityArn, mail.configurationSetArn],
    }),
  );
  fn.addEnvironment(ENV.SES_CONFIGURATION_SET, mail.configurationSetName);
}

/**
 * Read-only account sending quota, for the health and admin pages. An
 * account-level read with no resource type, so "*" (acknowledged in AppFunction).
 */
export function bindMailStatus(fn: lambda.Function): void {
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:GetSendQuota'], resources: ['*'] }));
}

export function bindSigningKey(fn: lambda.Function, signingKey: secretsmanager.ISecret): void {
  signingKey.grantRead(fn);
  fn.addEnvironment(ENV.SIGNING_KEY_SECRET_ARN, signingKey.secretArn);
}

/** Applies every declared permission once; the switch is exhaustive, so a new Permission cannot be forgotten. */
export function bindPermissions(
  fn: lambda.Function,
  permissions: readonly Permission[],
  resources: AppResources,
): void {
  const wanted = new Set(permissions);
  if (wanted.has('table:write')) bindTable(fn, resources.table, 'RW');
  else if (wanted.has('table:read')) bindTable(fn, resources.table, 'RO');
  for (const permission of wanted) {
    switch (permission) {
      case 'table:read':
      case 'table:write':
        break;
      case 'mail:send':
        bindMailSend(fn, resources.mail);
        break;
      case 'mail:status':
        bindMailStatus(fn);
        break;
      case 'signing-key':
        bindSigningKey(fn, resources.signingKey);
        break;
      default: {
        const unknown: never = permission;
        throw new Error(`No grant defined for permission ${String(unknown)}`);
      }
    }
  }
}
