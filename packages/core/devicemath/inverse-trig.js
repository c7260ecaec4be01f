/*
 * f64 arcsine, arccosine, arctangent and atan2 in the kernel language, for back-ends without
 * vendor math.
 *
 * Method: everything goes through one kernel, atan(a/b) for 0 <= a <= b with a and b given as
 * double-doubles, plus a base angle (0, pi/2 or pi) it is added to or subtracted from:
 * - atan(x) = atan(|x|/1), or pi/2 - atan(1/|x|) above 1;
 * - atan2(y, x) = atan(|y|/|x|) and its reflections (pi/2 -, pi/2 +, pi -), both scaled by a
 *   power of two first so that the products below neither overflow nor underflow;
 * - asin(x) = atan(x / sqrt(1 - x^2)), acos(x) = atan(sqrt(1 - x^2) / x), with 1 - x^2 and its
 *   square root formed in double-double, so accuracy holds next to 1 with no special formula.
 * The kernel never divides a by b in f64 (that rounding alone would cost half an ulp): with
 * c = k/8 the nearest eighth of a/b, atan(a/b) = atan(c) + atan(t), t = (a - cb)/(b + ca),
 * |t| <= 1/16, where numerator, denominator and quotient are exact to ~2^-100 (Dekker products,
 * no FMA). atan(t) is its Taylor series to t^17 (coefficients 1/n correctly rounded), below
 * 2^-64 relative; atan(k/8) is a double-double from a table computed with BigInt arithmetic
 * (Machin's formula for pi, the arctangent series for k/8). The final rounding is then the only
 * large error. Products and sums use gpuc_trig_mul_err and gpuc_trig_sum_err from trig.js.
 */

// atan(k/8), k = 0..8, high part.
function gpuc_atan_eighths_hi(k) {
  switch (k) {
    case 1:
      return 0.12435499454676144;
    case 2:
      return 0.24497866312686414;
    case 3:
      return 0.35877067027057225;
    case 4:
      return 0.4636476090008061;
    case 5:
      return 0.5585993153435624;
    case 6:
      return 0.6435011087932844;
    case 7:
      return 0.7188299996216245;
    case 8:
      return 0.7853981633974483;
  }
  return 0.0;
}

// atan(k/8) minus its high part.
function gpuc_atan_eighths_lo(k) {
  switch (k) {
    case 1:
      return -3.1253241424539383e-18;
    case 2:
      return 1.0698755618734451e-17;
    case 3:
      return -2.4623815582638635e-17;
    case 4:
      return 2.2698777452961687e-17;
    case 5:
      return -5.4556305485916264e-18;
    case 6:
      return 1.5834785051444286e-17;
    case 7:
      return -2.1478388444456983e-17;
    case 8:
      return 3.061616997868383e-17;
  }
  return 0.0;
}

// Rounded base + s * atan(a/b) for 0 <= a <= b (double-doubles ah + al, bh + bl, b > 0, both
// within [2^-600, 2^600], so that Dekker products neither overflow nor underflow).
// mode 0: atan(a/b); 1: pi/2 - atan(a/b); 2: pi/2 + atan(a/b); 3: pi - atan(a/b).
function gpuc_atan_kernel(ah, al, bh, bl, mode) {
  const k = ((ah / bh) * 8.0 + 0.5) | 0;
  const c = k * 0.125;
  // Numerator a - c*b and denominator b + c*a as double-doubles.
  const p = c * bh;
  const n1 = ah - p;
  const nx = gpuc_trig_sum_err(ah, -p, n1) - gpuc_trig_mul_err(c, bh, p) + (al - c * bl);
  // nx can exceed n1 when a/b is within 2^-50 of c: renormalize with TwoSum.
  const nh = n1 + nx;
  const nl = gpuc_trig_sum_err(n1, nx, nh);
  const q = c * ah;
  const d1 = bh + q;
  const dx = gpuc_trig_sum_err(bh, q, d1) + gpuc_trig_mul_err(c, ah, q) + (bl + c * al);
  const dh = d1 + dx;
  const dl = d1 - dh + dx;
  // t = th + tl: the quotient corrected by its exact remainder (nh - m is exact, Sterbenz).
  const th = nh / dh;
  const m = th * dh;
  const tl = (nh - m - gpuc_trig_mul_err(th, dh, m) + nl - th * dl) / dh;
  const z = th * th;
  // atan(t) - t = t^3 (-1/3 + t^2/5 - ... + t^14/17); tl enters through 1/(1 + t^2).
  const poly =
    th *
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
  const tail = tl * (1.0 - z) + poly;
  // The base angle plus or minus atan(c), as a double-double.
  const s = mode === 1 || mode === 3 ? -1.0 : 1.0;
  let bh0 = gpuc_atan_eighths_hi(k);
  let bl0 = gpuc_atan_eighths_lo(k);
  if (mode !== 0) {
    const baseHi = mode === 3 ? Math.PI : 1.5707963267948966;
    const baseLo = mode === 3 ? 1.2246467991473532e-16 : 6.123233995736766e-17;
    const sa = s * bh0;
    const h = baseHi + sa;
    bl0 = gpuc_trig_sum_err(baseHi, sa, h) + (baseLo + s * bl0);
    bh0 = h;
  }
  const st = s * th;
  const rh = bh0 + st;
  return rh + (gpuc_trig_sum_err(bh0, st, rh) + (bl0 + s * tail));
}

// sqrt(1 - x^2) as [hi, lo] for 2^-60 <= x < 1: 1 - x^2 from Dekker's exact square, then the
// rounded root corrected by its exact residual.
function gpuc_asin_root(x) {
  const p = x * x;
  const pe = gpuc_trig_mul_err(x, x, p);
  const w1 = 1.0 - p;
  const wx = 1.0 - w1 - p - pe;
  const wh = w1 + wx;
  const wl = w1 - wh + wx;
  const r = Math.sqrt(wh);
  const m = r * r;
  return [r, (wh - m - gpuc_trig_mul_err(r, r, m) + wl) / (2.0 * r)];
}

function gpuc_atan(x) {
  const ax = Math.abs(x);
  // Below 2^-27, x^3/3 is under half an ulp: atan x rounds to x (keeps -0 and subnormals).
  if (ax < 7.450580596923828e-9) return x;
  // Above 2^66, pi/2 - 1/x rounds to pi/2; NaN falls through here too.
  if (!(ax <= 7.378697629483821e19)) {
    if (Number.isNaN(x)) return x + x;
    return x < 0 ? -1.5707963267948966 : 1.5707963267948966;
  }
  // One call site (each is inlined): atan |x|, or pi/2 - atan(1/|x|) above 1.
  const big = ax > 1.0;
  const r = gpuc_atan_kernel(big ? 1.0 : ax, 0.0, big ? ax : 1.0, 0.0, big ? 1 : 0);
  return x < 0 ? -r : r;
}

function gpuc_asin(x) {
  const ax = Math.abs(x);
  // Below 2^-27, x^3/6 is under half an ulp: asin x rounds to x.
  if (ax < 7.450580596923828e-9) return x;
  if (!(ax < 1.0)) {
    if (ax === 1.0) return x * 1.5707963267948966;
    // |x| > 1 or NaN.
    return (x - x) / (x - x);
  }
  const [sh, sl] = gpuc_asin_root(ax);
  // atan(|x| / root), or pi/2 - atan(root / |x|) when |x| is the larger.
  const swap = ax > sh;
  const r = gpuc_atan_kernel(swap ? sh : ax, swap ? sl : 0.0, swap ? ax : sh, swap ? 0.0 : sl, swap ? 1 : 0);
  return x < 0 ? -r : r;
}

function gpuc_acos(x) {
  const ax = Math.abs(x);
  // Below 2^-55, pi/2 - x rounds to pi/2.
  if (ax < 2.7755575615628914e-17) return 1.5707963267948966;
  if (!(ax < 1.0)) {
    if (x === 1.0) return 0.0;
    if (x === -1.0) return Math.PI;
    return (x - x) / (x - x);
  }
  const [sh, sl] = gpuc_asin_root(ax);
  // acos x = atan(root / x): atan(root / |x|) (mode 0) or pi/2 - atan(|x| / root) (mode 1)
  // when the root is the larger; for negative x, pi minus those (modes 3 and 2).
  const swap = sh > ax;
  const mode = x > 0 ? (swap ? 1 : 0) : swap ? 2 : 3;
  return gpuc_atan_kernel(swap ? ax : sh, swap ? 0.0 : sl, swap ? sh : ax, swap ? sl : 0.0, mode);
}

// The power of two that atan2 scales its operands by (finite, nonzero): 2^-600 when either is
// above 2^400, 2^600 when both are below 2^-400 (so subnormals get their true exponent), else 1.
// Only an operand more than 2^61 times smaller than the other can then underflow.
function gpuc_atan2_scale(a, b) {
  if (a > 2.5822498780869086e120 || b > 2.5822498780869086e120) return 2.409919865102884e-181;
  if (a < 3.8725919148493183e-121 && b < 3.8725919148493183e-121) return 4.149515568880993e180;
  return 1.0;
}

// atan2 for finite nonzero |y| = ay, |x| = ax; xneg says x < 0. Kept small (the scaling is a
// helper) so that gpuc inlines it: a call costs GPU targets registers and stack.
function gpuc_atan2_finite(ay, ax, xneg) {
  const f = gpuc_atan2_scale(ay, ax);
  const a = ay * f;
  const b = ax * f;
  const ea = gpu.highWord(a) >> 20;
  const eb = gpu.highWord(b) >> 20;
  // One more than 2^60 times the other: the result is pi/2, the quotient, or pi, rounded.
  if (ea - eb > 60) return 1.5707963267948966;
  if (eb - ea > 60) return xneg ? Math.PI : ay / ax;
  // atan(a/b), pi/2 - atan(b/a) when a is the larger; for negative x, pi minus those.
  const swap = a > b;
  const mode = xneg ? (swap ? 2 : 3) : swap ? 1 : 0;
  return gpuc_atan_kernel(swap ? b : a, 0.0, swap ? a : b, 0.0, mode);
}

function gpuc_atan2(y, x) {
  if (Number.isNaN(x) || Number.isNaN(y)) return x + y;
  const ay = Math.abs(y);
  const ax = Math.abs(x);
  // The sign bits, so that -0 counts as negative.
  const xneg = gpu.highWord(x) < 0;
  let r = 0.0;
  if (ay === 0.0) {
    r = xneg ? Math.PI : 0.0;
  } else if (ax === 0.0) {
    r = 1.5707963267948966;
  } else if (ax === Infinity) {
    if (ay === Infinity) r = xneg ? 2.356194490192345 : 0.7853981633974483;
    else r = xneg ? Math.PI : 0.0;
  } else if (ay === Infinity) {
    r = 1.5707963267948966;
  } else {
    r = gpuc_atan2_finite(ay, ax, xneg);
  }
  return gpu.highWord(y) < 0 ? -r : r;
}
