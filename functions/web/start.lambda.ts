import { lambdaHandler } from '../http/lambda';
import { start } from './static-pages';
export const handler = lambdaHandler(start);
