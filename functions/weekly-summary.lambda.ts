import { ENV, parseEnv } from '../shared/config/env';
import { lambdaHandler } from './http/lambda-deps';
import { weeklySummaryJob } from './matching/jobs';

const adminEmails = parseEnv(process.env)[ENV.ADMIN_EMAILS];
export const handler = lambdaHandler('job', (_event: unknown, deps) => weeklySummaryJob(deps, { adminEmails }));
