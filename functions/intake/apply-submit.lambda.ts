import { lambdaHandler } from '../http/lambda';
import { applySubmit } from './pages';
export const handler = lambdaHandler(applySubmit);
