/*
 * f64 sine, cosine and tangent in the kernel language, for back-ends without vendor math.
 *
 * Method: x = k*pi/2 + r with |r| <= pi/4, r carried as a double-double rh + rl; sin(r) and
 * cos(r) are evaluated as double-doubles, chosen and negated by k mod 4; tan is the
 * double-double quotient sin(r)/cos(r) or -cos(r)/sin(r). Working on |x| and restoring the sign
 * keeps sin and tan odd and cos even exactly.
 *
 * Reduction (exact enough that the worst case, |r| about 2^-61 near a multiple of pi/2, still
 * keeps ~70 correct bits):
 * - |x| < 2^20: Cody-Waite with pi/2 split in three 33-bit parts, whose products with k < 2^20
 *   are exact, and a 53-bit fourth; the subtractions are tracked with TwoSum.
 * - larger |x| (up to the largest finite): Payne-Hanek. x's 53-bit mantissa in three 24-bit
 *   pieces times 24-bit chunks of 2/pi gives products below 2^48, exact in f64; columns of equal
 *   weight are summed exactly, carried into 24-bit limbs, the integer part is dropped mod 8,
 *   and the fraction becomes a double-double that is multiplied by pi/2.
 *
 * Polynomials: Taylor series with coefficients 1/n! correctly rounded (generated with BigInt
 * arithmetic), to r^17 for sin and r^18 for cos: truncation below 2^-62 relative for
 * |r| <= pi/4. The leading terms r^3/6, r^2/2 and r^4/24 are formed in double-double with Dekker's
 * exact product (gpuc never fuses f64 into FMA), so the final rounding is the only large error.
 *
 * The constants (pi/2 parts, 2/pi bits) were computed with BigInt fixed point from Machin's
 * formula for pi. Running this file as plain JavaScript gives the same bits as compiled code.
 */

// The error of the product p = a*b, exactly: Dekker's product with Veltkamp splits into
// 26-bit halves (no FMA). Needs |a|, |b| < 2^995 and no underflow in the partial products.
function gpuc_trig_mul_err(a, b, p) {
  const ta = 134217729.0 * a;
  const ah = ta - (ta - a);
  const al = a - ah;
  const tb = 134217729.0 * b;
  const bh = tb - (tb - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

// The error of the sum s = a + b, exactly (Knuth's TwoSum: no condition on the magnitudes).
function gpuc_trig_sum_err(a, b, s) {
  const bb = s - a;
  return a - (s - bb) + (b - bb);
}

// 24-bit chunk i of 2/pi = sum of chunk(i) * 2^(-24(i+1)); 0 before the point. 50 chunks
// (1200 bits) cover the largest exponent plus the 8 columns the reduction reads.
function gpuc_trig_two_over_pi(i) {
  switch (i) {
    case 0:
      return 10680707;
    case 1:
      return 7228996;
    case 2:
      return 1387004;
    case 3:
      return 2578385;
    case 4:
      return 16069853;
    case 5:
      return 12639074;
    case 6:
      return 9804092;
    case 7:
      return 4427841;
    case 8:
      return 16666979;
    case 9:
      return 11263675;
    case 10:
      return 12935607;
    case 11:
      return 2387514;
    case 12:
      return 4345298;
    case 13:
      return 14681673;
    case 14:
      return 3074569;
    case 15:
      return 13734428;
    case 16:
      return 16653803;
    case 17:
      return 1880361;
    case 18:
      return 10960616;
    case 19:
      return 8533493;
    case 20:
      return 3062596;
    case 21:
      return 8710556;
    case 22:
      return 7349940;
    case 23:
      return 6258241;
    case 24:
      return 3772886;
    case 25:
      return 3769171;
    case 26:
      return 3798172;
    case 27:
      return 8675211;
    case 28:
      return 12450088;
    case 29:
      return 3874808;
    case 30:
      return 9961438;
    case 31:
      return 366607;
    case 32:
      return 15675153;
    case 33:
      return 9132554;
    case 34:
      return 7151469;
    case 35:
      return 3571407;
    case 36:
      return 2607881;
    case 37:
      return 12013382;
    case 38:
      return 4155038;
    case 39:
      return 6285869;
    case 40:
      return 7677882;
    case 41:
      return 13102053;
    case 42:
      return 15825725;
    case 43:
      return 473591;
    case 44:
      return 9065106;
    case 45:
      return 15363067;
    case 46:
      return 6271263;
    case 47:
      return 9264392;
    case 48:
      return 5636912;
    case 49:
      return 4652155;
  }
  return 0;
}

// Reduces |x| (finite, > pi/4 unless it is returned as is) to [k mod 4, rh, rl] with
// rh + rl = |x| - k*pi/2, |rh| <= pi/4.
function gpuc_trig_reduce(ax) {
  if (ax <= 0.7853981633974483) return [0, ax, 0.0];
  if (!(ax < 1048576.0)) return gpuc_trig_reduce_large(ax);
  const k = Math.floor(ax * 0.6366197723675814 + 0.5);
  // k >= 1 and k * part is exact, so a is exact (Sterbenz) and b, c are exact.
  const a = ax - k * 1.5707963267341256;
  const b = k * 6.077100506303966e-11;
  const s1 = a - b;
  const e1 = gpuc_trig_sum_err(a, -b, s1);
  const c = k * 2.0222662487111665e-21;
  const s2 = s1 - c;
  const e2 = gpuc_trig_sum_err(s1, -c, s2);
  const lo = e1 + e2 - k * 8.4784276603689e-32;
  const rh = s2 + lo;
  return [(k | 0) & 3, rh, s2 - rh + lo];
}

// Payne-Hanek reduction for 2^20 <= |x| < 2^1024, see the file's comment.
function gpuc_trig_reduce_large(ax) {
  const hw = gpu.highWord(ax);
  const lw = gpu.lowWord(ax);
  // |x| = M * 2^e, M = m2 * 2^48 + m1 * 2^24 + m0 with 53 bits.
  const e = ((hw >> 20) & 0x7ff) - 1075;
  const hm = (hw & 0xfffff) | 0x100000;
  const m0 = (lw & 0xffffff) * 1.0;
  const m1 = ((lw >>> 24) | ((hm & 0xffff) << 8)) * 1.0;
  const m2 = (hm >> 16) * 1.0;
  // Column j sums m_i * chunk(n0 + j + i), weight w0 * 2^(-24j), w0 = 2^(e - 24(n0 + 1)).
  // n0 = floor((e - 3) / 24) is the first column that is not a multiple of 8 (so w0 <= 4);
  // columns after the 8th add less than 2^-140.
  const n0 = (((e + 45) / 24) | 0) - 2;
  const w0 = gpu.fromWords((e - 24 * n0 + 999) << 20, 0);
  // Columns 7 down to 0, carried into 24-bit limbs on the way (all exact: a column is below
  // 3 * 2^48, a carried one below 2^51). The limbs are summed in pairs, 48 bits each, exact:
  // gd (columns 6, 7), gc (4, 5), gb (2, 3), l1 (1); top is column 0 with its carry. A loop
  // with one lookup, because GPU targets turn each switch into a tree of branches.
  let c1 = 0.0;
  let c2 = 0.0;
  let cy = 0.0;
  let w = w0 * 2.6727647100921956e-51;
  let top = 0.0;
  let l1 = 0.0;
  let gb = 0.0;
  let gc = 0.0;
  let gd = 0.0;
  for (let j = 9; j >= 0; j--) {
    const c0 = gpuc_trig_two_over_pi(n0 + j) * 1.0;
    if (j <= 7) {
      const v = m0 * c0 + m1 * c1 + m2 * c2 + cy;
      if (j === 0) {
        top = v;
      } else {
        cy = Math.floor(v * 5.9604644775390625e-8);
        const limb = (v - cy * 16777216.0) * w;
        if (j >= 6) gd += limb;
        else if (j >= 4) gc += limb;
        else if (j >= 2) gb += limb;
        else l1 = limb;
        w = w * 16777216.0;
      }
    }
    c2 = c1;
    c1 = c0;
  }
  // The top column mod 8 and limb 1: 48 bits, exact. Its nearest integer is that of the whole
  // sum, since the rest is below w1 = w0 * 2^-24 and top + 0.5 is a multiple of w1.
  let t = top * w0;
  t = t - 8.0 * Math.floor(t * 0.125);
  const head = t + l1;
  const q = Math.floor(head + 0.5);
  const f0 = head - q;
  // The fraction f0 + gb + gc + gd lies in [-1/2, 1/2]. When it is small f0 + gb cancels
  // exactly, so TwoSum keeps ~105 bits in any case.
  const s1 = f0 + gb;
  const e1 = gpuc_trig_sum_err(f0, gb, s1);
  const s2 = s1 + gc;
  const e2 = gpuc_trig_sum_err(s1, gc, s2);
  const lo = e1 + e2 + gd;
  const fh = s2 + lo;
  const fl = s2 - fh + lo;
  // r = f * pi/2 in double-double.
  const ph = fh * 1.5707963267948966;
  const pl =
    gpuc_trig_mul_err(fh, 1.5707963267948966, ph) + (fh * 6.123233995736766e-17 + fl * 1.5707963267948966);
  const rh = ph + pl;
  return [(q | 0) & 3, rh, ph - rh + pl];
}

// sin(rh + rl) as [hi, lo], hi the rounded value; 2^-62 <= |rh| <= pi/4 (a little more is fine).
function gpuc_trig_sin_dd(rh, rl) {
  const zh = rh * rh;
  const zl = gpuc_trig_mul_err(rh, rh, zh);
  // r^3 = c + cl, then r^3/6 = q + ql with 1/6 as a double-double.
  const c = rh * zh;
  const cl = gpuc_trig_mul_err(rh, zh, c) + rh * zl;
  const q = c * 0.16666666666666666;
  const ql =
    gpuc_trig_mul_err(c, 0.16666666666666666, q) + (c * 9.25185853854297e-18 + cl * 0.16666666666666666);
  // r^5 (1/5! - r^2/7! + ... + r^12/17!): at most 0.0025 r, so f64 is plenty.
  const p =
    0.008333333333333333 +
    zh *
      (-0.0001984126984126984 +
        zh *
          (0.0000027557319223985893 +
            zh *
              (-2.505210838544172e-8 +
                zh *
                  (1.6059043836821613e-10 + zh * (-7.647163731819816e-13 + zh * 2.8114572543455206e-15)))));
  const hi = rh - q;
  // rl enters through the derivative cos(rh) ~ 1 - r^2/2 + r^4/24.
  const lo = rh - hi - q + (c * (zh * p) - ql + rl * (1.0 - 0.5 * zh + zh * zh * 0.041666666666666664));
  const s = hi + lo;
  return [s, hi - s + lo];
}

// cos(rh + rl) as [hi, lo], hi the rounded value; |rh| <= pi/4 (a little more is fine).
function gpuc_trig_cos_dd(rh, rl) {
  const zh = rh * rh;
  const zl = gpuc_trig_mul_err(rh, rh, zh);
  // r^2/2 = h + hl exactly; 1 - h = hi + e0 exactly.
  const h = 0.5 * zh;
  const hl = 0.5 * zl;
  const hi = 1.0 - h;
  const e0 = 1.0 - hi - h;
  // r^4/24 = (r^2/2)^2 / 6 = t + tl: up to 0.016, too large to round in f64 alone.
  const g = h * h;
  const gl = gpuc_trig_mul_err(h, h, g) + 2.0 * h * hl;
  const t = g * 0.16666666666666666;
  const tl =
    gpuc_trig_mul_err(g, 0.16666666666666666, t) + (g * 9.25185853854297e-18 + gl * 0.16666666666666666);
  // r^6 (-1/6! + r^2/8! - ... + r^12/18!): at most 3.3e-4, f64 is plenty.
  const p =
    -0.001388888888888889 +
    zh *
      (0.0000248015873015873 +
        zh *
          (-2.755731922398589e-7 +
            zh *
              (2.08767569878681e-9 +
                zh *
                  (-1.1470745597729725e-11 + zh * (4.779477332387385e-14 - zh * 1.5619206968586225e-16)))));
  const s1 = hi + t;
  // rl enters through the derivative -sin(rh) ~ -(rh - rh^3/6).
  const lo = hi - s1 + t + (e0 - hl + tl + zh * g * p * 4.0 - rl * (rh - rh * zh * 0.16666666666666666));
  const s = s1 + lo;
  return [s, s1 - s + lo];
}

// (ah + al) / (bh + bl), rounded: the quotient of the high parts corrected by the exact remainder.
function gpuc_trig_div(ah, al, bh, bl) {
  const q = ah / bh;
  const p = q * bh;
  return q + (ah - p - gpuc_trig_mul_err(q, bh, p) + al - q * bl) / bh;
}

function gpuc_sin(x) {
  const ax = Math.abs(x);
  // Below 2^-27, x^3/6 is under half an ulp: sin x rounds to x (keeps -0 and subnormals).
  if (ax < 7.450580596923828e-9) return x;
  if (!(ax < Infinity)) return x - x;
  const [n, rh, rl] = gpuc_trig_reduce(ax);
  let s = 0.0;
  if ((n & 1) === 0) s = gpuc_trig_sin_dd(rh, rl)[0];
  else s = gpuc_trig_cos_dd(rh, rl)[0];
  // sin(|x|) is negative in quadrants 2 and 3; sin is odd.
  if ((n & 2) !== 0) s = -s;
  return x < 0 ? -s : s;
}

function gpuc_cos(x) {
  const ax = Math.abs(x);
  // Below 2^-27, x^2/2 is under half an ulp of 1.
  if (ax < 7.450580596923828e-9) return 1.0;
  if (!(ax < Infinity)) return x - x;
  const [n, rh, rl] = gpuc_trig_reduce(ax);
  let c = 0.0;
  if ((n & 1) === 0) c = gpuc_trig_cos_dd(rh, rl)[0];
  else c = gpuc_trig_sin_dd(rh, rl)[0];
  // cos is negative in quadrants 1 and 2.
  return ((n + 1) & 2) !== 0 ? -c : c;
}

function gpuc_tan(x) {
  const ax = Math.abs(x);
  // Below 2^-27, x^3/3 is under half an ulp: tan x rounds to x.
  if (ax < 7.450580596923828e-9) return x;
  if (!(ax < Infinity)) return x - x;
  const [n, rh, rl] = gpuc_trig_reduce(ax);
  const [sh, sl] = gpuc_trig_sin_dd(rh, rl);
  const [ch, cl] = gpuc_trig_cos_dd(rh, rl);
  // tan(r + pi/2) = -cos(r)/sin(r); r is never 0 there (no multiple of pi/2 is a double).
  const t = (n & 1) === 0 ? gpuc_trig_div(sh, sl, ch, cl) : -gpuc_trig_div(ch, cl, sh, sl);
  return x < 0 ? -t : t;
}

// sin(r) for |r| <= pi/4 (a little more is fine) in plain f64: Taylor to r^15, truncation below
// 2^-54 relative. Enough for an f32 result, whose ulp is 2^29 times larger.
function gpuc_trig_sin_f64(r) {
  const z = r * r;
  return (
    r +
    r *
      z *
      (-0.16666666666666666 +
        z *
          (0.008333333333333333 +
            z *
              (-0.0001984126984126984 +
                z *
                  (0.0000027557319223985893 +
                    z * (-2.505210838544172e-8 + z * (1.6059043836821613e-10 - z * 7.647163731819816e-13))))))
  );
}

// cos(r) for |r| <= pi/4 in plain f64: Taylor to r^16, truncation below 2^-58.
function gpuc_trig_cos_f64(r) {
  const z = r * r;
  return (
    1.0 +
    z *
      (-0.5 +
        z *
          (0.041666666666666664 +
            z *
              (-0.001388888888888889 +
                z *
                  (0.0000248015873015873 +
                    z *
                      (-2.755731922398589e-7 +
                        z *
                          (2.08767569878681e-9 +
                            z * (-1.1470745597729725e-11 + z * 4.779477332387385e-14)))))))
  );
}

// Math.sin of an f32 argument (x holds an f32 value), before its rounding to f32. The same
// reduction as gpuc_sin, then one f64 polynomial instead of double-double ones: the result is
// within a few f64 ulps of sin x, so rounded to f32 it is what gpuc_sin's would be, but for
// values within 2^-50 (relative) of a point halfway between two f32s, where either is within an
// ulp. Much less code at every call site.
function gpuc_sin_f32(x) {
  const ax = Math.abs(x);
  if (ax < 7.450580596923828e-9) return x;
  if (!(ax < Infinity)) return x - x;
  const [n, r] = gpuc_trig_reduce(ax);
  let s = 0.0;
  if ((n & 1) === 0) s = gpuc_trig_sin_f64(r);
  else s = gpuc_trig_cos_f64(r);
  if ((n & 2) !== 0) s = -s;
  return x < 0 ? -s : s;
}

// Math.cos of an f32 argument, before its rounding to f32 (see gpuc_sin_f32).
function gpuc_cos_f32(x) {
  const ax = Math.abs(x);
  if (ax < 7.450580596923828e-9) return 1.0;
  if (!(ax < Infinity)) return x - x;
  const [n, r] = gpuc_trig_reduce(ax);
  let c = 0.0;
  if ((n & 1) === 0) c = gpuc_trig_cos_f64(r);
  else c = gpuc_trig_sin_f64(r);
  return ((n + 1) & 2) !== 0 ? -c : c;
}
