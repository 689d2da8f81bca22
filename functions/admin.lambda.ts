import { surfaceHandler } from './http/lambda';
import { lambdaEdge } from './http/lambda-edge';
import { adminRoutes } from './surfaces/admin';

export const handler = surfaceHandler('admin', adminRoutes, lambdaEdge());
