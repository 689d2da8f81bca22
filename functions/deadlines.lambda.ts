import { lambdaHandler } from './http/lambda-deps';
import { deadlinesJob } from './matching/jobs';

export const handler = lambdaHandler('job', (_event: unknown, deps) => deadlinesJob(deps));
