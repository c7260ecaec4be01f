/**
 * The WGSL of the 16-bit float conversions (half.ts), integer code bit-exact with the reference
 * runner's (core's frontend/half.ts).
 */

/** The conversions' WGSL helpers, by name (helpers.ts takes them in). */
export const HALF_HELPERS: Readonly<Record<string, string>> = {
  // f16 bits to f32, exact: subnormals normalised, infinities and NaN (payload kept) by bits.
  gpuc_f16_f32: `fn gpuc_f16_f32(h: u32) -> f32 {
  let s = (h & 0x8000u) << 16u;
  let e = (h >> 10u) & 0x1fu;
  let m = h & 0x3ffu;
  if (e == 31u) { return bitcast<f32>(s | 0x7f800000u | (m << 13u)); }
  if (e != 0u) { return bitcast<f32>(s | ((e + 112u) << 23u) | (m << 13u)); }
  if (m == 0u) { return bitcast<f32>(s); }
  let p = 31u - countLeadingZeros(m);
  return bitcast<f32>(s | ((p + 103u) << 23u) | ((m << (23u - p)) & 0x7fffffu));
}`,
  // f32 to f16 bits, to nearest with ties to even: from 65520 on Infinity, NaN a quiet NaN.
  gpuc_f32_f16: `fn gpuc_f32_f16(x: f32) -> u32 {
  let b = bitcast<u32>(x);
  let s = (b >> 16u) & 0x8000u;
  let a = b & 0x7fffffffu;
  if (a > 0x7f800000u) { return s | 0x7e00u | ((a >> 13u) & 0x3ffu); }
  if (a >= 0x477ff000u) { return s | 0x7c00u; }
  if (a >= 0x38800000u) {
    let r = a - 0x38000000u;
    return s | ((r + 0xfffu + ((r >> 13u) & 1u)) >> 13u);
  }
  if (a <= 0x33000000u) { return s; }
  // A subnormal f16: the mantissa in units of 2^-24, the dropped bits rounded to nearest even.
  let m = (a & 0x7fffffu) | 0x800000u;
  let sh = 126u - (a >> 23u);
  let q = m >> sh;
  let rest = m & ((1u << sh) - 1u);
  let tie = 1u << (sh - 1u);
  return s | (q + select(0u, 1u, rest > tie || (rest == tie && (q & 1u) == 1u)));
}`,
  gpuc_bf16_f32: `fn gpuc_bf16_f32(h: u32) -> f32 { return bitcast<f32>(h << 16u); }`,
  // The f32's upper half, to nearest with ties to even; a NaN stays a (quiet) NaN.
  gpuc_f32_bf16: `fn gpuc_f32_bf16(x: f32) -> u32 {
  let b = bitcast<u32>(x);
  if ((b & 0x7fffffffu) > 0x7f800000u) { return (b >> 16u) | 0x40u; }
  return (b + 0x7fffu + ((b >> 16u) & 1u)) >> 16u;
}`,
};
