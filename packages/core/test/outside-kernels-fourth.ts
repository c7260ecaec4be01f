// The fourth round of kernels written apart from the corpus (outside-kernels.ts runs them with the
// others): integer bit tricks at the edges of 32 bits, -0 and NaN through Math's comparisons and
// roundings, labelled loops and blocks, switch fall-through, device functions of the scope and
// their early returns, side effects in ternaries and in the indices of compound assignments,
// narrow integer stores, subarrays and aliased views as arguments, members read by string keys,
// atomics indexed by integral floats, and JavaScript's mixed comparisons of u32 and i32.

import type { OutsideKernel } from './outside-kernels.js';

/** 32-bit integers at the edges: zero, ±1, the extremes, shift counts at and past 31. */
const EDGE_INTS = [
  0, 1, -1, 2147483647, -2147483648, 65535, -65536, 123456789, -987654321, 3, 31, 32, 33, -31,
];

/** The constants `affine` (a device function of the scope) reads: the kernel's scope holds them. */
const SCALE = 2.5;
const OFFSET = -3;

/** Doubles where Math's comparisons and roundings differ from C's: -0, NaN, halves, infinities. */
const SIGNED = [
  -0,
  0,
  Number.NaN,
  -0.5,
  0.5,
  -2.5,
  2.5,
  -1e-300,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0.49999999999999994,
  -3,
];

export const FOURTH_ROUND: readonly OutsideKernel[] = [
  {
    name: 'integer bit tricks: Math.imul, Math.clz32, shifts by 31, 32 and 33, rotations, lowest set bit',
    text: `function k(a, o, u) {
  const n = a.length;
  const i = gpu.globalIdx.x;
  if (i >= n) return;
  const x = a[i], y = a[(i * 7 + 3) % n];
  o[i * 8] = Math.imul(x, y);
  o[i * 8 + 1] = Math.clz32(x);
  o[i * 8 + 2] = Math.clz32(-x);
  o[i * 8 + 3] = x << y;
  o[i * 8 + 4] = x >> y;
  u[i * 3] = x >>> y;
  const r = y & 31;
  u[i * 3 + 1] = (x << r) | (x >>> (32 - r));
  u[i * 3 + 2] = x >>> 0;
  o[i * 8 + 5] = x & -x;
  o[i * 8 + 6] = (x ^ (x >> 31)) - (x >> 31);
  o[i * 8 + 7] = Math.imul(x, 0x9e3779b1) >>> 16;
}`,
    grid: 2,
    block: 8,
    args: () => [
      Int32Array.from(EDGE_INTS),
      new Int32Array(EDGE_INTS.length * 8),
      new Uint32Array(EDGE_INTS.length * 3),
    ],
  },
  {
    name: 'Math.imul, Math.clz32 and >>> of doubles: -0, NaN, infinities, values past 2^32',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  if (i < x.length) {
    o[i * 4] = Math.imul(x[i], 3);
    o[i * 4 + 1] = Math.clz32(x[i]);
    o[i * 4 + 2] = x[i] >>> 1;
    o[i * 4 + 3] = (x[i] | 0) + (x[i] >>> 0);
  }
}`,
    grid: 1,
    block: 16,
    args: () => [
      Float64Array.of(
        -0,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        4294967296.5,
        -4294967297,
        2147483648,
        1e20,
        -1.5,
        0.9,
      ),
      new Float64Array(40),
    ],
  },
  {
    name: '-0 and NaN through Math.min, max, sign, round and trunc, and a hand-written minimum, in f64',
    text: `function k(x, o) {
  const n = x.length;
  const i = gpu.threadIdx.x;
  const a = x[i], b = x[(i + 1) % n];
  o[i * 10] = Math.min(a, b);
  o[i * 10 + 1] = Math.max(a, b);
  o[i * 10 + 2] = Math.sign(a);
  o[i * 10 + 3] = Math.round(a);
  o[i * 10 + 4] = Math.min(a, 0);
  o[i * 10 + 5] = Math.max(-0, a);
  o[i * 10 + 6] = Math.abs(a) * Math.sign(b);
  o[i * 10 + 7] = a < b ? a : b;
  o[i * 10 + 8] = Math.trunc(a) + Math.ceil(a) * 0;
  o[i * 10 + 9] = Math.min(a, b, 0.5, i);
}`,
    grid: 1,
    block: SIGNED.length,
    args: () => [Float64Array.from(SIGNED), new Float64Array(SIGNED.length * 10)],
  },
  {
    name: '-0 and NaN through Math.min, max, sign and round in f32, sums and products with zero, x - x, x !== x, (x + 1) - 1',
    text: `function k(x, o) {
  const n = x.length;
  const i = gpu.threadIdx.x;
  const a = x[i], b = x[(i + 1) % n];
  o[i * 12] = Math.min(a, b);
  o[i * 12 + 1] = Math.max(a, b);
  o[i * 12 + 2] = Math.sign(a);
  o[i * 12 + 3] = Math.round(a);
  o[i * 12 + 4] = -a * 0;
  o[i * 12 + 5] = Math.max(a, 0) - Math.min(b, -0);
  o[i * 12 + 6] = a + 0;
  o[i * 12 + 7] = 0 - a;
  o[i * 12 + 8] = -0 - a * 0;
  o[i * 12 + 9] = a - a;
  o[i * 12 + 10] = (a !== a ? 1 : 0) + (a !== 1 ? 2 : 0) + (a !== b ? 4 : 0) + (x[i] === a ? 8 : 0);
  o[i * 12 + 11] = Math.fround(Math.fround(a + 1) - 1);
}`,
    grid: 1,
    block: 12,
    args: () => [
      Float32Array.of(
        -0,
        0,
        Number.NaN,
        -0.5,
        0.5,
        -2.5,
        2.5,
        -1e-40,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        0.49999997,
        -3,
      ),
      new Float32Array(144),
    ],
  },
  {
    name: 'Math.min and max of u32 elements with -1 and 4294967295, and their sign',
    text: `function k(a, o) {
  const i = gpu.threadIdx.x;
  o[i * 3] = Math.min(a[i], -1);
  o[i * 3 + 1] = Math.max(a[i], 4294967295);
  o[i * 3 + 2] = Math.sign(a[i]) - Math.sign(-a[i] | 0);
}`,
    grid: 1,
    block: 4,
    args: () => [Uint32Array.of(0, 1, 4294967295, 2147483648), new Float64Array(12)],
  },
  {
    name: 'u32 and i32 compared, added and ordered as JavaScript numbers',
    text: `function k(u, s, o) {
  const i = gpu.threadIdx.x;
  const a = u[i], b = s[i];
  let m = 0;
  if (a < b) m |= 1;
  if (a === b) m |= 2;
  if (a > -1) m |= 4;
  if (b >>> 0 === a) m |= 8;
  if ((a | 0) === b) m |= 16;
  if (a + b > 4294967295) m |= 32;
  if (a - b < 0) m |= 64;
  if (a * b > 2 ** 53) m |= 128;
  o[i * 3] = m;
  o[i * 3 + 1] = a + b;
  o[i * 3 + 2] = Math.max(a, b) - Math.min(a, b);
}`,
    grid: 1,
    block: 6,
    args: () => [
      Uint32Array.of(0, 1, 4294967295, 2147483648, 5, 3000000000),
      Int32Array.of(0, -1, -1, -2147483648, 7, -1294967296),
      new Float64Array(18),
    ],
  },
  {
    name: 'labelled loops: continue of the outer loop and break of the middle one from inside a do-while',
    text: `function k(x, o) {
  let c = 0;
  const t = gpu.threadIdx.x;
  outer: for (let i = 0; i < 6; i++) {
    let j = 0;
    middle: while (j < 6) {
      j++;
      do {
        if ((i + j + t) % 5 === 0) continue outer;
        if (i * j === 12) break middle;
        if (j === 4 && i === 5) break outer;
        c += x[(i * 6 + j) % x.length];
        if (c > 40) continue middle;
      } while (false);
      o[t * 37 + i * 6 + j - 1] = c;
    }
  }
  o[t * 37 + 36] = c;
}`,
    grid: 1,
    block: 3,
    args: () => [Float64Array.from({ length: 20 }, (_, i) => i * 1.5 - 4), new Float64Array(3 * 37)],
  },
  {
    name: 'switch with fall-through, a default in the middle, a fractional case, NaN and -0',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  let v = 0;
  switch (x[i] % 7) {
    case 0:
      v += 1;
    case 1:
    case 2:
      v += 10;
      break;
    default:
      v += 100;
    case 3:
      v += 1000;
      if (x[i] > 20) break;
    case -1:
      v += 10000;
      break;
    case 4.5:
      v = -1;
  }
  o[i] = v;
}`,
    grid: 2,
    block: 10,
    args: () => [
      Float64Array.of(0, 1, 2, 3, 4, 5, 6, 7, 10, 24, -1, -8, 4.5, 11.5, Number.NaN, -0, 27),
      new Float64Array(17),
    ],
  },
  {
    name: 'a labelled block left early with break, guarding a square root',
    text: `function k(x, o) {
  const i = gpu.threadIdx.x;
  let r = 0;
  check: {
    if (x[i] < 0) {
      r = -1;
      break check;
    }
    if (x[i] !== x[i]) break check;
    r = Math.sqrt(x[i]);
  }
  o[i] = r;
}`,
    grid: 1,
    block: 6,
    args: () => [Float64Array.of(4, -1, Number.NaN, 0, -0, 2), new Float64Array(6)],
  },
  {
    name: 'a device function of the scope reading scope constants, and a record of tuples',
    text: `function k(x, o) {
  const i = gpu.threadIdx.x;
  o[i] = affine(x[i]) + tables.weights[i % 3] * LIMIT;
}`,
    grid: 1,
    block: 4,
    scope: () => ({
      affine: (v: number) => v * SCALE + OFFSET,
      SCALE,
      OFFSET,
      LIMIT: 7,
      tables: { weights: [0.5, 1, 2] },
    }),
    args: () => [Float64Array.of(1, 2, 3, 4), new Float64Array(4)],
  },
  {
    name: 'a device function returning early from a loop, a while and an if',
    text: `function k(x, o) {
  const i = gpu.threadIdx.x;
  o[i] = classify(x[i], 3);
}`,
    grid: 1,
    block: 10,
    scope: () => ({
      classify: (v: number, n: number) => {
        if (Number.isNaN(v)) return -100;
        if (v < 0) return -1;
        for (let k = 0; k < n; k++) {
          if (v < k) return k;
          if (v === k * 3) return 50 + k;
        }
        while (v > 10) {
          v = v / 2;
          if (v < 20) return v;
        }
        return 1 / v === Number.NEGATIVE_INFINITY ? 0.25 : v * 2;
      },
    }),
    args: () => [Float64Array.of(-5, -0, 0, 1, 2.5, 3, 9, Number.NaN, 100, 7), new Float64Array(10)],
  },
  {
    name: 'ternaries with side effects on the counter and compound assignments as values',
    text: `function k(x, o) {
  let i = 0, s = 0;
  while (i < x.length) {
    const v = x[i] > 0 ? x[i++] : -x[i++ + 0];
    s = v > 2 ? (s += v) : (s *= 0.5);
    o[i - 1] = s;
  }
}`,
    grid: 1,
    block: 1,
    args: () => [Float64Array.of(1, -3, 4, 0.5, -7, 2, 8), new Float64Array(7)],
  },
  {
    name: 'compound assignments to elements whose indices increment and decrement the counter',
    text: `function k(x) {
  let i = 0;
  x[i++] += x[i];
  x[i++] *= x[++i];
  x[i] = x[--i] + i;
  x[i += 2] -= i--;
  x[x.length - 1] /= x[i] || 3;
}`,
    grid: 1,
    block: 1,
    args: () => [Float64Array.of(1, 2, 3, 4, 5, 6, 7)],
  },
  {
    name: 'postfix and prefix steps of elements as values, and ||= and &&= on elements',
    text: `function k(x, y) {
  y[0] = x[0]++ + ++x[0];
  y[1] = x[1]-- * 2;
  y[2] = x[2] ||= 9;
  y[3] = x[3] &&= 4;
  y[4] = (x[4] ||= 5) + (x[5] &&= -2);
}`,
    grid: 1,
    block: 1,
    args: () => [Float64Array.of(1, 2, 0, 0, Number.NaN, 3), new Float64Array(5)],
  },
  {
    name: 'doubles out of range stored into Int8, Uint8, Int16 and Uint16 arrays',
    text: `function k(x, a, b, c, d) {
  const i = gpu.globalIdx.x;
  if (i < x.length) {
    a[i] = x[i];
    b[i] = x[i];
    c[i] = x[i];
    d[i] = x[i];
  }
}`,
    grid: 2,
    block: 8,
    args: () => {
      const x = Float64Array.of(
        300,
        -129,
        1e10,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        255.5,
        -0.5,
        128,
        -128.9,
        65536.5,
        -32769,
        4294967295,
        2 ** 53,
        -(2 ** 31) - 0.5,
      );
      return [
        x,
        new Int8Array(x.length),
        new Uint8Array(x.length),
        new Int16Array(x.length),
        new Uint16Array(x.length),
      ];
    },
  },
  {
    name: 'Uint8 and Int8 elements stepped and shifted past their range',
    text: `function k(b, c, o) {
  const i = gpu.threadIdx.x;
  b[i]++;
  b[i] += 250;
  c[i] <<= 3;
  c[i] -= 200;
  o[i] = b[i]-- + c[i]++;
}`,
    grid: 1,
    block: 5,
    args: () => [Uint8Array.of(0, 5, 255, 128, 7), Int8Array.of(0, 100, -128, 127, -1), new Float64Array(5)],
  },
  {
    name: 'subarrays and views at a byte offset as arguments: their lengths and elements',
    text: `function k(a, b, o) {
  const i = gpu.threadIdx.x;
  if (i === 0) {
    o[0] = a.length;
    o[1] = b.length;
  }
  if (i < a.length) o[2 + i] = a[i] * 10 + b[i % b.length];
}`,
    grid: 1,
    block: 16,
    args: () => {
      const base = Float32Array.from({ length: 32 }, (_, i) => i - 5);
      const ints = Int16Array.from({ length: 20 }, (_, i) => i * 1000 - 9000);
      return [base.subarray(7, 19), new Int16Array(ints.buffer, 6, 5), new Float64Array(14)];
    },
  },
  {
    name: 'a recurrence through two overlapping subarrays of one buffer, as JavaScript steps it',
    text: `function k(a, b) {
  for (let i = 0; i < a.length; i++) b[i] = a[i] * 0.5 + 1;
  for (let i = b.length - 1; i > 0; i--) a[i] += b[i - 1];
}`,
    grid: 1,
    block: 1,
    args: () => {
      // Two elements apart: GPU back-ends share one copy of views 16 bytes apart (shared-bytes.ts).
      const buffer = Float64Array.from({ length: 12 }, (_, i) => i - 3);
      return [buffer.subarray(0, 10), buffer.subarray(2, 12)];
    },
  },
  {
    name: 'a Float32Array and an Int32Array over the same bytes: stores through one read through the other',
    text: `function k(f, n) {
  for (let i = 0; i < 4; i++) {
    f[i] = i + 0.5;
    n[i] = n[i] + 1;
    f[i + 4] = n[i] >>> 20;
  }
}`,
    grid: 1,
    block: 1,
    args: () => {
      const bytes = new ArrayBuffer(32);
      return [new Float32Array(bytes), new Int32Array(bytes)];
    },
  },
  {
    name: 'a u32 counter stepped down past 0, a post-decrement loop, do-while with continue, two indices',
    text: `function k(o, n) {
  let c = 0;
  for (let u = n[0]; u >= 1; u -= 2) {
    o[c++] = u;
    if (c >= o.length) break;
  }
  let w = n[0] >>> 0;
  while (w-- > 0) o[c++ % o.length] += w;
  let k = 10;
  do {
    k -= 3;
    if (k % 2) continue;
    o[0] += k;
  } while (k > 0);
  for (let i = 0, j = o.length - 1; i < j; i++, j--) {
    const t = o[i];
    o[i] = o[j];
    o[j] = t;
  }
}`,
    grid: 1,
    block: 1,
    args: () => [new Float64Array(9), Uint32Array.of(7)],
  },
  {
    name: 'powers of two to 32 bits, negative bases, Number constants, and fractions of 2^32',
    text: `function k(x, o) {
  const i = gpu.threadIdx.x;
  const v = x[i];
  o[i * 6] = (2 ** v) | 0;
  o[i * 6 + 1] = (-8) ** v;
  o[i * 6 + 2] = Number.MAX_SAFE_INTEGER + v;
  o[i * 6 + 3] = v * Number.EPSILON + Number.MIN_VALUE;
  o[i * 6 + 4] = ~~(v * 1e9);
  o[i * 6 + 5] = (v >>> 0) / 2 ** 32;
}`,
    grid: 1,
    block: 10,
    args: () => [Float64Array.of(31, 32, 1 / 3, -1, 0.5, 2, 53, -0, -2.7, 1e-9), new Float64Array(60)],
  },
  {
    name: "Math's special values: square roots of -0, powers of NaN and 1, fround, Number predicates",
    text: `function k(x, o) {
  const i = gpu.threadIdx.x;
  const v = x[i];
  o[i * 8] = Math.sqrt(v);
  o[i * 8 + 1] = v ** 0.5;
  o[i * 8 + 2] = Math.fround(v);
  o[i * 8 + 3] = Math.pow(v, 0) + Math.pow(1, v);
  o[i * 8 + 4] = Number.isInteger(v) ? 1 : Number.isNaN(v) ? 2 : Number.isFinite(v) ? 3 : 4;
  o[i * 8 + 5] = v ** -1;
  o[i * 8 + 6] = Math.sign(v) * 0;
  o[i * 8 + 7] = Math.hypot(v, 0) + Math.atan2(v, 1) * 0;
}`,
    grid: 1,
    block: 10,
    args: () => [
      Float64Array.of(
        -0,
        0,
        -1,
        4,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        2 ** 53 + 2,
        0.25,
        3.4028235677973366e38,
      ),
      new Float64Array(80),
    ],
  },
  {
    name: 'float % with zeros and infinities, (a / b) | 0 and Math.trunc, integer % of nonzero divisors',
    text: `function k(x, d, o) {
  const n = x.length;
  const i = gpu.threadIdx.x;
  const a = x[i], b = x[(i + 3) % n];
  o[i * 6] = a % b;
  o[i * 6 + 1] = (a / b) | 0;
  o[i * 6 + 2] = Math.trunc(a / b);
  const p = d[i % d.length], q = d[(i + 1) % d.length];
  o[i * 6 + 3] = p % q;
  o[i * 6 + 4] = (p / q) | 0;
  o[i * 6 + 5] = (-p | 0) % q;
}`,
    grid: 1,
    block: 12,
    args: () => [
      Float64Array.of(-7, 2, -0, 5.5, -2, 0, 3, -2147483648, -1, 1e10, Number.NaN, Number.POSITIVE_INFINITY),
      Int32Array.of(-2147483648, -1, 7, -7, 3, 2147483647),
      new Float64Array(72),
    ],
  },
  {
    name: "members read by constant string keys: ops['f'](x), rec['x'], a const key, a scope string, a['length']",
    text: `function k(x, o) {
  const i = gpu.threadIdx.x;
  const K = 'y';
  o[i] = ops['scale'](x[i]) + rec['x'] * rec[K] + ops[\`shift\`](i) + x['length'] - rec[FIELD] * ops[OP](1);
}`,
    grid: 1,
    block: 5,
    scope: () => ({
      ops: { scale: (v: number) => v * 3, shift: (v: number) => v - 0.25 },
      rec: { x: 2, y: -1.5 },
      FIELD: 'x',
      OP: 'scale',
    }),
    args: () => [Float64Array.of(1, -2, 0.5, 7, -0), new Float64Array(5)],
  },
  {
    name: 'a histogram through atomics indexed by integral floats and a counter compared with a float',
    text: `function k(h, n) {
  gpu.atomicAdd(h, 1.0, 1);
  gpu.atomicAdd(h, 6 / 2, 2);
  for (let i = 0; i < n[0]; i++) gpu.atomicMax(h, i + 5, gpu.threadIdx.x * 10 + gpu.blockIdx.x);
  if (gpu.threadIdx.x === 0) gpu.atomicSub(h, -0, 3);
}`,
    grid: 2,
    block: 8,
    args: () => [new Int32Array(8), Float64Array.of(2.5)],
  },
  {
    name: 'numbers as conditions and values of && and ||, equality of comparisons, !! and counting truths',
    text: `function k(x, o) {
  const i = gpu.threadIdx.x;
  const a = x[i], b = x[(i + 1) % x.length];
  o[i * 5] = a && b;
  o[i * 5 + 1] = a || 7;
  o[i * 5 + 2] = (a > 0) === (b > 0) ? 1 : 0;
  o[i * 5 + 3] = (!!a ? 1 : 0) + (!b ? 2 : 0) + (a && !b ? 4 : 0);
  o[i * 5 + 4] = a !== a || b !== b ? -1 : a === b ? 1 : 0;
}`,
    grid: 1,
    block: 6,
    args: () => [Float64Array.of(2, -0, Number.NaN, 0, 3, -1), new Float64Array(30)],
  },
  {
    name: 'a 3-D grid of 3-D blocks with guards, counting down a Uint32 shared counter past 0',
    text: `function k(o, dims) {
  const c = gpu.sharedArray(Uint32Array, 1);
  const x = gpu.blockIdx.x * gpu.blockDim.x + gpu.threadIdx.x;
  const y = gpu.blockIdx.y * gpu.blockDim.y + gpu.threadIdx.y;
  const z = gpu.blockIdx.z * gpu.blockDim.z + gpu.threadIdx.z;
  const first = gpu.threadIdx.x === 0 && gpu.threadIdx.y === 0 && gpu.threadIdx.z === 0;
  if (first) c[0] = 5;
  gpu.barrier();
  gpu.atomicSub(c, 0, 1);
  gpu.barrier();
  if (x < dims[0] && y < dims[1] && z < dims[2]) o[(z * dims[1] + y) * dims[0] + x] = c[0] + x * 0.5 - y + z * 100;
}`,
    grid: [2, 2, 2],
    block: [3, 2, 2],
    args: () => [new Float64Array(5 * 3 * 4), Int32Array.of(5, 3, 4)],
  },
];
