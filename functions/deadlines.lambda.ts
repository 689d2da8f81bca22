import { lambdaDeps } from './http/lambda-deps';
import { deadlinesJob } from './matching/jobs';

const deps = lambdaDeps('job');
export const handler = async () => deadlinesJob(await deps());
