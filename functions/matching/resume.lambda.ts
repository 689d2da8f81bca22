import { lambdaHandler } from '../http/lambda';
import { resumeAction } from './pages';
export const handler = lambdaHandler(resumeAction);
