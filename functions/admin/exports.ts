/**
 * CSV downloads for admins, each at two addresses: `/api/admin/export/...`
 * for scripts (Bearer token, behind the API's JWT authorizer) and
 * `/admin/export/...` for the admin pages (the session cookie, which the
 * authorizer cannot read). `text/csv; charset=utf-8`, a header row,
 * spreadsheet-safe cells (functions/http/csv.ts).
 */
import * as z from 'zod';
import { html } from '../../shared/domain/html';
import { MATCH_STATUSES } from '../../shared/domain/match';
import type { Deps } from '../../shared/ports';
import { csvFile, page } from '../http/responses';
import { type AnyRoute, defineRoute } from '../http/types';
import { adminLayout } from './frame';

/** The rows and the CSV writer (csv-stringify), loaded on the first download: the admin function starts without them. */
async function csvModules() {
  const [rows, { toCsv }] = await Promise.all([import('../../shared/app/exports'), import('../http/csv')]);
  return { ...rows, toCsv };
}

const MatchesQuery = z.object({ status: z.enum(MATCH_STATUSES, { error: `status must be one of ${MATCH_STATUSES.join(', ')}` }).optional() });

type ExportQuery = z.infer<typeof MatchesQuery>;

interface Export {
  name: string;
  title: string;
  description: string;
  query: z.ZodType<ExportQuery>;
  build(query: ExportQuery, deps: Deps): Promise<string>;
}

const EXPORTS: readonly Export[] = [
  {
    name: 'matches',
    title: 'Matches',
    description: 'One row per match with both people’s names, councils and regions, its status, score and dates. Add ?status=ACCEPTED (or PROPOSED, DECLINED, EXPIRED, ENDED) for one status.',
    query: MatchesQuery,
    build: async (q, deps) => {
      const { toCsv, MATCH_COLUMNS, matchRows } = await csvModules();
      return toCsv(MATCH_COLUMNS, await matchRows(deps, q.status ? [q.status] : undefined));
    },
  },
  {
    name: 'rounds',
    title: 'Rounds history',
    description: 'One row per matching round, newest first: who was waiting, places offered, proposals, total score, time taken, the weights used, and whether the round proved its answer the best (with the candidates per mentee it used).',
    query: z.object({}),
    build: async (_q, deps) => {
      const { toCsv, ROUND_COLUMNS, roundRows } = await csvModules();
      return toCsv(ROUND_COLUMNS, await roundRows(deps));
    },
  },
  {
    name: 'unmatched',
    title: 'Unmatched mentees',
    description: 'The mentees the latest round left unmatched, with the constraint that blocked each.',
    query: z.object({}),
    build: async (_q, deps) => {
      const { toCsv, UNMATCHED_COLUMNS, unmatchedRows } = await csvModules();
      return toCsv(UNMATCHED_COLUMNS, await unmatchedRows(deps));
    },
  },
];

function exportRoutes(e: Export): AnyRoute[] {
  const file = `${e.name}.csv`;
  const handle = async (query: ExportQuery, { deps }: { deps: Deps }) => csvFile(file, await e.build(query, deps));
  return [
    defineRoute({
      id: `admin-export-${e.name}`,
      surface: 'admin',
      method: 'GET',
      path: `/api/admin/export/${file}`,
      access: 'admin',
      answers: 'json',
      input: { from: 'query', schema: e.query },
      permissions: ['table:read'],
      handle,
    }),
    defineRoute({
      id: `admin-export-${e.name}-page`,
      surface: 'admin',
      method: 'GET',
      path: `/admin/export/${file}`,
      access: 'admin',
      answers: 'page',
      input: { from: 'query', schema: e.query },
      permissions: ['table:read'],
      handle,
    }),
  ];
}

export const exportRoutesList: readonly AnyRoute[] = EXPORTS.flatMap(exportRoutes);

export const exportsPage = defineRoute({
  id: 'admin-exports-page',
  surface: 'admin',
  method: 'GET',
  path: '/admin/exports',
  access: 'admin',
  answers: 'page',
  input: { from: 'none' },
  permissions: [],
  async handle(_input, { principal }) {
    return page(
      200,
      adminLayout({
        title: 'Downloads',
        user: principal,
        content: html`<h1 class="govuk-heading-xl">Downloads</h1>
<p class="govuk-body">Spreadsheets (CSV, UTF-8) of the programme as it is now. They hold people’s names: keep them only as long as you need them.</p>
<ul class="govuk-list">${EXPORTS.map(
          (e) => html`<li><a class="govuk-link" href="/admin/export/${e.name}.csv" download>${e.title} (CSV)</a><p class="govuk-hint">${e.description}</p></li>`,
        )}</ul>
<p class="govuk-body">Scripts can download the same files from <code>/api/admin/export/&lt;name&gt;.csv</code> with a Bearer token.</p>`,
      }),
    );
  },
});
