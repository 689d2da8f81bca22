/**
 * The weekly summary to programme admins. Due from Monday 08:00 London time
 * each ISO week (EventBridge Scheduler fires then in AWS; the local runtime
 * checks every few minutes), sent once a week: the record of the week's
 * summary and its emails are written together, so a retried or doubled run
 * sends nothing twice. `force` (npm run admin:summary) sends now regardless.
 */
import { headlineOf, type SummaryFigures, weeklySummaryEmail } from '../domain/weekly-summary';
import type { Deps } from '../ports';
import { newOutboxMessage } from './outbox-message';

/**
 * Built on first use, not at import: a formatter with a time zone loads
 * ICU's zone data (~10 ms), which every job function importing this module
 * would otherwise pay at cold start.
 */
let london: Intl.DateTimeFormat | undefined;
const londonFormat = () =>
  (london ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
    weekday: 'short',
  }));

/** The London calendar date, hour and weekday (1 = Monday … 7 = Sunday) of an instant. */
function londonParts(at: Date) {
  const parts = Object.fromEntries(londonFormat().formatToParts(at).map((p) => [p.type, p.value]));
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday ?? '') + 1;
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), weekday };
}

/** The ISO week (`2026-W49`) of the London date of an instant. */
export function isoWeekOf(at: Date): string {
  const { year, month, day, weekday } = londonParts(at);
  // The Thursday of this week decides its year (ISO 8601).
  const thursday = new Date(Date.UTC(year, month - 1, day + 4 - weekday));
  const jan1 = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((thursday.getTime() - jan1) / 86_400_000 + 1) / 7);
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** From Monday 08:00 London time on, this week's summary is due. */
export function weeklySummaryOpen(at: Date): boolean {
  const { weekday, hour } = londonParts(at);
  return weekday > 1 || hour >= 8;
}

export interface WeeklySummaryOutcome {
  week: string;
  /** Emails queued (one per admin); 0 when nothing was due or it was sent already. */
  queued: number;
  reason?: 'not-due' | 'sent-already' | 'no-admins';
}

export async function sendWeeklySummary(
  deps: Pick<Deps, 'summaries' | 'clock' | 'ids' | 'config' | 'logger'>,
  o: { figures: SummaryFigures; adminEmails: readonly string[]; force?: boolean },
): Promise<WeeklySummaryOutcome> {
  const now = deps.clock.now();
  const week = isoWeekOf(now);
  if (o.adminEmails.length === 0) return { week, queued: 0, reason: 'no-admins' };
  const previous = await deps.summaries.lastWeeklySummary();
  if (!o.force && (!weeklySummaryOpen(now) || previous?.week === week)) {
    return { week, queued: 0, reason: previous?.week === week ? 'sent-already' : 'not-due' };
  }
  // Compared with the last summary of an earlier week, so a second one in a week still says what changed since last week.
  const before = previous && previous.week !== week ? previous : undefined;
  const reportUrl = `${deps.config.baseUrl}/admin`;
  const messages = o.adminEmails.map((to) =>
    newOutboxMessage(deps, weeklySummaryEmail({ to, figures: o.figures, previous: before && { headline: before.headline as never, sentAt: before.sentAt }, reportUrl })),
  );
  const record = { week, sentAt: now.toISOString(), headline: headlineOf(o.figures) };
  const recorded = await deps.summaries.recordWeeklySummary(record, messages, { replace: o.force === true });
  if (!recorded) return { week, queued: 0, reason: 'sent-already' };
  // Counts only: admin addresses are personal data.
  deps.logger.info('Weekly summary queued', { week, queued: messages.length, forced: o.force === true });
  return { week, queued: messages.length };
}
