/*
 * Exponentials and logarithms: exp, expm1, log, log1p, log2, log10, pow, and the double-double
 * cores the hyperbolic functions build on. Results are computed in double-double and rounded
 * once, which keeps them within about half an ulp of the exact value.
 *
 * exp: x = k ln2 + r with |r| <= ln2/2. ln2 is split Cody-Waite style (a high part of 32 bits,
 * so k times it is exact and the subtraction too), and e^r - 1 is its Taylor series to degree
 * 15 (the terms 1/n! rounded to double; truncation below 2^-70 there).
 * log: x = 2^k m with m in [sqrt(1/2), sqrt(2)), log m = 2 atanh(s), s = (m - 1)/(m + 1) <= 0.172,
 * with s and the cubic term in double-double and the rest of the series in double, which gives
 * log m to about 2^-64 relative: what pow needs, whose exp argument y log x may reach 745.
 */

/** e^r - 1 for |r| <= ln2/2, as a double-double. */
function gpuc_expm1_small(r) {
  const q = gpuc_two_product(r, r);
  const t =
    r *
    q.hi *
    (0.16666666666666666 +
      r *
        (0.041666666666666664 +
          r *
            (0.008333333333333333 +
              r *
                (0.001388888888888889 +
                  r *
                    (0.0001984126984126984 +
                      r *
                        (0.0000248015873015873 +
                          r *
                            (0.0000027557319223985893 +
                              r *
                                (2.755731922398589e-7 +
                                  r *
                                    (2.505210838544172e-8 +
                                      r *
                                        (2.08767569878681e-9 +
                                          r *
                                            (1.6059043836821613e-10 +
                                              r *
                                                (1.1470745597729725e-11 +
                                                  r * 7.647163731819816e-13))))))))))));
  const s = gpuc_fast_two_sum(r, q.hi * 0.5);
  return gpuc_fast_two_sum(s.hi, s.lo + (q.lo * 0.5 + t));
}

/**
 * e^(th + tl) as 2^k (hi + lo), hi + lo in [0.7, 1.42], for |th| <= 746 and |tl| <= ulp(th).
 */
function gpuc_exp_parts(th, tl) {
  const k = Math.round(th * Math.LOG2E);
  const a = th - k * 0.6931471803691238;
  const b = tl - k * 1.9082149292705877e-10;
  const r = gpuc_two_sum(a, b);
  const e = gpuc_expm1_small(r.hi);
  // e^(rh + rl) = (1 + e)(1 + rl) to the precision kept.
  const s = gpuc_fast_two_sum(1, e.hi);
  const t = gpuc_fast_two_sum(s.hi, s.lo + (e.lo + r.lo * (1 + e.hi)));
  return { k, hi: t.hi, lo: t.lo };
}

function gpuc_exp(x) {
  if (Number.isNaN(x)) return x;
  if (x > 709.782712893384) return Infinity;
  if (x < -746) return 0;
  const e = gpuc_exp_parts(x, 0);
  return gpuc_scale(e.hi + e.lo, e.k);
}

function gpuc_expm1(x) {
  if (Number.isNaN(x)) return x;
  if (x > 709.782712893384) return Infinity;
  if (x < -38) return -1;
  if (Math.abs(x) < 5.551115123125783e-17) return x;
  if (Math.abs(x) <= 0.34657359027997264) {
    const e = gpuc_expm1_small(x);
    return e.hi + e.lo;
  }
  const e = gpuc_exp_parts(x, 0);
  if (e.k > 1000) return gpuc_scale(e.hi + e.lo, e.k);
  const p = gpuc_power_of_two(e.k);
  const s = gpuc_two_sum(p * e.hi, -1);
  return s.hi + (s.lo + p * e.lo);
}

/** log m for m in [sqrt(1/2), sqrt(2)), as a double-double. */
function gpuc_log_core(m) {
  const f = m - 1;
  const d = gpuc_fast_two_sum(2, f);
  const s = gpuc_dd_div(f, 0, d.hi, d.lo);
  const q = gpuc_two_product(s.hi, s.hi);
  const z = q.hi;
  const zl = q.lo + 2 * s.hi * s.lo;
  // 2 atanh(s) = 2s + (2/3) s^3 + 2s (s^4/5 + s^6/7 + ... + s^22/23)
  const tail =
    2 *
    s.hi *
    z *
    z *
    (0.2 +
      z *
        (0.14285714285714285 +
          z *
            (0.1111111111111111 +
              z *
                (0.09090909090909091 +
                  z *
                    (0.07692307692307693 +
                      z *
                        (0.06666666666666667 +
                          z *
                            (0.058823529411764705 +
                              z *
                                (0.05263157894736842 +
                                  z * (0.047619047619047616 + z * 0.043478260869565216)))))))));
  const c = gpuc_dd_mul(s.hi, s.lo, z, zl);
  const cubic = gpuc_dd_mul(c.hi, c.lo, 0.6666666666666666, 3.700743415417188e-17);
  return gpuc_dd_add(2 * s.hi, 2 * s.lo, cubic.hi, cubic.lo + tail);
}

/** log x for finite x > 0 as k ln2 + (hi + lo), k an integer. */
function gpuc_log_parts(x) {
  let y = x;
  let k = 0;
  if (y < 2.2250738585072014e-308) {
    y = y * 18014398509481984;
    k = -54;
  }
  const high = gpu.highWord(y);
  k = k + (high >> 20) - 1023;
  let m = gpu.fromWords((high & 0x000fffff) | 0x3ff00000, gpu.lowWord(y));
  if (m > Math.SQRT2) {
    m = m * 0.5;
    k = k + 1;
  }
  const l = gpuc_log_core(m);
  return { k: Number(k), hi: l.hi, lo: l.lo };
}

/** log x for finite x > 0 as a double-double. */
function gpuc_log_dd(x) {
  const p = gpuc_log_parts(x);
  const a = gpuc_two_product(p.k, Math.LN2);
  return gpuc_dd_add(a.hi, a.lo + p.k * 2.3190468138462996e-17, p.hi, p.lo);
}

/** log(1 + x) for finite x > -1 as a double-double. */
function gpuc_log1p_dd(x) {
  const u = gpuc_two_sum(1, x);
  const l = gpuc_log_dd(u.hi);
  // log(u + e) = log u + e/u, to the precision kept (e/u is below 2^-53).
  return gpuc_dd_add(l.hi, l.lo, u.lo / u.hi, 0);
}

function gpuc_log(x) {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  const l = gpuc_log_dd(x);
  return l.hi + l.lo;
}

function gpuc_log2(x) {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  const p = gpuc_log_parts(x);
  const t = gpuc_dd_mul(p.hi, p.lo, Math.LOG2E, 2.0355273740931033e-17);
  const r = gpuc_dd_add(p.k, 0, t.hi, t.lo);
  return r.hi + r.lo;
}

function gpuc_log10(x) {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  const p = gpuc_log_parts(x);
  const a = gpuc_dd_mul(p.k, 0, 0.3010299956639812, -2.8037281277851704e-18);
  const t = gpuc_dd_mul(p.hi, p.lo, Math.LOG10E, 1.098319650216765e-17);
  const r = gpuc_dd_add(a.hi, a.lo, t.hi, t.lo);
  return r.hi + r.lo;
}

function gpuc_log1p(x) {
  if (!(x >= -1)) return NaN;
  if (x === -1) return -Infinity;
  if (x === Infinity || Math.abs(x) < 5.551115123125783e-17) return x;
  const l = gpuc_log1p_dd(x);
  return l.hi + l.lo;
}

/** x ** y as ECMAScript defines it (Number::exponentiate). */
function gpuc_pow(x, y) {
  if (Number.isNaN(y)) return NaN;
  if (y === 0) return 1;
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (y === Infinity) return ax === 1 ? NaN : ax > 1 ? Infinity : 0;
  if (y === -Infinity) return ax === 1 ? NaN : ax > 1 ? 0 : Infinity;
  const integer = Math.floor(y) === y;
  const odd = integer && Math.abs(y) < 9007199254740992 && Math.floor(y * 0.5) * 2 !== y;
  // The sign of the result: negative for a negative base (-0 included) and an odd power.
  const negative = odd && (x < 0 || 1 / x < 0);
  if (ax === 0 || ax === Infinity) {
    const big = (ax === 0) === y < 0;
    return negative ? (big ? -Infinity : -0) : big ? Infinity : 0;
  }
  if (x < 0 && !integer) return NaN;
  if (ax === 1) return negative ? -1 : 1;
  let r = 0;
  if (Math.abs(y) > 1.8446744073709552e19) {
    // |y log x| > 2000: overflow or underflow.
    r = ax > 1 === y > 0 ? Infinity : 0;
  } else {
    const l = gpuc_log_dd(ax);
    const t = gpuc_dd_mul(l.hi, l.lo, y, 0);
    if (t.hi > 710) r = Infinity;
    else if (t.hi < -746) r = 0;
    else {
      const e = gpuc_exp_parts(t.hi, t.lo);
      r = gpuc_scale(e.hi + e.lo, e.k);
    }
  }
  return negative ? -r : r;
}
