import { lambdaHandler } from '../http/lambda';
import { assets } from './assets';
export const handler = lambdaHandler(assets);
