import { surfaceHandler } from './http/lambda';
import { routes } from './routes';

export const handler = surfaceHandler('api', routes);
