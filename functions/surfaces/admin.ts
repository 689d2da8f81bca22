/**
 * The admin pages and API, behind Cognito sign-in and the admins group.
 * Its Lambda (functions/admin.lambda.ts) imports only this list, so its
 * bundle carries only these routes' code; functions/routes.ts joins the four.
 */
import type { AnyRoute } from '../http/types';
import {
  getPersonApi,
  getMatchApi,
  pauseMentorApi,
  resumeMentorApi,
  withdrawProposalApi,
  erasePersonApi,
} from '../admin/actions';
import { auditApi, auditPage } from '../admin/audit-log';
import { exportRoutesList, exportsPage } from '../admin/exports';
import { adminHome, adminRunRound } from '../admin/pages';
import {
  peoplePage,
  personPage,
  matchPage,
  proposalsPage,
  pauseMentorPage,
  resumeMentorPage,
  withdrawProposalPage,
  eraseConfirmPage,
  erasePersonPage,
} from '../admin/people';
import { reportPageRoute, reportApi } from '../admin/report';
import { listRounds, runRound } from '../admin/rounds';
import { adminLogin, adminLoginLocal, adminAuthCallback, adminLogout, adminSignedOut } from '../admin/sign-in';
import { getWeightsApi, putWeightsApi, weightsPageRoute, saveWeightsPage } from '../admin/weights';

export const adminRoutes: readonly AnyRoute[] = [
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
