/**
 * The pages behind email links: confirm, update, erase, and the match
 * actions (accept, decline, end, pause, resume, feedback).
 * Its Lambda (functions/links.lambda.ts) imports only this list, so its
 * bundle carries only these routes' code; functions/routes.ts joins the four.
 */
import type { AnyRoute } from '../http/types';
import {
  confirmEmailPage,
  confirmEmailAction,
  confirmUpdatePage,
  confirmUpdateAction,
  erasePage,
  eraseAction,
} from '../intake/pages';
import {
  acceptPage,
  acceptAction,
  declinePage,
  declineAction,
  endPage,
  endAction,
  pausePage,
  pauseAction,
  resumePage,
  resumeAction,
  feedbackPage,
  feedbackAction,
} from '../matching/pages';

export const linksRoutes: readonly AnyRoute[] = [
  confirmEmailPage,
  confirmEmailAction,
  confirmUpdatePage,
  confirmUpdateAction,
  erasePage,
  eraseAction,
  acceptPage,
  acceptAction,
  declinePage,
  declineAction,
  endPage,
  endAction,
  pausePage,
  pauseAction,
  resumePage,
  resumeAction,
  feedbackPage,
  feedbackAction,
];
