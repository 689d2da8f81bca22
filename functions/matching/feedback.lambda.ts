import { lambdaHandler } from '../http/lambda';
import { feedbackAction } from './pages';
export const handler = lambdaHandler(feedbackAction);
