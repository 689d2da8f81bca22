import { lambdaHandler } from '../http/lambda';
import { privacy } from './static-pages';
export const handler = lambdaHandler(privacy);
