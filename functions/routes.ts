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
import { erasePersonApi, getMatchApi, getPersonApi, pauseMentorApi, resumeMentorApi, withdrawProposalApi } from './admin/actions';
import { auditApi, auditPage } from './admin/audit-log';
import { exportRoutesList, exportsPage } from './admin/exports';
import {
  eraseConfirmPage,
  erasePersonPage,
  matchPage,
  pauseMentorPage,
  peoplePage,
  personPage,
  proposalsPage,
  resumeMentorPage,
  withdrawProposalPage,
} from './admin/people';
import { getWeightsApi, putWeightsApi, saveWeightsPage, weightsPageRoute } from './admin/weights';
import type { AnyRoute } from './http/types';
import { health, reference, submitProfileApi } from './intake/api';
import {
  applyChange,
  applyForm,
  applySend,
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
import { accessibility, privacy, start } from './web/static-pages';

export const routes: readonly AnyRoute[] = [
  health,
  reference,
  submitProfileApi,
  start,
  accessibility,
  privacy,
  assets,
  applyForm,
  applySubmit,
  applyChange,
  applySend,
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
  getPersonApi,
  getMatchApi,
  pauseMentorApi,
  resumeMentorApi,
  withdrawProposalApi,
  erasePersonApi,
  getWeightsApi,
  putWeightsApi,
  auditApi,
  ...exportRoutesList,
  peoplePage,
  personPage,
  matchPage,
  proposalsPage,
  pauseMentorPage,
  resumeMentorPage,
  withdrawProposalPage,
  eraseConfirmPage,
  erasePersonPage,
  weightsPageRoute,
  saveWeightsPage,
  auditPage,
  exportsPage,
  reportPageRoute,
  reportApi,
];
