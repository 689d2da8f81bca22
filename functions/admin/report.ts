/**
 * The programme report for admins: `GET /admin/report` (the page) and
 * `GET /api/admin/report` (the same figures as JSON), both filtered by the
 * query parameters `from`, `to` (a month or a date; whole months count),
 * `region` and `councilType`. Neither scans the table: the figures come from
 * counters kept in the same transactions as the state changes they count
 * (docs/reports.md).
 */
import { ReportQuery } from '../../shared/domain/report';
import { json, page } from '../http/responses';
import { defineRoute } from '../http/types';

/**
 * The report's figures and its page (SVG charts, tables), loaded on the
 * first report request: the admin function starts without them (esbuild
 * puts them in a chunk of their own).
 */
export async function reportModules() {
  const [{ programmeReport }, { invalidFiltersPage, reportPage }] = await Promise.all([import('../../shared/app/report'), import('./report-page')]);
  return { programmeReport, invalidFiltersPage, reportPage };
}

/** The filters as a query string, for the page's link to its JSON. */
export function queryOf(filters: Record<string, string | undefined>): string {
  const q = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => !!e[1])).toString();
  return q ? `?${q}` : '';
}

export const reportApi = defineRoute({
  id: 'admin-report',
  surface: 'admin',
  method: 'GET',
  path: '/api/admin/report',
  access: 'admin',
  answers: 'json',
  input: { from: 'query', schema: ReportQuery },
  permissions: ['table:read'],
  async handle(filters, { deps }) {
    const { programmeReport } = await reportModules();
    return json(200, await programmeReport(filters, deps));
  },
});

export const reportPageRoute = defineRoute({
  id: 'admin-report-page',
  surface: 'admin',
  method: 'GET',
  path: '/admin/report',
  access: 'admin',
  answers: 'page',
  input: { from: 'query', schema: ReportQuery },
  permissions: ['table:read'],
  invalid: async ({ errors }, { request, principal }) => page(400, (await reportModules()).invalidFiltersPage(errors, request.query, principal)),
  async handle(filters, { deps, principal }) {
    const { programmeReport, reportPage } = await reportModules();
    return page(200, reportPage(await programmeReport(filters, deps), principal, queryOf(filters)));
  },
});
