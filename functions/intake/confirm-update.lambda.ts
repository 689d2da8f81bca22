import { lambdaHandler } from '../http/lambda';
import { confirmUpdateAction } from './pages';
export const handler = lambdaHandler(confirmUpdateAction);
