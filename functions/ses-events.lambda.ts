import type { SNSEvent } from 'aws-lambda';
import { lambdaHandler } from './http/lambda-deps';
import { handleSesEvents } from './outbox/ses-events';

export const handler = lambdaHandler('job', (event: SNSEvent, deps) => handleSesEvents(event, deps));
