import { surfaceHandler } from './http/lambda';
import { apiRoutes } from './surfaces/api';

export const handler = surfaceHandler('api', apiRoutes);
