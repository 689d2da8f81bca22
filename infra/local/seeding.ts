/**
 * Filling a local stack with people (`npm run seed`), through the real use
 * cases and stores, so everything the service keeps beside a change (the
 * matching state, the outbox, counters) is kept as it would be:
 *
 * - `seedActive`: N mentees and M mentors, confirmed and ACTIVE, written with
 *   the profile store's own create and confirm (two transactions a person),
 *   a few dozen at a time;
 * - `seedDemo`: a programme of a few weeks lived through with a clock that
 *   moves day by day: sign-ups and confirmations, a weekly matching round,
 *   mentors accepting, declining or letting proposals lapse, reminders and
 *   expiries, matches ending with feedback, mentors pausing, people erasing
 *   themselves, and an admin changing the weights, running a round,
 *   pausing a mentor and withdrawing a proposal (so the audit log has
 *   entries). It ends at the real now, with proposals still open.
 *
 * Both take their Deps, so tests run them on a table of their own.
 */
import { randomUUID } from 'node:crypto';
import { pauseMentorForAdmin, recordSignIn, withdrawProposal } from '../../shared/app/admin';
import { runRoundForAdmin } from '../../shared/app/admin-round';
import { pauseMentor, resumeMentor } from '../../shared/app/availability';
import { mapWithConcurrency } from '../../shared/app/concurrency';
import { eraseProfile } from '../../shared/app/erasure';
import { confirmEmail, submitProfile } from '../../shared/app/intake';
import { endMatch, submitFeedback } from '../../shared/app/lifecycle';
import { acceptProposal, declineProposal, processProposalDeadlines } from '../../shared/app/proposals';
import { runMatchingRound } from '../../shared/app/rounds';
import { changeWeights } from '../../shared/app/weights';
import { Conflict, DomainError, LinkUsed } from '../../shared/domain/errors';
import { DURATIONS_MONTHS, RHYTHMS } from '../../shared/domain/match';
import { deriveCouncilFacts, type Profile, type ProfileSubmission } from '../../shared/domain/profile';
import type { AuditActor, Clock, Deps } from '../../shared/ports';
import { generatePeople } from '../../tests/fixtures/people';
import { seededRandom } from '../../tests/fixtures/profiles';
import type { Progress } from './progress';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Writes in flight at once: DynamoDB Local (one JVM, transactions serialised) is fastest around 8 and slower above 16. */
export const SEED_CONCURRENCY = 8;

/** A clock the seed moves by hand. */
export function movableClock(start = new Date()): Clock & { set(at: Date): void; advance(ms: number): void } {
  let t = start.getTime();
  return { now: () => new Date(t), set: (at) => void (t = at.getTime()), advance: (ms) => void (t += ms) };
}

function profileOf(s: ProfileSubmission, createdAt: string): Profile {
  return {
    ...s,
    ...deriveCouncilFacts(s.councilCode),
    id: randomUUID(),
    status: 'PENDING_VERIFICATION',
    createdAt,
    updatedAt: createdAt,
    consentedAt: createdAt,
  };
}

export interface ActiveSummary {
  created: number;
  /** Already there (the same generated address from an earlier run with the same seed). */
  skipped: number;
}

/** N mentees and M mentors, ACTIVE and waiting, signed up over the past four weeks. */
export async function seedActive(
  deps: Deps,
  o: { mentees: number; mentors: number; seed: number },
  progress: Progress,
): Promise<ActiveSummary> {
  const people = generatePeople({ mentees: o.mentees, mentors: o.mentors, seed: o.seed });
  const all = [...people.mentors, ...people.mentees];
  const random = seededRandom(o.seed + 101);
  const now = deps.clock.now().getTime();
  const summary = { created: 0, skipped: 0 };
  await mapWithConcurrency(all, SEED_CONCURRENCY, async (submission) => {
    const profile = profileOf(submission, new Date(now - Math.floor(random() * 28 * DAY)).toISOString());
    try {
      await deps.profiles.createProfile(profile, []);
      await deps.profiles.activateProfile(profile.id, deps.clock.now().toISOString());
      summary.created++;
    } catch (error) {
      if (!(error instanceof Conflict)) throw error;
      summary.skipped++;
    }
    progress.tick();
  });
  return summary;
}

export interface DemoOptions {
  seed: number;
  mentees: number;
  mentors: number;
  weeks: number;
}

export const DEMO: DemoOptions = { seed: 2026, mentees: 240, mentors: 75, weeks: 10 };

export interface DemoSummary {
  people: number;
  pending: number;
  rounds: number;
  proposals: number;
  accepted: number;
  declined: number;
  expired: number;
  ended: number;
  feedback: number;
  withdrawn: number;
  paused: number;
  erased: number;
  /** Actions that found their subject moved on (a proposal answered by the expiry job first): skipped, as a person would be told. */
  skipped: number;
}

/** The programme team's admin in the demo's audit log. */
export const DEMO_ADMIN: AuditActor = { subject: 'demo-admin', email: 'programme.team@socitm.example', via: 'page' };

type Plan = { day: number; done?: boolean; run: () => Promise<void> };

/** What happens to a proposal, drawn when it is made so the story does not depend on the order work finishes in. */
interface Fate {
  outcome: 'accept' | 'decline' | 'silence';
  answerIn: number;
  rhythm: (typeof RHYTHMS)[number]['id'];
  durationMonths: (typeof DURATIONS_MONTHS)[number];
  declineReason?: string;
  /** Days after acceptance the match ends, if it ends within the demo. */
  endsAfter?: number;
  endedBy: 'mentee' | 'mentor';
  feedback: { side: 'mentee' | 'mentor'; inDays: number; rating: number; comment?: string }[];
}

/**
 * Lives through `weeks` of a programme, day by day, and ends at the clock's
 * time when it was called. `clock` is the one `deps` runs on. Each day:
 * sign-ups from 09:00, the matching round at 07:00 once a week (the last one
 * two days before the end, so proposals are still open), mentors' answers,
 * endings and feedback at 11:00, the deadline job at 16:00, people's own
 * moves at 17:00. The running service's outbox sender delivers the mail as
 * it goes (the mail viewer fills with the programme's emails, whose links
 * have mostly expired by now).
 */
export async function seedDemo(
  deps: Deps,
  clock: ReturnType<typeof movableClock>,
  o: DemoOptions,
  progress: Progress,
): Promise<DemoSummary> {
  const end = clock.now();
  const days = o.weeks * 7;
  const start = new Date(Math.floor(end.getTime() / DAY) * DAY - days * DAY);
  const at = (day: number, hour: number) => clock.set(new Date(start.getTime() + day * DAY + hour * HOUR));
  const random = seededRandom(o.seed);
  const chance = (p: number) => random() < p;
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const summary: DemoSummary = {
    people: 0,
    pending: 0,
    rounds: 0,
    proposals: 0,
    accepted: 0,
    declined: 0,
    expired: 0,
    ended: 0,
    feedback: 0,
    withdrawn: 0,
    paused: 0,
    erased: 0,
    skipped: 0,
  };
  const token = (action: string, subject: string) =>
    deps.signer.sign(action, subject, new Date(clock.now().getTime() + 365 * DAY));
  const plans: Plan[] = [];
  const later = (day: number, run: () => Promise<void>) => void plans.push({ day, run });
  /** A person's move that may find things moved on (answered by the expiry job first): skipped, as their page would say. */
  const attempt = async (work: () => Promise<unknown>) => {
    try {
      await work();
      return true;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      summary.skipped++;
      return false;
    }
  };

  // Mentors are recruited first; mentees keep arriving until the last days.
  const people = generatePeople({ mentees: o.mentees, mentors: o.mentors, seed: o.seed });
  const signUps = [
    ...people.mentors.map((submission) => ({
      day: Math.floor(random() ** 1.6 * (days - 14)),
      submission,
      confirms: chance(0.95),
    })),
    ...people.mentees.map((submission) => ({
      day: Math.floor(random() * (days - 2)),
      submission,
      confirms: chance(0.9),
    })),
  ];
  const mentorIds: string[] = [];
  // Most mentors answer; a few let their proposals lapse (and are paused after two in a row).
  const unresponsive = new Set(people.mentors.filter(() => chance(0.12)).map((m) => m.email));
  const emailOf = new Map<string, string>();

  const signUp = async (s: ProfileSubmission, confirms: boolean) => {
    // DynamoDB Local deletes items past their TTL by the wall clock, weeks ahead of the demo's: a pending
    // profile can vanish before it is confirmed, its email claim a moment later. The person then signs up
    // again once the claim has gone too (Conflict until then).
    for (let tries = 0; tries < 20; tries++) {
      try {
        const { id } = await submitProfile(s, deps);
        if (!confirms) return void summary.pending++;
        await confirmEmail(token('confirm-email', id), deps);
        summary.people++;
        emailOf.set(id, s.email);
        if (s.role === 'mentor') mentorIds.push(id);
        return;
      } catch (error) {
        if (!(error instanceof LinkUsed || error instanceof Conflict)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    summary.skipped++;
  };

  const fateOf = (mentorId: string): Fate => {
    const silentShare = unresponsive.has(emailOf.get(mentorId) ?? '') ? 0.75 : 0.1;
    const draw = random();
    const outcome =
      draw < silentShare ? 'silence' : draw < silentShare + (1 - silentShare) * 0.2 ? 'decline' : 'accept';
    return {
      outcome,
      answerIn: outcome === 'decline' ? between(1, 3) : between(0, 4),
      rhythm: pick(RHYTHMS).id,
      durationMonths: pick(DURATIONS_MONTHS),
      declineReason: pick([
        undefined,
        'No free time this quarter.',
        'Our skills do not overlap enough.',
        'I know them from a previous job.',
      ]),
      endsAfter: chance(0.5) ? between(21, 49) : undefined,
      endedBy: chance(0.5) ? 'mentee' : 'mentor',
      feedback: (['mentee', 'mentor'] as const).flatMap((side) =>
        chance(0.75)
          ? [
              {
                side,
                inDays: between(0, 3),
                rating: pick([2, 3, 4, 4, 5, 5, 5]),
                comment: pick([
                  undefined,
                  'Really useful; we will keep in touch.',
                  'Good conversations, though hard to find time.',
                  'Helped me prepare for a new role.',
                ]),
              },
            ]
          : [],
      ),
    };
  };

  const planned = new Set<string>();
  const dayOf = (d: Date) => Math.floor((d.getTime() - start.getTime()) / DAY);
  const planAnswers = async () => {
    for (const match of await deps.matches.listMatches('PROPOSED')) {
      if (planned.has(match.id)) continue;
      planned.add(match.id);
      summary.proposals++;
      const today = dayOf(clock.now());
      const fate = fateOf(match.mentorId);
      if (fate.outcome === 'decline') {
        later(today + fate.answerIn, async () => {
          if (await attempt(() => declineProposal(token('decline', match.id), { reason: fate.declineReason }, deps)))
            summary.declined++;
        });
      }
      if (fate.outcome !== 'accept') continue; // silence: the deadline job reminds, then expires it
      later(today + fate.answerIn, async () => {
        if (
          !(await attempt(() =>
            acceptProposal(
              token('accept', match.id),
              { rhythm: fate.rhythm, durationMonths: fate.durationMonths },
              deps,
            ),
          ))
        )
          return;
        summary.accepted++;
        if (fate.endsAfter === undefined) return;
        const endDay = today + fate.answerIn + fate.endsAfter;
        later(endDay, async () => {
          if (!(await attempt(() => endMatch(token('end', `${match.id}:${fate.endedBy}`), deps)))) return;
          summary.ended++;
          for (const f of fate.feedback) {
            later(endDay + f.inDays, async () => {
              if (
                await attempt(() =>
                  submitFeedback(
                    token('feedback', `${match.id}:${f.side}`),
                    { rating: f.rating, comment: f.comment },
                    deps,
                  ),
                )
              )
                summary.feedback++;
            });
          }
        });
      });
    }
  };

  const lastRoundDay = days - 2;
  const roundDays = new Set(
    Array.from({ length: days }, (_, d) => d).filter((d) => d >= 7 && (lastRoundDay - d) % 7 === 0),
  );
  // Half-way through, the programme team tunes the weights and runs a round themselves.
  const adminRoundDay = [...roundDays][Math.floor(roundDays.size / 2)] ?? -1;

  for (let day = 0; day < days; day++) {
    at(day, 7);
    if (day === adminRoundDay - 3) await changeWeights({ skills: 55, sameRegion: 25 }, DEMO_ADMIN, deps);
    if (roundDays.has(day)) {
      if (day === adminRoundDay) {
        await recordSignIn(DEMO_ADMIN, deps);
        await runRoundForAdmin(DEMO_ADMIN, deps);
      } else await runMatchingRound(deps, { trigger: 'schedule' });
      summary.rounds++;
      await planAnswers();
    }
    at(day, 9);
    await mapWithConcurrency(
      signUps.filter((u) => u.day === day),
      8,
      (u) => signUp(u.submission, u.confirms),
    );
    at(day, 11);
    // Plans made today for today (feedback the day a match ends) run too; each plan touches its own match.
    for (
      let due = plans.filter((p) => p.day <= day && !p.done);
      due.length > 0;
      due = plans.filter((p) => p.day <= day && !p.done)
    ) {
      for (const plan of due) plan.done = true;
      await mapWithConcurrency(due, 8, (plan) => plan.run());
    }
    at(day, 16);
    const deadlines = await processProposalDeadlines(deps);
    summary.expired += deadlines.expired;
    summary.paused += deadlines.paused;
    at(day, 17);
    // People's own moves now and then: a mentor pauses and later resumes; the team pauses one; someone leaves.
    if (day === Math.floor(days / 2) && mentorIds.length > 3) {
      if (await attempt(() => pauseMentor(token('pause', mentorIds[1]!), deps))) summary.paused++;
      if (await attempt(() => pauseMentorForAdmin(mentorIds[2]!, DEMO_ADMIN, deps))) summary.paused++;
      later(day + 10, async () => void (await attempt(() => resumeMentor(token('resume', mentorIds[1]!), deps))));
    }
    if (day === days - 1 && mentorIds.length > 3) {
      const [open] = await deps.matches.listMatches('PROPOSED');
      if (open && (await attempt(() => withdrawProposal(open.id, DEMO_ADMIN, deps)))) summary.withdrawn++;
      if (await attempt(() => eraseProfile(token('erase', mentorIds[3]!), deps))) summary.erased++;
    }
    progress.tick(1, `week ${Math.floor(day / 7) + 1} of ${o.weeks}`);
  }
  clock.set(end);
  return summary;
}

const USAGE = 'use --demo, or --mentees N --mentors M (each 0 to 100000), optionally with --seed S';

/** What `npm run seed` was asked for. */
export type SeedCommand =
  | { kind: 'demo'; seed: number }
  | { kind: 'active'; mentees: number; mentors: number; seed: number };

export class UsageError extends Error {}

/** The command line, or a UsageError saying what is wrong in one line. */
export function parseSeedArgs(args: readonly string[]): SeedCommand {
  let demo = false;
  const numbers: Record<string, number> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--demo') {
      demo = true;
      continue;
    }
    if (arg === '--mentees' || arg === '--mentors' || arg === '--seed') {
      const raw = args[++i];
      if (raw === undefined || !/^\d+$/.test(raw)) throw new UsageError(`${arg} needs a whole number (${USAGE})`);
      const value = Number(raw);
      if (arg !== '--seed' && value > 100_000) throw new UsageError(`${arg} ${raw} is too many (${USAGE})`);
      numbers[arg.slice(2)] = value;
      continue;
    }
    throw new UsageError(`unknown option ${arg} (${USAGE})`);
  }
  const seed = numbers.seed ?? (demo ? DEMO.seed : 1);
  if (demo) {
    if (numbers.mentees !== undefined || numbers.mentors !== undefined)
      throw new UsageError(`--demo takes no --mentees or --mentors (${USAGE})`);
    return { kind: 'demo', seed };
  }
  if (numbers.mentees === undefined || numbers.mentors === undefined)
    throw new UsageError(`say what to seed: ${USAGE}`);
  return { kind: 'active', mentees: numbers.mentees, mentors: numbers.mentors, seed };
}
