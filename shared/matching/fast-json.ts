/**
 * A fast reader for the CLI's solve input, `{"left": L, "capacities": [...],
 * "edges": [[i, j, w], ...]}`: one pass over the raw bytes straight into typed
 * columns, without the millions of small arrays JSON.parse would build (which
 * cost more than the solve itself on large instances).
 *
 * It recognises only that exact shape: an object with exactly those three
 * keys (any order, any JSON whitespace), a number for "left", an array of
 * numbers for "capacities" and an array of three-number arrays for "edges".
 * On anything else (a syntax error, a string or null where a number is
 * expected, a missing, unknown, repeated or escaped key, a BOM, ...) it
 * returns undefined and the caller falls back to JSON.parse and the ordinary
 * validation, so every error message stays exactly as it was. It checks no
 * rule of the contract itself: ranges, integers and duplicates are checked by
 * columnsToCandidateGraph, with the same code as the JSON.parse path.
 *
 * Numbers follow the JSON grammar strictly and get the value JSON.parse gives:
 * up to 15 significant digits with a decimal exponent within ±22 are computed
 * with one correctly rounded multiplication or division of two exact doubles
 * (the classic fast path); every other number is converted by Number() on its
 * text, which rounds as JSON.parse does.
 */
import type { ColumnarInstance } from './graph';

/** Powers of ten that doubles hold exactly. */
const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const COLON = 0x3a;
const OPEN_SQUARE = 0x5b;
const CLOSE_SQUARE = 0x5d;
const OPEN_CURLY = 0x7b;
const CLOSE_CURLY = 0x7d;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

/** Thrown inside the scanner when the input is not the recognised shape; never escapes. */
const NOT_RECOGNISED = Symbol('not recognised');

class Scanner {
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  /** The current byte after skipping JSON whitespace, or -1 at the end. */
  peek(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    let c = pos < bytes.length ? bytes[pos]! : -1;
    while (c === SPACE || c === LF || c === CR || c === TAB) c = ++pos < bytes.length ? bytes[pos]! : -1;
    this.pos = pos;
    return c;
  }

  expect(byte: number): void {
    if (this.peek() !== byte) throw NOT_RECOGNISED;
    this.pos++;
  }

  /** A key without escapes: only the three known names are accepted. */
  key(): 'left' | 'capacities' | 'edges' {
    this.expect(QUOTE);
    const start = this.pos;
    const end = this.bytes.indexOf(QUOTE, start);
    if (end < 0 || end - start > 10) throw NOT_RECOGNISED;
    let name = '';
    for (let p = start; p < end; p++) name += String.fromCharCode(this.bytes[p]!);
    this.pos = end + 1;
    if (name === 'left' || name === 'capacities' || name === 'edges') return name;
    throw NOT_RECOGNISED;
  }

  /** One JSON number, valued as JSON.parse would. */
  number(): number {
    const bytes = this.bytes;
    const length = bytes.length;
    this.peek();
    const start = this.pos;
    let pos = start;
    let c = pos < length ? bytes[pos]! : -1;
    const negative = c === MINUS;
    if (negative) c = ++pos < length ? bytes[pos]! : -1;
    let mantissa = 0;
    let digits = 0;
    if (c === ZERO) {
      c = ++pos < length ? bytes[pos]! : -1;
    } else if (c > ZERO && c <= NINE) {
      do {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
        c = ++pos < length ? bytes[pos]! : -1;
      } while (c >= ZERO && c <= NINE);
    } else {
      throw NOT_RECOGNISED;
    }
    let exponent = 0;
    if (c === DOT) {
      c = ++pos < length ? bytes[pos]! : -1;
      if (!(c >= ZERO && c <= NINE)) throw NOT_RECOGNISED;
      do {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
        exponent--;
        c = ++pos < length ? bytes[pos]! : -1;
      } while (c >= ZERO && c <= NINE);
    }
    if (c === LOWER_E || c === UPPER_E) {
      c = ++pos < length ? bytes[pos]! : -1;
      let negativeExponent = false;
      if (c === PLUS || c === MINUS) {
        negativeExponent = c === MINUS;
        c = ++pos < length ? bytes[pos]! : -1;
      }
      if (!(c >= ZERO && c <= NINE)) throw NOT_RECOGNISED;
      let e = 0;
      do {
        if (e < 1e6) e = e * 10 + (c - ZERO);
        c = ++pos < length ? bytes[pos]! : -1;
      } while (c >= ZERO && c <= NINE);
      exponent += negativeExponent ? -e : e;
    }
    this.pos = pos;
    if (digits <= 15 && exponent >= -22 && exponent <= 22) {
      // The mantissa is below 10^15 < 2^53 and the power exact: one correctly rounded operation.
      const value = exponent < 0 ? mantissa / POW10[-exponent]! : mantissa * POW10[exponent]!;
      return negative ? -value : value;
    }
    let text = '';
    for (let p = start; p < pos; p++) text += String.fromCharCode(bytes[p]!);
    return Number(text);
  }
}

/** Reads the solve input into columns, or returns undefined when it is not exactly the recognised shape. */
export function scanSolveInput(bytes: Uint8Array): ColumnarInstance | undefined {
  try {
    return scan(new Scanner(bytes));
  } catch (error) {
    if (error === NOT_RECOGNISED) return undefined;
    throw error;
  }
}

function scan(s: Scanner): ColumnarInstance {
  let left: number | undefined;
  let capacities: number[] | undefined;
  let edges: ColumnarInstance['edges'] | undefined;
  s.expect(OPEN_CURLY);
  for (;;) {
    const name = s.key();
    s.expect(COLON);
    if (name === 'left') {
      if (left !== undefined) throw NOT_RECOGNISED;
      left = s.number();
    } else if (name === 'capacities') {
      if (capacities) throw NOT_RECOGNISED;
      capacities = scanNumbers(s);
    } else {
      if (edges) throw NOT_RECOGNISED;
      edges = scanEdges(s);
    }
    const c = s.peek();
    s.pos++;
    if (c === CLOSE_CURLY) break;
    if (c !== COMMA) throw NOT_RECOGNISED;
  }
  if (s.peek() !== -1 || left === undefined || !capacities || !edges) throw NOT_RECOGNISED;
  return { left, capacities, edges };
}

function scanNumbers(s: Scanner): number[] {
  const out: number[] = [];
  s.expect(OPEN_SQUARE);
  if (s.peek() === CLOSE_SQUARE) {
    s.pos++;
    return out;
  }
  for (;;) {
    out.push(s.number());
    const c = s.peek();
    s.pos++;
    if (c === CLOSE_SQUARE) return out;
    if (c !== COMMA) throw NOT_RECOGNISED;
  }
}

function scanEdges(s: Scanner): ColumnarInstance['edges'] {
  // The shortest edge, `[0,0,1],`, takes 8 bytes; start smaller and grow by doubling.
  let room = 1024;
  let i: Float64Array = new Float64Array(room);
  let j: Float64Array = new Float64Array(room);
  let w: Float64Array = new Float64Array(room);
  let count = 0;
  s.expect(OPEN_SQUARE);
  if (s.peek() === CLOSE_SQUARE) {
    s.pos++;
    return { count, i, j, w };
  }
  for (;;) {
    if (count === room) {
      room *= 2;
      i = grow(i, room);
      j = grow(j, room);
      w = grow(w, room);
    }
    s.expect(OPEN_SQUARE);
    i[count] = s.number();
    s.expect(COMMA);
    j[count] = s.number();
    s.expect(COMMA);
    w[count] = s.number();
    s.expect(CLOSE_SQUARE);
    count++;
    const c = s.peek();
    s.pos++;
    if (c === CLOSE_SQUARE) return { count, i: i.subarray(0, count), j: j.subarray(0, count), w: w.subarray(0, count) };
    if (c !== COMMA) throw NOT_RECOGNISED;
  }
}

function grow(column: Float64Array, room: number): Float64Array {
  const bigger = new Float64Array(room);
  bigger.set(column);
  return bigger;
}
