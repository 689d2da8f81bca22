import { lambdaHandler } from '../http/lambda';
import { acceptPage } from './pages';
export const handler = lambdaHandler(acceptPage);
