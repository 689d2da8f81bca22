/**
 * The weekly summary email to programme admins: the headline figures, what
 * changed since the last weekly summary, the top skill gaps (whom to
 * recruit), the mentees waiting longest, and a link to the report. It names
 * no participant: ids and regions only (the report, behind sign-in, has the rest).
 */
import { button, layout, type Row, rowsHtml, rowsText } from './emails';
import { html } from './html';
import type { OutgoingEmail } from './outbox';

/** The figures the summary needs; the programme report provides them. */
export interface SummaryFigures {
  people: { mentee: Record<string, number>; mentor: Record<string, number> };
  matches: Record<string, number>;
  acceptanceRate: number | null;
  waiting: { mentees: number; medianDaysWaiting: number | null };
  places: { offered: number; used: number; proposed: number };
  skills: { id: string; name: string; menteesWanting: number; mentorPlacesOffering: number; gap: number }[];
  /** Mentees waiting longest, if the report lists them (ids and regions only). */
  waitingLongest?: { menteeId: string; days: number; region?: string }[];
}

/** The numbers compared week on week. */
export type Headline = Record<(typeof HEADLINE)[number]['key'], number>;

const HEADLINE = [
  { key: 'activeMentees', label: 'Active mentees' },
  { key: 'activeMentors', label: 'Active mentors' },
  { key: 'waitingMentees', label: 'Mentees waiting for a mentor' },
  { key: 'openProposals', label: 'Proposals awaiting an answer' },
  { key: 'acceptedMatches', label: 'Matches under way' },
  { key: 'endedMatches', label: 'Matches completed' },
  { key: 'placesOffered', label: 'Mentor places offered' },
  { key: 'placesUsed', label: 'Mentor places in use' },
] as const;

export function headlineOf(f: SummaryFigures): Headline {
  return {
    activeMentees: f.people.mentee.ACTIVE ?? 0,
    activeMentors: f.people.mentor.ACTIVE ?? 0,
    waitingMentees: f.waiting.mentees,
    openProposals: f.matches.PROPOSED ?? 0,
    acceptedMatches: f.matches.ACCEPTED ?? 0,
    endedMatches: f.matches.ENDED ?? 0,
    placesOffered: f.places.offered,
    placesUsed: f.places.used,
  };
}

const change = (now: number, before: number | undefined) => {
  if (before === undefined) return '';
  const d = now - before;
  return d === 0 ? ' (no change)' : ` (${d > 0 ? 'up' : 'down'} ${Math.abs(d)})`;
};

const TOP_GAPS = 5;
const LONGEST = 5;

export function weeklySummaryEmail(p: {
  to: string;
  figures: SummaryFigures;
  /** The headline of the last weekly summary, for "what changed". */
  previous?: { headline: Headline; sentAt: string };
  reportUrl: string;
}): OutgoingEmail {
  const { figures, previous } = p;
  const headline = headlineOf(figures);
  const rows: Row[] = HEADLINE.map((h) => ({ label: h.label, value: `${headline[h.key]}${change(headline[h.key], previous?.headline[h.key])}` }));
  rows.push({
    label: 'Acceptance rate',
    value: figures.acceptanceRate === null ? 'No answers yet' : `${Math.round(figures.acceptanceRate * 100)}%`,
  });
  rows.push({
    label: 'Median wait for a mentor',
    value: figures.waiting.medianDaysWaiting === null ? 'Nobody is waiting' : `${figures.waiting.medianDaysWaiting} days`,
  });
  const gaps = figures.skills
    .filter((s) => s.gap > 0)
    .sort((a, b) => b.gap - a.gap || a.name.localeCompare(b.name))
    .slice(0, TOP_GAPS);
  const gapRows: Row[] = gaps.map((s) => ({
    label: s.name,
    value: `${s.menteesWanting} mentees want it, ${s.mentorPlacesOffering} free mentor places offer it: ${s.gap} short`,
  }));
  const longest = (figures.waitingLongest ?? []).slice(0, LONGEST);
  const longestRows: Row[] = longest.map((w) => ({ label: `Mentee ${w.menteeId.slice(0, 8)}`, value: `${w.days} days${w.region ? `, ${w.region}` : ''}` }));
  const since = previous ? `Changes are since the summary of ${new Date(previous.sentAt).toLocaleDateString('en-GB', { timeZone: 'Europe/London', dateStyle: 'long' })}.` : 'This is the first weekly summary, so there are no changes to show yet.';

  return layout({
    to: p.to,
    template: 'weekly-summary',
    subject: 'Mentor Match: your weekly programme summary',
    heading: 'Your weekly programme summary',
    html: html`<p>${since}</p>
${rowsHtml(rows)}
<h2 style="font-size:22px;margin:24px 0 8px">Skills to recruit mentors for</h2>
${gapRows.length > 0 ? rowsHtml(gapRows) : html`<p>Every skill mentees want has enough free mentor places.</p>`}
${longestRows.length > 0 ? html`<h2 style="font-size:22px;margin:24px 0 8px">Mentees waiting longest</h2>${rowsHtml(longestRows)}` : ''}
${button(p.reportUrl, 'Open the programme report', '#1d70b8')}`,
    text: [
      since,
      '',
      rowsText(rows),
      '',
      'Skills to recruit mentors for',
      gapRows.length > 0 ? rowsText(gapRows) : 'Every skill mentees want has enough free mentor places.',
      ...(longestRows.length > 0 ? ['', 'Mentees waiting longest', rowsText(longestRows)] : []),
      '',
      `Open the programme report: ${p.reportUrl}`,
    ].join('\n'),
  });
}
