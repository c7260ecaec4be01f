/**
 * The AD corpus: device functions with their analytic derivatives, differentiated in kernels
 * by the tests (native, reference runner), the GPU check and bench/ad. Three shapes:
 * - scalar: f(x, y, ..., consts...) of Active numbers (trailing integer constants are Const);
 * - array: f(a, first, stride, m) reads m elements a[first + k * stride] and returns a number
 *   (a Duplicated): each thread's elements interleave with the others', as GPU code lays them out;
 * - map: f(x, y, first, stride, m) writes y from x (both Duplicated); in place when `inPlace`;
 * - shared: f(w, x, first, stride, m) of weights w every thread reads (a Duplicated, whose
 *   shadow all the threads add into) and the thread's slice of x (a Const).
 * Every Math function with a derivative appears; so do branches, loops with data-dependent
 * trip counts, nested calls, a custom rule, local arrays, reads, writes and reductions.
 */
import { defineDerivative } from '../src/index.js';

type Fn = (...args: never[]) => unknown;

export interface ScalarCase {
  readonly kind: 'scalar';
  readonly name: string;
  readonly fn: Fn;
  /** Ranges the Active arguments are sampled from. */
  readonly domain: readonly (readonly [number, number])[];
  readonly consts?: readonly number[];
  /** ∂f/∂x for each Active argument, when known in closed form. */
  readonly gradient?: (...x: number[]) => number[];
  readonly scope?: Readonly<Record<string, unknown>>;
  /** f32 inputs and results (the default is f64). */
  readonly f32?: boolean;
  /** False where finite differences say nothing (f32 rounding steps inside f). */
  readonly differences?: false;
}

export interface ArrayCase {
  readonly kind: 'array';
  readonly name: string;
  readonly fn: Fn;
  /** Elements each thread's slice has. */
  readonly m: number;
  readonly domain: readonly [number, number];
  readonly gradient?: (a: number[]) => number[];
  readonly scope?: Readonly<Record<string, unknown>>;
}

export interface MapCase {
  readonly kind: 'map';
  readonly name: string;
  readonly fn: Fn;
  readonly m: number;
  readonly domain: readonly [number, number];
  /** f writes its input array (x and y are one array). */
  readonly inPlace?: boolean;
  /** The vector-Jacobian product: the adjoint of x for the adjoint dy of the output. */
  readonly vjp?: (x: number[], dy: number[]) => number[];
  /**
   * The reverse kernel written by hand for slices of m elements, without autodiff, with the
   * parameters of the harness's reverse kernel and the memory accesses reverse mode must make
   * (outputs written, their seeds read and zeroed, atomic additions into the inputs' shadows):
   * bench/ad times it beside AD's, to tell the cost of AD's code from that of those accesses.
   * `noNeed`: y is not wanted (`DuplicatedNoNeed`), so it is not written.
   */
  readonly byHand?: (m: number, noNeed: boolean) => string;
  readonly scope?: Readonly<Record<string, unknown>>;
}

export interface SharedCase {
  readonly kind: 'shared';
  readonly name: string;
  readonly fn: Fn;
  /** Weights, and elements of x each thread's slice has. */
  readonly m: number;
  readonly domain: readonly [number, number];
  /** ∂f/∂w at weights w and a thread's slice x. */
  readonly gradient?: (w: number[], x: number[]) => number[];
  readonly scope?: Readonly<Record<string, unknown>>;
}

export type Case = ScalarCase | ArrayCase | MapCase | SharedCase;

const unaryMath: [string, (x: number) => number, (x: number) => number, [number, number]][] = [
  ['sqrt', Math.sqrt, (x) => 0.5 / Math.sqrt(x), [0.1, 4]],
  ['cbrt', Math.cbrt, (x) => 1 / (3 * Math.cbrt(x) ** 2), [0.1, 4]],
  ['exp', Math.exp, Math.exp, [-2, 2]],
  ['expm1', Math.expm1, Math.exp, [-2, 2]],
  ['log', Math.log, (x) => 1 / x, [0.1, 4]],
  ['log1p', Math.log1p, (x) => 1 / (1 + x), [-0.5, 3]],
  ['log2', Math.log2, (x) => 1 / (x * Math.LN2), [0.1, 4]],
  ['log10', Math.log10, (x) => 1 / (x * Math.LN10), [0.1, 4]],
  ['sin', Math.sin, Math.cos, [-3, 3]],
  ['cos', Math.cos, (x) => -Math.sin(x), [-3, 3]],
  ['tan', Math.tan, (x) => 1 / Math.cos(x) ** 2, [-1.2, 1.2]],
  ['asin', Math.asin, (x) => 1 / Math.sqrt(1 - x * x), [-0.9, 0.9]],
  ['acos', Math.acos, (x) => -1 / Math.sqrt(1 - x * x), [-0.9, 0.9]],
  ['atan', Math.atan, (x) => 1 / (1 + x * x), [-3, 3]],
  ['sinh', Math.sinh, Math.cosh, [-2, 2]],
  ['cosh', Math.cosh, Math.sinh, [-2, 2]],
  ['tanh', Math.tanh, (x) => 1 - Math.tanh(x) ** 2, [-2, 2]],
  ['asinh', Math.asinh, (x) => 1 / Math.sqrt(x * x + 1), [-3, 3]],
  ['acosh', Math.acosh, (x) => 1 / Math.sqrt(x * x - 1), [1.1, 4]],
  ['atanh', Math.atanh, (x) => 1 / (1 - x * x), [-0.9, 0.9]],
];

/** x * Math.<name>(x): each Math function under the product rule. */
const mathCases: ScalarCase[] = unaryMath.map(([name, m, dm, domain]) => ({
  kind: 'scalar',
  name: `math-${name}`,
  fn: new Function(`return function ${name}Times(x) { return x * Math.${name}(x); }`)() as Fn,
  domain: [domain],
  gradient: (x) => [m(x) + x * dm(x)],
}));

// ---- helpers the nested-call cases reach through their scope

function inner(x: number): number {
  return Math.sin(x) * x;
}
function outer(u: number, y: number): number {
  return u * u + inner(y);
}
function complexMultiply(a: number, b: number, c: number, d: number): [number, number] {
  return [a * c - b * d, a * d + b * c];
}
function softplus(x: number): number {
  return Math.log(1 + Math.exp(x));
}
defineDerivative(softplus, (x: number) => 1 / (1 + Math.exp(-x)));

const COEFFICIENTS = Float64Array.of(0.5, -1.25, 2, 0.75, -3, 1.5, 1);
const WEIGHTS = Float64Array.of(1, -2, 0.5, 3);

export const CASES: readonly Case[] = [
  // ---- polynomials
  {
    kind: 'scalar',
    name: 'poly-cubic',
    fn: (x: number) => 2 * x * x * x - 3 * x * x + x - 5,
    domain: [[-2, 2]],
    gradient: (x) => [6 * x * x - 6 * x + 1],
  },
  {
    kind: 'scalar',
    name: 'poly-bivariate',
    fn: (x: number, y: number) => x * x * y + 3 * x * y * y - y * y * y,
    domain: [
      [-2, 2],
      [-2, 2],
    ],
    gradient: (x, y) => [2 * x * y + 3 * y * y, x * x + 6 * x * y - 3 * y * y],
  },
  {
    kind: 'scalar',
    name: 'horner',
    fn: (x: number) => {
      let p = 0.0;
      for (let k = 0; k < COEFFICIENTS.length; k++) p = p * x + COEFFICIENTS[k]!;
      return p;
    },
    domain: [[-1.5, 1.5]],
    scope: { COEFFICIENTS },
    gradient: (x) => {
      let d = 0;
      for (let k = 0; k < 6; k++) d += (6 - k) * (COEFFICIENTS[k] as number) * x ** (5 - k);
      return [d];
    },
  },
  {
    kind: 'scalar',
    name: 'poly-f32',
    fn: (x: number, y: number) => x * x * y - 2 * x + y * y,
    domain: [
      [-2, 2],
      [-2, 2],
    ],
    gradient: (x, y) => [2 * x * y - 2, x * x + 2 * y],
    f32: true,
  },
  // ---- Math
  ...mathCases,
  {
    kind: 'scalar',
    name: 'math-atan2',
    fn: (y: number, x: number) => Math.atan2(y, x),
    domain: [
      [-2, 2],
      [0.2, 2],
    ],
    gradient: (y, x) => [x / (x * x + y * y), -y / (x * x + y * y)],
  },
  {
    kind: 'scalar',
    name: 'math-pow',
    // Made from text: formatters rewrite Math.pow(x, y) as x ** y.
    fn: new Function('return function pow(x, y) { return Math.pow(x, y); }')() as Fn,
    domain: [
      [0.5, 2],
      [-2, 3],
    ],
    gradient: (x, y) => [y * x ** (y - 1), x ** y * Math.log(x)],
  },
  {
    kind: 'scalar',
    name: 'power-operator',
    fn: (x: number) => x ** 3 - 2 * x ** 0.5,
    domain: [[0.2, 3]],
    gradient: (x) => [3 * x * x - x ** -0.5],
  },
  {
    kind: 'scalar',
    name: 'math-abs',
    fn: (x: number) => Math.abs(x - 0.5) * x,
    domain: [[-2, 2]],
    gradient: (x) => [Math.sign(x - 0.5) * x + Math.abs(x - 0.5)],
  },
  {
    kind: 'scalar',
    name: 'math-min-max',
    fn: (x: number, y: number) => Math.max(x, y) - 2 * Math.min(x, y * y),
    domain: [
      [-2, 2],
      [-2, 2],
    ],
    gradient: (x, y) => [
      (x > y ? 1 : 0) - 2 * (x < y * y ? 1 : 0),
      (x > y ? 0 : 1) - 2 * (x < y * y ? 0 : 2 * y),
    ],
  },
  {
    kind: 'scalar',
    name: 'math-hypot',
    fn: (x: number, y: number) => Math.hypot(x, y, 2),
    domain: [
      [-2, 2],
      [-2, 2],
    ],
    gradient: (x, y) => [x / Math.hypot(x, y, 2), y / Math.hypot(x, y, 2)],
  },
  {
    kind: 'scalar',
    name: 'math-steps',
    fn: (x: number) => Math.floor(x) * x + Math.round(x) + Math.trunc(x) * Math.ceil(x) + Math.sign(x),
    domain: [[-3, 3]],
    gradient: (x) => [Math.floor(x)],
  },
  {
    kind: 'scalar',
    name: 'math-fround',
    fn: (x: number) => Math.fround(x) * 2 + Math.sin(x),
    domain: [[-3, 3]],
    gradient: (x) => [2 + Math.cos(x)],
    // Math.fround steps by an f32 ulp, below any useful difference.
    differences: false,
  },
  {
    kind: 'scalar',
    name: 'math-f32',
    fn: (x: number) => Math.sin(x) * Math.exp(-x * x) + Math.sqrt(x + 3),
    domain: [[-2, 2]],
    gradient: (x) => [
      Math.cos(x) * Math.exp(-x * x) - 2 * x * Math.sin(x) * Math.exp(-x * x) + 0.5 / Math.sqrt(x + 3),
    ],
    f32: true,
  },
  // ---- branches
  {
    kind: 'scalar',
    name: 'piecewise',
    fn: (x: number) => {
      if (x < 0) return x * x;
      if (x < 1) return Math.sin(x);
      return 2 * x - 1 + Math.sin(1) - 1;
    },
    domain: [[-2, 3]],
    gradient: (x) => [x < 0 ? 2 * x : x < 1 ? Math.cos(x) : 2],
  },
  {
    kind: 'scalar',
    name: 'ternary-merge',
    fn: (x: number, y: number) => {
      const z = x > y ? x * y : x + y;
      return z * z;
    },
    domain: [
      [-2, 2],
      [-2, 2],
    ],
    gradient: (x, y) => {
      const z = x > y ? x * y : x + y;
      return x > y ? [2 * z * y, 2 * z * x] : [2 * z, 2 * z];
    },
  },
  // ---- loops
  {
    kind: 'scalar',
    name: 'newton-sqrt',
    fn: (x: number) => {
      let g = x;
      let previous = 0.0;
      let steps = 0;
      while (Math.abs(g - previous) > 1e-13 * g && steps < 60) {
        previous = g;
        g = 0.5 * (g + x / g);
        steps++;
      }
      return g;
    },
    domain: [[0.5, 9]],
    gradient: (x) => [0.5 / Math.sqrt(x)],
  },
  {
    kind: 'scalar',
    name: 'taylor-exp',
    fn: (x: number) => {
      let term = 1.0;
      let sum = 1.0;
      for (let k = 1; Math.abs(term) > 1e-17; k++) {
        term = (term * x) / k;
        sum += term;
      }
      return sum;
    },
    domain: [[-2, 2]],
    gradient: (x) => [Math.exp(x)],
  },
  {
    kind: 'scalar',
    name: 'power-loop',
    fn: (x: number, n: number) => {
      let p = 1.0;
      for (let k = 0; k < n; k++) p *= x;
      return p;
    },
    domain: [[-1.5, 1.5]],
    consts: [7],
    gradient: (x) => [7 * x ** 6],
  },
  {
    kind: 'scalar',
    name: 'repeated-sqrt',
    fn: (x: number) => {
      let y = x;
      while (y > 1.5) y = Math.sqrt(y);
      return y * y * y;
    },
    domain: [[2, 400]],
  },
  {
    kind: 'scalar',
    name: 'nested-loops',
    fn: (x: number, y: number, n: number, m: number) => {
      let s = 0.0;
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) s += Math.sin(x * i + y * j);
      return s;
    },
    domain: [
      [-1, 1],
      [-1, 1],
    ],
    consts: [4, 5],
    gradient: (x, y) => {
      let dx = 0;
      let dy = 0;
      for (let i = 0; i < 4; i++)
        for (let j = 0; j < 5; j++) {
          dx += i * Math.cos(x * i + y * j);
          dy += j * Math.cos(x * i + y * j);
        }
      return [dx, dy];
    },
  },
  {
    kind: 'scalar',
    name: 'loop-break',
    fn: (x: number) => {
      let s = 0.0;
      for (let k = 1; k < 100; k++) {
        s += x / k;
        if (s > 3) break;
      }
      return s * s;
    },
    domain: [[0.5, 2]],
  },
  {
    kind: 'scalar',
    name: 'loop-f32',
    fn: (x: number, n: number) => {
      let y = x;
      for (let k = 0; k < n; k++) y = y * 0.5 + Math.sin(y);
      return y;
    },
    domain: [[-1, 1]],
    consts: [6],
    f32: true,
  },
  // ---- nested calls and a custom rule
  {
    kind: 'scalar',
    name: 'nested-calls',
    fn: (x: number, y: number) => outer(x * y, y) + inner(x),
    domain: [
      [-2, 2],
      [-2, 2],
    ],
    scope: { outer, inner },
    gradient: (x, y) => [
      2 * x * y * y + Math.cos(x) * x + Math.sin(x),
      2 * x * x * y + Math.cos(y) * y + Math.sin(y),
    ],
  },
  {
    kind: 'scalar',
    name: 'helper-tuple',
    fn: (a: number, b: number) => {
      const [re, im] = complexMultiply(a, b, a, -b);
      const [re2, im2] = complexMultiply(re, im, a, b);
      return re2 + 2 * im2;
    },
    domain: [
      [-2, 2],
      [-2, 2],
    ],
    scope: { complexMultiply },
    // (a² + b²)(a + ib): re2 = a³ + ab², im2 = a²b + b³.
    gradient: (a, b) => [3 * a * a + b * b + 4 * a * b, 2 * a * b + 2 * a * a + 6 * b * b],
  },
  {
    kind: 'scalar',
    name: 'custom-rule',
    fn: (x: number) => softplus(x * x) * 2,
    domain: [[-2, 2]],
    scope: { softplus },
    gradient: (x) => [(4 * x) / (1 + Math.exp(-x * x))],
  },
  // ---- arrays and reductions
  {
    kind: 'array',
    name: 'sum-of-squares',
    fn: (a: Float64Array, first: number, stride: number, m: number) => {
      let s = 0.0;
      for (let k = 0; k < m; k++) s += a[first + k * stride]! * a[first + k * stride]!;
      return s;
    },
    m: 16,
    domain: [-2, 2],
    gradient: (a) => a.map((v) => 2 * v),
  },
  {
    kind: 'array',
    name: 'weighted-sum',
    fn: (a: Float64Array, first: number, stride: number, m: number) => {
      let s = 0.0;
      for (let k = 0; k < m; k++) s += WEIGHTS[k % WEIGHTS.length]! * Math.sin(a[first + k * stride]!);
      return s;
    },
    m: 12,
    domain: [-2, 2],
    scope: { WEIGHTS },
    gradient: (a) => a.map((v, k) => [1, -2, 0.5, 3][k % 4]! * Math.cos(v)),
  },
  {
    kind: 'array',
    name: 'logsumexp',
    fn: (a: Float64Array, first: number, stride: number, m: number) => {
      let high = a[first]!;
      for (let k = 1; k < m; k++) high = Math.max(high, a[first + k * stride]!);
      let s = 0.0;
      for (let k = 0; k < m; k++) s += Math.exp(a[first + k * stride]! - high);
      return high + Math.log(s);
    },
    m: 10,
    domain: [-3, 3],
    gradient: (a) => {
      const high = Math.max(...a);
      const s = a.reduce((t, v) => t + Math.exp(v - high), 0);
      return a.map((v) => Math.exp(v - high) / s);
    },
  },
  {
    kind: 'array',
    name: 'product',
    fn: (a: Float64Array, first: number, stride: number, m: number) => {
      let p = 1.0;
      for (let k = 0; k < m; k++) p *= a[first + k * stride]!;
      return p;
    },
    m: 8,
    domain: [0.5, 1.5],
    gradient: (a) => a.map((_, j) => a.reduce((p, v, k) => (k === j ? p : p * v), 1)),
  },
  {
    kind: 'array',
    name: 'local-array',
    fn: (a: Float64Array, first: number, stride: number, m: number) => {
      const t = new Float64Array(8);
      for (let k = 0; k < m; k++) t[k % 8]! += a[first + k * stride]! * a[first + k * stride]!;
      let s = 0.0;
      for (let k = 0; k < 8; k++) s += Math.sqrt(t[k]! + 1);
      return s;
    },
    m: 16,
    domain: [-2, 2],
    gradient: (a) => {
      const t = new Array(8).fill(0);
      a.forEach((v, k) => {
        t[k % 8] += v * v;
      });
      return a.map((v, k) => v / Math.sqrt(t[k % 8] + 1));
    },
  },
  {
    kind: 'array',
    name: 'local-array-in-loop',
    fn: (a: Float64Array, first: number, stride: number, m: number) => {
      let s = 0.0;
      for (let r = 1; r <= 2; r++) {
        const t = new Float64Array(4);
        for (let k = 0; k < m; k++) t[k % 4] = t[k % 4]! + a[first + k * stride]! * r;
        for (let j = 0; j < 4; j++) s += Math.sin(t[j]!);
      }
      return s;
    },
    m: 8,
    domain: [-1, 1],
    gradient: (a) =>
      a.map((_, k) => {
        let d = 0;
        for (let r = 1; r <= 2; r++) {
          const t = a.reduce((sum, v, q) => (q % 4 === k % 4 ? sum + v * r : sum), 0);
          d += r * Math.cos(t);
        }
        return d;
      }),
  },
  {
    kind: 'array',
    name: 'max-reduction',
    fn: (a: Float64Array, first: number, stride: number, m: number) => {
      let best = a[first]!;
      for (let k = 1; k < m; k++) if (a[first + k * stride]! > best) best = a[first + k * stride]!;
      return best * best;
    },
    m: 9,
    domain: [-3, 3],
    gradient: (a) => {
      const best = Math.max(...a);
      return a.map((v) => (v === best ? 2 * best : 0));
    },
  },
  {
    kind: 'map',
    name: 'prefix-sum',
    fn: (x: Float64Array, y: Float64Array, first: number, stride: number, m: number) => {
      let s = 0.0;
      for (let k = 0; k < m; k++) {
        s += x[first + k * stride]! * x[first + k * stride]!;
        y[first + k * stride] = s;
      }
    },
    m: 8,
    domain: [-2, 2],
    vjp: (x, dy) => x.map((v, j) => 2 * v * dy.slice(j).reduce((t, d) => t + d, 0)),
    // Straight-line, every read first (as AD's code is scheduled): x, then the seeds of dy.
    byHand: (m, noNeed) => {
      const ks = Array.from({ length: m }, (_, k) => k);
      const at = (k: number) => `i + ${k} * n`;
      return `function byHand(x, dx, y, dy, n) {
  const i = gpu.globalIdx.x;
  if (i >= n) return;
  ${ks.map((k) => `const x${k} = x[${at(k)}];`).join(' ')}
  ${ks.map((k) => `const d${k} = dy[${at(k)}];`).join(' ')}
  ${ks.map((k) => `dy[${at(k)}] = 0.0;`).join(' ')}
  let s = 0.0;
  ${ks.map((k) => `s += x${k} * x${k};${noNeed ? '' : ` y[${at(k)}] = s;`}`).join(' ')}
  let ds = 0.0;
  ${ks
    .reverse()
    .map((k) => `ds += d${k}; gpu.atomicAdd(dx, ${at(k)}, 2.0 * x${k} * ds);`)
    .join(' ')}
}`;
    },
  },
  {
    kind: 'map',
    name: 'in-place',
    fn: (x: Float64Array, first: number, stride: number, m: number) => {
      for (let k = 0; k < m; k++)
        x[first + k * stride] =
          x[first + k * stride]! * x[first + k * stride]! + Math.sin(x[first + k * stride]!);
    },
    m: 8,
    domain: [-2, 2],
    inPlace: true,
    vjp: (x, dy) => x.map((v, j) => (2 * v + Math.cos(v)) * (dy[j] as number)),
  },
  // ---- weights every thread reads: their shadow gathers every thread's gradient
  {
    kind: 'shared',
    name: 'shared-weights',
    fn: (w: Float64Array, x: Float64Array, first: number, stride: number, m: number) => {
      let p = 0.0;
      for (let k = 0; k < m; k++) p += w[k]! * x[first + k * stride]!;
      const e = Math.tanh(p) - 0.5;
      return e * e;
    },
    m: 8,
    domain: [-1, 1],
    gradient: (w, x) => {
      const t = Math.tanh(w.reduce((p, v, k) => p + v * (x[k] as number), 0));
      return x.map((v) => 2 * (t - 0.5) * (1 - t * t) * v);
    },
  },
];
