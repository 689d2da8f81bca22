import { lambdaHandler } from '../http/lambda';
import { declinePage } from './pages';
export const handler = lambdaHandler(declinePage);
