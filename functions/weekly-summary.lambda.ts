import type { Context } from 'aws-lambda';
import { ENV, parseEnv } from '../shared/config/env';
import { lambdaDeps } from './http/lambda-deps';
import { weeklySummaryJob } from './matching/jobs';

const adminEmails = parseEnv(process.env)[ENV.ADMIN_EMAILS];
const deps = lambdaDeps('job');
export const handler = async (_event: unknown, context?: Context) => weeklySummaryJob(await deps(context), { adminEmails });
