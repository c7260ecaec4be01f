// The fifth round of kernels written apart from the corpus (outside-kernels.ts runs them with the
// others): realistic algorithms (radix digit counts, bitonic and odd-even sorts in shared memory,
// Blelloch scans, clamped convolutions, colour conversion, integer parsing), integer and BigInt
// division at the edges, shift counts of every kind, values of assignments and case expressions,
// shadowed globals, kernels without semicolons or with trailing comments, values of every kind
// live across barriers, collectives in device functions of records, and edge launches (empty
// and length-1 arrays, NaN and huge bounds, subarrays at odd offsets).

import { gpu, view } from '../src/index.js';
import type { OutsideKernel } from './outside-kernels.js';

/** 32-bit integers at the edges of division: zero, ±1, the extremes, small and large. */
const I32 = [0, 1, -1, 7, -7, 2147483647, -2147483648, 3, -3, 65536, -65536, 100, -100, 2, -2, 1000000007];

export const FIFTH_ROUND: readonly OutsideKernel[] = [
  {
    name: 'i32 division and remainder of every pair, MIN by -1 included',
    text: `function k(a, q, r, f) {
  const n = a.length;
  const i = gpu.globalIdx.x;
  if (i >= n * n) return;
  const x = a[(i / n) | 0], y = a[i % n];
  q[i] = (x / y) | 0;
  r[i] = x % y;
  if (y !== 0) f[i] = x % y;
  f[n * n + i] = Math.trunc(x / y);
}`,
    grid: 4,
    block: 64,
    args: () => [Int32Array.from(I32), new Int32Array(256), new Int32Array(256), new Float64Array(512)],
  },
  {
    name: 'i64 division and remainder of MIN by -1n, and of negatives',
    text: `function k(a, q, r) {
  const n = a.length;
  const i = gpu.globalIdx.x;
  if (i >= n * n) return;
  const x = a[(i / n) | 0], y = a[i % n];
  if (y === 0n) return;
  q[i] = x / y;
  r[i] = x % y;
}`,
    grid: 1,
    block: 64,
    args: () => [
      BigInt64Array.from([0n, 1n, -1n, 7n, -7n, 9223372036854775807n, -9223372036854775808n, 3n]),
      new BigInt64Array(64),
      new BigInt64Array(64),
    ],
  },
  {
    name: 'radix sort digit counts: a shared histogram of 4-bit digits, its exclusive scan, and ranks',
    text: `function k(keys, shift, counts, offsets) {
  const hist = gpu.sharedArray(Uint32Array, 16);
  const t = gpu.threadIdx.x;
  if (t < 16) hist[t] = 0;
  gpu.barrier();
  const i = gpu.globalIdx.x;
  if (i < keys.length) gpu.atomicAdd(hist, (keys[i] >>> shift) & 15, 1);
  gpu.barrier();
  if (t === 0) {
    let run = 0;
    for (let d = 0; d < 16; d++) {
      const c = hist[d];
      counts[gpu.blockIdx.x * 16 + d] = c;
      offsets[gpu.blockIdx.x * 16 + d] = run;
      run += c;
    }
  }
}`,
    grid: 3,
    block: 64,
    args: () => [
      Uint32Array.from({ length: 150 }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0),
      4,
      new Uint32Array(48),
      new Uint32Array(48),
    ],
  },
  {
    name: 'a bitonic sort of f64 keys in shared memory padded with Infinity, NaN and -0 among them',
    text: `function k(x, out) {
  const s = gpu.sharedArray(Float64Array, 64);
  const t = gpu.threadIdx.x;
  const n = x.length;
  s[t] = t < n ? x[t] : Infinity;
  gpu.barrier();
  for (let size = 2; size <= 64; size <<= 1) {
    for (let stride = size >> 1; stride > 0; stride >>= 1) {
      const p = t ^ stride;
      if (p > t) {
        const up = (t & size) === 0;
        const a = s[t], b = s[p];
        if ((a > b) === up && a !== b) {
          s[t] = b;
          s[p] = a;
        }
      }
      gpu.barrier();
    }
  }
  if (t < n) out[t] = s[t];
}`,
    grid: 1,
    block: 64,
    args: () => [
      Float64Array.from([5, -0, 0, -1, 3.5, 1e300, -Infinity, 2, 2, -7.25, 0, 9, 8, -0, 4, 1, 17, -3, 6, 11]),
      new Float64Array(20),
    ],
  },
  {
    name: 'RGBA bytes to grey and YCbCr with Math.round, clamped with Math.min and max',
    text: `function k(rgba, grey, ycc) {
  const i = gpu.globalIdx.x;
  if (i * 4 >= rgba.length) return;
  const r = rgba[i * 4], g = rgba[i * 4 + 1], b = rgba[i * 4 + 2], a = rgba[i * 4 + 3];
  const lum = 0.299 * r + 0.587 * g + 0.114 * b;
  grey[i] = Math.round((lum * a) / 255);
  const cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
  const cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
  ycc[i * 3] = Math.min(255, Math.max(0, Math.round(lum)));
  ycc[i * 3 + 1] = Math.min(255, Math.max(0, Math.round(cb * 1.1 - 12)));
  ycc[i * 3 + 2] = Math.trunc(Math.min(255.9, Math.max(-0.9, cr * 1.2 - 25)));
}`,
    grid: 2,
    block: 32,
    args: () => [
      Uint8Array.from({ length: 200 }, (_, i) => (i * 97 + (i >> 2) * 13) & 255),
      new Uint8Array(50),
      new Int16Array(150),
    ],
  },
  {
    name: 'a 3x3 convolution of a 2-D view with clamped borders, f32 rounded each step',
    text: `function k(img, w, out, rows, cols) {
  const c = gpu.globalIdx.x, r = gpu.globalIdx.y;
  if (r >= rows || c >= cols) return;
  let acc = Math.fround(0);
  for (let dy = -1; dy <= 1; dy++) {
    const y = Math.min(rows - 1, Math.max(0, r + dy));
    for (let dx = -1; dx <= 1; dx++) {
      const x = Math.min(cols - 1, Math.max(0, c + dx));
      acc = Math.fround(acc + Math.fround(w[(dy + 1) * 3 + dx + 1] * img.get(y, x)));
    }
  }
  out.set(r, c, acc);
}`,
    grid: [2, 3],
    block: [8, 4],
    args: () => {
      const rows = 11,
        cols = 13;
      const data = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i) * 10);
      return [
        view(data, rows, cols),
        Float32Array.from([0.0625, 0.125, 0.0625, 0.125, 0.25, 0.125, 0.0625, 0.125, 0.0625]),
        view(new Float32Array(rows * cols), rows, cols),
        rows,
        cols,
      ];
    },
  },
  {
    name: 'a Blelloch exclusive scan of Int32 in shared memory, n not a multiple of the block',
    text: `function k(x, y) {
  const s = gpu.sharedArray(Int32Array, 128);
  const t = gpu.threadIdx.x;
  const base = gpu.blockIdx.x * 128;
  const n = x.length;
  s[2 * t] = base + 2 * t < n ? x[base + 2 * t] : 0;
  s[2 * t + 1] = base + 2 * t + 1 < n ? x[base + 2 * t + 1] : 0;
  let off = 1;
  for (let d = 64; d > 0; d >>= 1) {
    gpu.barrier();
    if (t < d) {
      const ai = off * (2 * t + 1) - 1, bi = off * (2 * t + 2) - 1;
      s[bi] += s[ai];
    }
    off *= 2;
  }
  if (t === 0) s[127] = 0;
  for (let d = 1; d < 128; d *= 2) {
    off >>= 1;
    gpu.barrier();
    if (t < d) {
      const ai = off * (2 * t + 1) - 1, bi = off * (2 * t + 2) - 1;
      const v = s[ai];
      s[ai] = s[bi];
      s[bi] += v;
    }
  }
  gpu.barrier();
  if (base + 2 * t < n) y[base + 2 * t] = s[2 * t];
  if (base + 2 * t + 1 < n) y[base + 2 * t + 1] = s[2 * t + 1];
}`,
    grid: 3,
    block: 64,
    args: () => [
      Int32Array.from({ length: 300 }, (_, i) => ((i * 7919) % 23) - 11 + (i === 5 ? 2147483000 : 0)),
      new Int32Array(300),
    ],
  },
  {
    name: 'parsing decimal integers from bytes with Math.imul, sign, overflow wrapping with | 0',
    text: `function k(text, starts, out, ok) {
  const i = gpu.globalIdx.x;
  if (i >= starts.length - 1) return;
  let p = starts[i];
  const end = starts[i + 1];
  while (p < end && text[p] === 32) p++;
  let neg = false;
  if (text[p] === 45) { neg = true; p++; } else if (text[p] === 43) p++;
  let v = 0, digits = 0;
  for (; p < end; p++) {
    const c = text[p] - 48;
    if (c < 0 || c > 9) break;
    v = (Math.imul(v, 10) + c) | 0;
    digits++;
  }
  out[i] = neg ? -v | 0 : v;
  ok[i] = digits > 0 && (p === end || text[p] === 32) ? 1 : 0;
}`,
    grid: 1,
    block: 16,
    args: () => {
      const words = [
        '  42',
        '-17',
        '+0',
        '-0',
        '2147483647',
        '2147483648',
        '-2147483648',
        '99999999999',
        'x1',
        '12x',
        '',
        ' 7 ',
        '-',
      ];
      const bytes: number[] = [];
      const starts = [0];
      for (const w of words) {
        for (const c of w) bytes.push(c.charCodeAt(0));
        starts.push(bytes.length);
      }
      return [
        Uint8Array.from(bytes),
        Int32Array.from(starts),
        new Int32Array(words.length),
        new Uint8Array(words.length),
      ];
    },
  },
  {
    name: 'shift counts negative, past 31, fractional, NaN and huge, on i32, u32 and f64 operands',
    text: `function k(x, c, o, u) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i], s = c[i];
  o[i * 4] = v << s;
  o[i * 4 + 1] = v >> s;
  u[i * 2] = v >>> s;
  o[i * 4 + 2] = 1 << s;
  o[i * 4 + 3] = -1 >> s;
  u[i * 2 + 1] = -1 >>> s;
}`,
    grid: 1,
    block: 16,
    args: () => [
      Float64Array.from([
        1,
        -1,
        0.5,
        2147483648,
        -2147483649,
        4294967297,
        Number.NaN,
        1e20,
        -0,
        123.9,
        -123.9,
        3,
      ]),
      Float64Array.from([
        -1,
        32,
        33,
        31.9,
        -31.5,
        Number.NaN,
        1e10,
        -4294967295,
        4294967296,
        Infinity,
        0.99,
        -0,
      ]),
      new Int32Array(48),
      new Uint32Array(24),
    ],
  },
  {
    name: 'BigInt64 and BigUint64 conversions at the edges: BigInt of i32 and u32, Number of large BigInts, asIntN of small widths',
    text: `function k(a, b, s, f, o, p) {
  const i = gpu.globalIdx.x;
  if (i >= a.length) return;
  const x = a[i], y = b[i];
  f[i * 3] = Number(x);
  f[i * 3 + 1] = Number(y);
  f[i * 3 + 2] = Number(x) + 0.5;
  o[i * 4] = BigInt(s[i]);
  o[i * 4 + 1] = BigInt.asIntN(8, x);
  o[i * 4 + 2] = BigInt.asIntN(1, x);
  o[i * 4 + 3] = BigInt.asIntN(33, y * 3n);
  p[i * 3] = BigInt.asUintN(7, x);
  p[i * 3 + 1] = BigInt(s[i] >>> 0);
  p[i * 3 + 2] = BigInt.asUintN(0, y);
}`,
    grid: 1,
    block: 8,
    args: () => [
      BigInt64Array.from([
        0n,
        -1n,
        9007199254740993n,
        -9223372036854775808n,
        9223372036854775807n,
        255n,
        -129n,
        2n ** 53n + 1n,
      ]),
      BigUint64Array.from([
        0n,
        18446744073709551615n,
        9007199254740993n,
        2n ** 63n,
        2n ** 63n + 1025n,
        1n,
        12345678901234567890n,
        3n,
      ]),
      Int32Array.from([0, -1, 2147483647, -2147483648, 5, -5, 1, 255]),
      new Float64Array(24),
      new BigInt64Array(32),
      new BigUint64Array(24),
    ],
  },
  {
    name: 'Math of -0, infinities and NaN through sinh, tanh, asinh, atanh, expm1, log1p, cbrt, exp and log',
    text: `function k(x, o, g) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  const w = Math.fround(v);
  const fs = [Math.sinh(v), Math.tanh(v), Math.asinh(v), Math.atanh(v), Math.expm1(v), Math.log1p(v), Math.cbrt(v), Math.exp(-v), Math.log(v), Math.sin(v), Math.atan(v), Math.sign(v)];
  for (let j = 0; j < 12; j++) o[i * 12 + j] = fs[j];
  const gs = [Math.sinh(w), Math.tanh(w), Math.asinh(w), Math.atanh(w), Math.expm1(w), Math.log1p(w), Math.cbrt(w), Math.exp(-w), Math.log(w), Math.sin(w), Math.atan(w), Math.sign(w)];
  for (let j = 0; j < 12; j++) g[i * 12 + j] = gs[j];
}`,
    grid: 1,
    block: 8,
    args: () => [
      Float64Array.from([-0, 0, Infinity, -Infinity, Number.NaN, -1, 1, 1e-310]),
      new Float64Array(96),
      new Float32Array(96),
    ],
    ulps: 2,
  },
  {
    name: 'pow, atan2 and hypot of signed zeros, infinities and NaN, and ** of integers',
    text: `function k(x, o, io) {
  const n = x.length;
  const i = gpu.globalIdx.x;
  if (i >= n * n) return;
  const a = x[(i / n) | 0], b = x[i % n];
  o[i * 3] = Math.pow(a, b);
  o[i * 3 + 1] = Math.atan2(a, b);
  o[i * 3 + 2] = Math.hypot(a, b, -b);
  const p = io[i % io.length], q = io[(i * 5) % io.length];
  o[3 * n * n + i] = p ** q;
}`,
    grid: 2,
    block: 64,
    args: () => [
      Float64Array.from([-0, 0, -Infinity, Infinity, Number.NaN, -1, 1, 0.5, -2, 3]),
      new Float64Array(400),
      Int32Array.from([0, -1, 2, -2, 31, 32, -3, 1, 10, -8]),
    ],
    ulps: 2,
  },
  {
    name: 'compound assignments whose index increments: a[j++] += a[j++], a[j] = j++, a[--j] *= j',
    text: `function k(a, o) {
  const i = gpu.globalIdx.x;
  if (i > 0) return;
  let j = 0;
  a[j++] += a[j++];
  a[j] = j++;
  a[j++] -= a[j] * 2;
  a[--j] *= j;
  o[0] = j;
  o[1] = a[j++]++ + ++a[j];
  o[2] = j;
  a[(j += 2)] = (j *= 2);
  o[3] = j;
}`,
    grid: 1,
    block: 1,
    args: () => [Float64Array.from({ length: 12 }, (_, i) => i * 1.5 + 1), new Int32Array(4)],
  },
  {
    name: 'short-circuits with side effects on a counter, as values and conditions',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  let c = 0;
  const v = x[i];
  const a = (c++ < 1 && v > 0) || (c++, v < -5);
  const b = v && c++;
  const d = (v > 2 ? v : c++ > 5 ? 1 : 0) && (c += 10);
  if (!(c++ & 1) || c++ > 3) c *= 3;
  o[i * 4] = a ? 1 : 0;
  o[i * 4 + 1] = b;
  o[i * 4 + 2] = d;
  o[i * 4 + 3] = c;
}`,
    grid: 1,
    block: 8,
    args: () => [Float64Array.from([0, 1, -1, 3, -7, Number.NaN, -0, 2.5]), new Float64Array(32)],
  },
  {
    name: 'a device function with returns of i32, u32 and f64 from nested loops and a switch',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  if (i < x.length) o[i] = classify(x[i], i);
}`,
    grid: 1,
    block: 16,
    scope: () => ({
      // Text, for its fall-through (which TypeScript's checks refuse in this file).
      classify: new Function(`return function classify(v, i) {
  switch (i & 3) {
    case 0:
      if (v < 0) return -1;
    case 1:
      for (let k = 0; k < 8; k++) {
        if (v * k > 10) return k;
        for (let m = k; m < 4; m++) if (v + m === 3) return m * 0.25;
      }
      break;
    case 2:
      return v >>> 0;
    default:
  }
  return v / 2;
}`)(),
    }),
    args: () => [
      Float64Array.from([-1, 2, -3, 4, 0.5, -0.5, 7, 3, 1, 2.75, -4, 12, -0, Number.NaN, 3.5, 1e10]),
      new Float64Array(16),
    ],
  },
  {
    name: 'destructuring records of tuples with renames, a tuple swap through a declaration, and a record returned by a helper',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const { lo: [a, b], hi: { top, bottom: btm } } = LIMITS;
  let [p, q] = [x[i], -x[i]];
  if (p < q) {
    const [hi, lo] = [q, p];
    p = hi;
    q = lo;
  }
  const { min, max } = span(p, q, a);
  o[i * 4] = Math.min(Math.max(x[i], a), top);
  o[i * 4 + 1] = b + btm;
  o[i * 4 + 2] = min;
  o[i * 4 + 3] = max;
}`,
    grid: 1,
    block: 8,
    scope: () => ({
      LIMITS: { lo: [-2, 0.5], hi: { top: 3, bottom: -0.25 } },
      span: function span(u: number, v: number, w: number) {
        return { min: Math.min(u, v, w), max: Math.max(u, v, w) };
      },
    }),
    args: () => [Float64Array.from([1, -5, 2.5, 4, -0, Number.NaN, 0.25, -3]), new Float64Array(32)],
  },
  {
    name: 'labelled continue from a switch inside nested loops, and a labelled block left from a case',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  let s = 0;
  outer: for (let a = 0; a < 6; a++) {
    inner: for (let b = 0; b < 6; b++) {
      switch ((x[i] + a * b) % 5) {
        case 0:
          continue outer;
        case 1:
          s += 1;
        case 2:
          s += 10;
          break;
        case 3:
          done: {
            if (b > a) break done;
            s += 100;
            continue inner;
          }
          s += 1000;
          break inner;
        default:
          s -= 1;
      }
      s *= 2;
    }
    s += 0.5;
  }
  o[i] = s;
}`,
    grid: 1,
    block: 16,
    args: () => [Int32Array.from({ length: 16 }, (_, i) => i * 3 - 7), new Float64Array(16)],
  },
  {
    name: 'do-while whose condition steps a counter and reads an element, with continue and early return',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  if (i >= o.length) return;
  let k = x.length, s = 0, it = 0;
  do {
    it++;
    if (x[k - 1] < 0) continue;
    if (x[k - 1] > 100 + i) { o[i] = -it; return; }
    s += x[k - 1] * (i + 1);
  } while (--k > 0 && x[k] !== i);
  o[i] = s + it * 1000;
}`,
    grid: 1,
    block: 8,
    args: () => [Int32Array.from([3, -1, 5, 104, 2, 0, 7, -3, 1, 6]), new Int32Array(8)],
  },
  {
    name: 'edge inputs: an empty array, a length-1 array, NaN, negative and huge scalar bounds',
    text: `function k(e, one, o, n, m, lim) {
  const i = gpu.globalIdx.x;
  let s = 0;
  for (let j = 0; j < e.length; j++) s += e[j];
  for (let j = 0; j < n; j++) s += 1;
  for (let j = i; j < m && j < i + 5; j++) s += 2;
  let c = 0;
  while (c < lim && c < 3) c++;
  if (i < o.length) o[i] = s + one[0] + c * 100 + e.length;
}`,
    grid: 2,
    block: 3,
    args: () => [
      new Float64Array(0),
      Float64Array.from([0.5]),
      new Float64Array(6),
      Number.NaN,
      1e12,
      -Infinity,
    ],
  },
  {
    name: 'a scalar argument of -0 and of 2^31 as f64 driving a loop and an index',
    text: `function k(o, z, big) {
  const i = gpu.globalIdx.x;
  if (i >= o.length) return;
  o[i] = 1 / (z * i) + (big - i) % 7 + (i < big ? 1 : 0);
  for (let j = big - 3; j < big; j++) o[i] += j - big;
}`,
    grid: 1,
    block: 4,
    args: () => [new Float64Array(4), -0, 2147483648],
  },
  {
    name: 'sub-views with odd offsets of Int16, Float64 and Uint8 buffers, written through one and read through another',
    text: `function k(a, b, c, o) {
  const i = gpu.globalIdx.x;
  if (i < a.length) a[i] = a[i] * -3 + i;
  if (i < b.length) b[i] = b[i] / 2 - c.length;
  if (i < c.length) c[i] = c[i] + 250;
  if (i === 0) { o[0] = a.length; o[1] = b.length; o[2] = c.length; }
}`,
    grid: 1,
    block: 16,
    args: () => {
      const s16 = Int16Array.from({ length: 20 }, (_, i) => i * 5000 - 40000);
      const f64 = Float64Array.from({ length: 20 }, (_, i) => i - 10.5);
      const u8 = Uint8Array.from({ length: 20 }, (_, i) => i * 13);
      return [s16.subarray(3, 14), f64.subarray(5, 6), u8.subarray(7), new Int32Array(3)];
    },
  },
  {
    name: 'nested ternaries merging i32, u32, f32 and f64 stored into an Int16Array and a Float32Array',
    text: `function k(a, u, f, d, s, o) {
  const i = gpu.globalIdx.x;
  if (i >= a.length) return;
  const x = a[i] < 0 ? (u[i] > 5 ? u[i] : a[i]) : f[i] > 1 ? f[i] : a[i] === 0 ? d[i] : -0;
  s[i] = x;
  o[i] = x;
  o[a.length + i] = a[i] > 0 ? (a[i] > 100 ? 70000.7 : u[i]) : f[i];
}`,
    grid: 1,
    block: 8,
    args: () => [
      Int32Array.from([-1, -5, 0, 3, 200, -40000, 0, 7]),
      Uint32Array.from([1, 4294967295, 3, 70000, 9, 6, 2, 0]),
      Float32Array.from([0.5, 2.5, -1, 3.25, 0.1, 1e10, 1.5, -0]),
      Float64Array.from([0.1, 0.2, 40000.5, -0.5, 1e300, -1e300, -0, Number.NaN]),
      new Int16Array(8),
      new Float32Array(16),
    ],
  },
  {
    name: 'a warp-level rank of equal digits with ballots, BigInt masks and popcount',
    text: `function k(keys, rank) {
  const i = gpu.globalIdx.x;
  const lane = gpu.laneId;
  const d = i < keys.length ? keys[i] & 7 : -1;
  let same = 0n;
  for (let b = 0; b < 8; b++) {
    const m = gpu.ballot(d === b);
    if (d === b) same = m;
  }
  const below = same & BigInt.asUintN(64, (1n << BigInt(lane)) - 1n);
  if (i < keys.length) rank[i] = gpu.popcount(below) * 100 + gpu.popcount(same);
}`,
    grid: 2,
    block: 48,
    args: () => [Int32Array.from({ length: 90 }, (_, i) => (i * 5) ^ (i >> 2)), new Int32Array(90)],
  },
  {
    name: 'an in-place reversal with two counters in one for, and a comma in the update',
    text: `function k(x, lens) {
  const r = gpu.globalIdx.x;
  if (r >= lens.length - 1) return;
  for (let i = lens[r], j = lens[r + 1] - 1; i < j; i++, j--) {
    const t = x[i];
    x[i] = x[j];
    x[j] = t;
  }
}`,
    grid: 1,
    block: 8,
    args: () => [
      Float32Array.from({ length: 30 }, (_, i) => i * 0.5 - 3),
      Int32Array.from([0, 1, 1, 5, 12, 13, 30]),
    ],
  },
  {
    name: 'an insertion sort of a local Int16Array per thread, then its median and a key of its bytes',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  if (i * 7 + 7 > x.length) return;
  const v = new Int16Array(7);
  for (let j = 0; j < 7; j++) v[j] = x[i * 7 + j];
  for (let j = 1; j < 7; j++) {
    const key = v[j];
    let m = j - 1;
    while (m >= 0 && v[m] > key) {
      v[m + 1] = v[m];
      m--;
    }
    v[m + 1] = key;
  }
  o[i * 3] = v[3];
  o[i * 3 + 1] = v[0] - v[6];
  o[i * 3 + 2] = (v[0] & 255) | ((v[6] & 255) << 8);
}`,
    grid: 1,
    block: 8,
    args: () => [
      Float64Array.from({ length: 56 }, (_, i) => ((i * 7919) % 70000) - 35000 + (i % 3) * 0.5),
      new Int32Array(24),
    ],
  },
  {
    name: 'u32 and i32 mixed in Math.max, Math.imul and ** and compared with negatives',
    text: `function k(a, u, o) {
  const i = gpu.globalIdx.x;
  if (i >= a.length) return;
  const x = a[i], y = u[i];
  o[i * 6] = Math.max(x, y);
  o[i * 6 + 1] = Math.min(x, y, -0);
  o[i * 6 + 2] = Math.imul(x, y);
  o[i * 6 + 3] = y ** 2;
  o[i * 6 + 4] = (y > x ? 1 : 0) + (y === x ? 10 : 0) + (y < -1 ? 100 : 0);
  o[i * 6 + 5] = y - x;
}`,
    grid: 1,
    block: 8,
    args: () => [
      Int32Array.from([-1, 0, 5, -2147483648, 2147483647, 7, -0, 3]),
      Uint32Array.from([4294967295, 0, 5, 2147483648, 2147483647, 6, 1, 4294967293]),
      new Float64Array(48),
    ],
  },
  {
    name: 'a matrix transpose through views of a 2-D grid of 2-D blocks, rows and columns not multiples of the tile',
    text: `function k(a, t, rows, cols) {
  const tile = gpu.sharedArray(Float64Array, 8 * 9);
  const bx = gpu.blockIdx.x * 8, by = gpu.blockIdx.y * 8;
  const tx = gpu.threadIdx.x, ty = gpu.threadIdx.y;
  if (by + ty < rows && bx + tx < cols) tile[ty * 9 + tx] = a.get(by + ty, bx + tx);
  gpu.barrier();
  const r = bx + ty, c = by + tx;
  if (r < cols && c < rows) t.set(r, c, tile[tx * 9 + ty]);
}`,
    grid: [3, 2],
    block: [8, 8],
    args: () => {
      const rows = 13,
        cols = 19;
      return [
        view(
          Float64Array.from({ length: rows * cols }, (_, i) => i * 1.25 - 100),
          rows,
          cols,
        ),
        view(new Float64Array(rows * cols), cols, rows),
        rows,
        cols,
      ];
    },
  },
  {
    name: 'Uint8 and Int8 shared arrays as byte counters with wrapping increments',
    text: `function k(x, o) {
  const c = gpu.sharedArray(Uint8Array, 16);
  const d = gpu.sharedArray(Int8Array, 16);
  const t = gpu.threadIdx.x;
  if (t < 16) { c[t] = 250; d[t] = 120; }
  gpu.barrier();
  if (t === 0) {
    for (let j = 0; j < x.length; j++) {
      c[x[j] & 15] += 3;
      d[x[j] & 15]++;
      d[(x[j] >> 4) & 15] -= 7;
    }
  }
  gpu.barrier();
  if (t < 16) { o[t] = c[t]; o[16 + t] = d[t]; }
}`,
    grid: 1,
    block: 32,
    args: () => [Int32Array.from({ length: 40 }, (_, i) => (i * 37) % 256), new Int32Array(32)],
  },
  {
    name: 'a float atomic maximum by an atomicCAS loop over f64, with -0, NaN and ties',
    text: `function k(x, m) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  if (v !== v) return;
  let old = m[0];
  while (v > old || (v === 0 && old === 0 && 1 / old < 0 && 1 / v > 0)) {
    const seen = gpu.atomicCAS(m, 0, old, v);
    if (seen === old && 1 / seen === 1 / old) break;
    old = seen;
  }
}`,
    grid: 2,
    block: 16,
    args: () => [
      Float64Array.from([
        -5,
        -0,
        Number.NaN,
        -3,
        0,
        -0,
        -1e300,
        -Infinity,
        -2,
        -0.5,
        -7,
        -0.25,
        -1,
        -8,
        -9,
        -10,
      ]),
      Float64Array.from([-Infinity]),
    ],
  },
  {
    name: 'a grid-stride loop over a Float32Array with a huge stride and n of 1, and a block of 1',
    text: `function k(x, n, stride) {
  for (let i = gpu.globalIdx.x; i < n; i += stride) x[i] = x[i] * 2 - 1;
}`,
    grid: 3,
    block: 1,
    args: () => [Float32Array.from([0.75, 3, 5]), 1, 2147483647],
  },
  {
    name: 'Float32 rounding edges: Math.round of 0.49999997, 8388609, -0.5; Math.trunc, floor and ceil of f32',
    text: `function k(x, o, io) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  o[i * 5] = Math.round(v);
  o[i * 5 + 1] = Math.trunc(v);
  o[i * 5 + 2] = Math.floor(-v);
  o[i * 5 + 3] = Math.ceil(v);
  o[i * 5 + 4] = v % 1;
  io[i] = v;
}`,
    grid: 1,
    block: 16,
    args: () => [
      Float32Array.from([
        0.49999997,
        8388609,
        -0.5,
        0.5,
        -1.5,
        2.5,
        16777215,
        -16777217,
        1e-45,
        -1e-45,
        3.4e38,
        Number.NaN,
        -2.4999998,
        0.5000001,
      ]),
      new Float32Array(70),
      new Int16Array(14),
    ],
  },
  {
    name: 'the value of an assignment is its right side, not what a narrow array stored',
    text: `function k(u8, f32, i16, o) {
  const i = gpu.globalIdx.x;
  if (i > 0) return;
  o[0] = (u8[0] = 300);
  o[1] = (f32[0] = 0.1);
  o[2] = (i16[0] = -40000.5);
  o[3] = u8[1] = f32[1] = 1e10;
  o[4] = u8[1];
  o[5] = f32[1];
  let v = 0;
  o[6] = (v = 2.5) + v;
  o[7] = (u8[2] = u8[3] = -1.5);
  o[8] = u8[2];
}`,
    grid: 1,
    block: 1,
    args: () => [new Uint8Array(4), new Float32Array(2), new Int16Array(1), new Float64Array(9)],
  },
  {
    name: 'the value of a compound assignment and of ++ on narrow elements before the store wraps it',
    text: `function k(u8, i8, u32, f32, i32, o) {
  const i = gpu.globalIdx.x;
  if (i > 0) return;
  o[0] = (u8[0] += 10);
  o[1] = ++u8[1];
  o[2] = u8[1]++;
  o[3] = --i8[0];
  o[4] = (i8[1] *= 3);
  o[5] = ++u32[0];
  o[6] = (u32[1] -= 2);
  o[7] = ++f32[0];
  o[8] = (f32[1] += 0.25);
  o[9] = (i32[0] >>>= 0);
  o[10] = (i32[1] **= 2);
  o[11] = (i32[2] /= 4);
  o[12] = u8[0] + u8[1] * 1000 + i8[0] * 1e6;
}`,
    grid: 1,
    block: 1,
    args: () => [
      Uint8Array.from([250, 255]),
      Int8Array.from([-128, 100]),
      Uint32Array.from([4294967294, 7]),
      Float32Array.from([3.5, 1]),
      Int32Array.from([-5, 65536, 7]),
      new Float64Array(13),
    ],
  },
  {
    name: 'string constants with characters outside the BMP: their length in UTF-16 units',
    text: `function k(o) {
  const s = '😀é';
  const t = 'e\u0301';
  o[0] = s.length;
  o[1] = t.length;
  o[2] = KEY.length;
  o[3] = '\\u{1F600}'.length;
  const a = gpu.sharedArray(Float32Array, s.length + KEY.length);
  o[4] = a.length;
}`,
    grid: 1,
    block: 1,
    scope: () => ({ KEY: '𝒳y' }),
    args: () => [new Int32Array(5)],
  },
  {
    name: 'case expressions evaluated in order until one matches, with side effects',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  let j = 0, s = 0;
  switch (x[i]) {
    case j++:
      s += 1;
    case j++ * 2:
      s += 10;
      break;
    case -0:
      s += 100;
    case (j += 5):
      s += 1000;
      break;
    case x.length:
      s += 10000;
  }
  o[i * 2] = s;
  o[i * 2 + 1] = j;
}`,
    grid: 1,
    block: 8,
    args: () => [Float64Array.from([0, 1, 2, 3, 4, 6, 8, -0]), new Float64Array(16)],
  },
  {
    name: 'numeric literals: binary, octal, hex, separators, leading and trailing points, hex BigInts',
    text: `function k(o, b) {
  o[0] = 0b1011 + 0o17 + 0xff;
  o[1] = 1_000_000 + .5 + 5. + 1e-7;
  o[2] = 0xFFFFFFFF | 0;
  o[3] = 0xFFFFFFFF + 1;
  o[4] = -2147483648 | 0;
  o[5] = 2 ** 3 ** 2;
  o[6] = (-2) ** 31;
  o[7] = 0x7fffffff + 0x7fffffff;
  o[8] = 9007199254740993;
  o[9] = 0B11 * 0O7 * 0XA;
  b[0] = 0xffn + 0b11n + 0o7n + 1_000n;
  b[1] = -0x8000000000000000n;
  b[2] = 0xFFFFFFFFFFFFFFFFn;
}`,
    grid: 1,
    block: 1,
    args: () => [new Float64Array(10), new BigInt64Array(3)],
  },
  {
    name: 'assignments and commas in loop conditions: while ((v = x[j++]) > 0), while ((j++, j < 5))',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  if (i > 0) return;
  let j = 0, v = 0, s = 0;
  while ((v = x[j++]) > 0) s += v;
  o[0] = s;
  o[1] = j;
  let m = 0;
  while ((m++, m < 5)) s -= m;
  o[2] = s;
  o[3] = m;
  let c;
  for (c = 10; (c -= 3) > 0; ) s *= 2;
  o[4] = s;
  o[5] = c;
}`,
    grid: 1,
    block: 1,
    args: () => [Float64Array.from([3, 1.5, 2, -1, 9, 9]), new Float64Array(6)],
  },
  {
    name: 'BigInt atomics on a shared BigInt64Array: sums and masks cleared bit by bit',
    text: `function k(o) {
  const t = gpu.threadIdx.x;
  const s = gpu.sharedArray(BigInt64Array, 2);
  if (t === 0) { s[0] = 0n; s[1] = -1n; }
  gpu.barrier();
  gpu.atomicAdd(s, 0, BigInt(t));
  gpu.atomicAnd(s, 1, ~(1n << BigInt(t)));
  gpu.barrier();
  if (t === 0) { o[0] = s[0]; o[1] = s[1]; }
}`,
    grid: 1,
    block: 40,
    args: () => [new BigInt64Array(2)],
  },
  {
    name: 'f64 atomics in shared memory, atomicExch of NaN and -0, atomicSub on Uint32 past zero',
    text: `function k(x, o, u) {
  const t = gpu.threadIdx.x;
  const s = gpu.sharedArray(Float64Array, 2);
  if (t === 0) { s[0] = 0; s[1] = 1; }
  gpu.barrier();
  gpu.atomicAdd(s, 0, x[t] * 0.25);
  gpu.atomicSub(u, 0, t);
  gpu.barrier();
  if (t === 0) {
    o[0] = s[0];
    o[1] = gpu.atomicExch(s, 1, NaN);
    o[2] = gpu.atomicExch(s, 1, -0);
    o[3] = s[1];
    o[4] = gpu.atomicMin(s, 1, 0);
    o[5] = s[1];
  }
}`,
    grid: 1,
    block: 32,
    args: () => [Float64Array.from({ length: 32 }, (_, i) => i), new Float64Array(6), Uint32Array.from([10])],
  },
  {
    name: 'shuffles of BigInts, bytes and -0 doubles; lanes out of range and negative',
    text: `function k(b, x, o, ob) {
  const t = gpu.threadIdx.x;
  const v = b[t];
  ob[t * 3] = gpu.shuffle(v, (t + 1) & 31);
  ob[t * 3 + 1] = gpu.shuffleXor(v * 3n, 5);
  ob[t * 3 + 2] = gpu.shuffleDown(v, 40);
  const f = x[t];
  o[t * 3] = gpu.shuffle(f, t - 1);
  o[t * 3 + 1] = gpu.shuffleUp(f, 3);
  o[t * 3 + 2] = gpu.shuffle(f, 35);
}`,
    grid: 1,
    block: 24,
    args: () => [
      BigInt64Array.from({ length: 24 }, (_, i) => BigInt(i) * -1234567890123n),
      Float64Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? Number.NaN : i * 0.5)),
      new Float64Array(72),
      new BigInt64Array(72),
    ],
  },
  {
    name: 'an arrow kernel whose body is an assignment, with a kernel parameter that has a default',
    text: `(o, a, s = 2) => (o[gpu.globalIdx.x] = a[gpu.globalIdx.x] * s)`,
    grid: 1,
    block: 4,
    args: () => [new Float32Array(4), Float32Array.from([1, -2, 3.5, -0]), 3],
  },
  {
    name: 'switch on a boolean and on an element of a Uint8Array with negative and duplicate cases',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  let s = 0;
  switch (x[i] > 128) {
    case true: s += 1;
    case false: s += 2;
  }
  switch (x[i]) {
    case -1: s += 100; break;
    case 255: s += 200; break;
    case 255: s += 400; break;
    case 0.5 * 2: s += 800;
    default: s += 1600;
    case 2: s += 3200;
  }
  o[i] = s;
}`,
    grid: 1,
    block: 8,
    args: () => [Uint8Array.from([255, 1, 2, 0, 129, 128, 3, 254]), new Int32Array(8)],
  },
  {
    name: 'f32 remainders of huge values by literals exact in f32, f32 squares and f32 compared with doubles',
    text: `function k(x, o, c) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  o[i * 4] = v % 1.5;
  o[i * 4 + 1] = v % -0.125;
  o[i * 4 + 2] = Math.fround(v * v);
  o[i * 4 + 3] = -v % v;
  c[i] = (v === 0.1 ? 1 : 0) + (v < 0.1 ? 2 : 0) + (v == Math.fround(0.1) ? 4 : 0);
}`,
    grid: 1,
    block: 8,
    args: () => [
      Float32Array.from([3.4e38, -3.4e38, 0.1, 1e-45, 16777217, -7.75, Infinity, 0]),
      new Float32Array(32),
      new Int32Array(8),
    ],
  },
  {
    name: 'a Hillis-Steele scan with two barriers a step, threads past n reading zeros, three blocks',
    text: `function k(x, o) {
  const s = gpu.sharedArray(Float32Array, 32);
  const t = gpu.threadIdx.x;
  const i = gpu.globalIdx.x;
  const n = x.length;
  s[t] = i < n ? x[i] : 0;
  for (let w = 1; w < 32; w *= 2) {
    gpu.barrier();
    const add = t >= w ? s[t - w] : 0;
    gpu.barrier();
    s[t] += add;
  }
  if (i < n) o[i] = s[t];
}`,
    grid: 3,
    block: 32,
    args: () => [Float32Array.from({ length: 70 }, (_, i) => (i % 5) - 2), new Float32Array(70)],
  },
  {
    name: 'a device function called with functions and records, returning a tuple destructured with holes',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const [, second, , fourth] = quad(x[i], OPS);
  o[i * 2] = second;
  o[i * 2 + 1] = fourth;
}`,
    grid: 1,
    block: 8,
    scope: () => ({
      OPS: {
        f: function sq(v: number) {
          return v * v;
        },
        g: function neg(v: number) {
          return -v;
        },
      },
      quad: function quad(v: number, ops: { f: (v: number) => number; g: (v: number) => number }) {
        return [v, ops.f(v), ops.g(v), ops.g(ops.f(v)) + 1];
      },
    }),
    args: () => [Float64Array.from([1, -2, 0.5, -0, Number.NaN, 3, 1e200, -4]), new Float64Array(16)],
  },
  {
    name: 'locals that shadow globals: Infinity, NaN, undefined, Math and Number as local names',
    text: `function k(o) {
  const Infinity = 5;
  const NaN = -2;
  o[0] = Infinity + NaN;
  {
    const undefined = 7;
    o[1] = undefined * 2;
  }
  const Number = 3;
  o[2] = Number;
  let x = 1;
  {
    let x = 2;
    x += 10;
    o[3] = x;
  }
  o[4] = x;
}`,
    grid: 1,
    block: 1,
    args: () => [new Float64Array(5)],
  },
  {
    name: 'BigInts compared with numbers through Number and BigInt, and BigInts as conditions',
    text: `function k(b, x, o) {
  const i = gpu.globalIdx.x;
  if (i >= b.length) return;
  const v = b[i], n = x[i];
  let s = 0;
  if (Number(v) < n) s += 1;
  if (Number(v) == n) s += 2;
  if (v > BigInt(Math.trunc(n) | 0)) s += 4;
  if (v) s += 8;
  if (!v) s += 16;
  o[i] = s + (v || 3n ? 100 : 0);
}`,
    grid: 1,
    block: 8,
    args: () => [
      BigInt64Array.from([0n, 1n, -1n, 9007199254740993n, -5n, 3n, 0n, 2n]),
      Float64Array.from([0, 1.5, -1, 9007199254740992, Number.NaN, 3, -0, Infinity]),
      new Int32Array(8),
    ],
  },
  {
    name: 'a switch on a BigInt with BigInt cases, and BigInts as values of && and ||',
    text: `function k(b, o) {
  const i = gpu.globalIdx.x;
  if (i >= b.length) return;
  const v = b[i];
  let s = 0;
  switch (v) {
    case -1n:
      s = 1;
      break;
    case 1n:
      s = 2;
      break;
    default:
      s = 3;
  }
  o[i * 3] = s;
  o[i * 3 + 1] = Number(v && 5n);
  o[i * 3 + 2] = Number(v || -7n);
}`,
    grid: 1,
    block: 4,
    args: () => [BigInt64Array.from([1n, 0n, -1n, 2n]), new Float64Array(12)],
  },
  {
    name: 'conversion functions at their edges: f16, bf16, i8, u16, u32, i32 of NaN, infinities, halves and subnormals',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  o[i * 8] = f16(v);
  o[i * 8 + 1] = bf16(v);
  o[i * 8 + 2] = i8(v);
  o[i * 8 + 3] = u16(v);
  o[i * 8 + 4] = u32(v);
  o[i * 8 + 5] = i32(v);
  o[i * 8 + 6] = Math.fround(v);
  o[i * 8 + 7] = f32(v) * 0.5;
}`,
    grid: 1,
    block: 16,
    args: () => [
      Float64Array.from([
        65520,
        65519,
        -0,
        Number.NaN,
        2 ** -25,
        2 ** -24 * 1.5,
        5.96e-8,
        1e39,
        -1e-46,
        -1.5,
        4294967295.5,
        -2147483648.5,
        3.3895313892515355e38,
        1 + 2 ** -8,
        128.5,
        -129,
      ]),
      new Float64Array(128),
    ],
  },
  {
    name: 'Math.abs and unary minus of the i32 minimum, Math.hypot and u32 sums stored into an Int32Array, wrapping as its stores do',
    text: `function k(a, u, o) {
  const i = gpu.globalIdx.x;
  if (i >= a.length) return;
  const x = a[i];
  o[i * 6] = Math.abs(x);
  o[i * 6 + 1] = -x;
  o[i * 6 + 2] = Math.hypot(x);
  o[i * 6 + 3] = Math.hypot(x, -0.5);
  o[i * 6 + 4] = Math.sign(u[i]) + Math.round(u[i]);
  o[i * 6 + 5] = Math.abs(x) !== 0 ? 1 : 0;
}`,
    grid: 1,
    block: 4,
    args: () => [
      Int32Array.from([-2147483648, -1, 0, 2147483647]),
      Uint32Array.from([0, 4294967295, 1, 2147483648]),
      new Int32Array(24),
    ],
  },
  {
    name: 'device functions that reassign their parameters, mutate an array argument and default from a side effect',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  o[i * 3] = twice(x[i]);
  o[i * 3 + 1] = bump(o, i * 3 + 2, x[i]);
  o[i * 3 + 2] += pair(x[i]);
}`,
    grid: 1,
    block: 4,
    scope: () => ({
      twice: function twice(v: number) {
        v = v * 2;
        v += 1;
        return v;
      },
      bump: function bump(a: Float64Array, j: number, v: number) {
        a[j] = v * 10;
        j = j - 1;
        return j;
      },
      pair: function pair(a: number, b = a++) {
        return a * 100 + b;
      },
    }),
    args: () => [Float64Array.from([1, -2.5, 0, 7]), new Float64Array(12)],
  },
  {
    name: 'BigInt powers, shifts by 64 and negative counts, popcount of negatives, i64 atomics with CAS',
    text: `function k(b, o, c) {
  const i = gpu.globalIdx.x;
  if (i >= b.length) return;
  const v = b[i];
  o[i * 6] = v ** 3n;
  o[i * 6 + 1] = (-2n) ** 63n + v;
  o[i * 6 + 2] = v >> 64n;
  o[i * 6 + 3] = v << -1n;
  o[i * 6 + 4] = BigInt(gpu.popcount(v) + gpu.popcount(-1));
  o[i * 6 + 5] = 2n ** 64n + v;
  gpu.atomicAdd(c, 0, v);
  // Every thread offers one value: whichever comes first, the element is the same.
  gpu.atomicCAS(c, 1, 0n, b[0]);
  gpu.atomicMax(c, 2, v);
}`,
    grid: 1,
    block: 6,
    args: () => [
      BigInt64Array.from([3n, -3n, -9223372036854775808n, 9223372036854775807n, 0n, 1n << 40n]),
      new BigInt64Array(36),
      new BigInt64Array(3),
    ],
  },
  {
    name: 'atomics on subarrays at an offset, and u64 atomic minimum of BigInts',
    text: `function k(c, u, x) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  gpu.atomicAdd(c, i & 3, x[i]);
  gpu.atomicMin(u, 0, BigInt.asUintN(64, BigInt(x[i] >>> 0)));
  gpu.atomicOr(u, 1, 1n << BigInt(i & 63));
}`,
    grid: 2,
    block: 40,
    args: () => {
      const whole = new Int32Array(12);
      const uw = new BigUint64Array(5).fill(18446744073709551615n);
      uw[2] = 0n;
      return [
        whole.subarray(5, 9),
        uw.subarray(1, 3),
        Int32Array.from({ length: 70 }, (_, i) => ((i * 7919) % 1000) - 300),
      ];
    },
  },
  {
    name: 'Number predicates and Math of edge doubles: isInteger of -0 and 2^53, pow overflow, fround to -0',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  o[i * 7] = (Number.isInteger(v) ? 1 : 0) + (Number.isFinite(v) ? 2 : 0) + (Number.isNaN(v) ? 4 : 0);
  o[i * 7 + 1] = Math.pow(2, v);
  o[i * 7 + 2] = Math.fround(v * 1e-40);
  o[i * 7 + 3] = v ** 0.5;
  o[i * 7 + 4] = Math.sqrt(v);
  o[i * 7 + 5] = Math.max(v, -v) === Math.abs(v) ? 1 : 0;
  o[i * 7 + 6] = 1 / Math.round(v - 0.5);
}`,
    grid: 1,
    block: 10,
    args: () => [
      Float64Array.from([-0, 2 ** 53, 1024, -1075, 0.5, -8, Number.NaN, Infinity, -Infinity, 1e-300]),
      new Float64Array(70),
    ],
    // `**` is pow, a Math function: within 2 ulps (an H100 gave (2 ** 53) ** 0.5 one ulp low).
    ulps: 2,
  },
  {
    name: 'a labelled do-while with a switch whose continue skips to the condition',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  let n = x[i], steps = 0, odd = 0;
  loop: do {
    steps++;
    switch (n & 1) {
      case 1:
        odd++;
        n = 3 * n + 1;
        continue loop;
      default:
        n >>= 1;
        if (steps > 200) break loop;
    }
  } while (n !== 1);
  o[i * 2] = steps;
  o[i * 2 + 1] = odd;
}`,
    grid: 1,
    block: 8,
    args: () => [Int32Array.from([1, 2, 3, 7, 27, 97, 6171, 0]), new Int32Array(16)],
  },
  {
    name: 'a 2-D view over a subarray at an offset, read with get in a 3-D launch',
    text: `function k(m, o) {
  const r = gpu.threadIdx.y, c = gpu.threadIdx.x, z = gpu.threadIdx.z;
  if (r < 3 && c < 4) o[z * 12 + r * 4 + c] = m.get(r, c) * (z + 1);
}`,
    grid: 1,
    block: [5, 4, 2],
    args: () => {
      const whole = Float32Array.from({ length: 20 }, (_, i) => i - 5.5);
      return [view(whole.subarray(5, 17), 3, 4), new Float32Array(24)];
    },
  },
  {
    name: 'a loop with i32 counter stepping by a large stride that would pass 2^31',
    text: `function k(o, step) {
  let n = 0;
  for (let i = 0; i < 2147483647; i += step) n++;
  o[0] = n;
  let m = 0;
  for (let j = 2147483000; j <= 2147483647 && m < 100; j += 100) m++;
  o[1] = m;
}`,
    grid: 1,
    block: 1,
    args: () => [new Float64Array(2), 1000000000],
  },
  {
    name: 'values of every kind live across barriers: a local array, a BigInt, a boolean, a record, a tuple and a u8',
    text: `function k(x, b, o, ob) {
  const t = gpu.threadIdx.x;
  const s = gpu.sharedArray(Float64Array, 64);
  const local = new Float64Array(4);
  for (let j = 0; j < 4; j++) local[j] = x[t] * (j + 1);
  let big = b[t] * 3n;
  const flag = x[t] > 2;
  const rec = { lo: x[t] - 1, hi: x[t] + 1 };
  const tup = [t, -t];
  const byte = new Uint8Array(1);
  byte[0] = t * 40;
  s[t] = local[3];
  gpu.barrier();
  local[0] += s[(t + 1) % 64];
  big += BigInt(t);
  gpu.barrier();
  s[t] = local[0] + (flag ? 1000 : 0);
  gpu.barrier();
  o[t] = s[63 - t] + rec.hi * rec.lo + tup[1] + byte[0] + local[1];
  ob[t] = big;
}`,
    grid: 1,
    block: 64,
    args: () => [
      Float64Array.from({ length: 64 }, (_, i) => i * 0.25 - 3),
      BigInt64Array.from({ length: 64 }, (_, i) => BigInt(i) * 3074457345618258602n),
      new Float64Array(64),
      new BigInt64Array(64),
    ],
  },
  {
    name: 'a barrier inside a switch case every thread takes, and inside a do-while, with a labelled break after',
    text: `function k(x, o, mode) {
  const t = gpu.threadIdx.x;
  const s = gpu.sharedArray(Int32Array, 32);
  s[t] = x[t];
  let rounds = 0;
  let next = 0;
  switch (mode) {
    case 1:
      gpu.barrier();
      next = s[(t + 1) & 31];
      gpu.barrier();
      s[t] += next;
    case 2:
      do {
        gpu.barrier();
        const v = s[(t + 3) & 31];
        gpu.barrier();
        s[t] = v - t;
        rounds++;
      } while (rounds < mode + 1);
      break;
    default:
      s[t] = -1;
  }
  gpu.barrier();
  out: {
    if (mode > 5) break out;
    o[t] = s[31 - t] * 10 + rounds;
  }
}`,
    grid: 1,
    block: 32,
    args: () => [Int32Array.from({ length: 32 }, (_, i) => i * i - 40), new Int32Array(32), 1],
  },
  {
    name: 'a device function with a barrier called from two places and in a loop, its shared array kept between calls',
    text: `function k(x, o) {
  const t = gpu.threadIdx.x;
  let v = x[gpu.globalIdx.x];
  const first = blockSum(v);
  let acc = 0;
  for (let r = 0; r < 3; r++) acc += blockSum(v * r + first);
  o[gpu.globalIdx.x] = first + acc * 0.5 + t;
}`,
    grid: 2,
    block: 48,
    scope: () => ({
      blockSum: new Function(
        'gpu',
        `return function blockSum(v) {
  const s = gpu.sharedArray(Float64Array, 64);
  const t = gpu.threadIdx.x;
  s[t] = v;
  gpu.barrier();
  if (t === 0) {
    let total = 0;
    for (let j = 0; j < gpu.blockDim.x; j++) total += s[j];
    s[63] = total;
  }
  gpu.barrier();
  const r = s[63];
  gpu.barrier();
  return r;
}`,
      )(gpu),
    }),
    args: () => [Float64Array.from({ length: 96 }, (_, i) => (i % 9) - 4.5), new Float64Array(96)],
  },
  {
    name: 'shuffles in a while loop that whole warps leave at different trips, with a vote deciding',
    text: `function k(x, o, c) {
  const t = gpu.threadIdx.x;
  const w = t >> 5;
  let v = x[t];
  let trips = 0;
  while (gpu.voteAny(v > 1)) {
    v = gpu.shuffleXor(v, 1) * 0.5 + (v & 1);
    v = v | 0;
    trips++;
    if (trips > 10 + w) break;
  }
  o[t] = v;
  c[t] = trips;
}`,
    grid: 1,
    block: 80,
    args: () => [
      Int32Array.from({ length: 80 }, (_, i) => (i < 32 ? i * 37 : i < 64 ? 1 : i * 1001)),
      new Int32Array(80),
      new Int32Array(80),
    ],
  },
  {
    name: 'dynamic shared memory as Int32 and Float32 across barriers with threads returning only after the last barrier',
    text: `function k(x, o) {
  const d = gpu.dynamicSharedArray(Int32Array);
  const f = gpu.dynamicSharedArray(Float32Array);
  const t = gpu.threadIdx.x;
  d[t] = x[t];
  gpu.barrier();
  const mine = f[t];
  gpu.barrier();
  f[t] = mine * 2;
  gpu.barrier();
  if (t >= x.length - 3) return;
  o[t] = d[t] + d.length * 1000;
}`,
    grid: 1,
    block: 16,
    sharedBytes: 64,
    args: () => [
      Int32Array.from(
        { length: 16 },
        (_, i) => ([1065353216, -1082130432, 0, -2147483648][i % 4] as number) + i,
      ),
      new Float32Array(16),
    ],
  },
  {
    name: 'a block-wide odd-even transposition sort of u16 keys with a barrier per phase',
    text: `function k(keys, o) {
  const s = gpu.sharedArray(Uint16Array, 64);
  const t = gpu.threadIdx.x;
  s[t] = t < keys.length ? keys[t] : 65535;
  s[t + 32] = t + 32 < keys.length ? keys[t + 32] : 65535;
  for (let phase = 0; phase < 64; phase++) {
    gpu.barrier();
    const a = 2 * t + (phase & 1);
    if (a + 1 < 64 && s[a] > s[a + 1]) {
      const tmp = s[a];
      s[a] = s[a + 1];
      s[a + 1] = tmp;
    }
  }
  gpu.barrier();
  if (t < keys.length) o[t] = s[t];
  if (t + 32 < keys.length) o[t + 32] = s[t + 32];
}`,
    grid: 1,
    block: 32,
    args: () => [Uint16Array.from({ length: 50 }, (_, i) => (i * 40503) & 65535), new Uint16Array(50)],
  },
  {
    name: 'a device function with a warp shuffle reached through a record of functions and a default parameter',
    text: `function k(x, o) {
  const t = gpu.threadIdx.x;
  const v = x[t];
  o[t] = OPS.reduce(v) + OPS.scan(v);
}`,
    grid: 1,
    block: 64,
    scope: () => ({
      OPS: {
        reduce: new Function(
          'gpu',
          `return function reduce(v, width = 32) {
  for (let o = width >> 1; o > 0; o >>= 1) v += gpu.shuffleXor(v, o);
  return v;
}`,
        )(gpu),
        scan: new Function(
          'gpu',
          `return function scan(v, lane = gpu.laneId) {
  for (let d = 1; d < 32; d <<= 1) {
    const u = gpu.shuffleUp(v, d);
    if (lane >= d) v += u;
  }
  return v;
}`,
        )(gpu),
      },
    }),
    args: () => [Int32Array.from({ length: 64 }, (_, i) => (i * 13) % 17), new Int32Array(64)],
  },
  {
    name: 'a kernel written without semicolons: ASI before ++, after return and around parentheses',
    text: `function k(x, o) {
  const i = gpu.globalIdx.x
  if (i >= x.length) return
  let a = x[i]
  let b = 0
  a
  ++b
  let s = 0
  for (let j = 0; j < 3; j++) s += a * j
  const c = s
  ;(o)[i * 3] = c
  o[i * 3 + 1] = b
  o[i * 3 + 2] = a / 2 / 4
}`,
    grid: 1,
    block: 4,
    args: () => [Float64Array.from([1, 2, 3, 4]), new Float64Array(12)],
  },
  {
    name: 'identifiers: Unicode names, $ and _, escaped names, contextual keywords as variables and labels',
    text: `function k(o) {
  const π = Math.PI, café = 2, $ = 3, _ = 4, \\u0061b = 5;
  const of = 1, get = 2, set = 3, async = 4, from = 5, as = 6, target = 7, let_ = 8;
  o[0] = π * café + $ + _ + ab;
  o[1] = of + get + set + async + from + as + target + let_;
  of: for (let i = 0; i < 3; i++) {
    if (i === 1) continue of;
    o[2] += i;
  }
  const r = { default: 1, new: 2, class: 3, if: 4 };
  o[3] = r.default + r.new * 10 + r.class * 100 + r['if'] * 1000;
}`,
    grid: 1,
    block: 1,
    args: () => [new Float64Array(4)],
  },
  {
    name: 'comments and empty statements in odd places, empty switch, do ; while, comma indices',
    text: `function k(o /* out */, n // count
) {
  ;;
  o[/* first */ 0] = n /* twice */ * 2 // done
  ;
  switch (n) {}
  do ; while (0);
  while (0) {}
  for (;;) { break }
  if (n) ; else o[1] = 5;
  o[(0, 1)] = (o[0], 7);
  o[2] = 0.1 + 0.2 === 0.3 ? 1 : 0;
  o[3] = new Float32Array(4).length;
  o[4] = 'a\\'b\\n'.length + "\\u{1F600}".length;
} // trailing`,
    grid: 1,
    block: 1,
    args: () => [new Float64Array(5), 3],
  },
  {
    name: 'record fields named NaN and Infinity destructured, read by string keys, and NaN !== NaN',
    text: `function k(o, Math2) {
  const { NaN: n, Infinity: inf } = CONSTS;
  o[0] = n + inf;
  o[1] = Math2 * CONSTS['Infinity'];
  o[2] = NaN !== NaN ? 1 : 0;
}`,
    grid: 1,
    block: 1,
    scope: () => ({ CONSTS: { NaN: 3, Infinity: -2 } }),
    args: () => [new Float64Array(3), 5],
  },
  {
    name: 'a padded tile in shared arrays whose constant lengths are f64 values: Math.ceil(N / 32) * 33 and 2 ** 5',
    text: `function k(x, o) {
  const tile = gpu.sharedArray(Float32Array, Math.ceil(N / 32) * 33);
  const sums = gpu.sharedArray(Int32Array, 2 ** 5);
  const t = gpu.threadIdx.x;
  const rows = tile.length >> 5;
  for (let r = 0; r < rows; r++) tile[r * 33 + t] = x[(r * 32 + t) % x.length];
  sums[t] = 0;
  gpu.barrier();
  for (let r = 0; r < rows; r++) sums[t] += tile[r * 33 + ((t + r) & 31)] * 4;
  gpu.barrier();
  o[t] = sums[31 - t] + tile.length * 1000 + sums.length;
}`,
    grid: 1,
    block: 32,
    scope: () => ({ N: 70 }),
    args: () => [Float32Array.from({ length: 70 }, (_, i) => (i % 11) - 5), new Int32Array(32)],
  },
  {
    name: 'kernel text that ends in a line comment: a method shorthand with a quoted name, a barrier and a shuffle',
    text: `'scale rows'(x, n) {
  const t = gpu.threadIdx.x;
  const v = x[t] * n;
  gpu.barrier();
  x[t] = v + gpu.shuffleXor(v, 1);
} // the last line of a module: a comment, as bundlers leave`,
    grid: 1,
    block: 8,
    args: () => [Int32Array.from([1, -2, 3, 4, -5, 6, 7, 8]), 3],
  },
  {
    name: 'TypeScript text: annotations, a generic parameter, a this parameter, as, satisfies, ! and <T>x',
    file: 'outside.ts',
    text: `function k<T extends Float32Array>(this: void, x: T, scale: number, out: Int32Array): void {
  const i: number = gpu.globalIdx.x;
  if (i >= x.length) return;
  let v!: number;
  v = <number>x[i] * (scale as number);
  const w: number = (v satisfies number) + x[i]!;
  out[i] = Math.round(w) | 0;
}`,
    grid: 1,
    block: 8,
    args: () => [Float32Array.from([1.5, -2.25, 3, 0.5, -0, 7.75, 100, -3.5]), 2, new Int32Array(8)],
  },
];
