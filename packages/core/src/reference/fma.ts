/**
 * Fused multiply-add in JavaScript: `a * b + c` computed exactly and rounded once, to f64
 * (`fma64`) or to f32 (`fma32`), as `llvm.fma` does on every target. JavaScript has no fma:
 * where the product is exact as a double and the sum then rounds once (most calls), the
 * arithmetic is JavaScript's own; the rest is exact integer arithmetic on BigInts.
 */

const view = new DataView(new ArrayBuffer(8));

/** A finite double as `m * 2^e` with an integer m (signed, as a BigInt). */
function decompose(x: number): { m: bigint; e: number } {
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let m = bits & 0xfffffffffffffn;
  if (biased !== 0) m |= 1n << 52n;
  return { m: x < 0 ? -m : m, e: (biased === 0 ? 1 : biased) - 1075 };
}

/** `m * 2^e`, for an m of at most 54 bits whose product is representable or overflows. */
function scale(m: number, e: number): number {
  // In steps, scaling up first and down last: no step leaves a representable result inexact.
  let x = m;
  let left = e;
  while (left > 0) {
    const step = Math.min(left, 1000);
    x *= 2 ** step;
    left -= step;
  }
  while (left < 0) {
    const step = Math.max(left, -1000);
    x *= 2 ** step;
    left -= step;
  }
  return x;
}

/** The exact `x * 2^e` (x nonzero) rounded to nearest-even to `precision` bits, no quantum below 2^`lowest`. */
function round(x: bigint, e: number, precision: number, lowest: number): number {
  const negative = x < 0n;
  const magnitude = negative ? -x : x;
  const length = magnitude.toString(2).length;
  const quantum = Math.max(e + length - precision, lowest);
  let kept = magnitude;
  if (quantum > e) {
    const shift = BigInt(quantum - e);
    kept = magnitude >> shift;
    const rest = magnitude - (kept << shift);
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && (kept & 1n) === 1n)) kept += 1n;
  }
  const value = scale(Number(kept), Math.max(quantum, e));
  return negative ? -value : value;
}

/** Doubles: 53 bits, subnormals down to 2^-1074. f32: 24 bits, down to 2^-149. */
const F64 = { precision: 53, lowest: -1074 } as const;
const F32 = { precision: 24, lowest: -149 } as const;

/** `a * b + c` rounded once to the format, for finite a, b, c with a nonzero product and c. */
function exact(a: number, b: number, c: number, format: typeof F64 | typeof F32): number {
  const x = decompose(a);
  const y = decompose(b);
  const z = decompose(c);
  const pe = x.e + y.e;
  const low = Math.min(pe, z.e);
  const sum = ((x.m * y.m) << BigInt(pe - low)) + (z.m << BigInt(z.e - low));
  // An exact zero from nonzero terms is +0 in round-to-nearest.
  return sum === 0n ? 0 : round(sum, low, format.precision, format.lowest);
}

/** What IEEE's fma gives where an operand is not finite or a term is zero (undefined elsewhere). */
function special(a: number, b: number, c: number, rounded: (x: number) => number): number | undefined {
  if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(c)) return Number.NaN;
  // An infinite product (or 0 * Inf) decides with c as IEEE addition does.
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a * b + c;
  // A finite product never cancels an infinite c, even one that overflows as a double.
  if (!Number.isFinite(c)) return c;
  // A zero product adds exactly (signed zeros as IEEE's sum); to a zero c, the product rounded
  // once, with its sign even where it rounds to zero.
  if (a === 0 || b === 0) return a * b + c;
  if (c === 0) return rounded(a * b);
  return undefined;
}

/** Veltkamp's split constant for doubles, 2^27 + 1. */
const SPLITTER = 134217729;

/**
 * Whether the double product of a and b is exact (Dekker's product: its rounding error is
 * zero), for operands and product well inside the range where the error is representable.
 */
function productIsExact(a: number, b: number, p: number): boolean {
  const big = 2 ** 995;
  const small = 2 ** -960;
  if (Math.abs(a) >= big || Math.abs(b) >= big || Math.abs(p) >= big || Math.abs(p) < small) return false;
  const ta = SPLITTER * a;
  const ah = ta - (ta - a);
  const al = a - ah;
  const tb = SPLITTER * b;
  const bh = tb - (tb - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl === 0;
}

/** `a * b + c` rounded once to f64 (IEEE 754 fusedMultiplyAdd, round to nearest even). */
export function fma64(a: number, b: number, c: number): number {
  const edge = special(a, b, c, (x) => x);
  if (edge !== undefined) return edge;
  const p = a * b;
  // An exact product leaves one rounding, the sum's.
  return productIsExact(a, b, p) ? p + c : exact(a, b, c, F64);
}

/**
 * `a * b + c` rounded once to f32, for f32 values a, b, c (as `Math.fround` gives them): the
 * product is exact as a double, and the sum too where `Math.fround` then rounds once.
 */
export function fma32(a: number, b: number, c: number): number {
  const edge = special(a, b, c, Math.fround);
  if (edge !== undefined) return edge;
  const p = a * b;
  const s = p + c;
  // Knuth's two-sum: the sum's rounding error, zero when the double sum is exact.
  const bb = s - p;
  if (Number.isFinite(s) && p - (s - bb) + (c - bb) === 0) return Math.fround(s);
  return Math.fround(exact(a, b, c, F32));
}
