/**
 * CSV for spreadsheets, built with csv-stringify (RFC 4180 quoting: a cell
 * with a comma, quote or line break is quoted, quotes doubled). Spreadsheet
 * safe: a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return (or their full-width forms) gets a leading `'`, so Excel, Sheets and
 * Numbers show it as text instead of running it as a formula (OWASP's advice
 * on CSV injection); numbers stay numbers. A byte-order mark leads the file,
 * so Excel reads names like "Siân" or "Ó Briain" as UTF-8.
 */
import { stringify } from 'csv-stringify/sync';
import type { Cell, Column } from '../../shared/app/exports';

export function toCsv<R extends { [K in keyof R]: Cell }>(columns: readonly Column<R>[], rows: readonly R[]): string {
  return stringify(rows as unknown as Record<string, Cell>[], {
    header: true,
    columns: columns.map((c) => ({ key: c.key, header: c.header })),
    escape_formulas: true,
    bom: true,
    record_delimiter: 'windows',
    // Naming a record delimiter turns off quoting of a lone \n or \r inside a cell unless this is set.
    quote_record_delimiter: true,
  });
}
