import { surfaceHandler } from './http/lambda';
import { pagesRoutes } from './surfaces/pages';

export const handler = surfaceHandler('pages', pagesRoutes);
