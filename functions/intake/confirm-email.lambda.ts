import { lambdaHandler } from '../http/lambda';
import { confirmEmailAction } from './pages';
export const handler = lambdaHandler(confirmEmailAction);
