import { lambdaHandler } from '../http/lambda';
import { applyForm } from './pages';
export const handler = lambdaHandler(applyForm);
