import { lambdaHandler } from '../http/lambda';
import { checkEmail } from './pages';
export const handler = lambdaHandler(checkEmail);
