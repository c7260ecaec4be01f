/*
 * Error-free transformations and double-double arithmetic: the extra precision the rest of the
 * library needs to round its results once. A double-double is a record `{ hi, lo }` whose value
 * is the unevaluated sum hi + lo, with |lo| at most half an ulp of hi.
 *
 * gpuc never fuses f64 operations into FMAs, so products are made exact by splitting each
 * factor into halves of 26 bits (Veltkamp), not by an FMA. Splitting is exact for |a| below
 * 2^995; callers keep their operands in that range.
 */

/** a + b exactly, as hi + lo (any magnitudes). */
function gpuc_two_sum(a, b) {
  const s = a + b;
  const bb = s - a;
  return { hi: s, lo: a - (s - bb) + (b - bb) };
}

/** a + b exactly when |a| >= |b| (or a is 0). */
function gpuc_fast_two_sum(a, b) {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}

/** a split into two halves of at most 26 significant bits each: a = hi + lo. */
function gpuc_split(a) {
  const t = 134217729 * a; // 2^27 + 1
  const hi = t - (t - a);
  return { hi, lo: a - hi };
}

/** a * b exactly, as hi + lo. */
function gpuc_two_product(a, b) {
  const p = a * b;
  const x = gpuc_split(a);
  const y = gpuc_split(b);
  const lo = x.hi * y.hi - p + x.hi * y.lo + x.lo * y.hi + x.lo * y.lo;
  return { hi: p, lo };
}

/** (ah + al) + (bh + bl), renormalised. */
function gpuc_dd_add(ah, al, bh, bl) {
  const s = gpuc_two_sum(ah, bh);
  return gpuc_fast_two_sum(s.hi, s.lo + al + bl);
}

/** (ah + al) * (bh + bl), renormalised. */
function gpuc_dd_mul(ah, al, bh, bl) {
  const p = gpuc_two_product(ah, bh);
  return gpuc_fast_two_sum(p.hi, p.lo + ah * bl + al * bh);
}

/** (ah + al) / (bh + bl), renormalised: one correction of the quotient of the high parts. */
function gpuc_dd_div(ah, al, bh, bl) {
  const q = ah / bh;
  const p = gpuc_two_product(q, bh);
  const r = ah - p.hi - p.lo + al - q * bl;
  return gpuc_fast_two_sum(q, r / bh);
}

/** The square root of (ah + al) > 0, renormalised: one Newton correction of sqrt(ah). */
function gpuc_dd_sqrt(ah, al) {
  const s = Math.sqrt(ah);
  const p = gpuc_two_product(s, s);
  return gpuc_fast_two_sum(s, (ah - p.hi - p.lo + al) / (2 * s));
}

/** 2^n for an integer n in [-1022, 1023]. */
function gpuc_power_of_two(n) {
  return gpu.fromWords((n + 1023) << 20, 0);
}

/** x * 2^n, rounded once unless the result is subnormal (n in [-2100, 2100]). */
function gpuc_scale(x, n) {
  if (n > 1023) return x * gpuc_power_of_two(1023) * gpuc_power_of_two(Math.min(n - 1023, 1023));
  if (n < -1022) {
    // Into the subnormal range in two steps, the first exact, so that it is rounded once.
    const m = Math.max(n + 1022, -1022);
    return x * gpuc_power_of_two(m) * gpuc_power_of_two(-1022);
  }
  return x * gpuc_power_of_two(n);
}
