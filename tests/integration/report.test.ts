/**
 * Every number of the programme report, on DynamoDB Local over HTTP, against
 * a programme seeded through the real use cases (sign-up, confirmation, an
 * update, pauses by link and by a bounce, two rounds, accepts, declines,
 * expiries, ends, feedback, erasure). The right answers are computed here
 * from the scenario itself (what the test did and when) and from the stored
 * profiles and matches, with plain code that shares nothing with the
 * counters; then the counters are rebuilt from the data and must give the
 * same report, twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ADMIN } from '../../infra/local/admin-issuer';
import { resumeMentor, pauseMentor } from '../../shared/app/availability';
import { eraseProfile } from '../../shared/app/erasure';
import { confirmEmail, confirmUpdate, submitProfile } from '../../shared/app/intake';
import { endMatch, submitFeedback } from '../../shared/app/lifecycle';
import { actionLink } from '../../shared/app/links';
import { acceptProposal, declineProposal, processProposalDeadlines } from '../../shared/app/proposals';
import { rebuildReportCounters } from '../../shared/app/report';
import { runMatchingRound } from '../../shared/app/rounds';
import { applySesNotification } from '../../shared/app/suppression';
import { MATCH_STATUSES, type Match } from '../../shared/domain/match';
import { deriveCouncilFacts, parseProfileSubmission, type ProfileSubmission } from '../../shared/domain/profile';
import type { ProgrammeReport } from '../../shared/domain/report';
import type { ProfileWithState, RoundRecord } from '../../shared/ports';
import { REGIONS, SKILLS } from '../../shared/reference';
import { generateProfiles } from '../fixtures/profiles';
import { startTestApp, tokenOf, type TestApp } from '../support/app';

const DAY = 86_400_000;

let t: TestApp;
/** What the scenario did, as it did it. */
const made: { id: string; role: 'mentee' | 'mentor'; region: string; councilType: string; createdAt: string; confirmed: boolean }[] = [];
const resumedAt = new Map<string, string>();
const answers: { matchId: string; from: 'mentee' | 'mentor'; rating: number; at: string }[] = [];
const rounds: RoundRecord[] = [];
let waitingBeforeLastRound: string[] = [];
let stuckId = '';

const now = () => t.clock.now();
const link = (action: Parameters<typeof actionLink>[1], subject: string) => tokenOf(actionLink(t.deps, action, subject, 365));
const advance = (days: number) => t.clock.advance(days * DAY);

/** Signs up a fixture person as the edge would pass them on: parsed, without the fixture's own id. */
async function signUp(fixture: ProfileSubmission & { id?: string }, confirm = true) {
  const { id: _fixtureId, ...body } = fixture;
  const s = parseProfileSubmission(body);
  const { id } = await submitProfile(s, t.deps);
  made.push({ id, role: s.role, ...deriveCouncilFacts(s.councilCode), createdAt: now().toISOString(), confirmed: confirm });
  if (confirm) await confirmEmail(link('confirm-email', id), t.deps);
  return id;
}

const allMatches = async () => (await Promise.all(MATCH_STATUSES.map((s) => t.deps.matches.listMatches(s)))).flat();
const stateOf = async (id: string) => t.deps.profiles.getProfileWithState(id);

beforeAll(async () => {
  t = await startTestApp({ outboxIntervalMs: 60_000 });
  const { mentees, mentors } = generateProfiles({ mentees: 26, mentors: 8, seed: 11, capacity: [1, 3] });
  const email = (id: string) => `${id}-${Date.now().toString(36)}@report.example.gov.uk`;

  // A sign-up never confirmed, whose link lapses: gone from the pending count after 7 days.
  await signUp({ ...mentees[0]!, email: email('lapsed') }, false);
  advance(8);
  // Nobody offers procurement, so this mentee can never be matched.
  stuckId = await signUp({ ...mentees[1]!, skills: ['commercial-procurement'], email: email('stuck') });
  for (const m of mentors) {
    const skills = m.skills.filter((s) => s !== 'commercial-procurement');
    await signUp({ ...m, skills: skills.length > 0 ? skills : ['digital-strategy'], email: email(m.id) });
  }
  for (const m of mentees.slice(2, 24)) await signUp({ ...m, email: email(m.id) });

  // Round one, then a day and a bit later: accept a third, decline a third; the rest lapse a week later.
  advance(1);
  rounds.unshift((await runMatchingRound(t.deps, { trigger: 'admin' })).record!);
  advance(1.3);
  const first = await t.deps.matches.listMatches('PROPOSED');
  for (const [k, m] of first.entries()) {
    if (k % 3 === 0) await acceptProposal(link('accept', m.id), { rhythm: 'monthly', durationMonths: 6 }, t.deps);
    if (k % 3 === 1) await declineProposal(link('decline', m.id), { reason: 'Busy' }, t.deps);
  }
  advance(2.25);
  const late = (await t.deps.matches.listMatches('PROPOSED'))[0];
  if (late) await acceptProposal(link('accept', late.id), { rhythm: 'weekly', durationMonths: 3 }, t.deps);
  advance(6);
  await processProposalDeadlines(t.deps);

  // Half the accepted matches end after a while; both sides of some answer the feedback question.
  advance(20);
  const accepted = await t.deps.matches.listMatches('ACCEPTED');
  for (const [k, m] of accepted.entries()) {
    if (k % 2 === 1) continue;
    await endMatch(link('end', `${m.id}:mentee`), t.deps);
    const at = now().toISOString();
    await submitFeedback(link('feedback', `${m.id}:mentee`), { rating: 3 + (k % 3) }, t.deps);
    answers.push({ matchId: m.id, from: 'mentee', rating: 3 + (k % 3), at });
    if (k % 4 === 0) {
      advance(0.5);
      await submitFeedback(link('feedback', `${m.id}:mentor`), { rating: 5 }, t.deps);
      answers.push({ matchId: m.id, from: 'mentor', rating: 5, at: now().toISOString() });
    }
  }

  // A mentor pauses by link; two waiting mentees' addresses bounce (paused), and one of them resumes later.
  const activeMentors = (await t.deps.profiles.listActive('mentor')).sort((a, b) => a.id.localeCompare(b.id));
  await pauseMentor(link('pause', activeMentors[0]!.id), t.deps);
  const waiting = (await t.deps.profiles.listActive('mentee')).filter((m) => !m.matching.openMatchId && m.id !== stuckId).sort((a, b) => a.id.localeCompare(b.id));
  await applySesNotification({ type: 'Bounce', suppress: { reason: 'bounce', addresses: [waiting[0]!.email, waiting[2]!.email] } }, t.deps);
  advance(3);
  await resumeMentor(link('resume', waiting[0]!.id), t.deps);
  resumedAt.set(waiting[0]!.id, now().toISOString());

  // A mentor moves council and offers more places, confirmed from the email link.
  const mover = activeMentors[1]!;
  const { id: updateId } = await submitProfile({ ...submissionOf(mover), councilCode: 'E09000007', capacity: 5 } as ProfileSubmission, t.deps);
  await confirmUpdate(link('confirm-update', `${mover.id}:${updateId}`), t.deps);
  Object.assign(made.find((p) => p.id === mover.id)!, deriveCouncilFacts('E09000007'));

  // Erasure: a waiting mentee, and a mentee in an accepted match (the match ends by erasure).
  await eraseProfile(link('erase', waiting[1]!.id), t.deps);
  const inMatch = (await t.deps.matches.listMatches('ACCEPTED'))[0];
  if (inMatch) await eraseProfile(link('erase', inMatch.menteeId), t.deps);

  // Round two, a month on; one of its proposals is accepted at once.
  advance(10);
  waitingBeforeLastRound = (await t.deps.profiles.listActive('mentee')).filter((m) => !m.matching.openMatchId).map((m) => m.id);
  rounds.unshift((await runMatchingRound(t.deps, { trigger: 'schedule' })).record!);
  const second = (await t.deps.matches.listMatches('PROPOSED')).filter((m) => m.roundId === rounds[0]!.id);
  advance(0.4);
  if (second[0]) await acceptProposal(link('accept', second[0].id), { rhythm: 'monthly', durationMonths: 6 }, t.deps);

  // Two mentees and a mentor who signed up since and have not confirmed yet.
  advance(0.1);
  await signUp({ ...mentees[24]!, email: email('pending-a') }, false);
  await signUp({ ...mentees[25]!, email: email('pending-b') }, false);
  await signUp({ ...generateProfiles({ mentees: 0, mentors: 1, seed: 99 }).mentors[0]!, email: email('pending-mentor') }, false);
  advance(0.1);
}, 180_000);

afterAll(async () => {
  await t?.stop();
});

function submissionOf(p: ProfileWithState): ProfileSubmission {
  const { id: _i, status: _s, region: _r, councilType: _c, createdAt: _a, updatedAt: _u, consentedAt: _co, verifiedAt: _v, matching: _m, ...s } = p;
  return { ...s, consent: true } as ProfileSubmission;
}

async function report(query: Record<string, string> = {}): Promise<ProgrammeReport> {
  const response = await fetch(`${t.url}/api/admin/report?${new URLSearchParams(query)}`, { headers: { authorization: `Bearer ${t.app.adminIssuer.sign(LOCAL_ADMIN)}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as ProgrammeReport;
}

// ------------------------------------------------------------ the answers, from the scenario

interface Filters {
  region?: string;
  councilType?: string;
  months?: [string, string];
}

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const dayNumber = (iso: string) => Math.floor(Date.parse(iso) / DAY);

async function answersFor(f: Filters) {
  const at = now();
  const people = (await Promise.all(made.map(async (m) => ({ made: m, p: await stateOf(m.id) })))).filter((x) => x.p || !x.made.confirmed);
  const here = (region: string, councilType: string) => (!f.region || region === f.region) && (!f.councilType || councilType === f.councilType);
  const inMonths = (iso: string) => !f.months || (iso.slice(0, 7) >= f.months[0] && iso.slice(0, 7) <= f.months[1]);
  const live = people.flatMap((x) => (x.p && here(x.p.region, x.p.councilType) ? [x.p] : []));
  const matches = await allMatches();
  const regionOfMentee = new Map(made.map((m) => [m.id, m]));
  const matchHere = (m: Match) => {
    const who = regionOfMentee.get(m.menteeId)!;
    return here(who.region, who.councilType);
  };
  const counted = matches.filter((m) => matchHere(m) && inMonths(m.proposedAt));
  const byStatus = Object.fromEntries(MATCH_STATUSES.map((s) => [s, counted.filter((m) => m.status === s).length]));

  const pendingOf = (role: string) =>
    people.filter((x) => !x.made.confirmed && x.made.role === role && here(x.made.region, x.made.councilType) && Date.parse(x.made.createdAt) + 7 * DAY > at.getTime()).length;
  const countOf = (role: string, status: string) => live.filter((p) => p.role === role && p.status === status).length;

  const everAccepted = byStatus.ACCEPTED! + byStatus.ENDED!;
  const answered = everAccepted + byStatus.DECLINED! + byStatus.EXPIRED!;
  const daysToAccept = counted.filter((m) => m.status === 'ACCEPTED' || m.status === 'ENDED').map((m) => Math.round((Date.parse(m.decidedAt!) - Date.parse(m.proposedAt)) / (DAY / 10)) / 10);

  // Waiting since: confirmation, the last close of one of their matches, or their resume.
  const activeMentees = live.filter((p) => p.role === 'mentee' && p.status === 'ACTIVE');
  const waitingMentees = activeMentees.filter((p) => !matches.some((m) => m.menteeId === p.id && (m.status === 'PROPOSED' || m.status === 'ACCEPTED')));
  const since = (p: ProfileWithState) =>
    [p.verifiedAt!, resumedAt.get(p.id) ?? '', ...matches.filter((m) => m.menteeId === p.id).map((m) => m.endedAt ?? (m.status === 'ACCEPTED' ? '' : (m.decidedAt ?? '')))].sort().at(-1)!;
  const waitedDays = waitingMentees.map((p) => dayNumber(at.toISOString()) - dayNumber(`${since(p).slice(0, 10)}T00:00:00.000Z`));

  const activeMentors = live.filter((p) => p.role === 'mentor' && p.status === 'ACTIVE');
  const acceptedWith = (mentorId: string) => matches.filter((m) => m.mentorId === mentorId && m.status === 'ACCEPTED').length;
  const freeOf = (p: ProfileWithState) => (p.role === 'mentor' ? Math.max(0, p.capacity - acceptedWith(p.id)) : 0);
  const mentorsHere = new Set(live.filter((p) => p.role === 'mentor').map((p) => p.id));

  const skills = SKILLS.map((s) => {
    const menteesWanting = activeMentees.filter((p) => p.skills.includes(s.id)).length;
    const mentorPlacesOffering = activeMentors.filter((p) => p.skills.includes(s.id)).reduce((n, p) => n + freeOf(p), 0);
    return { id: s.id, name: s.name, menteesWanting, mentorPlacesOffering, gap: menteesWanting - mentorPlacesOffering };
  }).sort((a, b) => b.gap - a.gap || a.name.localeCompare(b.name));

  const regions = REGIONS.map((r) => r.name)
    .filter((r) => !f.region || r === f.region)
    .map((region) => ({
      region,
      mentees: activeMentees.filter((p) => p.region === region).length,
      mentors: activeMentors.filter((p) => p.region === region).length,
      waiting: waitingMentees.filter((p) => p.region === region).length,
      mentorPlacesFree: activeMentors.filter((p) => p.region === region).reduce((n, p) => n + freeOf(p), 0),
      acceptedMatches: counted.filter((m) => m.status === 'ACCEPTED' && regionOfMentee.get(m.menteeId)!.region === region).length,
    }));

  const ratings = answers.filter((a) => {
    const m = matches.find((x) => x.id === a.matchId)!;
    return matchHere(m) && inMonths(a.at);
  });

  const lastRound = rounds[0]!;
  const proposedInLast = new Set(matches.filter((m) => m.roundId === lastRound.id).map((m) => m.menteeId));
  const unmatched = waitingBeforeLastRound.filter((id) => !proposedInLast.has(id) && here(regionOfMentee.get(id)!.region, regionOfMentee.get(id)!.councilType));
  const shownRounds = rounds.filter((r) => inMonths(r.startedAt));

  return {
    generatedAt: at.toISOString(),
    people: {
      mentee: { PENDING_VERIFICATION: pendingOf('mentee'), ACTIVE: countOf('mentee', 'ACTIVE'), PAUSED: countOf('mentee', 'PAUSED') },
      mentor: { PENDING_VERIFICATION: pendingOf('mentor'), ACTIVE: countOf('mentor', 'ACTIVE'), PAUSED: countOf('mentor', 'PAUSED') },
    },
    matches: byStatus,
    acceptanceRate: answered === 0 ? null : everAccepted / answered,
    medianDaysToAccept: median(daysToAccept),
    waiting: {
      mentees: waitingMentees.length,
      medianDaysWaiting: median(waitedDays),
      longestDaysWaiting: waitedDays.length === 0 ? null : Math.max(...waitedDays),
      byDuration: [
        [0, 7],
        [8, 30],
        [31, 90],
        [91, Infinity],
      ].map(([lo, hi]) => waitedDays.filter((d) => d >= lo! && d <= hi!).length),
    },
    places: {
      offered: activeMentors.reduce((n, p) => n + (p.role === 'mentor' ? p.capacity : 0), 0),
      used: matches.filter((m) => m.status === 'ACCEPTED' && mentorsHere.has(m.mentorId)).length,
      proposed: matches.filter((m) => m.status === 'PROPOSED' && mentorsHere.has(m.mentorId)).length,
      free: activeMentors.reduce((n, p) => n + freeOf(p), 0),
    },
    mentorUtilisation: {
      none: activeMentors.filter((p) => acceptedWith(p.id) === 0).length,
      partly: activeMentors.filter((p) => p.role === 'mentor' && acceptedWith(p.id) > 0 && acceptedWith(p.id) < p.capacity).length,
      full: activeMentors.filter((p) => p.role === 'mentor' && acceptedWith(p.id) >= p.capacity).length,
    },
    skills,
    regions,
    unmatched,
    feedback: {
      responses: ratings.length,
      averageRating: ratings.length === 0 ? null : ratings.reduce((n, a) => n + a.rating, 0) / ratings.length,
      mentees: ratings.filter((a) => a.from === 'mentee').length,
      mentors: ratings.filter((a) => a.from === 'mentor').length,
    },
    rounds: shownRounds.map((r) => ({
      id: r.id,
      mentees: r.mentees,
      mentors: r.mentors,
      proposed: r.proposed,
      totalScore: r.totalScore,
      greedyScore: r.greedyScore,
      durationMs: r.durationMs,
      optimality: r.optimality,
      candidatesPerMentee: r.candidatesPerMentee,
      shortfallBound: r.shortfallBound ?? null,
    })),
  };
}

function expectReport(r: ProgrammeReport, a: Awaited<ReturnType<typeof answersFor>>) {
  expect(r.generatedAt).toBe(a.generatedAt);
  expect(r.people).toEqual(a.people);
  expect(r.matches).toEqual(a.matches);
  if (a.acceptanceRate === null) expect(r.acceptanceRate).toBeNull();
  else expect(r.acceptanceRate).toBeCloseTo(a.acceptanceRate, 10);
  // The report halves whole tenths of a day and rounds to hundredths, the test adds days as floats: 0.85 against 0.8500000000000001.
  if (a.medianDaysToAccept === null) expect(r.medianDaysToAccept).toBeNull();
  else expect(r.medianDaysToAccept).toBeCloseTo(a.medianDaysToAccept, 10);
  expect({ ...r.waiting, byDuration: r.waiting.byDuration.map((b) => b.mentees) }).toEqual(a.waiting);
  expect(r.places).toEqual({ ...a.places, utilisation: a.places.offered === 0 ? null : a.places.used / a.places.offered });
  expect(r.mentorUtilisation).toEqual({ ...a.mentorUtilisation, mentors: a.mentorUtilisation.none + a.mentorUtilisation.partly + a.mentorUtilisation.full });
  expect(r.skills).toEqual(a.skills);
  expect(r.regions).toEqual(a.regions);
  expect(r.unmatched.map((u) => u.menteeId).sort()).toEqual([...a.unmatched].sort());
  expect(r.unmatched.map((u) => u.waitingSince)).toEqual(r.unmatched.map((u) => u.waitingSince).sort());
  expect(r.unmatchedByReason.reduce((n, u) => n + u.mentees, 0)).toBe(a.unmatched.length);
  expect(r.feedback).toEqual(a.feedback);
  expect(
    r.rounds.map(({ id, mentees, mentors, proposed, totalScore, greedyScore, durationMs, optimality, candidatesPerMentee, shortfallBound }) => ({
      id,
      mentees,
      mentors,
      proposed,
      totalScore,
      greedyScore,
      durationMs,
      optimality,
      candidatesPerMentee,
      shortfallBound,
    })),
  ).toEqual(a.rounds);
  for (const x of r.rounds) expect(x.gain).toBeCloseTo(x.totalScore - x.greedyScore!, 1);
  expect(r.latestRound).toEqual({ id: rounds[0]!.id, startedAt: rounds[0]!.startedAt, unmatched: rounds[0]!.unmatched });
  expect(r.nextSteps.length).toBeGreaterThan(0);
}

describe('the programme report over the wire', () => {
  it('has the scenario it should: every kind of change happened', async () => {
    const statuses = new Set((await allMatches()).map((m) => m.status));
    expect([...statuses].sort()).toEqual([...MATCH_STATUSES].sort());
    expect(rounds).toHaveLength(2);
    // Both rounds record their proof over the default 200 candidates per mentee: a scenario this small is always proven.
    for (const round of rounds) expect(round).toMatchObject({ optimality: 'proven', candidatesPerMentee: { initial: 200, widened: 0 } });
    expect(rounds.every((round) => round.shortfallBound === undefined)).toBe(true);
    expect(answers.length).toBeGreaterThan(1);
    expect(resumedAt.size).toBe(1);
    const r = await report();
    expect(r.people.mentee.PAUSED * r.people.mentor.PAUSED * r.people.mentee.PENDING_VERIFICATION * r.people.mentor.PENDING_VERIFICATION).toBeGreaterThan(0);
  });

  it('answers every figure of the whole programme as the scenario says', async () => {
    const r = await report();
    expectReport(r, await answersFor({}));
    expect(r.unmatched.find((u) => u.menteeId === stuckId)).toMatchObject({ code: 'no-shared-skill' });
    expect(r.filters).toEqual({ from: null, to: null, region: null, councilType: null, months: { from: null, to: null } });
  });

  it('answers every figure for one region', async () => {
    // The region most mentees signed up from.
    const counts = new Map<string, number>();
    for (const m of made) if (m.role === 'mentee') counts.set(m.region, (counts.get(m.region) ?? 0) + 1);
    const [region] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    expectReport(await report({ region }), await answersFor({ region }));
  });

  it('answers every figure for one type of council', async () => {
    const councilType = made[3]!.councilType;
    expectReport(await report({ councilType }), await answersFor({ councilType }));
  });

  it('answers every figure for the months of the first round only', async () => {
    const month = rounds[1]!.startedAt.slice(0, 7);
    const r = await report({ from: `${month}-01`, to: month });
    expect(r.filters.months).toEqual({ from: month, to: month });
    expectReport(r, await answersFor({ months: [month, month] }));
  });

  it('answers 400 problem+json for filters it cannot use', async () => {
    const response = await fetch(`${t.url}/api/admin/report?from=2026-02-30&councilType=Parish`, { headers: { authorization: `Bearer ${t.app.adminIssuer.sign(LOCAL_ADMIN)}` } });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(((await response.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual(['councilType', 'from']);
  });

  it('shows the same figures on the page', async () => {
    const response = await fetch(`${t.url}/admin/report`, { headers: { authorization: `Bearer ${t.app.adminIssuer.sign(LOCAL_ADMIN)}` } });
    expect(response.status).toBe(200);
    const body = await response.text();
    const r = await report();
    expect(body).toContain(`<span class="app-figure__value">${r.people.mentee.ACTIVE}</span> <span class="app-figure__label">active mentees</span>`);
    expect(body).toContain(`<span class="app-figure__value">${r.waiting.mentees}</span>`);
    const roundsTable = body.slice(body.indexOf('id="rounds"'));
    expect(roundsTable).toContain('>Best answer</th>');
    expect(roundsTable).toContain('>Candidates per mentee</th>');
    expect(roundsTable.match(/<td class="govuk-table__cell govuk-table__cell--numeric">Proven<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">200<\/td>/g)).toHaveLength(r.rounds.length);
  });

  it('gives the same report after its counters are rebuilt from the data, twice', async () => {
    const before = await report();
    expect(await rebuildReportCounters(t.deps)).toMatchObject({ cells: expect.any(Number) });
    expect(await report()).toEqual(before);
    await rebuildReportCounters(t.deps);
    expect(await report()).toEqual(before);
  });
});
