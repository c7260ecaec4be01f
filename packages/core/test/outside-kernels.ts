// Kernels written from docs/language.md and common GPU idioms, apart from the conformance corpus
// and the fuzzer (grid-stride loops, reductions, scans, stencils, tiles, sorting networks, bytes,
// hashes, BigInts, views, records, warp operations, edge values of conversions and Math). Each
// must give what the reference runner gives: core's test runs them natively, the CUDA back-end's
// compiles them to PTX (and runs them where there is a GPU). Free of vitest, like gpu-checks.ts.

import { BFloat16Bits, type Dim, Float16Bits, f32, runReference, view } from '../src/index.js';
import { EIGHTH_ROUND } from './outside-kernels-eighth.js';
import { ELEVENTH_ROUND } from './outside-kernels-eleventh.js';
import { FIFTH_ROUND } from './outside-kernels-fifth.js';
import { FOURTH_ROUND } from './outside-kernels-fourth.js';
import { NINTH_ROUND } from './outside-kernels-ninth.js';
import { SECOND_ROUND } from './outside-kernels-second.js';
import { SEVENTH_ROUND } from './outside-kernels-seventh.js';
import { SIXTH_ROUND } from './outside-kernels-sixth.js';
import { TENTH_ROUND } from './outside-kernels-tenth.js';
import { THIRD_ROUND } from './outside-kernels-third.js';

export interface OutsideKernel {
  readonly name: string;
  /** The kernel as JavaScript text (TypeScript where `file` says so). */
  readonly text: string;
  /** The file the text is from (default `outside.js`): a `.ts` file's text is TypeScript. */
  readonly file?: string;
  readonly grid: Dim;
  readonly block: Dim;
  readonly sharedBytes?: number;
  readonly scope?: () => Record<string, unknown>;
  /** Fresh arguments for one run. */
  readonly args: () => unknown[];
  /** How many f32 units in the last place a float result may differ (default 0: exact). */
  readonly ulps?: number;
  /** A second kernel launched after the first on the same arguments, scope and `sharedBytes` (a scan's second pass). */
  readonly second?: { readonly text: string; readonly grid: Dim; readonly block: Dim };
}

const iota = (n: number, f: (i: number) => number = (i) => i) =>
  Float32Array.from({ length: n }, (_, i) => f(i));

/** Doubles at the edges of every conversion to a typed array. */
const EDGES = [
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
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1e300,
  -1e300,
  2147483647,
  2147483648,
  -2147483649,
  4294967296,
  4294967295.5,
  5e-324,
  255.5,
  256,
  -129,
  65535.7,
  1e10,
  0.49999999999999994,
];

export const OUTSIDE_KERNELS: readonly OutsideKernel[] = [
  {
    name: 'grid-stride loop',
    text: `function k(x, y, n) {
  for (let i = gpu.globalIdx.x; i < n; i += gpu.blockDim.x * gpu.gridDim.x) y[i] = x[i] * 2 + 1;
}`,
    grid: 3,
    block: 64,
    args: () => [iota(1000), new Float32Array(1000), 1000],
  },
  {
    name: 'block reduction in shared memory',
    text: `function k(x, out) {
  const s = gpu.sharedArray(Float32Array, 128);
  const t = gpu.threadIdx.x;
  s[t] = x[gpu.globalIdx.x];
  gpu.barrier();
  for (let st = 64; st > 0; st >>= 1) {
    if (t < st) s[t] += s[t + st];
    gpu.barrier();
  }
  if (t === 0) out[gpu.blockIdx.x] = s[0];
}`,
    grid: 4,
    block: 128,
    args: () => [iota(512, (i) => (i % 7) - 3), new Float32Array(4)],
  },
  {
    name: 'warp reduction with shuffles',
    text: `function k(x, out) {
  let v = x[gpu.globalIdx.x];
  for (let o = 16; o > 0; o >>= 1) v += gpu.shuffleDown(v, o);
  if (gpu.laneId === 0) out[gpu.blockIdx.x * 2 + (gpu.threadIdx.x >> 5)] = v;
}`,
    grid: 2,
    block: 64,
    args: () => [Int32Array.from({ length: 128 }, (_, i) => i * 3 - 50), new Int32Array(4)],
  },
  {
    name: 'histogram of bytes with atomics',
    text: `function k(data, hist) {
  const i = gpu.globalIdx.x;
  if (i < data.length) gpu.atomicAdd(hist, data[i] >> 4, 1);
}`,
    grid: 4,
    block: 64,
    args: () => [Uint8Array.from({ length: 256 }, (_, i) => (i * 37) & 255), new Uint32Array(16)],
  },
  {
    name: 'atomic min and max of integers and floats',
    text: `function k(x, f, mm, fm) {
  const i = gpu.globalIdx.x;
  gpu.atomicMin(mm, 0, x[i]);
  gpu.atomicMax(mm, 1, x[i]);
  gpu.atomicMin(fm, 0, f[i]);
  gpu.atomicMax(fm, 1, f[i]);
}`,
    grid: 2,
    block: 50,
    args: () => [
      Int32Array.from({ length: 100 }, (_, i) => ((i * 7919) % 201) - 100),
      Float32Array.from({ length: 100 }, (_, i) => Math.sin(i) * 100),
      Int32Array.of(2147483647, -2147483648),
      Float32Array.of(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
    ],
  },
  {
    name: 'inclusive scan of a block (Hillis-Steele)',
    text: `function k(x, y) {
  const s = gpu.sharedArray(Int32Array, 64);
  const t = gpu.threadIdx.x;
  s[t] = x[t];
  gpu.barrier();
  for (let d = 1; d < 64; d *= 2) {
    const v = t >= d ? s[t - d] : 0;
    gpu.barrier();
    s[t] += v;
    gpu.barrier();
  }
  y[t] = s[t];
}`,
    grid: 1,
    block: 64,
    args: () => [Int32Array.from({ length: 64 }, (_, i) => i % 5), new Int32Array(64)],
  },
  {
    name: 'three-point stencil with clamped edges',
    text: `function k(x, y) {
  const i = gpu.globalIdx.x;
  const n = x.length;
  if (i >= n) return;
  const l = i > 0 ? x[i - 1] : x[i];
  const r = i < n - 1 ? x[i + 1] : x[i];
  y[i] = 0.25 * l + 0.5 * x[i] + 0.25 * r;
}`,
    grid: 4,
    block: 32,
    args: () => [iota(100, (i) => i * i * 0.01), new Float32Array(100)],
    ulps: 2,
  },
  {
    name: 'tiled matrix multiply in shared memory',
    text: `function k(A, B, C, n) {
  const As = gpu.sharedArray(Float32Array, 64);
  const Bs = gpu.sharedArray(Float32Array, 64);
  const tx = gpu.threadIdx.x, ty = gpu.threadIdx.y;
  const row = gpu.blockIdx.y * 8 + ty, col = gpu.blockIdx.x * 8 + tx;
  let acc = f32(0);
  for (let t = 0; t < n / 8; t++) {
    As[ty * 8 + tx] = A[row * n + t * 8 + tx];
    Bs[ty * 8 + tx] = B[(t * 8 + ty) * n + col];
    gpu.barrier();
    for (let k2 = 0; k2 < 8; k2++) acc += As[ty * 8 + k2] * Bs[k2 * 8 + tx];
    gpu.barrier();
  }
  C[row * n + col] = acc;
}`,
    grid: [2, 2],
    block: [8, 8],
    args: () => [iota(256, (i) => (i % 13) - 6), iota(256, (i) => (i % 5) - 2), new Float32Array(256), 16],
  },
  {
    name: 'bitonic sort of a block',
    text: `function k(a) {
  const s = gpu.sharedArray(Float32Array, 64);
  const t = gpu.threadIdx.x;
  s[t] = a[t];
  gpu.barrier();
  for (let size = 2; size <= 64; size <<= 1) {
    for (let stride = size >> 1; stride > 0; stride >>= 1) {
      const p = t ^ stride;
      if (p > t) {
        const up = (t & size) === 0;
        if ((s[t] > s[p]) === up) { const tmp = s[t]; s[t] = s[p]; s[p] = tmp; }
      }
      gpu.barrier();
    }
  }
  a[t] = s[t];
}`,
    grid: 1,
    block: 64,
    args: () => [Float32Array.from({ length: 64 }, (_, i) => ((i * 29) % 64) - 10.5)],
  },
  {
    name: 'upper-casing bytes and parsing integers',
    text: `function k(s, starts, upper, out) {
  const t = gpu.globalIdx.x;
  if (t < s.length) { const c = s[t]; upper[t] = c >= 97 && c <= 122 ? c - 32 : c; }
  if (t >= starts.length) return;
  let i = starts[t];
  let neg = false;
  let v = 0;
  if (s[i] === 45) { neg = true; i++; }
  while (i < s.length) { const c = s[i]; if (c < 48 || c > 57) break; v = v * 10 + (c - 48); i++; }
  out[t] = neg ? -v : v;
}`,
    grid: 1,
    block: 32,
    args: () => {
      const s = new TextEncoder().encode('123 -45 6789 0 abc XYZ');
      return [s, Int32Array.of(0, 4, 8, 13), new Uint8Array(s.length), new Int32Array(4)];
    },
  },
  {
    name: 'integer hashing: Math.imul, >>> and xorshift in u32',
    text: `function k(o, p, q) {
  const t = gpu.globalIdx.x;
  let h = t ^ 0x9e3779b9;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  o[t] = h >>> 0;
  p[t] = h;
  let x = u32(t + 1);
  for (let r = 0; r < 10; r++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; x = x >>> 0; }
  q[t] = x;
}`,
    grid: 1,
    block: 64,
    args: () => [new Uint32Array(64), new Int32Array(64), new Uint32Array(64)],
  },
  {
    name: 'BigInt Fibonacci, division and shifts',
    text: `function k(a, b, q, r, fib) {
  const i = gpu.threadIdx.x;
  q[i] = a[i] / b[i];
  r[i] = a[i] % b[i];
  let x = 0n, y = 1n;
  for (let j = 0; j < 80 + i; j++) { const s = x + y; x = y; y = s; }
  fib[i] = (x << 2n) >> 3n;
}`,
    grid: 1,
    block: 6,
    args: () => [
      BigInt64Array.of(-7n, 7n, -9223372036854775808n, 100n, 5n, -1n),
      BigInt64Array.of(2n, -2n, 3n, 7n, -5n, 3n),
      new BigInt64Array(6),
      new BigInt64Array(6),
      new BigInt64Array(6),
    ],
  },
  {
    name: 'views, records, tuples and device functions',
    text: `function k(a, b, range, pair, o) {
  const r = gpu.globalIdx.y, c = gpu.globalIdx.x;
  b.set(c, r, a.get(r, c) + r * 100);
  const { lo, hi } = range;
  const [p, q] = pair;
  const w = [0.25, 0.5, 0.25];
  if (r === 0) o[c] = clamp(sq(c - K), lo, hi) * p + q * w[c % 3];
}`,
    grid: [2, 2],
    block: [4, 4],
    scope: () => ({
      sq: (x: number) => x * x,
      clamp: (x: number, a: number, b: number) => Math.min(Math.max(x, a), b),
      K: 3,
    }),
    args: () => [
      view(iota(64), 8, 8),
      view(new Float32Array(64), 8, 8),
      { lo: 1, hi: 10.5 },
      [2, f32(0.5)],
      new Float64Array(8),
    ],
  },
  {
    name: 'stores of edge doubles into every typed array',
    text: `function k(x, a, b, c, d, e, f, g) {
  const i = gpu.threadIdx.x;
  const v = x[i];
  a[i] = v; b[i] = v; c[i] = v; d[i] = v; e[i] = v; f[i] = v; g[i] = v;
}`,
    grid: 1,
    block: EDGES.length,
    args: () => {
      const n = EDGES.length;
      return [
        Float64Array.from(EDGES),
        new Int8Array(n),
        new Uint8Array(n),
        new Int16Array(n),
        new Uint16Array(n),
        new Int32Array(n),
        new Uint32Array(n),
        new Float32Array(n),
      ];
    },
  },
  {
    name: 'exact Math of edge doubles',
    text: `function k(x, o) {
  const i = gpu.threadIdx.x;
  const v = x[i];
  const w = x[(i * 7 + 3) % x.length];
  const b = i * 16;
  o[b] = Math.round(v); o[b + 1] = Math.floor(v); o[b + 2] = Math.ceil(v); o[b + 3] = Math.trunc(v);
  o[b + 4] = Math.sign(v); o[b + 5] = Math.abs(v); o[b + 6] = Math.sqrt(v); o[b + 7] = Math.fround(v);
  o[b + 8] = Math.clz32(v); o[b + 9] = Math.max(v, -0); o[b + 10] = Math.min(v, w); o[b + 11] = Math.max(v, NaN);
  o[b + 12] = v % w; o[b + 13] = Math.imul(v, w); o[b + 14] = (v | 0) + (v >>> 0); o[b + 15] = i8(v) + u16(v);
}`,
    grid: 1,
    block: EDGES.length,
    args: () => [Float64Array.from(EDGES), new Float64Array(EDGES.length * 16)],
  },
  {
    name: 'powers of ±1 to NaN and infinite exponents',
    text: `function k(x, y, o, p) {
  const i = gpu.threadIdx.x, j = gpu.threadIdx.y;
  o[i * 7 + j] = x[i] ** y[j];
  p[i * 7 + j] = Math.pow(f32(x[i]), f32(y[j]));
}`,
    grid: 1,
    block: [7, 7],
    args: () => [
      Float64Array.of(1, -1, 2, 0.5, Number.NaN, 0, -0),
      Float64Array.of(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 2, 0.5),
      new Float64Array(49),
      new Float32Array(49),
    ],
    // `**` is pow, a Math function: within 2 ulps (CUDA's libdevice gave 2 ** 0.5 one ulp low on
    // an H200); the special values the kernel is about are exact.
    ulps: 2,
  },
  {
    name: '&& and || as values, -0 and NaN conditions',
    text: `function k(a, o) {
  const i = gpu.threadIdx.x;
  const x = a[i], y = a[7 - i];
  const b = i * 8;
  o[b] = x || y; o[b + 1] = x && y; o[b + 2] = x || 5; o[b + 3] = !x ? 1 : 2;
  o[b + 4] = (x && y) || -1; o[b + 5] = x ?? 9; o[b + 6] = -(i - i); o[b + 7] = 1 / (-(i - 3) * 0);
}`,
    grid: 1,
    block: 8,
    args: () => [
      Float64Array.of(0, -0, Number.NaN, 1, 2, -3, 0.5, Number.POSITIVE_INFINITY),
      new Float64Array(64),
    ],
  },
  {
    name: 'switch with fall-through, labels, do-while and early return',
    text: `function k(o) {
  const t = gpu.threadIdx.x;
  let r = 0;
  switch (t % 6) { case 0: r += 1; case 1: r += 10; break; default: r += 100; case 4: r += 1000; break; case 5: { r = -1; } }
  let c = 0;
  outer: for (let i = 0; i < 10; i++) {
    inner: for (let j = 0; j < 10; j++) {
      if (j === t) continue outer;
      if (i * j > 20) break outer;
      if (j > i) break inner;
      c++;
    }
    c += 100;
  }
  blk: { if (t & 1) break blk; c = -c; }
  let x = t, s = 0;
  do { s += x; x = x >> 1; if (s > 10) continue; s++; } while (x > 0);
  o[t * 3] = r;
  o[t * 3 + 1] = c;
  if (t === 3) return;
  o[t * 3 + 2] = s;
}`,
    grid: 1,
    block: 12,
    args: () => [new Int32Array(36)],
  },
  {
    name: 'u32 counters stepped down past 0 stop where JavaScript stops',
    text: `function k(u, out) {
  let count = 0;
  for (let v = u[0]; v >= 1; v -= 2) count++;
  out[0] = count;
  let w = u[0];
  count = 0;
  while (true) { if (w < 1) break; w -= 2; count++; }
  out[1] = count;
  count = 0;
  const lo = u[2];
  for (let v = u[1]; v >= lo; v -= 3) count++;
  out[2] = count;
}`,
    grid: 1,
    block: 1,
    args: () => [Uint32Array.of(5, 8, 0), new Float64Array(3)],
  },
  {
    name: 'shuffles of every number type in a partial warp, ballots and votes',
    text: `function k(a, b, c, d, bal, votes) {
  const t = gpu.threadIdx.x;
  a[t] = gpu.shuffleDown(a[t], 3);
  b[t] = gpu.shuffleXor(b[t], 5);
  c[t] = gpu.shuffle(c[t], 31 - t);
  d[t] = gpu.shuffleUp(d[t], 1) + gpu.shuffle(d[t], t + 40);
  bal[t] = gpu.ballot(t % 3 === 0);
  votes[t] = (gpu.voteAll(t < 39) ? 1 : 0) + (gpu.voteAny(t === 37) ? 2 : 0);
}`,
    grid: 1,
    block: 40,
    args: () => [
      Uint8Array.from({ length: 40 }, (_, i) => i * 7),
      Int16Array.from({ length: 40 }, (_, i) => -300 * i),
      BigUint64Array.from({ length: 40 }, (_, i) => 2n ** 63n + BigInt(i)),
      Float64Array.from({ length: 40 }, (_, i) => (i % 2 ? -0 : i * 0.5)),
      new BigUint64Array(40),
      new Int32Array(40),
    ],
  },
  {
    name: 'dynamic shared memory seen through two typed arrays',
    text: `function k(o) {
  const f = gpu.dynamicSharedArray(Float32Array);
  const n = gpu.dynamicSharedArray(Int32Array);
  const t = gpu.threadIdx.x;
  f[t] = t + 0.5;
  gpu.barrier();
  o[t] = n[t] + n.length;
}`,
    grid: 1,
    block: 4,
    sharedBytes: 16,
    args: () => [new Int32Array(4)],
  },
  {
    name: 'a spin lock of atomicCAS and atomicExch',
    text: `function k(lock, c, slots) {
  while (gpu.atomicCAS(lock, 0, 0, 1) !== 0) {}
  c[0] += 1;
  gpu.threadFence();
  gpu.atomicExch(lock, 0, 0);
  slots[gpu.atomicAdd(c, 1, 1)] = 1;
}`,
    grid: 4,
    block: 1,
    args: () => [new Int32Array(1), new Int32Array(2), new Int32Array(4)],
  },
  {
    name: 'f16 and bf16 arrays',
    text: `function k(x, y, z) {
  const i = gpu.threadIdx.x;
  y[i] = x[i] * 2 + 0.5;
  z[i] = x[i] / 3;
}`,
    grid: 1,
    block: 8,
    args: () => [
      Float16Bits.from([1, 2.5, -3, 65504, 0.1, 1e-5, -0, 1000]),
      new Float16Bits(8),
      new BFloat16Bits(8),
    ],
  },
  {
    name: 'a kernel written as a method shorthand with a quoted name',
    text: `'scale-rows'(m, o) {
  const t = gpu.threadIdx.x;
  o[t] = gpu.shuffleXor(m.get(t >> 1, t & 1), 1) * 2;
}`,
    grid: 1,
    block: 4,
    args: () => [view(Float64Array.of(1, 2, 3, 4), 2, 2), new Float64Array(4)],
  },
  {
    name: 'a 3-D grid of 3-D blocks',
    text: `function k(o) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y, z = gpu.globalIdx.z;
  o[(z * 6 + y) * 4 + x] = x + 10 * y + 100 * z + 1000 * gpu.blockIdx.z + 10000 * gpu.laneId;
}`,
    grid: [2, 2, 2],
    block: [2, 3, 4],
    args: () => [new Int32Array(4 * 6 * 8)],
  },
  ...SECOND_ROUND,
  ...THIRD_ROUND,
  ...FOURTH_ROUND,
  ...FIFTH_ROUND,
  ...SIXTH_ROUND,
  ...SEVENTH_ROUND,
  ...EIGHTH_ROUND,
  ...NINTH_ROUND,
  ...TENTH_ROUND,
  ...ELEVENTH_ROUND,
];

/** The first difference between two runs' arguments (element by element, -0 and NaN counted), or undefined. */
export function firstDifference(
  expected: readonly unknown[],
  actual: readonly unknown[],
  ulps = 0,
): string | undefined {
  for (const [a, want] of expected.entries()) {
    const got = actual[a];
    const data = (v: unknown) => (v as { data?: unknown }).data ?? v;
    const [w, g] = [data(want), data(got)];
    if (!ArrayBuffer.isView(w) || !ArrayBuffer.isView(g)) continue;
    const numbers = (v: ArrayBufferView) =>
      Array.from((v as { toNumbers?: () => number[] }).toNumbers?.() ?? (v as unknown as ArrayLike<unknown>));
    const [ws, gs] = [numbers(w), numbers(g)];
    for (const [i, x] of ws.entries()) {
      const y = gs[i];
      if (Object.is(x, y)) continue;
      if (
        typeof x === 'number' &&
        typeof y === 'number' &&
        ulps > 0 &&
        Math.abs(x - y) <= ulps * 2 ** -23 * Math.abs(x)
      )
        continue;
      return `argument ${a}[${i}]: expected ${Object.is(x, -0) ? '-0' : String(x)}, got ${Object.is(y, -0) ? '-0' : String(y)}`;
    }
  }
  return undefined;
}

/** A launch on a back-end: `launchNative`'s and `launchCuda`'s shape. */
type Launcher = (
  source: { text: string; file: string },
  launch: { grid: Dim; block: Dim; sharedBytes?: number; scope?: Record<string, unknown> },
  ...args: never[]
) => unknown;

/** A kernel's launches (its own, then `second`'s), and arguments it ran with on the reference runner and fresh ones. */
function prepare(k: OutsideKernel) {
  const file = k.file ?? 'outside.js';
  const shared = {
    ...(k.sharedBytes ? { sharedBytes: k.sharedBytes } : {}),
    ...(k.scope ? { scope: k.scope() } : {}),
  };
  const launches = [k, ...(k.second ? [k.second] : [])].map(({ text, grid, block }) => ({
    source: { text, file },
    geometry: { grid, block, ...shared },
  }));
  const [reference, launched] = [k.args(), k.args()];
  for (const { source, geometry } of launches) runReference(source, geometry, reference);
  return { launches, reference, launched };
}

/** Runs a kernel through `launch` and on the reference runner: their first difference, or undefined. */
export function differenceFromReference(k: OutsideKernel, launch: Launcher): string | undefined {
  const { launches, reference, launched } = prepare(k);
  for (const { source, geometry } of launches) launch(source, geometry, ...(launched as never[]));
  return firstDifference(reference, launched, k.ulps);
}

/** {@link differenceFromReference} through an asynchronous launch (WebGPU's). */
export async function differenceFromReferenceAsync(
  k: OutsideKernel,
  launch: (...args: Parameters<Launcher>) => Promise<unknown>,
): Promise<string | undefined> {
  const { launches, reference, launched } = prepare(k);
  for (const { source, geometry } of launches) await launch(source, geometry, ...(launched as never[]));
  return firstDifference(reference, launched, k.ulps);
}
