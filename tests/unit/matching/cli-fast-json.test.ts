/**
 * The CLI's fast solve reader must be invisible: the same numbers as
 * JSON.parse, the same graph as toCandidateGraph, the same first error, and
 * "not recognised" (so the CLI falls back to JSON.parse) for anything else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanSolveInput } from '../../../shared/matching/fast-json';
import { columnsToCandidateGraph, toCandidateGraph, type AssignmentInstance, type CandidateGraph } from '../../../shared/matching/graph';
import { assertProperty, propertySeed } from './seeds';

const seed = propertySeed('cli-fast-json');
const bytes = (text: string) => Buffer.from(text, 'utf8');

/** The graph, or the InvalidInstance message, by one path or the other. */
function outcome(build: () => CandidateGraph): { graph: CandidateGraph } | { error: string } {
  try {
    return { graph: build() };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

function expectSameAsJsonParse(text: string) {
  const columns = scanSolveInput(bytes(text));
  expect(columns).toBeDefined();
  expect(outcome(() => columnsToCandidateGraph(columns!))).toEqual(outcome(() => toCandidateGraph(JSON.parse(text) as AssignmentInstance)));
}

/** Each JSON number token, valued by the scanner (as a capacity) and by JSON.parse. */
function scanNumber(token: string): number {
  const columns = scanSolveInput(bytes(`{"left":0,"capacities":[${token}],"edges":[]}`));
  expect(columns, token).toBeDefined();
  return columns!.capacities[0]!;
}

const spellings = (x: number): string[] => {
  const out = [String(x), x.toExponential(), x.toExponential(3), x.toPrecision(17), x.toPrecision(20)];
  if (Math.abs(x) < 1e21) out.push(x.toFixed(5), x.toFixed(20));
  return out.flatMap((s) => [s, s.toUpperCase(), s.replace('e+', 'e')]);
};

describe('fast solve reader: numbers', () => {
  it.each([
    '0', '-0', '7', '-12', '1e-3', '2.5E2', '1E+2', '1e2', '0.1', '0.30000000000000004', '123456789012345678',
    '9007199254740993', '1.7976931348623157e308', '1e400', '-1e400', '5e-324', '2e-324', '2.2250738585072014e-308',
    '0.000000000000000000000000001', '1000000000000000000000000', '3.14159265358979323846264338327950288', '1e22', '1e23',
    '123456789012345e-22', '123456789012345e22', '0e0', '0.0E-0', '1E00000000000000000002',
  ])('%s parses exactly as JSON.parse', (token) => {
    expect(Object.is(scanNumber(token), JSON.parse(token))).toBe(true);
  });

  it('random doubles in every JS spelling parse exactly as JSON.parse', () => {
    assertProperty(seed, 300, fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      for (const token of spellings(x)) expect(Object.is(scanNumber(token), JSON.parse(token)), token).toBe(true);
    }));
  });

  it('random decimal strings parse exactly as JSON.parse', () => {
    const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
    const token = fc
      .record({
        sign: fc.constantFrom('', '-'),
        int: fc.oneof(fc.constant('0'), fc.tuple(fc.constantFrom(...'123456789'), digits(0, 25)).map(([a, b]) => a + b)),
        frac: fc.option(digits(1, 25), { nil: undefined }),
        exp: fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 340 })), { nil: undefined }),
      })
      .map(({ sign, int, frac, exp }) => `${sign}${int}${frac === undefined ? '' : `.${frac}`}${exp ? exp.join('') : ''}`);
    assertProperty(seed, 2000, fc.property(token, (t) => {
      expect(Object.is(scanNumber(t), JSON.parse(t)), t).toBe(true);
    }));
  });
});

/** JSON text of an instance with random whitespace, key order and number spellings. */
const instanceTexts = fc
  .record({
    left: fc.integer({ min: 0, max: 6 }),
    capacities: fc.array(fc.integer({ min: -1, max: 3 }), { maxLength: 5 }),
    edges: fc.array(
      fc.tuple(fc.integer({ min: -1, max: 7 }), fc.integer({ min: -1, max: 6 }), fc.oneof(fc.integer({ min: -2, max: 50 }), fc.double({ noNaN: true }))),
      { maxLength: 25 },
    ),
    order: fc.constantFrom(['left', 'capacities', 'edges'], ['edges', 'left', 'capacities'], ['capacities', 'edges', 'left']),
    gaps: fc.array(fc.constantFrom('', ' ', '\n', '\t', '\r\n  '), { minLength: 64, maxLength: 64 }),
    spelling: fc.array(fc.nat(20), { minLength: 64, maxLength: 64 }),
  })
  .map(({ left, capacities, edges, order, gaps, spelling }) => {
    let g = 0;
    const ws = () => gaps[g++ % gaps.length]!;
    const num = (x: number) => {
      if (!Number.isFinite(x)) return `${ws()}1e999${ws()}`;
      const options = spellings(x);
      return ws() + options[spelling[g % spelling.length]! % options.length] + ws();
    };
    const values: Record<string, string> = {
      left: num(left),
      capacities: `[${capacities.length ? capacities.map(num).join(',') : ws()}]`,
      edges: `[${edges.length ? edges.map((e) => `${ws()}[${e.map(num).join(',')}]${ws()}`).join(',') : ws()}]`,
    };
    return `${ws()}{${order.map((k) => `${ws()}"${k}"${ws()}:${ws()}${values[k]}`).join(',')}${ws()}}${ws()}`;
  });

describe('fast solve reader: instances', () => {
  it('random instances (whitespace, key order, exponents, invalid values) give the same graph or the same first error', () => {
    assertProperty(seed, 1500, fc.property(instanceTexts, expectSameAsJsonParse));
  });

  it.each([
    ['an index out of range', '{"left": 1, "capacities": [1], "edges": [[0, 3, 1]]}'],
    ['a negative weight', '{"left": 1, "capacities": [1], "edges": [[0, 0, -2]]}'],
    ['a zero weight', '{"left": 1, "capacities": [1], "edges": [[0, 0, 0]]}'],
    ['an infinite weight', '{"left": 1, "capacities": [1], "edges": [[0, 0, 1e999]]}'],
    ['a fractional index', '{"left": 2, "capacities": [1], "edges": [[0.5, 0, 1]]}'],
    ['an integer written as a fraction', '{"left": 2, "capacities": [1], "edges": [[1.0, 0, 1]]}'],
    ['a negative capacity', '{"left": 1, "capacities": [-1], "edges": []}'],
    ['a fractional left', '{"left": 1.5, "capacities": [], "edges": []}'],
    ['a duplicate edge', '{"left": 1, "capacities": [1], "edges": [[0, 0, 1], [0, 0, 1]]}'],
    ['unsorted rows', '{"left": 2, "capacities": [1, 1, 1], "edges": [[1, 2, 1], [0, 1, 2], [1, 0, 3], [0, 0, 4]]}'],
  ])('%s: same outcome as JSON.parse + toCandidateGraph', (_, text) => {
    expectSameAsJsonParse(text);
  });

  it.each([
    ['not JSON', '{"left": 1,'],
    ['NaN', '{"left": 1, "capacities": [1], "edges": [[0, 0, NaN]]}'],
    ['a string index', '{"left": 1, "capacities": [1], "edges": [["0", 0, 1]]}'],
    ['null weight', '{"left": 1, "capacities": [1], "edges": [[0, 0, null]]}'],
    ['a pair, not a triple', '{"left": 1, "capacities": [1], "edges": [[0, 0]]}'],
    ['a quadruple', '{"left": 1, "capacities": [1], "edges": [[0, 0, 1, 1]]}'],
    ['a missing key', '{"left": 1, "capacities": [1]}'],
    ['an unknown key', '{"left": 1, "capacities": [1], "edges": [], "extra": 1}'],
    ['a repeated key', '{"left": 1, "left": 2, "capacities": [1], "edges": []}'],
    ['an escaped key', '{"\\u006ceft": 1, "capacities": [1], "edges": []}'],
    ['a leading plus', '{"left": +1, "capacities": [1], "edges": []}'],
    ['a leading zero', '{"left": 01, "capacities": [1], "edges": []}'],
    ['a bare dot', '{"left": 1., "capacities": [1], "edges": []}'],
    ['a trailing comma', '{"left": 1, "capacities": [1,], "edges": []}'],
    ['trailing text', '{"left": 1, "capacities": [1], "edges": []} x'],
    ['a byte order mark', '\uFEFF{"left": 1, "capacities": [1], "edges": []}'],
    ['an array', '[1, 2, 3]'],
    ['empty input', ''],
  ])('%s: not recognised, left to JSON.parse', (_, text) => {
    expect(scanSolveInput(bytes(text))).toBeUndefined();
  });
});
