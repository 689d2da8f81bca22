/**
 * Every HTTP route, as plain data plus its handler. The CDK API stack makes
 * one Lambda per route (entry functions/<feature>/<id>.lambda.ts, permissions
 * granted from `permissions`), and the local dev server serves the same list,
 * so the local service and AWS cannot drift.
 */
import { health, reference, submitProfileApi } from './intake/api';
import {
  applyForm,
  applySubmit,
  checkEmail,
  confirmEmailAction,
  confirmEmailPage,
  confirmUpdateAction,
  confirmUpdatePage,
  eraseAction,
  erasePage,
} from './intake/pages';
import type { Route } from './http/types';
import {
  acceptAction,
  acceptPage,
  declineAction,
  declinePage,
  endAction,
  endPage,
  feedbackAction,
  feedbackPage,
  pauseAction,
  pausePage,
  resumeAction,
  resumePage,
} from './matching/pages';
import { assets } from './web/assets';
import { privacy, start } from './web/static-pages';

export const routes: readonly Route[] = [
  health,
  reference,
  submitProfileApi,
  start,
  privacy,
  assets,
  applyForm,
  applySubmit,
  checkEmail,
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
