import { lambdaHandler } from '../http/lambda';
import { confirmEmailPage } from './pages';
export const handler = lambdaHandler(confirmEmailPage);
