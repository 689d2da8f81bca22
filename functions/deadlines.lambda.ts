import type { Context } from 'aws-lambda';
import { lambdaDeps } from './http/lambda-deps';
import { deadlinesJob } from './matching/jobs';

const deps = lambdaDeps('job');
export const handler = async (_event: unknown, context?: Context) => deadlinesJob(await deps(context));
