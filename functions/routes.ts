/**
 * Every HTTP route, as plain data plus its handler. The CDK API stack groups
 * them into one Lambda per surface (entry functions/<surface>.lambda.ts, the
 * union of its routes' permissions granted), and the local dev server serves
 * the same list, so the local service and AWS cannot drift.
 */
import { adminHome, adminRunRound } from './admin/pages';
import { reportApi, reportPageRoute } from './admin/report';
import { listRounds, runRound } from './admin/rounds';
import { adminAuthCallback, adminLogin, adminLoginLocal, adminLogout, adminSignedOut } from './admin/sign-in';
import type { AnyRoute } from './http/types';
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

export const routes: readonly AnyRoute[] = [
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
  adminLogin,
  adminLoginLocal,
  adminAuthCallback,
  adminLogout,
  adminSignedOut,
  adminHome,
  adminRunRound,
  listRounds,
  runRound,
  reportPageRoute,
  reportApi,
];
