import { lambdaHandler } from '../http/lambda';
import { endPage } from './pages';
export const handler = lambdaHandler(endPage);
