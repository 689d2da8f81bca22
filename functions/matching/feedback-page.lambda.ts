import { lambdaHandler } from '../http/lambda';
import { feedbackPage } from './pages';
export const handler = lambdaHandler(feedbackPage);
