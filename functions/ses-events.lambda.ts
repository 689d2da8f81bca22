import type { Context, SNSEvent } from 'aws-lambda';
import { lambdaDeps } from './http/lambda-deps';
import { handleSesEvents } from './outbox/ses-events';

const deps = lambdaDeps('job');
export const handler = async (event: SNSEvent, context?: Context) => handleSesEvents(event, await deps(context));
