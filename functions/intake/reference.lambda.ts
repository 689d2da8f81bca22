import { lambdaHandler } from '../http/lambda';
import { reference } from './api';
export const handler = lambdaHandler(reference);
