import { lambdaHandler } from '../http/lambda';
import { resumePage } from './pages';
export const handler = lambdaHandler(resumePage);
