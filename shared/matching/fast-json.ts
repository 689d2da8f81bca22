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
  constructor(readonly bytes: Uint8Array) {}

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
  // The shortest edge, `[0,0,1],`, takes 8 bytes: room for every edge the rest of the input can
  // hold, so the columns never grow. Pages never written are never touched, so this costs no more.
  const bytes = s.bytes;
  const room = Math.max(16, Math.ceil((bytes.length - s.pos) / 8) + 1);
  const i = new Float64Array(room);
  const j = new Float64Array(room);
  const w = new Float64Array(room);
  let count = 0;
  s.expect(OPEN_SQUARE);
  if (s.peek() === CLOSE_SQUARE) {
    s.pos++;
    return { count, i, j, w };
  }
  for (;;) {
    if (!fastEdge(s, i, j, w, count)) {
      s.expect(OPEN_SQUARE);
      i[count] = s.number();
      s.expect(COMMA);
      j[count] = s.number();
      s.expect(COMMA);
      w[count] = s.number();
      s.expect(CLOSE_SQUARE);
    }
    count++;
    const c = s.peek();
    s.pos++;
    if (c === CLOSE_SQUARE) return { count, i: i.subarray(0, count), j: j.subarray(0, count), w: w.subarray(0, count) };
    if (c !== COMMA) throw NOT_RECOGNISED;
  }
}

/**
 * The usual edge, `[i,j,w]` with no spaces, i and j plain whole numbers and w
 * a plain whole number too, read in one pass at s.pos. Writes edge k and
 * returns true; returns false, with s.pos unchanged, for anything else (the
 * general path then reads the edge, with every rule of the grammar).
 */
function fastEdge(s: Scanner, i: Float64Array, j: Float64Array, w: Float64Array, k: number): boolean {
  const bytes = s.bytes;
  let pos = s.pos;
  if (bytes[pos] !== OPEN_SQUARE) return false;
  pos++;
  let a = 0;
  let b = 0;
  let x = 0;
  for (let field = 0; field < 3; field++) {
    const start = pos;
    let c = bytes[pos]!;
    let value = 0;
    if (c === ZERO) {
      pos++;
    } else if (c > ZERO && c <= NINE) {
      do {
        value = value * 10 + (c - ZERO);
        c = bytes[++pos]!;
      } while (c >= ZERO && c <= NINE);
      // Beyond 15 digits a double may round: the general path values it as JSON.parse does.
      if (pos - start > 15) return false;
    } else {
      return false;
    }
    if (bytes[pos] !== (field < 2 ? COMMA : CLOSE_SQUARE)) return false;
    pos++;
    if (field === 0) a = value;
    else if (field === 1) b = value;
    else x = value;
  }
  i[k] = a;
  j[k] = b;
  w[k] = x;
  s.pos = pos;
  return true;
}
