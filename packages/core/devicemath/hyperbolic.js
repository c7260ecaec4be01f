/*
 * Hyperbolic functions and their inverses. Below 1 in magnitude sinh and cosh are their Taylor
 * series (to degrees 21 and 22; truncation below 2^-70); above, they and tanh come from e^x in
 * double-double (exp-log.js), so the difference or quotient is rounded once. The inverses are
 * logarithms of double-double arguments: asinh x = log1p(|x| + x^2 / (1 + sqrt(1 + x^2))),
 * acosh x = log1p((x - 1) + sqrt(x^2 - 1)), atanh x = (log1p(x) - log1p(-x)) / 2.
 */

function gpuc_sinh(x) {
  const a = Math.abs(x);
  if (!(a < 710.5)) return Number.isNaN(x) ? x : x > 0 ? Infinity : -Infinity;
  if (a < 3.725290298461914e-9) return x;
  let r = 0;
  if (a < 1) {
    const z = a * a;
    r =
      a +
      a *
        z *
        (0.16666666666666666 +
          z *
            (0.008333333333333333 +
              z *
                (0.0001984126984126984 +
                  z *
                    (0.0000027557319223985893 +
                      z *
                        (2.505210838544172e-8 +
                          z *
                            (1.6059043836821613e-10 +
                              z *
                                (7.647163731819816e-13 +
                                  z *
                                    (2.8114572543455206e-15 +
                                      z * (8.22063524662433e-18 + z * 1.9572941063391263e-20)))))))));
  } else {
    const e = gpuc_exp_parts(a, 0);
    if (e.k > 60) {
      r = gpuc_scale(e.hi + e.lo, e.k - 1);
    } else {
      const inverse = gpuc_dd_div(1, 0, e.hi, e.lo);
      const p = gpuc_power_of_two(e.k);
      const q = gpuc_power_of_two(-e.k);
      const d = gpuc_dd_add(p * e.hi, p * e.lo, -q * inverse.hi, -q * inverse.lo);
      r = (d.hi + d.lo) * 0.5;
    }
  }
  return x < 0 ? -r : r;
}

function gpuc_cosh(x) {
  const a = Math.abs(x);
  if (!(a < 710.5)) return Number.isNaN(x) ? x : Infinity;
  if (a < 1) {
    const q = gpuc_two_product(a, a);
    const z = q.hi;
    const s =
      z *
      z *
      (0.041666666666666664 +
        z *
          (0.001388888888888889 +
            z *
              (0.0000248015873015873 +
                z *
                  (2.755731922398589e-7 +
                    z *
                      (2.08767569878681e-9 +
                        z *
                          (1.1470745597729725e-11 +
                            z *
                              (4.779477332387385e-14 +
                                z *
                                  (1.5619206968586225e-16 +
                                    z * (4.110317623312165e-19 + z * 8.896791392450574e-22)))))))));
    const h = gpuc_fast_two_sum(1, z * 0.5);
    return h.hi + (h.lo + (q.lo * 0.5 + s));
  }
  const e = gpuc_exp_parts(a, 0);
  if (e.k > 60) return gpuc_scale(e.hi + e.lo, e.k - 1);
  const inverse = gpuc_dd_div(1, 0, e.hi, e.lo);
  const p = gpuc_power_of_two(e.k);
  const q = gpuc_power_of_two(-e.k);
  const d = gpuc_dd_add(p * e.hi, p * e.lo, q * inverse.hi, q * inverse.lo);
  return (d.hi + d.lo) * 0.5;
}

function gpuc_tanh(x) {
  const a = Math.abs(x);
  if (Number.isNaN(x) || a < 3.725290298461914e-9) return x;
  let r = 1;
  if (a < 22) {
    // tanh a = E / (E + 2) with E = e^(2a) - 1 in double-double.
    const t = 2 * a;
    let eh = 0;
    let el = 0;
    if (t <= 0.34657359027997264) {
      const e = gpuc_expm1_small(t);
      eh = e.hi;
      el = e.lo;
    } else {
      const e = gpuc_exp_parts(t, 0);
      const p = gpuc_power_of_two(e.k);
      const s = gpuc_two_sum(p * e.hi, -1);
      const d = gpuc_fast_two_sum(s.hi, s.lo + p * e.lo);
      eh = d.hi;
      el = d.lo;
    }
    const denominator = gpuc_dd_add(eh, el, 2, 0);
    const q = gpuc_dd_div(eh, el, denominator.hi, denominator.lo);
    r = q.hi + q.lo;
  }
  return x < 0 ? -r : r;
}

/** log(1 + (th + tl)) rounded, for a double-double argument above -1. */
function gpuc_log1p_of_dd(th, tl) {
  const l = gpuc_log1p_dd(th);
  const d = gpuc_dd_add(l.hi, l.lo, tl / (1 + th), 0);
  return d.hi + d.lo;
}

/** log(2x) rounded, for large x (where the inverse functions are log 2x to within 2^-57). */
function gpuc_log_twice(x) {
  const l = gpuc_log_dd(x);
  const d = gpuc_dd_add(l.hi, l.lo, Math.LN2, 2.3190468138462996e-17);
  return d.hi + d.lo;
}

function gpuc_asinh(x) {
  const a = Math.abs(x);
  if (!(a < Infinity) || a < 3.725290298461914e-9) return x;
  let r = 0;
  if (a > 268435456) {
    r = gpuc_log_twice(a);
  } else {
    const q = gpuc_two_product(a, a);
    const u = gpuc_dd_add(1, 0, q.hi, q.lo);
    const root = gpuc_dd_sqrt(u.hi, u.lo);
    const denominator = gpuc_dd_add(root.hi, root.lo, 1, 0);
    const fraction = gpuc_dd_div(q.hi, q.lo, denominator.hi, denominator.lo);
    const t = gpuc_dd_add(a, 0, fraction.hi, fraction.lo);
    r = gpuc_log1p_of_dd(t.hi, t.lo);
  }
  return x < 0 ? -r : r;
}

function gpuc_acosh(x) {
  if (!(x >= 1)) return NaN;
  if (x === Infinity) return x;
  if (x > 268435456) return gpuc_log_twice(x);
  const below = gpuc_two_sum(x, -1);
  const q = gpuc_two_product(x, x);
  const square = gpuc_dd_add(q.hi, q.lo, -1, 0);
  if (square.hi === 0) return 0;
  const root = gpuc_dd_sqrt(square.hi, square.lo);
  const t = gpuc_dd_add(below.hi, below.lo, root.hi, root.lo);
  return gpuc_log1p_of_dd(t.hi, t.lo);
}

function gpuc_atanh(x) {
  const a = Math.abs(x);
  if (!(a <= 1)) return NaN;
  if (a < 3.725290298461914e-9) return x;
  if (a === 1) return x > 0 ? Infinity : -Infinity;
  const up = gpuc_log1p_dd(a);
  const down = gpuc_log1p_dd(-a);
  const d = gpuc_dd_add(up.hi, up.lo, -down.hi, -down.lo);
  const r = (d.hi + d.lo) * 0.5;
  return x < 0 ? -r : r;
}
