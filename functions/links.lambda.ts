import { surfaceHandler } from './http/lambda';
import { linksRoutes } from './surfaces/links';

export const handler = surfaceHandler('links', linksRoutes);
