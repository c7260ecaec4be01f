/**
 * `Math.hypot` and `Math.cbrt` of f32 values correctly rounded, in WGSL's integers (its floats
 * would round the squares and the sum, and its `pow` is not exact). hypot: both squares exactly
 * as 64-bit integers, their sum, its square root digit by digit, then rounded to nearest even,
 * subnormal results included. cbrt: the mantissa scaled to a 78-bit integer whose exponent is a
 * multiple of 3, its cube root digit by digit (26 bits, 2 past the f32's), then rounded.
 */

/** The WGSL helpers, by name (helpers.ts takes them in). */
export const ROOT_HELPERS: Readonly<Record<string, string>> = {
  // a * b as 64 bits (hi, lo), from 16-bit halves.
  gpuc_mul_wide: `fn gpuc_mul_wide(a: u32, b: u32) -> vec2u {
  let ll = (a & 0xffffu) * (b & 0xffffu);
  let lh = (a & 0xffffu) * (b >> 16u);
  let hl = (a >> 16u) * (b & 0xffffu);
  let mid = (ll >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  return vec2u((a >> 16u) * (b >> 16u) + (lh >> 16u) + (hl >> 16u) + (mid >> 16u), (ll & 0xffffu) | (mid << 16u));
}`,
  // v >> d for 64 bits (hi, lo), and whether any bit shifted out was set (z).
  gpuc_shr_wide: `fn gpuc_shr_wide(v: vec2u, d: u32) -> vec3u {
  if (d == 0u) { return vec3u(v, 0u); }
  if (d < 32u) { return vec3u(v.x >> d, (v.y >> d) | (v.x << (32u - d)), v.y << (32u - d)); }
  if (d < 64u) {
    let e = d - 32u;
    return vec3u(0u, v.x >> e, v.y | select(0u, v.x << ((32u - e) & 31u), e != 0u));
  }
  return vec3u(0u, 0u, v.x | v.y);
}`,
  gpuc_hypot: `fn gpuc_hypot(x: f32, y: f32) -> f32 {
  var a = bitcast<u32>(x) & 0x7fffffffu;
  var b = bitcast<u32>(y) & 0x7fffffffu;
  // An infinity wins over a NaN, as in JavaScript.
  if (a == 0x7f800000u || b == 0x7f800000u) { return bitcast<f32>(0x7f800000u + gpuc_zero); }
  if (a > 0x7f800000u || b > 0x7f800000u) { return bitcast<f32>(0x7fc00000u + gpuc_zero); }
  if (a < b) { let t = a; a = b; b = t; }
  if (b == 0u) { return bitcast<f32>(a); }
  // Each as m * 2^e with m normalised to 24 bits; a >= b, so ea >= eb.
  var ma = select(a & 0x7fffffu, (a & 0x7fffffu) | 0x800000u, (a >> 23u) != 0u);
  var mb = select(b & 0x7fffffu, (b & 0x7fffffu) | 0x800000u, (b >> 23u) != 0u);
  var ea = select(i32(a >> 23u) - 150, -149, (a >> 23u) == 0u);
  var eb = select(i32(b >> 23u) - 150, -149, (b >> 23u) == 0u);
  let sa = countLeadingZeros(ma) - 8u;
  let sb = countLeadingZeros(mb) - 8u;
  ma = ma << sa;
  mb = mb << sb;
  ea = ea - i32(sa);
  eb = eb - i32(sb);
  // t = 16 (ma^2 + mb^2 2^(2 (eb - ea))), below 2^53; bits of it below 1 only make it inexact.
  let pa = gpuc_mul_wide(ma, ma);
  let pb = gpuc_mul_wide(mb, mb);
  let ta = vec2u((pa.x << 4u) | (pa.y >> 28u), pa.y << 4u);
  let tb = gpuc_shr_wide(vec2u((pb.x << 4u) | (pb.y >> 28u), pb.y << 4u), u32(2 * (ea - eb)));
  let lo = ta.y + tb.y;
  let hi = ta.x + tb.x + select(0u, 1u, lo < ta.y);
  // q = floor(sqrt(t)), two bits of t at a time; rem stays below 2^30.
  var rem = 0u;
  var q = 0u;
  for (var i = 26; i >= 0; i--) {
    let at = u32(2 * i);
    rem = (rem << 2u) | select((lo >> (at & 31u)) & 3u, (hi >> ((at - 32u) & 31u)) & 3u, at >= 32u);
    let trial = (q << 2u) | 1u;
    q = q << 1u;
    if (rem >= trial) { rem = rem - trial; q = q | 1u; }
  }
  let inexact = rem != 0u || tb.z != 0u;
  // hypot = sqrt(t) 2^(ea - 2): keep 24 bits of q, or fewer for a subnormal result.
  let e = ea - 2;
  let drop = u32(max(i32(32u - countLeadingZeros(q)) - 24, -149 - e));
  let m = q >> drop;
  let rest = q & ((1u << drop) - 1u);
  let tie = 1u << (drop - 1u);
  let up = select(0u, 1u, rest > tie || (rest == tie && (inexact || (m & 1u) == 1u)));
  let biased = e + i32(drop) + 149;
  if (biased > 254) { return bitcast<f32>(0x7f800000u + gpuc_zero); }
  // m * 2^(biased - 149) as bits; a carry out of the mantissa steps the exponent.
  return bitcast<f32>(min((u32(biased) << 23u) + m + up, 0x7f800000u));
}`,
  // 64-bit (hi, lo) arithmetic for the cube root.
  gpuc_add_wide: `fn gpuc_add_wide(a: vec2u, b: vec2u) -> vec2u {
  let lo = a.y + b.y;
  return vec2u(a.x + b.x + select(0u, 1u, lo < a.y), lo);
}`,
  gpuc_sub_wide: `fn gpuc_sub_wide(a: vec2u, b: vec2u) -> vec2u {
  return vec2u(a.x - b.x - select(0u, 1u, a.y < b.y), a.y - b.y);
}`,
  gpuc_ge_wide: `fn gpuc_ge_wide(a: vec2u, b: vec2u) -> bool { return a.x > b.x || (a.x == b.x && a.y >= b.y); }`,
  gpuc_cbrt: `fn gpuc_cbrt(x: f32) -> f32 {
  let bits = bitcast<u32>(x);
  let a = bits & 0x7fffffffu;
  if (a == 0u || a >= 0x7f800000u) { return x; }
  // |x| = m 2^e with m normalised to 24 bits.
  var m = select(a & 0x7fffffu, (a & 0x7fffffu) | 0x800000u, (a >> 23u) != 0u);
  var e = select(i32(a >> 23u) - 150, -149, (a >> 23u) == 0u);
  let s = countLeadingZeros(m) - 8u;
  m = m << s;
  e = e - i32(s);
  // n = m 2^j, j in 52..54 with e - j a multiple of 3: n below 2^78, its root 26 bits.
  let r3 = ((e % 3) + 3) % 3;
  let j = select(select(53u, 52u, r3 == 1), 54u, r3 == 0);
  // n's words from the top (its lowest 32 bits are 0).
  let n = vec3u(m >> (64u - j), m << (j - 32u), 0u);
  var rem = vec2u(0u, 0u);
  var q = 0u;
  for (var k = 25; k >= 0; k--) {
    var three = 0u;
    for (var b = 2; b >= 0; b--) {
      let at = u32(3 * k + b);
      three = (three << 1u) | ((n[2u - at / 32u] >> (at % 32u)) & 1u);
    }
    rem = vec2u((rem.x << 3u) | (rem.y >> 29u), (rem.y << 3u) | three);
    // (2q + 1)^3 - (2q)^3 = 12 q^2 + 6 q + 1
    let sq = gpuc_mul_wide(q, q);
    let twelve = gpuc_add_wide(vec2u((sq.x << 3u) | (sq.y >> 29u), sq.y << 3u), vec2u((sq.x << 2u) | (sq.y >> 30u), sq.y << 2u));
    let trial = gpuc_add_wide(twelve, vec2u(0u, 6u * q + 1u));
    q = q << 1u;
    if (gpuc_ge_wide(rem, trial)) { rem = gpuc_sub_wide(rem, trial); q = q | 1u; }
  }
  // cbrt(|x|) = q 2^((e - j) / 3), never subnormal or infinite: keep 24 bits, rounded. No root
  // is a tie (an odd 25-bit midpoint cubed has over 24 bits): the first bit dropped decides.
  let kept = q >> 2u;
  let up = (q >> 1u) & 1u;
  let biased = (e - i32(j)) / 3 + 2 + 149;
  return bitcast<f32>((bits & 0x80000000u) | ((u32(biased) << 23u) + kept + up));
}`,
};
