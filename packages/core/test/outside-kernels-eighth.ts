// The eighth round of kernels written apart from the corpus (outside-kernels.ts runs them with
// the others), from docs/language.md as a new user reads it: PyTorch element-wise ops (GELU,
// softplus, Python-style remainder and floor division, round half to even, nan_to_num, clamp
// with NaN, int8 quantisation), numerical recipes (Kahan and compensated sums with gpu.fma,
// Horner, Newton, bisection, Simpson, RK4, Gauss-Jordan, Jacobi rotations, frexp by words),
// generators (SplitMix64 and PCG32 in BigInts, Sobol, Box-Muller), CUDA samples (Walsh-Hadamard,
// Haar wavelets, separable convolution in two launches, tensor-core matmul, simple atomics), the
// edges of JavaScript's numbers (Math.round of -0.5, Math.sign of -0, clz32 and imul of floats,
// shifts past 31, negative division and remainder, NaN comparisons, out-of-range stores into
// 8- and 16-bit arrays, -0 stores), modern syntax (destructured returns, defaults reading earlier
// parameters, ??, ||=, &&=, **=, labelled blocks, switch fall-through, do-while), and one kernel
// text specialised for several element types. Each is deterministic under any schedule.

import { BFloat16Bits, Float16Bits, f32 } from '../src/index.js';
import type { OutsideKernel } from './outside-kernels.js';
import { randoms } from './outside-kernels-seventh.js';

const floats = (n: number, seed: number, f: (v: number) => number) => Float32Array.from(randoms(n, seed), f);
const doubles = (n: number, seed: number, f: (v: number) => number) => Float64Array.from(randoms(n, seed), f);
const ints = (n: number, seed: number, f: (v: number) => number) => Int32Array.from(randoms(n, seed), f);

// Device functions of the scope, as an application's module would have them.
const device = (text: string) => new Function(`return (${text});`)() as (...args: never[]) => unknown;

/** Doubles at the edges of JavaScript's number semantics. */
const SPECIALS = [
  0,
  -0,
  0.5,
  -0.5,
  1.5,
  -1.5,
  2.5,
  -2.5,
  0.49999999999999994,
  -0.49999999999999994,
  1,
  -1,
  3.7,
  -3.7,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.EPSILON,
  Number.MIN_VALUE,
  Number.MAX_VALUE,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  2 ** 31,
  -(2 ** 31),
  2 ** 32 + 3,
  4294967295.5,
  -4294967297,
  1e21,
  65504,
  65520,
  255.5,
  -128.5,
  2 ** 53 + 2,
  5e-324,
];

const twoSum = device(`function twoSum(a, b) {
  const s = a + b;
  const bb = s - a;
  return [s, (a - (s - bb)) + (b - bb)];
}`);

const twoProd = device(`function twoProd(a, b) {
  const p = a * b;
  return [p, gpu.fma(a, b, -p)];
}`);

const horner = device(`function horner(x, c = COEFFS, n = c.length) {
  let acc = 0;
  for (let k = n - 1; k >= 0; k--) acc = acc * x + c[k];
  return acc;
}`);

const smoothstep = device(`function smoothstep(x, e0 = 0, e1 = e0 + 1) {
  const t = Math.min(Math.max((x - e0) / (e1 - e0), 0), 1);
  return t * t * (3 - 2 * t);
}`);

const oscillator = device(`function oscillator([x, v], w2) {
  return [v, -w2 * x];
}`);

const rk4 = device(`function rk4(state, h, w2) {
  const [x, v] = state;
  const [k1x, k1v] = oscillator(state, w2);
  const [k2x, k2v] = oscillator([x + 0.5 * h * k1x, v + 0.5 * h * k1v], w2);
  const [k3x, k3v] = oscillator([x + 0.5 * h * k2x, v + 0.5 * h * k2v], w2);
  const [k4x, k4v] = oscillator([x + h * k3x, v + h * k3v], w2);
  return [x + (h / 6) * (k1x + 2 * k2x + 2 * k3x + k4x), v + (h / 6) * (k1v + 2 * k2v + 2 * k3v + k4v)];
}`);

const splitmix = device(`function splitmix(z) {
  z = BigInt.asUintN(64, z + 0x9e3779b97f4a7c15n);
  z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
  z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
  return z ^ (z >> 31n);
}`);

const pyMod = device(`function pyMod(a, b) {
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}`);

const cubic = device(`function cubic(x, { a, b, c, d }) {
  return ((a * x + b) * x + c) * x + d;
}`);

/** One element-wise kernel text, launched below with several element types (a specialisation each). */
const CLAMP_SCALE = `function clampScale(x, y, lo, hi, k) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i] * k;
  y[i] = v < lo ? lo : v > hi ? hi : v;
}`;

/** Row-major n x n matrix of small integers as half floats (exact products and sums). */
const halves = (n: number, seed: number) =>
  Float16Bits.from(Array.from(randoms(n * n, seed), (v) => (v % 7) - 3));

export const EIGHTH_ROUND: readonly OutsideKernel[] = [
  {
    name: 'PyTorch GELU (tanh approximation) of f64 with the constants of a closure-free scope',
    text: `function gelu(x, y) {
  const i = gpu.globalIdx.x;
  if (i < x.length) {
    const v = x[i];
    y[i] = 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v ** 3)));
  }
}`,
    grid: 2,
    block: 64,
    scope: () => ({ SQRT_2_OVER_PI: Math.sqrt(2 / Math.PI) }),
    args: () => [doubles(100, 11, (v) => (v % 2001) / 200 - 5), new Float64Array(100)],
    ulps: 1,
  },
  {
    name: 'PyTorch softplus with beta and threshold as default parameters of a device function, -0 and infinities',
    text: `function softplusKernel(x, y, z) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  y[i] = softplus(x[i]);
  z[i] = softplus(x[i], 2, 10);
}`,
    grid: 1,
    block: 64,
    scope: () => ({
      softplus: device(`function softplus(v, beta = 1, threshold = 20) {
  return v * beta > threshold ? v : Math.log1p(Math.exp(v * beta)) / beta;
}`),
    }),
    args: () => [
      Float64Array.from([...SPECIALS.slice(0, 20), 19.9, 20, 20.1, -40, 5, 6, -700, 700]),
      new Float64Array(28),
      new Float64Array(28),
    ],
    ulps: 1,
  },
  {
    name: 'torch.remainder and floor_divide of i32 with negative operands and zero divisors, stored as i32 and f64',
    text: `function pyDivMod(a, b, q, r, rf) {
  const i = gpu.globalIdx.x;
  if (i >= a.length) return;
  const x = a[i], d = b[i];
  q[i] = Math.floor(x / d);
  r[i] = pyMod(x, d);
  // An integer % by 0 is 0 here, NaN in JavaScript (documented): guarded.
  rf[i] = d !== 0 ? x % d : -1;
}`,
    grid: 1,
    block: 64,
    scope: () => ({ pyMod }),
    args: () => {
      const pairs = [
        [7, 3],
        [-7, 3],
        [7, -3],
        [-7, -3],
        [0, -3],
        [-6, 3],
        [6, -3],
        [5, 0],
        [-5, 0],
        [0, 0],
        [-2147483648, -1],
        [-2147483648, 2],
        [2147483647, -2],
        [-1, 2147483647],
        [-4, 2],
        [13, 13],
      ];
      return [
        Int32Array.from(pairs, (p) => p[0] as number),
        Int32Array.from(pairs, (p) => p[1] as number),
        new Int32Array(pairs.length),
        new Int32Array(pairs.length),
        new Float64Array(pairs.length),
      ];
    },
  },
  {
    name: 'torch.round (half to even) of f32 from Math.round, Math.round of -0.5 and -2.5 keeping -0',
    text: `function roundHalfEven(x, y, z) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  let r = Math.round(v);
  if (r - v === 0.5 && r % 2 !== 0) r -= 1;
  y[i] = r;
  z[i] = Math.round(v);
}`,
    grid: 1,
    block: 48,
    args: () => {
      const xs = Float32Array.from([
        0.5,
        -0.5,
        1.5,
        -1.5,
        2.5,
        -2.5,
        3.5,
        -3.5,
        0.49999997,
        -0.49999997,
        8388607.5,
        -8388607.5,
        8388609,
        1e30,
        -0,
        0,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        4.5,
        -4.5,
        1.25,
        -1.75,
        1e-40,
        -1e-40,
      ]);
      return [xs, new Float32Array(xs.length), new Float32Array(xs.length)];
    },
  },
  {
    name: 'nan_to_num and clamp with NaN kept (PyTorch): Number.isNaN, infinities to scope limits, Math.min of Math.max',
    text: `function cleanAndClamp(x, clean, clamped, leaky) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  clean[i] = Number.isNaN(v) ? 0 : v === Infinity ? POS : v === -Infinity ? NEG : v;
  clamped[i] = Math.min(Math.max(v, -1), 1);
  leaky[i] = v > 0 ? v : 0.01 * v;
}`,
    grid: 1,
    block: 64,
    scope: () => ({ POS: 3.4028234663852886e38, NEG: -3.4028234663852886e38 }),
    args: () => {
      const xs = Float32Array.from([...SPECIALS, -1e-45, 3e38, -3e38]);
      return [xs, new Float32Array(xs.length), new Float32Array(xs.length), new Float32Array(xs.length)];
    },
    ulps: 1,
  },
  {
    name: 'int8 quantisation with a zero point: clamped stores, unclamped stores that wrap, dequantised back to f32',
    text: `function quantise(x, q, wrapped, back, scale, zero) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = Math.round(x[i] / scale) + zero;
  q[i] = Math.max(-128, Math.min(127, v));
  wrapped[i] = v;
  back[i] = (q[i] - zero) * scale;
}`,
    grid: 1,
    block: 64,
    args: () => {
      const xs = Float64Array.from([
        ...doubles(40, 21, (v) => (v % 4001) / 10 - 200),
        -0,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        1e12,
      ]);
      return [xs, new Int8Array(xs.length), new Int8Array(xs.length), new Float32Array(xs.length), 0.75, -3];
    },
  },
  {
    name: 'out-of-range stores into Int8, Uint8, Int16, Uint16, Uint32 and Int32 arrays from f64 edges',
    text: `function narrowStores(x, a, b, c, d, e, f) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  a[i] = v;
  b[i] = v;
  c[i] = v;
  d[i] = v;
  e[i] = v;
  f[i] = v;
}`,
    grid: 1,
    block: 64,
    args: () => {
      const xs = Float64Array.from([
        ...SPECIALS,
        128,
        -129,
        256,
        300,
        -1,
        40000,
        -40000,
        65536,
        70000.9,
        -2.7,
      ]);
      const n = xs.length;
      return [
        xs,
        new Int8Array(n),
        new Uint8Array(n),
        new Int16Array(n),
        new Uint16Array(n),
        new Uint32Array(n),
        new Int32Array(n),
      ];
    },
  },
  {
    name: 'Kahan summation against a naive loop in f64, a row per thread, a stride of rows',
    text: `function kahanRows(x, naive, kahan, cols) {
  const row = gpu.globalIdx.x;
  if (row * cols >= x.length) return;
  let s = 0, c = 0, plain = 0;
  for (let j = 0; j < cols; j++) {
    const v = x[row * cols + j];
    plain += v;
    const y = v - c;
    const t = s + y;
    c = (t - s) - y;
    s = t;
  }
  naive[row] = plain;
  kahan[row] = s;
}`,
    grid: 1,
    block: 16,
    args: () => [
      doubles(16 * 50, 31, (v) => (v % 2 ? 1e16 : 1) * ((v % 1000) / 7 - 70)),
      new Float64Array(16),
      new Float64Array(16),
      50,
    ],
  },
  {
    name: 'a compensated dot product (Dot2) from twoSum and twoProd with gpu.fma, destructured tuple returns',
    text: `function dot2(x, y, out, n) {
  const i = gpu.globalIdx.x;
  if (i >= out.length) return;
  let [p, s] = twoProd(x[i * n], y[i * n]);
  for (let k = 1; k < n; k++) {
    const [h, r] = twoProd(x[i * n + k], y[i * n + k]);
    const [pp, q] = twoSum(p, h);
    p = pp;
    s += q + r;
  }
  out[i] = p + s;
}`,
    grid: 1,
    block: 8,
    scope: () => ({ twoSum, twoProd }),
    args: () => {
      // Ill-conditioned: large terms that cancel, so only a compensated sum survives.
      const x = new Float64Array(8 * 6);
      const y = new Float64Array(8 * 6);
      for (let r = 0; r < 8; r++) {
        const a = 1 + r / 3;
        x.set([a * 1e17, 1 / 3 + r, -a * 1e17, 7 / 11, 3 ** r, -(3 ** r)], r * 6);
        y.set([1 / 7, 3, 1 / 7, 11, 1 / 9, 1 / 9], r * 6);
      }
      return [x, y, new Float64Array(8), 6];
    },
  },
  {
    name: 'Horner polynomial with a tuple of coefficients from the scope as a default, and smoothstep with a default reading an earlier one',
    text: `function polys(x, p, q, s, t) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  p[i] = horner(v);
  q[i] = horner(v, [1, -1, 0.5]);
  s[i] = smoothstep(v);
  t[i] = smoothstep(v, -2, 2) + smoothstep(v, 0.5);
}`,
    grid: 1,
    block: 64,
    scope: () => ({ horner, smoothstep, COEFFS: [1, 1, 1 / 2, 1 / 6, 1 / 24, 1 / 120] }),
    args: () => [
      doubles(50, 41, (v) => (v % 801) / 100 - 4),
      new Float64Array(50),
      new Float64Array(50),
      new Float64Array(50),
      new Float64Array(50),
    ],
  },
  {
    name: 'Newton iterations for 1/sqrt in f64 in a do-while until the step is below Number.EPSILON, at most 100',
    text: `function rsqrt(x, y, steps) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const a = x[i];
  if (!(a > 0) || !Number.isFinite(a)) {
    y[i] = a === 0 ? Infinity : a === Infinity ? 0 : NaN;
    steps[i] = 0;
    return;
  }
  let r = 1 / a > 1 ? 1 : 1 / a;
  let n = 0, d;
  do {
    const next = r * (1.5 - 0.5 * a * r * r);
    d = Math.abs(next - r);
    r = next;
    n++;
  } while (d > Number.EPSILON * r && n < 100);
  y[i] = r;
  steps[i] = n;
}`,
    grid: 1,
    block: 32,
    args: () => {
      const xs = Float64Array.from([
        1,
        2,
        4,
        0.25,
        1e-3,
        1e3,
        7,
        0,
        -0,
        -1,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        12345.678,
        0.1,
      ]);
      return [xs, new Float64Array(xs.length), new Int32Array(xs.length)];
    },
  },
  {
    name: 'bisection for the real root of a cubic given as a record, a labelled block left early, iteration counts',
    text: `function bisect(coef, lo, hi, roots, iters) {
  const i = gpu.globalIdx.x;
  if (i >= roots.length) return;
  let a = lo[i], b = hi[i];
  let n = 0;
  search: {
    let fa = cubic(a, coef);
    if (fa === 0) { b = a; break search; }
    if (Math.sign(fa) === Math.sign(cubic(b, coef))) { a = NaN; b = NaN; break search; }
    while (b - a > 1e-12 && n < 200) {
      const m = a + (b - a) / 2;
      const fm = cubic(m, coef);
      n++;
      if (fm === 0) { a = m; b = m; break search; }
      if (Math.sign(fm) === Math.sign(fa)) { a = m; fa = fm; } else b = m;
    }
  }
  roots[i] = (a + b) / 2;
  iters[i] = n;
}`,
    grid: 1,
    block: 16,
    scope: () => ({ cubic }),
    args: () => [
      { a: 1, b: -2, c: -1, d: 2 },
      Float64Array.from([-3, -1.5, 0, 1.5, 0.5, -1, 3, 1]),
      Float64Array.from([-0.5, 0, 1.5, 3, 0.9, 1, 4, 1]),
      new Float64Array(8),
      new Int32Array(8),
    ],
  },
  {
    name: "Simpson's rule of exp(-x^2) over per-thread intervals with an even count, odd terms weighted 4",
    text: `function simpson(a, b, out, n) {
  const i = gpu.globalIdx.x;
  if (i >= out.length) return;
  const lo = a[i], h = (b[i] - lo) / n;
  let s = Math.exp(-lo * lo) + Math.exp(-b[i] * b[i]);
  for (let k = 1; k < n; k++) {
    const x = lo + k * h;
    s += (k % 2 === 1 ? 4 : 2) * Math.exp(-x * x);
  }
  out[i] = (s * h) / 3;
}`,
    grid: 1,
    block: 32,
    args: () => [
      doubles(20, 51, (v) => (v % 100) / 50 - 1),
      doubles(20, 52, (v) => (v % 100) / 50 + 1),
      new Float64Array(20),
      64,
    ],
    ulps: 1,
  },
  {
    name: 'RK4 of a harmonic oscillator: tuple state through a destructured parameter, energies at the end',
    text: `function integrate(x0, v0, x, e, steps, h) {
  const i = gpu.globalIdx.x;
  if (i >= x0.length) return;
  const w2 = 1 + i * 0.25;
  let state = [x0[i], v0[i]];
  for (let s = 0; s < steps; s++) state = rk4(state, h, w2);
  const [px, pv] = state;
  x[i] = px;
  e[i] = 0.5 * pv * pv + 0.5 * w2 * px * px;
}`,
    grid: 1,
    block: 16,
    scope: () => ({ rk4, oscillator }),
    args: () => [
      doubles(12, 61, (v) => (v % 200) / 100 - 1),
      doubles(12, 62, (v) => (v % 200) / 100 - 1),
      new Float64Array(12),
      new Float64Array(12),
      100,
      0.01,
    ],
  },
  {
    name: 'Gauss-Jordan inversion of a 3x3 f64 matrix per thread with partial pivoting in a local array, singular ones flagged',
    text: `function invert3(m, inv, ok) {
  const t = gpu.globalIdx.x;
  if (t * 9 >= m.length) return;
  const a = new Float64Array(18);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) a[r * 6 + c] = m[t * 9 + r * 3 + c];
    a[r * 6 + 3 + r] = 1;
  }
  let good = 1;
  columns: for (let c = 0; c < 3; c++) {
    let p = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(a[r * 6 + c]) > Math.abs(a[p * 6 + c])) p = r;
    if (Math.abs(a[p * 6 + c]) < 1e-12) { good = 0; break columns; }
    if (p !== c) for (let k = 0; k < 6; k++) { const tmp = a[c * 6 + k]; a[c * 6 + k] = a[p * 6 + k]; a[p * 6 + k] = tmp; }
    const d = a[c * 6 + c];
    for (let k = 0; k < 6; k++) a[c * 6 + k] /= d;
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = a[r * 6 + c];
      for (let k = 0; k < 6; k++) a[r * 6 + k] -= f * a[c * 6 + k];
    }
  }
  ok[t] = good;
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) inv[t * 9 + r * 3 + c] = good ? a[r * 6 + 3 + c] : NaN;
}`,
    grid: 1,
    block: 8,
    args: () => {
      const m = doubles(8 * 9, 71, (v) => (v % 19) - 9);
      m.set([1, 2, 3, 2, 4, 6, 0, 1, 1], 9); // singular: row 2 is twice row 1
      m.set([0, 0, 1, 0, 1, 0, 1, 0, 0], 18); // a permutation: pivoting needed
      return [m, new Float64Array(8 * 9), new Int8Array(8)];
    },
  },
  {
    name: 'a Jacobi rotation diagonalising symmetric 2x2 matrices: Math.hypot, Math.sign of -0, a zero off-diagonal',
    text: `function jacobi2(m, eig, rot) {
  const i = gpu.globalIdx.x;
  if (i * 3 >= m.length) return;
  const a = m[i * 3], b = m[i * 3 + 1], d = m[i * 3 + 2];
  let c = 1, s = 0;
  if (b !== 0) {
    const tau = (d - a) / (2 * b);
    const sg = Math.sign(tau) || 1;
    const t = sg / (Math.abs(tau) + Math.hypot(1, tau));
    c = 1 / Math.hypot(1, t);
    s = t * c;
  }
  eig[i * 2] = c * c * a - 2 * s * c * b + s * s * d;
  eig[i * 2 + 1] = s * s * a + 2 * s * c * b + c * c * d;
  rot[i * 2] = c;
  rot[i * 2 + 1] = s;
}`,
    grid: 1,
    block: 16,
    args: () => {
      const m = doubles(10 * 3, 81, (v) => (v % 21) - 10);
      m.set([2, 0, 3], 0);
      m.set([1, 1, 1], 3);
      m.set([-0, 2, -0], 6);
      return [m, new Float64Array(20), new Float64Array(20)];
    },
    ulps: 1,
  },
  {
    name: 'frexp and ldexp of f64 through gpu.highWord, lowWord and fromWords: zeros, subnormals, infinities, NaN',
    text: `function frexp(x, mant, expo, back) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  if (v === 0 || !Number.isFinite(v)) {
    mant[i] = v;
    expo[i] = 0;
    back[i] = v;
    return;
  }
  let hi = gpu.highWord(v), lo = gpu.lowWord(v), bias = 0;
  if (((hi >>> 20) & 0x7ff) === 0) {
    const w = v * 18014398509481984; // 2^54 lifts subnormals
    hi = gpu.highWord(w);
    lo = gpu.lowWord(w);
    bias = -54;
  }
  const e = ((hi >>> 20) & 0x7ff) - 1022 + bias;
  const m = gpu.fromWords((hi & 0x800fffff) | 0x3fe00000, lo);
  mant[i] = m;
  expo[i] = e;
  back[i] = m * 2 ** e;
}`,
    grid: 1,
    block: 64,
    args: () => {
      const xs = Float64Array.from([
        ...SPECIALS,
        2.2250738585072014e-308,
        2.225073858507201e-308,
        -3e-320,
        0.1,
        -1024,
      ]);
      return [xs, new Float64Array(xs.length), new Int32Array(xs.length), new Float64Array(xs.length)];
    },
  },
  {
    name: 'SplitMix64 in BigUint64 with BigInt.asUintN each step, a stream per thread, and its top 53 bits as a double',
    text: `function splitmixStream(seeds, out, unit, count) {
  const i = gpu.globalIdx.x;
  if (i >= seeds.length) return;
  let z = seeds[i];
  for (let k = 0; k < count; k++) {
    z = BigInt.asUintN(64, z + 0x9e3779b97f4a7c15n);
    const r = splitmix(z);
    out[i * count + k] = r;
    unit[i * count + k] = Number(r >> 11n) / 9007199254740992;
  }
}`,
    grid: 1,
    block: 8,
    scope: () => ({ splitmix }),
    args: () => [
      BigUint64Array.from([0n, 1n, 42n, 0xffffffffffffffffn, 0x8000000000000000n, 123456789012345678n]),
      new BigUint64Array(6 * 4),
      new Float64Array(6 * 4),
      4,
    ],
  },
  {
    name: 'PCG32 (XSH RR) in BigInts: the 64-bit LCG, the xorshifted high bits to u32 and the rotate by a negative count',
    text: `function pcg32(seeds, out, count) {
  const i = gpu.globalIdx.x;
  if (i >= seeds.length) return;
  const inc = (BigInt(i) << 1n) | 1n;
  let state = BigInt.asUintN(64, seeds[i] + BigInt.asUintN(64, inc));
  for (let k = 0; k < count; k++) {
    const old = state;
    state = BigInt.asUintN(64, old * 6364136223846793005n + BigInt.asUintN(64, inc));
    const xorshifted = Number(BigInt.asUintN(32, ((old >> 18n) ^ old) >> 27n));
    const rot = Number(old >> 59n);
    out[i * count + k] = (xorshifted >>> rot) | (xorshifted << (-rot & 31));
  }
}`,
    grid: 1,
    block: 8,
    args: () => [BigUint64Array.from([42n, 54n, 0n, 0xfedcba9876543210n, 7n]), new Uint32Array(5 * 6), 6],
  },
  {
    name: 'a 1-D Sobol sequence in Gray-code order: direction numbers from the scope, Math.clz32 of the lowest zero bit',
    text: `function sobol(out, lows, start) {
  const i = gpu.globalIdx.x;
  if (i >= out.length) return;
  const n = start + i;
  const g = (n ^ (n >>> 1)) >>> 0;
  let x = 0;
  for (let b = 0; b < 32; b++) if ((g >>> b) & 1) x ^= V[b];
  out[i] = (x >>> 0) / 4294967296;
  const low = 31 - Math.clz32(~n & (n + 1));
  lows[i] = low;
}`,
    grid: 1,
    block: 64,
    scope: () => ({ V: Array.from({ length: 32 }, (_, b) => 2 ** (31 - b)) }),
    args: () => [new Float64Array(64), new Int32Array(64), 1000],
  },
  {
    name: 'Box-Muller normals from xorshift32 uniforms in (0, 1], a pair per thread, as f64',
    text: `function boxMuller(seeds, out) {
  const i = gpu.globalIdx.x;
  if (i * 2 >= out.length) return;
  let s = seeds[i] | 1;
  s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
  const u1 = ((s >>> 0) + 1) / 4294967296;
  s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
  const u2 = (s >>> 0) / 4294967296;
  const r = Math.sqrt(-2 * Math.log(u1));
  out[2 * i] = r * Math.cos(2 * Math.PI * u2);
  out[2 * i + 1] = r * Math.sin(2 * Math.PI * u2);
}`,
    grid: 1,
    block: 32,
    args: () => [randoms(32, 91), new Float64Array(64)],
    ulps: 1,
  },
  {
    name: 'fast Walsh-Hadamard transform (CUDA sample) of i32 in shared memory, butterflies of halving strides',
    text: `function fwht(data, out) {
  const N = 128;
  const s = gpu.sharedArray(Int32Array, N);
  const t = gpu.threadIdx.x;
  const base = gpu.blockIdx.x * N;
  s[t] = data[base + t];
  s[t + 64] = data[base + t + 64];
  gpu.barrier();
  for (let h = N >> 1; h >= 1; h >>= 1) {
    const j = ((t / h) | 0) * 2 * h + (t % h);
    const a = s[j], b = s[j + h];
    gpu.barrier();
    s[j] = a + b;
    s[j + h] = a - b;
    gpu.barrier();
  }
  out[base + t] = s[t];
  out[base + t + 64] = s[t + 64];
}`,
    grid: 3,
    block: 64,
    args: () => [ints(3 * 128, 101, (v) => (v % 201) - 100), new Int32Array(3 * 128)],
  },
  {
    name: 'Haar wavelet levels (dwtHaar1D, unnormalised) of f32 in shared memory: half sums and half differences, level by level',
    text: `function haar(x, out) {
  const s = gpu.sharedArray(Float32Array, 64);
  const t = gpu.threadIdx.x;
  s[t] = x[t];
  gpu.barrier();
  for (let n = 32; n >= 1; n >>= 1) {
    let a = 0, d = 0;
    if (t < n) {
      a = (s[2 * t] + s[2 * t + 1]) / 2;
      d = (s[2 * t] - s[2 * t + 1]) / 2;
    }
    gpu.barrier();
    if (t < n) {
      s[t] = a;
      out[n + t] = d;
    }
    gpu.barrier();
  }
  if (t === 0) out[0] = s[0];
}`,
    grid: 1,
    block: 64,
    args: () => [floats(64, 111, (v) => (v % 64) - 32), new Float32Array(64)],
  },
  {
    name: 'separable convolution in two launches (CUDA sample): a row pass then a column pass, binomial taps from the scope, clamped edges',
    text: `function rows(src, tmp, out, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  let acc = 0;
  for (let k = -R; k <= R; k++) acc += TAPS[k + R] * src[y * w + Math.min(Math.max(x + k, 0), w - 1)];
  tmp[y * w + x] = acc;
}`,
    second: {
      text: `function columns(src, tmp, out, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  let acc = 0;
  for (let k = -R; k <= R; k++) acc += TAPS[k + R] * tmp[Math.min(Math.max(y + k, 0), h - 1) * w + x];
  out[y * w + x] = acc / 256;
}`,
      grid: [3, 2],
      block: [8, 8],
    },
    grid: [3, 2],
    block: [8, 8],
    scope: () => ({ R: 2, TAPS: [1, 4, 6, 4, 1] }),
    args: () => [
      floats(20 * 13, 121, (v) => v % 256),
      new Float32Array(20 * 13),
      new Float32Array(20 * 13),
      20,
      13,
    ],
  },
  {
    name: 'tensor-core matmul of 32x32 half matrices by one warp: four 16x16 tiles, matrixLoadA/B, MultiplyAdd, Store',
    text: `function wmma(a, b, c, n) {
  for (let tile = 0; tile < 4; tile++) {
    const row = (tile >> 1) * 16, col = (tile & 1) * 16;
    let acc = gpu.matrixFill(0.5);
    for (let k = 0; k < n; k += 16) {
      const fa = gpu.matrixLoadA(a, row * n + k, n);
      const fb = gpu.matrixLoadB(b, k * n + col, n);
      acc = gpu.matrixMultiplyAdd(fa, fb, acc);
    }
    gpu.matrixStore(c, row * n + col, n, acc);
  }
}`,
    grid: 1,
    block: 32,
    args: () => [halves(32, 131), halves(32, 132), new Float32Array(32 * 32), 32],
  },
  {
    name: 'tensor-core product of f32 tiles in TF32 with an accumulator loaded from an array, values that round to 10 bits',
    text: `function tf32(a, b, c, d) {
  const fa = gpu.matrixLoadA(a, 0, 16);
  const fb = gpu.matrixLoadB(b, 0, 16);
  const acc = gpu.matrixLoadAccumulator(c, 0, 16);
  gpu.matrixStore(d, 0, 16, gpu.matrixMultiplyAdd(fa, fb, acc));
}`,
    grid: 1,
    block: 32,
    args: () => [
      floats(256, 141, (v) => ((v % 8) - 4) * (1 + 2 ** -11 + 2 ** -12)),
      floats(256, 142, (v) => (v % 4) / 4),
      floats(256, 143, (v) => (v % 16) - 8),
      new Float32Array(256),
    ],
  },
  {
    name: 'simpleAtomicIntrinsics (CUDA sample): add, sub, exch of one value, max, min, and, or, xor on their own slots, i32 and u32',
    text: `function atomics(s, u) {
  const t = gpu.globalIdx.x;
  gpu.atomicAdd(s, 0, 10);
  gpu.atomicSub(s, 1, 10);
  gpu.atomicExch(s, 2, 77);
  gpu.atomicMax(s, 3, t * 3 - 100);
  gpu.atomicMin(s, 4, 100 - t * 7);
  gpu.atomicAnd(s, 5, ~(1 << (t % 32)));
  gpu.atomicOr(s, 6, 1 << (t % 30));
  gpu.atomicXor(s, 7, t);
  gpu.atomicAdd(u, 0, 4000000000);
  gpu.atomicMax(u, 1, (t * 2654435761) >>> 0);
  gpu.atomicMin(u, 2, ((t + 1) * 40503) >>> 0);
  gpu.atomicOr(u, 3, 0x80000000);
}`,
    grid: 3,
    block: 40,
    args: () => [
      Int32Array.of(0, 0, 0, -2147483648, 2147483647, -1, 0, 0xff),
      Uint32Array.of(1, 0, 4294967295, 0),
    ],
  },
  {
    name: 'an atomic f64 product by an atomicCAS loop of powers of two, and an f32 max by CAS with -0 and 0',
    text: `function casOps(x, prod, mx) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const f = 2 ** ((i % 5) - 2);
  let old = prod[0];
  for (;;) {
    const seen = gpu.atomicCAS(prod, 0, old, old * f);
    if (seen === old) break;
    old = seen;
  }
  let m = mx[0];
  const v = x[i];
  while (v > m) {
    const seen = gpu.atomicCAS(mx, 0, m, v);
    if (seen === m) break;
    m = seen;
  }
}`,
    grid: 2,
    block: 32,
    args: () => [floats(60, 151, (v) => -((v % 1000) / 8)), Float64Array.of(3), Float32Array.of(-0)],
  },
  {
    name: 'Math at the edges of f64: round, sign, trunc, hypot, fround, clz32, imul, cbrt, expm1, sqrt, atan2 of specials',
    text: `function mathEdges(x, out) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i], w = x[x.length - 1 - i];
  const o = i * 16;
  out[o] = Math.round(v);
  out[o + 1] = Math.sign(v);
  out[o + 2] = Math.trunc(v);
  out[o + 3] = Math.hypot(v, w);
  out[o + 4] = Math.fround(v);
  out[o + 5] = Math.clz32(v);
  out[o + 6] = Math.imul(v, w);
  out[o + 7] = Math.cbrt(v);
  out[o + 8] = Math.expm1(v);
  out[o + 9] = Math.sqrt(v);
  out[o + 10] = Math.atan2(v, w);
  out[o + 11] = Math.max(v, w, -0);
  out[o + 12] = Math.min(v, 0);
  out[o + 13] = Math.abs(v);
  out[o + 14] = Math.hypot(v, w, 1, NaN);
  out[o + 15] = Math.ceil(v);
}`,
    grid: 1,
    block: 64,
    args: () => [Float64Array.from(SPECIALS), new Float64Array(SPECIALS.length * 16)],
    ulps: 1,
  },
  {
    name: 'Math.clz32, Math.imul, Math.fround and Math.round of f32 elements with -0, NaN and values past 2^31',
    text: `function mathF32(x, ints, floats) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  ints[i * 4] = Math.clz32(v);
  ints[i * 4 + 1] = Math.imul(v, 3);
  ints[i * 4 + 2] = Math.imul(v, v);
  ints[i * 4 + 3] = v | 0;
  floats[i * 3] = Math.round(v);
  floats[i * 3 + 1] = Math.sign(v) * 0;
  floats[i * 3 + 2] = Math.fround(Number(v) * 0.1);
}`,
    grid: 1,
    block: 64,
    args: () => {
      const xs = Float32Array.from(SPECIALS);
      return [xs, new Int32Array(xs.length * 4), new Float32Array(xs.length * 3)];
    },
  },
  {
    name: 'shifts by counts of 32 and more, negative counts and u32 results, in i32 and u32 from arrays and literals',
    text: `function shifts(a, n, o) {
  const i = gpu.globalIdx.x;
  if (i >= a.length) return;
  const v = a[i], k = n[i];
  o[i * 8] = v << k;
  o[i * 8 + 1] = v >> k;
  o[i * 8 + 2] = v >>> k;
  o[i * 8 + 3] = v << 33;
  o[i * 8 + 4] = v >>> 32;
  o[i * 8 + 5] = v >> -1;
  o[i * 8 + 6] = (v >>> 0) >>> (k + 32);
  o[i * 8 + 7] = 1 << k;
}`,
    grid: 1,
    block: 32,
    args: () => [
      Int32Array.from([1, -1, 0x7fffffff, -2147483648, 12345, -98765, 0x55555555, 3, 7, -7]),
      Int32Array.from([0, 31, 32, 33, 63, 64, -1, -31, 100, -32]),
      new Float64Array(80),
    ],
  },
  {
    name: 'integer division and remainder of negative i32, u32 and i8 elements: | 0, >>> 0, Math.trunc, -0 kept in f64 stores',
    text: `function divmods(a, b, u, c, q, r) {
  const i = gpu.globalIdx.x;
  if (i >= a.length) return;
  const x = a[i], d = b[i];
  q[i * 5] = (x / d) | 0;
  q[i * 5 + 1] = (x / d) >>> 0;
  q[i * 5 + 2] = Math.trunc(x / d);
  q[i * 5 + 3] = (u[i] / 3) | 0;
  q[i * 5 + 4] = (c[i] / -4) | 0;
  r[i * 4] = d === 0 ? -1 : x % d;
  r[i * 4 + 1] = d === 0 ? -1 : -x % d;
  r[i * 4 + 2] = u[i] % 7;
  r[i * 4 + 3] = c[i] % -3;
}`,
    grid: 1,
    block: 32,
    args: () => {
      // -2147483647, not -2^31: -x of an i32 wraps there ("Where integers can disagree").
      const a = Int32Array.from([-7, 7, -8, 0, -2147483647, 2147483647, -1, 5, -6, 9]);
      const b = Int32Array.from([2, -2, 4, -5, -1, -1, 3, 0, -3, -9]);
      return [
        a,
        b,
        Uint32Array.from([0, 1, 4294967295, 3, 2147483648, 7, 8, 9, 10, 11]),
        Int8Array.from([-128, 127, -1, 0, -3, 3, -4, 4, -100, 100]),
        new Float64Array(50),
        new Float64Array(40),
      ];
    },
  },
  {
    name: 'NaN comparisons: <, <=, ===, !==, self-inequality and negated ordered tests of f32, as i32 flags',
    text: `function nanCompares(x, y, d, flags) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const a = x[i], b = y[i], c = d[i];
  let f = 0;
  if (a < b) f |= 1;
  if (a <= b) f |= 2;
  if (a === b) f |= 4;
  if (a !== b) f |= 8;
  if (a !== a) f |= 16;
  if (!(a >= b)) f |= 32;
  if (c > a) f |= 64;
  if (c == b) f |= 128;
  if (!(c < 0) && !(c >= 0)) f |= 256;
  flags[i] = f;
}`,
    grid: 1,
    block: 16,
    args: () => [
      Float32Array.from([Number.NaN, 1, Number.NaN, 0, -0, Number.POSITIVE_INFINITY, 1, Number.NaN]),
      Float32Array.from([
        1,
        Number.NaN,
        Number.NaN,
        -0,
        0,
        Number.POSITIVE_INFINITY,
        1,
        Number.NEGATIVE_INFINITY,
      ]),
      Float32Array.from([Number.NaN, 2, 0, -0, 1e-45, Number.NaN, 1.0000001, -1]),
      new Int32Array(8),
    ],
  },
  {
    name: '-0 through stores: into f32, f64, f16 and bf16 arrays, into Int32Array, from integer arithmetic and 0 * -x',
    text: `function negativeZeros(x, n, f, d, h, b, i32s) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const z = -x[i] * 0;
  const k = n[i];
  f[i] = z;
  d[i * 3] = -k;
  d[i * 3 + 1] = 0 * -k;
  d[i * 3 + 2] = k % 1;
  h[i] = z;
  b[i] = -x[i] / Infinity;
  i32s[i] = z;
}`,
    grid: 1,
    block: 8,
    args: () => [
      Float32Array.from([1, -1, 0, -0, 2, -3]),
      Int32Array.from([0, 5, -4, 0, -2147483647, 7]),
      new Float32Array(6),
      new Float64Array(18),
      new Float16Bits(6),
      new BFloat16Bits(6),
      new Int32Array(6),
    ],
  },
  {
    name: 'half-float layer norm: Float16Bits rows read as f32, mean and variance with Math.fround, rescaled and stored rounded to f16',
    text: `function layerNorm(x, y, gamma, beta, cols) {
  const row = gpu.globalIdx.x;
  if ((row + 1) * cols > x.length) return;
  let mean = 0;
  for (let j = 0; j < cols; j++) mean = Math.fround(mean + x[row * cols + j]);
  mean = Math.fround(mean / cols);
  let varc = 0;
  for (let j = 0; j < cols; j++) {
    const d = Math.fround(x[row * cols + j] - mean);
    varc = Math.fround(varc + Math.fround(d * d));
  }
  const inv = Math.fround(1 / Math.fround(Math.sqrt(Math.fround(Math.fround(varc / cols) + 0.0009765625))));
  for (let j = 0; j < cols; j++)
    y[row * cols + j] = Math.fround(Math.fround(Math.fround(x[row * cols + j] - mean) * inv) * gamma[j]) + beta[j];
}`,
    grid: 1,
    block: 8,
    args: () => [
      Float16Bits.from(Array.from(randoms(6 * 24, 161), (v) => ((v % 2001) - 1000) / 64)),
      new Float16Bits(6 * 24),
      Float32Array.from({ length: 24 }, (_, j) => 1 + j / 32),
      Float32Array.from({ length: 24 }, (_, j) => (j % 3) - 1),
      24,
    ],
  },
  {
    name: 'f16 and bf16 conversions at their edges: f16(x), bf16(x), overflow at 65520, subnormals, ties to even',
    text: `function halfEdges(x, h, b, hf, bf) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  h[i] = v;
  b[i] = v;
  hf[i] = f16(v);
  bf[i] = bf16(v);
}`,
    grid: 1,
    block: 64,
    args: () => {
      const xs = Float64Array.from([
        ...SPECIALS,
        65519.99,
        65520,
        2 ** -24,
        2 ** -25,
        2 ** -25 + 2 ** -40,
        3 * 2 ** -25,
        1 + 2 ** -11,
        1 + 3 * 2 ** -11,
        3.3895313892515355e38,
        3.4e38,
        1 + 2 ** -8,
      ]);
      return [
        xs,
        new Float16Bits(xs.length),
        new BFloat16Bits(xs.length),
        new Float32Array(xs.length),
        new Float64Array(xs.length),
      ];
    },
  },
  {
    name: 'i64 arithmetic of BigInt64Array: negative division and remainder, asIntN wraps, Number() rounding ties to even',
    text: `function bigOps(a, b, q, r, w, n) {
  const i = gpu.globalIdx.x;
  if (i >= a.length) return;
  const x = a[i], y = b[i];
  q[i] = y === 0n ? -1n : x / y;
  r[i] = y === 0n ? -1n : x % y;
  w[i] = BigInt.asIntN(64, x * y + 1n);
  n[i * 2] = Number(x);
  n[i * 2 + 1] = Number(BigInt.asIntN(32, x));
}`,
    grid: 1,
    block: 16,
    args: () => [
      BigInt64Array.from([
        -7n,
        7n,
        -9223372036854775808n,
        9223372036854775807n,
        2n ** 53n + 1n,
        2n ** 53n + 3n,
        -(2n ** 54n) - 2n,
        0n,
        3n ** 39n,
        -1n,
      ]),
      BigInt64Array.from([2n, -2n, -1n, 2n, 3n, 0n, 5n, -7n, 1000003n, -1n]),
      new BigInt64Array(10),
      new BigInt64Array(10),
      new BigInt64Array(10),
      new Float64Array(20),
    ],
  },
  {
    name: 'modern operators: ?? on elements, ||= and &&= on array elements, **= and (-2) ** k, comma in a for update',
    text: `function modernOps(x, a, b, p, n) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i] ?? 99;
  a[i] ||= v * 2;
  b[i] &&= v + 0.5;
  let e = 1.5;
  e **= (i % 4) - 1;
  let s = 0;
  for (let j = 0, k = n; j < k; j++, k--) s += (-2) ** j;
  p[i] = e + s + 2 ** -(i % 3);
}`,
    grid: 1,
    block: 16,
    args: () => [
      Float32Array.from([1, 0, -0, Number.NaN, 3, -2, 0.25, 7, 8, 9]),
      Float32Array.from([0, 5, Number.NaN, -0, 1, 0, 0, 2, 0, 0]),
      Float32Array.from([1, 0, 2, -0, Number.NaN, 3, 0, 1, 1, 0]),
      new Float64Array(10),
      7,
    ],
  },
  {
    name: 'a CSV field counter as a state machine: switch with fall-through over bytes, quotes with escapes, labelled continue',
    text: `function csvFields(text, starts, fields, bad) {
  const line = gpu.globalIdx.x;
  if (line >= fields.length) return;
  let pos = starts[line];
  const end = starts[line + 1];
  let state = 0, count = 1, errors = 0;
  bytes: while (pos < end) {
    const c = text[pos++];
    switch (state) {
      case 0:
        if (c === 34) { state = 1; continue bytes; }
      // falls through: an unquoted field
      case 3:
        state = 3;
        if (c === 44) { count++; state = 0; }
        else if (c === 34) errors++;
        break;
      case 1:
        if (c === 34) state = 2;
        continue bytes;
      case 2:
        if (c === 34) { state = 1; continue bytes; }
        if (c === 44) { count++; state = 0; }
        else errors++;
        break;
      default:
        errors += 100;
    }
  }
  if (state === 1) errors++;
  fields[line] = count;
  bad[line] = errors;
}`,
    grid: 1,
    block: 16,
    args: () => {
      const lines = ['a,b,c', '"x,y",z', '"he said ""hi""",2,', '', '"open,1', 'bad"q,2', ',,,', '"",""'];
      const bytes: number[] = [];
      const starts: number[] = [];
      for (const l of lines) {
        starts.push(bytes.length);
        for (const ch of l) bytes.push(ch.charCodeAt(0));
      }
      starts.push(bytes.length);
      return [
        Uint8Array.from(bytes),
        Int32Array.from(starts),
        new Int32Array(lines.length),
        new Int32Array(lines.length),
      ];
    },
  },
  {
    name: 'base64 encoding: three bytes a thread, an alphabet captured as a Uint8Array, = padding at the end',
    text: `function base64(src, dst) {
  const t = gpu.globalIdx.x;
  const i = t * 3;
  if (i >= src.length) return;
  const n = Math.min(3, src.length - i);
  const b0 = src[i], b1 = n > 1 ? src[i + 1] : 0, b2 = n > 2 ? src[i + 2] : 0;
  const w = (b0 << 16) | (b1 << 8) | b2;
  dst[t * 4] = ALPHABET[(w >> 18) & 63];
  dst[t * 4 + 1] = ALPHABET[(w >> 12) & 63];
  dst[t * 4 + 2] = n > 1 ? ALPHABET[(w >> 6) & 63] : 61;
  dst[t * 4 + 3] = n > 2 ? ALPHABET[w & 63] : 61;
}`,
    grid: 1,
    block: 32,
    scope: () => ({
      ALPHABET: new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
    }),
    args: () => [Uint8Array.from(randoms(47, 171), (v) => v & 255), new Uint8Array(64)],
  },
  {
    name: 'a configuration record destructured with renames, a geometry group destructured, nested ternaries on its fields',
    text: `function configured(x, y) {
  const { x: tx } = gpu.threadIdx;
  const { x: bx } = gpu.blockIdx;
  const { gain, offset: bias, mode, limits: [lo, hi] } = CONFIG;
  const i = bx * gpu.blockDim.x + tx;
  if (i >= x.length) return;
  const v = x[i] * gain + bias;
  y[i] = mode === 1 ? Math.min(Math.max(v, lo), hi) : mode === 2 ? Math.abs(v) : v;
}`,
    grid: 2,
    block: 32,
    scope: () => ({ CONFIG: { gain: 2, offset: -0.5, mode: 1, limits: [-10, 10] } }),
    args: () => [floats(50, 181, (v) => (v % 40) - 20), new Float32Array(50)],
  },
  {
    name: 'a vectorised saxpy4 as the docs write it: four elements a thread through a local array and unrolled loops',
    text: `function saxpy4(a, x, y, n) {
  const i = gpu.globalIdx.x * 4;
  if (i + 3 < n) {
    const v = new Float32Array(4);
    gpu.unroll();
    for (let k = 0; k < 4; k++) v[k] = x[i + k];
    gpu.unroll();
    for (let k = 0; k < 4; k++) y[i + k] = a * v[k] + y[i + k];
  } else {
    for (let k = i; k < n; k++) y[k] = a * x[k] + y[k];
  }
}`,
    grid: 1,
    block: 32,
    args: () => [2.5, floats(103, 191, (v) => (v % 64) / 8), floats(103, 192, (v) => (v % 32) - 16), 103],
  },
  {
    name: 'register blocking with gpu.unroll(2) over a row: four accumulators in a local array, f64 row sums and a max',
    text: `function rowStats(m, sums, maxes, cols) {
  const r = gpu.globalIdx.x;
  if ((r + 1) * cols > m.length) return;
  const acc = new Float64Array(4);
  let mx = -Infinity;
  gpu.unroll(2);
  for (let j = 0; j < cols; j += 4) {
    for (let k = 0; k < 4; k++) {
      const v = j + k < cols ? m[r * cols + j + k] : 0;
      acc[k] += v;
      if (j + k < cols) mx = Math.max(mx, v);
    }
  }
  sums[r] = (acc[0] + acc[1]) + (acc[2] + acc[3]);
  maxes[r] = mx;
}`,
    grid: 1,
    block: 16,
    args: () => [
      doubles(10 * 23, 201, (v) => (v % 999) / 4 - 100),
      new Float64Array(10),
      new Float64Array(10),
      23,
    ],
  },
  {
    name: 'a warp bitonic sort of f32 keys by shuffleXor, NaN-free, with the lane direction from bits of laneId',
    text: `function warpSort(x, y) {
  const lane = gpu.laneId;
  let v = x[gpu.globalIdx.x];
  for (let k = 2; k <= 32; k <<= 1) {
    for (let j = k >> 1; j > 0; j >>= 1) {
      const other = gpu.shuffleXor(v, j);
      const up = (lane & k) === 0;
      const lower = (lane & j) === 0;
      v = lower === up ? Math.min(v, other) : Math.max(v, other);
    }
  }
  y[gpu.globalIdx.x] = v;
}`,
    grid: 2,
    block: 64,
    args: () => {
      const xs = floats(128, 211, (v) => (v % 200) - 100);
      xs[3] = -0;
      xs[4] = 0;
      xs[40] = Number.POSITIVE_INFINITY;
      return [xs, new Float32Array(128)];
    },
  },
  {
    name: 'warp vote early exit: a convergence loop that stops when voteAll says every lane is done, ballot counts of the rest',
    text: `function converge(x, steps, pending) {
  let v = x[gpu.globalIdx.x];
  let n = 0;
  for (;;) {
    const done = Math.abs(v - 1) < 1e-6 || n >= 60;
    const left = gpu.ballot(!done);
    if (gpu.voteAll(done)) break;
    if (gpu.laneId === 0) pending[gpu.globalIdx.x >> 5] += gpu.popcount(left);
    if (!done) v = Math.sqrt(v);
    n++;
  }
  steps[gpu.globalIdx.x] = n;
}`,
    grid: 1,
    block: 64,
    args: () => [doubles(64, 221, (v) => (v % 10000) + 0.5), new Int32Array(64), new Int32Array(2)],
  },
  {
    name: 'a 1-D three-point stencil in f32 whose boundary guard is ?? 0 on the neighbours, a partial last block',
    text: `function stencil(x, y, w) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const left = x[i - 1] ?? 0;
  const right = x[i + 1] ?? 0;
  y[i] = left * w + x[i] * (1 - 2 * w) + right * w;
}`,
    grid: 3,
    block: 32,
    args: () => [floats(70, 241, (v) => (v % 64) - 32), new Float32Array(70), f32(0.25)],
  },
  {
    name: 'f32 activations with literal thresholds: ReLU6, a hard sigmoid, a step at 0.1, a dead zone of 1e-3, -0 kept',
    text: `function activations(x, relu6, hard, step, dead) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  relu6[i] = v < 0 ? 0 : v > 6.0 ? 6.0 : v;
  hard[i] = v <= -2.5 ? 0 : v >= 2.5 ? 1 : v * 0.2 + 0.5;
  step[i] = v >= 0.1 ? 1 : v < -0.1 ? -1 : 0;
  dead[i] = Math.abs(v) < 1e-3 ? v * 0 : v === 0.3 ? 99 : v;
}`,
    grid: 2,
    block: 32,
    args: () => {
      const xs = Float32Array.from([
        ...floats(40, 251, (v) => ((v % 2001) - 1000) / 100),
        0.1,
        -0.1,
        0.09999999,
        0.10000001,
        2.5,
        -2.5,
        6,
        6.0000005,
        -0,
        0.0009,
        -0.0009,
        0.001,
        0.3,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
      ]);
      const n = xs.length;
      return [xs, new Float32Array(n), new Float32Array(n), new Float32Array(n), new Float32Array(n)];
    },
    // v * 0.2 + 0.5 rounds each step in f32, with 0.2 rounded to f32 ("Where f32 differs").
    ulps: 2,
  },
  {
    name: 'a lookup table tuple read with ?? past its ends, as i32, and ?? chained into a condition',
    text: `function levels(q, out) {
  const i = gpu.globalIdx.x;
  if (i >= q.length) return;
  const table = [10, 20, 30, 40];
  const k = q[i];
  let v = table[k] ?? -1;
  if (table[k + 1] ?? table[k - 1] ?? 0) v += 1000;
  out[i] = v;
}`,
    grid: 1,
    block: 16,
    args: () => [Int32Array.from([-3, -1, 0, 1, 2, 3, 4, 5, 100, -100]), new Int32Array(10)],
  },
  ...[
    {
      kind: 'f32',
      args: () => [floats(40, 231, (v) => (v % 100) - 50), new Float32Array(40), f32(-30), f32(30), f32(1.5)],
    },
    {
      kind: 'f64',
      args: () => [doubles(40, 232, (v) => (v % 100) - 50), new Float64Array(40), -30.5, 30.5, 0.1],
    },
    { kind: 'i32', args: () => [ints(40, 233, (v) => (v % 100) - 50), new Int32Array(40), -30, 30, 3] },
    {
      kind: 'u8',
      args: () => [Uint8Array.from(randoms(40, 234), (v) => v & 255), new Uint8Array(40), 10, 200, 2],
    },
    {
      kind: 'i16',
      args: () => [Int16Array.from(randoms(40, 235), (v) => v & 0xffff), new Int16Array(40), -1000, 1000, -7],
    },
  ].map(
    ({ kind, args }): OutsideKernel => ({
      name: `one clamp-and-scale text specialised for ${kind} elements (a compile per argument types)`,
      text: CLAMP_SCALE,
      grid: 1,
      block: 64,
      args,
    }),
  ),
];
