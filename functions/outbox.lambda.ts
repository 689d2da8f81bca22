import type { DynamoDBStreamEvent } from 'aws-lambda';
import { lambdaHandler } from './http/lambda-deps';
import { outboxEntry } from './outbox/sender';

/** The table's stream (new PENDING messages) and the sweep schedule (messages due again) invoke the same function. */
export const handler = lambdaHandler('job', (event: DynamoDBStreamEvent | Record<string, unknown>, deps) => outboxEntry(event, deps));
