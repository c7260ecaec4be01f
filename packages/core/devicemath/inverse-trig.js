/*
 * Inverse trigonometric functions, in double-double and rounded once. atan t for |t| <= 1
 * halves the angle three times, t -> t / (1 + sqrt(1 + t^2)), which leaves |t| <= 0.0985,
 * then sums its series (nine terms: truncation below 2^-62); above 1, atan t = pi/2 - atan 1/t.
 * asin x = atan(x / sqrt((1 - x)(1 + x))), acos x = pi/2 - asin x, and atan2 takes the smaller
 * of |y|, |x| over the larger and places the angle in its quadrant.
 */

/** atan(th + tl) for |th + tl| <= 1, as a double-double. */
function gpuc_atan_small(th, tl) {
  let h = th;
  let l = tl;
  for (let i = 0; i < 3; i++) {
    const square = gpuc_dd_mul(h, l, h, l);
    const one = gpuc_dd_add(square.hi, square.lo, 1, 0);
    const root = gpuc_dd_sqrt(one.hi, one.lo);
    const denominator = gpuc_dd_add(root.hi, root.lo, 1, 0);
    const q = gpuc_dd_div(h, l, denominator.hi, denominator.lo);
    h = q.hi;
    l = q.lo;
  }
  const z = h * h;
  const tail =
    h *
    z *
    (-0.3333333333333333 +
      z *
        (0.2 +
          z *
            (-0.14285714285714285 +
              z *
                (0.1111111111111111 +
                  z *
                    (-0.09090909090909091 +
                      z * (0.07692307692307693 + z * (-0.06666666666666667 + z * 0.058823529411764705)))))));
  const r = gpuc_fast_two_sum(h, l + tail);
  return { hi: r.hi * 8, lo: r.lo * 8 };
}

/** atan(th + tl) for any finite double-double, as a double-double. */
function gpuc_atan_dd(th, tl) {
  const a = Math.abs(th);
  const sign = th < 0 ? -1 : 1;
  if (a <= 1) return gpuc_atan_small(th, tl);
  const inverse = gpuc_dd_div(1, 0, a, tl * sign);
  const small = gpuc_atan_small(inverse.hi, inverse.lo);
  const r = gpuc_dd_add(1.5707963267948966, 6.123233995736766e-17, -small.hi, -small.lo);
  return { hi: r.hi * sign, lo: r.lo * sign };
}

function gpuc_atan(x) {
  const a = Math.abs(x);
  if (Number.isNaN(x) || a < 7.450580596923828e-9) return x;
  if (a > 9007199254740992) return x > 0 ? 1.5707963267948966 : -1.5707963267948966;
  const r = gpuc_atan_dd(x, 0);
  return r.hi + r.lo;
}

/** asin x for |x| <= 1 as a double-double. */
function gpuc_asin_dd(x) {
  const a = Math.abs(x);
  if (a === 1) return { hi: x * 1.5707963267948966, lo: x * 6.123233995736766e-17 };
  const below = gpuc_two_sum(1, -a);
  const above = gpuc_two_sum(1, a);
  const product = gpuc_dd_mul(below.hi, below.lo, above.hi, above.lo);
  const root = gpuc_dd_sqrt(product.hi, product.lo);
  const t = gpuc_dd_div(x, 0, root.hi, root.lo);
  return gpuc_atan_dd(t.hi, t.lo);
}

function gpuc_asin(x) {
  const a = Math.abs(x);
  if (!(a <= 1)) return NaN;
  if (a < 7.450580596923828e-9) return x;
  const r = gpuc_asin_dd(x);
  return r.hi + r.lo;
}

function gpuc_acos(x) {
  if (!(Math.abs(x) <= 1)) return NaN;
  if (x === 1) return 0;
  const s = gpuc_asin_dd(x);
  const r = gpuc_dd_add(1.5707963267948966, 6.123233995736766e-17, -s.hi, -s.lo);
  return r.hi + r.lo;
}

function gpuc_atan2(y, x) {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  const negative = y < 0 || 1 / y < 0;
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  // Zeros and infinities, as ECMAScript specifies them.
  let r = 0;
  if (ay === 0) r = x > 0 || 1 / x > 0 ? 0 : Math.PI;
  else if (ax === Infinity && ay === Infinity) r = x > 0 ? Math.PI / 4 : 2.356194490192345;
  else if (ax === Infinity) r = x > 0 ? 0 : Math.PI;
  else if (ay === Infinity || ax === 0) r = 1.5707963267948966;
  else {
    // The ratio of the smaller to the larger, after scaling both into the range where
    // double-double products are exact.
    let big = Math.max(ax, ay);
    let small = Math.min(ax, ay);
    if (big > 3.273390607896142e150) {
      big = big * 2.409919865102884e-181;
      small = small * 2.409919865102884e-181;
    } else if (big < 3.054936363499605e-151) {
      big = big * 4.149515568880993e180;
      small = small * 4.149515568880993e180;
    }
    // Below 2^-60 atan t is t to within 2^-120: one division, subnormal results included.
    const ratio = Math.min(ax, ay) / Math.max(ax, ay);
    let angle = { hi: ratio, lo: 0.0 };
    if (ratio >= 8.673617379884035e-19) {
      const q = gpuc_dd_div(small, 0, big, 0);
      angle = gpuc_atan_small(q.hi, q.lo);
    }
    if (ay > ax) angle = gpuc_dd_add(1.5707963267948966, 6.123233995736766e-17, -angle.hi, -angle.lo);
    if (x < 0) angle = gpuc_dd_add(Math.PI, 1.2246467991473532e-16, -angle.hi, -angle.lo);
    r = angle.hi + angle.lo;
  }
  return negative ? -r : r;
}
