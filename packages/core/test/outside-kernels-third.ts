// The third round of kernels written apart from the corpus (outside-kernels.ts runs them with the
// first two), as an application developer writes them from the README and docs/language.md:
// histograms of float bins, transposes and segmented scans in shared memory, byte processing,
// narrow integer wrap, JavaScript's number idioms (`| 0`, `>>> 0`, `~~`, `%` of negatives),
// labelled loops, helpers with default parameters, unsigned counters stepped down, odd blocks.

import { gpu, view } from '../src/index.js';
import type { OutsideKernel } from './outside-kernels.js';

/** Doubles where JavaScript's number idioms differ from C's. */
const AWKWARD = [
  -2.5,
  -1.5,
  -0.5,
  -0,
  0,
  0.5,
  1.5,
  2.5,
  -7.25,
  7.75,
  2147483648.5,
  -2147483649.5,
  4294967297,
  -1e-320,
  1e21,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0.49999999999999994,
  -0.49999999999999994,
];

/** The same in f32 (WebGPU's widest float): halves, -0, values past 2^31 and 2^24, NaN, infinities. */
const AWKWARD_F32 = [
  -2.5,
  -1.5,
  -0.5,
  -0,
  0,
  0.5,
  1.5,
  2.5,
  -7.25,
  7.75,
  2147483648,
  -2147483904,
  4294967296,
  -1e-40,
  1e21,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0.49999997,
  -0.49999997,
  16777217,
  3e9,
];

export const THIRD_ROUND: readonly OutsideKernel[] = [
  {
    name: 'a histogram of float bins from Math.floor, NaN and out-of-range values skipped',
    text: `function k(x, hist, lo, hi) {
  const i = gpu.blockIdx.x * gpu.blockDim.x + gpu.threadIdx.x;
  if (i >= x.length) return;
  const bins = hist.length;
  const bin = Math.floor(((x[i] - lo) / (hi - lo)) * bins);
  if (!(bin >= 0 && bin < bins)) return;
  gpu.atomicAdd(hist, bin | 0, 1);
}`,
    grid: 5,
    block: 37,
    args: () => [
      Float32Array.from({ length: 180 }, (_, i) =>
        i % 17 === 0 ? Number.NaN : i % 23 === 0 ? Number.POSITIVE_INFINITY : Math.sin(i * 1.3) * 12 - 1,
      ),
      new Uint32Array(10),
      -10,
      10.5,
    ],
  },
  {
    name: 'a transpose of a ragged matrix through a padded shared tile, 2-D launch with guards',
    text: `function k(a, b, rows, cols) {
  const T = 8;
  const tile = gpu.sharedArray(Float32Array, T * (T + 1));
  let x = gpu.blockIdx.x * T + gpu.threadIdx.x;
  let y = gpu.blockIdx.y * T + gpu.threadIdx.y;
  if (x < cols && y < rows) tile[gpu.threadIdx.y * (T + 1) + gpu.threadIdx.x] = a[y * cols + x];
  gpu.barrier();
  x = gpu.blockIdx.y * T + gpu.threadIdx.x;
  y = gpu.blockIdx.x * T + gpu.threadIdx.y;
  if (x < rows && y < cols) b[y * rows + x] = tile[gpu.threadIdx.x * (T + 1) + gpu.threadIdx.y];
}`,
    grid: [3, 2],
    block: [8, 8],
    args: () => [
      Float32Array.from({ length: 13 * 19 }, (_, i) => i * 0.5 - 7),
      new Float32Array(13 * 19),
      13,
      19,
    ],
  },
  {
    name: 'a segmented inclusive scan of a block with head flags',
    text: `function k(x, heads, y) {
  const n = gpu.blockDim.x;
  const v = gpu.sharedArray(Int32Array, 48);
  const f = gpu.sharedArray(Uint8Array, 48);
  const t = gpu.threadIdx.x;
  const g = gpu.blockIdx.x * n + t;
  v[t] = x[g];
  f[t] = heads[g];
  gpu.barrier();
  for (let d = 1; d < n; d <<= 1) {
    let nv = v[t], nf = f[t];
    if (t >= d && !f[t]) { nv += v[t - d]; nf |= f[t - d]; }
    gpu.barrier();
    v[t] = nv;
    f[t] = nf;
    gpu.barrier();
  }
  y[g] = v[t];
}`,
    grid: 2,
    block: 48,
    args: () => [
      Int32Array.from({ length: 96 }, (_, i) => (i % 7) - 2),
      Uint8Array.from({ length: 96 }, (_, i) => (i % 11 === 0 || i % 13 === 5 ? 1 : 0)),
      new Int32Array(96),
    ],
  },
  {
    name: 'one bitonic merge step over global u32 keys with their payloads',
    text: `function k(keys, vals, j, size) {
  const i = gpu.globalIdx.x;
  const p = i ^ j;
  if (p <= i || p >= keys.length) return;
  const asc = (i & size) === 0;
  const a = keys[i], b = keys[p];
  if (asc ? a > b : a < b) {
    keys[i] = b; keys[p] = a;
    const t = vals[i]; vals[i] = vals[p]; vals[p] = t;
  }
}`,
    grid: 2,
    block: 32,
    args: () => [
      Uint32Array.from({ length: 64 }, (_, i) => (Math.imul(i, 2654435761) >>> 0) ^ (i & 1 ? 0x80000000 : 0)),
      Int16Array.from({ length: 64 }, (_, i) => -i),
      4,
      16,
    ],
  },
  {
    name: 'bytes: ROT13, UTF-8 continuation bytes, word starts and a base64 encoder with a table',
    text: `function k(s, rot, kinds, b64) {
  const i = gpu.globalIdx.x;
  if (i < s.length) {
    let c = s[i];
    if (c >= 65 && c <= 90) c = ((c - 65 + 13) % 26) + 65;
    else if (c >= 97 && c <= 122) c = ((c - 97 + 13) % 26) + 97;
    rot[i] = c;
    const cont = (s[i] & 0xc0) === 0x80;
    const start = !space(s[i]) && !cont && (i === 0 || space(s[i - 1]));
    kinds[i] = cont ? 2 : start ? 1 : 0;
  }
  const q = i * 3;
  if (q >= s.length) return;
  const b0 = s[q], b1 = q + 1 < s.length ? s[q + 1] : 0, b2 = q + 2 < s.length ? s[q + 2] : 0;
  const w = (b0 << 16) | (b1 << 8) | b2;
  b64[i * 4] = ALPHA[w >>> 18];
  b64[i * 4 + 1] = ALPHA[(w >>> 12) & 63];
  b64[i * 4 + 2] = q + 1 < s.length ? ALPHA[(w >>> 6) & 63] : 61;
  b64[i * 4 + 3] = q + 2 < s.length ? ALPHA[w & 63] : 61;
}`,
    grid: 2,
    block: 32,
    scope: () => ({
      space: (b: number) => b === 32 || b === 10,
      ALPHA: new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
    }),
    args: () => {
      const s = new TextEncoder().encode('Hello, wörld! gpuc ümlaut Zz\nnext line ok');
      return [
        s,
        new Uint8Array(s.length),
        new Uint8Array(s.length),
        new Uint8Array(Math.ceil(s.length / 3) * 4),
      ];
    },
  },
  {
    name: 'Int8, Int16, Uint16 and Uint8 elements wrapping under compound assignment and ++',
    text: `function k(a, b, c, d, o) {
  const i = gpu.threadIdx.x;
  a[i] += 100;
  b[i] *= 300;
  c[i]++;
  d[i] -= 7;
  const x = a[i] * b[i];
  o[i * 6] = x;
  o[i * 6 + 1] = ~c[i];
  o[i * 6 + 2] = a[i] << 25;
  o[i * 6 + 3] = (b[i] >> 3) + (c[i] >>> 1);
  o[i * 6 + 4] = -d[i];
  o[i * 6 + 5] = c[i]-- + --d[i];
}`,
    grid: 1,
    block: 8,
    args: () => [
      Int8Array.of(0, 27, 28, 127, -128, -100, 100, 1),
      Int16Array.of(0, 109, 110, 32767, -32768, -1, 1000, -1000),
      Uint16Array.of(0, 65535, 65534, 1, 32767, 32768, 7, 100),
      Uint8Array.of(0, 6, 7, 8, 255, 1, 128, 3),
      new Float64Array(48),
    ],
  },
  {
    name: 'number idioms: | 0, >>> 0, ~~, Math.trunc and Math.round of halves and huge values',
    text: `function k(x, o) {
  const i = gpu.threadIdx.x;
  const v = x[i];
  const b = i * 10;
  o[b] = v | 0;
  o[b + 1] = v >>> 0;
  o[b + 2] = ~~v;
  o[b + 3] = Math.trunc(v);
  o[b + 4] = Math.round(v);
  o[b + 5] = Math.round(-v);
  o[b + 6] = (v * 2) >> 1;
  o[b + 7] = Math.floor(v) === v ? 1 : 0;
  o[b + 8] = Number.isInteger(v) ? v % 3 : -1;
  o[b + 9] = (v | 0) === v ? 1 : v !== v ? 2 : 0;
}`,
    grid: 1,
    block: AWKWARD.length,
    args: () => [Float64Array.from(AWKWARD), new Float64Array(AWKWARD.length * 10)],
  },
  {
    name: '% of negatives, fractions and infinities, integer division idioms',
    text: `function k(a, b, f, q) {
  const i = gpu.threadIdx.x, j = gpu.threadIdx.y;
  const x = a[i], y = b[j];
  const at = (i * gpu.blockDim.y + j) * 4;
  f[at] = x % y;
  f[at + 1] = (x / y) | 0;
  f[at + 2] = Math.floor(x / y);
  f[at + 3] = x - Math.trunc(x / y) * y;
  q[i * gpu.blockDim.y + j] = ((x | 0) % (y | 0)) + ((x | 0) / (y | 0) >> 0);
}`,
    grid: 1,
    block: [7, 6],
    args: () => [
      Float64Array.of(7, -7, 7.5, -7.5, -0, Number.POSITIVE_INFINITY, 5e-324),
      Float64Array.of(3, -3, 2.5, 0, Number.POSITIVE_INFINITY, -0.5),
      new Float64Array(168),
      new Int32Array(42),
    ],
  },
  {
    name: 'Math.min and max with NaN and -0, sign, hypot, fround and exponent edges',
    text: `function k(x, o, p) {
  const i = gpu.threadIdx.x;
  const v = x[i], w = x[(i + 3) % x.length];
  const b = i * 12;
  o[b] = Math.min(v, w, 0);
  o[b + 1] = Math.max(-0, v);
  o[b + 2] = Math.sign(v) * Math.sign(w);
  o[b + 3] = Math.hypot(v, w);
  o[b + 4] = Math.hypot(v, 3, 4);
  o[b + 5] = Math.fround(v) - v;
  o[b + 6] = 2 ** v;
  o[b + 7] = v ** -1;
  o[b + 8] = v ** 0;
  o[b + 9] = Math.abs(v) ** 0.5;
  o[b + 10] = (Number.isFinite(v) ? 1 : 0) + (Number.isNaN(w) ? 2 : 0);
  o[b + 11] = Math.min(i, v) + Math.max(i, w);
  p[i] = Math.fround(v) * 3 + Math.fround(w);
}`,
    grid: 1,
    block: AWKWARD.length,
    args: () => [
      Float64Array.from(AWKWARD),
      new Float64Array(AWKWARD.length * 12),
      new Float32Array(AWKWARD.length),
    ],
    ulps: 2,
  },
  {
    name: 'labelled loops three deep with continue and break, and a return from the innermost',
    text: `function k(grid3, o) {
  const t = gpu.threadIdx.x;
  let found = -1, visits = 0;
  search: for (let a = 0; a < 4; a++) {
    rows: for (let b = 0; b < 4; b++) {
      for (let c = 0; c < 4; c++) {
        visits++;
        const v = grid3[(a * 4 + b) * 4 + c];
        if (v < 0) continue rows;
        if (v === 0) continue;
        if (v === t) { found = (a * 4 + b) * 4 + c; break search; }
        if (v > 50) break rows;
        if (v === 99 - t) { o[t * 2] = -visits; o[t * 2 + 1] = -2; return; }
      }
    }
  }
  o[t * 2] = visits;
  o[t * 2 + 1] = found;
}`,
    grid: 1,
    block: 20,
    args: () => [
      Int32Array.from({ length: 64 }, (_, i) => ((i * 37) % 61) - 5 + (i === 40 ? 90 : 0)),
      new Int32Array(40),
    ],
  },
  {
    name: 'ternaries of i32, u32, f32, bool-as-number and literals stored into f64 and i32',
    text: `function k(i32s, u32s, f32s, o, q) {
  const t = gpu.threadIdx.x;
  const i = i32s[t], u = u32s[t], f = f32s[t];
  o[t * 6] = t & 1 ? i : u;
  o[t * 6 + 1] = t & 2 ? f : i;
  o[t * 6 + 2] = t % 3 === 0 ? u : -1;
  o[t * 6 + 3] = i < 0 ? 0.5 : i;
  o[t * 6 + 4] = (u > 5 ? 1 : 0) + (f < 0 ? -0.25 : 0);
  o[t * 6 + 5] = t > 3 ? (t > 5 ? f : u) : i;
  q[t] = t & 1 ? u : f;
}`,
    grid: 1,
    block: 8,
    args: () => [
      Int32Array.of(-1, 2147483647, -2147483648, 0, 5, -5, 100, 7),
      Uint32Array.of(4294967295, 0, 2147483648, 7, 1, 6, 3000000000, 9),
      Float32Array.of(-0, 0.1, -2.5, 1e30, Number.NaN, -1, 3.75, 16777217),
      new Float64Array(48),
      new Int32Array(8),
    ],
  },
  {
    name: 'helpers with default parameters, destructured parameters and constants of the scope',
    text: `function k(pts, o) {
  const t = gpu.threadIdx.x;
  const p = { x: pts[t * 2], y: pts[t * 2 + 1] };
  o[t * 4] = lerp(p.x, p.y);
  o[t * 4 + 1] = lerp(p.x, p.y, 0.25);
  o[t * 4 + 2] = dot(p, [SCALE, -SCALE]);
  o[t * 4 + 3] = clampTo(p.x * 10);
}`,
    grid: 1,
    block: 5,
    scope: () => ({
      SCALE: 1.5,
      LIMIT: 20,
      lerp: (a: number, b: number, t = 0.5) => a + (b - a) * t,
      dot: ({ x, y }: { x: number; y: number }, [a, b]: [number, number]) => x * a + y * b,
      clampTo: new Function(
        'return function clampTo(v, lo = -LIMIT, hi = lo + 40) { return v < lo ? lo : v > hi ? hi : v; }',
      )(),
    }),
    args: () => [Float64Array.of(1, 2, -3, 4, 2.5, -2.5, 0, 8, -0.5, 0.75), new Float64Array(20)],
  },
  {
    name: 'a constant array of weights indexed by a loop counter: a 5-tap filter, its length destructured',
    text: `function k(x, y) {
  const W = [1, 4, 6, 4, 1];
  const i = gpu.globalIdx.x;
  const { length: n } = x;
  if (i >= n) return;
  let s = 0;
  for (let k2 = -2; k2 <= 2; k2++) {
    const j = Math.min(Math.max(i + k2, 0), n - 1);
    s += W[k2 + 2] * x[j];
  }
  y[i] = s / 16;
}`,
    grid: 3,
    block: 17,
    args: () => [Float64Array.from({ length: 45 }, (_, i) => (i % 9) * 1.25 - (i % 4)), new Float64Array(45)],
  },
  {
    name: 'a switch with fall-through from an accumulated count and a switch on a float',
    text: `function k(src, dst, o) {
  const t = gpu.threadIdx.x;
  let from = t * 8, to = t * 8;
  switch ((t + 1) % 4) {
    case 0: dst[to++] = src[from++];
    case 3: dst[to++] = src[from++];
    case 2: dst[to++] = src[from++];
    case 1: dst[to++] = src[from++];
  }
  let r = 0;
  switch (t * 0.5) {
    case 0: r = 10;
    case 1.5: r += 1; break;
    case 2: case 2.5: r = 20; break;
    default: r = -t;
  }
  o[t] = r + to;
}`,
    grid: 1,
    block: 8,
    args: () => [Int32Array.from({ length: 64 }, (_, i) => i + 1), new Int32Array(64), new Int32Array(8)],
  },
  {
    name: 'loops counting down: u32 counters with i-- > 0 and >= 0, while (n--) on an i32',
    text: `function k(u, o) {
  const t = gpu.threadIdx.x;
  const n = u[t];
  let s = 0;
  for (let i = n; i-- > 0; ) s += i;
  o[t * 4] = s;
  let c = 0;
  for (let i = n - 1; i >= 0; i--) c++;
  o[t * 4 + 1] = c;
  let m = t - 2, w = 0;
  while (m--) { w++; if (w > 20) break; }
  o[t * 4 + 2] = w;
  let d = 0, j = n;
  do { d += j; j >>>= 1; } while (j);
  o[t * 4 + 3] = d;
}`,
    grid: 1,
    block: 6,
    args: () => [Uint32Array.of(0, 1, 5, 3, 70001, 2), new Float64Array(24)],
  },
  {
    name: 'the same sum in Float32Array and Float64Array elements, and rounded each step with Math.fround',
    text: `function k(x, a32, a64) {
  const t = gpu.threadIdx.x;
  let s32 = Math.fround(0);
  let s64 = 0;
  for (let i = 0; i < x.length; i++) {
    s32 = Math.fround(s32 + Math.fround(x[i] * 0.1));
    s64 += x[i] * 0.1;
    a32[t] += x[(i + t) % x.length];
    a64[t] += x[(i + t) % x.length] / 3;
  }
  a32[t + gpu.blockDim.x] = s32;
  a64[t + gpu.blockDim.x] = s64;
}`,
    grid: 1,
    block: 4,
    args: () => [
      Float64Array.from({ length: 33 }, (_, i) => 1 / (i + 1) - i * 1e-3),
      new Float32Array(8),
      new Float64Array(8),
    ],
  },
  {
    name: 'a large 1-D grid with a bounds guard and a grid-wide atomic count',
    text: `function k(x, y, count) {
  const i = gpu.blockIdx.x * gpu.blockDim.x + gpu.threadIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  y[i] = v * v - 2 * v;
  if (v % 3 === 0) gpu.atomicAdd(count, 0, 1);
}`,
    grid: 1031,
    block: 33,
    args: () => [
      Int32Array.from({ length: 33997 }, (_, i) => i - 17000),
      new Int32Array(33997),
      new Uint32Array(1),
    ],
  },
  {
    name: 'geometry of an odd 3-D block: linear ids, lanes, warps, popcount and ballots of a partial warp',
    text: `function k(o, b) {
  const t = { x: gpu.threadIdx.x, y: gpu.threadIdx.y, z: gpu.threadIdx.z };
  const { x: dx, y: dy, z: dz } = { x: gpu.blockDim.x, y: gpu.blockDim.y, z: gpu.blockDim.z };
  const d = { x: dx, y: dy, z: dz };
  const lin = (t.z * d.y + t.y) * d.x + t.x;
  const perBlock = d.x * d.y * d.z;
  const g = (gpu.blockIdx.y * gpu.gridDim.x + gpu.blockIdx.x) * perBlock + lin;
  const bal = gpu.ballot((lin * 7) % 5 < 2);
  o[g * 3] = gpu.laneId + 100 * (lin >> 5);
  o[g * 3 + 1] = gpu.popcount(lin) + gpu.popcount(-lin);
  o[g * 3 + 2] = gpu.voteAny(lin === 40) ? 1 : 0;
  b[g] = bal;
}`,
    grid: [2, 3],
    block: [5, 3, 3],
    args: () => [new Int32Array(6 * 45 * 3), new BigUint64Array(6 * 45)],
  },
  {
    name: 'a 2-D view stencil on a 3-D launch writing one plane per z',
    text: `function k(a, out, w) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y, z = gpu.globalIdx.z;
  const h = a.length / w;
  if (x >= w || y >= h) return;
  const up = y > 0 ? a.get(y - 1, x) : 0;
  const left = x > 0 ? a.get(y, x - 1) : 0;
  out.set(z, y * w + x, a.get(y, x) * (z + 1) - up + left);
}`,
    grid: [2, 2, 1],
    block: [4, 3, 3],
    args: () => [
      view(
        Float64Array.from({ length: 35 }, (_, i) => i * 1.5),
        5,
        7,
      ),
      view(new Float64Array(105), 3, 35),
      7,
    ],
  },
  {
    name: 'a kernel that returns early with no value and returns a value at its end',
    text: `function k(o, n) {
  const t = gpu.threadIdx.x;
  if (t >= n) return;
  o[t] = t * 3;
  if (t === 1) return;
  o[t] += 1;
  return o[t];
}`,
    grid: 1,
    block: 6,
    args: () => [new Int32Array(6), 4],
  },
  {
    name: 'bit tricks: reversed bits, shift counts past 31 and negative, 1 << 31, clz32 of fractions',
    text: `function k(x, o) {
  const i = gpu.threadIdx.x;
  let v = x[i];
  let r = 0;
  for (let b = 0; b < 32; b++) { r = (r << 1) | (v & 1); v >>>= 1; }
  const b0 = i * 8;
  o[b0] = r >>> 0;
  o[b0 + 1] = x[i] << 33;
  o[b0 + 2] = x[i] >>> 32;
  o[b0 + 3] = x[i] >> -1;
  o[b0 + 4] = (1 << 31) >>> i;
  o[b0 + 5] = Math.clz32(x[i] / 3);
  o[b0 + 6] = (x[i] & -x[i]) >>> 0;
  o[b0 + 7] = x[i] ^ (x[i] >>> 1);
}`,
    grid: 1,
    block: 6,
    args: () => [Uint32Array.of(1, 0x80000000, 0xdeadbeef, 0, 12345, 0xffffffff), new Float64Array(48)],
  },
  {
    name: 'an exclusive scan of three warps with shuffleUp and the warp totals through shared memory',
    text: `function k(x, y) {
  const t = gpu.threadIdx.x;
  const lane = t & 31, warp = t >> 5;
  const sums = gpu.sharedArray(Int32Array, 4);
  const v = x[t];
  let s = v;
  for (let d = 1; d < 32; d *= 2) {
    const n = gpu.shuffleUp(s, d);
    if (lane >= d) s += n;
  }
  if (lane === 31) sums[warp] = s;
  gpu.barrier();
  if (t === 0) { let run = 0; for (let w = 0; w < 3; w++) { const c = sums[w]; sums[w] = run; run += c; } }
  gpu.barrier();
  y[t] = s - v + sums[warp];
}`,
    grid: 1,
    block: 96,
    args: () => [Int32Array.from({ length: 96 }, (_, i) => ((i * 13) % 9) - 4), new Int32Array(96)],
  },
  {
    name: 'number idioms on Float32Array: | 0, ~~, Math.round, %, min and max with -0 and literals, hypot',
    text: `function k(x, o, q) {
  const i = gpu.threadIdx.x;
  const v = x[i], w = x[(i + 5) % x.length];
  const b = i * 12;
  q[i * 4] = v | 0; q[i * 4 + 1] = ~~v; q[i * 4 + 2] = (v * 2) >> 1; q[i * 4 + 3] = Math.clz32(v);
  o[b] = Math.trunc(v); o[b + 1] = Math.round(v); o[b + 2] = Math.sign(v); o[b + 3] = v % w;
  o[b + 4] = Math.min(v, w, 0.1); o[b + 5] = Math.max(-0, v); o[b + 6] = Math.hypot(v, w);
  o[b + 7] = Math.floor(v) === v ? 1 : 0; o[b + 8] = Number.isInteger(v) ? 1 : 0;
  o[b + 9] = Math.abs(v) % 3; o[b + 10] = -v % 2; o[b + 11] = Math.max(v, 16777217, -1.5);
}`,
    grid: 1,
    block: AWKWARD_F32.length,
    args: () => [
      Float32Array.from(AWKWARD_F32),
      new Float32Array(AWKWARD_F32.length * 12),
      new Int32Array(AWKWARD_F32.length * 4),
    ],
    ulps: 2,
  },
  {
    name: 'a segmented scan with i32 head flags and a reversed-bits table in u32',
    text: `function k(x, heads, y, bits) {
  const n = gpu.blockDim.x;
  const v = gpu.sharedArray(Int32Array, 40);
  const f = gpu.sharedArray(Int32Array, 40);
  const t = gpu.threadIdx.x;
  const g = gpu.blockIdx.x * n + t;
  v[t] = x[g];
  f[t] = heads[g];
  gpu.barrier();
  for (let d = 1; d < n; d <<= 1) {
    let nv = v[t], nf = f[t];
    if (t >= d && !f[t]) { nv += v[t - d]; nf |= f[t - d]; }
    gpu.barrier();
    v[t] = nv;
    f[t] = nf;
    gpu.barrier();
  }
  y[g] = v[t];
  let u = bits[g], r = 0;
  for (let b = 0; b < 32; b++) { r = (r << 1) | (u & 1); u >>>= 1; }
  bits[g] = r ^ (bits[g] >>> 1);
}`,
    grid: 2,
    block: 40,
    args: () => [
      Int32Array.from({ length: 80 }, (_, i) => (i % 7) - 2),
      Int32Array.from({ length: 80 }, (_, i) => (i % 11 === 0 || i % 13 === 5 ? 1 : 0)),
      new Int32Array(80),
      Uint32Array.from({ length: 80 }, (_, i) => Math.imul(i + 1, 0x9e3779b9) >>> 0),
    ],
  },
  {
    name: 'a loop up to a u32 bound reading around an array with %, and u32 minus a constant wrapped',
    text: `function k(u, o) {
  const t = gpu.threadIdx.x;
  const n = u[t];
  let s = 0;
  for (let i = 0; i < n; i++) s += u[i % u.length] + u[(i * 3 + t) % 4];
  o[t * 2] = s;
  o[t * 2 + 1] = (n - 10) >>> 0;
}`,
    grid: 1,
    block: 4,
    args: () => [Uint32Array.of(3, 70001, 12, 0), new Float64Array(8)],
  },
  {
    name: 'device functions with default and destructured parameters reaching a barrier and a shuffle',
    text: `function k(x, o) {
  const t = gpu.threadIdx.x;
  o[t] = blockSum(x[t]) + warpSum({ v: x[t] }) + warpSum({ v: 1 }, 8) + blockSum(1, 4);
}`,
    grid: 2,
    block: 32,
    scope: () => ({
      blockSum: new Function(
        'gpu',
        `return function blockSum(v, n = 32) {
  const s = gpu.sharedArray(Float64Array, 32);
  s[gpu.threadIdx.x] = v;
  gpu.barrier();
  let acc = 0;
  for (let i = 0; i < n; i++) acc += s[i];
  gpu.barrier();
  return acc;
}`,
      )(gpu),
      warpSum: new Function(
        'gpu',
        `return function warpSum({ v }, width = 32) {
  let s = v;
  for (let o = width >> 1; o > 0; o >>= 1) s += gpu.shuffleXor(s, o);
  return s;
}`,
      )(gpu),
    }),
    args: () => [Float64Array.from({ length: 32 }, (_, i) => i * 0.5 - 3), new Float64Array(32)],
  },
  {
    name: 'a kernel with a barrier and shuffles returning early with no value and at its end with one',
    text: `function k(x, o) {
  const s = gpu.sharedArray(Int32Array, 64);
  const t = gpu.threadIdx.x;
  s[t] = x[t];
  gpu.barrier();
  const v = gpu.shuffleXor(s[63 - t], 1);
  if (t % 5 === 0) { o[t] = -v; return; }
  o[t] = v + s[(t + 1) & 63];
  return v * 2;
}`,
    grid: 2,
    block: 64,
    args: () => [Int32Array.from({ length: 64 }, (_, i) => i * i - 50), new Int32Array(64)],
  },
  {
    name: 'an arrow kernel calling a helper whose defaults read the scope and an earlier parameter',
    text: '(o, x) => o[gpu.globalIdx.x] = scale(x[gpu.globalIdx.x])',
    grid: 2,
    block: 3,
    scope: () => ({
      K: 2.5,
      scale: new Function('return function scale(v, k = K, b = k * 2) { return v * k + b; }')(),
    }),
    args: () => [new Float64Array(6), Float64Array.of(1, 2, 3, 4, 5, 6)],
  },
  {
    name: 'the game of life on a Uint8Array torus, 2-D blocks with guards',
    text: `function k(a, b, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  let n = 0;
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++) {
      if (dx === 0 && dy === 0) continue;
      n += a[((y + dy + h) % h) * w + ((x + dx + w) % w)];
    }
  const alive = a[y * w + x] === 1;
  b[y * w + x] = alive ? (n === 2 || n === 3 ? 1 : 0) : n === 3 ? 1 : 0;
}`,
    grid: [2, 2],
    block: [8, 5],
    args: () => [
      Uint8Array.from({ length: 15 * 9 }, (_, i) => ((i * 7) % 5 === 0 ? 1 : 0)),
      new Uint8Array(15 * 9),
      15,
      9,
    ],
  },
  {
    name: 'occurrences of a byte pattern per chunk, with a labelled continue out of the inner loop',
    text: `function k(s, p, out) {
  const t = gpu.globalIdx.x;
  const per = 8;
  let count = 0;
  outer: for (let i = t * per; i < (t + 1) * per && i < s.length; i++) {
    for (let j = 0; j < p.length; j++) {
      if (i + j >= s.length || s[i + j] !== p[j]) continue outer;
    }
    count++;
  }
  out[t] = count;
}`,
    grid: 1,
    block: 8,
    args: () => {
      const text = new TextEncoder();
      return [text.encode('abababcabcaabcabcabcxabcabcababcab'), text.encode('abc'), new Int32Array(8)];
    },
  },
  {
    name: 'hypot, min, max, atan2, sign and % over every pair of special values, in f64 and f32',
    text: `function k(x, o, f) {
  const i = gpu.threadIdx.x, j = gpu.threadIdx.y;
  const a = x[i], b = x[j];
  const at = (i * gpu.blockDim.y + j) * 6;
  o[at] = Math.hypot(a, b); o[at + 1] = Math.min(a, b); o[at + 2] = Math.max(a, b);
  o[at + 3] = Math.atan2(a, b); o[at + 4] = Math.sign(a - b); o[at + 5] = a % b;
  const fa = Math.fround(a), fb = Math.fround(b);
  f[at] = Math.hypot(fa, fb); f[at + 1] = Math.min(fa, fb); f[at + 2] = Math.max(fa, fb);
  f[at + 3] = Math.atan2(fa, fb); f[at + 4] = Math.sign(fa - fb); f[at + 5] = fa % fb;
}`,
    grid: 1,
    block: [8, 8],
    args: () => [
      Float64Array.of(
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        0,
        -0,
        1,
        -1e-310,
        3.5e38,
      ),
      new Float64Array(384),
      new Float32Array(384),
    ],
    ulps: 2,
  },
];
