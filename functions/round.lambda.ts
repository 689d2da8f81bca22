import type { Context } from 'aws-lambda';
import { lambdaDeps } from './http/lambda-deps';
import { roundJob } from './matching/jobs';

const deps = lambdaDeps('job');
export const handler = async (_event: unknown, context?: Context) => roundJob(await deps(context), 'schedule');
