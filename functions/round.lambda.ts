import { lambdaHandler } from './http/lambda-deps';
import { roundJob } from './matching/jobs';

export const handler = lambdaHandler('job', (_event: unknown, deps) => roundJob(deps, 'schedule'));
