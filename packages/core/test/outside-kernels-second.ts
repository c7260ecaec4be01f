// The second round of kernels written apart from the corpus (outside-kernels.ts runs them with
// the first), from docs/language.md as a new user reads it: records and tuples through device
// functions, destructuring, switch and labels, integer and BigInt semantics, special values
// through Math, typed host values, atomics, and kernels that return a value.

import { f32, gpu, i16, u8, u32, view } from '../src/index.js';
import type { OutsideKernel } from './outside-kernels.js';

export const SECOND_ROUND: readonly OutsideKernel[] = [
  {
    name: 'records and tuples passed to and returned from device functions',
    text: `function k(a, o) {
  const t = gpu.threadIdx.x;
  const p = mk(a[t], a[t + 1]);
  const r = add(p, swap(p));
  const [m, n] = minmax(a[t], a[t + 2]);
  o[t * 4] = r.x; o[t * 4 + 1] = r.y; o[t * 4 + 2] = m; o[t * 4 + 3] = n;
}`,
    grid: 1,
    block: 6,
    scope: () => ({
      mk: (x: number, y: number) => ({ x, y }),
      swap: (p: { x: number; y: number }) => ({ x: p.y, y: p.x }),
      add: (p: { x: number; y: number }, q: { x: number; y: number }) => ({ x: p.x + q.x, y: p.y - q.y }),
      minmax: (a: number, b: number) => (a < b ? [a, b] : [b, a]),
    }),
    args: () => [Float64Array.of(3, -1, 4, 1, -5, 9, 2, -6), new Float64Array(24)],
  },
  {
    name: 'nested records and tuples captured from the scope, destructured',
    text: `function k(o) {
  const t = gpu.threadIdx.x;
  const [[a, b], { c }] = CONF;
  const s = PTS[1];
  o[t] = CFG.inner.scale * (s.x + s.y) + CFG.off + a * t + b - c + norm(PTS[2]);
}`,
    grid: 1,
    block: 6,
    scope: () => ({
      CONF: [[2, 0.5], { c: 3 }],
      CFG: { inner: { scale: 2.5 }, off: -1 },
      PTS: [
        { x: 1, y: 2 },
        { x: 3, y: 4 },
        { x: 6, y: 8 },
      ],
      norm: (p: { x: number; y: number }) => Math.sqrt(p.x * p.x + p.y * p.y),
    }),
    args: () => [new Float64Array(6)],
  },
  {
    name: 'destructured results of device functions returning tuples of records',
    text: `function k(pts, o) {
  const t = gpu.threadIdx.x;
  const [a, b, c] = tri(t);
  const { x, y } = centre(a, b, c);
  const [[p, q], r] = [[x, y], a.x];
  o[t * 3] = p; o[t * 3 + 1] = q; o[t * 3 + 2] = r + pts[t];
}`,
    grid: 1,
    block: 4,
    scope: () => ({
      tri: (t: number) => [
        { x: t, y: 0 },
        { x: t + 2, y: 0 },
        { x: t, y: 3 },
      ],
      centre: (a: { x: number; y: number }, b: { x: number; y: number }, c: { x: number; y: number }) => ({
        x: (a.x + b.x + c.x) / 3,
        y: (a.y + b.y + c.y) / 3,
      }),
    }),
    args: () => [Float64Array.of(1, 2, 3, 4), new Float64Array(12)],
  },
  {
    name: 'integer semantics: |0, >>>0, >> of negatives, imul, clz32, % and / of signed values',
    text: `function k(a, b, o) {
  const t = gpu.threadIdx.x;
  const x = a[t], y = b[t];
  const base = t * 12;
  o[base] = x | 0; o[base + 1] = x >>> 0; o[base + 2] = x >> 3; o[base + 3] = x >>> 3;
  o[base + 4] = Math.imul(x, y); o[base + 5] = Math.clz32(x); o[base + 6] = x % (y | 1); o[base + 7] = (x / y) | 0;
  o[base + 8] = x / y; o[base + 9] = x % -3; o[base + 10] = x << y; o[base + 11] = ~x;
}`,
    grid: 1,
    block: 8,
    args: () => [
      Int32Array.of(-7, 7, 0, -2147483648, 2147483647, -1, 5, -0x10000),
      Int32Array.of(2, -2, -3, -1, 0, 33, 0, 31),
      new Float64Array(96),
    ],
  },
  {
    name: 'i32 hashes wrapped with |0 and u32 products with >>> 0',
    text: `function k(a, o) {
  const t = gpu.threadIdx.x;
  let h = a[t];
  for (let i = 0; i < 100; i++) h = (h * 31 + i) | 0;
  o[t * 3] = h;
  let s = a[t];
  s += 2147483647; s = s | 0;
  o[t * 3 + 1] = s;
  o[t * 3 + 2] = Math.imul(u32(a[t]), 2654435761) >>> 0;
}`,
    grid: 1,
    block: 4,
    args: () => [Int32Array.of(1, -1, 2147483647, -2147483648), new Float64Array(12)],
  },
  {
    name: 'u32 arithmetic stored back into a Uint32Array',
    text: `function k(a, b, o) {
  const t = gpu.threadIdx.x;
  const x = a[t], y = b[t];
  o[t * 6] = x - y; o[t * 6 + 1] = x + y; o[t * 6 + 2] = Math.imul(x, y); o[t * 6 + 3] = x ^ y;
  o[t * 6 + 4] = (x - y) >>> 1; o[t * 6 + 5] = x > y ? x - y : y - x;
}`,
    grid: 1,
    block: 4,
    args: () => [
      Uint32Array.of(0, 1, 4294967295, 123456789),
      Uint32Array.of(1, 0, 4294967295, 987654321),
      new Uint32Array(24),
    ],
  },
  {
    name: 'NaN, -0 and Infinity through Math.min, max, sign, round, trunc, atan2 and hypot',
    text: `function k(a, o) {
  const t = gpu.threadIdx.x;
  const x = a[t], y = a[(t + 3) % a.length];
  const b = t * 12;
  o[b] = Math.min(x, y); o[b + 1] = Math.max(x, y); o[b + 2] = Math.sign(x); o[b + 3] = Math.round(x);
  o[b + 4] = Math.trunc(x); o[b + 5] = Math.atan2(x, y); o[b + 6] = Math.hypot(x, Infinity); o[b + 7] = Math.min(x, y, 0);
  o[b + 8] = Math.max(-0, x); o[b + 9] = Math.ceil(x); o[b + 10] = Math.hypot(x, NaN); o[b + 11] = Math.abs(x);
}`,
    grid: 1,
    block: 9,
    args: () => [
      Float64Array.of(
        0,
        -0,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        -0.5,
        0.5,
        -2.5,
        3,
      ),
      new Float64Array(108),
    ],
  },
  {
    name: 'f32 and f64 mixed through Math.fround and f32()',
    text: `function k(a, o, p) {
  const t = gpu.threadIdx.x;
  const x = a[t];
  const f = Math.fround(x);
  const g = Math.fround(Math.fround(f * f) + Math.fround(0.1));
  o[t * 3] = f; o[t * 3 + 1] = g; o[t * 3 + 2] = x - f;
  p[t] = f32(x) + 1;
}`,
    grid: 1,
    block: 6,
    args: () => [
      Float64Array.of(0.1, 1e40, -1e-46, 16777217, 3.4028235677973366e38, Number.NaN),
      new Float64Array(18),
      new Float32Array(6),
    ],
  },
  {
    name: 'BigInt i64 and u64: products, shifts, BigInt.asIntN and asUintN',
    text: `function k(a, b, o, u) {
  const t = gpu.threadIdx.x;
  const x = a[t], y = b[t];
  o[t * 6] = x * y; o[t * 6 + 1] = x << 5n; o[t * 6 + 2] = x >> 3n; o[t * 6 + 3] = x ^ y;
  o[t * 6 + 4] = BigInt.asIntN(8, x); o[t * 6 + 5] = BigInt.asIntN(64, x * y * y);
  u[t * 2] = u64(x) >> 1n; u[t * 2 + 1] = BigInt.asUintN(16, x) + BigInt.asUintN(64, x * x);
}`,
    grid: 1,
    block: 4,
    args: () => [
      BigInt64Array.of(-1n, 255n, -9223372036854775808n, 123456789012n),
      BigInt64Array.of(3n, -2n, -1n, 1000n),
      new BigInt64Array(24),
      new BigUint64Array(8),
    ],
  },
  {
    name: 'FNV-1a over bytes in u64, wrapped with BigInt.asUintN(64, ...)',
    text: `function k(s, o) {
  const t = gpu.threadIdx.x;
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i <= t; i++) { h ^= BigInt.asUintN(64, BigInt(s[i])); h = BigInt.asUintN(64, h * 0x100000001b3n); }
  o[t] = h;
}`,
    grid: 1,
    block: 8,
    args: () => [Uint8Array.of(104, 101, 108, 108, 111, 33, 0, 255), new BigUint64Array(8)],
  },
  {
    name: 'BigInt conversions, comparisons, powers and shift counts past the width',
    text: `function k(a, b, s, o, f) {
  const t = gpu.threadIdx.x;
  const x = a[t], y = b[t], c = s[t];
  o[t * 8] = x ** 3n; o[t * 8 + 1] = BigInt(t) - 3n; o[t * 8 + 2] = x < y ? x : y; o[t * 8 + 3] = -x;
  o[t * 8 + 4] = 1n << c; o[t * 8 + 5] = -1n >> c; o[t * 8 + 6] = 12345n >> c; o[t * 8 + 7] = -12345n << c;
  f[t] = Number(x) + Number(BigInt(t * 1000) << 20n) / 3;
}`,
    grid: 1,
    block: 6,
    args: () => [
      BigInt64Array.of(-3n, 2097152n, 9007199254740993n, -1n, 0n, 7n),
      BigInt64Array.of(5n, -7n, 1n, 0n, 2n, -2n),
      BigInt64Array.of(0n, 1n, 63n, 64n, 100n, -3n),
      new BigInt64Array(48),
      new Float64Array(6),
    ],
  },
  {
    name: 'u64 arithmetic wraps as BigUint64Array stores',
    text: `function k(a, b, o) {
  const t = gpu.threadIdx.x;
  const x = a[t], y = b[t];
  o[t * 6] = x + y; o[t * 6 + 1] = x * y; o[t * 6 + 2] = x / (y | 1n); o[t * 6 + 3] = x % (y | 1n); o[t * 6 + 4] = x << 4n; o[t * 6 + 5] = x >> 60n;
}`,
    grid: 1,
    block: 4,
    args: () => [
      BigUint64Array.of(2n ** 64n - 1n, 12345678901234567890n, 0n, 2n ** 63n),
      BigUint64Array.of(2n, 3n, 2n ** 64n - 1n, 2n ** 63n),
      new BigUint64Array(24),
    ],
  },
  {
    name: 'division by zero, % with negatives, and f64 % of -0 and infinities',
    text: `function k(a, b, f, g, o, q, r) {
  const t = gpu.threadIdx.x;
  const x = a[t], y = b[t];
  o[t * 4] = x / y; o[t * 4 + 1] = (x / y) | 0; o[t * 4 + 2] = Math.trunc(x / y); o[t * 4 + 3] = x / -y;
  q[t] = x % y;
  for (let j = 0; j < 6; j++) r[t * 6 + j] = f[t] % g[j];
}`,
    grid: 1,
    block: 6,
    args: () => [
      Int32Array.of(7, -7, 0, -4, 5, -2147483648),
      Int32Array.of(0, 2, -3, 2, -5, -1),
      Float64Array.of(-0, 5.5, -5.5, Number.POSITIVE_INFINITY, Number.NaN, 1e308),
      Float64Array.of(0, -0, 2, Number.NEGATIVE_INFINITY, 1e-308, -3),
      new Float64Array(24),
      new Int32Array(6),
      new Float64Array(36),
    ],
  },
  {
    name: 'ternaries merging i32, u32, f32 and literals',
    text: `function k(a, f, o) {
  const t = gpu.threadIdx.x;
  const i = a[t];
  const x = f[t];
  const v = t & 1 ? i : x;
  const w = t < 2 ? u32(i) : i;
  const z = t > 2 ? 0.5 : i;
  const b = t === 1 ? true : i > 0;
  o[t * 4] = v; o[t * 4 + 1] = w; o[t * 4 + 2] = z; o[t * 4 + 3] = b ? 1 : 0;
}`,
    grid: 1,
    block: 4,
    args: () => [
      Int32Array.of(-3, 16777217, -1, 7),
      Float32Array.of(0.1, 2.5, -0, Number.NaN),
      new Float64Array(16),
    ],
  },
  {
    name: 'switch with default first, a -0.5 case, NaN and blocks in cases',
    text: `function k(a, o) {
  const t = gpu.threadIdx.x;
  let r = 0;
  switch (a[t]) {
    default: r = -1;
    case 0: r += 1;
    case 1: { r *= 3; break; }
    case 2: case 3: r = 20;
    case -0.5: r += 0.5; break;
  }
  o[t] = r;
}`,
    grid: 1,
    block: 7,
    args: () => [Float64Array.of(0, 1, 2, 3, -0.5, 7, Number.NaN), new Float64Array(7)],
  },
  {
    name: 'switch on BigInts and booleans, continue from inside a switch',
    text: `function k(a, o) {
  const t = gpu.threadIdx.x;
  let s = 0;
  for (let i = 0; i < 6; i++) {
    switch (a[(t + i) % a.length]) {
      case 0n: continue;
      case -1n: s += 10; break;
      case 9007199254740993n: s += 100;
      default: s += 1;
    }
    s *= 2;
  }
  let b = 0;
  switch (t > 2) { case true: b = 1; break; case false: b = 2; }
  o[t] = s * 10 + b;
}`,
    grid: 1,
    block: 5,
    args: () => [BigInt64Array.of(0n, -1n, 9007199254740993n, 5n), new Int32Array(5)],
  },
  {
    name: 'labelled continue out of a do-while into a while, labelled break',
    text: `function k(o) {
  const t = gpu.threadIdx.x;
  let i = 0, s = 0;
  rows: while (i < 6) {
    i++;
    let j = 0;
    do {
      j++;
      if ((i + j) % 4 === t % 4) continue rows;
      if (j * i > 12) break rows;
      s += i * j;
    } while (j < 5);
  }
  o[t] = s * 100 + i;
}`,
    grid: 1,
    block: 8,
    args: () => [new Int32Array(8)],
  },
  {
    name: 'for(;;) with break, comma expressions, nested ternaries and integer powers',
    text: `function k(a, o) {
  const t = gpu.threadIdx.x;
  let n = t + 1, steps = 0;
  for (;;) { if (n === 1) break; n = n % 2 === 0 ? n / 2 : 3 * n + 1; steps++; }
  let x = 0, y = 0;
  for (let i = 0, j = 10; i < j; i++, j--) { x += i; y += j; }
  const c = a[t] < 0 ? -1 : a[t] === 0 ? 0 : a[t] < 10 ? 1 : 2;
  o[t * 4] = steps; o[t * 4 + 1] = t ** 2 + 2 ** t - (-2) ** t; o[t * 4 + 2] = x * 100 + y; o[t * 4 + 3] = c;
}`,
    grid: 1,
    block: 10,
    args: () => [Float64Array.of(-5, 0, 5, 50, -0, 9.5, 10, Number.NaN, -1e-9, 3), new Float64Array(40)],
  },
  {
    name: 'compound assignments and increments on array elements and variables',
    text: `function k(a, idx, o) {
  const t = gpu.threadIdx.x;
  a[idx[t]] += 1;
  a[idx[t] + 8] -= t;
  a[t + 16] **= 2;
  a[t + 16] %= 7;
  a[t + 24] ||= 5;
  a[t + 24] &&= a[t + 24] * 2;
  let i = t;
  const p = i++ + ++i;
  let j = t * 2;
  const q = j-- - --j;
  o[t * 3] = p; o[t * 3 + 1] = q; o[t * 3 + 2] = i * 100 + j;
}`,
    grid: 1,
    block: 8,
    args: () => [
      Float64Array.from({ length: 32 }, (_, i) => (i % 3) * 1.5),
      Int32Array.of(7, 6, 5, 4, 3, 2, 1, 0),
      new Int32Array(24),
    ],
  },
  {
    name: 'Infinity, NaN and large doubles into integer conversions',
    text: `function k(a, o) {
  const t = gpu.threadIdx.x;
  const v = a[t];
  o[t * 6] = v | 0; o[t * 6 + 1] = v >>> 0; o[t * 6 + 2] = i8(v); o[t * 6 + 3] = u16(v); o[t * 6 + 4] = ~~v; o[t * 6 + 5] = v << 0;
}`,
    grid: 1,
    block: 6,
    args: () => [
      Float64Array.of(
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        Number.NaN,
        2 ** 53 + 2,
        -(2 ** 32) - 5,
        1e20,
      ),
      new Float64Array(36),
    ],
  },
  {
    name: 'Math on integers keeps their types and -0',
    text: `function k(a, o) {
  const t = gpu.threadIdx.x;
  const x = a[t];
  o[t * 6] = Math.abs(x); o[t * 6 + 1] = Math.sign(-x * 0); o[t * 6 + 2] = Math.max(x, u32(3));
  o[t * 6 + 3] = Math.min(-x, 0); o[t * 6 + 4] = Math.round(x / 2); o[t * 6 + 5] = Math.trunc(-x / 4);
}`,
    grid: 1,
    block: 5,
    args: () => [Int32Array.of(0, -1, 5, -7, 2147483647), new Float64Array(30)],
  },
  {
    name: 'a shared-memory transpose of f64 tiles with padding',
    text: `function k(a, b, n) {
  const tile = gpu.sharedArray(Float64Array, 17 * 16);
  const tx = gpu.threadIdx.x, ty = gpu.threadIdx.y;
  const x = gpu.blockIdx.x * 16 + tx, y = gpu.blockIdx.y * 16 + ty;
  if (x < n && y < n) tile[ty * 17 + tx] = a[y * n + x];
  gpu.barrier();
  const x2 = gpu.blockIdx.y * 16 + tx, y2 = gpu.blockIdx.x * 16 + ty;
  if (x2 < n && y2 < n) b[y2 * n + x2] = tile[tx * 17 + ty];
}`,
    grid: [2, 2],
    block: [16, 16],
    args: () => [Float64Array.from({ length: 900 }, (_, i) => i * 1.5 - 7), new Float64Array(900), 30],
  },
  {
    name: 'a device function with shared memory and barriers (a block sum)',
    text: `function k(a, o) {
  const s = gpu.sharedArray(Float64Array, 64);
  const t = gpu.threadIdx.x;
  o[gpu.blockIdx.x * 64 + t] = blockSum(s, a[gpu.blockIdx.x * 64 + t], t);
}`,
    grid: 2,
    block: 64,
    scope: () => ({
      blockSum: new Function(`return function blockSum(s, v, t) {
  s[t] = v;
  gpu.barrier();
  for (let st = 32; st > 0; st >>= 1) { if (t < st) s[t] += s[t + st]; gpu.barrier(); }
  const r = s[0];
  gpu.barrier();
  return r;
}`)(),
    }),
    args: () => [Float64Array.from({ length: 128 }, (_, i) => i * 0.5), new Float64Array(128)],
  },
  {
    name: 'u32 atomics that wrap, and bit atomics with large literals',
    text: `function k(c) {
  const t = gpu.globalIdx.x;
  gpu.atomicSub(c, 0, 1);
  gpu.atomicOr(c, 1, 1 << (t & 31));
  gpu.atomicXor(c, 2, t * 2654435761);
  gpu.atomicAnd(c, 3, ~(1 << (t % 32)));
  gpu.atomicMax(c, 4, u32(t * 100000000));
  gpu.atomicAdd(c, 5, -3);
}`,
    grid: 2,
    block: 64,
    args: () => [Uint32Array.of(5, 0, 0, 4294967295, 0, 0)],
  },
  {
    name: 'float atomics of exact values, and old values of atomicExch',
    text: `function k(s, old) {
  const t = gpu.globalIdx.x;
  gpu.atomicAdd(s, 0, 0.25);
  gpu.atomicSub(s, 1, t);
  gpu.atomicMin(s, 2, -t - 0.5);
  old[t] = gpu.atomicExch(s, 3, 7) >= 0 ? 1 : 0;
}`,
    grid: 2,
    block: 32,
    args: () => [new Float64Array(4), new Int32Array(64)],
  },
  {
    name: 'a shared-memory histogram with atomics, merged into global memory',
    text: `function k(data, hist) {
  const local = gpu.sharedArray(Uint32Array, 8);
  const t = gpu.threadIdx.x;
  if (t < 8) local[t] = 0;
  gpu.barrier();
  for (let i = gpu.globalIdx.x; i < data.length; i += gpu.blockDim.x * gpu.gridDim.x) gpu.atomicAdd(local, data[i] & 7, 1);
  gpu.barrier();
  if (t < 8) gpu.atomicAdd(hist, t, local[t]);
}`,
    grid: 3,
    block: 32,
    args: () => [
      Int32Array.from({ length: 500 }, (_, i) => Math.imul(i, 40503) & 0xffff),
      new Uint32Array(8),
    ],
  },
  {
    name: 'BigInt atomics on i64 and u64 arrays',
    text: `function k(c, m) {
  const t = gpu.globalIdx.x;
  gpu.atomicAdd(c, 0, BigInt(t) * 1000000000000n);
  gpu.atomicMax(c, 1, BigInt(t * t) - 50n);
  gpu.atomicXor(m, 0, 1n << BigInt(t & 63));
  gpu.atomicMin(m, 1, BigInt.asUintN(64, BigInt(t) - 10n));
}`,
    grid: 2,
    block: 40,
    args: () => [BigInt64Array.of(0n, -(2n ** 63n)), BigUint64Array.of(0n, 2n ** 64n - 1n)],
  },
  {
    name: 'early returns from nested loops, in the kernel and in a device function',
    text: `function k(a, o, p, q) {
  const t = gpu.threadIdx.x;
  o[t] = find(a, t);
  const [r, c] = findIn(a, 8, t * 3);
  q[t] = r * 100 + c;
  for (let i = 0; i < 8; i++) {
    for (let j = 0; j < 8; j++) {
      if (a[i * 8 + j] === t) { p[t] = i * 100 + j; return; }
    }
  }
  p[t] = -1;
}`,
    grid: 1,
    block: 70,
    scope: () => ({
      find: new Function(
        'return function find(a, v) { for (let i = 0; i < a.length; i++) if (a[i] === v) return i; return -1; }',
      )(),
      findIn: new Function(
        'return function findIn(g, w, v) { for (let r = 0; r < w; r++) { for (let c = 0; c < w; c++) { if (g[r * w + c] === v) return [r, c]; } } return [-1, -1]; }',
      )(),
    }),
    args: () => [
      Int32Array.from({ length: 64 }, (_, i) => (i * 37) % 67),
      new Int32Array(70),
      new Int32Array(70),
      new Int32Array(70),
    ],
  },
  {
    name: 'a warp vote in a loop condition, shuffles of record fields and tuple elements',
    text: `function k(a, o, p) {
  const t = gpu.threadIdx.x;
  let i = 0;
  while (gpu.voteAny(i < a[t])) i++;
  o[t] = i;
  const r = { a: t * 2, b: [t, -t] };
  p[t] = gpu.shuffleXor(r.a, 1) + gpu.shuffleDown(r.b[1], 2);
}`,
    grid: 1,
    block: 40,
    args: () => [
      Int32Array.from({ length: 40 }, (_, i) => (i * 7) % 13),
      new Int32Array(40),
      new Int32Array(40),
    ],
  },
  {
    name: '3-D views read with get, a 2-D view written with set, extents from a record',
    text: `function k(v, o, dims) {
  const { nx, ny } = dims;
  const x = gpu.threadIdx.x, y = gpu.threadIdx.y;
  if (x < nx && y < ny) o.set(y, x, v.get(x, y, 1) * 2 + v.length);
}`,
    grid: 1,
    block: [4, 3],
    args: () => [
      view(
        Float64Array.from({ length: 24 }, (_, i) => i),
        4,
        3,
        2,
      ),
      view(new Float64Array(12), 3, 4),
      { nx: 4, ny: 3 },
    ],
  },
  {
    name: 'records with boolean fields chosen by a ternary, tuples rebuilt in a loop',
    text: `function k(a, o, p) {
  const t = gpu.threadIdx.x;
  const r = a[t] > 0 ? { pos: true, v: a[t] } : { pos: false, v: -a[t] };
  const s = flip(r);
  o[t] = (s.pos ? 1 : -1) * s.v;
  let f = [0, 1];
  for (let i = 0; i < t + 3; i++) f = [f[1], f[0] + f[1]];
  const [x, y] = f;
  p[t] = x * 1000 + y;
}`,
    grid: 1,
    block: 4,
    scope: () => ({ flip: (r: { pos: boolean; v: number }) => ({ pos: !r.pos, v: r.v }) }),
    args: () => [Float64Array.of(1, -2, 0, -0), new Float64Array(4), new Int32Array(4)],
  },
  {
    name: 'typed host values: f32, u32, i16, u8 and -0 arguments, a record of them, tuples of arrays',
    text: `function k(a, b, c, d, z, cfg, bufs, o, p) {
  const t = gpu.threadIdx.x;
  o[t * 6] = a * t; o[t * 6 + 1] = b - t; o[t * 6 + 2] = c * 40000; o[t * 6 + 3] = 1 / z; o[t * 6 + 4] = d + 250;
  o[t * 6 + 5] = cfg.scale * t + cfg.bias + (cfg.on ? 1000 : 0) + cfg.n;
  const [x, y] = bufs.pair;
  p[t] = x[t] * bufs.scale + y[t];
}`,
    grid: 1,
    block: 3,
    args: () => [
      f32(0.1),
      u32(7),
      i16(-3),
      u8(200),
      -0,
      { scale: f32(0.1), bias: -0.25, on: true, n: u32(4000000000) },
      { pair: [Float32Array.of(1, 2, 3), Float32Array.of(10, 20, 30)], scale: 3 },
      new Float64Array(18),
      new Float32Array(3),
    ],
  },
  {
    name: 'numeric tuples indexed with a variable, inside and past their end',
    text: `function k(o, p) {
  const t = gpu.threadIdx.x;
  const w = [1, 2, 3];
  const f = [0.5, -0, 2];
  o[t] = w[t];
  p[t] = f[t] + w[t % 3];
}`,
    grid: 1,
    block: 5,
    args: () => [new Int32Array(5), new Float64Array(5)],
  },
  {
    name: 'method-shorthand device functions and device functions reading scope constants',
    text: `function k(o) {
  const t = gpu.threadIdx.x;
  o[t] = lerp(0, 10, t / 4) + clampTo(t * 3, 0, 7) + poly(t * STEP) + SCALE * TABLE[t % TABLE.length];
}`,
    grid: 1,
    block: 5,
    scope: () => {
      const helpers = {
        lerp(a: number, b: number, w: number) {
          return a + (b - a) * w;
        },
        clampTo(v: number, lo: number, hi: number) {
          return v < lo ? lo : Math.min(v, hi);
        },
      };
      return {
        lerp: helpers.lerp,
        clampTo: helpers.clampTo,
        STEP: 0.25,
        SCALE: -3,
        TABLE: Int16Array.of(3, -1, 4),
        poly: (x: number) => 1 + x * (-2 + x * 0.5),
      };
    },
    args: () => [new Float64Array(5)],
  },
  {
    name: "a kernel that returns a value, on some paths early (JavaScript's runner drops it)",
    text: `function k(o, n) {
  const t = gpu.threadIdx.x;
  if (t >= n) return t * 0.5;
  o[t] = t * 2;
  return t > 2 ? o[t] : -1;
}`,
    grid: 1,
    block: 6,
    args: () => [new Float64Array(6), 4],
  },
  {
    name: 'a record of functions called as methods, passed and captured',
    text: `function k(ops, o) {
  const t = gpu.threadIdx.x;
  o[t] = ops.f(t) + OPS.g(t + 1) + ops.pair[1](2) + OPS.pair[0](ops.f(1));
}`,
    grid: 1,
    block: 4,
    scope: () => ({ OPS: { g: (x: number) => x * 3, pair: [(x: number) => x - 1, (x: number) => x / 4] } }),
    args: () => [
      { f: (x: number) => x * x, pair: [(x: number) => -x, (x: number) => x * x * x] },
      new Float64Array(4),
    ],
  },
  {
    name: 'shared arrays from a helper called twice and from a loop: one array per call site',
    text: `function k(o) {
  const t = gpu.threadIdx.x;
  const a = tile();
  const b = tile();
  a[t] = t;
  b[t] += 100 + t;
  gpu.barrier();
  let acc = a[(t + 1) % 8];
  for (let r = 0; r < 3; r++) {
    const s = gpu.sharedArray(Int32Array, 8);
    if (r === 0) s[t] = t * 2;
    gpu.barrier();
    acc += s[(t + 3) % 8];
    gpu.barrier();
    s[t] += 10;
    gpu.barrier();
  }
  o[t] = acc;
}`,
    grid: 2,
    block: 8,
    scope: () => ({
      tile: new Function('gpu', 'return function tile() { return gpu.sharedArray(Int32Array, 8); }')(gpu),
    }),
    args: () => [new Int32Array(8)],
  },
  {
    name: 'local f16 arrays rounding each store, read as numbers',
    text: `function k(x, o) {
  const t = gpu.threadIdx.x;
  const h = new Float16Array(4);
  for (let i = 0; i < 4; i++) h[i] = x[t] * (i + 0.1);
  o[t] = h[0] + h[1] + h[2] + h[3] + h.length;
}`,
    grid: 1,
    block: 6,
    args: () => [Float32Array.of(1, 1000, 0.001, -3, 70000, -0), new Float32Array(6)],
  },
];
