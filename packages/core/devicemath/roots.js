/*
 * Cube roots and hypotenuses. cbrt: an estimate from the exponent divided by three, four
 * Newton steps, and a last correction whose residual x - y^3 is exact (double-double), so the
 * result is rounded once. hypot: the sum of the squares and its square root in double-double,
 * after scaling by a power of two so that neither square overflows or underflows.
 */

function gpuc_cbrt(x) {
  if (Number.isNaN(x) || x === 0 || x === Infinity || x === -Infinity) return x;
  let a = Math.abs(x);
  let scale = 1;
  if (a < 2.2250738585072014e-308) {
    a = a * 18014398509481984; // 2^54
    scale = 0.000003814697265625; // 2^-18
  } else if (a > 8.98846567431158e307) {
    // 2^1023: a quarter, so that the residual's products stay finite.
    a = a * 0.125;
    scale = 2;
  }
  // (1023 - 1023/3) 2^20 keeps the exponent's bias; the mantissa's bits divided by three make
  // the estimate piecewise linear in log2, within 6% of the root.
  let y = gpu.fromWords((Math.floor(gpu.highWord(a) / 3) + 715128832) | 0, 0);
  for (let i = 0; i < 4; i++) y = y + (a / (y * y) - y) / 3;
  const square = gpuc_two_product(y, y);
  const cube = gpuc_dd_mul(square.hi, square.lo, y, 0);
  y = y + (a - cube.hi - cube.lo) / (3 * y * y);
  return (x < 0 ? -y : y) * scale;
}

function gpuc_hypot(x, y) {
  const a = Math.abs(x);
  const b = Math.abs(y);
  if (a === Infinity || b === Infinity) return Infinity;
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  let big = Math.max(a, b);
  let small = Math.min(a, b);
  // Below 2^-60 of the larger, the smaller changes nothing.
  if (big === 0 || small < big * 8.673617379884035e-19) return big;
  let scale = 1;
  if (big > 3.273390607896142e150) {
    // 2^500: bring both down by 2^600.
    big = big * 2.409919865102884e-181;
    small = small * 2.409919865102884e-181;
    scale = 4.149515568880993e180;
  } else if (big < 3.054936363499605e-151) {
    big = big * 4.149515568880993e180;
    small = small * 4.149515568880993e180;
    scale = 2.409919865102884e-181;
  }
  const p = gpuc_two_product(big, big);
  const q = gpuc_two_product(small, small);
  const sum = gpuc_dd_add(p.hi, p.lo, q.hi, q.lo);
  const root = gpuc_dd_sqrt(sum.hi, sum.lo);
  return (root.hi + root.lo) * scale;
}
