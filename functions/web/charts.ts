/**
 * Server-rendered SVG bar charts: no JavaScript, no third-party code, and
 * within the pages' CSP (no inline styles: colours and type come from
 * classes in /assets/app.css). Each chart is an image with a title and a
 * description for screen readers; the page puts a table of the same figures
 * beside it, which is what assistive technology should read, and which says
 * in words whatever the chart marks with colour.
 */
import { html, type SafeHtml } from '../../shared/domain/html';

export interface ChartSeries {
  /** Names the series in the legend. */
  name: string;
  /** The bar's class in app.css (`app-chart__bar--primary`, `--secondary`, `--alert`). */
  className: string;
}

export interface ChartRow {
  label: string;
  /** One value per series, in the chart's series order. */
  values: number[];
  /** A short note after the bars, e.g. "gap 12", drawn with `noteClass`. */
  note?: string;
  noteClass?: string;
}

export interface BarChartOptions {
  /** Unique on the page; the title and description take ids from it. */
  id: string;
  title: string;
  description: string;
  series: ChartSeries[];
  rows: ChartRow[];
}

const WIDTH = 480;
const LABEL_WIDTH = 180;
const VALUE_SPACE = 90;
const BAR_HEIGHT = 14;
const ROW_GAP = 10;
const TOP = 28;
/** Characters of a label that fit in LABEL_WIDTH at the chart's type size (the table beside has the whole label). */
const LABEL_CHARS = 27;

const short = (label: string) => (label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1).trimEnd()}…` : label);

/** A horizontal bar chart: one row per label, one bar per series, the value at the end of each bar. */
export function barChart(o: BarChartOptions): SafeHtml {
  const max = Math.max(1, ...o.rows.flatMap((r) => r.values));
  const barSpace = WIDTH - LABEL_WIDTH - VALUE_SPACE;
  const rowHeight = o.series.length * BAR_HEIGHT + ROW_GAP;
  const height = TOP + o.rows.length * rowHeight + 4;
  const legend = o.series.map(
    (s, k) =>
      html`<rect class="${s.className}" x="${String(LABEL_WIDTH + k * 150)}" y="4" width="12" height="12"></rect><text class="app-chart__legend" x="${String(LABEL_WIDTH + k * 150 + 16)}" y="15">${s.name}</text>`,
  );
  const rows = o.rows.map((row, i) => {
    const y = TOP + i * rowHeight;
    const bars = row.values.map((value, k) => {
      const w = value <= 0 ? 0 : Math.max(1, Math.round((value / max) * barSpace));
      const by = y + k * BAR_HEIGHT;
      return html`<rect class="${o.series[k]!.className}" x="${String(LABEL_WIDTH)}" y="${String(by)}" width="${String(w)}" height="${String(BAR_HEIGHT - 2)}"></rect><text class="app-chart__value" x="${String(LABEL_WIDTH + w + 4)}" y="${String(by + BAR_HEIGHT - 3)}">${String(value)}</text>`;
    });
    // Right-aligned in the space the bars leave free: the longest bar and its value end before it.
    const note = row.note
      ? html`<text class="${row.noteClass ?? 'app-chart__note'}" x="${String(WIDTH - 2)}" y="${String(y + BAR_HEIGHT - 3)}" text-anchor="end">${row.note}</text>`
      : '';
    return html`<g><text class="app-chart__label" x="${String(LABEL_WIDTH - 6)}" y="${String(y + BAR_HEIGHT - 3)}" text-anchor="end">${short(row.label)}</text>${bars}${note}</g>`;
  });
  return html`<svg class="app-chart" viewBox="0 0 ${String(WIDTH)} ${String(height)}" role="img" aria-labelledby="${o.id}-title ${o.id}-desc" focusable="false" xmlns="http://www.w3.org/2000/svg">
<title id="${o.id}-title">${o.title}</title>
<desc id="${o.id}-desc">${o.description}</desc>
${legend}
${rows}
</svg>`;
}
