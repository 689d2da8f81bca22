/**
 * The public pages: start, the application form and its steps, privacy,
 * accessibility, static assets.
 * Its Lambda (functions/pages.lambda.ts) imports only this list, so its
 * bundle carries only these routes' code; functions/routes.ts joins the four.
 */
import type { AnyRoute } from '../http/types';
import { applyForm, applySubmit, applyChange, applySend, checkEmail } from '../intake/pages';
import { assets } from '../web/assets';
import { start, accessibility, privacy } from '../web/static-pages';

export const pagesRoutes: readonly AnyRoute[] = [
  start,
  accessibility,
  privacy,
  assets,
  applyForm,
  applySubmit,
  applyChange,
  applySend,
  checkEmail,
];
