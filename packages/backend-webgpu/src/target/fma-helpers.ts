/**
 * `gpu.fma` of f32 values rounded once, as IEEE's fusedMultiplyAdd, in WGSL's integers (WGSL's
 * own `fma` may round the product first). The product's 48 bits and the addend's 24, each in a
 * 64-bit field whose top bit is at most bit 61, aligned by exponent (bits shifted out of the
 * smaller kept as a sticky lowest bit), added or subtracted, then rounded to nearest even,
 * subnormal results included. Where bits are shifted out, the larger term dominates, so at
 * least 35 bits below the result's 24 remain for the rounding; where terms are close enough to
 * cancel, nothing is shifted out.
 */

/** The WGSL helpers, by name (helpers.ts takes them in). */
export const FMA_HELPERS: Readonly<Record<string, string>> = {
  // An f32's magnitude as m 2^e, m normalised to 24 bits (x not 0, finite): vec2i(m, e).
  gpuc_unpack: `fn gpuc_unpack(a: u32) -> vec2i {
  var m = select(a & 0x7fffffu, (a & 0x7fffffu) | 0x800000u, (a >> 23u) != 0u);
  let e = select(i32(a >> 23u) - 150, -149, (a >> 23u) == 0u);
  let s = countLeadingZeros(m) - 8u;
  return vec2i(i32(m << s), e - i32(s));
}`,
  gpuc_fma: `fn gpuc_fma(x: f32, y: f32, z: f32) -> f32 {
  let bx = bitcast<u32>(x);
  let by = bitcast<u32>(y);
  let bz = bitcast<u32>(z);
  let ax = bx & 0x7fffffffu;
  let ay = by & 0x7fffffffu;
  let az = bz & 0x7fffffffu;
  let sp = (bx ^ by) & 0x80000000u;
  let sz = bz & 0x80000000u;
  let nan = bitcast<f32>(0x7fc00000u + gpuc_zero);
  if (ax > 0x7f800000u || ay > 0x7f800000u || az > 0x7f800000u) { return nan; }
  if (ax == 0x7f800000u || ay == 0x7f800000u) {
    if (ax == 0u || ay == 0u || (az == 0x7f800000u && sz != sp)) { return nan; }
    return bitcast<f32>(sp | (0x7f800000u + gpuc_zero));
  }
  if (az == 0x7f800000u) { return z; }
  if (ax == 0u || ay == 0u) {
    // An exact zero product: z, or a zero, negative only where both are.
    if (az != 0u) { return z; }
    return bitcast<f32>(sp & sz);
  }
  let ux = gpuc_unpack(ax);
  let uy = gpuc_unpack(ay);
  let prod = gpuc_mul_wide(u32(ux.x), u32(uy.x));
  // The product's field: prod << 14, worth 2^(ex + ey - 14) a unit; z's: mz << 38.
  var big = vec2u((prod.x << 14u) | (prod.y >> 18u), prod.y << 14u);
  var f = ux.y + uy.y - 14;
  var sign = sp;
  if (az != 0u) {
    let uz = gpuc_unpack(az);
    var small = vec2u(u32(uz.x) << 6u, 0u);
    var fs = uz.y - 38;
    var ss = sz;
    if (fs > f) {
      let t = big; big = small; small = t;
      let tf = f; f = fs; fs = tf;
      let ts = sign; sign = ss; ss = ts;
    }
    let shifted = gpuc_shr_wide(small, u32(min(f - fs, 64)));
    small = vec2u(shifted.x, shifted.y | select(0u, 1u, shifted.z != 0u));
    if (ss == sign) { big = gpuc_add_wide(big, small); }
    else if (gpuc_ge_wide(big, small)) { big = gpuc_sub_wide(big, small); }
    else { big = gpuc_sub_wide(small, big); sign = ss; }
    // An exact zero sum of opposite terms is +0.
    if ((big.x | big.y) == 0u) { return 0.0; }
  }
  // big 2^f rounded to 24 bits, or fewer for a subnormal result.
  let len = select(32u - countLeadingZeros(big.y), 64u - countLeadingZeros(big.x), big.x != 0u);
  let drop = max(i32(len) - 24, -149 - f);
  var m: u32;
  var up = 0u;
  if (drop <= 0) {
    m = big.y << u32(-drop);
  } else {
    let r = gpuc_shr_wide(big, u32(drop - 1));
    m = r.y >> 1u;
    up = select(0u, 1u, (r.y & 1u) == 1u && (r.z != 0u || (m & 1u) == 1u));
  }
  let biased = f + drop + 149;
  if (biased > 254) { return bitcast<f32>(sign | (0x7f800000u + gpuc_zero)); }
  return bitcast<f32>(sign | min((u32(biased) << 23u) + m + up, 0x7f800000u));
}`,
};
