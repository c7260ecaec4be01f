// The first round of differentiable functions written apart from the corpus (test/outside.test.ts
// runs them), the way users write them: losses, physics energies, ODE steps, polynomials,
// activations, geometry, interpolation, statistics, finance, helpers with several returns,
// loops the data ends, local arrays, kinks of Math.max/min/abs, `**`, integer counters mixed in,
// early exits and branches on active values. They take the corpus's shapes (corpus/cases.ts) so
// that its harness runs them; gradients are checked against central differences of the
// JavaScript function and, where given, a derivative written by hand.
import type { Case } from './cases.js';

// ---- helpers of the scope, as an application's module has them

/** Unit vector and length: three results and a fourth. */
function normalise(x: number, y: number, z: number): [number, number, number, number] {
  const r = Math.sqrt(x * x + y * y + z * z);
  return [x / r, y / r, z / r, r];
}

/** One RK4 step of a pendulum θ'' = -(g/L) sin θ with damping. */
function pendulumStep(theta: number, omega: number, dt: number): [number, number] {
  const k1t = omega;
  const k1w = -9.81 * Math.sin(theta) - 0.1 * omega;
  const k2t = omega + 0.5 * dt * k1w;
  const k2w = -9.81 * Math.sin(theta + 0.5 * dt * k1t) - 0.1 * k2t;
  const k3t = omega + 0.5 * dt * k2w;
  const k3w = -9.81 * Math.sin(theta + 0.5 * dt * k2t) - 0.1 * k3t;
  const k4t = omega + dt * k3w;
  const k4w = -9.81 * Math.sin(theta + dt * k3t) - 0.1 * k4t;
  return [
    theta + (dt / 6) * (k1t + 2 * k2t + 2 * k3t + k4t),
    omega + (dt / 6) * (k1w + 2 * k2w + 2 * k3w + k4w),
  ];
}

/** The standard normal CDF, Abramowitz and Stegun 26.2.17 (no Math.erf). */
function normalCdf(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const poly =
    t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const tail = 0.3989422804014327 * Math.exp(-0.5 * x * x) * poly;
  return x >= 0 ? 1 - tail : tail;
}

function lennardJones(r2: number, cutoff2: number): number {
  if (r2 >= cutoff2) return 0.0;
  const s6 = 1 / (r2 * r2 * r2);
  const c6 = 1 / (cutoff2 * cutoff2 * cutoff2);
  // Shifted so that the energy is continuous at the cutoff.
  return 4 * (s6 * s6 - s6) - 4 * (c6 * c6 - c6);
}

function clamp01(t: number): number {
  return Math.min(1.0, Math.max(0.0, t));
}

/** A bouncing step: a tuple from either of two returns. */
function bounce(p: number, v: number): [number, number] {
  if (p > 1) return [2 - p - v * 0.1, -0.9 * v];
  return [p + v * 0.1, v - 0.05 * p];
}

/** Polar-ish coordinates by quadrant: a record from either of two returns. */
function polarOf(x: number, y: number): { r: number; t: number } {
  if (x < 0) return { r: Math.hypot(x, y), t: Math.atan2(y, x) };
  return { r: x * x + y * y, t: y / (1 + x) };
}

const CHEBYSHEV = Float64Array.of(1.2, -0.4, 0.75, 0.1, -0.3, 0.05, 0.02);
const GRID = Float64Array.from({ length: 25 }, (_, k) => Math.sin(k * 0.7) + 0.1 * k);
const MASSES = Float64Array.of(1, 0.5, 2, 1.5, 0.8, 0, 0.3, -0.2, 0.4, 1, 0.6, 0.9);
const TARGETS = Float64Array.from({ length: 8 }, (_, k) => Math.cos(k));
/** Four particles 1.1 apart along a line and a triangle's apex. */
const LATTICE = Float64Array.of(0, 0, 0, 1.1, 0, 0, 0.55, 0.95, 0, 0.55, 0.32, 0.9);
const GAMMA = Float64Array.of(1, 0.5, -1.5, 2, 0.25, -0.75);

export const OUTSIDE: readonly Case[] = [
  // ---- losses
  {
    kind: 'scalar',
    name: 'huber',
    fn: (pred: number, target: number) => {
      const r = pred - target;
      const a = Math.abs(r);
      if (a <= 1.0) return 0.5 * r * r;
      return a - 0.5;
    },
    domain: [
      [-2, 2],
      [-2, 2],
    ],
    gradient: (p, t) => {
      const r = p - t;
      const g = Math.abs(r) <= 1 ? r : Math.sign(r);
      return [g, -g];
    },
  },
  {
    kind: 'scalar',
    name: 'hinge',
    fn: (score: number, weight: number, label: number) => Math.max(0, 1 - label * score * weight),
    domain: [
      [-2, 2],
      [0.5, 1.5],
    ],
    consts: [-1],
    gradient: (s, w) => (1 + s * w > 0 ? [w, s] : [0, 0]),
  },
  {
    kind: 'scalar',
    name: 'cross-entropy-3',
    fn: (a: number, b: number, c: number, label: number) => {
      const m = Math.max(a, b, c);
      const lse = m + Math.log(Math.exp(a - m) + Math.exp(b - m) + Math.exp(c - m));
      let z = a;
      if (label === 1) z = b;
      else if (label === 2) z = c;
      return lse - z;
    },
    domain: [
      [-3, 3],
      [-3, 3],
      [-3, 3],
    ],
    consts: [1],
    gradient: (a, b, c) => {
      const s = Math.exp(a) + Math.exp(b) + Math.exp(c);
      return [Math.exp(a) / s, Math.exp(b) / s - 1, Math.exp(c) / s];
    },
  },
  {
    kind: 'scalar',
    name: 'logistic-loss',
    // Binary cross-entropy of a logit, in the form that never overflows.
    fn: (z: number, y: number) => Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z))),
    domain: [
      [-6, 6],
      [0.1, 0.9],
    ],
    gradient: (z, y) => [1 / (1 + Math.exp(-z)) - y, -z],
  },
  {
    kind: 'array',
    name: 'mse',
    fn: (a: Float64Array, first: number, stride: number, m: number) => {
      let s = 0.0;
      for (let k = 0; k < m; k++) {
        const e = a[first + k * stride]! - TARGETS[k]!;
        s += e * e;
      }
      return s / m;
    },
    m: 8,
    domain: [-2, 2],
    scope: { TARGETS },
    gradient: (a) => a.map((v, k) => (2 * (v - (TARGETS[k] as number))) / 8),
  },
  {
    kind: 'array',
    name: 'cross-entropy-slice',
    fn: (a: Float64Array, first: number, stride: number, m: number) => {
      let top = a[first]!;
      for (let k = 1; k < m; k++) top = Math.max(top, a[first + k * stride]!);
      let s = 0.0;
      for (let k = 0; k < m; k++) s += Math.exp(a[first + k * stride]! - top);
      const label = 2;
      return top + Math.log(s) - a[first + label * stride]!;
    },
    m: 6,
    domain: [-3, 3],
    gradient: (a) => {
      const s = a.reduce((t, v) => t + Math.exp(v), 0);
      return a.map((v, k) => Math.exp(v) / s - (k === 2 ? 1 : 0));
    },
  },
  // ---- activations
  {
    kind: 'scalar',
    name: 'softplus-branch',
    fn: (x: number) => (x > 20 ? x : Math.log1p(Math.exp(x))),
    domain: [[-5, 30]],
    gradient: (x) => [x > 20 ? 1 : 1 / (1 + Math.exp(-x))],
  },
  {
    kind: 'scalar',
    name: 'gelu-tanh',
    fn: (x: number) => 0.5 * x * (1 + Math.tanh(0.7978845608028654 * (x + 0.044715 * x ** 3))),
    domain: [[-4, 4]],
    gradient: (x) => {
      const u = 0.7978845608028654 * (x + 0.044715 * x ** 3);
      const t = Math.tanh(u);
      return [0.5 * (1 + t) + 0.5 * x * (1 - t * t) * 0.7978845608028654 * (1 + 3 * 0.044715 * x * x)];
    },
  },
  {
    kind: 'scalar',
    name: 'softplus-f32',
    fn: (x: number) => (x > 15 ? x : Math.log(1 + Math.exp(x))),
    domain: [[-4, 4]],
    gradient: (x) => [1 / (1 + Math.exp(-x))],
    f32: true,
  },
  {
    kind: 'scalar',
    name: 'softmax-middle',
    fn: (a: number, b: number, c: number) => {
      const [p, q, r] = softmax3(a, b, c);
      return q * 2 + p * r;
    },
    domain: [
      [-2, 2],
      [-2, 2],
      [-2, 2],
    ],
    scope: { softmax3 },
  },
  // ---- physics
  {
    kind: 'scalar',
    name: 'lennard-jones-cutoff',
    fn: (dx: number, dy: number, dz: number) => lennardJones(dx * dx + dy * dy + dz * dz, 2.5 * 2.5),
    domain: [
      [0.6, 1.6],
      [0.4, 1.4],
      [0.3, 1.3],
    ],
    scope: { lennardJones },
    gradient: (dx, dy, dz) => {
      const r2 = dx * dx + dy * dy + dz * dz;
      if (r2 >= 6.25) return [0, 0, 0];
      const dr2 = 4 * (-6 / r2 ** 7 + 3 / r2 ** 4);
      return [2 * dx * dr2, 2 * dy * dr2, 2 * dz * dr2];
    },
  },
  {
    kind: 'scalar',
    name: 'spring-hypot',
    fn: (x1: number, y1: number, x2: number, y2: number) => {
      const d = Math.hypot(x2 - x1, y2 - y1);
      return 0.5 * 3.0 * (d - 1.0) ** 2;
    },
    domain: [
      [-1, 1],
      [-1, 1],
      [1.5, 2.5],
      [-1, 1],
    ],
    gradient: (x1, y1, x2, y2) => {
      const d = Math.hypot(x2 - x1, y2 - y1);
      const g = (3 * (d - 1)) / d;
      return [-g * (x2 - x1), -g * (y2 - y1), g * (x2 - x1), g * (y2 - y1)];
    },
  },
  {
    kind: 'scalar',
    name: 'softened-gravity',
    fn: (x: number, y: number, z: number, bodies: number) => {
      let u = 0.0;
      for (let j = 0; j < bodies; j++) {
        const dx = Math.cos(j) - x;
        const dy = Math.sin(j) - y;
        const dz = 0.1 * j - z;
        u -= MASSES[j]! / Math.sqrt(dx * dx + dy * dy + dz * dz + 0.05);
      }
      return u;
    },
    domain: [
      [-1, 1],
      [-1, 1],
      [-1, 1],
    ],
    consts: [12],
    scope: { MASSES },
    gradient: (x, y, z) => {
      const g = [0, 0, 0];
      for (let j = 0; j < 12; j++) {
        const d = [Math.cos(j) - x, Math.sin(j) - y, 0.1 * j - z];
        const r2 = d[0]! ** 2 + d[1]! ** 2 + d[2]! ** 2 + 0.05;
        for (let c = 0; c < 3; c++) g[c]! -= ((MASSES[j] as number) * (d[c] as number)) / r2 ** 1.5;
      }
      return g;
    },
  },
  {
    kind: 'array',
    name: 'lennard-jones-cluster',
    // Four particles jiggled about a lattice, their coordinates copied into a local array, a
    // pair sum that skips pairs past the cutoff (the energy shifted to be continuous there).
    fn: (a: Float64Array, first: number, stride: number, m: number) => {
      const p = new Float64Array(12);
      for (let k = 0; k < m; k++) p[k] = LATTICE[k]! + 0.25 * a[first + k * stride]!;
      let e = 0.0;
      for (let i = 0; i < 4; i++) {
        for (let j = i + 1; j < 4; j++) {
          const dx = p[3 * j]! - p[3 * i]!;
          const dy = p[3 * j + 1]! - p[3 * i + 1]!;
          const dz = p[3 * j + 2]! - p[3 * i + 2]!;
          const r2 = dx * dx + dy * dy + dz * dz;
          if (r2 > 2.6) continue;
          e += lennardJones(r2, 2.6);
        }
      }
      return e;
    },
    m: 12,
    domain: [-0.5, 0.5],
    scope: { LATTICE, lennardJones },
  },
  {
    kind: 'scalar',
    name: 'pendulum-rk4',
    fn: (theta: number, omega: number, steps: number) => {
      let t = theta;
      let w = omega;
      for (let s = 0; s < steps; s++) {
        const [t1, w1] = pendulumStep(t, w, 0.01);
        t = t1;
        w = w1;
      }
      return t + 0.5 * w;
    },
    domain: [
      [-1, 1],
      [-1, 1],
    ],
    consts: [20],
    scope: { pendulumStep },
  },
  {
    kind: 'scalar',
    name: 'verlet-anharmonic',
    // Velocity Verlet of x'' = -x - x³ for a run-time number of steps; the energy at the end.
    fn: (x0: number, v0: number, steps: number) => {
      let x = x0;
      let v = v0;
      const dt = 0.05;
      let a = -x - x * x * x;
      for (let s = 0; s < steps; s++) {
        x += v * dt + 0.5 * a * dt * dt;
        const next = -x - x * x * x;
        v += 0.5 * (a + next) * dt;
        a = next;
      }
      return 0.5 * v * v + 0.5 * x * x + 0.25 * x ** 4;
    },
    domain: [
      [-1, 1],
      [-1, 1],
    ],
    consts: [40],
  },
  // ---- polynomials and powers
  {
    kind: 'scalar',
    name: 'clenshaw',
    fn: (x: number) => {
      let b1 = 0.0;
      let b2 = 0.0;
      for (let k = CHEBYSHEV.length - 1; k >= 1; k--) {
        const b = 2 * x * b1 - b2 + CHEBYSHEV[k]!;
        b2 = b1;
        b1 = b;
      }
      return x * b1 - b2 + CHEBYSHEV[0]!;
    },
    domain: [[-1, 1]],
    scope: { CHEBYSHEV },
    gradient: (x) => {
      // T_k'(x) = k U_{k-1}(x).
      let d = 0;
      let u0 = 1;
      let u1 = 2 * x;
      for (let k = 1; k < CHEBYSHEV.length; k++) {
        d += (CHEBYSHEV[k] as number) * k * u0;
        [u0, u1] = [u1, 2 * x * u1 - u0];
      }
      return [d];
    },
  },
  {
    kind: 'scalar',
    name: 'powers',
    fn: (x: number, y: number) => x ** 2 + x ** 3 * y + x ** 1.5 + x ** y + (x * y) ** -2 + 2 ** y,
    domain: [
      [0.5, 2],
      [0.5, 2],
    ],
    gradient: (x, y) => [
      2 * x + 3 * x * x * y + 1.5 * Math.sqrt(x) + y * x ** (y - 1) - 2 * (x * y) ** -3 * y,
      x ** 3 + x ** y * Math.log(x) - 2 * (x * y) ** -3 * x + 2 ** y * Math.LN2,
    ],
  },
  {
    kind: 'scalar',
    name: 'horner-integer-power',
    // An integer exponent chosen by a loop counter: x ** k with k an i32.
    fn: (x: number, n: number) => {
      let s = 0.0;
      for (let k = 0; k <= n; k++) s += x ** k / (k + 1);
      return s;
    },
    domain: [[-1.5, 1.5]],
    consts: [6],
    gradient: (x) => {
      let d = 0;
      for (let k = 1; k <= 6; k++) d += (k * x ** (k - 1)) / (k + 1);
      return [d];
    },
  },
  // ---- geometry
  {
    kind: 'scalar',
    name: 'angle-atan2',
    fn: (ax: number, ay: number, bx: number, by: number) => Math.atan2(ax * by - ay * bx, ax * bx + ay * by),
    domain: [
      [0.5, 1.5],
      [-0.5, 0.5],
      [0.2, 1.2],
      [0.1, 1.1],
    ],
    gradient: (ax, ay, bx, by) => {
      const c = ax * by - ay * bx;
      const d = ax * bx + ay * by;
      const n = c * c + d * d;
      return [(d * by - c * bx) / n, (-d * bx - c * by) / n, (-d * ay - c * ax) / n, (d * ax - c * ay) / n];
    },
  },
  {
    kind: 'scalar',
    name: 'normalise-several-returns',
    fn: (x: number, y: number, z: number) => {
      const [nx, ny, nz, r] = normalise(x, y, z);
      return 0.3 * nx - 0.5 * ny + 0.8 * nz + 0.1 * r;
    },
    domain: [
      [0.2, 2],
      [-2, -0.2],
      [0.2, 2],
    ],
    scope: { normalise },
    gradient: (x, y, z) => {
      const r = Math.hypot(x, y, z);
      const c = [0.3, -0.5, 0.8];
      const v = [x, y, z];
      const dot = c[0]! * x + c[1]! * y + c[2]! * z;
      return v.map((vi, i) => (c[i] as number) / r - (dot * vi) / r ** 3 + (0.1 * vi) / r);
    },
  },
  // ---- interpolation
  {
    kind: 'scalar',
    name: 'smoothstep',
    fn: (e0: number, e1: number, x: number) => {
      const t = clamp01((x - e0) / (e1 - e0));
      return t * t * (3 - 2 * t);
    },
    domain: [
      [-1, 0],
      [1, 2],
      [-1.5, 2.5],
    ],
    scope: { clamp01 },
  },
  {
    kind: 'scalar',
    name: 'bilinear-floor',
    fn: (u: number, v: number) => {
      const fu = Math.floor(u);
      const fv = Math.floor(v);
      const i = fu | 0;
      const j = fv | 0;
      const s = u - fu;
      const t = v - fv;
      const a = GRID[j * 5 + i]! + s * (GRID[j * 5 + i + 1]! - GRID[j * 5 + i]!);
      const b = GRID[(j + 1) * 5 + i]! + s * (GRID[(j + 1) * 5 + i + 1]! - GRID[(j + 1) * 5 + i]!);
      return a + t * (b - a);
    },
    domain: [
      [0.05, 3.95],
      [0.05, 3.95],
    ],
    scope: { GRID },
    gradient: (u, v) => {
      const i = Math.floor(u);
      const j = Math.floor(v);
      const s = u - i;
      const t = v - j;
      const g = (r: number, c: number) => GRID[r * 5 + c] as number;
      const a = g(j, i) + s * (g(j, i + 1) - g(j, i));
      const b = g(j + 1, i) + s * (g(j + 1, i + 1) - g(j + 1, i));
      return [(1 - t) * (g(j, i + 1) - g(j, i)) + t * (g(j + 1, i + 1) - g(j + 1, i)), b - a];
    },
  },
  // ---- statistics
  {
    kind: 'array',
    name: 'welford-variance',
    fn: (a: Float64Array, first: number, stride: number, m: number) => {
      let mean = 0.0;
      let m2 = 0.0;
      let count = 0;
      for (let k = 0; k < m; k++) {
        const x = a[first + k * stride]!;
        count++;
        const delta = x - mean;
        mean += delta / count;
        m2 += delta * (x - mean);
      }
      return m2 / (count - 1);
    },
    m: 7,
    domain: [-3, 3],
    gradient: (a) => {
      const mean = a.reduce((s, v) => s + v, 0) / a.length;
      return a.map((v) => (2 * (v - mean)) / (a.length - 1));
    },
  },
  {
    kind: 'array',
    name: 'layer-norm-weighted',
    fn: (a: Float64Array, first: number, stride: number, m: number) => {
      const x = new Float64Array(6);
      let mean = 0.0;
      for (let k = 0; k < m; k++) {
        x[k] = a[first + k * stride]!;
        mean += x[k]!;
      }
      mean /= m;
      let v = 0.0;
      for (let k = 0; k < m; k++) v += (x[k]! - mean) ** 2;
      const inv = 1 / Math.sqrt(v / m + 1e-5);
      let out = 0.0;
      for (let k = 0; k < m; k++) out += GAMMA[k]! * (x[k]! - mean) * inv;
      return out;
    },
    m: 6,
    domain: [-2, 2],
    scope: { GAMMA },
  },
  // ---- finance
  {
    kind: 'scalar',
    name: 'black-scholes-call',
    fn: (spot: number, strike: number, years: number, rate: number, vol: number) => {
      const sq = vol * Math.sqrt(years);
      const d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * years) / sq;
      const d2 = d1 - sq;
      return spot * normalCdf(d1) - strike * Math.exp(-rate * years) * normalCdf(d2);
    },
    domain: [
      [80, 120],
      [90, 110],
      [0.25, 2],
      [0.01, 0.05],
      [0.1, 0.4],
    ],
    scope: { normalCdf },
  },
  // ---- loops the data ends, early exits, integer counters
  {
    kind: 'scalar',
    name: 'newton-sqrt-break',
    fn: (a: number) => {
      let x = a > 1 ? a : 1.0;
      for (let it = 0; it < 60; it++) {
        const next = 0.5 * (x + a / x);
        if (Math.abs(next - x) <= 1e-15 * next) {
          x = next;
          break;
        }
        x = next;
      }
      return x;
    },
    domain: [[0.1, 50]],
    gradient: (a) => [0.5 / Math.sqrt(a)],
  },
  {
    kind: 'scalar',
    name: 'exp-series-while',
    fn: (x: number) => {
      let term = 1.0;
      let sum = 1.0;
      let k = 1;
      while (Math.abs(term) > 1e-17 * Math.abs(sum)) {
        term *= x / k;
        sum += term;
        k++;
      }
      return sum;
    },
    domain: [[-3, 3]],
    gradient: (x) => [Math.exp(x)],
  },
  {
    kind: 'scalar',
    name: 'halvings-counter',
    // An integer counter the data sets, mixed into the float result (no derivative through it).
    fn: (x: number) => {
      let y = x;
      let halvings = 0;
      while (y > 1) {
        y *= 0.5;
        halvings++;
      }
      return y * y + halvings * x;
    },
    domain: [[0.3, 40]],
    gradient: (x) => {
      const k = x > 1 ? Math.ceil(Math.log2(x)) : 0;
      return [2 * x * 0.25 ** k + k];
    },
  },
  {
    kind: 'scalar',
    name: 'early-exit',
    fn: (x: number, y: number) => {
      if (x < 0) return y * y;
      if (y > x) return Math.sin(x * y);
      const r = x * y;
      return r * r - x;
    },
    domain: [
      [-1, 2],
      [-1, 2],
    ],
    gradient: (x, y) =>
      x < 0
        ? [0, 2 * y]
        : y > x
          ? [y * Math.cos(x * y), x * Math.cos(x * y)]
          : [2 * x * y * y - 1, 2 * x * x * y],
  },
  {
    kind: 'array',
    name: 'prefix-until-threshold',
    // Sums a slice until the sum passes a threshold, then scales by the element that stopped it.
    fn: (a: Float64Array, first: number, stride: number, m: number) => {
      let s = 0.0;
      let last = 1.0;
      for (let k = 0; k < m; k++) {
        last = a[first + k * stride]!;
        s += last * last;
        if (s > 2.5) break;
      }
      return s * last;
    },
    m: 8,
    domain: [-1, 1],
    gradient: (a) => {
      let s = 0;
      let stop = a.length - 1;
      for (let k = 0; k < a.length; k++) {
        s += (a[k] as number) ** 2;
        if (s > 2.5) {
          stop = k;
          break;
        }
      }
      const last = a[stop] as number;
      return a.map((v, k) => (k > stop ? 0 : 2 * v * last + (k === stop ? s : 0)));
    },
  },
  // ---- aggregates from several returns and branches
  {
    kind: 'scalar',
    name: 'bounce-tuple-returns',
    fn: (p0: number, v0: number, steps: number) => {
      let p = p0;
      let v = v0;
      for (let s = 0; s < steps; s++) {
        const [q, w] = bounce(p, v);
        p = q;
        v = w;
      }
      return p + v * v;
    },
    domain: [
      [0, 0.9],
      [0.5, 2],
    ],
    consts: [12],
    scope: { bounce },
  },
  {
    kind: 'scalar',
    name: 'polar-record-returns',
    fn: (x: number, y: number) => {
      const a = polarOf(x, y);
      const b = x > y ? { r: a.t, t: a.r } : a;
      return a.r * Math.cos(a.t) + b.r * b.t;
    },
    domain: [
      [-2, 2],
      [-2, 2],
    ],
    scope: { polarOf },
  },
  {
    kind: 'scalar',
    name: 'running-stats-record',
    // Exponentially weighted mean and variance carried by a loop in a record. Made from text:
    // TypeScript's output writes 0.0 as 0, and the compiler does not widen a record's i32 field
    // to the f64 the loop assigns it (unstable-type), as it widens a number's.
    fn: new Function(`return function runningStats(x, rate, n) {
  let acc = { mean: 0.0, variance: 1.0 };
  for (let k = 0; k < n; k++) {
    const sample = Math.sin(k * x) + x;
    const d = sample - acc.mean;
    acc = { mean: acc.mean + rate * d, variance: (1 - rate) * (acc.variance + rate * d * d) };
  }
  return acc.mean + Math.sqrt(acc.variance);
}`)() as (...args: never[]) => unknown,
    domain: [
      [-1, 1],
      [0.05, 0.5],
    ],
    consts: [10],
  },
  // ---- kinks
  {
    kind: 'scalar',
    name: 'max-min-abs',
    fn: (x: number, y: number) => Math.max(x, y) * Math.min(x, 2 * y) + Math.abs(x - y),
    domain: [
      [-2, 2],
      [-2, 2],
    ],
    gradient: (x, y) => {
      const mx = Math.max(x, y);
      const mn = Math.min(x, 2 * y);
      const dmx = x >= y ? [1, 0] : [0, 1];
      const dmn = x <= 2 * y ? [1, 0] : [0, 2];
      const s = Math.sign(x - y);
      return [dmx[0]! * mn + mx * dmn[0]! + s, dmx[1]! * mn + mx * dmn[1]! - s];
    },
  },
  // ---- arrays written
  {
    kind: 'map',
    name: 'softmax-map',
    fn: (x: Float64Array, y: Float64Array, first: number, stride: number, m: number) => {
      let top = x[first]!;
      for (let k = 1; k < m; k++) top = Math.max(top, x[first + k * stride]!);
      let s = 0.0;
      for (let k = 0; k < m; k++) {
        const e = Math.exp(x[first + k * stride]! - top);
        y[first + k * stride] = e;
        s += e;
      }
      for (let k = 0; k < m; k++) y[first + k * stride] = y[first + k * stride]! / s;
    },
    m: 5,
    domain: [-2, 2],
    vjp: (x, dy) => {
      const s = x.reduce((t, v) => t + Math.exp(v), 0);
      const p = x.map((v) => Math.exp(v) / s);
      const dot = p.reduce((t, v, k) => t + v * (dy[k] as number), 0);
      return p.map((v, k) => v * ((dy[k] as number) - dot));
    },
  },
  {
    kind: 'map',
    name: 'verlet-chain-in-place',
    // Positions of a chain of springs advanced in place by a few explicit steps (velocities local).
    fn: (x: Float64Array, first: number, stride: number, m: number) => {
      const v = new Float64Array(8);
      for (let step = 0; step < 3; step++) {
        for (let k = 0; k < m; k++) {
          const left = k > 0 ? x[first + (k - 1) * stride]! : 0.0;
          const right = k < m - 1 ? x[first + (k + 1) * stride]! : 0.0;
          v[k] = v[k]! + 0.1 * (left + right - 2 * x[first + k * stride]!);
        }
        for (let k = 0; k < m; k++) x[first + k * stride] = x[first + k * stride]! + 0.1 * v[k]!;
      }
    },
    m: 6,
    domain: [-1, 1],
    inPlace: true,
  },
  // ---- weights every thread shares
  {
    kind: 'shared',
    name: 'linear-huber-shared',
    fn: (w: Float64Array, x: Float64Array, first: number, stride: number, m: number) => {
      let pred = 0.0;
      for (let k = 0; k < m; k++) pred += w[k]! * x[first + k * stride]!;
      const r = pred - 0.5;
      return Math.abs(r) < 1 ? 0.5 * r * r : Math.abs(r) - 0.5;
    },
    m: 4,
    domain: [-1, 1],
    gradient: (w, x) => {
      const r = w.reduce((s, v, k) => s + v * (x[k] as number), 0) - 0.5;
      const g = Math.abs(r) < 1 ? r : Math.sign(r);
      return x.map((v) => g * v);
    },
  },
];

function softmax3(a: number, b: number, c: number): [number, number, number] {
  const m = Math.max(a, b, c);
  const ea = Math.exp(a - m);
  const eb = Math.exp(b - m);
  const ec = Math.exp(c - m);
  const s = ea + eb + ec;
  return [ea / s, eb / s, ec / s];
}

/** A function at a point where it has no derivative, and the one the README documents there. */
export interface Kink {
  readonly name: string;
  readonly fn: (...x: number[]) => number;
  readonly at: readonly number[];
  readonly derivative: readonly number[];
}

export const KINKS: readonly Kink[] = [
  {
    name: 'Math.max at a tie: the first argument',
    fn: (x, y) => Math.max(x, y) * 3,
    at: [1, 1],
    derivative: [3, 0],
  },
  {
    name: 'Math.min at a tie, its arguments swapped',
    fn: (x, y) => Math.min(y, x),
    at: [1, 1],
    derivative: [0, 1],
  },
  {
    name: 'Math.min of three at a tie',
    fn: (x, y, z) => Math.min(z, x, y),
    at: [2, 2, 2],
    derivative: [0, 0, 1],
  },
  { name: 'a ReLU written Math.max(x, 0) at 0', fn: (x) => Math.max(x, 0), at: [0], derivative: [1] },
  { name: 'a ReLU written Math.max(0, x) at 0', fn: (x) => Math.max(0, x), at: [0], derivative: [0] },
  { name: 'Math.abs at 0', fn: (x) => 2 * Math.abs(x), at: [0], derivative: [2 * Math.sign(0)] },
  { name: 'Math.abs at -0', fn: (x) => Math.abs(x), at: [-0], derivative: [Math.sign(-0)] },
  { name: 'Math.hypot at the origin', fn: (x, y) => Math.hypot(x, y), at: [0, 0], derivative: [0, 0] },
  { name: 'a ** b at a = 0', fn: (a, b) => a ** b, at: [0, 2.5], derivative: [2.5 * 0 ** 1.5, 0] },
  { name: 'a ** b at a < 0', fn: (a, b) => a ** b, at: [-2, 2], derivative: [2 * (-2) ** 1, 0] },
  { name: 'x ** 0.5 at 0', fn: (x) => x ** 0.5, at: [0], derivative: [0.5 * 0 ** -0.5] },
  {
    name: 'Math.sqrt(x * x) at 0',
    fn: (x) => Math.sqrt(x * x),
    at: [0],
    derivative: [(0.5 / Math.sqrt(0)) * 0],
  },
  { name: 'a branch at its boundary', fn: (x) => (x <= 1 ? x * x : 3 * x), at: [1], derivative: [2] },
  { name: 'Math.floor at its step', fn: (x) => Math.floor(x) + x, at: [2], derivative: [1] },
];
