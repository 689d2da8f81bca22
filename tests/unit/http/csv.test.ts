/**
 * The CSV exports are spreadsheet-safe: no cell a person typed can run as a
 * formula when an admin opens the file (OWASP CSV injection), and commas,
 * quotes, line breaks and non-ASCII names survive as one cell each.
 */
import { describe, expect, it } from 'vitest';
import type { Column } from '../../../shared/app/exports';
import { toCsv } from '../../../functions/http/csv';

interface Row {
  name: string;
  score: number;
}
const COLUMNS: Column<Row>[] = [
  { key: 'name', header: 'Name' },
  { key: 'score', header: 'Score' },
];
const BOM = '\ufeff';
const body = (csv: string) => csv.slice(BOM.length).split('\r\n').slice(1, -1);

describe('toCsv', () => {
  it('starts with a byte-order mark and a header row, ends every record with CRLF', () => {
    const csv = toCsv(COLUMNS, [{ name: 'Ada', score: 80 }]);
    expect(csv).toBe(`${BOM}Name,Score\r\nAda,80\r\n`);
  });

  it.each([
    ['=', '=HYPERLINK("http://evil.example","click")', `"'=HYPERLINK(""http://evil.example"",""click"")"`],
    ['+', '+1+1', "'+1+1"],
    ['-', '-2+3', "'-2+3"],
    ['@', '@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['tab', '\t=1+1', "'\t=1+1"],
    ['carriage return', '\r=1+1', `"'\r=1+1"`],
    ['full-width =', '＝1+1', "'＝1+1"],
    ['full-width +', '＋1', "'＋1"],
    ['full-width -', '－1', "'－1"],
    ['full-width @', '＠SUM(A1)', "'＠SUM(A1)"],
  ])('prefixes a cell starting with %s with an apostrophe, so it is text', (_what, name, cell) => {
    expect(body(toCsv(COLUMNS, [{ name, score: 1 }]))).toEqual([`${cell},1`]);
  });

  it('leaves a risky character alone after the first, and a negative number a number', () => {
    expect(body(toCsv(COLUMNS, [{ name: 'Ann = Bob + Cy', score: -5 }]))).toEqual(['Ann = Bob + Cy,-5']);
  });

  it('quotes cells with commas, quotes and line breaks, doubling the quotes', () => {
    const csv = toCsv(COLUMNS, [
      { name: 'Reid, Tom', score: 1 },
      { name: 'Tom "TJ" Reid', score: 2 },
      { name: 'Line one\nLine two', score: 3 },
    ]);
    expect(csv).toBe(`${BOM}Name,Score\r\n"Reid, Tom",1\r\n"Tom ""TJ"" Reid",2\r\n"Line one\nLine two",3\r\n`);
  });

  it('keeps non-ASCII names as they are (UTF-8)', () => {
    const names = ['Siân Ó Briain', 'Zoë Ní Bhraonáin', 'Dafydd ap Gruffudd', 'Łukasz Żółć', '王芳'];
    expect(body(toCsv(COLUMNS, names.map((name) => ({ name, score: 1 }))))).toEqual(names.map((n) => `${n},1`));
    expect(Buffer.from(toCsv(COLUMNS, [{ name: 'Siân', score: 1 }]), 'utf8').toString('utf8')).toContain('Siân');
  });

  it('writes an empty cell for a missing value and a header row alone for no rows', () => {
    expect(toCsv(COLUMNS, [])).toBe(`${BOM}Name,Score\r\n`);
    expect(body(toCsv(COLUMNS, [{ name: undefined as unknown as string, score: 0 }]))).toEqual([',0']);
  });
});
