import type { Context } from 'aws-lambda';
import { ENV } from '../shared/config/env';
import { parseEnv } from '../shared/deps';
import { lambdaDeps } from './http/lambda-deps';
import { weeklySummaryJob } from './matching/jobs';

const adminEmails = parseEnv(process.env)[ENV.ADMIN_EMAILS];
const deps = lambdaDeps('job');
export const handler = async (_event: unknown, context?: Context) => weeklySummaryJob(await deps(context), { adminEmails });
