// The sixth round of kernels written apart from the corpus (outside-kernels.ts runs them with the
// others): closures over scope constants of many kinds, nested device functions returning early
// from loops, switch (true) and fall-through, do-while, ternaries of mixed types, integer
// wrapping idioms, NaN, -0 and infinities through Math, digits of numbers written without
// strings, odd 2-D and 3-D launches, shared memory with barriers, atomics of every element type,
// warp operations, f16 and bf16 arrays, vector accesses, subarrays and aliased views, gpu's
// namespace read in unusual but valid ways, and TypeScript text.

import { BFloat16Bits, Float16Bits, f32, u32, view } from '../src/index.js';
import type { OutsideKernel } from './outside-kernels.js';

const ints = (n: number, f: (i: number) => number) => Int32Array.from({ length: n }, (_, i) => f(i));
const doubles = (values: readonly number[]) => Float64Array.from(values);

/** Doubles at the edges of Math's special cases. */
const SPECIAL = [
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  1.5,
  -1.5,
  2.5,
  -2.5,
  NaN,
  Infinity,
  -Infinity,
  1e308,
  -5e-324,
  4503599627370497,
];

// Device functions of the scope, as an application's module would have them (their text is
// what the compiler and the reference runner read; the names they use come from the scope).
const device = (text: string) => new Function(`return (${text});`)() as (...args: never[]) => unknown;

const scale = device(`function scale(x) {
  return x * FACTOR;
}`);

const find = device(`function find(a, from, v) {
  for (let j = from; j < a.length; j++) {
    if (a[j] === v) return j;
    if (a[j] > v) return -1 - j;
  }
  return -1 - a.length;
}`);

const countUpTo = device(`function countUpTo(a, v, limit) {
  let c = 0;
  let j = 0;
  while (true) {
    const p = find(a, j, v);
    if (p < 0) return c;
    c++;
    if (c >= limit) return c * 100;
    j = p + 1;
  }
}`);

const firstBad = device(`function firstBad(a, lo, hi) {
  outer: for (let v = lo; v <= hi; v++) {
    for (let r = 0; r < 3; r++) {
      if (countUpTo(a, v, 3) === r) continue outer;
    }
    return v;
  }
  return hi + 1;
}`);

const classify = device(`function classify(n) {
  switch (n & 7) {
    default:
      n += 3;
    case A + B:
      n *= 2;
      break;
    case A * B:
      return -n;
    case (A << 2) - 1:
    case 1:
      n = ~n;
  }
  return n;
}`);

const firstAbove = device(`function firstAbove(a, v) {
  for (let j = 0; j < a.length; j++) {
    if (a[j] > v) return { found: true, at: j };
  }
  return { found: false, at: a.length };
}`);

const shift = device(`function shift(v, by = gpu.threadIdx.x) {
  return v + by;
}`);

const bump = device(`function bump(o, t) {
  o[t * 3 + 2] = 50;
  return t - 5;
}`);

export const SIXTH_ROUND: readonly OutsideKernel[] = [
  {
    name: 'scope constants of many kinds: -0, NaN, 3e9, a boolean, f32 and u32 wrappers, nested records, a table and a helper',
    text: `function k(o) {
  const i = gpu.globalIdx.x;
  if (i >= o.length) return;
  let v = 0;
  switch (i) {
    case 0: v = 1 / NEG_ZERO; break;
    case 1: v = NOT_A_NUMBER + i; break;
    case 2: v = BIG + i; break;
    case 3: v = DEBUG ? 7 : 8; break;
    case 4: v = HALF * 4; break;
    case 5: v = WIDE - 1; break;
    case 6: v = CFG.inner.pair[1] * CFG.inner.pair[0] + CFG.scale; break;
    case 7: v = TABLE[TABLE.length - 1] + TABLE.length; break;
    case 8: v = scale(i); break;
    case 9: v = WEIGHTS[i % WEIGHTS.length] - WEIGHTS.length; break;
    default: v = -i;
  }
  o[i] = v;
}`,
    grid: 1,
    block: 12,
    scope: () => ({
      NEG_ZERO: -0,
      NOT_A_NUMBER: Number.NaN,
      BIG: 3e9,
      DEBUG: false,
      HALF: f32(0.1),
      WIDE: u32(4000000000),
      CFG: { inner: { pair: [3, 2.5] }, scale: -1 },
      TABLE: Int16Array.of(5, -7, 300),
      FACTOR: 2.5,
      scale,
      WEIGHTS: [0.25, 0.5, 0.25],
    }),
    args: () => [new Float64Array(12)],
  },
  {
    name: 'nested device functions returning early from loops: a search, a count up to a limit, a first-failure index',
    text: `function k(a, o) {
  const t = gpu.threadIdx.x;
  o[t] = t < 8 ? countUpTo(a, t, 2 + (t & 1)) : firstBad(a, t - 8, t);
}`,
    grid: 1,
    block: 16,
    scope: () => ({ find, countUpTo, firstBad }),
    args: () => [Int32Array.of(0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 5, 7, 7, 9), new Int32Array(16)],
  },
  {
    name: 'switch (true) with conditions as cases, fall-through into default and a case after it',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  let c = 0;
  switch (true) {
    case v < 0:
      c += 1;
    case v === 0:
      c += 10;
      break;
    default:
      c += 100;
    case v > 100:
      c += 1000;
      break;
    case Number.isNaN(v):
      c = -1;
  }
  o[i] = c;
}`,
    grid: 1,
    block: 8,
    args: () => [doubles([-3, 0, -0, 5, 500, Number.NaN, Infinity, -Infinity]), new Int32Array(8)],
  },
  {
    name: 'switch on an i32 with a default first that falls through, cases computed from constants, and a return inside',
    text: `function k(o) {
  const t = gpu.threadIdx.x;
  o[t] = classify(t * 5 - 20);
}`,
    grid: 1,
    block: 16,
    scope: () => ({ A: 2, B: 3, classify }),
    args: () => [new Int32Array(16)],
  },
  {
    name: 'do-while that runs its body once when the condition is false, with break from a nested switch and continue',
    text: `function k(x, o) {
  const t = gpu.threadIdx.x;
  let n = x[t], steps = 0, acc = 0;
  do {
    steps++;
    switch (n % 3) {
      case 0:
        acc += n;
        n = (n / 3) | 0;
        continue;
      case 1:
      case -1:
        n -= 1;
        if (steps > 20) break;
        continue;
    }
    if (n < 0) break;
    acc -= 1;
    n += 1;
  } while (n > 1 && steps < 50);
  o[t * 2] = acc;
  o[t * 2 + 1] = steps;
}`,
    grid: 1,
    block: 10,
    args: () => [
      Int32Array.of(0, 1, 2, 27, 100, -5, -7, 1000000, 2147483647, -2147483648),
      new Int32Array(20),
    ],
  },
  {
    name: 'ternaries mixing i32, u32, f32, f64 and bool-picked literals, used in arithmetic before the store',
    text: `function k(i32s, u32s, f32s, o) {
  const t = gpu.threadIdx.x;
  const a = i32s[t], b = u32s[t], c = f32s[t];
  const m1 = t & 1 ? a : b;
  const m2 = t & 2 ? c : a;
  const m3 = t % 3 === 0 ? b : c;
  const m4 = a > 0 ? 0.5 : 2;
  o[t * 4] = m1 * 2 + 1;
  o[t * 4 + 1] = m2 - 0.25;
  o[t * 4 + 2] = m3 / 4;
  o[t * 4 + 3] = (t & 4 ? m4 : a) * 3;
}`,
    grid: 1,
    block: 8,
    args: () => [
      Int32Array.of(-1, 2147483647, -2147483648, 0, 5, -7, 123456789, -3),
      Uint32Array.of(4294967295, 0, 2147483648, 1, 3000000000, 7, 65536, 4294967294),
      Float32Array.of(0.1, -0, 3.4e38, -1.5, Number.NaN, 1e-45, Infinity, 16777217),
      new Float64Array(32),
    ],
  },
  {
    name: 'wrapping idioms: (a + b) | 0, (a - b) >>> 0, Math.imul(a, b) >>> 0, -x | 0 and ~x >>> 0 at the edges',
    text: `function k(a, b, o, u) {
  const t = gpu.threadIdx.x;
  const x = a[t], y = b[t];
  o[t * 4] = (x + y) | 0;
  o[t * 4 + 1] = (x - y) | 0;
  o[t * 4 + 2] = -x | 0;
  o[t * 4 + 3] = (x * 3 + y * 5) | 0;
  u[t * 4] = (x - y) >>> 0;
  u[t * 4 + 1] = Math.imul(x, y) >>> 0;
  u[t * 4 + 2] = ~x >>> 0;
  u[t * 4 + 3] = ((x >>> 0) + (y >>> 0)) >>> 0;
}`,
    grid: 1,
    block: 8,
    args: () => [
      Int32Array.of(2147483647, -2147483648, -1, 0, 1, 65535, -65536, 1234567890),
      Int32Array.of(1, -1, 2147483647, -2147483648, -2147483648, 65537, 65536, 1234567890),
      new Int32Array(32),
      new Uint32Array(32),
    ],
  },
  {
    name: 'f64 values past 2^32 and 2^53 through | 0, >>> 0, & and >> : 2^53 + 2, 1e20, -1e20, 2^32 + 5, 2^31',
    text: `function k(x, o, u) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  o[i * 3] = v | 0;
  o[i * 3 + 1] = v & 0xffff;
  o[i * 3 + 2] = v >> 3;
  u[i * 2] = v >>> 0;
  u[i * 2 + 1] = (v >>> 0) % 1000;
}`,
    grid: 1,
    block: 16,
    args: () => {
      const x = doubles([
        2 ** 53 + 2,
        1e20,
        -1e20,
        2 ** 32 + 5,
        2 ** 31,
        -(2 ** 31) - 0.5,
        2 ** 63,
        -(2 ** 64) + 2 ** 40,
        123.99,
        -123.99,
        2 ** 52 + 0.5,
        2 ** 53 + 4,
      ]);
      return [x, new Int32Array(36), new Uint32Array(24)];
    },
  },
  {
    name: 'Math.min and max of three and four arguments with NaN in the middle and -0 in every order, in f64 and f32',
    text: `function k(x, f, o, p) {
  const t = gpu.threadIdx.x;
  const n = x.length;
  const a = x[t % n], b = x[(t * 3 + 1) % n], c = x[(t * 7 + 2) % n];
  o[t * 4] = Math.min(a, b, c);
  o[t * 4 + 1] = Math.max(a, b, c, -0);
  o[t * 4 + 2] = Math.max(0, a, b);
  o[t * 4 + 3] = Math.min(-0, Math.max(a, 0), c);
  const g = f[t % n], h = f[(t + 5) % n];
  p[t * 3] = Math.min(g, h, 0);
  p[t * 3 + 1] = Math.max(-0, g, h);
  p[t * 3 + 2] = Math.sign(g) * Math.round(h);
}`,
    grid: 1,
    block: 32,
    args: () => [doubles(SPECIAL), Float32Array.from(SPECIAL), new Float64Array(128), new Float32Array(96)],
  },
  {
    name: 'Math.round, sign, trunc, floor, ceil and ** of special doubles, and Infinity arithmetic',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  const b = i * 8;
  o[b] = Math.round(v);
  o[b + 1] = Math.round(-v);
  o[b + 2] = Math.sign(v) + Math.sign(-v);
  o[b + 3] = Math.ceil(v) - Math.floor(v);
  o[b + 4] = v - v;
  o[b + 5] = v * 0;
  o[b + 6] = v % Infinity;
  o[b + 7] = (-v) ** 0.5 + v ** -1;
}`,
    grid: 1,
    block: 16,
    args: () => [doubles(SPECIAL), new Float64Array(128)],
    // `**` is pow, a Math function: within 2 ulps (an H100 gave one result one ulp high).
    ulps: 2,
  },
  {
    name: 'decimal digits of doubles without strings: sign, integer part and six fraction digits as bytes',
    text: `function k(x, out, lens) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const W = 24;
  let v = x[i];
  let p = i * W;
  let len = 0;
  if (v < 0) {
    out[p + len++] = 45;
    v = -v;
  }
  let ip = Math.floor(v);
  let frac = Math.round((v - ip) * 1e6);
  if (frac >= 1e6) { frac -= 1e6; ip += 1; }
  const digits = new Uint8Array(16);
  let nd = 0;
  do {
    digits[nd++] = 48 + (ip % 10);
    ip = Math.floor(ip / 10);
  } while (ip > 0 && nd < 16);
  while (nd > 0) out[p + len++] = digits[--nd];
  out[p + len++] = 46;
  for (let d = 100000; d >= 1; d = d / 10) {
    out[p + len++] = 48 + (Math.floor(frac / d) % 10);
  }
  lens[i] = len;
}`,
    grid: 1,
    block: 8,
    args: () => [
      doubles([0, 3.25159265, -2.5, 1234567.0000004, 0.0000005, -99.9999996, 42, 1e15]),
      new Uint8Array(192),
      new Int32Array(8),
    ],
  },
  {
    name: 'a 2-D launch of odd extents: 3x5 blocks of 7x3 threads over a 19x13 image, partial blocks on both edges',
    text: `function k(src, dst, w, h) {
  const x = gpu.blockIdx.x * gpu.blockDim.x + gpu.threadIdx.x;
  const y = gpu.blockIdx.y * gpu.blockDim.y + gpu.threadIdx.y;
  if (x >= w || y >= h) return;
  const l = x > 0 ? src[y * w + x - 1] : 0;
  const r = x < w - 1 ? src[y * w + x + 1] : 0;
  const u = y > 0 ? src[(y - 1) * w + x] : 0;
  const d = y < h - 1 ? src[(y + 1) * w + x] : 0;
  dst[y * w + x] = 4 * src[y * w + x] - l - r - u - d + gpu.gridDim.x * 1000 + gpu.blockDim.y * 100;
}`,
    grid: [3, 5],
    block: [7, 3],
    args: () => [ints(19 * 13, (i) => (i * 37) % 23), new Int32Array(19 * 13), 19, 13],
  },
  {
    name: 'a 3-D launch of 2x3x2 blocks of 3x1x7 threads: linear ids, warps and lanes of 21-thread blocks',
    text: `function k(o, lanes) {
  const bx = gpu.blockIdx.x, by = gpu.blockIdx.y, bz = gpu.blockIdx.z;
  const block = (bz * gpu.gridDim.y + by) * gpu.gridDim.x + bx;
  const t = (gpu.threadIdx.z * gpu.blockDim.y + gpu.threadIdx.y) * gpu.blockDim.x + gpu.threadIdx.x;
  const n = gpu.blockDim.x * gpu.blockDim.y * gpu.blockDim.z;
  const id = block * n + t;
  o[id] = gpu.globalIdx.x * 10000 + gpu.globalIdx.y * 100 + gpu.globalIdx.z;
  lanes[id] = gpu.laneId + 100 * (t >> 5) + (gpu.popcount(gpu.ballot(true)) << 16);
}`,
    grid: [2, 3, 2],
    block: [3, 1, 7],
    args: () => [new Int32Array(12 * 21), new Int32Array(12 * 21)],
  },
  {
    name: 'a block sum of 96 threads (not a power of two) in shared f64, folding the odd half at each step',
    text: `function k(x, out) {
  const s = gpu.sharedArray(Float64Array, 96);
  const t = gpu.threadIdx.x;
  const i = gpu.globalIdx.x;
  s[t] = i < x.length ? x[i] : 0;
  gpu.barrier();
  let n = gpu.blockDim.x;
  while (n > 1) {
    const half = (n + 1) >> 1;
    if (t + half < n) s[t] += s[t + half];
    gpu.barrier();
    n = half;
  }
  if (t === 0) out[gpu.blockIdx.x] = s[0];
}`,
    grid: 3,
    block: 96,
    args: () => [Float64Array.from({ length: 250 }, (_, i) => (i % 9) * 0.25 - 1), new Float64Array(3)],
  },
  {
    name: 'a 2-D shared tile with a halo of 1 loaded by a 2-D block, a 5-point stencil, barriers, an Int16 tile',
    text: `function k(img, out, w, h) {
  const T = 8;
  const tile = gpu.sharedArray(Int16Array, (T + 2) * (T + 2));
  const tx = gpu.threadIdx.x, ty = gpu.threadIdx.y;
  const x0 = gpu.blockIdx.x * T, y0 = gpu.blockIdx.y * T;
  for (let k = ty * T + tx; k < (T + 2) * (T + 2); k += T * T) {
    const gx = x0 + (k % (T + 2)) - 1, gy = y0 + ((k / (T + 2)) | 0) - 1;
    tile[k] = gx >= 0 && gx < w && gy >= 0 && gy < h ? img[gy * w + gx] : -1;
  }
  gpu.barrier();
  const x = x0 + tx, y = y0 + ty;
  if (x < w && y < h) {
    const c = (ty + 1) * (T + 2) + tx + 1;
    out[y * w + x] = tile[c] * 4 - tile[c - 1] - tile[c + 1] - tile[c - T - 2] - tile[c + T + 2];
  }
}`,
    grid: [2, 3],
    block: [8, 8],
    args: () => [ints(13 * 21, (i) => ((i * 7919) % 601) - 300), new Int32Array(13 * 21), 13, 21],
  },
  {
    name: 'atomics of every element type: add, sub, min, max, and, or, xor on i32, u32, f32, f64, i64, u64',
    text: `function k(x, ai, au, af, ad, al, aul) {
  const i = gpu.globalIdx.x;
  const v = x[i];
  gpu.atomicAdd(ai, 0, v);
  gpu.atomicSub(ai, 1, v);
  gpu.atomicMin(ai, 2, v);
  gpu.atomicMax(ai, 3, v);
  gpu.atomicAnd(ai, 4, ~(1 << (i & 31)));
  gpu.atomicOr(ai, 5, 1 << (i % 31));
  gpu.atomicXor(ai, 6, v);
  gpu.atomicAdd(au, 0, u32(v));
  gpu.atomicSub(au, 1, 3);
  gpu.atomicMin(au, 2, v >>> 0);
  gpu.atomicMax(au, 3, v >>> 0);
  gpu.atomicOr(au, 4, 1 << (i & 31));
  gpu.atomicXor(au, 5, v >>> 0);
  gpu.atomicAdd(af, 0, f32(v) * 0.5);
  gpu.atomicMin(af, 1, v);
  gpu.atomicMax(af, 2, -v);
  gpu.atomicSub(af, 3, 0.25);
  gpu.atomicAdd(ad, 0, v * 0.125);
  gpu.atomicMin(ad, 1, v / 3);
  gpu.atomicMax(ad, 2, -v / 3);
  gpu.atomicSub(ad, 3, v);
  const b = BigInt(v);
  gpu.atomicAdd(al, 0, b * 1000000000000n);
  gpu.atomicMin(al, 1, b << 40n);
  gpu.atomicMax(al, 2, -(b << 40n));
  gpu.atomicXor(al, 3, b);
  gpu.atomicAnd(al, 4, ~(1n << BigInt(i)));
  gpu.atomicAdd(aul, 0, BigInt.asUintN(64, b));
  gpu.atomicOr(aul, 1, 1n << BigInt(i));
  gpu.atomicMax(aul, 2, BigInt.asUintN(64, b));
  gpu.atomicMin(aul, 3, BigInt.asUintN(64, b));
}`,
    grid: 2,
    block: 32,
    args: () => [
      ints(64, (i) => ((i * 2654435761) % 100003) - 50000),
      Int32Array.of(0, 0, 2147483647, -2147483648, -1, 0, 0),
      Uint32Array.of(0, 10, 4294967295, 0, 0, 0),
      Float32Array.of(0, Infinity, -Infinity, 0),
      Float64Array.of(0, Infinity, -Infinity, 0),
      BigInt64Array.of(0n, 9223372036854775807n, -9223372036854775808n, 0n, -1n),
      BigUint64Array.of(0n, 0n, 0n, 18446744073709551615n),
    ],
  },
  {
    name: 'atomicCAS on i32, u32, f32, f64, i64 and u64: one winner per slot, the winner found from the old value',
    // Every thread of a slot offers the same value, so the slot ends the same whoever wins (with
    // each thread's index offered, an H100 let thread 32 win where JavaScript's order lets 0).
    text: `function k(slots, wi, wu, wf, wd, wl, wul) {
  const t = gpu.threadIdx.x;
  const s = t & 3;
  if (gpu.atomicCAS(wi, s, -1, s + 10) === -1) gpu.atomicAdd(slots, s, 1);
  if (gpu.atomicCAS(wu, s, 4294967295, s + 10) === 4294967295) gpu.atomicAdd(slots, 4 + s, 1);
  if (gpu.atomicCAS(wf, s, -0, s + 0.5) === 0) gpu.atomicAdd(slots, 8 + s, 1);
  if (Number.isNaN(gpu.atomicCAS(wd, s, NaN, s))) gpu.atomicAdd(slots, 12 + s, 1);
  if (gpu.atomicCAS(wl, s, -5n, BigInt(s)) === -5n) gpu.atomicAdd(slots, 16 + s, 1);
  if (gpu.atomicCAS(wul, s, 18446744073709551615n, 7n) === 18446744073709551615n) gpu.atomicAdd(slots, 20 + s, 1);
}`,
    grid: 1,
    block: 64,
    args: () => [
      new Int32Array(24),
      Int32Array.of(-1, -1, -1, -1),
      Uint32Array.of(4294967295, 4294967295, 4294967295, 4294967295),
      Float32Array.of(0, -0, 0, -0),
      Float64Array.of(Number.NaN, Number.NaN, 0, 1),
      BigInt64Array.of(-5n, -5n, -5n, 0n),
      BigUint64Array.of(18446744073709551615n, 0n, 18446744073709551615n, 18446744073709551615n),
    ],
  },
  {
    name: 'a butterfly all-reduce of f64 maxima and i32 sums with shuffleXor, a ballot of NaN predicates and voteAll in a partial warp',
    text: `function k(x, o) {
  const t = gpu.threadIdx.x;
  const v = x[t];
  let m = v;
  let s = t * 3 - 40;
  for (let d = 1; d < 32; d <<= 1) {
    m = Math.max(m, gpu.shuffleXor(m, d));
    s += gpu.shuffleXor(s, d);
  }
  const nanMask = gpu.ballot(v);
  const allBig = gpu.voteAll(v > -1e300);
  o[t * 4] = m;
  o[t * 4 + 1] = s;
  o[t * 4 + 2] = Number(nanMask & 0xffffffffn) + Number(nanMask >> 32n) * 2 ** 32;
  o[t * 4 + 3] = allBig ? 1 : gpu.voteAny(v !== v) ? -1 : 0;
}`,
    grid: 1,
    block: 48,
    args: () => [
      Float64Array.from({ length: 48 }, (_, i) =>
        i === 7 ? Number.NaN : i === 40 ? -0 : i === 44 ? 0 : Math.sin(i) * 100,
      ),
      new Float64Array(192),
    ],
  },
  {
    name: 'shuffleUp and shuffleDown with distance 0 and the width, shuffle of a lane computed from laneId with % and & 31',
    text: `function k(x, o) {
  const t = gpu.threadIdx.x;
  const v = x[t];
  o[t * 5] = gpu.shuffleUp(v, 0);
  o[t * 5 + 1] = gpu.shuffleDown(v, 0);
  o[t * 5 + 2] = gpu.shuffleUp(v, gpu.warpSize - 1);
  o[t * 5 + 3] = gpu.shuffle(v, (gpu.laneId * 5 + 3) % gpu.warpSize);
  o[t * 5 + 4] = gpu.shuffle(v, (gpu.laneId + 17) & 31);
}`,
    grid: 1,
    block: 64,
    args: () => [Int32Array.from({ length: 64 }, (_, i) => i * i - 1000), new Int32Array(320)],
  },
  {
    name: 'f16 and bf16 elements: compound assignments, ++, Math.min and max, stores past 65504 and of subnormals',
    text: `function k(h, b, o) {
  const t = gpu.threadIdx.x;
  h[t] += 0.1;
  h[t + 8]++;
  b[t] *= 3;
  b[t + 8] -= 1e-3;
  o[t * 4] = Math.min(h[t], b[t]);
  o[t * 4 + 1] = Math.max(h[t + 8], b[t + 8]);
  h[t + 16] = h[t] * 1000 + t * 1e-7;
  b[t + 16] = b[t] * 1e30;
  o[t * 4 + 2] = h[t + 16];
  o[t * 4 + 3] = b[t + 16];
}`,
    grid: 1,
    block: 8,
    args: () => {
      const vals = [0, -0, 1, 65504, -2.5, 6e-8, 1e-5, 300];
      const h = Float16Bits.from([...vals, ...vals.map((v) => v * 2), ...vals.map(() => 0)]);
      const b = BFloat16Bits.from([...vals, ...vals.map((v) => -v * 1e20), ...vals.map(() => 0)]);
      return [h, b, new Float32Array(32)];
    },
  },
  {
    name: 'vector-shaped accesses: four neighbours through a row of n & -4, a local Float32Array of 4, pairs of f64',
    text: `function k(a, y, d, e, n) {
  const t = gpu.globalIdx.x;
  const row = t >> 1;
  const base = row * (n & -4) + 4 * (t & 1);
  const v = new Float32Array(4);
  for (let k = 0; k < 4; k++) v[k] = a[base + k];
  for (let k = 0; k < 4; k++) y[base + k] = v[k] * v[3 - k] - k;
  const j = 2 * t;
  const d0 = d[j], d1 = d[j + 1];
  e[j] = d1;
  e[j + 1] = d0 - d1;
}`,
    grid: 2,
    block: 8,
    args: () => [
      Float32Array.from({ length: 64 }, (_, i) => i * 0.5 - 7),
      new Float32Array(64),
      Float64Array.from({ length: 32 }, (_, i) => i * 1.25),
      new Float64Array(32),
      8,
    ],
  },
  {
    name: 'subarrays at odd element offsets of Int32 and Float64 buffers: lengths, reversed copies and a prefix sum',
    text: `function k(a, b, c, o) {
  const t = gpu.threadIdx.x;
  if (t === 0) {
    o[0] = a.length;
    o[1] = b.length;
    o[2] = c.length;
    let s = 0;
    for (let i = 0; i < a.length; i++) {
      s += a[i];
      c[i] = s;
    }
  }
  if (t < b.length) o[3 + t] = b[b.length - 1 - t] * 2;
}`,
    grid: 1,
    block: 16,
    args: () => {
      const ib = Int32Array.from({ length: 40 }, (_, i) => i * 3 - 17);
      const fb = Float64Array.from({ length: 30 }, (_, i) => i / 4);
      return [
        ib.subarray(5, 18),
        fb.subarray(3, 14),
        new Float64Array(50).subarray(7, 27),
        new Float64Array(20),
      ];
    },
  },
  {
    name: 'a Float64Array and an Int32Array over the same bytes as two arguments: words written, doubles read back',
    text: `function k(d, w, o) {
  const t = gpu.threadIdx.x;
  w[2 * t] = t * 1000 + 1;
  w[2 * t + 1] = t % 3 === 0 ? 0x7ff00000 : t % 3 === 1 ? -2147483648 : 0x3ff00000 + (t << 12);
  o[t] = d[t];
  o[8 + t] = gpu.highWord(d[t]);
  o[16 + t] = gpu.lowWord(d[t]);
}`,
    grid: 1,
    block: 8,
    args: () => {
      const buffer = new ArrayBuffer(64);
      return [new Float64Array(buffer), new Int32Array(buffer), new Float64Array(24)];
    },
  },
  {
    name: "gpu's namespace read in unusual ways: destructured threadIdx, a const alias of globalIdx, gpu['barrier'](), gpu.fma of integers",
    text: `function k(x, o) {
  const { x: tx } = gpu.threadIdx;
  const g = gpu.globalIdx;
  const dims = gpu.blockDim;
  const s = gpu.sharedArray(Int32Array, 32);
  s[tx] = x[g.x];
  gpu['barrier']();
  const left = s[(tx + dims.x - 1) % dims.x];
  o[g.x] = gpu.fma(left, 3, s[tx]) + gpu.warpSize * 0 + gpu['laneId'];
}`,
    grid: 2,
    block: 32,
    args: () => [ints(64, (i) => i * i - 500), new Float32Array(64)],
  },
  {
    name: 'gpu.fromWords of highWord and lowWord round-trips NaN payloads, -0 and subnormals; words stepped across a carry',
    text: `function k(x, o, w) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  const hi = gpu.highWord(v), lo = gpu.lowWord(v);
  const back = gpu.fromWords(hi, lo);
  o[i * 3] = back;
  o[i * 3 + 1] = 1 / back;
  const carry = lo === 4294967295;
  o[i * 3 + 2] = gpu.fromWords(carry ? hi + 1 : hi, carry ? 0 : lo + 1);
  w[i * 2] = hi;
  w[i * 2 + 1] = lo;
}`,
    grid: 1,
    block: 8,
    args: () => {
      const x = new Float64Array(8);
      const words = new Uint32Array(x.buffer);
      const set = (i: number, hi: number, lo: number) => {
        words[2 * i] = lo;
        words[2 * i + 1] = hi;
      };
      set(0, 0x7ff80000, 1);
      set(1, 0xfff00000, 0x12345);
      set(2, 0x80000000, 0);
      set(3, 0, 1);
      set(4, 0x000fffff, 0xffffffff);
      set(5, 0x3ff00000, 0xffffffff);
      set(6, 0x7fefffff, 0xffffffff);
      set(7, 0xbff00000, 0);
      return [x, new Float64Array(24), new Uint32Array(16)];
    },
  },
  {
    name: 'TypeScript arrow kernel: typed destructuring of a record, as const tuples, optional chaining free, a generic helper type',
    file: 'outside.ts',
    text: `<T extends Float32Array>(x: T, out: Int32Array, params: { lo: number; hi: number }): void => {
  const i: number = gpu.globalIdx.x;
  if (i >= x.length) return;
  const { lo, hi }: { lo: number; hi: number } = params;
  const taps = [1, -2, 1] as const;
  let acc: number = 0;
  for (let k: number = 0; k < taps.length; k++) {
    const j: number = Math.min(Math.max(i + k - 1, 0), x.length - 1);
    acc += taps[k] * (x[j] as number);
  }
  const clamped = (acc < lo ? lo : acc > hi ? hi : acc) satisfies number;
  out[i] = Math.round(clamped * 16) as number;
}`,
    grid: 1,
    block: 16,
    args: () => [
      Float32Array.from({ length: 13 }, (_, i) => Math.cos(i) * 4),
      new Int32Array(13),
      { lo: -3, hi: 2.5 },
    ],
  },
  {
    name: 'TypeScript function with overload-free unions, a tuple type, a definite assignment, a type alias free cast chain',
    file: 'outside.ts',
    text: `function k(a: Uint32Array, o: Uint32Array, pair: [number, number]): void {
  const t = gpu.threadIdx.x as number;
  let h!: number;
  const [mul, add]: readonly [number, number] = pair;
  h = (a[t]! ^ (a[t]! >>> 16)) >>> 0;
  h = Math.imul(h, mul) >>> 0;
  h = (h + (add as unknown as number)) >>> 0;
  o[t] = (<number>h) % 1000003;
}`,
    grid: 1,
    block: 16,
    args: () => [
      Uint32Array.from({ length: 16 }, (_, i) => (i * 0x9e3779b9) >>> 0),
      new Uint32Array(16),
      [0x85ebca6b | 0, 12345],
    ],
  },
  {
    name: 'itoa into bytes: signed decimal of i32 values (MIN excluded), then reversed in place, lengths stored',
    text: `function k(x, out, lens) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const W = 12;
  let v = x[i];
  const neg = v < 0;
  if (neg) v = -v;
  let n = 0;
  do {
    out[i * W + n++] = 48 + (v % 10);
    v = (v / 10) | 0;
  } while (v !== 0);
  if (neg) out[i * W + n++] = 45;
  for (let a = i * W, b = i * W + n - 1; a < b; a++, b--) {
    const c = out[a];
    out[a] = out[b];
    out[b] = c;
  }
  lens[i] = n;
}`,
    grid: 1,
    block: 8,
    args: () => [
      Int32Array.of(0, -1, 7, -2147483647, 2147483647, 1000000, -90, 5),
      new Uint8Array(96),
      new Int32Array(8),
    ],
  },
  {
    name: 'hex digits of u32 words with >>> and a table of character codes from the scope, eight per word',
    text: `function k(x, out) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  for (let d = 0; d < 8; d++) out[i * 8 + d] = HEX[(v >>> (28 - 4 * d)) & 15];
}`,
    grid: 1,
    block: 8,
    scope: () => ({ HEX: Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0)) }),
    args: () => [Uint32Array.of(0, 4294967295, 0xdeadbeef, 1, 0x80000000, 0x0badf00d), new Uint8Array(48)],
  },
  {
    name: 'f32 Math.min, max, sign and round over NaN, -0 and infinities, ternaries of f32 and i32 stored to f32',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  const n = x.length;
  if (i >= n * n) return;
  const a = x[(i / n) | 0], b = x[i % n];
  o[i * 4] = Math.min(a, b);
  o[i * 4 + 1] = Math.max(a, b);
  o[i * 4 + 2] = Math.sign(a) * Math.round(b);
  o[i * 4 + 3] = a < b ? a : i;
}`,
    grid: 4,
    block: 64,
    args: () => [
      Float32Array.of(
        0,
        -0,
        1,
        -1,
        0.5,
        -0.5,
        2.5,
        -2.5,
        NaN,
        Infinity,
        -Infinity,
        3.4e38,
        -1e-45,
        16777216,
        8388608.5 - 0.5,
      ),
      new Float32Array(900),
    ],
  },
  {
    name: 'a shared counter per block claimed with atomicAdd, slots compacted in order by a block scan of flags (stream compaction)',
    text: `function k(x, out, count) {
  const flags = gpu.sharedArray(Int32Array, 64);
  const t = gpu.threadIdx.x;
  const i = gpu.globalIdx.x;
  const keep = i < x.length && x[i] % 3 !== 0;
  flags[t] = keep ? 1 : 0;
  gpu.barrier();
  for (let d = 1; d < 64; d <<= 1) {
    const v = t >= d ? flags[t - d] : 0;
    gpu.barrier();
    flags[t] += v;
    gpu.barrier();
  }
  if (keep) out[gpu.blockIdx.x * 64 + flags[t] - 1] = x[i];
  if (t === 63) gpu.atomicAdd(count, 0, flags[63]);
}`,
    grid: 3,
    block: 64,
    args: () => [ints(150, (i) => (i * 17) % 41), new Int32Array(192), new Int32Array(1)],
  },
  {
    name: 'a dynamic shared Float32Array sized at launch: a block-wide max and argmax with ties to the lowest index',
    text: `function k(x, best, at) {
  const s = gpu.dynamicSharedArray(Float32Array);
  const n = gpu.blockDim.x;
  const t = gpu.threadIdx.x;
  const i = gpu.globalIdx.x;
  s[t] = i < x.length ? x[i] : -Infinity;
  s[n + t] = i;
  gpu.barrier();
  for (let st = n >> 1; st > 0; st >>= 1) {
    if (t < st) {
      const a = s[t], b = s[t + st];
      if (b > a || (b === a && s[n + t + st] < s[n + t])) {
        s[t] = b;
        s[n + t] = s[n + t + st];
      }
    }
    gpu.barrier();
  }
  if (t === 0) {
    best[gpu.blockIdx.x] = s[0];
    at[gpu.blockIdx.x] = s[n];
  }
}`,
    grid: 3,
    block: 32,
    sharedBytes: 256,
    args: () => [
      Float32Array.from({ length: 90 }, (_, i) => ((i * 37) % 11) - (i === 50 ? 100 : 0)),
      new Float32Array(3),
      new Int32Array(3),
    ],
  },
  {
    name: 'a Uint16 shared histogram of 10-bit values with atomics through a u32 view: rejected or counted, never torn',
    text: `function k(x, hist) {
  const h = gpu.sharedArray(Uint32Array, 64);
  const t = gpu.threadIdx.x;
  h[t] = 0;
  gpu.barrier();
  for (let i = gpu.globalIdx.x; i < x.length; i += gpu.blockDim.x * gpu.gridDim.x) gpu.atomicAdd(h, x[i] >> 4, 1);
  gpu.barrier();
  gpu.atomicAdd(hist, t, h[t]);
}`,
    grid: 2,
    block: 64,
    args: () => [Uint16Array.from({ length: 1000 }, (_, i) => (i * 7919) & 1023), new Uint32Array(64)],
  },
  {
    name: 'early return of whole warps after a vote, shuffles among the warps that stay, a barrier-free block',
    text: `function k(x, o) {
  const t = gpu.threadIdx.x;
  const v = x[gpu.globalIdx.x];
  if (gpu.voteAll(v >= 0)) return;
  let s = v;
  for (let d = 16; d >= 1; d >>= 1) s += gpu.shuffleDown(s, d);
  const first = gpu.shuffle(v, 0);
  if (gpu.laneId === 0) o[gpu.blockIdx.x * 4 + (t >> 5)] = s * 1000 + first;
}`,
    grid: 2,
    block: 128,
    args: () => [ints(256, (i) => ((i >> 5) % 3 === 1 ? (i % 7) - 3 : i % 5)), new Int32Array(8)],
  },
  {
    name: 'labelled break out of a switch in a for, continue of an outer while from inside a do-while, a labelled if',
    text: `function k(x, o) {
  const t = gpu.threadIdx.x;
  let i = 0, acc = 0, rounds = 0;
  outer: while (i < x.length) {
    rounds++;
    const v = x[i++];
    guard: if (v > 0) {
      if (v > 50) break guard;
      acc += v;
    }
    scan: for (let j = 0; j < 4; j++) {
      switch ((v + j + t) & 3) {
        case 0:
          break scan;
        case 1:
          acc ^= j;
          break;
        case 2:
          let k = 0;
          do {
            if (k === t % 3) continue outer;
            k++;
          } while (k < 3);
          acc -= 1;
        default:
          acc += 2;
      }
    }
    acc = (acc * 3) | 0;
  }
  o[t] = acc * 100 + rounds;
}`,
    grid: 1,
    block: 12,
    args: () => [Int32Array.of(3, -4, 60, 7, 0, 12, -9, 99, 5), new Int32Array(12)],
  },
  {
    name: 'a xorshift32 generator per thread and a murmur3 finaliser, in u32 with >>> 0 and Math.imul, 100 steps',
    text: `function k(seeds, o) {
  const t = gpu.globalIdx.x;
  if (t >= seeds.length) return;
  let s = seeds[t] | 1;
  let sum = 0;
  for (let i = 0; i < 100; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    let h = s >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    sum = (sum + (h >>> 0)) % 4294967291;
  }
  o[t] = sum;
}`,
    grid: 2,
    block: 32,
    args: () => [Uint32Array.from({ length: 50 }, (_, i) => (i * 2654435769) >>> 0), new Float64Array(50)],
  },
  {
    name: 'a linear congruential generator in i32 with | 0 and in u64 BigInts with asUintN, side by side',
    text: `function k(o, big) {
  const t = gpu.threadIdx.x;
  let a = t * 7 + 1;
  let b = BigInt.asUintN(64, BigInt(t) * 7n + 1n);
  for (let i = 0; i < 40; i++) {
    a = (Math.imul(a, 1103515245) + 12345) | 0;
    b = BigInt.asUintN(64, b * 6364136223846793005n + 1442695040888963407n);
  }
  o[t] = a;
  big[t] = b;
}`,
    grid: 1,
    block: 16,
    args: () => [new Int32Array(16), new BigUint64Array(16)],
  },
  {
    name: 'BigInt64 wrapping: i64 sums past the maximum, negation of the minimum, asIntN(32) and asUintN(16) of negatives',
    text: `function k(a, o) {
  const i = gpu.globalIdx.x;
  if (i >= a.length) return;
  const v = a[i];
  o[i * 6] = v + 9223372036854775807n;
  o[i * 6 + 1] = -v;
  o[i * 6 + 2] = v * v;
  o[i * 6 + 3] = BigInt.asIntN(32, v);
  o[i * 6 + 4] = BigInt.asUintN(16, v);
  o[i * 6 + 5] = (v >> 3n) ^ (v << 61n);
}`,
    grid: 1,
    block: 8,
    args: () => [
      BigInt64Array.of(
        0n,
        1n,
        -1n,
        -9223372036854775808n,
        9223372036854775807n,
        4294967296n,
        -65537n,
        3037000500n,
      ),
      new BigInt64Array(48),
    ],
  },
  {
    name: 'integer powers with **: 2 ** 31 | 0, (-2) ** 31, odd powers of negatives, exact squares past 2^53 rounded',
    text: `function k(a, o) {
  const i = gpu.globalIdx.x;
  if (i >= a.length) return;
  const x = a[i];
  o[i * 5] = (2 ** x) | 0;
  o[i * 5 + 1] = (-2) ** x;
  o[i * 5 + 2] = x ** 2;
  o[i * 5 + 3] = (x * 100003) ** 3;
  o[i * 5 + 4] = x ** -2;
}`,
    grid: 1,
    block: 8,
    args: () => [Int32Array.of(0, 1, 31, 32, -1, 53, -3, 1000), new Float64Array(40)],
    // `**` is pow: within 2 ulps (an H100 gave 31 ** -2 one ulp low).
    ulps: 2,
  },
  {
    name: 'Math.clz32 log2 floor, highest and lowest set bits, popcount of u32 and i32 with 0, -1 and the sign bit',
    text: `function k(a, o) {
  const i = gpu.globalIdx.x;
  if (i >= a.length) return;
  const x = a[i];
  o[i * 5] = 31 - Math.clz32(x);
  o[i * 5 + 1] = x === 0 ? -1 : 31 - Math.clz32(x & -x);
  o[i * 5 + 2] = gpu.popcount(x);
  o[i * 5 + 3] = gpu.popcount(x >>> 0) + gpu.popcount(~x);
  o[i * 5 + 4] = Math.clz32(x >>> 1) - Math.clz32(x << 1);
}`,
    grid: 1,
    block: 8,
    args: () => [
      Int32Array.of(0, -1, -2147483648, 1, 2147483647, 0x00f0f000, -4096, 12345678),
      new Int32Array(40),
    ],
  },
  {
    name: 'a 2-D view with odd extents written by a 2-D launch with partial blocks, read back transposed through get',
    text: `function k(m, t, rows, cols) {
  const r = gpu.globalIdx.y, c = gpu.globalIdx.x;
  if (r < rows && c < cols) m.set(r, c, r * 100 + c - m.get(r, c));
  if (r < cols && c < rows) t.set(r, c, m.length - c * r);
}`,
    grid: [2, 3],
    block: [4, 3],
    args: () => [
      view(
        Float32Array.from({ length: 35 }, (_, i) => i % 4),
        5,
        7,
      ),
      view(new Float32Array(35), 7, 5),
      5,
      7,
    ],
  },
  {
    name: 'a device function with a default reading gpu.threadIdx.x, one returning a record from inside a loop, and a call in a ternary',
    text: `function k(x, o) {
  const t = gpu.threadIdx.x;
  const r = firstAbove(x, x[t]);
  o[t * 3] = r.found ? r.at : -1;
  o[t * 3 + 1] = r.at > 4 ? shift(x[t]) : shift(x[t], 100);
  o[t * 3 + 2] = t > 3 && bump(o, t) > 0 ? 1 : 0;
}`,
    grid: 1,
    block: 8,
    scope: () => ({ firstAbove, shift, bump }),
    args: () => [Int32Array.of(5, 3, 9, 1, 7, 7, 2, 8), new Int32Array(24)],
  },
  {
    name: 'a loop variable merged from f32 and i32 paths, a counter that turns float, and a ternary of f32 and u32 accumulated',
    text: `function k(f, u, o) {
  const t = gpu.threadIdx.x;
  let acc = 0;
  let x = t;
  for (let i = 0; i < 6; i++) {
    x = i % 2 === 0 ? f[(t + i) & 7] : x | 0;
    acc += (i & 1) === 0 ? f[i] : u[i];
  }
  o[t * 2] = x;
  o[t * 2 + 1] = acc;
}`,
    grid: 1,
    block: 8,
    args: () => [
      Float32Array.of(0.5, -1.25, 3.75, 1e10, -0, 2.5, -7.5, 16777217),
      Uint32Array.of(4294967295, 1, 2, 3000000000, 4, 5, 6, 7),
      new Float64Array(16),
    ],
  },
  {
    name: 'Number predicates and conversions of f32 and integer elements: isInteger, isFinite, isNaN, Number() of u32',
    text: `function k(f, u, o) {
  const i = gpu.globalIdx.x;
  if (i >= f.length) return;
  const v = f[i];
  let bits = 0;
  if (Number.isInteger(v)) bits |= 1;
  if (Number.isFinite(v)) bits |= 2;
  if (Number.isNaN(v)) bits |= 4;
  if (Number.isInteger(u[i])) bits |= 8;
  if (Number.isFinite(u[i] / 0)) bits |= 16;
  if (Number.isInteger(Number(v) / 2)) bits |= 32;
  o[i * 2] = bits;
  o[i * 2 + 1] = Number(u[i]) - v;
}`,
    grid: 1,
    block: 8,
    args: () => [
      Float32Array.of(0, -0, 1.5, NaN, Infinity, 16777216, 3.4e38, -1e-45),
      Uint32Array.of(0, 4294967295, 1, 2, 3, 2147483648, 7, 8),
      new Float64Array(16),
    ],
  },
  {
    name: 'block-scoped lets shadowing in nested blocks and switch case blocks, a const per loop iteration',
    text: `function k(x, o) {
  const t = gpu.threadIdx.x;
  let v = x[t];
  let out = 0;
  {
    let v = t * 2;
    out += v;
    {
      const v = 100;
      out += v;
    }
    out += v;
  }
  switch (v & 3) {
    case 0: {
      let w = v * 3;
      out += w;
      break;
    }
    case 1: {
      let w = v - 3;
      out -= w;
    }
    default: {
      const w = 7;
      out += w;
    }
  }
  for (let i = 0; i < 3; i++) {
    const v = i * t;
    out += v;
  }
  o[t] = out + v;
}`,
    grid: 1,
    block: 8,
    args: () => [Int32Array.of(0, 1, 2, 3, 4, 5, -6, -7), new Int32Array(8)],
  },
  {
    name: 'a warp-segmented sum: segment heads from a ballot, the segment start lane by clz32 of the mask below',
    text: `function k(x, head, o) {
  const lane = gpu.laneId;
  const mask = gpu.ballot(head[gpu.globalIdx.x] !== 0);
  const low = Number(mask & 0xffffffffn);
  const below = lane === 31 ? low : low & ((1 << (lane + 1)) - 1);
  const start = 31 - Math.clz32(below | 1);
  let v = x[gpu.globalIdx.x];
  for (let d = 1; d < 32; d <<= 1) {
    const up = gpu.shuffleUp(v, d);
    if (lane - d >= start) v += up;
  }
  o[gpu.globalIdx.x] = v;
}`,
    grid: 1,
    block: 64,
    args: () => [
      Int32Array.from({ length: 64 }, (_, i) => (i % 5) + 1),
      Uint8Array.from({ length: 64 }, (_, i) => (i % 7 === 3 || i === 40 ? 1 : 0)),
      new Int32Array(64),
    ],
  },
  {
    name: 'f32 elements: -0 made by products and sums, 1 / x of it, Math.fround of halves between f32 values',
    text: `function k(f, o, d) {
  const i = gpu.globalIdx.x;
  if (i >= f.length) return;
  const v = f[i];
  o[i * 4] = v * -0;
  o[i * 4 + 1] = -0 + v * 0;
  o[i * 4 + 2] = 1 / (v * 0);
  o[i * 4 + 3] = Math.fround(v + 2 ** -24);
  d[i] = 1 / Math.min(v * 0, -v * 0);
}`,
    grid: 1,
    block: 8,
    args: () => [
      Float32Array.of(1, -1, 0, -0, 0.5, -3.5, Infinity, NaN),
      new Float32Array(32),
      new Float64Array(8),
    ],
  },
  {
    name: 'shared u32 flags set with atomicOr by every thread, a barrier, then a per-block bitmap reduction with popcount',
    text: `function k(x, o) {
  const bits = gpu.sharedArray(Uint32Array, 4);
  const t = gpu.threadIdx.x;
  if (t < 4) bits[t] = 0;
  gpu.barrier();
  const v = x[gpu.globalIdx.x];
  gpu.atomicOr(bits, (v >> 5) & 3, 1 << (v & 31));
  gpu.barrier();
  if (t === 0) {
    let total = 0;
    for (let w = 0; w < 4; w++) total += gpu.popcount(bits[w]);
    o[gpu.blockIdx.x * 5] = total;
    for (let w = 0; w < 4; w++) o[gpu.blockIdx.x * 5 + 1 + w] = bits[w];
  }
}`,
    grid: 3,
    block: 96,
    args: () => [Int32Array.from({ length: 288 }, (_, i) => (i * 53) % 128), new Uint32Array(15)],
  },
  {
    name: 'a grid larger than the work: whole blocks idle past n, a grid-stride loop over 2-D indices with a 3-D grid',
    text: `function k(o, w, h) {
  const threads = gpu.blockDim.x * gpu.gridDim.x * gpu.gridDim.y * gpu.gridDim.z;
  const id = ((gpu.blockIdx.z * gpu.gridDim.y + gpu.blockIdx.y) * gpu.gridDim.x + gpu.blockIdx.x) * gpu.blockDim.x + gpu.threadIdx.x;
  for (let k = id; k < w * h; k += threads) {
    const x = k % w, y = (k / w) | 0;
    o[k] = x * y - id;
  }
}`,
    grid: [3, 2, 2],
    block: 32,
    args: () => [new Int32Array(11 * 17), 11, 17],
  },
  {
    name: 'an f32 softmax of rows in shared memory: max, exp-free sums of squares, Math.fround at every step, a row per block',
    text: `function k(x, o, cols) {
  const s = gpu.sharedArray(Float32Array, 64);
  const t = gpu.threadIdx.x;
  const row = gpu.blockIdx.x;
  const v = t < cols ? x[row * cols + t] : -Infinity;
  s[t] = v;
  gpu.barrier();
  for (let st = 32; st > 0; st >>= 1) {
    if (t < st) s[t] = Math.max(s[t], s[t + st]);
    gpu.barrier();
  }
  const m = s[0];
  gpu.barrier();
  const d = t < cols ? Math.fround(v - m) : 0;
  s[t] = Math.fround(d * d);
  gpu.barrier();
  for (let st = 32; st > 0; st >>= 1) {
    if (t < st) s[t] = Math.fround(s[t] + s[t + st]);
    gpu.barrier();
  }
  if (t < cols) o[row * cols + t] = Math.fround(Math.fround(d * d) / s[0]);
}`,
    grid: 3,
    block: 64,
    args: () => [
      Float32Array.from({ length: 150 }, (_, i) => ((i * 13) % 17) * 0.25 - 2),
      new Float32Array(150),
      50,
    ],
  },
  {
    name: 'integer division idioms of i32 and u32 elements: (a / b) | 0, >>> 0, ~~, a / b stored into Int32Array, zero divisors',
    text: `function k(a, u, q, w) {
  const n = a.length;
  const i = gpu.globalIdx.x;
  if (i >= n * n) return;
  const x = a[(i / n) | 0], y = a[i % n];
  const s = u[(i / n) | 0], t = u[i % n];
  q[i * 4] = (x / y) | 0;
  q[i * 4 + 1] = ~~(s / y);
  q[i * 4 + 2] = x / t;
  q[i * 4 + 3] = (x / -7) >> 0;
  w[i * 2] = (x / y) >>> 0;
  w[i * 2 + 1] = s / t;
}`,
    grid: 4,
    block: 64,
    args: () => [
      Int32Array.of(0, 1, -1, 7, -7, 2147483647, -2147483648, 3, -3, 65536, 100, -100),
      Uint32Array.of(0, 1, 4294967295, 7, 2147483648, 2147483647, 3, 4294967294, 65536, 100, 5, 2),
      new Int32Array(576),
      new Uint32Array(288),
    ],
  },
  {
    name: 'f32 image ops: a box blur of a 2-D launch with clamped edges, divided by the count, gamma by Math.sqrt',
    text: `function k(img, out, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  let sum = 0;
  let count = 0;
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const xx = x + dx, yy = y + dy;
      if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
      sum += img[yy * w + xx];
      count++;
    }
  }
  out[y * w + x] = Math.sqrt(sum / count);
}`,
    grid: [2, 3],
    block: [8, 4],
    ulps: 2,
    args: () => [
      Float32Array.from({ length: 13 * 11 }, (_, i) => ((i * 7) % 10) * 0.5),
      new Float32Array(13 * 11),
      13,
      11,
    ],
  },
  {
    name: 'u32 bit packing: four bytes packed with << and |, unpacked with >>> and &, a byte swap compared with the original',
    text: `function k(x, packed, swapped, same) {
  const i = gpu.globalIdx.x;
  if (i * 4 + 3 >= x.length) return;
  const p = (x[i * 4] | (x[i * 4 + 1] << 8) | (x[i * 4 + 2] << 16) | (x[i * 4 + 3] << 24)) >>> 0;
  packed[i] = p;
  const s = ((p >>> 24) | ((p >>> 8) & 0xff00) | ((p << 8) & 0xff0000) | (p << 24)) >>> 0;
  swapped[i] = s;
  same[i] = ((s >>> 24) & 255) === x[i * 4] && (s & 255) === x[i * 4 + 3] ? 1 : 0;
}`,
    grid: 1,
    block: 16,
    args: () => [
      Int32Array.from({ length: 64 }, (_, i) => (i * 97 + 13) & 255),
      new Uint32Array(16),
      new Uint32Array(16),
      new Int32Array(16),
    ],
  },
  {
    name: 'an f32 parallel prefix maximum with shuffleUp, then the running argmax lane through a ballot',
    text: `function k(x, o, at) {
  const lane = gpu.laneId;
  const v = x[gpu.globalIdx.x];
  let m = v;
  for (let d = 1; d < 32; d <<= 1) {
    const up = gpu.shuffleUp(m, d);
    if (lane >= d) m = Math.max(m, up);
  }
  o[gpu.globalIdx.x] = m;
  const hits = gpu.ballot(v === m);
  const low = Number(hits & 0xffffffffn);
  const mask = lane === 31 ? low : low & ((2 << lane) - 1);
  at[gpu.globalIdx.x] = 31 - Math.clz32(mask);
}`,
    grid: 1,
    block: 64,
    args: () => [
      Float32Array.from({ length: 64 }, (_, i) => Math.fround(Math.cos(i * 0.7) * 10)),
      new Float32Array(64),
      new Int32Array(64),
    ],
  },
  {
    name: 'i32 overflow in sums wrapped by | 0 each step, a checksum (Adler-like) in u32 with % 65521, fletcher in i32',
    text: `function k(x, o) {
  const t = gpu.globalIdx.x;
  if (t >= 4) return;
  let h = 0, a = 1, b = 0, f1 = 0, f2 = 0;
  for (let i = t; i < x.length; i += 4) {
    h = (h * 31 + x[i]) | 0;
    a = (a + x[i]) % 65521;
    b = (b + a) % 65521;
    f1 = (f1 + x[i]) % 255;
    f2 = (f2 + f1) % 255;
  }
  o[t * 3] = h;
  o[t * 3 + 1] = ((b << 16) | a) >>> 0;
  o[t * 3 + 2] = (f2 << 8) | f1;
}`,
    grid: 1,
    block: 8,
    args: () => [
      Int32Array.from({ length: 500 }, (_, i) => (i * 7919 + 104729) % 65536),
      new Float64Array(12),
    ],
  },
  {
    name: 'f32 sign tricks: Math.sign of -0, Math.abs of -0 and NaN, copysign by division, -x of 0 stored and compared',
    text: `function k(x, o, bits) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  o[i * 4] = Math.sign(v);
  o[i * 4 + 1] = Math.abs(v);
  o[i * 4 + 2] = 1 / v > 0 ? Math.abs(v) : -Math.abs(v);
  o[i * 4 + 3] = -v;
  bits[i] = (v === 0 ? 1 : 0) | (v < 0 ? 2 : 0) | (1 / v < 0 ? 4 : 0);
}`,
    grid: 1,
    block: 8,
    args: () => [
      Float32Array.of(0, -0, 1.5, -2.5, NaN, -Infinity, 1e-45, -3.4e38),
      new Float32Array(32),
      new Int32Array(8),
    ],
  },
  {
    name: 'a counter started from a literal and stepped with ++, += and *= past 2^31 before any loop, then used as a bound',
    text: `function k(o) {
  const t = gpu.threadIdx.x;
  let big = 2147483647;
  big++;
  let wide = 65536;
  wide *= 65536;
  let low = -2147483648;
  low -= 1;
  let n = 3;
  n += t;
  let s = 0;
  for (let i = 0; i < n; i++) s += i;
  o[t * 4] = big + t;
  o[t * 4 + 1] = wide - t;
  o[t * 4 + 2] = low * 2;
  o[t * 4 + 3] = s;
}`,
    grid: 1,
    block: 4,
    args: () => [new Float64Array(16)],
  },
  {
    name: 'TypeScript text with a type alias and an interface declared inside the kernel, a typed record built from them',
    file: 'outside.ts',
    text: `function k(x: Float32Array, o: Int32Array): void {
  type Pair = [number, number];
  interface Span {
    lo: number;
    hi: number;
  }
  const i: number = gpu.globalIdx.x;
  if (i >= x.length) return;
  const span: Span = { lo: -2, hi: 2 };
  const p: Pair = [x[i] as number, i];
  const v = Math.min(Math.max(p[0], span.lo), span.hi);
  o[i] = Math.round(v * 100) + p[1] * 1000;
}`,
    grid: 1,
    block: 8,
    args: () => [Float32Array.of(0.5, -3, 2.25, 1.125, -0.75, 7, -2, 0), new Int32Array(8)],
  },
  {
    name: 'words of any number: highWord of f32 and u32 elements, fromWords with 0xffffffff and a fractional double word',
    text: `function k(f, u, o) {
  const i = gpu.globalIdx.x;
  if (i >= f.length) return;
  o[i * 3] = gpu.highWord(f[i]) + gpu.lowWord(u[i]);
  o[i * 3 + 1] = gpu.fromWords(0x3ff00000 + i, 0xffffffff) - 1;
  o[i * 3 + 2] = gpu.fromWords(f[i] * 4096, -1.5) * 0 + gpu.highWord(u[i] - 0.5);
}`,
    grid: 1,
    block: 8,
    args: () => [
      Float32Array.of(1.5, -0.1, 3e38, Number.NaN, -0, 1e-45, 65504, -7),
      Uint32Array.of(0, 1, 4294967295, 12345, 2147483648, 7, 8, 9),
      new Float64Array(24),
    ],
  },
  {
    name: 'code after a return and the untaken side of literal conditions, merging into a loop left by a labelled break',
    text: `function k(o, x) {
  const t = gpu.threadIdx.x;
  let i = x[t];
  if (false) i = 7;
  while (0) i = 9;
  if (t > 5) {
    o[t] = -1;
    return;
    i = 11;
  }
  let s = 0;
  outer: while (1) {
    for (;;) {
      s++;
      if (s > t + i) break outer;
      if (s & 1) continue outer;
    }
  }
  do {
    s += 100;
  } while (false);
  o[t] = i * 1000 + s;
}`,
    grid: 1,
    block: 8,
    args: () => [new Int32Array(8), Int32Array.of(1, 2, 3, 0, -1, 5, 6, 7)],
  },
];
