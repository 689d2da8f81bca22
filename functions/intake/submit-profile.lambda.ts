import { lambdaHandler } from '../http/lambda';
import { submitProfileApi } from './api';
export const handler = lambdaHandler(submitProfileApi);
