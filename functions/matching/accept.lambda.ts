import { lambdaHandler } from '../http/lambda';
import { acceptAction } from './pages';
export const handler = lambdaHandler(acceptAction);
