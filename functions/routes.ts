/**
 * Every HTTP route, as plain data plus its handler. The CDK API stack groups
 * them into one Lambda per surface (entry functions/<surface>.lambda.ts, the
 * union of its routes' permissions granted), and the local dev server serves
 * the same list, so the local service and AWS cannot drift. A new route goes
 * in its surface's list (functions/surfaces/): each Lambda imports only its
 * own, so its bundle carries no other surface's code.
 */
import type { AnyRoute } from './http/types';
import { adminRoutes } from './surfaces/admin';
import { apiRoutes } from './surfaces/api';
import { linksRoutes } from './surfaces/links';
import { pagesRoutes } from './surfaces/pages';

export const routes: readonly AnyRoute[] = [...apiRoutes, ...pagesRoutes, ...linksRoutes, ...adminRoutes];
