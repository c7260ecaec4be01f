/**
 * The 16-bit float formats, bit-exact in JavaScript: the reference runner and constant folding
 * round with these, and compiled code must give the same bits.
 *
 * - `f16` is IEEE 754 binary16 (1 sign, 5 exponent, 10 fraction bits): a number rounds to it
 *   once, to nearest with ties to even, as `Math.f16round` and `Float16Array` do; past 65504 it
 *   overflows to Infinity from 65520 on, and below 2^-14 it keeps subnormals down to 2^-24.
 * - `bf16` is the upper half of an f32 (1 sign, 8 exponent, 7 fraction bits): a number rounds to
 *   f32 first (`Math.fround`), then the f32's bits round to nearest with ties to even into their
 *   upper 16 bits. NaN stays NaN (its upper half, made quiet if that alone is not a NaN).
 */

/** v rounded to an integer, ties to even (v is non-negative and below 2^52). */
function roundTiesEven(v: number): number {
  const floor = Math.floor(v);
  const rest = v - floor;
  if (rest !== 0.5) return rest < 0.5 ? floor : floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The f16 bits nearest to x (ties to even). */
export function f16Bits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  // 65520 is halfway between 65504 (odd fraction) and 2^16: it and above round to Infinity.
  if (a >= 65520) return sign | 0x7c00;
  // Subnormals are multiples of 2^-24; a count of 1024 is the least normal's encoding.
  if (a < 2 ** -14) return sign | roundTiesEven(a * 2 ** 24);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  // 11 significant bits; a fraction rounding up to 2048 carries into the exponent field.
  const significand = roundTiesEven(a / 2 ** (e - 10));
  return sign | (((e + 15) << 10) + significand - 1024);
}

/** The number f16 bits stand for. */
export function f16FromBits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

/** x rounded to the nearest f16, as a number (JavaScript's `Math.f16round`). */
export function f16Round(x: number): number {
  return f16FromBits(f16Bits(x));
}

const single = new Float32Array(1);
const singleBits = new Uint32Array(single.buffer);

/** The bf16 bits of x: x rounded to f32, then its bits to their upper half (ties to even). */
export function bf16Bits(x: number): number {
  single[0] = x;
  const bits = singleBits[0] as number;
  // A NaN whose payload lies only in the dropped half is made quiet, else it would be Infinity.
  if (Number.isNaN(single[0])) return (bits >>> 16) | ((bits & 0xffff) === 0 ? 0 : 0x40);
  // Below 2^32 for every non-NaN f32: the sum cannot wrap.
  return Math.floor((bits + 0x7fff + ((bits >>> 16) & 1)) / 0x10000);
}

/** The number bf16 bits stand for. */
export function bf16FromBits(bits: number): number {
  singleBits[0] = (bits & 0xffff) << 16;
  return single[0] as number;
}

/** x rounded to the nearest bf16 (through f32), as a number. */
export function bf16Round(x: number): number {
  return bf16FromBits(bf16Bits(x));
}
