import { lambdaHandler } from '../http/lambda';
import { pausePage } from './pages';
export const handler = lambdaHandler(pausePage);
