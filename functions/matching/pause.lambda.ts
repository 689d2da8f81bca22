import { lambdaHandler } from '../http/lambda';
import { pauseAction } from './pages';
export const handler = lambdaHandler(pauseAction);
