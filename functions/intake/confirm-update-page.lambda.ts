import { lambdaHandler } from '../http/lambda';
import { confirmUpdatePage } from './pages';
export const handler = lambdaHandler(confirmUpdatePage);
