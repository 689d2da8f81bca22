import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/reference/csv';
import { renderReferenceModule } from '../../shared/reference/generate';
import {
  COUNCILS,
  councilByCode,
  publicReference,
  regionByName,
  regionProximity,
  REGIONS,
  SENIORITY,
  SKILLS,
} from '../../shared/reference';

describe('reference data', () => {
  it('matches the CSV files: the committed generated module is what the generator writes now', () => {
    const committed = readFileSync(new URL('../../shared/reference/data.generated.ts', import.meta.url), 'utf8');
    // If this fails after editing a CSV file, run `npm run reference:generate`.
    expect(renderReferenceModule()).toBe(committed);
  });

  it('lists 397 councils with unique GSS codes', () => {
    expect(COUNCILS).toHaveLength(397);
    expect(new Set(COUNCILS.map((c) => c.code)).size).toBe(397);
    expect(councilByCode.size).toBe(397);
  });

  it('gives every council a GSS-shaped code, a name and a type', () => {
    const bad = COUNCILS.filter((c) => !/^[ENSW]\d{8}$/.test(c.code) || !c.name || !c.type);
    expect(bad).toEqual([]);
  });

  it('puts every council in a known region of its own nation', () => {
    const bad = COUNCILS.filter((c) => regionByName.get(c.region)?.nation !== c.nation);
    expect(bad.map((c) => `${c.name}: ${c.region}`)).toEqual([]);
  });

  it('has at least one council in every region', () => {
    const used = new Set(COUNCILS.map((c) => c.region));
    expect(REGIONS.filter((r) => !used.has(r.name)).map((r) => r.name)).toEqual([]);
  });

  it('lists only known regions as neighbours, and neighbours symmetrically', () => {
    const problems: string[] = [];
    for (const region of REGIONS) {
      for (const n of region.neighbours) {
        if (!regionByName.has(n)) problems.push(`${region.name} → unknown ${n}`);
        else if (!regionByName.get(n)!.neighbours.includes(region.name)) problems.push(`${region.name} → ${n} but not back`);
        if (n === region.name) problems.push(`${region.name} neighbours itself`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has unique skill and seniority ids, and seniority levels 1 to 5 in order', () => {
    expect(new Set(SKILLS.map((s) => s.id)).size).toBe(SKILLS.length);
    expect(SENIORITY.map((s) => s.level)).toEqual([1, 2, 3, 4, 5]);
  });

  it('rates region proximity as same, neighbouring or other', () => {
    expect(regionProximity('London', 'London')).toBe('same');
    expect(regionProximity('London', 'South East')).toBe('neighbouring');
    expect(regionProximity('South East', 'London')).toBe('neighbouring');
    expect(regionProximity('London', 'Scotland')).toBe('other');
    expect(regionProximity('Northern Ireland', 'Scotland')).toBe('other');
  });

  it('serves public reference data without internal fields', () => {
    const ref = publicReference();
    expect(ref.councils).toHaveLength(397);
    expect(Object.keys(ref.councils[0]!).sort()).toEqual(['code', 'name', 'region', 'type']);
    expect(ref.formats.map((f) => f.id)).toEqual(['remote', 'in-person', 'either']);
  });
});

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('a,b\n"x, y","say ""hi"""\n"multi\nline",z\n')).toEqual([
      { a: 'x, y', b: 'say "hi"' },
      { a: 'multi\nline', b: 'z' },
    ]);
  });

  it('accepts CRLF line endings and a missing final newline', () => {
    expect(parseCsv('a,b\r\n1,2\r\n3,4')).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4' },
    ]);
  });

  it('skips blank lines and keeps empty cells', () => {
    expect(parseCsv('a,b\n\n1,\n')).toEqual([{ a: '1', b: '' }]);
  });

  it('refuses a row whose cell count differs from the header', () => {
    expect(() => parseCsv('a,b\n1,2,3\n')).toThrow(/3 cells, header has 2/);
  });

  it('returns nothing for an empty file', () => {
    expect(parseCsv('')).toEqual([]);
  });
});
