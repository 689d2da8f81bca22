import type { DynamoDBStreamEvent } from 'aws-lambda';
import { lambdaDeps } from '../http/lambda-deps';
import { sendFromStream } from './sender';

const deps = lambdaDeps();
export const handler = async (event: DynamoDBStreamEvent) => sendFromStream(event, await deps());
