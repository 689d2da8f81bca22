/**
 * The public JSON API: health, reference data, profile submission.
 * Its Lambda (functions/api.lambda.ts) imports only this list, so its
 * bundle carries only these routes' code; functions/routes.ts joins the four.
 */
import type { AnyRoute } from '../http/types';
import { health, reference, submitProfileApi } from '../intake/api';

export const apiRoutes: readonly AnyRoute[] = [health, reference, submitProfileApi];
