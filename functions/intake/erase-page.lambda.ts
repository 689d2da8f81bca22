import { lambdaHandler } from '../http/lambda';
import { erasePage } from './pages';
export const handler = lambdaHandler(erasePage);
