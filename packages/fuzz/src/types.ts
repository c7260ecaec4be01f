/**
 * The fuzzer's model of gpuc's kernel types: the scalar types, their typed arrays, the promotion
 * rule of docs/language.md ("Promotion"), and the edge values generated for each type.
 */

/** Integer types narrower than 32 bits: they compute as `i32`. */
export const NARROW = ['i8', 'u8', 'i16', 'u16'] as const;
export const NUMBER_TYPES = ['i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'f32', 'f64'] as const;
export const BIGINT_TYPES = ['i64', 'u64'] as const;

export type NumberType = (typeof NUMBER_TYPES)[number];
export type BigIntType = (typeof BIGINT_TYPES)[number];
export type Ty = NumberType | BigIntType | 'bool';

/**
 * The 16-bit float element types: arrays only (`Float16Bits`, `BFloat16Bits`), whose elements
 * read as `f32` and whose stores round (docs/language.md "Half precision"). The oracle is exact
 * for them: a read is the f32 itself, and a store rounds the number JavaScript (or the
 * emulation) computed, as compiled code rounds its value.
 */
export const HALF_TYPES = ['f16', 'bf16'] as const;
export type HalfType = (typeof HALF_TYPES)[number];
/** The element type of a generated array parameter. */
export type ElementType = Exclude<Ty, 'bool'> | HalfType;
export const isHalf = (t: ElementType): t is HalfType => t === 'f16' || t === 'bf16';
/** The type an element reads as. */
export const readAs = (t: ElementType): Exclude<Ty, 'bool'> => (isHalf(t) ? 'f32' : t);

/** The typed-array constructor name of each element type. */
export const ARRAY_OF: Record<Exclude<Ty, 'bool'>, string> = {
  i8: 'Int8Array',
  u8: 'Uint8Array',
  i16: 'Int16Array',
  u16: 'Uint16Array',
  i32: 'Int32Array',
  u32: 'Uint32Array',
  i64: 'BigInt64Array',
  u64: 'BigUint64Array',
  f32: 'Float32Array',
  f64: 'Float64Array',
};

/**
 * The constructor a kernel names for an array of `t` (a shared one: `gpu.sharedArray(Float16Bits,
 * 8)`; a local f16 array is a `Float16Array` instead).
 */
export const constructorOf = (t: ElementType): string =>
  t === 'f16' ? 'Float16Bits' : t === 'bf16' ? 'BFloat16Bits' : ARRAY_OF[t];

export const isBigInt = (t: Ty): t is BigIntType => t === 'i64' || t === 'u64';
export const isFloat = (t: Ty): boolean => t === 'f32' || t === 'f64';
export const isNarrow = (t: Ty): boolean => (NARROW as readonly string[]).includes(t);

/**
 * The type of a variable assigned values of several types on different paths (or of `? :`),
 * independent of their order, as docs/language.md's merge rule says: the least type that holds
 * each unchanged (`i32` with `u32` is `f64`, and so is `f32` with any integer type).
 */
export function join(types: readonly NumberType[]): NumberType {
  const set = new Set(types.map((t) => (isNarrow(t) ? 'i32' : t)));
  const integer = set.has('i32') || set.has('u32');
  if (set.has('f64') || (set.has('i32') && set.has('u32')) || (set.has('f32') && integer)) return 'f64';
  if (set.has('f32')) return 'f32';
  return set.has('u32') ? 'u32' : 'i32';
}

/**
 * The type two numbers compute in ("Promotion"): floats win over integers and the wider float
 * wins, narrow integers compute as `i32`, and `i32` with `u32` as `f64`.
 */
export function promote(a: NumberType, b: NumberType): NumberType {
  const [x, y] = [a, b].map((t) => (isNarrow(t) ? 'i32' : t));
  if (x === 'f64' || y === 'f64') return 'f64';
  if (x === 'f32' || y === 'f32') return 'f32';
  if (x === y) return x as NumberType;
  return 'f64';
}

const F32 = Math.fround;

/** Edge values of each type (the generator also draws ordinary ones). */
export const EDGES: Record<Exclude<Ty, 'bool'>, readonly (number | bigint)[]> = {
  i8: [0, 1, -1, 127, -128, 5, -7],
  u8: [0, 1, 255, 128, 127, 9],
  i16: [0, 1, -1, 32767, -32768, 300, -1000],
  u16: [0, 1, 65535, 32768, 32767, 1000],
  i32: [
    0, 1, -1, 2, 3, 7, 31, 32, 255, 65535, 65536, 2147483647, -2147483648, 1073741824, -1073741825, 16777217,
  ],
  u32: [0, 1, 2, 7, 31, 255, 65536, 2147483647, 2147483648, 4294967295, 4294967294, 16777217],
  f32: [
    0,
    -0,
    1,
    -1,
    0.5,
    -0.5,
    -0.4,
    2.5,
    F32(0.1),
    F32(1 / 3),
    1.401298464324817e-45,
    1.1754943508222875e-38,
    F32(3.4028234663852886e38),
    16777216,
    2147483648,
    -2147483648,
    4294967296,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    F32(1 + 2 ** -12),
    // Rounding's edges: the f32 below 0.5, 2^23 + 1, a half above 2^23 (Math.round, floor, ceil).
    F32(0.5 - 2 ** -25),
    8388609,
    -8388607.5,
    -1.401298464324817e-45,
    // Conversions' edges: narrow integers' halves, the largest f16 and the half past it, f16's
    // smallest subnormal and half of it, the largest bf16, the half past it and the f32 below.
    127.5,
    -128.5,
    255.5,
    65504,
    65520,
    2 ** -24,
    2 ** -25,
    3.3895313892515355e38,
    3.39617752923046e38,
    3.396177326406364e38,
  ],
  f64: [
    0,
    -0,
    1,
    -1,
    0.5,
    -0.5,
    -0.4,
    2.5,
    -2.5,
    0.1,
    1 / 3,
    5e-324,
    2.2250738585072014e-308,
    1.7976931348623157e308,
    2147483647,
    -2147483648,
    2147483648,
    4294967295,
    4294967296,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 63),
    -(2 ** 62),
    -(2 ** 62) - 2048,
    2 ** 64,
    1e20,
    -1e300,
    // Rounding's edges (the double below 0.5 rounds to 0; from 2^52 every double is an integer)
    // and conversions' (ToInt32 and ToUint32 of values just past their ranges, fractions).
    0.49999999999999994,
    -0.49999999999999994,
    2 ** 52 + 1,
    -(2 ** 51) - 0.5,
    -2147483649,
    4294967295.5,
    -4294967296.75,
    1e-310,
    -5e-324,
    // Conversions' edges: narrow integers' halves and first values past them, the halfway
    // points past f16's largest (65520 rounds to Infinity), f16's subnormals, f32's largest and
    // the half past it (Infinity), half f32's smallest subnormal, bf16's half past its largest;
    // a large argument to sin and cos.
    127.5,
    -128.5,
    255.5,
    256,
    32767.5,
    -32768.5,
    65535.5,
    65504,
    65519.99999999999,
    65520,
    2 ** -24,
    2 ** -25,
    3.4028235677973362e38,
    3.4028235677973366e38,
    7.006492321624085e-46,
    3.39617752923046e38,
    2147483647.5,
    1e16,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ],
  i64: [0n, 1n, -1n, 2n, 7n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 32n, 4294967295n, -(2n ** 31n), 1n << 62n],
  u64: [0n, 1n, 2n, 7n, 2n ** 64n - 1n, 2n ** 63n, 2n ** 32n, 4294967295n],
};

/** Whether `value` (an integer) is exactly representable in the integer type `t`. */
export function fits(t: NumberType, value: number): boolean {
  const [lo, hi] = RANGE[t as keyof typeof RANGE] ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
  return Number.isInteger(value) && value >= lo && value <= hi;
}

const RANGE = {
  i8: [-128, 127],
  u8: [0, 255],
  i16: [-32768, 32767],
  u16: [0, 65535],
  i32: [-(2 ** 31), 2 ** 31 - 1],
  u32: [0, 2 ** 32 - 1],
} as const;
