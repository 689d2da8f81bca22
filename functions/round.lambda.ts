import { lambdaDeps } from './http/lambda-deps';
import { roundJob } from './matching/jobs';

const deps = lambdaDeps('job');
export const handler = async () => roundJob(await deps(), 'schedule');
