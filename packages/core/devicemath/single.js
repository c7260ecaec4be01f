/*
 * Single-precision versions of the Math functions a target without f64 (Metal) has no vendor
 * function for: every step is f32 arithmetic on f32 values, with the target's own exp, log and
 * pow underneath. Each is within a few ulps of the exact value.
 */

/** Math.cbrt in f32: pow's estimate, then two Newton steps in a form that cannot overflow. */
function gpuc_cbrtf(x) {
  if (x === 0 || !Number.isFinite(x)) return x + x;
  const a = Math.abs(x);
  let t = a ** f32(0.3333333333333333);
  t = t + (a / (t * t) - t) / 3;
  t = t + (a / (t * t) - t) / 3;
  return x < 0 ? -t : t;
}

/** Math.log1p in f32: log(u) scaled by the rounding error of u = 1 + x (Goldberg's trick). */
function gpuc_log1pf(x) {
  const u = x + 1;
  if (u === 1) return x;
  if (u > 0 && !Number.isFinite(u)) return u;
  return Math.log(u) * (x / (u - 1));
}

/** Math.expm1 in f32: u - 1 for u = exp(x), corrected by x / log(u) (Kahan's trick). */
function gpuc_expm1f(x) {
  const u = Math.exp(x);
  if (u === 1) return x;
  const m = u - 1;
  if (m === -1) return m;
  if (u > 0 && !Number.isFinite(u)) return u;
  return m * (x / Math.log(u));
}
