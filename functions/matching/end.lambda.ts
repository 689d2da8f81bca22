import { lambdaHandler } from '../http/lambda';
import { endAction } from './pages';
export const handler = lambdaHandler(endAction);
