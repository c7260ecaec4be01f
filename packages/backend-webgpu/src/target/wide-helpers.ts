/**
 * WGSL helpers for 64-bit integers (i64, u64), each held as a vec2u of its high and low words,
 * as root-helpers.ts's wide arithmetic has them: gpuc's BigInt products modulo 2^64, ordering,
 * shifts, and JavaScript's `Number(x)` converted on to a 32-bit word (through the nearest
 * double, as JavaScript rounds it).
 */
export const WIDE_HELPERS: Readonly<Record<string, string>> = {
  gpuc_mul64: `fn gpuc_mul64(a: vec2u, b: vec2u) -> vec2u {
  let low = gpuc_mul_wide(a.y, b.y);
  return vec2u(low.x + a.y * b.x + a.x * b.y, low.y);
}`,
  // -1, 0 or 1 as a is below, equal to or above b.
  gpuc_cmp64: `fn gpuc_cmp64(a: vec2u, b: vec2u, signed: bool) -> i32 {
  if (a.x != b.x) {
    let below = select(a.x < b.x, bitcast<i32>(a.x) < bitcast<i32>(b.x), signed);
    return select(1i, -1i, below);
  }
  if (a.y == b.y) { return 0i; }
  return select(1i, -1i, a.y < b.y);
}`,
  // a shifted by n bits, left or right (arithmetic where signed): 64 or more shift all out.
  gpuc_shift64: `fn gpuc_shift64(a: vec2u, n: u32, left: bool, signed: bool) -> vec2u {
  let fill = select(0u, 0xffffffffu, signed && bitcast<i32>(a.x) < 0i);
  if (n == 0u) { return a; }
  if (n >= 64u) { return select(vec2u(fill, fill), vec2u(0u, 0u), left); }
  if (left) {
    if (n >= 32u) { return vec2u(a.y << (n - 32u), 0u); }
    return vec2u((a.x << n) | (a.y >> (32u - n)), a.y << n);
  }
  let high = select(a.x >> (n & 31u), bitcast<u32>(bitcast<i32>(a.x) >> (n & 31u)), signed);
  if (n >= 32u) { return vec2u(fill, high); }
  return vec2u(high, (a.y >> n) | (a.x << (32u - n)));
}`,
  // gpuc's BigInt shift: a negative count (of an i64) shifting the other way.
  gpuc_bigshift: `fn gpuc_bigshift(a: vec2u, n: vec2u, left: bool, signed: bool, countSigned: bool) -> vec2u {
  let negative = countSigned && bitcast<i32>(n.x) < 0i;
  let count = select(n, gpuc_sub_wide(vec2u(0u, 0u), n), negative);
  let bits = select(count.y, 64u, count.x != 0u || count.y > 64u);
  return gpuc_shift64(a, bits, left != negative, signed);
}`,
  // The magnitude of a 64-bit value.
  gpuc_abs64: `fn gpuc_abs64(a: vec2u, signed: bool) -> vec2u {
  return select(a, gpuc_sub_wide(vec2u(0u, 0u), a), signed && bitcast<i32>(a.x) < 0i);
}`,
  // The quotient or remainder of two magnitudes, by long division (b is not 0).
  gpuc_udivmod64: `fn gpuc_udivmod64(a: vec2u, b: vec2u, remainder: bool) -> vec2u {
  var q = vec2u(0u, 0u);
  var r = vec2u(0u, 0u);
  for (var k = 63i; k >= 0i; k--) {
    // 2r + the next bit may pass 2^64, and is then above b: subtracting wraps back below it.
    let carry = r.x >> 31u;
    r = gpuc_shift64(r, 1u, true, false);
    r.y = r.y | (select(a.y >> u32(k & 31), a.x >> u32(k & 31), k >= 32i) & 1u);
    if (carry == 1u || gpuc_ge_wide(r, b)) {
      r = gpuc_sub_wide(r, b);
      q = q | gpuc_shift64(vec2u(0u, 1u), u32(k), true, false);
    }
  }
  return select(q, r, remainder);
}`,
  // BigInt / and %: the quotient truncated toward zero, the remainder of the dividend's sign.
  gpuc_divmod64: `fn gpuc_divmod64(a: vec2u, b: vec2u, signed: bool, remainder: bool) -> vec2u {
  let na = signed && bitcast<i32>(a.x) < 0i;
  let nb = signed && bitcast<i32>(b.x) < 0i;
  let r = gpuc_udivmod64(gpuc_abs64(a, signed), gpuc_abs64(b, signed), remainder);
  return select(r, gpuc_sub_wide(vec2u(0u, 0u), r), select(na != nb, na, remainder));
}`,
  // BigInt ** (the exponent not negative), modulo 2^64: square and multiply.
  gpuc_pow64: `fn gpuc_pow64(a: vec2u, e: vec2u) -> vec2u {
  var result = vec2u(0u, 1u);
  var base = a;
  for (var k = 0u; k < 64u; k++) {
    if (((select(e.y >> k, e.x >> (k - 32u), k >= 32u)) & 1u) == 1u) { result = gpuc_mul64(result, base); }
    base = gpuc_mul64(base, base);
  }
  return result;
}`,
  // A magnitude rounded to the nearest double: 53 significant bits, ties to even.
  gpuc_round53: `fn gpuc_round53(m: vec2u) -> vec2u {
  if (m.x < 0x200000u) { return m; }
  let drop = firstLeadingBit(m.x) + 32u - 52u;
  let mask = (1u << drop) - 1u;
  let rest = m.y & mask;
  let half = 1u << (drop - 1u);
  let base = vec2u(m.x, m.y & ~mask);
  if (rest > half || (rest == half && ((m.y >> drop) & 1u) == 1u)) {
    return gpuc_add_wide(base, vec2u(0u, 1u << drop));
  }
  return base;
}`,
  // ToUint32(Number(a)): the low word of the double nearest a, negated back for a negative a
  // (2^64, where the rounding wraps to 0, has the low word 0 too).
  gpuc_number_word: `fn gpuc_number_word(a: vec2u, signed: bool) -> u32 {
  let low = gpuc_round53(gpuc_abs64(a, signed)).y;
  return select(low, 0u - low, signed && bitcast<i32>(a.x) < 0i);
}`,
  // Math.fround(Number(a)): the double nearest a, rounded again to the nearest f32. From
  // 2^64 - 2^39 up both roundings reach 2^64 (which the double's 64 bits would wrap).
  gpuc_number_f32: `fn gpuc_number_f32(a: vec2u, signed: bool) -> f32 {
  let sign = select(1.0, -1.0, signed && bitcast<i32>(a.x) < 0i);
  if (!signed && a.x >= 0xffffff80u) { return 18446744073709551616.0; }
  let m = gpuc_round53(gpuc_abs64(a, signed));
  if (m.x == 0u && m.y < 0x1000000u) { return sign * f32(m.y); }
  let top = select(firstLeadingBit(m.y), firstLeadingBit(m.x) + 32u, m.x != 0u);
  // 24 bits and the rounding bit, then whether any bit below that is set.
  let r = gpuc_shr_wide(m, top - 24u);
  var mantissa = r.y >> 1u;
  let sticky = r.z != 0u;
  if ((r.y & 1u) == 1u && (sticky || (mantissa & 1u) == 1u)) { mantissa = mantissa + 1u; }
  return sign * ldexp(f32(mantissa), i32(top) - 23i);
}`,
};

/** Which helpers each of these calls. */
export const WIDE_NEEDS: Readonly<Record<string, readonly string[]>> = {
  gpuc_udivmod64: ['gpuc_shift64', 'gpuc_ge_wide', 'gpuc_sub_wide'],
  gpuc_divmod64: ['gpuc_udivmod64', 'gpuc_abs64', 'gpuc_sub_wide'],
  gpuc_pow64: ['gpuc_mul64'],
  gpuc_mul64: ['gpuc_mul_wide'],
  gpuc_bigshift: ['gpuc_sub_wide', 'gpuc_shift64'],
  gpuc_round53: ['gpuc_add_wide'],
  gpuc_abs64: ['gpuc_sub_wide'],
  gpuc_number_word: ['gpuc_round53', 'gpuc_abs64'],
  gpuc_number_f32: ['gpuc_round53', 'gpuc_abs64', 'gpuc_shr_wide'],
};
