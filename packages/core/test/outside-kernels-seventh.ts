// The seventh round of kernels written apart from the corpus (outside-kernels.ts runs them with
// the others): applications a JavaScript developer would port from CUDA samples or write for real
// work. Image processing (blurs with clamped halos, Sobel, HSV, histogram equalisation), physics
// (n-body, particles reflecting at walls, heat diffusion), finance (Black–Scholes with an erf
// approximation, Monte-Carlo with per-thread generators), linear algebra (CSR SpMV, tiled
// transpose and matmul, dot products), algorithms (bitonic sort, radix digits, ordered stream
// compaction, run-length encoding, binary search, scans across blocks in one launch or two),
// bytes (UTF-8, case folding, CRC32, FNV-1a), geometry and bit tricks. Each is deterministic
// under any schedule.

import { Float16Bits, view } from '../src/index.js';
import type { OutsideKernel } from './outside-kernels.js';

/** A deterministic pseudo-random sequence (xorshift32) for test data. */
export function randoms(n: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = s;
  }
  return out;
}

const bytes = (n: number, seed: number, mod = 256) => Uint8Array.from(randoms(n, seed), (v) => v % mod);
const floats = (n: number, seed: number, f: (v: number) => number) => Float32Array.from(randoms(n, seed), f);
const doubles = (n: number, seed: number, f: (v: number) => number) => Float64Array.from(randoms(n, seed), f);
const ints = (n: number, seed: number, f: (v: number) => number) => Int32Array.from(randoms(n, seed), f);

// Device functions of the scope, as an application's module would have them.
const device = (text: string) => new Function(`return (${text});`)() as (...args: never[]) => unknown;

const clampIndex = device(`function clampIndex(v, n) {
  return v < 0 ? 0 : v >= n ? n - 1 : v;
}`);

const erf = device(`function erf(x) {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}`);

const cnd = device(`function cnd(x) {
  return 0.5 * (1 + erf(x / Math.SQRT2));
}`);

const xorshift = device(`function xorshift(s) {
  s ^= s << 13;
  s ^= s >>> 17;
  s ^= s << 5;
  return s >>> 0;
}`);

const part1by1 = device(`function part1by1(x) {
  x &= 0x0000ffff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x >>> 0;
}`);

const compact1by1 = device(`function compact1by1(x) {
  x &= 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  x = (x | (x >>> 8)) & 0x0000ffff;
  return x;
}`);

const part1by2 = device(`function part1by2(x) {
  x &= 0x000003ff;
  x = (x ^ (x << 16)) & 0xff0000ff;
  x = (x ^ (x << 8)) & 0x0300f00f;
  x = (x ^ (x << 4)) & 0x030c30c3;
  x = (x ^ (x << 2)) & 0x09249249;
  return x >>> 0;
}`);

const lowerBound = device(`function lowerBound(a, v, lo = 0, hi = a.length) {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}`);

const upperBound = device(`function upperBound(a, v) {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v < a[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}`);

const raySphere = device(`function raySphere(o, d, c, r) {
  const ox = o.x - c.x, oy = o.y - c.y, oz = o.z - c.z;
  const b = ox * d.x + oy * d.y + oz * d.z;
  const cc = ox * ox + oy * oy + oz * oz - r * r;
  const disc = b * b - cc;
  if (disc < 0) return { hit: false, t: Infinity };
  const sq = Math.sqrt(disc);
  const t0 = -b - sq;
  if (t0 > 0) return { hit: true, t: t0 };
  const t1 = -b + sq;
  return t1 > 0 ? { hit: true, t: t1 } : { hit: false, t: Infinity };
}`);

const warpSum = device(`function warpSum(v) {
  for (let o = 16; o > 0; o >>= 1) v += gpu.shuffleDown(v, o);
  return v;
}`);

const rgbToHsv = device(`function rgbToHsv(r, g, b) {
  const max = Math.max(r, g, b), min = Math.min(r, g, b);
  const d = max - min;
  let h = 0;
  if (d > 0) {
    if (max === r) h = 60 * (((g - b) / d) % 6);
    else if (max === g) h = 60 * ((b - r) / d + 2);
    else h = 60 * ((r - g) / d + 4);
    if (h < 0) h += 360;
  }
  const s = max === 0 ? 0 : d / max;
  return [h, s, max];
}`);

const hsvToRgb = device(`function hsvToRgb(h, s, v) {
  const c = v * s;
  const hp = h / 60;
  const x = c * (1 - Math.abs((hp % 2) - 1));
  let r = 0, g = 0, b = 0;
  switch (Math.floor(hp)) {
    case 0: r = c; g = x; break;
    case 1: r = x; g = c; break;
    case 2: g = c; b = x; break;
    case 3: g = x; b = c; break;
    case 4: r = x; b = c; break;
    default: r = c; b = x;
  }
  const m = v - c;
  return { r: r + m, g: g + m, b: b + m };
}`);

/** A sorted Float32Array with repeats, -0 and 0, infinities. */
const SORTED = Float32Array.from(
  [-Infinity, -7.5, -3, -3, -0, 0, 0.25, 1, 1, 1, 2.5, 9, 100, 1e30, Infinity].sort((a, b) => a - b),
);

/** CSR of a 40x40 sparse matrix with 0 to 5 entries a row (empty rows included). */
function csr() {
  const r = randoms(400, 91);
  const rowPtr = [0];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let row = 0; row < 40; row++) {
    const count = (r[row] as number) % 6;
    const used = new Set<number>();
    for (let k = 0; k < count; k++) {
      const c = (r[40 + row * 8 + k] as number) % 40;
      if (used.has(c)) continue;
      used.add(c);
      cols.push(c);
      vals.push(((r[200 + row * 4 + (k % 4)] as number) % 17) - 8);
    }
    rowPtr.push(cols.length);
  }
  return { rowPtr: Int32Array.from(rowPtr), cols: Int32Array.from(cols), vals: Float32Array.from(vals) };
}

/** UTF-8 text with 1- to 4-byte sequences, and some invalid bytes. */
function utf8(): Uint8Array {
  const text = 'héllo wörld — 日本語 テキスト 🎉🚀 ascii! Ünïcödé ∑∫√ 𝄞 end';
  const enc = new TextEncoder().encode(text.repeat(3));
  const out = Uint8Array.from(enc);
  out[7] = 0xff;
  out[50] = 0x80;
  out[100] = 0xc0;
  return out;
}

export const SEVENTH_ROUND: readonly OutsideKernel[] = [
  {
    name: 'a 3x3 box blur of an f32 image, 2-D launch, halo clamped by a device function, sum / 9',
    text: `function blur(src, dst, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  let sum = 0;
  for (let dy = -1; dy <= 1; dy++) {
    const yy = clampIndex(y + dy, h);
    for (let dx = -1; dx <= 1; dx++) sum += src[yy * w + clampIndex(x + dx, w)];
  }
  dst[y * w + x] = sum / 9;
}`,
    grid: [3, 2],
    block: [8, 8],
    scope: () => ({ clampIndex }),
    args: () => [floats(21 * 13, 1, (v) => v % 256), new Float32Array(21 * 13), 21, 13],
    // WebGPU's f32 division may be 2.5 ulps off.
    ulps: 3,
  },
  {
    name: 'a separable 5-tap gaussian row pass through a shared tile with a clamped halo of 2 each side',
    text: `function gauss(src, dst, w) {
  const T = 32;
  const tile = gpu.sharedArray(Float32Array, T + 4);
  const row = gpu.blockIdx.y;
  const x0 = gpu.blockIdx.x * T;
  const t = gpu.threadIdx.x;
  for (let j = t; j < T + 4; j += T) {
    let xx = x0 + j - 2;
    xx = Math.min(Math.max(xx, 0), w - 1);
    tile[j] = src[row * w + xx];
  }
  gpu.barrier();
  const x = x0 + t;
  if (x < w) {
    const k = [1, 4, 6, 4, 1];
    let acc = 0;
    for (let i = 0; i < 5; i++) acc += k[i] * tile[t + i];
    dst[row * w + x] = acc / 16;
  }
}`,
    grid: [3, 5],
    block: 32,
    args: () => [floats(70 * 5, 2, (v) => (v % 1024) / 4), new Float32Array(70 * 5), 70],
  },
  {
    name: 'Sobel edges of a u8 image: gradients in i32, magnitude by Math.sqrt, clamped to a u8 and an f32 angle sign',
    text: `function sobel(img, mag, dir, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  if (x === 0 || y === 0 || x === w - 1 || y === h - 1) {
    mag[y * w + x] = 0;
    dir[y * w + x] = 0;
    return;
  }
  const at = (y - 1) * w + x - 1;
  const a00 = img[at], a01 = img[at + 1], a02 = img[at + 2];
  const a10 = img[at + w], a12 = img[at + w + 2];
  const a20 = img[at + 2 * w], a21 = img[at + 2 * w + 1], a22 = img[at + 2 * w + 2];
  const gx = a02 + 2 * a12 + a22 - a00 - 2 * a10 - a20;
  const gy = a20 + 2 * a21 + a22 - a00 - 2 * a01 - a02;
  mag[y * w + x] = Math.min(255, Math.sqrt(gx * gx + gy * gy));
  dir[y * w + x] = Math.sign(gx) * 2 + Math.sign(gy);
}`,
    grid: [2, 2],
    block: [16, 8],
    args: () => [bytes(19 * 11, 3), new Uint8Array(19 * 11), new Float32Array(19 * 11), 19, 11],
  },
  {
    name: 'RGB to HSV and back in f64: a tuple from one device function, a record from another, Math.round to bytes',
    text: `function roundTrip(rgb, hsv, back, n) {
  const i = gpu.globalIdx.x;
  if (i >= n) return;
  const [h, s, v] = rgbToHsv(rgb[3 * i] / 255, rgb[3 * i + 1] / 255, rgb[3 * i + 2] / 255);
  hsv[3 * i] = h;
  hsv[3 * i + 1] = s;
  hsv[3 * i + 2] = v;
  const { r, g, b } = hsvToRgb(h, s, v);
  back[3 * i] = Math.round(r * 255);
  back[3 * i + 1] = Math.round(g * 255);
  back[3 * i + 2] = Math.round(b * 255);
}`,
    grid: 2,
    block: 64,
    scope: () => ({ rgbToHsv, hsvToRgb }),
    args: () => {
      const rgb = bytes(3 * 100, 4);
      rgb.set([255, 0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 128, 128, 128, 255, 0, 255]);
      return [rgb, new Float64Array(300), new Uint8Array(300), 100];
    },
  },
  {
    name: 'histogram equalisation in one block: shared u32 histogram by atomicAdd, a serial cdf, the lowest nonzero bin, mapped pixels',
    text: `function equalise(img, out, n) {
  const hist = gpu.sharedArray(Uint32Array, 256);
  const cdf = gpu.sharedArray(Uint32Array, 256);
  const t = gpu.threadIdx.x;
  for (let b = t; b < 256; b += gpu.blockDim.x) hist[b] = 0;
  gpu.barrier();
  for (let i = t; i < n; i += gpu.blockDim.x) gpu.atomicAdd(hist, img[i], 1);
  gpu.barrier();
  if (t === 0) {
    let run = 0;
    for (let b = 0; b < 256; b++) {
      run += hist[b];
      cdf[b] = run;
    }
  }
  gpu.barrier();
  let cdfMin = 0;
  for (let b = 0; b < 256; b++) {
    if (cdf[b] !== 0) {
      cdfMin = cdf[b];
      break;
    }
  }
  for (let i = t; i < n; i += gpu.blockDim.x) {
    const v = img[i];
    out[i] = n === cdfMin ? v : Math.round(((cdf[v] - cdfMin) * 255) / (n - cdfMin));
  }
}`,
    grid: 1,
    block: 96,
    args: () => [bytes(700, 5, 97).map((v) => v + 40), new Uint8Array(700), 700],
  },
  {
    name: 'an n-body step in f64: body positions tiled through shared memory with barriers, softened inverse cube, records of three',
    text: `function nbody(pos, vel, mass, outPos, outVel, n, dt) {
  const TILE = 32;
  const sx = gpu.sharedArray(Float64Array, TILE);
  const sy = gpu.sharedArray(Float64Array, TILE);
  const sz = gpu.sharedArray(Float64Array, TILE);
  const sm = gpu.sharedArray(Float64Array, TILE);
  const i = gpu.globalIdx.x;
  const t = gpu.threadIdx.x;
  const me = i < n ? { x: pos[3 * i], y: pos[3 * i + 1], z: pos[3 * i + 2] } : { x: f64(0), y: f64(0), z: f64(0) };
  let ax = 0, ay = 0, az = 0;
  for (let base = 0; base < n; base += TILE) {
    const j = base + t;
    sx[t] = j < n ? pos[3 * j] : 0;
    sy[t] = j < n ? pos[3 * j + 1] : 0;
    sz[t] = j < n ? pos[3 * j + 2] : 0;
    sm[t] = j < n ? mass[j] : 0;
    gpu.barrier();
    for (let k = 0; k < TILE; k++) {
      const dx = sx[k] - me.x, dy = sy[k] - me.y, dz = sz[k] - me.z;
      const r2 = dx * dx + dy * dy + dz * dz + 0.01;
      const inv = 1 / Math.sqrt(r2);
      const f = sm[k] * inv * inv * inv;
      ax += f * dx;
      ay += f * dy;
      az += f * dz;
    }
    gpu.barrier();
  }
  if (i >= n) return;
  const vx = vel[3 * i] + ax * dt, vy = vel[3 * i + 1] + ay * dt, vz = vel[3 * i + 2] + az * dt;
  outVel[3 * i] = vx;
  outVel[3 * i + 1] = vy;
  outVel[3 * i + 2] = vz;
  outPos[3 * i] = me.x + vx * dt;
  outPos[3 * i + 1] = me.y + vy * dt;
  outPos[3 * i + 2] = me.z + vz * dt;
}`,
    grid: 3,
    block: 32,
    args: () => [
      doubles(3 * 70, 6, (v) => (v % 2000) / 100 - 10),
      doubles(3 * 70, 7, (v) => (v % 200) / 100 - 1),
      doubles(70, 8, (v) => 0.5 + (v % 100) / 50),
      new Float64Array(210),
      new Float64Array(210),
      70,
      0.01,
    ],
  },
  {
    name: 'particles integrated for several steps in f32 with reflection at the walls of a box, a record per particle state',
    text: `function particles(px, py, vx, vy, steps, w, h) {
  const i = gpu.globalIdx.x;
  if (i >= px.length) return;
  let p = { x: px[i], y: py[i], u: vx[i], v: vy[i] };
  for (let s = 0; s < steps; s++) {
    let x = p.x + p.u * 0.25, y = p.y + p.v * 0.25, u = p.u, v = p.v;
    if (x < 0) { x = -x; u = -u; }
    else if (x > w) { x = 2 * w - x; u = -u; }
    if (y < 0) { y = -y; v = -v; }
    else if (y > h) { y = 2 * h - y; v = -v; }
    p = { x, y, u, v };
  }
  px[i] = p.x;
  py[i] = p.y;
  vx[i] = p.u;
  vy[i] = p.v;
}`,
    grid: 2,
    block: 64,
    args: () => [
      floats(100, 9, (v) => (v % 1024) / 64),
      floats(100, 10, (v) => (v % 512) / 64),
      floats(100, 11, (v) => ((v % 64) - 32) / 8),
      floats(100, 12, (v) => ((v % 64) - 32) / 8),
      13,
      16,
      8,
    ],
  },
  {
    name: 'a heat diffusion step on f32 views: Dirichlet edges copied, the 5-point Laplacian times a quarter',
    text: `function heat(u, out, rows, cols) {
  const c = gpu.globalIdx.x, r = gpu.globalIdx.y;
  if (r >= rows || c >= cols) return;
  if (r === 0 || c === 0 || r === rows - 1 || c === cols - 1) {
    out.set(r, c, u.get(r, c));
    return;
  }
  const here = u.get(r, c);
  const lap = u.get(r - 1, c) + u.get(r + 1, c) + u.get(r, c - 1) + u.get(r, c + 1) - 4 * here;
  out.set(r, c, here + 0.25 * lap);
}`,
    grid: [2, 3],
    block: [16, 4],
    args: () => [
      view(
        floats(23 * 10, 13, (v) => (v % 400) / 4),
        10,
        23,
      ),
      view(new Float32Array(23 * 10), 10, 23),
      10,
      23,
    ],
  },
  {
    name: 'Black-Scholes calls and puts in f64: Math.log, sqrt, exp, an Abramowitz-Stegun erf in nested device functions',
    text: `function blackScholes(spot, strike, years, call, put, r, sigma) {
  const i = gpu.globalIdx.x;
  if (i >= spot.length) return;
  const S = spot[i], K = strike[i], T = years[i];
  const sqrtT = Math.sqrt(T);
  const d1 = (Math.log(S / K) + (r + 0.5 * sigma * sigma) * T) / (sigma * sqrtT);
  const d2 = d1 - sigma * sqrtT;
  const disc = K * Math.exp(-r * T);
  call[i] = S * cnd(d1) - disc * cnd(d2);
  put[i] = disc * cnd(-d2) - S * cnd(-d1);
}`,
    grid: 2,
    block: 64,
    scope: () => ({ cnd, erf }),
    // Strikes within 15% of the spot, so that neither price is a tiny difference of large terms.
    args: () => [
      doubles(100, 14, (v) => 5 + (v % 2500) / 100),
      doubles(100, 14, (v) => (5 + (v % 2500) / 100) * (0.85 + ((v >>> 12) % 31) / 100)),
      doubles(100, 16, (v) => 0.25 + (v % 1000) / 100),
      new Float64Array(100),
      new Float64Array(100),
      0.02,
      0.3,
    ],
    // Math functions: within 2 f64 ulps each, which the differences of the prices magnify.
    ulps: 64,
  },
  {
    name: 'Black-Scholes in f32 arrays with f64 arithmetic: Math.exp, log and the erf approximation stored into a Float32Array',
    text: `function bsf(spot, strike, call, T) {
  const i = gpu.globalIdx.x;
  if (i >= call.length) return;
  const S = spot[i], K = strike[i];
  const v = 0.25 * Math.sqrt(T);
  const d1 = (Math.log(S / K) + 0.5 * v * v) / v;
  call[i] = S * cnd(d1) - K * cnd(d1 - v);
}`,
    grid: 1,
    block: 64,
    scope: () => ({ cnd, erf }),
    args: () => [
      floats(64, 17, (v) => 10 + (v % 4000) / 100),
      floats(64, 17, (v) => (10 + (v % 4000) / 100) * (0.85 + ((v >>> 12) % 31) / 100)),
      new Float32Array(64),
      1.5,
    ],
    ulps: 64,
  },
  {
    name: 'Monte-Carlo pi with a xorshift32 generator per thread: 12-bit coordinates, hits summed by shuffles, atomicAdd of warp totals',
    text: `function pi(hits, samples, seed) {
  const i = gpu.globalIdx.x;
  let s = (Math.imul(i + 1, 0x9e3779b1) ^ seed) >>> 0;
  if (s === 0) s = 1;
  let inside = 0;
  for (let k = 0; k < samples; k++) {
    s = xorshift(s);
    const x = s >>> 20;
    s = xorshift(s);
    const y = s & 0xfff;
    if (x * x + y * y < 4096 * 4096) inside++;
  }
  const total = warpSum(inside);
  if (gpu.laneId === 0) gpu.atomicAdd(hits, 0, total);
  gpu.atomicAdd(hits, 1 + (gpu.blockIdx.x & 1), inside);
}`,
    grid: 4,
    block: 64,
    scope: () => ({ xorshift, warpSum }),
    args: () => [new Int32Array(3), 50, 0x1234567],
  },
  {
    name: 'Monte-Carlo option paths in f64: an integer LCG by Math.imul, Box-Muller with Math.log and Math.cos, a payoff per thread',
    text: `function paths(payoff, steps, spot, strike) {
  const i = gpu.globalIdx.x;
  let s = (i * 2654435761) >>> 0;
  let price = spot;
  for (let k = 0; k < steps; k++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u1 = (s + 1) / 4294967297;
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u2 = s / 4294967296;
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    price *= Math.exp(-0.0002 + 0.02 * z);
  }
  payoff[i] = Math.max(price - strike, 0);
}`,
    grid: 2,
    block: 32,
    args: () => [new Float64Array(64), 20, 100, 101],
    // Math functions within 2 ulps each, compounded over the steps.
    ulps: 64,
  },
  {
    name: 'CSR sparse matrix-vector product, a row per thread, empty rows and a y = alpha*A*x + beta*y update',
    text: `function spmv(rowPtr, cols, vals, x, y, alpha, beta) {
  const row = gpu.globalIdx.x;
  if (row >= rowPtr.length - 1) return;
  let dot = 0;
  for (let k = rowPtr[row]; k < rowPtr[row + 1]; k++) dot += vals[k] * x[cols[k]];
  y[row] = alpha * dot + beta * y[row];
}`,
    grid: 2,
    block: 32,
    args: () => {
      const m = csr();
      return [
        m.rowPtr,
        m.cols,
        m.vals,
        floats(40, 20, (v) => (v % 33) - 16),
        floats(40, 21, (v) => v % 9),
        2,
        -0.5,
      ];
    },
  },
  {
    name: 'CSR SpMV with a warp per row (vector kernel): lanes stride the row, shuffleXor butterfly sum, lane 0 writes',
    text: `function spmvWarp(rowPtr, cols, vals, x, y) {
  const row = (gpu.globalIdx.x / 32) | 0;
  const lane = gpu.laneId;
  let sum = 0;
  if (row < rowPtr.length - 1) {
    for (let k = rowPtr[row] + lane; k < rowPtr[row + 1]; k += 32) sum += vals[k] * x[cols[k]];
  }
  for (let m = 16; m >= 1; m >>= 1) sum += gpu.shuffleXor(sum, m);
  if (lane === 0 && row < rowPtr.length - 1) y[row] = sum;
}`,
    grid: 10,
    block: 128,
    args: () => {
      const m = csr();
      return [m.rowPtr, m.cols, m.vals, floats(40, 22, (v) => (v % 33) - 16), new Float32Array(40)];
    },
  },
  {
    name: 'a transpose of half floats (Float16Bits) through a 16x17 padded shared tile, ragged edges, a 2-D grid',
    text: `function transpose(src, dst, rows, cols) {
  const tile = gpu.sharedArray(Float32Array, 16 * 17);
  const tx = gpu.threadIdx.x, ty = gpu.threadIdx.y;
  let c = gpu.blockIdx.x * 16 + tx, r = gpu.blockIdx.y * 16 + ty;
  if (r < rows && c < cols) tile[ty * 17 + tx] = src[r * cols + c];
  gpu.barrier();
  c = gpu.blockIdx.y * 16 + tx;
  r = gpu.blockIdx.x * 16 + ty;
  if (r < cols && c < rows) dst[r * rows + c] = tile[tx * 17 + ty];
}`,
    grid: [3, 2],
    block: [16, 16],
    args: () => [
      Float16Bits.from(Array.from(randoms(37 * 20, 23), (v) => ((v % 4001) - 2000) / 8)),
      new Float16Bits(37 * 20),
      20,
      37,
    ],
  },
  {
    name: 'tiled matmul C = A*B in f32 with 16x16 shared tiles, zero-padded partial tiles, M N K not multiples of 16',
    text: `function matmul(A, B, C, M, N, K) {
  const TS = 16;
  const As = gpu.sharedArray(Float32Array, TS * TS);
  const Bs = gpu.sharedArray(Float32Array, TS * TS);
  const tx = gpu.threadIdx.x, ty = gpu.threadIdx.y;
  const row = gpu.blockIdx.y * TS + ty, col = gpu.blockIdx.x * TS + tx;
  let acc = 0;
  for (let t0 = 0; t0 < K; t0 += TS) {
    As[ty * TS + tx] = row < M && t0 + tx < K ? A[row * K + t0 + tx] : 0;
    Bs[ty * TS + tx] = col < N && t0 + ty < K ? B[(t0 + ty) * N + col] : 0;
    gpu.barrier();
    for (let k = 0; k < TS; k++) acc += As[ty * TS + k] * Bs[k * TS + tx];
    gpu.barrier();
  }
  if (row < M && col < N) C[row * N + col] = acc;
}`,
    grid: [2, 3],
    block: [16, 16],
    args: () => [
      floats(37 * 21, 24, (v) => (v % 15) - 7),
      floats(21 * 29, 25, (v) => (v % 11) - 5),
      new Float32Array(37 * 29),
      37,
      29,
      21,
    ],
  },
  {
    name: 'a dot product in fixed point: f32 products (Math.fround) scaled by 256 and rounded, a shared-memory tree per block, atomicAdd of i32 partials',
    text: `function dot(a, b, out) {
  const s = gpu.sharedArray(Int32Array, 128);
  const t = gpu.threadIdx.x;
  let acc = 0;
  for (let i = gpu.globalIdx.x; i < a.length; i += gpu.gridDim.x * gpu.blockDim.x) acc += Math.round(Math.fround(a[i] * b[i]) * 256);
  s[t] = acc;
  gpu.barrier();
  for (let half = gpu.blockDim.x >> 1; half > 0; half >>= 1) {
    if (t < half) s[t] += s[t + half];
    gpu.barrier();
  }
  if (t === 0) {
    gpu.atomicAdd(out, 0, s[0]);
    out[1 + gpu.blockIdx.x] = s[0];
  }
}`,
    grid: 3,
    block: 128,
    args: () => [
      floats(1000, 26, (v) => ((v % 2001) - 1000) / 37),
      floats(1000, 27, (v) => ((v % 2001) - 1000) / 91),
      new Int32Array(4),
    ],
  },
  {
    name: 'bitonic sort of key-index pairs in shared memory, descending keys with ties by ascending index, two elements a thread',
    text: `function sortPairs(keys, order) {
  const N = 128;
  const k = gpu.sharedArray(Float32Array, N);
  const ix = gpu.sharedArray(Int32Array, N);
  const t = gpu.threadIdx.x;
  const base = gpu.blockIdx.x * N;
  for (let j = t; j < N; j += 64) {
    k[j] = keys[base + j];
    ix[j] = j;
  }
  gpu.barrier();
  for (let size = 2; size <= N; size <<= 1) {
    for (let stride = size >> 1; stride > 0; stride >>= 1) {
      const lo = 2 * t - (t & (stride - 1));
      const hi = lo + stride;
      const up = (lo & size) === 0;
      const a = k[lo], b = k[hi];
      const before = a > b || (a === b && ix[lo] < ix[hi]);
      if (before !== up) {
        k[lo] = b;
        k[hi] = a;
        const x = ix[lo];
        ix[lo] = ix[hi];
        ix[hi] = x;
      }
      gpu.barrier();
    }
  }
  for (let j = t; j < N; j += 64) order[base + j] = ix[j];
}`,
    grid: 2,
    block: 64,
    args: () => [floats(256, 28, (v) => (v % 40) - 20), new Int32Array(256)],
  },
  {
    name: 'radix sort pass: 8-bit digit counts per block in shared memory from a shift in the scope, written as a digit-major table',
    text: `function digits(keys, counts, n) {
  const h = gpu.sharedArray(Int32Array, 256);
  const t = gpu.threadIdx.x;
  h[t] = 0;
  gpu.barrier();
  const i = gpu.globalIdx.x;
  if (i < n) gpu.atomicAdd(h, (keys[i] >>> SHIFT) & 0xff, 1);
  gpu.barrier();
  counts[t * gpu.gridDim.x + gpu.blockIdx.x] = h[t];
}`,
    grid: 4,
    block: 256,
    scope: () => ({ SHIFT: 24 }),
    args: () => [randoms(900, 29), new Int32Array(1024), 900],
  },
  {
    name: 'ordered stream compaction: ballots and popcounts of lower lanes, warp counts scanned in shared memory, a count per block',
    text: `function compact(x, out, counts, n) {
  const warps = gpu.sharedArray(Int32Array, 4);
  const t = gpu.threadIdx.x, lane = gpu.laneId, w = t >> 5;
  const i = gpu.globalIdx.x;
  const keep = i < n && x[i] % 3 !== 0;
  const mask = gpu.ballot(keep);
  const below = gpu.popcount(mask & BigInt.asUintN(64, (1n << BigInt(lane)) - 1n));
  if (lane === 0) warps[w] = gpu.popcount(mask);
  gpu.barrier();
  let offset = 0;
  for (let k = 0; k < w; k++) offset += warps[k];
  if (keep) out[gpu.blockIdx.x * gpu.blockDim.x + offset + below] = x[i];
  if (t === 0) counts[gpu.blockIdx.x] = warps[0] + warps[1] + warps[2] + warps[3];
}`,
    grid: 3,
    block: 128,
    args: () => [
      ints(350, 30, (v) => (v % 1000) - 500),
      new Int32Array(384).fill(-1),
      new Int32Array(3),
      350,
    ],
  },
  {
    name: 'run-length encoding in one block: head flags, a chunked Hillis-Steele scan with a carry, values and run lengths from starts',
    text: `function rle(x, values, lengths, runs, n) {
  const B = 64;
  const s = gpu.sharedArray(Int32Array, 64);
  const starts = gpu.sharedArray(Int32Array, 512);
  const t = gpu.threadIdx.x;
  let carry = 0;
  for (let base = 0; base < n; base += B) {
    const i = base + t;
    const head = i < n && (i === 0 || x[i] !== x[i - 1]) ? 1 : 0;
    s[t] = head;
    gpu.barrier();
    for (let d = 1; d < B; d <<= 1) {
      const v = t >= d ? s[t - d] : 0;
      gpu.barrier();
      s[t] += v;
      gpu.barrier();
    }
    if (head === 1) {
      const r = carry + s[t] - 1;
      values[r] = x[i];
      starts[r] = i;
    }
    carry += s[B - 1];
    gpu.barrier();
  }
  if (t === 0) runs[0] = carry;
  for (let r = t; r < carry; r += B) lengths[r] = (r + 1 < carry ? starts[r + 1] : n) - starts[r];
}`,
    grid: 1,
    block: 64,
    args: () => {
      const r = randoms(300, 31);
      const x = new Int32Array(300);
      let v = 0;
      for (let i = 0; i < 300; i++) {
        if ((r[i] as number) % 4 === 0) v = ((r[i] as number) >>> 8) % 5;
        x[i] = v;
      }
      return [x, new Int32Array(300), new Int32Array(300), new Int32Array(1), 300];
    },
  },
  {
    name: 'binary search per thread: lower and upper bounds in a sorted Float32Array with repeats, -0, infinities and a NaN query',
    text: `function search(sorted, queries, lower, upper) {
  const i = gpu.globalIdx.x;
  if (i >= queries.length) return;
  const q = queries[i];
  lower[i] = lowerBound(sorted, q);
  upper[i] = upperBound(sorted, q);
  if (i < 3) lower[queries.length + i] = lowerBound(sorted, q, 2, sorted.length - 2);
}`,
    grid: 1,
    block: 32,
    scope: () => ({ lowerBound, upperBound }),
    args: () => [
      SORTED,
      Float32Array.from([
        -Infinity,
        -8,
        -7.5,
        -3,
        -1,
        -0,
        0,
        0.1,
        1,
        2,
        2.5,
        50,
        1e30,
        3e38,
        Infinity,
        Number.NaN,
      ]),
      new Int32Array(19),
      new Int32Array(16),
    ],
  },
  {
    name: 'an exclusive scan across blocks in one launch: warp scans by shuffleUp, warp totals in shared memory, the preceding blocks summed by each block',
    text: `function scan(x, y, n) {
  const sums = gpu.sharedArray(Int32Array, 8);
  const t = gpu.threadIdx.x, lane = gpu.laneId, w = t >> 5;
  const i = gpu.globalIdx.x;
  const v = i < n ? x[i] : 0;
  let inc = v;
  for (let d = 1; d < 32; d <<= 1) {
    const up = gpu.shuffleUp(inc, d);
    if (lane >= d) inc += up;
  }
  if (lane === 31) sums[w] = inc;
  let before = 0;
  for (let j = lane; j < gpu.blockIdx.x * gpu.blockDim.x; j += 32) before += x[j];
  before = warpSumAll(before);
  gpu.barrier();
  if (t === 0) {
    let run = 0;
    for (let k = 0; k < 8; k++) {
      const s = sums[k];
      sums[k] = run;
      run += s;
    }
  }
  gpu.barrier();
  const blockBefore = gpu.shuffle(before, 0);
  if (i < n) y[i] = inc - v + sums[w] + blockCarry(blockBefore);
}`,
    grid: 3,
    block: 256,
    scope: () => ({
      warpSumAll: device(`function warpSumAll(v) {
  for (let o = 1; o < 32; o <<= 1) v += gpu.shuffleXor(v, o);
  return v;
}`),
      blockCarry: device(`function blockCarry(v) {
  return v;
}`),
    }),
    args: () => [ints(700, 32, (v) => (v % 21) - 10), new Int32Array(700), 700],
  },
  {
    name: 'UTF-8 classification: byte classes by leading bits, sequence validation looking ahead, code points counted by atomicAdd',
    text: `function classify(bytes, cls, counts) {
  const i = gpu.globalIdx.x;
  if (i >= bytes.length) return;
  const b = bytes[i];
  let kind = 0;
  let need = 0;
  if (b < 0x80) kind = 1;
  else if ((b & 0xc0) === 0x80) kind = 2;
  else if ((b & 0xe0) === 0xc0 && b >= 0xc2) { kind = 3; need = 1; }
  else if ((b & 0xf0) === 0xe0) { kind = 4; need = 2; }
  else if ((b & 0xf8) === 0xf0 && b <= 0xf4) { kind = 5; need = 3; }
  let valid = kind !== 0 && kind !== 2;
  for (let k = 1; k <= need; k++) {
    if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) valid = false;
  }
  cls[i] = valid ? kind : -kind;
  if (valid) gpu.atomicAdd(counts, 0, 1);
  if (kind === 0) gpu.atomicAdd(counts, 1, 1);
  gpu.atomicAdd(counts, 2 + kind, 1);
}`,
    grid: 2,
    block: 128,
    args: () => {
      const b = utf8();
      return [b, new Int8Array(b.length), new Uint32Array(8)];
    },
  },
  {
    name: 'ASCII case folding: bytes by an unsigned range test, and four bytes a word by SWAR masks in a Uint32Array',
    text: `function fold(text, lower, words, wordsLower) {
  const i = gpu.globalIdx.x;
  if (i < text.length) {
    const c = text[i];
    lower[i] = (c - 65) >>> 0 < 26 ? c | 0x20 : c;
  }
  if (i < words.length) {
    const w = words[i];
    const heptets = w & 0x7f7f7f7f;
    const geA = heptets + 0x3f3f3f3f;
    const gtZ = heptets + 0x25252525;
    const upper = (geA ^ gtZ) & ~w & 0x80808080;
    wordsLower[i] = (w | (upper >>> 2)) >>> 0;
  }
}`,
    grid: 2,
    block: 64,
    args: () => {
      const text = new TextEncoder().encode(
        'Hello, World! THE quick Brown FOX @[`{ jumps ÀÉ over 123 Z a z A'.repeat(2),
      );
      const words = randoms(100, 33).map((v, i) => (i < 20 ? 0x41425a5b + i * 0x01010101 : v));
      return [text, new Uint8Array(text.length), words, new Uint32Array(100)];
    },
  },
  {
    name: 'CRC32 of 16-byte records: a table from the scope and the bitwise loop agree, ~crc >>> 0 at the end',
    text: `function crc(data, viaTable, viaBits) {
  const r = gpu.globalIdx.x;
  if (r * 16 >= data.length) return;
  let a = 0xffffffff, b = 0xffffffff;
  for (let k = 0; k < 16; k++) {
    const byte = data[r * 16 + k];
    a = CRC_TABLE[(a ^ byte) & 0xff] ^ (a >>> 8);
    b ^= byte;
    for (let j = 0; j < 8; j++) b = b & 1 ? (b >>> 1) ^ 0xedb88320 : b >>> 1;
  }
  viaTable[r] = ~a >>> 0;
  viaBits[r] = ~b >>> 0;
}`,
    grid: 1,
    block: 64,
    scope: () => {
      const table = new Uint32Array(256);
      for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        table[n] = c >>> 0;
      }
      return { CRC_TABLE: table };
    },
    args: () => [bytes(16 * 50, 34), new Uint32Array(50), new Uint32Array(50)],
  },
  {
    name: 'FNV-1a hashes of variable-length keys: 32 bits with Math.imul and >>> 0, 64 bits with BigInt.asUintN, bucket by % of a u32',
    text: `function fnv(data, offsets, h32, h64, bucket) {
  const i = gpu.globalIdx.x;
  if (i >= h32.length) return;
  let h = 0x811c9dc5;
  let H = 0xcbf29ce484222325n;
  for (let k = offsets[i]; k < offsets[i + 1]; k++) {
    h = Math.imul(h ^ data[k], 0x01000193);
    H = BigInt.asUintN(64, (H ^ BigInt.asUintN(64, BigInt(data[k]))) * 0x100000001b3n);
  }
  h32[i] = h >>> 0;
  h64[i] = H;
  bucket[i] = (h >>> 0) % 97;
}`,
    grid: 1,
    block: 64,
    args: () => {
      const r = randoms(40, 35);
      const offsets = new Int32Array(41);
      for (let i = 0; i < 40; i++) offsets[i + 1] = (offsets[i] as number) + ((r[i] as number) % 12);
      return [
        bytes(offsets[40] as number, 36),
        offsets,
        new Uint32Array(40),
        new BigUint64Array(40),
        new Int32Array(40),
      ];
    },
  },
  {
    name: 'point in polygon by crossings with integer cross products: a concave polygon in the scope as a flat tuple, points on edges',
    text: `function inside(px, py, out) {
  const i = gpu.globalIdx.x;
  if (i >= px.length) return;
  const x = px[i], y = py[i];
  let odd = false;
  const n = POLY.length >> 1;
  for (let a = 0, b = n - 1; a < n; b = a++) {
    const xa = POLY[2 * a], ya = POLY[2 * a + 1];
    const xb = POLY[2 * b], yb = POLY[2 * b + 1];
    if (ya > y !== yb > y) {
      const cross = (xb - xa) * (y - ya) - (x - xa) * (yb - ya);
      if (cross === 0) { odd = true; break; }
      if (cross > 0 === yb > ya) odd = !odd;
    }
  }
  out[i] = odd ? 1 : 0;
}`,
    grid: 2,
    block: 64,
    scope: () => ({
      POLY: [0, 0, 20, 0, 20, 20, 10, 8, 0, 20, 4, 10],
    }),
    args: () => [ints(100, 37, (v) => (v % 25) - 2), ints(100, 38, (v) => (v % 25) - 2), new Uint8Array(100)],
  },
  {
    name: 'ray-sphere intersection in f64: records for origin, direction and centre, a device function returning a hit record',
    text: `function trace(rays, spheres, tHit, which) {
  const i = gpu.globalIdx.x;
  if (i * 6 >= rays.length) return;
  const o = { x: rays[6 * i], y: rays[6 * i + 1], z: rays[6 * i + 2] };
  const dx = rays[6 * i + 3], dy = rays[6 * i + 4], dz = rays[6 * i + 5];
  const len = Math.hypot(dx, dy, dz);
  const d = { x: dx / len, y: dy / len, z: dz / len };
  let best = Infinity, hit = -1;
  for (let s = 0; s < spheres.length / 4; s++) {
    const c = { x: spheres[4 * s], y: spheres[4 * s + 1], z: spheres[4 * s + 2] };
    const h = raySphere(o, d, c, spheres[4 * s + 3]);
    if (h.hit && h.t < best) { best = h.t; hit = s; }
  }
  tHit[i] = best;
  which[i] = hit;
}`,
    grid: 1,
    block: 64,
    scope: () => ({ raySphere }),
    args: () => [
      doubles(6 * 60, 39, (v) => ((v % 2001) - 1000) / 100),
      Float64Array.from([0, 0, 0, 3, 5, 5, 5, 2, -4, 2, 1, 1.5, 0, -6, 3, 2.5]),
      new Float64Array(60),
      new Int32Array(60),
    ],
    // Math.hypot of three is within 2 ulps.
    ulps: 2,
  },
  {
    name: 'Morton codes: 2-D 16-bit interleaving and its inverse, 3-D 10-bit codes of quantised f32 coordinates',
    text: `function morton(xs, ys, zs, m2, back, m3) {
  const i = gpu.globalIdx.x;
  if (i >= xs.length) return;
  const x = xs[i] & 0xffff, y = ys[i] & 0xffff;
  const code = (part1by1(x) | (part1by1(y) << 1)) >>> 0;
  m2[i] = code;
  back[2 * i] = compact1by1(code);
  back[2 * i + 1] = compact1by1(code >>> 1);
  const qx = Math.min(Math.max(Math.floor(zs[3 * i] * 1024), 0), 1023);
  const qy = Math.min(Math.max(Math.floor(zs[3 * i + 1] * 1024), 0), 1023);
  const qz = Math.min(Math.max(Math.floor(zs[3 * i + 2] * 1024), 0), 1023);
  m3[i] = (part1by2(qx) << 2) | (part1by2(qy) << 1) | part1by2(qz);
}`,
    grid: 1,
    block: 64,
    scope: () => ({ part1by1, compact1by1, part1by2 }),
    args: () => [
      randoms(50, 40),
      randoms(50, 41),
      floats(150, 42, (v) => (v % 1100) / 1024 - 0.02),
      new Uint32Array(50),
      new Int32Array(100),
      new Uint32Array(50),
    ],
  },
  {
    name: 'a step of Conway life on a torus: neighbours by (x - 1 + w) % w, a 2-D launch, i32 cells',
    text: `function life(cells, next, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  let n = 0;
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      if (dx === 0 && dy === 0) continue;
      n += cells[((y + dy + h) % h) * w + ((x + dx + w) % w)];
    }
  }
  const alive = cells[y * w + x] === 1;
  next[y * w + x] = n === 3 || (alive && n === 2) ? 1 : 0;
}`,
    grid: [2, 3],
    block: [16, 8],
    args: () => [ints(27 * 19, 43, (v) => (v % 3 === 0 ? 1 : 0)), new Int32Array(27 * 19), 27, 19],
  },
  {
    name: 'an f32 Mandelbrot with Math.fround at every step, so JavaScript rounds as the device does: escape counts of a 2-D grid',
    text: `function mandel(iters, w, h, maxIter) {
  const px = gpu.globalIdx.x, py = gpu.globalIdx.y;
  if (px >= w || py >= h) return;
  const cx = Math.fround(Math.fround(px * 0.0625) - 2.5);
  const cy = Math.fround(Math.fround(py * 0.0625) - 1.25);
  let x = Math.fround(0), y = Math.fround(0);
  let k = 0;
  while (k < maxIter) {
    const xx = Math.fround(x * x), yy = Math.fround(y * y);
    if (Math.fround(xx + yy) > 4) break;
    const xy = Math.fround(x * y);
    y = Math.fround(Math.fround(xy + xy) + cy);
    x = Math.fround(Math.fround(xx - yy) + cx);
    k++;
  }
  iters[py * w + px] = k;
}`,
    grid: [4, 3],
    block: [16, 16],
    args: () => [new Int32Array(56 * 40), 56, 40, 200],
  },
  {
    name: 'warp argmax of f32 scores by shuffleDown of value and index, ties to the lower index, block winners through shared memory',
    text: `function argmax(scores, best, bestIdx) {
  const s = gpu.sharedArray(Float32Array, 8);
  const si = gpu.sharedArray(Int32Array, 8);
  const t = gpu.threadIdx.x, lane = gpu.laneId, w = t >> 5;
  const i = gpu.globalIdx.x;
  let v = i < scores.length ? scores[i] : -Infinity;
  let at = i < scores.length ? i : 2147483647;
  for (let o = 16; o > 0; o >>= 1) {
    const ov = gpu.shuffleDown(v, o);
    const oi = gpu.shuffleDown(at, o);
    if (ov > v || (ov === v && oi < at)) {
      v = ov;
      at = oi;
    }
  }
  if (lane === 0) {
    s[w] = v;
    si[w] = at;
  }
  gpu.barrier();
  if (t === 0) {
    let bv = s[0], bi = si[0];
    for (let k = 1; k < gpu.blockDim.x >> 5; k++) {
      if (s[k] > bv || (s[k] === bv && si[k] < bi)) {
        bv = s[k];
        bi = si[k];
      }
    }
    best[gpu.blockIdx.x] = bv;
    bestIdx[gpu.blockIdx.x] = bi;
  }
}`,
    grid: 3,
    block: 256,
    args: () => [floats(700, 44, (v) => (v % 50) - 25), new Float32Array(3), new Int32Array(3)],
  },
  {
    name: 'integer number theory per thread: Euclid gcd with %, an integer square root by Newton in u32, Collatz step counts',
    text: `function numbers(a, b, g, root, steps) {
  const i = gpu.globalIdx.x;
  if (i >= a.length) return;
  let x = a[i], y = b[i];
  while (y !== 0) {
    const r = x % y;
    x = y;
    y = r;
  }
  g[i] = x;
  const n = (a[i] * 65537) >>> 0;
  let r = n;
  if (r > 0) {
    let q = ((r >>> 1) + 1) >>> 0;
    while (q < r) {
      r = q;
      q = ((q + ((n / q) >>> 0)) >>> 1) >>> 0;
    }
  }
  root[i] = r;
  let c = a[i], k = 0;
  while (c !== 1 && k < 1000) {
    c = (c & 1) === 0 ? c >> 1 : 3 * c + 1;
    k++;
  }
  steps[i] = k;
}`,
    grid: 2,
    block: 64,
    args: () => [
      ints(100, 45, (v) => 1 + (v % 30000)),
      ints(100, 46, (v) => (v % 5000) * 6),
      new Int32Array(100),
      new Uint32Array(100),
      new Int32Array(100),
    ],
  },
  {
    name: 'rank and select on a bitvector: popcount of whole words plus a masked partial word, select by a binary search over ranks',
    text: `function rankSelect(bits, queries, ranks, selects, total) {
  const i = gpu.globalIdx.x;
  if (i >= queries.length) return;
  const pos = queries[i];
  const word = pos >>> 5;
  let r = 0;
  for (let k = 0; k < word; k++) r += gpu.popcount(bits[k]);
  const bit = pos & 31;
  if (bit !== 0) r += gpu.popcount(bits[word] & ((1 << bit) - 1));
  ranks[i] = r;
  const want = i % total;
  let lo = 0, hi = bits.length * 32;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    let c = 0;
    const mw = mid >> 5;
    for (let k = 0; k < mw; k++) c += gpu.popcount(bits[k]);
    if ((mid & 31) !== 0) c += gpu.popcount(bits[mw] & ((1 << (mid & 31)) - 1));
    if (c <= want) lo = mid + 1;
    else hi = mid;
  }
  selects[i] = lo - 1;
}`,
    grid: 1,
    block: 64,
    args: () => {
      const bits = randoms(12, 47);
      let total = 0;
      for (const w of bits) total += (w.toString(2).match(/1/g) ?? []).length;
      return [bits, ints(64, 48, (v) => v % (12 * 32)), new Int32Array(64), new Int32Array(64), total];
    },
  },
  {
    name: 'a radix-2 FFT of 64 points in one block in f64: bit-reversed loads, butterflies between barriers, twiddles from a table argument',
    text: `function fft(re, im, twRe, twIm, outRe, outIm) {
  const N = 64;
  const sr = gpu.sharedArray(Float64Array, 64);
  const si = gpu.sharedArray(Float64Array, 64);
  const t = gpu.threadIdx.x;
  const base = gpu.blockIdx.x * N;
  for (let j = t; j < N; j += 32) {
    let rev = 0;
    for (let b = 0; b < 6; b++) rev |= ((j >> b) & 1) << (5 - b);
    sr[rev] = re[base + j];
    si[rev] = im[base + j];
  }
  gpu.barrier();
  for (let len = 2; len <= N; len <<= 1) {
    const half = len >> 1;
    const group = (t / half) | 0;
    const k = t % half;
    const a = group * len + k, b = a + half;
    const step = (N / len) | 0;
    const wr = twRe[k * step], wi = twIm[k * step];
    const br = sr[b] * wr - si[b] * wi;
    const bi = sr[b] * wi + si[b] * wr;
    const ar = sr[a], ai = si[a];
    gpu.barrier();
    sr[a] = ar + br;
    si[a] = ai + bi;
    sr[b] = ar - br;
    si[b] = ai - bi;
    gpu.barrier();
  }
  for (let j = t; j < N; j += 32) {
    outRe[base + j] = sr[j];
    outIm[base + j] = si[j];
  }
}`,
    grid: 2,
    block: 32,
    args: () => [
      doubles(128, 49, (v) => (v % 200) - 100),
      doubles(128, 50, (v) => (v % 20) - 10),
      Float64Array.from({ length: 32 }, (_, k) => Math.cos((-2 * Math.PI * k) / 64)),
      Float64Array.from({ length: 32 }, (_, k) => Math.sin((-2 * Math.PI * k) / 64)),
      new Float64Array(128),
      new Float64Array(128),
    ],
  },
  {
    name: 'a 3x3 median filter with a local Float32Array sorted by insertion, clamped borders, NaN-free f32 pixels',
    text: `function median(src, dst, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  const win = new Float32Array(9);
  let n = 0;
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const v = src[Math.min(Math.max(y + dy, 0), h - 1) * w + Math.min(Math.max(x + dx, 0), w - 1)];
      let j = n;
      while (j > 0 && win[j - 1] > v) {
        win[j] = win[j - 1];
        j--;
      }
      win[j] = v;
      n++;
    }
  }
  dst[y * w + x] = win[4];
}`,
    grid: [2, 2],
    block: [16, 16],
    args: () => [floats(25 * 20, 51, (v) => (v % 1000) / 8 - 60), new Float32Array(25 * 20), 25, 20],
  },
  {
    name: 'a histogram of f32 samples into 32 bins: Math.floor of a scaled offset, clamped, u32 atomics, under- and overflow bins',
    text: `function bins(x, hist, lo, width) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  let b = Math.floor((v - lo) / width);
  if (b < 0) gpu.atomicAdd(hist, 32, 1);
  else if (b >= 32) gpu.atomicAdd(hist, 33, 1);
  else gpu.atomicAdd(hist, b | 0, 1);
}`,
    grid: 4,
    block: 128,
    args: () => [floats(500, 52, (v) => (v % 4000) / 100 - 4), new Uint32Array(34), 0, 1],
  },
  {
    name: 'a bilinear 2x upscale of an f32 image: source coordinates in quarters, Math.floor, clamped neighbours, weights of quarters',
    text: `function upscale(src, dst, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  const W = 2 * w, H = 2 * h;
  if (x >= W || y >= H) return;
  const fx = Math.max(x * 0.5 - 0.25, 0), fy = Math.max(y * 0.5 - 0.25, 0);
  const x0 = Math.floor(fx) | 0, y0 = Math.floor(fy) | 0;
  const x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
  const ax = fx - x0, ay = fy - y0;
  const top = src[y0 * w + x0] * (1 - ax) + src[y0 * w + x1] * ax;
  const bottom = src[y1 * w + x0] * (1 - ax) + src[y1 * w + x1] * ax;
  dst[y * W + x] = top * (1 - ay) + bottom * ay;
}`,
    grid: [3, 2],
    block: [16, 16],
    args: () => [floats(19 * 13, 53, (v) => v % 256), new Float32Array(38 * 26), 19, 13],
  },
  {
    name: 'SAXPY-style kernels chained through a device function passed as an argument: a clamp, a lerp with a default t, a grid-stride loop',
    text: `function apply(x, y, out, f, a) {
  for (let i = gpu.globalIdx.x; i < out.length; i += gpu.gridDim.x * gpu.blockDim.x) out[i] = f(a, x[i], y[i]);
}`,
    grid: 2,
    block: 32,
    scope: () => ({}),
    args: () => [
      floats(300, 54, (v) => (v % 512) / 8 - 32),
      floats(300, 55, (v) => (v % 512) / 8 - 32),
      new Float32Array(300),
      device(`function axpyClamp(a, x, y) {
  return Math.min(Math.max(a * x + y, -40), 40);
}`),
      0.5,
    ],
  },
  {
    name: 'a privatised histogram: a local Int32Array per thread over a grid-stride loop, merged into global bins by atomicAdd',
    text: `function hist(x, bins) {
  const local = new Int32Array(16);
  for (let i = gpu.globalIdx.x; i < x.length; i += gpu.gridDim.x * gpu.blockDim.x) local[x[i] & 15]++;
  for (let b = 0; b < 16; b++) if (local[b] !== 0) gpu.atomicAdd(bins, b, local[b]);
}`,
    grid: 2,
    block: 32,
    args: () => [ints(500, 56, (v) => v), new Int32Array(16)],
  },
  {
    name: 'i64 sums of squares by atomicAdd on a BigInt64Array and a per-thread BigInt prefix over the elements before it',
    text: `function sums(x, total, prefix) {
  const i = gpu.globalIdx.x;
  gpu.atomicAdd(total, 0, x[i] * x[i]);
  let s = 0n;
  for (let j = 0; j <= i; j++) s += x[j];
  prefix[i] = s;
}`,
    grid: 2,
    block: 16,
    args: () => [
      BigInt64Array.from({ length: 32 }, (_, i) => BigInt(i) * 1000000000n - 9000000000n),
      new BigInt64Array(1),
      new BigInt64Array(32),
    ],
  },
  {
    name: '3-D Morton codes of 21-bit coordinates in a BigUint64Array: BigInt.asUintN, shifts and masks of 64-bit literals',
    text: `function morton64(xs, out) {
  const i = gpu.globalIdx.x;
  let x = BigInt.asUintN(64, BigInt(xs[i] & 0x1fffff));
  x = (x | (x << 32n)) & 0x1f00000000ffffn;
  x = (x | (x << 16n)) & 0x1f0000ff0000ffn;
  x = (x | (x << 8n)) & 0x100f00f00f00f00fn;
  x = (x | (x << 4n)) & 0x10c30c30c30c30c3n;
  x = (x | (x << 2n)) & 0x1249249249249249n;
  out[i] = x | (x << 1n);
}`,
    grid: 1,
    block: 16,
    args: () => [ints(16, 57, (v) => v | 0), new BigUint64Array(16)],
  },
  {
    name: 'gamma correction through a u8 lookup table captured from the scope, computed on the host with **',
    text: `function gamma(img, out) {
  const i = gpu.globalIdx.x;
  if (i < img.length) out[i] = LUT[img[i]];
}`,
    grid: 2,
    block: 64,
    scope: () => ({
      LUT: Uint8Array.from({ length: 256 }, (_, v) => Math.round(255 * (v / 255) ** (1 / 2.2))),
    }),
    args: () => [bytes(100, 58), new Uint8Array(100)],
  },
  {
    name: 'a shared Float16Bits tile: halves scaled by 3 and rounded to f16 on the store, read back reversed after a barrier',
    text: `function halves(h, out) {
  const s = gpu.sharedArray(Float16Bits, 32);
  const t = gpu.threadIdx.x;
  s[t] = h[t] * 3;
  gpu.barrier();
  out[t] = s[31 - t];
}`,
    grid: 1,
    block: 32,
    args: () => [Float16Bits.from(Array.from({ length: 32 }, (_, i) => i * 0.7 - 9)), new Float32Array(32)],
  },
  {
    name: 'sorting three values a thread by a compare-exchange device function returning tuples, destructured in declarations',
    text: `function sort3(x, out) {
  const i = gpu.globalIdx.x;
  const [p, q] = order(x[3 * i], x[3 * i + 1]);
  const [r, s] = order(q, x[3 * i + 2]);
  const [u, v] = order(p, r);
  out[3 * i] = u;
  out[3 * i + 1] = v;
  out[3 * i + 2] = s;
}`,
    grid: 1,
    block: 16,
    scope: () => ({
      order: device(`function order(a, b) {
  return a < b ? [a, b] : [b, a];
}`),
    }),
    args: () => [floats(48, 59, (v) => (v % 9) - 4 - (v % 2) * 0.5), new Float32Array(48)],
  },
  {
    name: 'Collatz lengths in a while (true) left by break, then the larger of a lane pair by shuffleXor after the divergent loop',
    text: `function collatz(x, out) {
  const t = gpu.threadIdx.x;
  let n = 0;
  let v = x[t];
  while (true) {
    if (v <= 1) break;
    v = v & 1 ? 3 * v + 1 : v >> 1;
    n++;
  }
  out[t] = Math.max(n, gpu.shuffleXor(n, 1));
}`,
    grid: 1,
    block: 64,
    args: () => [ints(64, 60, (v) => 1 + (v % 5000)), new Int32Array(64)],
  },
  {
    name: 'TypeScript text: an interface inside the kernel, annotated parameters, as and !, squared distances rounded by Math.fround',
    file: 'distances.ts',
    text: `function distances(px: Float32Array, py: Float32Array, out: Float32Array, n: number): void {
  interface Point { x: number; y: number }
  const i: number = gpu.globalIdx.x;
  if (i >= n) return;
  const p: Point = { x: px[i], y: py[i] };
  const q = { x: px[(i + 1) % n], y: py[(i + 1) % n] } as Point;
  out[i] = Math.fround((p.x - q.x) * (p.x - q.x)) + Math.fround((p.y - q.y) * (p.y - q.y))!;
}`,
    grid: 1,
    block: 32,
    args: () => [
      floats(20, 61, (v) => (v % 100) / 8),
      floats(20, 62, (v) => (v % 100) / 8),
      new Float32Array(20),
      20,
    ],
  },
  {
    name: 'a 7-point Laplacian on 3-D views with clamped neighbours, one 4x4x4 block',
    text: `function laplace(v, out, n) {
  const x = gpu.threadIdx.x, y = gpu.threadIdx.y, z = gpu.threadIdx.z;
  let s = 0;
  for (let d = -1; d <= 1; d += 2) {
    s += v.get(Math.min(Math.max(z + d, 0), n - 1), y, x);
    s += v.get(z, Math.min(Math.max(y + d, 0), n - 1), x);
    s += v.get(z, y, Math.min(Math.max(x + d, 0), n - 1));
  }
  out.set(z, y, x, s - 6 * v.get(z, y, x));
}`,
    grid: 1,
    block: [4, 4, 4],
    args: () => [
      view(
        floats(64, 63, (v) => v % 13),
        4,
        4,
        4,
      ),
      view(new Float32Array(64), 4, 4, 4),
      4,
    ],
  },
  {
    name: 'a record of device functions from the scope, one reading a scope constant, chosen by a ternary and called',
    text: `function ops(x, out) {
  const i = gpu.globalIdx.x;
  const f = i % 2 === 0 ? OPS.twice : OPS.twice;
  out[i] = OPS.shift(OPS.twice(x[i])) + f(1);
}`,
    grid: 1,
    block: 8,
    scope: () => ({
      OPS: {
        twice: device(`function twice(v) {
  return v * 2;
}`),
        shift: device(`function shift(v) {
  return v + SHIFT;
}`),
      },
      SHIFT: 3,
    }),
    args: () => [ints(8, 64, (v) => (v % 100) - 50), new Int32Array(8)],
  },
  {
    name: 'a modulo wrap with a default modulus read from the scope and blockDim, ((v % m) + m) % m of negatives',
    text: `function wraps(out) {
  const i = gpu.globalIdx.x;
  out[i] = wrap(i * 37 - 200) + wrap(i - 8, 5);
}`,
    grid: 1,
    block: 16,
    scope: () => ({
      N: 10,
      wrap: device(`function wrap(v, m = N + gpu.blockDim.x) {
  return ((v % m) + m) % m;
}`),
    }),
    args: () => [new Int32Array(16)],
  },
  {
    name: 'MurmurHash3 finaliser with Math.imul of u32 constants past 2^31, then shifts by counts past 31',
    text: `function fmix(x, out) {
  const i = gpu.globalIdx.x;
  let h = x[i];
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  out[i] = (h << (i + 30)) >>> (i & 7);
}`,
    grid: 1,
    block: 16,
    args: () => [randoms(16, 65), new Uint32Array(16)],
  },
  {
    name: 'a scan across blocks in two launches: block-local inclusive scans and block totals, then each block adds the totals before it',
    text: `function scanBlocks(x, y, totals, n) {
  const s = gpu.sharedArray(Int32Array, 128);
  const t = gpu.threadIdx.x;
  const i = gpu.globalIdx.x;
  s[t] = i < n ? x[i] : 0;
  gpu.barrier();
  for (let d = 1; d < 128; d <<= 1) {
    const v = t >= d ? s[t - d] : 0;
    gpu.barrier();
    s[t] += v;
    gpu.barrier();
  }
  if (i < n) y[i] = s[t];
  if (t === 127) totals[gpu.blockIdx.x] = s[127];
}`,
    second: {
      text: `function addTotals(x, y, totals, n) {
  const i = gpu.globalIdx.x;
  if (i >= n) return;
  let before = 0;
  for (let b = 0; b < gpu.blockIdx.x; b++) before += totals[b];
  y[i] += before;
}`,
      grid: 6,
      block: 128,
    },
    grid: 6,
    block: 128,
    args: () => [ints(700, 66, (v) => (v % 41) - 20), new Int32Array(700), new Int32Array(6), 700],
  },
  {
    name: 'ordered stream compaction across blocks in two launches: flags scanned per block with counts, then scattered after the earlier blocks',
    text: `function flagScan(x, out, rank, counts, n) {
  const s = gpu.sharedArray(Int32Array, 64);
  const t = gpu.threadIdx.x;
  const i = gpu.globalIdx.x;
  const keep = i < n && x[i] > 0 && (x[i] & 3) !== 0 ? 1 : 0;
  s[t] = keep;
  gpu.barrier();
  for (let d = 1; d < 64; d *= 2) {
    const v = t >= d ? s[t - d] : 0;
    gpu.barrier();
    s[t] += v;
    gpu.barrier();
  }
  if (i < n) rank[i] = keep === 1 ? s[t] - 1 : -1;
  if (t === 63) counts[gpu.blockIdx.x] = s[63];
}`,
    second: {
      text: `function scatter(x, out, rank, counts, n) {
  const i = gpu.globalIdx.x;
  if (i >= n || rank[i] < 0) return;
  let offset = 0;
  for (let b = 0; b < gpu.blockIdx.x; b++) offset += counts[b];
  out[offset + rank[i]] = x[i];
}`,
      grid: 5,
      block: 64,
    },
    grid: 5,
    block: 64,
    args: () => [
      ints(300, 67, (v) => (v % 200) - 60),
      new Int32Array(300).fill(-1),
      new Int32Array(300),
      new Int32Array(5),
      300,
    ],
  },
  {
    name: 'histogram equalisation in two launches: a global u32 histogram by atomicAdd over a 2-D image, then a cdf per thread and mapped pixels',
    text: `function histogram(img, hist, out, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x < w && y < h) gpu.atomicAdd(hist, img[y * w + x], 1);
}`,
    second: {
      text: `function equalise(img, hist, out, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  const v = img[y * w + x];
  let below = 0, min = 0;
  for (let b = 0; b <= v; b++) {
    if (min === 0) min = hist[b];
    below += hist[b];
  }
  const n = w * h;
  out[y * w + x] = n === min ? v : Math.floor(((below - min) * 255) / (n - min) + 0.5);
}`,
      grid: [3, 2],
      block: [16, 16],
    },
    grid: [3, 2],
    block: [16, 16],
    args: () => [
      ints(40 * 30, 68, (v) => 60 + (v % 50)),
      new Uint32Array(256),
      new Int32Array(40 * 30),
      40,
      30,
    ],
  },
  {
    name: 'UTF-8 sequence lengths by a switch on the high nibble: cases falling through to count, continuation bytes as 0',
    text: `function lengths(bytes, out) {
  const i = gpu.globalIdx.x;
  if (i >= bytes.length) return;
  let len = 0;
  switch (bytes[i] >> 4) {
    case 15:
      len++;
    case 14:
      len++;
    case 13:
    case 12:
      len++;
    default:
      len++;
      break;
    case 8:
    case 9:
    case 10:
    case 11:
      len = 0;
  }
  out[i] = len;
}`,
    grid: 2,
    block: 64,
    args: () => {
      const b = utf8();
      return [b, new Int32Array(b.length)];
    },
  },
  {
    name: 'log2 buckets of u32 sizes by 31 - Math.clz32(x | 1), counted by u32 atomics',
    text: `function buckets(x, hist) {
  const i = gpu.globalIdx.x;
  if (i < x.length) gpu.atomicAdd(hist, 31 - Math.clz32(x[i] | 1), 1);
}`,
    grid: 2,
    block: 64,
    args: () => [randoms(100, 69).map((v, i) => v >>> (i % 32)), new Uint32Array(32)],
  },
  {
    name: 'cleaning f32 samples: NaN to -1, finite values truncated into an Int32Array, infinities to plus or minus 1e9',
    text: `function clean(x, out) {
  const i = gpu.globalIdx.x;
  const v = x[i];
  out[i] = Number.isNaN(v) ? -1 : Number.isFinite(v) ? Math.trunc(v) : v > 0 ? 1e9 : -1e9;
}`,
    grid: 1,
    block: 16,
    args: () => [
      Float32Array.of(
        NaN,
        1.5,
        -2.7,
        Infinity,
        -Infinity,
        -0.3,
        3e38,
        -0,
        2147483647,
        -2147483904,
        0.5,
        7,
        -7.5,
        1e-40,
        4e9,
        -1,
      ),
      new Int32Array(16),
    ],
  },
  {
    name: 'a block maximum of f32 by warp shuffles, warp maxima in shared memory, and a second shuffle round in the first warp',
    text: `function blockMax(x, out) {
  const s = gpu.sharedArray(Float32Array, 8);
  const t = gpu.threadIdx.x;
  let v = x[gpu.globalIdx.x];
  for (let d = 16; d > 0; d >>= 1) v = Math.max(v, gpu.shuffleDown(v, d));
  if (gpu.laneId === 0) s[t >> 5] = v;
  gpu.barrier();
  if (t < 32) {
    let w = t < gpu.blockDim.x >> 5 ? s[t] : -Infinity;
    for (let d = 4; d > 0; d >>= 1) w = Math.max(w, gpu.shuffleDown(w, d));
    if (t === 0) out[gpu.blockIdx.x] = w;
  }
}`,
    grid: 2,
    block: 256,
    args: () => [floats(512, 70, (v) => (v % 20001) / 100 - 100), new Float32Array(2)],
  },
];
