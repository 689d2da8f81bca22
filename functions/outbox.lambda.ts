import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { lambdaDeps } from './http/lambda-deps';
import { outboxEntry } from './outbox/sender';

const deps = lambdaDeps('job');
/** The table's stream (new PENDING messages) and the sweep schedule (messages due again) invoke the same function. */
export const handler = async (event: DynamoDBStreamEvent | Record<string, unknown>, context?: Context) =>
  outboxEntry(event, await deps(context));
