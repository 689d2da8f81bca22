import { lambdaHandler } from '../http/lambda';
import { health } from './api';
export const handler = lambdaHandler(health);
