/**
 * GET /api/admin/report and GET /admin/report through dispatch, on the
 * memory stores with a programme made by the real use cases: the JSON's
 * shape, problem+json for bad filters, and a page that renders every section
 * with its charts and tables inside the CSP (no inline styles or scripts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { reportApi, reportPageRoute } from '../../../functions/admin/report';
import { dispatch } from '../../../functions/http/dispatch';
import type { HttpRequest } from '../../../functions/http/types';
import { LOCAL_ADMIN, localIssuer, newIssuerKey } from '../../../infra/local/admin-issuer';
import { createAdminTokenVerifier } from '../../../shared/adapters/auth/admin-tokens';
import { endMatch } from '../../../shared/app/lifecycle';
import { runMatchingRound } from '../../../shared/app/rounds';
import { actionLink } from '../../../shared/app/links';
import { MATCH_STATUSES } from '../../../shared/domain/match';
import { memoryDeps } from '../../fixtures/deps';
import { acceptWith, feedbackWith, seedMentee, seedMentor } from '../../support/matching';
import { tokenOf } from '../../support/app';

const issuer = localIssuer(newIssuerKey());
const edge = { adminTokens: createAdminTokenVerifier(issuer.settings) };
const w = memoryDeps();

const request = (path: string, query: Record<string, string> = {}): HttpRequest => ({
  method: 'GET',
  path,
  query,
  params: {},
  headers: { authorization: `Bearer ${issuer.sign(LOCAL_ADMIN)}`, accept: 'text/html' },
  cookies: {},
  body: '',
  requestId: 'req-1',
});

const count = z.number().int().nonnegative();
const byStatus = z.strictObject({ PENDING_VERIFICATION: count, ACTIVE: count, PAUSED: count });
/** The fields (and the ones we added), with their types. */
const ReportJson = z.strictObject({
  generatedAt: z.iso.datetime(),
  filters: z.strictObject({
    from: z.string().nullable(),
    to: z.string().nullable(),
    region: z.string().nullable(),
    councilType: z.string().nullable(),
    months: z.strictObject({ from: z.string().nullable(), to: z.string().nullable() }),
  }),
  people: z.strictObject({ mentee: byStatus, mentor: byStatus }),
  matches: z.strictObject(Object.fromEntries(MATCH_STATUSES.map((s) => [s, count]))),
  acceptanceRate: z.number().min(0).max(1).nullable(),
  medianDaysToAccept: z.number().nonnegative().nullable(),
  waiting: z.strictObject({
    mentees: count,
    medianDaysWaiting: z.number().nullable(),
    longestDaysWaiting: z.number().nullable(),
    byDuration: z.array(z.strictObject({ label: z.string(), fromDays: count, toDays: count.nullable(), mentees: count })),
  }),
  places: z.strictObject({ offered: count, used: count, proposed: count, free: count, utilisation: z.number().nullable() }),
  mentorUtilisation: z.strictObject({ none: count, partly: count, full: count, mentors: count }),
  skills: z.array(z.strictObject({ id: z.string(), name: z.string(), menteesWanting: count, mentorPlacesOffering: count, gap: z.number().int() })),
  regions: z.array(z.strictObject({ region: z.string(), mentees: count, mentors: count, waiting: count, mentorPlacesFree: count, acceptedMatches: count })),
  unmatched: z.array(z.strictObject({ menteeId: z.string(), reason: z.string(), code: z.string(), region: z.string(), councilType: z.string(), waitingSince: z.string() })),
  unmatchedByReason: z.array(z.strictObject({ code: z.string(), label: z.string(), mentees: count })),
  latestRound: z.strictObject({ id: z.string(), startedAt: z.string(), unmatched: count.nullable() }).nullable(),
  rounds: z.array(
    z.strictObject({
      id: z.string(),
      startedAt: z.string(),
      trigger: z.string(),
      mentees: count,
      mentors: count,
      proposed: count,
      totalScore: z.number(),
      greedyScore: z.number().nullable(),
      gain: z.number().nullable(),
      durationMs: count,
      optimality: z.enum(['proven', 'unproven']).nullable(),
      candidatesPerMentee: z.strictObject({ initial: count, widest: count, widened: count }).nullable(),
      shortfallBound: z.strictObject({ mentees: count, score: z.number().nullable() }).nullable(),
    }),
  ),
  feedback: z.strictObject({ responses: count, averageRating: z.number().nullable(), mentees: count, mentors: count }),
  nextSteps: z.array(z.string()).min(1),
});

beforeAll(async () => {
  const { deps, clock } = w;
  await seedMentor(deps, { capacity: 2 });
  await seedMentee(deps);
  await seedMentee(deps, { skills: ['cloud-adoption'] });
  const { record } = await runMatchingRound(deps, { trigger: 'admin' });
  expect(record?.proposed).toBe(1);
  const [proposed] = await deps.matches.listMatches('PROPOSED');
  clock.advance(86_400_000);
  await acceptWith(tokenOf(actionLink(deps, 'accept', proposed!.id, 8)), {}, deps);
  clock.advance(86_400_000);
  await endMatch(tokenOf(actionLink(deps, 'end', `${proposed!.id}:mentee`, 30)), deps);
  await feedbackWith(tokenOf(actionLink(deps, 'feedback', `${proposed!.id}:mentee`, 30)), { rating: '4' }, deps);
});

describe('GET /api/admin/report', () => {
  it('answers 200 JSON with every field of the report', async () => {
    const response = await dispatch(reportApi, request('/api/admin/report'), w.deps, edge);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const body = ReportJson.parse(JSON.parse(response.body));
    expect(body.matches).toMatchObject({ ENDED: 1 });
    expect(body.feedback).toMatchObject({ responses: 1, averageRating: 4 });
    expect(body.medianDaysToAccept).toBe(1);
    expect(body.unmatched).toHaveLength(1);
    expect(body.rounds[0]).toMatchObject({ optimality: 'proven', candidatesPerMentee: { initial: 200, widest: 1, widened: 0 }, shortfallBound: null });
  });

  it('answers 400 problem+json naming each bad filter', async () => {
    const response = await dispatch(reportApi, request('/api/admin/report', { from: '2030-13', region: 'Atlantis' }), w.deps, edge);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(response.body).errors.map((e: { path: string }) => e.path).sort()).toEqual(['from', 'region']);
  });
});

describe('GET /admin/report', () => {
  it('renders every section, each chart as an image with a table beside it, within the CSP', async () => {
    const response = await dispatch(reportPageRoute, request('/admin/report'), w.deps, edge);
    expect(response.status).toBe(200);
    const body = response.body;
    for (const heading of [
      'What to do next',
      'At a glance',
      'Matches by region',
      'Skills: demand and supply',
      'Mentor utilisation',
      'Waiting times',
      'Mentees who could not be matched',
      'Matching rounds',
    ]) {
      expect(body).toContain(`>${heading}</h2>`);
    }
    const charts = body.match(/<svg class="app-chart"[^>]*role="img"/g) ?? [];
    expect(charts).toHaveLength(4);
    expect((body.match(/<table class="govuk-table/g) ?? []).length).toBeGreaterThanOrEqual(9);
    expect(body).toMatch(/>Recruit<\/strong> 1 short/);
    expect(body).toContain('No mentor offers any of the skills they want');
    expect(body).toMatch(/<th scope="col" class="govuk-table__header govuk-table__header--numeric">Best answer<\/th>/);
    expect(body).toMatch(/<td class="govuk-table__cell govuk-table__cell--numeric">Proven<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">200<\/td>/);
    expect(body).not.toMatch(/\sstyle=/);
    expect(body).not.toMatch(/<script(?![^>]*src="\/assets\/app\.js")/);
    expect(response.headers['content-security-policy']).toContain("style-src 'self'");
  });

  it('shows the filters with an error summary, and no figures, when they are wrong', async () => {
    const response = await dispatch(reportPageRoute, request('/admin/report', { from: '2030-04', to: '2030-03' }), w.deps, edge);
    expect(response.status).toBe(400);
    expect(response.body).toContain('<title>Error: Programme report');
    expect(response.body).toContain('There is a problem');
    expect(response.body).toContain('<a href="#to">The end of the date range must be the same month as its start or later</a>');
    expect(response.body).toContain('value="2030-04"');
    expect(response.body).not.toContain('At a glance');
  });
});
