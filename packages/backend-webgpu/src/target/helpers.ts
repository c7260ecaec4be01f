/**
 * The WGSL helper functions that the written code calls where WGSL's own builtins differ from
 * JavaScript, and which of them a module needs.
 */
import { FMA_HELPERS } from './fma-helpers.js';
import { HALF_HELPERS } from './half-helpers.js';
import { ROOT_HELPERS } from './root-helpers.js';
import { WIDE_HELPERS, WIDE_NEEDS } from './wide-helpers.js';

/** WGSL functions the written code calls for JavaScript's semantics. */
export const HELPERS: Readonly<Record<string, string>> = {
  ...HALF_HELPERS,
  ...FMA_HELPERS,
  ...ROOT_HELPERS,
  ...WIDE_HELPERS,
  // ToUint32 of the double quotient of two 32-bit integers, each a sign and a magnitude
  // (quotient.ts): the truncated quotient, negated modulo 2^32, and 0 for a divisor of 0.
  gpuc_quotient: `fn gpuc_quotient(na: bool, ma: u32, nb: bool, mb: u32) -> u32 {
  if (mb == 0u) { return 0u; }
  let q = ma / mb;
  return select(q, 0u - q, na != nb);
}`,
  // NaN and infinity by their bits: WGSL lets a compiler assume that x != x is false.
  gpuc_nan: `fn gpuc_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }`,
  gpuc_finite: `fn gpuc_finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) < 0x7f800000u; }`,
  // ToUint32 of a float (a store into a Uint32Array): truncation modulo 2^32, NaN and infinities 0.
  gpuc_f32_bits: `fn gpuc_f32_bits(f: f32) -> u32 {
  if (!gpuc_finite(f)) { return 0u; }
  let t = trunc(f);
  if (abs(t) < 2147483648.0) { return bitcast<u32>(i32(t)); }
  // Past 2^31 a float is a multiple of 256: the remainder is exact.
  return u32(t - 4294967296.0 * floor(t / 4294967296.0));
}`,
  // The f32 remainder, exact as JavaScript's: long division of the mantissas, one bit of the
  // exponent difference at a time (WGSL's x - y * trunc(x / y) rounds).
  gpuc_fmod: `fn gpuc_fmod(x: f32, y: f32) -> f32 {
  let sign = bitcast<u32>(x) & 0x80000000u;
  let ax = bitcast<u32>(x) & 0x7fffffffu;
  let ay = bitcast<u32>(y) & 0x7fffffffu;
  if (ax >= 0x7f800000u || ay > 0x7f800000u || ay == 0u) { return bitcast<f32>(0x7fc00000u + gpuc_zero); }
  if (ax < ay) { return x; }
  if (ax == ay) { return bitcast<f32>(sign); }
  // Each as m * 2^(e - 150), m normalised to 24 bits (subnormals have e = 1 and no hidden bit).
  var ex = max(i32(ax >> 23u), 1);
  var ey = max(i32(ay >> 23u), 1);
  var r = select(ax & 0x7fffffu, (ax & 0x7fffffu) | 0x800000u, (ax >> 23u) != 0u);
  var m = select(ay & 0x7fffffu, (ay & 0x7fffffu) | 0x800000u, (ay >> 23u) != 0u);
  loop { if (r >= 0x800000u) { break; } r = r << 1u; ex = ex - 1; }
  loop { if (m >= 0x800000u) { break; } m = m << 1u; ey = ey - 1; }
  loop {
    if (r >= m) { r = r - m; }
    if (ex <= ey) { break; }
    r = r << 1u;
    ex = ex - 1;
  }
  if (r == 0u) { return bitcast<f32>(sign); }
  loop { if (r >= 0x800000u) { break; } r = r << 1u; ex = ex - 1; }
  // The remainder is below |y|, so it is exact as a float; a subnormal loses only zero bits.
  if (ex >= 1) { return bitcast<f32>(sign | (u32(ex) << 23u) | (r & 0x7fffffu)); }
  return bitcast<f32>(sign | (r >> u32(1 - ex)));
}`,
  // A thread's or block's linear index, x fastest, for device exception reports.
  gpuc_linear: `fn gpuc_linear(i: vec3u, n: vec3u) -> u32 { return i.x + n.x * (i.y + n.y * i.z); }`,
  // Math.max and Math.min: NaN wins, and +0 is greater than -0.
  gpuc_max: `fn gpuc_max(a: f32, b: f32) -> f32 {
  if (gpuc_nan(a)) { return a; }
  if (gpuc_nan(b)) { return b; }
  if (a == b) { return bitcast<f32>(bitcast<u32>(a) & bitcast<u32>(b)); }
  return select(b, a, a > b);
}`,
  gpuc_min: `fn gpuc_min(a: f32, b: f32) -> f32 {
  if (gpuc_nan(a)) { return a; }
  if (gpuc_nan(b)) { return b; }
  if (a == b) { return bitcast<f32>(bitcast<u32>(a) | bitcast<u32>(b)); }
  return select(b, a, a < b);
}`,
  // Math.round: halves round up, and the sign of zero is kept.
  gpuc_round: `fn gpuc_round(x: f32) -> f32 {
  let f = floor(x);
  let r = select(f, f + 1.0, x - f >= 0.5);
  let zero = bitcast<f32>(bitcast<u32>(x) & 0x80000000u);
  return select(select(r, zero, r == 0.0), x, !gpuc_finite(x) || abs(x) > 8388608.0);
}`,
  // Math.sqrt correctly rounded, as JavaScript's (WGSL's sqrt may be off by ulps): the square
  // root of the mantissa digit by digit in integers, then rounded to nearest even.
  gpuc_sqrt: `fn gpuc_sqrt(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  if ((b & 0x7fffffffu) == 0u || (b >= 0x7f800000u && b <= 0x7fffffffu)) { return x; }
  if (b > 0x80000000u) { return bitcast<f32>(0x7fc00000u + gpuc_zero); }
  // x = m * 2^e with m below 2^26 and e even, so that the root has 25 bits (24 and a round bit).
  let be = b >> 23u;
  let m0 = select(b & 0x7fffffu, (b & 0x7fffffu) | 0x800000u, be != 0u);
  let e0 = select(i32(be) - 150, -149, be == 0u);
  var sh = i32(countLeadingZeros(m0)) - 6;
  if (((e0 - sh) & 1) != 0) { sh = sh - 1; }
  let m = m0 << u32(sh);
  let e = e0 - sh;
  var rem = 0u;
  var q = 0u;
  for (var i = 0; i < 25; i++) {
    let two = select(0u, (m >> u32(24 - 2 * i)) & 3u, i <= 12);
    rem = (rem << 2u) | two;
    let t = (q << 2u) | 1u;
    q = q << 1u;
    if (rem >= t) { rem = rem - t; q = q | 1u; }
  }
  let mant = q >> 1u;
  let up = select(0u, 1u, (q & 1u) == 1u && (rem != 0u || (mant & 1u) == 1u));
  return bitcast<f32>((u32((e - 24) / 2 + 151) << 23u) + mant - 0x800000u + up);
}`,
};

/** The helpers each helper calls. */
const NEEDS: Readonly<Record<string, readonly string[]>> = {
  ...WIDE_NEEDS,
  gpuc_hypot: ['gpuc_mul_wide', 'gpuc_shr_wide'],
  gpuc_fma: [
    'gpuc_unpack',
    'gpuc_mul_wide',
    'gpuc_shr_wide',
    'gpuc_add_wide',
    'gpuc_sub_wide',
    'gpuc_ge_wide',
  ],
  gpuc_cbrt: ['gpuc_mul_wide', 'gpuc_add_wide', 'gpuc_sub_wide', 'gpuc_ge_wide'],
  gpuc_f32_bits: ['gpuc_finite'],
  gpuc_max: ['gpuc_nan'],
  gpuc_min: ['gpuc_nan'],
  gpuc_round: ['gpuc_finite'],
};

/** Adds a helper, and those it calls, to a set. */
export function need(helpers: Set<string>, name: string): void {
  for (const called of NEEDS[name] ?? []) need(helpers, called);
  helpers.add(name);
}
