import { lambdaHandler } from '../http/lambda';
import { declineAction } from './pages';
export const handler = lambdaHandler(declineAction);
