import { lambdaHandler } from '../http/lambda';
import { eraseAction } from './pages';
export const handler = lambdaHandler(eraseAction);
