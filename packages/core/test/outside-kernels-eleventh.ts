// The eleventh round of kernels written apart from the corpus (outside-kernels.ts runs them with
// the others), in domains and shapes the earlier rounds left out: physics (cloth springs, disc
// collisions, drag by the midpoint method, a double pendulum, boids), finance (bond yields by
// Newton, implied volatility by bisection, amortisation in cents, drawdowns), images (bilateral
// and Lanczos filters, a median-of-9 network, Bayer demosaicing, Canny suppression,
// Floyd-Steinberg, Porter-Duff, distance transforms), signal (CIC decimation, Levinson-Durbin,
// delta-sigma, a Schmitt trigger, windows, zero crossings), graphs (PageRank, triangles, Kahn
// levels, Jones-Plassmann colouring, Dijkstra), parsing (ISO 8601, Roman numerals, an RPN
// machine, globs, percent-decoding), hashing (MurmurHash3, xxHash32, SipHash-2-4, MINSTD by
// Schrage, Zobrist), sorting and sparse work (merge path, Batcher's network, a CSR transpose),
// ML (attention rows, Welford merges, int8 GEMV, cross-entropy, NMS, ROI align), geometry
// (sphere tracing, marching squares, polygon clipping, closest points, haversine,
// Douglas-Peucker), neurons (leaky integrate-and-fire), Lucas-Lehmer tests, and language edges
// (every compound operator on every array kind, BigInt compound operators that wrap, ?? and ??=
// past the ends, a float tuple read past its end in arithmetic, early returns from nested loops,
// a work queue by atomicAdd, runs within warps by ballots). Each is deterministic under any
// schedule.

import type { OutsideKernel } from './outside-kernels.js';
import { randoms } from './outside-kernels-seventh.js';
import { ascii, bytes, device, doubles, floats, ints } from './outside-kernels-tenth.js';

/** A grid of w x h points `spacing` apart, each moved by up to `jitter`. */
const grid2 = (w: number, h: number, spacing: number, jitter: number, seed: number) => {
  const r = randoms(w * h * 2, seed);
  const x = new Float64Array(w * h);
  const y = new Float64Array(w * h);
  for (let j = 0; j < h; j++)
    for (let i = 0; i < w; i++) {
      const p = j * w + i;
      x[p] = i * spacing + (((r[p * 2] as number) % 1001) / 1000 - 0.5) * jitter;
      y[p] = -j * spacing + (((r[p * 2 + 1] as number) % 1001) / 1000 - 0.5) * jitter;
    }
  return { x, y };
};

const resolve = device(`function resolve(p, q, rad, e = 0.9) {
  const nx = q.x - p.x, ny = q.y - p.y;
  const d2 = nx * nx + ny * ny;
  if (d2 >= 4 * rad * rad || d2 === 0) return { hit: 0, ix: 0, iy: 0 };
  const d = Math.sqrt(d2);
  const ux = nx / d, uy = ny / d;
  const vrel = (q.vx - p.vx) * ux + (q.vy - p.vy) * uy;
  if (vrel > 0) return { hit: -1, ix: 0, iy: 0 };
  const j = (-(1 + e) * vrel) / (1 / p.m + 1 / q.m);
  return { hit: 1, ix: j * ux, iy: j * uy };
}`);

const drag = device(`function drag(vx, vy, c = DRAG) {
  const s = Math.sqrt(vx * vx + vy * vy);
  return [-c * s * vx, -G - c * s * vy];
}`);

const wrapAngle = device(`function wrapAngle(a) {
  return ((a + Math.PI) % TAU + TAU) % TAU - Math.PI;
}`);

/** Standard normal cdf through erf (Abramowitz-Stegun 7.1.26), each a helper with defaults. */
const poly =
  device(`function poly(t, a1 = 0.254829592, a2 = -0.284496736, a3 = 1.421413741, a4 = -1.453152027, a5 = 1.061405429) {
  return t * (a1 + t * (a2 + t * (a3 + t * (a4 + t * a5))));
}`);
const erf = device(`function erf(x, p = 0.3275911) {
  const s = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  return s * (1 - poly(1 / (1 + p * ax)) * Math.exp(-ax * ax));
}`);
const ncdf = device(`function ncdf(x, mu = 0, sigma = 1) {
  return 0.5 * (1 + erf((x - mu) / (sigma * Math.SQRT2)));
}`);
const bsCall = device(`function bsCall(s, k, t, r, v) {
  const sq = v * Math.sqrt(t);
  const d1 = (Math.log(s / k) + (r + 0.5 * v * v) * t) / sq;
  return s * ncdf(d1) - k * Math.exp(-r * t) * ncdf(d1 - sq);
}`);

/** Paeth's median-of-9 network (19 compare-exchanges) as index pairs. */
const MED9 = [
  1, 2, 4, 5, 7, 8, 0, 1, 3, 4, 6, 7, 1, 2, 4, 5, 7, 8, 0, 3, 5, 8, 4, 7, 3, 6, 1, 4, 2, 5, 4, 7, 4, 2, 6, 4,
  4, 2,
];

const sobelAt = device(`function sobelAt(img, w, h, x, y) {
  let gx = 0, gy = 0;
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++) {
      const v = img[Math.min(Math.max(y + dy, 0), h - 1) * w + Math.min(Math.max(x + dx, 0), w - 1)];
      const wx = dx * (dy === 0 ? 2 : 1), wy = dy * (dx === 0 ? 2 : 1);
      gx += wx * v;
      gy += wy * v;
    }
  return [gx, gy, Math.abs(gx) + Math.abs(gy)];
}`);

const mirror = device(`function mirror(v, n) {
  return v < 0 ? -v : v >= n ? 2 * n - 2 - v : v;
}`);
const rawAt = device(`function rawAt(raw, w, h, x, y) {
  return raw[mirror(y, h) * w + mirror(x, w)];
}`);

/** The 1-D squared distance transform of Felzenszwalb and Huttenlocher (lower envelope of parabolas). */
const dt1d = device(`function dt1d(src, dst, off, stride, n) {
  const v = new Int32Array(64), z = new Float64Array(65);
  let k = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    let s = (src[off + q * stride] + q * q - (src[off + v[k] * stride] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    while (s <= z[k]) {
      k--;
      s = (src[off + q * stride] + q * q - (src[off + v[k] * stride] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    const d = q - v[k];
    dst[off + q * stride] = d * d + src[off + v[k] * stride];
  }
}`);

const lanczos3 = device(`function lanczos3(x) {
  if (x === 0) return 1;
  if (x <= -3 || x >= 3) return 0;
  const px = Math.PI * x;
  return (3 * Math.sin(px) * Math.sin(px / 3)) / (px * px);
}`);

/** A random graph as CSR (both directions when `undirected`), edges u -> v without repeats or loops. */
const graph = (n: number, m: number, seed: number, dag = false, undirected = false) => {
  const r = randoms(m * 2, seed);
  const edges = new Set<string>();
  for (let e = 0; e < m; e++) {
    let u = (r[e * 2] as number) % n;
    let v = (r[e * 2 + 1] as number) % n;
    if (u === v) continue;
    if (dag && u > v) [u, v] = [v, u];
    edges.add(`${u},${v}`);
    if (undirected) edges.add(`${v},${u}`);
  }
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) {
    const [u, v] = e.split(',').map(Number) as [number, number];
    adj[u]?.push(v);
  }
  for (const a of adj) a.sort((p, q) => p - q);
  const rowptr = new Int32Array(n + 1);
  for (let u = 0; u < n; u++) rowptr[u + 1] = (rowptr[u] as number) + (adj[u] as number[]).length;
  return { rowptr, adj: Int32Array.from(adj.flat()), lists: adj };
};

/** One PageRank step pulling along in-edges from `src` into `dst`. */
const pagerank = (src: string, dst: string) => `function pagerank(rowptr, cols, outdeg, a, b, n) {
  const v = gpu.globalIdx.x;
  if (v >= n) return;
  let dangling = 0;
  for (let u = 0; u < n; u++) if (outdeg[u] === 0) dangling += ${src}[u];
  let s = 0;
  for (let e = rowptr[v]; e < rowptr[v + 1]; e++) {
    const u = cols[e];
    s += ${src}[u] / outdeg[u];
  }
  ${dst}[v] = (1 - D) / n + D * (s + dangling / n);
}`;

const prio = device(`function prio(v) {
  return Math.imul(v ^ 0x5bd1e995, 0x9e3779b1) >>> 0;
}`);

const digitsAt = device(`function digitsAt(b, at, count) {
  let v = 0;
  for (let k = 0; k < count; k++) {
    const d = b[at + k] - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}`);

/** Days from 1970-01-01 to a proleptic Gregorian date, by a month table and counts of leap days. */
const daysFrom1970 = device(`function daysFrom1970(y, m, d) {
  const leaps = (Math.floor((y - 1) / 4) - Math.floor((y - 1) / 100) + Math.floor((y - 1) / 400)) - 477;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return 365 * (y - 1970) + leaps + CUM[m - 1] + (m > 2 && leap ? 1 : 0) + d - 1;
}`);

const romanValue = device(`function romanValue(c) {
  switch (c | 32) {
    case 105: return 1;
    case 118: return 5;
    default: return -1;
    case 120: return 10;
    case 108: return 50;
    case 99: return 100;
    case 100: return 500;
    case 109: return 1000;
  }
}`);

const fieldLength = device(`function fieldLength(b, at, width) {
  let n = 0;
  while (n < width && b[at + n] !== 0) n++;
  return n;
}`);

const hexValue = device(`function hexValue(c) {
  const l = c | 32;
  return c >= 48 && c <= 57 ? c - 48 : l >= 97 && l <= 102 ? l - 87 : -1;
}`);

/** Packs NUL-padded text fields of `width` bytes. */
const fields = (width: number, texts: readonly string[]) => {
  const out = new Uint8Array(width * texts.length);
  for (const [i, t] of texts.entries()) out.set(ascii(t.slice(0, width)), i * width);
  return out;
};

const murmur3 = device(`function murmur3(key, off, len, seed) {
  let h = seed;
  const nb = len >> 2;
  for (let b = 0; b < nb; b++) {
    const p = off + b * 4;
    let k = key[p] | (key[p + 1] << 8) | (key[p + 2] << 16) | (key[p + 3] << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  const tail = off + nb * 4;
  switch (len & 3) {
    case 3:
      k ^= key[tail + 2] << 16;
    case 2:
      k ^= key[tail + 1] << 8;
    case 1:
      k ^= key[tail];
      k = Math.imul(k, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, 0x1b873593);
      h ^= k;
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}`);

const rotl32 = device(`function rotl32(x, r) {
  return (x << r) | (x >>> (32 - r));
}`);
const word32 = device(`function word32(b, p) {
  return b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
}`);
const xxRound = device(`function xxRound(acc, w) {
  return Math.imul(rotl32((acc + Math.imul(w, P2)) | 0, 13), P1);
}`);
const xxh32 = device(`function xxh32(b, off, len, seed) {
  let p = off;
  const end = off + len;
  let h;
  if (len >= 16) {
    let v1 = (seed + P1 + P2) | 0, v2 = (seed + P2) | 0, v3 = seed | 0, v4 = (seed - P1) | 0;
    while (p <= end - 16) {
      v1 = xxRound(v1, word32(b, p));
      v2 = xxRound(v2, word32(b, p + 4));
      v3 = xxRound(v3, word32(b, p + 8));
      v4 = xxRound(v4, word32(b, p + 12));
      p += 16;
    }
    h = (rotl32(v1, 1) + rotl32(v2, 7) + rotl32(v3, 12) + rotl32(v4, 18)) | 0;
  } else h = (seed + P5) | 0;
  h = (h + len) | 0;
  while (p + 4 <= end) {
    h = Math.imul(rotl32((h + Math.imul(word32(b, p), P3)) | 0, 17), P4);
    p += 4;
  }
  while (p < end) {
    h = Math.imul(rotl32((h + Math.imul(b[p], P5)) | 0, 11), P1);
    p++;
  }
  h ^= h >>> 15;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  return h >>> 0;
}`);

const rotl64 = device(`function rotl64(x, b) {
  return BigInt.asUintN(64, (x << b) | (x >> (64n - b)));
}`);
const sipRound = device(`function sipRound(v) {
  let [v0, v1, v2, v3] = v;
  v0 = BigInt.asUintN(64, v0 + v1); v1 = rotl64(v1, 13n); v1 ^= v0; v0 = rotl64(v0, 32n);
  v2 = BigInt.asUintN(64, v2 + v3); v3 = rotl64(v3, 16n); v3 ^= v2;
  v0 = BigInt.asUintN(64, v0 + v3); v3 = rotl64(v3, 21n); v3 ^= v0;
  v2 = BigInt.asUintN(64, v2 + v1); v1 = rotl64(v1, 17n); v1 ^= v2; v2 = rotl64(v2, 32n);
  return [v0, v1, v2, v3];
}`);
const byte64 = device(`function byte64(b) {
  return BigInt.asUintN(64, BigInt(b));
}`);

const chanMerge = device(`function chanMerge(a, b) {
  const n = a.n + b.n;
  if (n === 0) return { n: 0, mean: 0, m2: 0 };
  const d = b.mean - a.mean;
  return { n, mean: a.mean + (d * b.n) / n, m2: a.m2 + b.m2 + (d * d * a.n * b.n) / n };
}`);

const iou = device(`function iou(bx, p, q) {
  const x1 = Math.max(bx[p], bx[q]), y1 = Math.max(bx[p + 1], bx[q + 1]);
  const x2 = Math.min(bx[p + 2], bx[q + 2]), y2 = Math.min(bx[p + 3], bx[q + 3]);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const ap = (bx[p + 2] - bx[p]) * (bx[p + 3] - bx[p + 1]), aq = (bx[q + 2] - bx[q]) * (bx[q + 3] - bx[q + 1]);
  return inter / (ap + aq - inter);
}`);

const smin = device(`function smin(a, b, k) {
  const h = Math.max(k - Math.abs(a - b), 0) / k;
  return Math.min(a, b) - h * h * k * 0.25;
}`);
const sceneSdf = device(`function sceneSdf(x, y, z) {
  const sphere = Math.sqrt(x * x + y * y + (z - 3) * (z - 3)) - 1;
  const bx = Math.abs(x - 1.5) - 0.5, by = Math.abs(y) - 0.5, bz = Math.abs(z - 4) - 0.5;
  const mx = Math.max(bx, 0), my = Math.max(by, 0), mz = Math.max(bz, 0);
  const box = Math.sqrt(mx * mx + my * my + mz * mz) + Math.min(Math.max(bx, Math.max(by, bz)), 0);
  const qx = Math.sqrt(x * x + (z - 5) * (z - 5)) - 1.2;
  const torus = Math.sqrt(qx * qx + (y + 1) * (y + 1)) - 0.3;
  return smin(smin(sphere, box, 0.3), torus, 0.2);
}`);

const edgeDistance = device(`function edgeDistance(edge, x, y, w, h) {
  switch (edge) {
    case 0: return x;
    case 1: return w - x;
    case 2: return y;
    default: return h - y;
  }
}`);

const sub3 = device(`function sub3(a, b) {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}`);
const dot3 = device(`function dot3(a, b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}`);
const along = device(`function along(a, d, t, region) {
  return [a[0] + t * d[0], a[1] + t * d[1], a[2] + t * d[2], region];
}`);
/** Ericson's closest point on a triangle: the point and the Voronoi region (0-2 vertices a b c by 0, 1, 3; edges 2, 4, 5; the face 6). */
const closestOnTriangle = device(`function closestOnTriangle(p, a, b, c) {
  const ab = sub3(b, a), ac = sub3(c, a), ap = sub3(p, a);
  const d1 = dot3(ab, ap), d2 = dot3(ac, ap);
  if (d1 <= 0 && d2 <= 0) return [a[0], a[1], a[2], 0];
  const bp = sub3(p, b);
  const d3 = dot3(ab, bp), d4 = dot3(ac, bp);
  if (d3 >= 0 && d4 <= d3) return [b[0], b[1], b[2], 1];
  const vc = d1 * d4 - d3 * d2;
  if (vc <= 0 && d1 >= 0 && d3 <= 0) return along(a, ab, d1 / (d1 - d3), 2);
  const cp = sub3(p, c);
  const d5 = dot3(ab, cp), d6 = dot3(ac, cp);
  if (d6 >= 0 && d5 <= d6) return [c[0], c[1], c[2], 3];
  const vb = d5 * d2 - d1 * d6;
  if (vb <= 0 && d2 >= 0 && d6 <= 0) return along(a, ac, d2 / (d2 - d6), 4);
  const va = d3 * d6 - d5 * d4;
  if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) return along(b, sub3(c, b), (d4 - d3) / (d4 - d3 + (d5 - d6)), 5);
  const denom = 1 / (va + vb + vc);
  const v = vb * denom, w = vc * denom;
  return [a[0] + ab[0] * v + ac[0] * w, a[1] + ab[1] * v + ac[1] * w, a[2] + ab[2] * v + ac[2] * w, 6];
}`);

/** Every compound operator on an element of each array kind, a row of elements per operator. */
const COMPOUND_OPS = ['+=', '-=', '*=', '/=', '%=', '**=', '<<=', '>>=', '>>>=', '&=', '|=', '^='];
const compoundKernel = (() => {
  const arrays = ['i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'f32', 'f64'];
  // An integer element's power is stored whole, so an ulp of pow shows (docs/language.md gives
  // pow 2 ulps): integer arrays take the integral exponents 0 to 2, exact on every back-end.
  const operand = (a: string, op: string) => (op === '**=' && !a.startsWith('f') ? 'p' : 'x');
  const lines = arrays.flatMap((a) =>
    COMPOUND_OPS.map((op, k) => `  ${a}[${k} * n + t] ${op} ${operand(a, op)};`),
  );
  return `function compound(i8, u8, i16, u16, i32, u32, f32, f64, v) {
  const t = gpu.globalIdx.x, n = v.length;
  if (t >= n) return;
  const x = v[t], p = t % 3;
${lines.join('\n')}
}`;
})();

/** The compound operators of BigInts (no >>>) on i64 and u64 elements with operands of their own type. */
const bigCompoundKernel = (() => {
  const ops = ['+=', '-=', '*=', '/=', '%=', '**=', '<<=', '>>=', '&=', '|=', '^='];
  // Exponents kept below 64 and counts below 130 in magnitude: past those JavaScript throws a
  // RangeError (a BigInt too large) where gpuc wraps (docs/language.md).
  const operand = (s: string, op: string) =>
    op === '**=' ? `(${s}x[t] & 63n)` : op === '<<=' || op === '>>=' ? `(${s}x[t] % 130n)` : `${s}x[t]`;
  const lines = ['i', 'u'].flatMap((s) =>
    ops.map((op, k) => `  ${s}64[${k} * n + t] ${op} ${operand(s, op)};`),
  );
  return `function bigCompound(i64, u64, ix, ux) {
  const t = gpu.globalIdx.x, n = ix.length;
  if (t >= n) return;
${lines.join('\n')}
}`;
})();

export const ELEVENTH_ROUND: readonly OutsideKernel[] = [
  {
    name: 'cloth of masses on a 2-D grid joined by structural and shear springs: forces by Math.sqrt of squared lengths, semi-implicit Euler in f64, two pinned corners',
    text: `function cloth(px, py, vx, vy, opx, opy, ovx, ovy, w, h, rest, dt) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  const i = y * w + x;
  if (y === 0 && (x === 0 || x === w - 1)) {
    opx[i] = px[i]; opy[i] = py[i]; ovx[i] = 0; ovy[i] = 0;
    return;
  }
  let fx = 0, fy = -9.81 * MASS;
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++) {
      if ((dx | dy) === 0) continue;
      const nx = x + dx, ny = y + dy;
      if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
      const j = ny * w + nx;
      const ex = px[j] - px[i], ey = py[j] - py[i];
      const len = Math.sqrt(ex * ex + ey * ey);
      const r0 = dx !== 0 && dy !== 0 ? rest * Math.SQRT2 : rest;
      const f = (K * (len - r0)) / len;
      fx += f * ex;
      fy += f * ey;
    }
  fx -= DAMP * vx[i];
  fy -= DAMP * vy[i];
  const nvx = vx[i] + (dt * fx) / MASS, nvy = vy[i] + (dt * fy) / MASS;
  ovx[i] = nvx; ovy[i] = nvy;
  opx[i] = px[i] + dt * nvx;
  opy[i] = py[i] + dt * nvy;
}`,
    grid: [1, 2],
    block: [8, 4],
    scope: () => ({ MASS: 0.05, K: 40, DAMP: 0.02 }),
    args: () => {
      const { x, y } = grid2(8, 6, 0.5, 0.1, 3301);
      const n = 48;
      return [
        x,
        y,
        doubles(n, 3302, (v) => (v % 200) / 1000 - 0.1),
        doubles(n, 3303, (v) => (v % 200) / 1000 - 0.1),
        new Float64Array(n),
        new Float64Array(n),
        new Float64Array(n),
        new Float64Array(n),
        8,
        6,
        0.5,
        0.01,
      ];
    },
  },
  {
    name: 'elastic collisions of disc pairs: a helper returning records on three paths (apart, separating, an impulse) merged field by field, restitution by a default',
    text: `function collide(pos, vel, mass, out, hits) {
  const i = gpu.globalIdx.x;
  if (i * 2 + 1 >= mass.length) return;
  const a = 2 * i, b = a + 1;
  const p = { x: pos[a * 2], y: pos[a * 2 + 1], vx: vel[a * 2], vy: vel[a * 2 + 1], m: mass[a] };
  const q = { x: pos[b * 2], y: pos[b * 2 + 1], vx: vel[b * 2], vy: vel[b * 2 + 1], m: mass[b] };
  const r = i % 3 === 0 ? resolve(p, q, RADIUS) : resolve(p, q, RADIUS, 1);
  out[a * 2] = p.vx - r.ix / p.m;
  out[a * 2 + 1] = p.vy - r.iy / p.m;
  out[b * 2] = q.vx + r.ix / q.m;
  out[b * 2 + 1] = q.vy + r.iy / q.m;
  hits[i] = r.hit;
}`,
    grid: 2,
    block: 32,
    scope: () => ({ resolve, RADIUS: 0.5 }),
    args: () => {
      const pairs = 60;
      const r = randoms(pairs * 6, 3311);
      const pos = new Float64Array(pairs * 4);
      const vel = new Float64Array(pairs * 4);
      for (let i = 0; i < pairs; i++) {
        const dx = ((r[i * 6] as number) % 140) / 100 - 0.2;
        const dy = ((r[i * 6 + 1] as number) % 100) / 100 - 0.5;
        pos.set([0, 0, i % 11 === 0 ? 0 : dx, i % 11 === 0 ? 0 : dy], i * 4);
        for (let c = 0; c < 4; c++) vel[i * 4 + c] = ((r[i * 6 + 2 + c] as number) % 400) / 100 - 2;
      }
      const mass = doubles(pairs * 2, 3312, (v) => 0.5 + (v % 8) / 4);
      return [pos, vel, mass, new Float64Array(pairs * 4), new Int32Array(pairs)];
    },
  },
  {
    name: 'projectiles with quadratic drag by the midpoint method in f64: a while (true) left by break at the ground, the landing interpolated, a step cap, tuples from a helper with a default',
    text: `function fly(v0, ang, out) {
  const i = gpu.globalIdx.x;
  if (i >= v0.length) return;
  let x = 0, y = 0, t = 0, steps = 0;
  let vx = v0[i] * Math.cos(ang[i]), vy = v0[i] * Math.sin(ang[i]);
  while (true) {
    const [ax, ay] = drag(vx, vy);
    const mx = vx + 0.5 * DT * ax, my = vy + 0.5 * DT * ay;
    const [bx, by] = i % 2 === 0 ? drag(mx, my) : drag(mx, my, DRAG * 2);
    const nx = x + DT * mx, ny = y + DT * my;
    vx += DT * bx;
    vy += DT * by;
    steps++;
    if (ny < 0) {
      const f = y / (y - ny);
      out[i * 3] = x + f * (nx - x);
      out[i * 3 + 1] = t + f * DT;
      break;
    }
    x = nx; y = ny; t += DT;
    if (steps >= 2000) { out[i * 3] = NaN; out[i * 3 + 1] = t; break; }
  }
  out[i * 3 + 2] = steps;
}`,
    grid: 1,
    block: 40,
    scope: () => ({ drag, DT: 0.01, DRAG: 0.02, G: 9.81 }),
    args: () => {
      const v0 = doubles(40, 3321, (v) => 5 + (v % 300) / 10);
      const ang = doubles(40, 3322, (v) => ((v % 180) - 30) * (Math.PI / 180));
      ang[0] = Math.PI / 2;
      ang[1] = 0;
      ang[2] = -0;
      v0[3] = 0;
      v0[4] = 1e4;
      return [v0, ang, new Float64Array(120)];
    },
    ulps: 1,
  },
  {
    name: 'a double pendulum by symplectic Euler in f64: angles wrapped into [-pi, pi) by ((a + PI) % TAU + TAU) % TAU - PI through a scope helper, energies at the end',
    text: `function pendulum(th1, th2, out, steps) {
  const i = gpu.globalIdx.x;
  if (i >= th1.length) return;
  let a1 = th1[i], a2 = th2[i], w1 = 0, w2 = 0;
  for (let s = 0; s < steps; s++) {
    const d = a1 - a2;
    const den = 3 - Math.cos(2 * d);
    const acc1 = (-3 * G * Math.sin(a1) - G * Math.sin(a1 - 2 * a2) - 2 * Math.sin(d) * (w2 * w2 + w1 * w1 * Math.cos(d))) / den;
    const acc2 = (2 * Math.sin(d) * (2 * w1 * w1 + 2 * G * Math.cos(a1) + w2 * w2 * Math.cos(d))) / den;
    w1 += DT * acc1;
    w2 += DT * acc2;
    a1 = wrapAngle(a1 + DT * w1);
    a2 = wrapAngle(a2 + DT * w2);
  }
  out[i * 4] = a1;
  out[i * 4 + 1] = a2;
  out[i * 4 + 2] = w1;
  out[i * 4 + 3] = w1 * w1 + 0.5 * w2 * w2 + w1 * w2 * Math.cos(a1 - a2) - 2 * G * Math.cos(a1) - G * Math.cos(a2);
}`,
    grid: 1,
    block: 24,
    scope: () => ({ wrapAngle, TAU: 2 * Math.PI, G: 9.81, DT: 0.002 }),
    args: () => {
      const a = doubles(24, 3331, (v) => ((v % 2000) / 1000 - 1) * Math.PI);
      const b = doubles(24, 3332, (v) => ((v % 2000) / 1000 - 1) * Math.PI);
      a[0] = -0;
      b[0] = 0;
      a[1] = Math.PI;
      b[1] = -Math.PI;
      return [a, b, new Float64Array(96), 40];
    },
    ulps: 64,
  },
  {
    name: 'boids in f32 rounded by Math.fround: separation, alignment and cohesion over every other boid within a radius, speeds clamped by Math.sqrt, no neighbours kept as is',
    text: `function boids(px, py, vx, vy, ox, oy, n) {
  const i = gpu.globalIdx.x;
  if (i >= n) return;
  const x = px[i], y = py[i];
  let sx = Math.fround(0), sy = Math.fround(0), ax = Math.fround(0), ay = Math.fround(0), cx = Math.fround(0), cy = Math.fround(0);
  let count = 0;
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    const dx = Math.fround(px[j] - x), dy = Math.fround(py[j] - y);
    const d2 = Math.fround(Math.fround(dx * dx) + Math.fround(dy * dy));
    if (d2 > R2) continue;
    count++;
    if (d2 < SEP2) { sx = Math.fround(sx - dx); sy = Math.fround(sy - dy); }
    ax = Math.fround(ax + vx[j]); ay = Math.fround(ay + vy[j]);
    cx = Math.fround(cx + dx); cy = Math.fround(cy + dy);
  }
  let nx = vx[i], ny = vy[i];
  if (count > 0) {
    const tx = Math.fround(Math.fround(Math.fround(sx * 0.25) + Math.fround(Math.fround(Math.fround(ax / count) - nx) * 0.125)) + Math.fround(Math.fround(cx / count) / 100));
    const ty = Math.fround(Math.fround(Math.fround(sy * 0.25) + Math.fround(Math.fround(Math.fround(ay / count) - ny) * 0.125)) + Math.fround(Math.fround(cy / count) / 100));
    nx = Math.fround(nx + tx);
    ny = Math.fround(ny + ty);
  }
  const sp = Math.fround(Math.sqrt(Math.fround(Math.fround(nx * nx) + Math.fround(ny * ny))));
  if (sp > VMAX) { nx = Math.fround(nx * Math.fround(VMAX / sp)); ny = Math.fround(ny * Math.fround(VMAX / sp)); }
  ox[i] = nx;
  oy[i] = ny;
}`,
    grid: 2,
    block: 32,
    scope: () => ({ R2: 9, SEP2: 0.5, VMAX: 2 }),
    args: () => {
      const n = 50;
      return [
        floats(n, 3341, (v) => (v % 2000) / 100),
        floats(n, 3342, (v) => (v % 2000) / 100),
        floats(n, 3343, (v) => (v % 300) / 100 - 1.5),
        floats(n, 3344, (v) => (v % 300) / 100 - 1.5),
        new Float32Array(n),
        new Float32Array(n),
        n,
      ];
    },
  },
  {
    name: 'bond yields by Newton from clean prices: flows discounted by (1 + y / f) ** -k, a break on convergence, modified duration and convexity, zero coupons and one period',
    text: `function ytm(price, coupon, periods, freq, out) {
  const i = gpu.globalIdx.x;
  if (i >= price.length) return;
  const c = (coupon[i] * 100) / freq[i], n = periods[i], f = freq[i];
  let y = 0.05, it = 0;
  for (; it < 50; it++) {
    let pv = 0, dpv = 0;
    for (let k = 1; k <= n; k++) {
      const cf = k === n ? c + 100 : c;
      const disc = (1 + y / f) ** -k;
      pv += cf * disc;
      dpv -= ((k / f) * cf * disc) / (1 + y / f);
    }
    const step = (pv - price[i]) / dpv;
    y -= step;
    if (Math.abs(step) < 1e-12) break;
  }
  let pv = 0, dur = 0, conv = 0;
  for (let k = 1; k <= n; k++) {
    const cf = k === n ? c + 100 : c;
    const disc = (1 + y / f) ** -k;
    pv += cf * disc;
    dur += (k / f) * cf * disc;
    conv += ((k * (k + 1)) / (f * f)) * cf * disc;
  }
  out[i * 4] = y;
  out[i * 4 + 1] = dur / pv / (1 + y / f);
  out[i * 4 + 2] = conv / pv / (1 + y / f) ** 2;
  out[i * 4 + 3] = it;
}`,
    grid: 1,
    block: 32,
    args: () => {
      const n = 32;
      const price = doubles(n, 3351, (v) => 80 + (v % 400) / 10);
      const coupon = doubles(n, 3352, (v) => (v % 9) / 100);
      const periods = ints(n, 3353, (v) => 1 + (v % 40));
      const freq = ints(n, 3354, (v) => [1, 2, 4, 12][v % 4] as number);
      coupon[0] = 0;
      periods[1] = 1;
      price[2] = 100;
      coupon[2] = 0.05;
      return [price, coupon, periods, freq, new Float64Array(n * 4)];
    },
    ulps: 1,
  },
  {
    name: 'implied volatility by bisection on Black-Scholes prices: erf through a chain of helpers with default parameters, prices below intrinsic value and above the spot flagged NaN',
    text: `function impliedVol(spot, strike, years, price, out, iters) {
  const i = gpu.globalIdx.x;
  if (i >= spot.length) return;
  const s = spot[i], k = strike[i], t = years[i];
  const intrinsic = Math.max(s - k * Math.exp(-RATE * t), 0);
  if (!(price[i] > intrinsic) || price[i] >= s) {
    out[i] = NaN;
    iters[i] = 0;
    return;
  }
  let lo = 1e-4, hi = 5, n = 0;
  while (hi - lo > 1e-10) {
    const mid = 0.5 * (lo + hi);
    if (bsCall(s, k, t, RATE, mid) > price[i]) hi = mid;
    else lo = mid;
    n++;
  }
  out[i] = 0.5 * (lo + hi);
  iters[i] = n;
}`,
    grid: 1,
    block: 32,
    scope: () => ({ bsCall, ncdf, erf, poly, RATE: 0.03 }),
    args: () => {
      const n = 32;
      const spot = doubles(n, 3361, (v) => 50 + (v % 100));
      const strike = doubles(n, 3362, (v) => 50 + (v % 100));
      const years = doubles(n, 3363, (v) => 0.1 + (v % 30) / 10);
      const vols = doubles(n, 3364, (v) => 0.05 + (v % 80) / 100);
      const price = new Float64Array(n);
      // Prices from a host Black-Scholes with the same erf: the solver should find the vols.
      const erfh = (x: number) => {
        const t = 1 / (1 + 0.3275911 * Math.abs(x));
        const y =
          1 -
          t *
            (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
            Math.exp(-x * x);
        return x < 0 ? -y : y;
      };
      const cdf = (x: number) => 0.5 * (1 + erfh(x / Math.SQRT2));
      for (let i = 0; i < n; i++) {
        const [s, k, t, v] = [spot[i], strike[i], years[i], vols[i]] as number[] as [
          number,
          number,
          number,
          number,
        ];
        const d1 = (Math.log(s / k) + (0.03 + 0.5 * v * v) * t) / (v * Math.sqrt(t));
        price[i] = s * cdf(d1) - k * Math.exp(-0.03 * t) * cdf(d1 - v * Math.sqrt(t));
      }
      price[0] = 0;
      price[1] = spot[1] as number;
      price[2] = Number.NaN;
      return [spot, strike, years, price, new Float64Array(n), new Int32Array(n)];
    },
    ulps: 64,
  },
  {
    name: 'loan amortisation in integer cents: the payment from the annuity formula by Math.round, monthly interest rounded half up, the last payment taking the remainder, zero rates',
    text: `function amortise(principal, ratePct, months, out) {
  const i = gpu.globalIdx.x;
  if (i >= principal.length) return;
  const p = principal[i], n = months[i];
  const r = ratePct[i] / 1200;
  const pay = r === 0 ? Math.ceil(p / n) : Math.round((p * r) / (1 - (1 + r) ** -n));
  let bal = p, interest = 0, last = 0, m = 0;
  for (; m < n && bal > 0; m++) {
    const due = Math.floor(bal * r + 0.5);
    interest += due;
    const take = m === n - 1 || pay >= bal + due ? bal + due : pay;
    bal = bal + due - take;
    last = take;
  }
  out[i * 4] = pay;
  out[i * 4 + 1] = interest;
  out[i * 4 + 2] = last;
  out[i * 4 + 3] = m;
}`,
    grid: 1,
    block: 32,
    args: () => {
      const n = 32;
      const principal = ints(n, 3371, (v) => 100000 + (v % 50000000));
      const rate = doubles(n, 3372, (v) => (v % 2000) / 100);
      const months = ints(n, 3373, (v) => 1 + (v % 360));
      rate[0] = 0;
      rate[1] = 0;
      months[1] = 7;
      principal[2] = 1;
      return [principal, rate, months, new Int32Array(n * 4)];
    },
  },
  {
    name: 'maximum drawdown per price row with NaN gaps skipped: a running peak, the worst fall as a fraction, its peak and trough indices with ties to the earliest, -1 for rows never falling',
    text: `function drawdown(prices, len, out, at) {
  const r = gpu.globalIdx.x;
  if (r >= len.length) return;
  const base = r * STRIDE;
  let peak = -Infinity, peakAt = -1, worst = 0, wp = -1, wt = -1;
  for (let k = 0; k < len[r]; k++) {
    const p = prices[base + k];
    if (p !== p) continue;
    if (p > peak) { peak = p; peakAt = k; continue; }
    const dd = (peak - p) / peak;
    if (dd > worst) { worst = dd; wp = peakAt; wt = k; }
  }
  out[r] = worst;
  at[r * 2] = wp;
  at[r * 2 + 1] = wt;
}`,
    grid: 1,
    block: 16,
    scope: () => ({ STRIDE: 40 }),
    args: () => {
      const rows = 16;
      const r = randoms(rows * 40, 3381);
      const prices = new Float64Array(rows * 40);
      for (let j = 0; j < rows; j++) {
        let p = 100;
        for (let k = 0; k < 40; k++) {
          p *= 1 + (((r[j * 40 + k] as number) % 200) - 95) / 1000;
          prices[j * 40 + k] = (r[j * 40 + k] as number) % 13 === 0 ? Number.NaN : Math.round(p * 100) / 100;
        }
      }
      for (let k = 0; k < 40; k++) prices[40 + k] = 50 + k; // never falls
      prices[80] = prices[81] = prices[82] = 10; // a flat start: ties
      prices[83] = 5;
      const len = ints(rows, 3382, (v) => v % 41);
      len[1] = 40;
      len[2] = 40;
      len[3] = 0;
      return [prices, len, new Float64Array(rows), new Int32Array(rows * 2)];
    },
  },
  {
    name: 'a bilateral filter of an f64 image: a 5x5 window clamped at the borders, spatial weights from a scope tuple, range weights by Math.exp, normalised',
    text: `function bilateral(src, dst, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  const c = src[y * w + x];
  let sum = 0, norm = 0;
  for (let dy = -2; dy <= 2; dy++)
    for (let dx = -2; dx <= 2; dx++) {
      const v = src[Math.min(Math.max(y + dy, 0), h - 1) * w + Math.min(Math.max(x + dx, 0), w - 1)];
      const wgt = SPATIAL[(dy + 2) * 5 + dx + 2] * Math.exp(-((v - c) * (v - c)) / (2 * SIGMA_R * SIGMA_R));
      sum += wgt * v;
      norm += wgt;
    }
  dst[y * w + x] = sum / norm;
}`,
    grid: [2, 2],
    block: [8, 8],
    scope: () => ({
      SPATIAL: Array.from({ length: 25 }, (_, k) =>
        Math.exp(-(((k % 5) - 2) ** 2 + (Math.floor(k / 5) - 2) ** 2) / 8),
      ),
      SIGMA_R: 0.1,
    }),
    args: () => {
      const [w, h] = [13, 11];
      const img = doubles(w * h, 3391, (v) => (v % 1000) / 1000);
      for (let y = 0; y < h; y++) for (let x = 6; x < w; x++) img[y * w + x] = 1; // an edge kept sharp
      return [img, new Float64Array(w * h), w, h];
    },
    ulps: 1,
  },
  {
    name: "median of 9 by Paeth's 19-exchange network from a scope tuple: Math.min and Math.max on a local Float32Array, -0 against 0 and repeats, clamped 3x3 neighbourhoods",
    text: `function median9(src, dst, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  const p = new Float32Array(9);
  let k = 0;
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++)
      p[k++] = src[Math.min(Math.max(y + dy, 0), h - 1) * w + Math.min(Math.max(x + dx, 0), w - 1)];
  for (let e = 0; e < NET.length; e += 2) {
    const a = NET[e], b = NET[e + 1];
    const lo = Math.min(p[a], p[b]), hi = Math.max(p[a], p[b]);
    p[a] = lo;
    p[b] = hi;
  }
  dst[y * w + x] = p[4];
}`,
    grid: [2, 3],
    block: [8, 4],
    scope: () => ({ NET: MED9 }),
    args: () => {
      const [w, h] = [15, 10];
      const img = floats(w * h, 3401, (v) => ((v % 9) - 4) / 2);
      for (let i = 0; i < w * h; i += 7) img[i] = -0;
      for (let i = 3; i < w * h; i += 11) img[i] = 0;
      return [img, new Float32Array(w * h), w, h];
    },
  },
  {
    name: 'Bayer RGGB demosaicing by bilinear interpolation: u8 raw, averages of two by (a + b + 1) >> 1 and of four by (s + 2) >> 2, mirrored borders keeping the parity, a switch on the site',
    text: `function demosaic(raw, rgb, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  const c = rawAt(raw, w, h, x, y);
  const l = rawAt(raw, w, h, x - 1, y), r = rawAt(raw, w, h, x + 1, y);
  const u = rawAt(raw, w, h, x, y - 1), d = rawAt(raw, w, h, x, y + 1);
  const horiz = (l + r + 1) >> 1, vert = (u + d + 1) >> 1, cross = (l + r + u + d + 2) >> 2;
  const diag = (rawAt(raw, w, h, x - 1, y - 1) + rawAt(raw, w, h, x + 1, y - 1) + rawAt(raw, w, h, x - 1, y + 1) + rawAt(raw, w, h, x + 1, y + 1) + 2) >> 2;
  let red, green, blue;
  switch (((y & 1) << 1) | (x & 1)) {
    case 0: red = c; green = cross; blue = diag; break;
    case 1: red = horiz; green = c; blue = vert; break;
    case 2: red = vert; green = c; blue = horiz; break;
    default: red = diag; green = cross; blue = c;
  }
  const o = (y * w + x) * 3;
  rgb[o] = red;
  rgb[o + 1] = green;
  rgb[o + 2] = blue;
}`,
    grid: [2, 2],
    block: [8, 8],
    scope: () => ({ rawAt, mirror }),
    args: () => [bytes(14 * 11, 3411), new Uint8Array(14 * 11 * 3), 14, 11],
  },
  {
    name: 'Canny non-maximum suppression: Sobel gradients from a tuple-returning helper, the direction sector by integer comparisons against tan(22.5°) in Q15, neighbours past the edge as 0, hysteresis codes',
    text: `function nms(img, out, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  const [gx, gy, m] = sobelAt(img, w, h, x, y);
  const ax = Math.abs(gx), ay = Math.abs(gy);
  let dx = 0, dy = 0;
  if (ay * 32768 <= ax * 13573) dx = 1;
  else if (ay * 13573 >= ax * 32768) dy = 1;
  else { dx = 1; dy = (gx > 0) === (gy > 0) ? 1 : -1; }
  const a = x + dx < w && y + dy >= 0 && y + dy < h ? sobelAt(img, w, h, x + dx, y + dy)[2] : 0;
  const b = x - dx >= 0 && y - dy >= 0 && y - dy < h ? sobelAt(img, w, h, x - dx, y - dy)[2] : 0;
  out[y * w + x] = m === 0 || m < a || m < b ? 0 : m >= HIGH ? 255 : m >= LOW ? 128 : 1;
}`,
    grid: [2, 2],
    block: [16, 8],
    scope: () => ({ sobelAt, HIGH: 400, LOW: 150 }),
    args: () => {
      const [w, h] = [24, 14];
      const img = bytes(w * h, 3421, 40);
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          if (x >= 5 && x < 15 && y >= 3 && y < 9) img[y * w + x] = (img[y * w + x] as number) + 180;
          if ((x - 18) ** 2 + (y - 8) ** 2 < 12) img[y * w + x] = 250;
        }
      return [img, new Uint8Array(w * h), w, h];
    },
  },
  {
    name: 'Floyd-Steinberg dithering of f32 grey images, an image per thread: errors of two rows in a local Float64Array swapped by parity, 7/16, 3/16, 5/16 and 1/16 to the neighbours inside',
    text: `function dither(img, out, w, h) {
  const t = gpu.globalIdx.x;
  if (t >= img.length / (w * h)) return;
  const base = t * w * h;
  const err = new Float64Array(2 * MAXW);
  for (let y = 0; y < h; y++) {
    const cur = (y & 1) * MAXW, nxt = MAXW - cur;
    for (let x = 0; x < w; x++) err[nxt + x] = 0;
    for (let x = 0; x < w; x++) {
      const v = img[base + y * w + x] + err[cur + x];
      const q = v < 0.5 ? 0 : 1;
      out[base + y * w + x] = q * 255;
      const e = v - q;
      if (x + 1 < w) err[cur + x + 1] += (e * 7) / 16;
      if (x > 0) err[nxt + x - 1] += (e * 3) / 16;
      err[nxt + x] += (e * 5) / 16;
      if (x + 1 < w) err[nxt + x + 1] += e / 16;
    }
  }
}`,
    grid: 1,
    block: 8,
    scope: () => ({ MAXW: 32 }),
    args: () => {
      const [w, h, n] = [19, 12, 6];
      const img = new Float32Array(w * h * n);
      const r = randoms(w * h * n, 3431);
      for (let t = 0; t < n; t++)
        for (let i = 0; i < w * h; i++)
          img[t * w * h + i] =
            t === 0 ? (i % w) / (w - 1) : t === 1 ? 0.5 : ((r[t * w * h + i] as number) % 256) / 255;
      return [img, new Uint8Array(w * h * n), w, h];
    },
  },
  {
    name: 'Porter-Duff compositing of premultiplied f32 RGBA by an operator code per pixel: a switch with the default (over) in the middle, plus falling into the clamp, Math.fround each step',
    text: `function composite(src, dst, ops, out) {
  const i = gpu.globalIdx.x;
  if (i >= ops.length) return;
  const sa = src[i * 4 + 3], da = dst[i * 4 + 3];
  let fs = Math.fround(0), fd = Math.fround(0);
  switch (ops[i]) {
    case 0: break;
    case 1: fs = 1; break;
    default: fs = 1; fd = Math.fround(1 - sa); break;
    case 2: fd = 1; break;
    case 4: fs = da; break;
    case 5: fs = Math.fround(1 - da); break;
    case 6: fs = da; fd = Math.fround(1 - sa); break;
    case 7: fs = Math.fround(1 - da); fd = Math.fround(1 - sa); break;
    case 8: fs = 1; fd = 1;
  }
  for (let c = 0; c < 4; c++)
    out[i * 4 + c] = Math.min(Math.fround(Math.fround(src[i * 4 + c] * fs) + Math.fround(dst[i * 4 + c] * fd)), 1);
}`,
    grid: 2,
    block: 32,
    args: () => {
      const n = 60;
      const premul = (seed: number) => {
        const a = floats(n * 4, seed, (v) => (v % 256) / 255);
        for (let i = 0; i < n; i++)
          for (let c = 0; c < 3; c++)
            a[i * 4 + c] = Math.fround((a[i * 4 + c] as number) * (a[i * 4 + 3] as number));
        return a;
      };
      return [premul(3441), premul(3442), ints(n, 3443, (v) => (v % 11) - 1), new Float32Array(n * 4)];
    },
  },
  {
    name: 'squared Euclidean distance transforms (Felzenszwalb-Huttenlocher) in two launches: columns then rows, lower envelopes of parabolas in local Int32 and Float64 arrays bounded by ±Infinity',
    text: `function columns(img, tmp, out, w, h) {
  const x = gpu.globalIdx.x;
  if (x < w) dt1d(img, tmp, x, w, h);
}`,
    second: {
      text: `function rows(img, tmp, out, w, h) {
  const y = gpu.globalIdx.x;
  if (y < h) dt1d(tmp, out, y * w, 1, w);
}`,
      grid: 1,
      block: 32,
    },
    grid: 1,
    block: 32,
    scope: () => ({ dt1d }),
    args: () => {
      const [w, h] = [23, 17];
      const img = new Float64Array(w * h).fill(1e20);
      const r = randoms(12, 3451);
      for (const v of r) img[v % (w * h)] = 0;
      return [img, new Float64Array(w * h), new Float64Array(w * h), w, h];
    },
  },
  {
    name: 'Lanczos-3 resampling of f64 rows to two thirds: a sinc helper with early returns at 0 and past the support, six clamped taps, weights normalised, a 2-D launch',
    text: `function resample(src, dst, n, m, rows) {
  const j = gpu.globalIdx.x, r = gpu.globalIdx.y;
  if (j >= m || r >= rows) return;
  const c = ((j + 0.5) * n) / m - 0.5;
  const f = Math.floor(c) | 0;
  let s = 0, norm = 0;
  for (let t = f - 2; t <= f + 3; t++) {
    const wgt = lanczos3(c - t);
    s += wgt * src[r * n + Math.min(Math.max(t, 0), n - 1)];
    norm += wgt;
  }
  dst[r * m + j] = s / norm;
}`,
    grid: [1, 1],
    block: [32, 6],
    scope: () => ({ lanczos3 }),
    args: () => [doubles(30 * 6, 3461, (v) => (v % 1000) / 100 - 5), new Float64Array(20 * 6), 30, 20, 6],
    ulps: 1,
  },
  {
    name: 'a CIC decimator (three integrators, three combs, R = 8) per channel in i32 arithmetic wrapping by | 0: the integrators overflow and the combs undo it, Int16 input',
    text: `function cic(x, out, n) {
  const c = gpu.globalIdx.x;
  if (c >= CH) return;
  let i1 = 0, i2 = 0, i3 = 0, c1 = 0, c2 = 0, c3 = 0;
  for (let k = 0; k < n; k++) {
    i1 = (i1 + x[k * CH + c]) | 0;
    i2 = (i2 + i1) | 0;
    i3 = (i3 + i2) | 0;
    if (k % R === R - 1) {
      const d1 = (i3 - c1) | 0;
      c1 = i3;
      const d2 = (d1 - c2) | 0;
      c2 = d1;
      const d3 = (d2 - c3) | 0;
      c3 = d2;
      out[((k / R) | 0) * CH + c] = d3;
    }
  }
}`,
    grid: 1,
    block: 8,
    scope: () => ({ CH: 5, R: 8 }),
    args: () => {
      const n = 512;
      const x = Int16Array.from(randoms(n * 5, 3471), (v, i) =>
        i % 5 === 0 ? 32767 : i % 5 === 1 ? -32768 : (v % 65536) - 32768,
      );
      return [x, new Int32Array((n / 8) * 5), n];
    },
  },
  {
    name: 'Levinson-Durbin recursion per frame in f64: autocorrelations to order 8, reflection coefficients, local Float64Arrays for the update, a silent frame giving NaN through 0 / 0',
    text: `function lpc(x, coef, err, frame) {
  const f = gpu.globalIdx.x;
  if ((f + 1) * frame > x.length) return;
  const r = new Float64Array(ORDER + 1);
  for (let lag = 0; lag <= ORDER; lag++) {
    let s = 0;
    for (let n = lag; n < frame; n++) s += x[f * frame + n] * x[f * frame + n - lag];
    r[lag] = s;
  }
  const a = new Float64Array(ORDER + 1), tmp = new Float64Array(ORDER + 1);
  a[0] = 1;
  let e = r[0];
  for (let i = 1; i <= ORDER; i++) {
    let acc = r[i];
    for (let j = 1; j < i; j++) acc += a[j] * r[i - j];
    const k = -acc / e;
    for (let j = 1; j < i; j++) tmp[j] = a[j] + k * a[i - j];
    for (let j = 1; j < i; j++) a[j] = tmp[j];
    a[i] = k;
    e *= 1 - k * k;
  }
  for (let j = 0; j <= ORDER; j++) coef[f * (ORDER + 1) + j] = a[j];
  err[f] = e;
}`,
    grid: 1,
    block: 8,
    scope: () => ({ ORDER: 8 }),
    args: () => {
      const [frames, frame] = [6, 64];
      const x = new Float64Array(frames * frame);
      const r = randoms(frames * frame, 3481);
      for (let i = 0; i < x.length; i++)
        x[i] = Math.sin(i * 0.3) + 0.5 * Math.sin(i * 1.1) + ((r[i] as number) % 100) / 1000;
      x.fill(0, frame * 2, frame * 3);
      return [x, new Float64Array(frames * 9), new Float64Array(frames), frame];
    },
  },
  {
    name: 'a first-order delta-sigma modulator per channel: an f64 integrator, a 1-bit quantiser, bits packed into a Uint32Array by |= 1 << (k & 31) including the sign bit',
    text: `function dsm(x, bits, ones, n) {
  const c = gpu.globalIdx.x;
  if (c >= ones.length) return;
  let integ = 0, fb = 0, count = 0;
  for (let k = 0; k < n; k++) {
    integ += x[c * n + k] - fb;
    const bit = integ >= 0 ? 1 : 0;
    fb = bit ? 1 : -1;
    count += bit;
    if (bit) bits[(c * n + k) >> 5] |= 1 << (k & 31);
  }
  ones[c] = count;
}`,
    grid: 1,
    block: 8,
    args: () => {
      const [ch, n] = [6, 128];
      const x = new Float64Array(ch * n);
      for (let c = 0; c < ch; c++)
        for (let k = 0; k < n; k++)
          x[c * n + k] = c === 0 ? 0 : c === 1 ? -1 : Math.sin(k * 0.05 * c) * (c / ch);
      return [x, new Uint32Array((ch * n) / 32), new Int32Array(ch), n];
    },
  },
  {
    name: 'a Schmitt trigger with debouncing as a state machine per channel: a switch on the state with a default in the middle, ++hold in conditions, NaN samples failing every test, bad initial states',
    text: `function schmitt(x, init, out, edges, n) {
  const c = gpu.globalIdx.x;
  if (c >= init.length) return;
  const ch = init.length;
  let state = init[c], hold = 0, count = 0;
  for (let k = 0; k < n; k++) {
    const v = x[k * ch + c];
    switch (state) {
      case 0:
        if (v > HI) { state = 2; hold = 0; }
        break;
      default:
        state = 0;
        break;
      case 1:
        if (v < LO) { state = 3; hold = 0; }
        break;
      case 2:
        if (v < LO) state = 0;
        else if (++hold >= HOLD) { state = 1; count++; }
        break;
      case 3:
        if (v > HI) state = 1;
        else if (++hold >= HOLD) state = 0;
    }
    out[k * ch + c] = state;
  }
  edges[c] = count;
}`,
    grid: 1,
    block: 8,
    scope: () => ({ HI: 0.6, LO: 0.4, HOLD: 3 }),
    args: () => {
      const [ch, n] = [7, 80];
      const x = floats(ch * n, 3491, (v) => (v % 1000) / 1000);
      for (let i = 0; i < x.length; i += 9) x[i] = Number.NaN;
      return [x, Int32Array.of(0, 1, 2, 3, 7, -1, 1), new Int8Array(ch * n), new Int32Array(ch), n];
    },
  },
  {
    name: 'window functions by a code per row (Hann, Hamming, Blackman, Blackman-Harris, rectangular by default): Math.cos of 2 pi n / (N - 1), a 2-D launch over samples and rows',
    text: `function windowed(sig, out, kinds, N) {
  const i = gpu.globalIdx.x, r = gpu.globalIdx.y;
  if (i >= N || r >= kinds.length) return;
  const ph = (2 * Math.PI * i) / (N - 1);
  let w;
  switch (kinds[r]) {
    case 0: w = 0.5 - 0.5 * Math.cos(ph); break;
    case 1: w = 0.54 - 0.46 * Math.cos(ph); break;
    case 2: w = 0.42 - 0.5 * Math.cos(ph) + 0.08 * Math.cos(2 * ph); break;
    case 3: w = 0.35875 - 0.48829 * Math.cos(ph) + 0.14128 * Math.cos(2 * ph) - 0.01168 * Math.cos(3 * ph); break;
    default: w = 1;
  }
  out[r * N + i] = sig[i] * w;
}`,
    grid: [2, 1],
    block: [32, 6],
    args: () => [
      doubles(50, 3501, (v) => (v % 200) / 100 - 1),
      new Float64Array(50 * 6),
      Int32Array.of(0, 1, 2, 3, 9, -2),
      50,
    ],
    ulps: 64,
  },
  {
    name: 'zero crossings and RMS of f32 frames: -0 and 0 keeping the previous sign, NaN samples skipped by Number.isNaN, sums rounded by Math.fround, an all-NaN frame giving NaN',
    text: `function zc(x, out, frame) {
  const f = gpu.globalIdx.x;
  if ((f + 1) * frame > x.length) return;
  let prev = 0, crossings = 0, kept = 0;
  let sq = Math.fround(0);
  for (let k = 0; k < frame; k++) {
    const v = x[f * frame + k];
    if (Number.isNaN(v)) continue;
    const s = v > 0 ? 1 : v < 0 ? -1 : prev;
    if (prev !== 0 && s !== prev) crossings++;
    prev = s;
    sq = Math.fround(sq + Math.fround(v * v));
    kept++;
  }
  out[f * 2] = crossings;
  out[f * 2 + 1] = kept > 0 ? Math.fround(Math.sqrt(Math.fround(sq / kept))) : NaN;
}`,
    grid: 1,
    block: 16,
    args: () => {
      const frame = 32;
      const x = floats(10 * frame, 3511, (v) => ((v % 2001) - 1000) / 997);
      for (let i = 0; i < x.length; i += 5) x[i] = i % 3 === 0 ? -0 : 0;
      for (let i = 1; i < x.length; i += 13) x[i] = Number.NaN;
      x.fill(Number.NaN, frame * 4, frame * 5);
      return [x, new Float32Array(20), frame];
    },
  },
  {
    name: 'PageRank in two launches pulling along in-edges (CSR of the transpose): dangling mass summed by every thread in one order, damping from the scope, ranks ping-ponged',
    text: pagerank('a', 'b'),
    second: { text: pagerank('b', 'a'), grid: 2, block: 32 },
    grid: 2,
    block: 32,
    scope: () => ({ D: 0.85 }),
    args: () => {
      const n = 50;
      const g = graph(n, 160, 3521);
      // In-edges of v are the u with v in lists[u]: build the transpose's CSR.
      const inn: number[][] = Array.from({ length: n }, () => []);
      for (const [u, l] of g.lists.entries()) for (const v of l) inn[v]?.push(u);
      const rowptr = new Int32Array(n + 1);
      for (let v = 0; v < n; v++) rowptr[v + 1] = (rowptr[v] as number) + (inn[v] as number[]).length;
      const outdeg = Int32Array.from(g.lists, (l) => l.length);
      return [
        rowptr,
        Int32Array.from(inn.flat()),
        outdeg,
        new Float64Array(n).fill(1 / n),
        new Float64Array(n),
        n,
      ];
    },
  },
  {
    name: 'triangle counting by merging sorted adjacency lists per edge u < v: a two-pointer intersection counting w > v, per-edge counts and a total by atomicAdd',
    text: `function triangles(rowptr, adj, eu, ev, perEdge, total) {
  const e = gpu.globalIdx.x;
  if (e >= eu.length) return;
  const u = eu[e], v = ev[e];
  let i = rowptr[u], j = rowptr[v], c = 0;
  const iend = rowptr[u + 1], jend = rowptr[v + 1];
  while (i < iend && j < jend) {
    const a = adj[i], b = adj[j];
    if (a === b) {
      if (a > v) c++;
      i++;
      j++;
    } else if (a < b) i++;
    else j++;
  }
  perEdge[e] = c;
  if (c > 0) gpu.atomicAdd(total, 0, c);
}`,
    grid: 4,
    block: 64,
    args: () => {
      const n = 30;
      const g = graph(n, 150, 3531, false, true);
      const eu: number[] = [];
      const ev: number[] = [];
      for (const [u, l] of g.lists.entries())
        for (const v of l)
          if (u < v) {
            eu.push(u);
            ev.push(v);
          }
      return [
        g.rowptr,
        g.adj,
        Int32Array.from(eu),
        Int32Array.from(ev),
        new Int32Array(eu.length),
        new Int32Array(1),
      ];
    },
  },
  {
    name: "Kahn's topological levels in one block: in-degrees taken down by atomicSub, each thread then claiming its own nodes that reached 0, a flag set by atomicOr and read after a barrier ends the loop, a cycle left at -1",
    text: `function kahn(rowptr, adj, indeg, level, n) {
  const flag = gpu.sharedArray(Int32Array, 1);
  const t = gpu.threadIdx.x, B = gpu.blockDim.x;
  for (let v = t; v < n; v += B) level[v] = indeg[v] === 0 ? 0 : -1;
  let L = 0;
  while (true) {
    if (t === 0) flag[0] = 0;
    gpu.barrier();
    for (let v = t; v < n; v += B)
      if (level[v] === L) for (let e = rowptr[v]; e < rowptr[v + 1]; e++) gpu.atomicSub(indeg, adj[e], 1);
    gpu.barrier();
    for (let v = t; v < n; v += B)
      if (level[v] === -1 && indeg[v] === 0) {
        level[v] = L + 1;
        gpu.atomicOr(flag, 0, 1);
      }
    gpu.barrier();
    const more = flag[0];
    gpu.barrier();
    if (more === 0) break;
    L++;
  }
}`,
    grid: 1,
    block: 32,
    args: () => {
      const n = 70;
      const g = graph(n, 150, 3541, true);
      // A cycle 60 -> 61 -> 62 -> 60 that also feeds 63.
      const lists = g.lists.map((l) => [...l]);
      (lists[60] as number[]).push(61);
      (lists[61] as number[]).push(62);
      (lists[62] as number[]).push(60, 63);
      const rowptr = new Int32Array(n + 1);
      for (let u = 0; u < n; u++) rowptr[u + 1] = (rowptr[u] as number) + (lists[u] as number[]).length;
      const indeg = new Int32Array(n);
      for (const l of lists) for (const v of l) indeg[v] = (indeg[v] as number) + 1;
      return [rowptr, Int32Array.from(lists.flat()), indeg, new Int32Array(n), n];
    },
  },
  {
    name: 'Jones-Plassmann graph colouring in one block: hashed u32 priorities by Math.imul, winners in a shared array between barriers, the smallest free colour by ~used & (used + 1) and Math.clz32',
    text: `function colour(rowptr, adj, colours, rounds, n) {
  const win = gpu.sharedArray(Int32Array, 256);
  const left = gpu.sharedArray(Int32Array, 1);
  const t = gpu.threadIdx.x, B = gpu.blockDim.x;
  for (let v = t; v < n; v += B) colours[v] = -1;
  let r = 0;
  while (true) {
    if (t === 0) left[0] = 0;
    gpu.barrier();
    for (let v = t; v < n; v += B) {
      win[v] = 0;
      if (colours[v] >= 0) continue;
      gpu.atomicAdd(left, 0, 1);
      const pv = prio(v);
      let best = 1;
      for (let e = rowptr[v]; e < rowptr[v + 1]; e++) {
        const u = adj[e];
        if (colours[u] >= 0) continue;
        const pu = prio(u);
        if (pu > pv || (pu === pv && u > v)) { best = 0; break; }
      }
      win[v] = best;
    }
    gpu.barrier();
    const remaining = left[0];
    if (remaining === 0) break;
    for (let v = t; v < n; v += B) {
      if (win[v] === 0) continue;
      let used = 0;
      for (let e = rowptr[v]; e < rowptr[v + 1]; e++) {
        const c = colours[adj[e]];
        if (c >= 0 && c < 32) used |= 1 << c;
      }
      colours[v] = 31 - Math.clz32(~used & (used + 1));
    }
    gpu.barrier();
    r++;
  }
  if (t === 0) rounds[0] = r;
}`,
    grid: 1,
    block: 64,
    scope: () => ({ prio }),
    args: () => {
      const n = 150;
      const g = graph(n, 700, 3551, false, true);
      return [g.rowptr, g.adj, new Int32Array(n), new Int32Array(1), n];
    },
  },
  {
    name: 'Dijkstra from every source on a dense f64 matrix (NaN as no edge): O(n^2) selection with a local Uint8Array of done flags tested by !, Infinity for unreachable nodes, a break when none is left',
    text: `function dijkstra(w, dist, n) {
  const s = gpu.globalIdx.x;
  if (s >= n) return;
  const done = new Uint8Array(MAXN);
  const d = new Float64Array(MAXN);
  for (let v = 0; v < n; v++) d[v] = Infinity;
  d[s] = 0;
  for (let it = 0; it < n; it++) {
    let u = -1, best = Infinity;
    for (let v = 0; v < n; v++)
      if (!done[v] && d[v] < best) {
        best = d[v];
        u = v;
      }
    if (u < 0) break;
    done[u] = 1;
    for (let v = 0; v < n; v++) {
      const wt = w[u * n + v];
      if (wt === wt && d[u] + wt < d[v]) d[v] = d[u] + wt;
    }
  }
  for (let v = 0; v < n; v++) dist[s * n + v] = d[v];
}`,
    grid: 1,
    block: 32,
    scope: () => ({ MAXN: 32 }),
    args: () => {
      const n = 24;
      const w = doubles(n * n, 3561, (v) => (v % 5 === 0 ? (v % 100) / 8 : Number.NaN));
      for (let v = 0; v < n; v++) {
        w[20 * n + v] = Number.NaN; // 20 and 21 only reach each other
        w[21 * n + v] = Number.NaN;
        w[v * n + 20] = Number.NaN;
        w[v * n + 21] = Number.NaN;
      }
      w[20 * n + 21] = 1.5;
      w[21 * n + 20] = 0.25;
      return [w, new Float64Array(n * n), n];
    },
  },
  {
    name: 'ISO 8601 timestamps parsed from bytes to Unix milliseconds in f64: fractions of any length, Z or ±HH:MM, a space for T, years before 1970 and 1900 and 2000, malformed fields as NaN',
    text: `function iso(text, out) {
  const i = gpu.globalIdx.x;
  if ((i + 1) * W > text.length) return;
  const b = i * W;
  const y = digitsAt(text, b, 4), mo = digitsAt(text, b + 5, 2), d = digitsAt(text, b + 8, 2);
  const hh = digitsAt(text, b + 11, 2), mi = digitsAt(text, b + 14, 2), ss = digitsAt(text, b + 17, 2);
  let bad = y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 60 ||
    text[b + 4] !== 45 || text[b + 7] !== 45 || (text[b + 10] !== 84 && text[b + 10] !== 32) || text[b + 13] !== 58 || text[b + 16] !== 58;
  let p = b + 19, ms = 0;
  if (text[p] === 46) {
    p++;
    let scale = 100;
    while (p < b + W && text[p] >= 48 && text[p] <= 57) {
      ms += (text[p] - 48) * scale;
      scale /= 10;
      p++;
    }
  }
  let off = 0;
  const z = p < b + W ? text[p] : 0;
  if (z === 90) p++;
  else if (z === 43 || z === 45) {
    const oh = digitsAt(text, p + 1, 2), om = digitsAt(text, p + 4, 2);
    if (oh < 0 || om < 0 || text[p + 3] !== 58) bad = true;
    off = (z === 43 ? 1 : -1) * (oh * 60 + om);
    p += 6;
  } else bad = true;
  if (p < b + W && text[p] !== 0) bad = true;
  out[i] = bad ? NaN : (daysFrom1970(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss - off * 60) * 1000 + ms;
}`,
    grid: 1,
    block: 16,
    scope: () => ({
      digitsAt,
      daysFrom1970,
      W: 32,
      CUM: [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334],
    }),
    args: () => [
      fields(32, [
        '1970-01-01T00:00:00Z',
        '2000-02-29T12:34:56.789Z',
        '1900-03-01 00:00:00Z',
        '1969-12-31T23:59:59.9999+00:00',
        '2024-07-04T09:15:00-05:30',
        '1600-01-01T00:00:00.5+14:00',
        '2038-01-19T03:14:07Z',
        '2023-13-01T00:00:00Z',
        '2023-01-01T24:00:00Z',
        '2023-01-01T00:00:00',
        '2023-01-01X00:00:00Z',
        '2023-01-01T00:00:00Zjunk',
        '0001-01-01T00:00:00.001Z',
        '2016-12-31T23:59:60Z',
        '2023-1-01T00:00:00Z',
        '9999-12-31T23:59:59.999-23:59',
      ]),
      new Float64Array(16),
    ],
  },
  {
    name: 'Roman numerals parsed from bytes: values by a switch on c | 32 whose default sits in the middle of returning cases, subtraction by a look-ahead call, invalid letters giving -1',
    text: `function roman(text, out) {
  const i = gpu.globalIdx.x;
  if ((i + 1) * W > text.length) return;
  let total = 0;
  for (let k = 0; k < W; k++) {
    const c = text[i * W + k];
    if (c === 0) break;
    const v = romanValue(c);
    if (v < 0) { total = -1; break; }
    const next = k + 1 < W ? romanValue(text[i * W + k + 1]) : -1;
    total += v < next ? -v : v;
  }
  out[i] = total;
}`,
    grid: 1,
    block: 16,
    scope: () => ({ romanValue, W: 16 }),
    args: () => [
      fields(16, [
        'MCMXCIV',
        'mmxxiv',
        'IV',
        'IX',
        'XLII',
        'CDXLIV',
        'MMMCMXCIX',
        '',
        'IIII',
        'VX',
        'ABC',
        'MDCLXVI',
        'xcix',
        'MmCcXxIi',
        'IM',
        'MMMMMMMMMMMMMMMM',
      ]),
      new Int32Array(16),
    ],
  },
  {
    name: 'an RPN calculator per thread over an f64 bytecode: a switch on a float opcode with the default in the middle, cases stacked, a labelled break out of the run loop, stack underflow and overflow codes',
    text: `function rpn(prog, starts, out) {
  const t = gpu.globalIdx.x;
  if (t >= starts.length) return;
  const st = new Float64Array(16);
  let sp = 0, pc = starts[t], err = 0;
  run: while (pc < prog.length) {
    const op = prog[pc++];
    switch (op) {
      case 0:
        st[sp++] = prog[pc++];
        break;
      case 1:
      case 2:
      case 3:
      case 4: {
        if (sp < 2) { err = 1; break run; }
        const b = st[--sp], a = st[sp - 1];
        st[sp - 1] = op === 1 ? a + b : op === 2 ? a - b : op === 3 ? a * b : a / b;
        break;
      }
      default:
        err = 2;
        break run;
      case 5:
        if (sp < 1) { err = 1; break run; }
        st[sp] = st[sp - 1];
        sp++;
        break;
      case 6:
        if (sp < 2) { err = 1; break run; }
        {
          const x = st[sp - 1];
          st[sp - 1] = st[sp - 2];
          st[sp - 2] = x;
        }
        break;
      case 7:
        break run;
    }
    if (sp >= 16) { err = 3; break; }
  }
  out[t * 3] = sp > 0 ? st[sp - 1] : NaN;
  out[t * 3 + 1] = err;
  out[t * 3 + 2] = sp;
}`,
    grid: 1,
    block: 16,
    args: () => {
      const programs = [
        [0, 3, 0, 4, 1, 7],
        [0, 1, 0, 0, 4, 7],
        [0, -1, 0, 0, 4, 7],
        [0, 0, 0, 0, 4, 7],
        [0, 2, 5, 3, 5, 3, 5, 3, 7],
        [0, 5, 0, 7, 6, 2, 7],
        [1, 7],
        [0, 1, 9, 7],
        [0, 1, 2.5, 7],
        [0, 1, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 7],
        [0, -0, 0, 0, 3, 7],
        [0, 0.1, 0, 0.2, 1, 0, 0.3, 2, 7],
        [6, 7],
        [0, 1e308, 0, 10, 3, 7],
        [7],
        [0, 4],
      ];
      const starts = new Int32Array(programs.length);
      const flat: number[] = [];
      for (const [i, p] of programs.entries()) {
        starts[i] = flat.length;
        flat.push(...p);
      }
      return [Float64Array.from(flat), starts, new Float64Array(programs.length * 3)];
    },
  },
  {
    name: 'glob matching with * and ? by the two-pointer backtracking algorithm: NUL-padded fields, lengths by a helper, a labelled break on failure, runs of stars at the end',
    text: `function glob(pat, text, out) {
  const i = gpu.globalIdx.x;
  if ((i + 1) * W > text.length) return;
  const pb = i * W, tb = i * W;
  const plen = fieldLength(pat, pb, W), tlen = fieldLength(text, tb, W);
  let p = 0, s = 0, star = -1, mark = 0, ok = 1;
  match: while (s < tlen) {
    if (p < plen && (pat[pb + p] === 63 || pat[pb + p] === text[tb + s])) { p++; s++; continue; }
    if (p < plen && pat[pb + p] === 42) { star = p++; mark = s; continue; }
    if (star >= 0) { p = star + 1; s = ++mark; continue; }
    ok = 0;
    break match;
  }
  while (ok && p < plen && pat[pb + p] === 42) p++;
  out[i] = ok && p === plen ? 1 : 0;
}`,
    grid: 1,
    block: 16,
    scope: () => ({ fieldLength, W: 24 }),
    args: () => {
      const cases: [string, string][] = [
        ['*.txt', 'notes.txt'],
        ['*.txt', 'notes.txt.bak'],
        ['a?c', 'abc'],
        ['a?c', 'ac'],
        ['*', ''],
        ['', ''],
        ['', 'a'],
        ['a*b*c', 'aXbYc'],
        ['a*b*c', 'aXbYcZ'],
        ['**a**', 'bab'],
        ['*?*?*', 'x'],
        ['*?*?*', 'xy'],
        ['abc*', 'abc'],
        ['a*a*a*a*b', 'aaaaaaaaaaaaaaaaaaaa'],
        ['?*?', 'ab'],
        ['x*y?z', 'xABCy_z'],
      ];
      return [
        fields(
          24,
          cases.map((c) => c[0]),
        ),
        fields(
          24,
          cases.map((c) => c[1]),
        ),
        new Int32Array(cases.length),
      ];
    },
  },
  {
    name: 'percent-decoding of URL fields: %xx by a hex helper with case folding, + as a space, bad or cut escapes kept literally, decoded lengths',
    text: `function unescapeUrl(src, dst, lens) {
  const i = gpu.globalIdx.x;
  if ((i + 1) * W > src.length) return;
  let o = 0;
  for (let k = 0; k < W; k++) {
    const c = src[i * W + k];
    if (c === 0) break;
    if (c === 43) { dst[i * W + o++] = 32; continue; }
    if (c === 37 && k + 2 < W) {
      const h = hexValue(src[i * W + k + 1]), l = hexValue(src[i * W + k + 2]);
      if (h >= 0 && l >= 0) {
        dst[i * W + o++] = h * 16 + l;
        k += 2;
        continue;
      }
    }
    dst[i * W + o++] = c;
  }
  lens[i] = o;
}`,
    grid: 1,
    block: 8,
    scope: () => ({ hexValue, W: 20 }),
    args: () => [
      fields(20, ['a%20b', 'x+y%2Bz', '%E2%82%ac', '%zz%4', '100%', '%%41', 'plain', '%0a%0D%ff%FF%3g']),
      new Uint8Array(160),
      new Int32Array(8),
    ],
  },
  {
    name: 'MurmurHash3 x86_32 of byte keys: blocks of four bytes by Math.imul and rotations, the tail by a switch falling through cases 3, 2 and 1, a u32 seed merged with i32 results',
    text: `function hashKeys(keys, lens, seeds, out) {
  const i = gpu.globalIdx.x;
  if (i >= lens.length) return;
  out[i] = murmur3(keys, i * W, lens[i], seeds[i % seeds.length]);
}`,
    grid: 1,
    block: 32,
    scope: () => ({ murmur3, W: 40 }),
    args: () => {
      const n = 24;
      const lens = ints(n, 3571, (v) => v % 41);
      lens[0] = 0;
      lens[1] = 1;
      lens[2] = 2;
      lens[3] = 3;
      lens[4] = 4;
      return [
        bytes(n * 40, 3572),
        lens,
        Uint32Array.of(0, 1, 0x9747b28c, 0xffffffff, 0x80000000),
        new Uint32Array(n),
      ];
    },
  },
  {
    name: 'xxHash32 of byte keys: four lanes over 16-byte stripes, rotations by (x << r) | (x >>> (32 - r)), tails of four bytes then one, u32 constants of the scope past 2^31',
    text: `function hashKeys(keys, lens, seeds, out) {
  const i = gpu.globalIdx.x;
  if (i >= lens.length) return;
  out[i] = xxh32(keys, i * W, lens[i], seeds[i % seeds.length]);
}`,
    grid: 1,
    block: 32,
    scope: () => ({
      xxh32,
      xxRound,
      rotl32,
      word32,
      W: 64,
      P1: 0x9e3779b1,
      P2: 0x85ebca77,
      P3: 0xc2b2ae3d,
      P4: 0x27d4eb2f,
      P5: 0x165667b1,
    }),
    args: () => {
      const n = 24;
      const lens = ints(n, 3581, (v) => v % 65);
      [lens[0], lens[1], lens[2], lens[3], lens[4]] = [0, 15, 16, 17, 64];
      return [
        bytes(n * 64, 3582),
        lens,
        Uint32Array.of(0, 1, 0x9e3779b1, 0xffffffff, 0x7fffffff),
        new Uint32Array(n),
      ];
    },
  },
  {
    name: 'SipHash-2-4 of byte messages in BigUint64: rotations wrapped by BigInt.asUintN, rounds on a tuple of four u64 destructured in a helper, the length byte in the last word',
    text: `function siphash(msg, lens, keys, out) {
  const i = gpu.globalIdx.x;
  if (i >= lens.length) return;
  const k0 = keys[0], k1 = keys[1];
  let v = [k0 ^ 0x736f6d6570736575n, k1 ^ 0x646f72616e646f6dn, k0 ^ 0x6c7967656e657261n, k1 ^ 0x7465646279746573n];
  const len = lens[i], base = i * W;
  const blocks = len >> 3;
  for (let b = 0; b <= blocks; b++) {
    let m = byte64(0);
    if (b < blocks) {
      for (let j = 7; j >= 0; j--) m = (m << 8n) | byte64(msg[base + b * 8 + j]);
    } else {
      m = byte64(len & 255) << 56n;
      for (let j = (len & 7) - 1; j >= 0; j--) m |= byte64(msg[base + b * 8 + j]) << BigInt(8 * j);
    }
    v = [v[0], v[1], v[2], v[3] ^ m];
    v = sipRound(sipRound(v));
    v = [v[0] ^ m, v[1], v[2], v[3]];
  }
  v = [v[0], v[1], v[2] ^ 0xffn, v[3]];
  for (let r = 0; r < 4; r++) v = sipRound(v);
  out[i] = v[0] ^ v[1] ^ v[2] ^ v[3];
}`,
    grid: 1,
    block: 16,
    scope: () => ({ sipRound, rotl64, byte64, W: 24 }),
    args: () => {
      const n = 16;
      const msg = new Uint8Array(n * 24);
      for (let i = 0; i < n; i++) for (let j = 0; j < 24; j++) msg[i * 24 + j] = j;
      const lens = Int32Array.from({ length: n }, (_, i) => i + (i > 8 ? 7 : 0));
      return [msg, lens, BigUint64Array.of(0x0706050403020100n, 0x0f0e0d0c0b0a0908n), new BigUint64Array(n)];
    },
  },
  {
    name: "MINSTD (16807 mod 2^31 - 1) by Schrage's method in i32 against the product in doubles (e * 1.0 * A), agreement counted, seeds at 1 and 2^31 - 2",
    text: `function minstd(seeds, out, steps) {
  const i = gpu.globalIdx.x;
  if (i >= seeds.length) return;
  let s = seeds[i], e = seeds[i], agree = 0;
  for (let k = 0; k < steps; k++) {
    const hi = (s / Q) | 0, lo = s % Q;
    s = A * lo - R * hi;
    if (s <= 0) s += M;
    e = (e * 1.0 * A) % M;
    if (s === e) agree++;
  }
  out[i * 3] = s;
  out[i * 3 + 1] = e;
  out[i * 3 + 2] = agree;
}`,
    grid: 1,
    block: 16,
    scope: () => ({ A: 16807, M: 2147483647, Q: 127773, R: 2836 }),
    args: () => {
      const seeds = ints(16, 3591, (v) => 1 + (v % 2147483646));
      seeds[0] = 1;
      seeds[1] = 2147483646;
      return [seeds, new Float64Array(48), 3000];
    },
  },
  {
    name: 'Zobrist hashing of chess positions: a BigUint64Array table XORed per occupied square, incremental updates over a move list (captures, empty squares, null moves) against a full recomputation',
    text: `function zobrist(boards, moves, table, hashes) {
  const b = gpu.globalIdx.x;
  if (b * 64 >= boards.length) return;
  let h = table[768];
  for (let sq = 0; sq < 64; sq++) {
    const p = boards[b * 64 + sq];
    if (p > 0) h ^= table[(p - 1) * 64 + sq];
  }
  const bd = new Int8Array(64);
  for (let sq = 0; sq < 64; sq++) bd[sq] = boards[b * 64 + sq];
  let g = h, applied = 0;
  for (let m = 0; m < 4; m++) {
    const from = moves[(b * 4 + m) * 2], to = moves[(b * 4 + m) * 2 + 1];
    const p = bd[from];
    if (p === 0 || from === to) continue;
    g ^= table[(p - 1) * 64 + from];
    if (bd[to] > 0) g ^= table[(bd[to] - 1) * 64 + to];
    g ^= table[(p - 1) * 64 + to] ^ table[768];
    bd[to] = p;
    bd[from] = 0;
    applied++;
  }
  let r = (applied & 1) === 0 ? table[768] : table[768] ^ table[768];
  for (let sq = 0; sq < 64; sq++) if (bd[sq] > 0) r ^= table[(bd[sq] - 1) * 64 + sq];
  hashes[b * 3] = h;
  hashes[b * 3 + 1] = g;
  hashes[b * 3 + 2] = r;
}`,
    grid: 1,
    block: 16,
    args: () => {
      const n = 12;
      const r = randoms(769 * 2, 3601);
      const table = BigUint64Array.from(
        { length: 769 },
        (_, i) => (BigInt(r[i * 2] as number) << 32n) | BigInt(r[i * 2 + 1] as number),
      );
      const boards = Int8Array.from(randoms(n * 64, 3602), (v) => (v % 3 === 0 ? 1 + (v % 12) : 0));
      const moves = Int8Array.from(randoms(n * 8, 3603), (v) => v % 64);
      moves[0] = moves[1] = 5;
      return [boards, moves, table, new BigUint64Array(n * 3)];
    },
  },
  {
    name: 'merge path: two sorted Int32Arrays merged by a thread per output element, the split of each diagonal by binary search, ties taken from the first array, empty tails',
    text: `function mergePath(a, b, out, from) {
  const k = gpu.globalIdx.x;
  const na = a.length, nb = b.length;
  if (k >= na + nb) return;
  let lo = Math.max(0, k - nb), hi = Math.min(k, na);
  while (lo < hi) {
    const i = (lo + hi) >> 1;
    if (a[i] <= b[k - 1 - i]) lo = i + 1;
    else hi = i;
  }
  const i = lo, j = k - lo;
  const fromA = j >= nb || (i < na && a[i] <= b[j]);
  out[k] = fromA ? a[i] : b[j];
  from[k] = fromA ? i : -1 - j;
}`,
    grid: 3,
    block: 32,
    args: () => {
      const a = Int32Array.from(randoms(37, 3611), (v) => (v % 50) - 10).sort();
      const b = Int32Array.from(randoms(53, 3612), (v) => (v % 60) - 20).sort();
      return [a, b, new Int32Array(90), new Int32Array(90)];
    },
  },
  {
    name: "Batcher's odd-even merge sort of 64 f32 keys a block in shared memory: the (p, k, j, i) loops of the network, pairs dealt round the threads by a counter, -0, 0 and repeats",
    text: `function oddEven(keys) {
  const s = gpu.sharedArray(Float32Array, 64);
  const t = gpu.threadIdx.x, B = gpu.blockDim.x;
  const base = gpu.blockIdx.x * 64;
  for (let e = t; e < 64; e += B) s[e] = keys[base + e];
  gpu.barrier();
  for (let p = 1; p < 64; p <<= 1)
    for (let k = p; k >= 1; k >>= 1) {
      let c = 0;
      for (let j = k % p; j + k < 64; j += 2 * k)
        for (let i = 0; i < k && i + j + k < 64; i++)
          if (((i + j) / (2 * p) | 0) === ((i + j + k) / (2 * p) | 0)) {
            if (c % B === t && s[i + j] > s[i + j + k]) {
              const x = s[i + j];
              s[i + j] = s[i + j + k];
              s[i + j + k] = x;
            }
            c++;
          }
      gpu.barrier();
    }
  for (let e = t; e < 64; e += B) keys[base + e] = s[e];
}`,
    grid: 3,
    block: 24,
    args: () => {
      const k = floats(192, 3621, (v) => ((v % 41) - 20) / 4);
      for (let i = 0; i < 192; i += 9) k[i] = -0;
      for (let i = 4; i < 192; i += 13) k[i] = 0;
      return [k];
    },
  },
  {
    name: 'a CSR to CSC transpose in two launches: column counts by atomicAdd, then a thread per column summing the counts before it and gathering its entries row by row in order',
    text: `function countColumns(rowptr, cols, vals, counts, colStart, rowIdx, cscVals) {
  const e = gpu.globalIdx.x;
  if (e < cols.length) gpu.atomicAdd(counts, cols[e], 1);
}`,
    second: {
      text: `function gather(rowptr, cols, vals, counts, colStart, rowIdx, cscVals) {
  const c = gpu.globalIdx.x;
  if (c >= counts.length) return;
  let start = 0;
  for (let x = 0; x < c; x++) start += counts[x];
  colStart[c] = start;
  let k = start;
  for (let r = 0; r + 1 < rowptr.length; r++)
    for (let e = rowptr[r]; e < rowptr[r + 1]; e++)
      if (cols[e] === c) {
        rowIdx[k] = r;
        cscVals[k++] = vals[e];
      }
}`,
      grid: 1,
      block: 32,
    },
    grid: 2,
    block: 64,
    args: () => {
      const [rows, ncols] = [25, 20];
      const g = graph(Math.max(rows, ncols), 90, 3631);
      const rowptr = g.rowptr.slice(0, rows + 1);
      const nnz = rowptr[rows] as number;
      const cols = Int32Array.from(g.adj.subarray(0, nnz), (c) => c % ncols);
      return [
        rowptr,
        cols,
        doubles(nnz, 3632, (v) => (v % 100) / 4),
        new Int32Array(ncols),
        new Int32Array(ncols),
        new Int32Array(nnz),
        new Float64Array(nnz),
      ];
    },
  },
  {
    name: 'causal attention per query row in f64: q·k scaled by 1 / Math.sqrt(d), -Infinity past the row as the mask, the maximum subtracted before Math.exp, values weighted and normalised',
    text: `function attention(q, k, v, out, T, d) {
  const i = gpu.globalIdx.x;
  if (i >= T) return;
  const scale = 1 / Math.sqrt(d);
  let m = -Infinity;
  for (let j = 0; j < T; j++) {
    let s = -Infinity;
    if (j <= i) {
      s = 0;
      for (let c = 0; c < d; c++) s += q[i * d + c] * k[j * d + c];
      s *= scale;
    }
    m = Math.max(m, s);
  }
  for (let c = 0; c < d; c++) out[i * d + c] = 0;
  let z = 0;
  for (let j = 0; j <= i; j++) {
    let s = 0;
    for (let c = 0; c < d; c++) s += q[i * d + c] * k[j * d + c];
    const p = Math.exp(s * scale - m);
    z += p;
    for (let c = 0; c < d; c++) out[i * d + c] += p * v[j * d + c];
  }
  for (let c = 0; c < d; c++) out[i * d + c] /= z;
}`,
    grid: 1,
    block: 16,
    args: () => {
      const [T, d] = [12, 8];
      const f = (seed: number) => doubles(T * d, seed, (v) => ((v % 2001) - 1000) / 250);
      return [f(3641), f(3642), f(3643), new Float64Array(T * d), T, d];
    },
    ulps: 1,
  },
  {
    name: "Welford means and variances per thread merged by Chan's formula in a shared tree: a loop-carried record whose fields start as integers, a helper returning records on two paths, empty chunks of n = 0",
    text: `function stats(x, lens, out) {
  const sn = gpu.sharedArray(Int32Array, 64);
  const sm = gpu.sharedArray(Float64Array, 64);
  const s2 = gpu.sharedArray(Float64Array, 64);
  const t = gpu.threadIdx.x, r = gpu.blockIdx.x;
  let acc = { n: 0, mean: 0, m2: 0 };
  for (let k = t * CHUNK; k < Math.min((t + 1) * CHUNK, lens[r]); k++) {
    const v = x[r * STRIDE + k];
    const n = acc.n + 1;
    const d = v - acc.mean;
    const mean = acc.mean + d / n;
    acc = { n, mean, m2: acc.m2 + d * (v - mean) };
  }
  sn[t] = acc.n;
  sm[t] = acc.mean;
  s2[t] = acc.m2;
  gpu.barrier();
  for (let h = 32; h > 0; h >>= 1) {
    if (t < h) {
      const m = chanMerge({ n: sn[t], mean: sm[t], m2: s2[t] }, { n: sn[t + h], mean: sm[t + h], m2: s2[t + h] });
      sn[t] = m.n;
      sm[t] = m.mean;
      s2[t] = m.m2;
    }
    gpu.barrier();
  }
  if (t === 0) {
    out[r * 3] = sn[0];
    out[r * 3 + 1] = sm[0];
    out[r * 3 + 2] = s2[0] / (sn[0] - 1);
  }
}`,
    grid: 5,
    block: 64,
    scope: () => ({ chanMerge, CHUNK: 5, STRIDE: 320 }),
    args: () => {
      const x = doubles(5 * 320, 3651, (v) => 1e6 + ((v % 2001) - 1000) / 7);
      return [x, Int32Array.of(320, 1, 0, 77, 200), new Float64Array(15)];
    },
  },
  {
    name: 'an int8 GEMV with per-row scales: Int8Array weights and activations, i32 accumulators, dequantised in f32 by Math.fround, requantised by round-half-away-from-zero and clamped to [-128, 127]',
    text: `function gemv(w, x, rowScale, xScale, outScale, y, yq, cols) {
  const r = gpu.globalIdx.x;
  if (r >= rowScale.length) return;
  let acc = 0;
  for (let c = 0; c < cols; c++) acc += w[r * cols + c] * x[c];
  const real = Math.fround(Math.fround(acc * rowScale[r]) * xScale);
  y[r] = real;
  const q = Math.fround(real / outScale);
  const rq = q < 0 ? -Math.round(-q) : Math.round(q);
  yq[r] = Math.max(-128, Math.min(127, rq));
}`,
    grid: 1,
    block: 32,
    args: () => {
      const [rows, cols] = [30, 64];
      const w = Int8Array.from(randoms(rows * cols, 3661), (v) => (v % 256) - 128);
      const x = Int8Array.from(randoms(cols, 3662), (v) => (v % 256) - 128);
      w.fill(127, 0, cols);
      x.fill(127, 0, 8);
      return [
        w,
        x,
        floats(rows, 3663, (v) => (v % 100) / 10000),
        0.05,
        0.75,
        new Float32Array(rows),
        new Int8Array(rows),
        cols,
      ];
    },
  },
  {
    name: 'cross-entropy with label smoothing from f64 logits: log-sum-exp after the maximum, an ignore index of -100, an infinite logit giving NaN, then the mean over kept rows in a second launch',
    text: `function xent(logits, labels, loss, total, classes, eps) {
  const r = gpu.globalIdx.x;
  if (r >= labels.length) return;
  const y = labels[r];
  if (y === IGNORE) { loss[r] = 0; return; }
  let m = -Infinity;
  for (let c = 0; c < classes; c++) m = Math.max(m, logits[r * classes + c]);
  let z = 0, sumLogp = 0;
  for (let c = 0; c < classes; c++) z += Math.exp(logits[r * classes + c] - m);
  const lse = m + Math.log(z);
  for (let c = 0; c < classes; c++) sumLogp += logits[r * classes + c] - lse;
  loss[r] = -(1 - eps) * (logits[r * classes + y] - lse) - (eps / classes) * sumLogp;
}`,
    second: {
      text: `function mean(logits, labels, loss, total, classes, eps) {
  if (gpu.globalIdx.x !== 0) return;
  let s = 0, kept = 0;
  for (let r = 0; r < labels.length; r++) {
    if (labels[r] === IGNORE) continue;
    s += loss[r];
    kept++;
  }
  total[0] = kept === 0 ? NaN : s / kept;
  total[1] = kept;
}`,
      grid: 1,
      block: 32,
    },
    grid: 1,
    block: 32,
    scope: () => ({ IGNORE: -100 }),
    args: () => {
      const [rows, classes] = [20, 10];
      const logits = doubles(rows * classes, 3671, (v) => ((v % 2001) - 1000) / 100);
      logits[5 * classes + 3] = Number.POSITIVE_INFINITY;
      logits.fill(-1e300, 6 * classes, 7 * classes);
      const labels = ints(rows, 3672, (v) => v % classes);
      labels[2] = -100;
      labels[9] = -100;
      return [logits, labels, new Float64Array(rows), new Float64Array(2), classes, 0.1];
    },
    ulps: 64,
  },
  {
    name: 'greedy non-maximum suppression per image: indices sorted by score in a local Int32Array (NaN scores stay put), IoU of f64 boxes by a helper, zero-area boxes giving NaN that never suppresses',
    text: `function nms(boxes, scores, keep, perImage, thresh) {
  const img = gpu.globalIdx.x;
  if ((img + 1) * perImage > scores.length) return;
  const base = img * perImage;
  const order = new Int32Array(MAXB);
  for (let k = 0; k < perImage; k++) order[k] = k;
  for (let k = 1; k < perImage; k++) {
    const v = order[k], sv = scores[base + v];
    let j = k - 1;
    while (j >= 0 && scores[base + order[j]] < sv) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = v;
  }
  const removed = new Uint8Array(MAXB);
  for (let a = 0; a < perImage; a++) {
    const i = order[a];
    if (removed[i]) continue;
    keep[base + i] = a + 1;
    for (let b = a + 1; b < perImage; b++) {
      const j = order[b];
      if (!removed[j] && iou(boxes, (base + i) * 4, (base + j) * 4) > thresh) removed[j] = 1;
    }
  }
}`,
    grid: 1,
    block: 8,
    scope: () => ({ iou, MAXB: 32 }),
    args: () => {
      const [imgs, per] = [6, 20];
      const r = randoms(imgs * per * 4, 3681);
      const boxes = new Float64Array(imgs * per * 4);
      for (let i = 0; i < imgs * per; i++) {
        const x = ((r[i * 4] as number) % 50) / 2,
          y = ((r[i * 4 + 1] as number) % 50) / 2;
        boxes.set(
          [x, y, x + 1 + ((r[i * 4 + 2] as number) % 20) / 2, y + 1 + ((r[i * 4 + 3] as number) % 20) / 2],
          i * 4,
        );
      }
      boxes.set([3, 3, 3, 8], 4 * 4);
      const scores = doubles(imgs * per, 3682, (v) => (v % 100) / 100);
      scores[7] = Number.NaN;
      scores[8] = scores[9] as number;
      return [boxes, scores, new Int32Array(imgs * per), per, 0.3];
    },
  },
  {
    name: 'ROI align: 2x2 bilinear samples per bin of f64 feature maps, ROI corners scaled, samples outside [-1, H] dropped, the last row and column clamped as Detectron does, averages per bin',
    text: `function roiAlign(feat, rois, out, H, W, P, S) {
  const bin = gpu.globalIdx.x, r = gpu.globalIdx.y;
  if (bin >= P * P || r * 5 >= rois.length) return;
  const ch = rois[r * 5] | 0;
  const x1 = rois[r * 5 + 1] * SCALE, y1 = rois[r * 5 + 2] * SCALE;
  const x2 = rois[r * 5 + 3] * SCALE, y2 = rois[r * 5 + 4] * SCALE;
  const bw = Math.max(x2 - x1, 1) / P, bh = Math.max(y2 - y1, 1) / P;
  const py = (bin / P) | 0, px = bin % P;
  let sum = 0;
  for (let iy = 0; iy < S; iy++)
    for (let ix = 0; ix < S; ix++) {
      let y = y1 + py * bh + ((iy + 0.5) * bh) / S;
      let x = x1 + px * bw + ((ix + 0.5) * bw) / S;
      if (y < -1 || y > H || x < -1 || x > W) continue;
      y = Math.max(y, 0);
      x = Math.max(x, 0);
      let y0 = Math.floor(y) | 0, x0 = Math.floor(x) | 0, yh = y0 + 1, xh = x0 + 1;
      if (y0 >= H - 1) { y0 = yh = H - 1; y = y0; }
      if (x0 >= W - 1) { x0 = xh = W - 1; x = x0; }
      const ly = y - y0, lx = x - x0;
      const f = ch * H * W;
      sum += (1 - ly) * (1 - lx) * feat[f + y0 * W + x0] + (1 - ly) * lx * feat[f + y0 * W + xh] +
        ly * (1 - lx) * feat[f + yh * W + x0] + ly * lx * feat[f + yh * W + xh];
    }
  out[r * P * P + bin] = sum / (S * S);
}`,
    grid: [1, 1],
    block: [16, 6],
    scope: () => ({ SCALE: 0.5 }),
    args: () => {
      const [C, H, W] = [2, 9, 11];
      const rois = Float64Array.of(
        0,
        2,
        2,
        10,
        12,
        1,
        0,
        0,
        21,
        17,
        0,
        15,
        10,
        30,
        30,
        1,
        -5,
        -5,
        3,
        3,
        0,
        7,
        7,
        7,
        7,
        1,
        19,
        1,
        22,
        17,
      );
      return [doubles(C * H * W, 3691, (v) => (v % 1000) / 10), rois, new Float64Array(6 * 16), H, W, 4, 2];
    },
  },
  {
    name: 'sphere tracing signed distance fields in f64: a sphere, a box and a torus joined by a polynomial smooth minimum, normals by central differences, misses as Infinity, step counts',
    text: `function trace(out, w, h) {
  const px = gpu.globalIdx.x, py = gpu.globalIdx.y;
  if (px >= w || py >= h) return;
  let dx = ((px + 0.5) / w) * 2 - 1, dy = 1 - ((py + 0.5) / h) * 2, dz = 1.5;
  const len = Math.sqrt(dx * dx + dy * dy + dz * dz);
  dx /= len; dy /= len; dz /= len;
  let t = 0, steps = 0, hit = false;
  for (; steps < 96; steps++) {
    const d = sceneSdf(t * dx, t * dy, t * dz);
    if (d < 1e-4) { hit = true; break; }
    t += d;
    if (t > 20) break;
  }
  const o = (py * w + px) * 3;
  out[o + 1] = steps;
  if (!hit) { out[o] = Infinity; out[o + 2] = 0; return; }
  const x = t * dx, y = t * dy, z = t * dz, e = 1e-5;
  const nx = sceneSdf(x + e, y, z) - sceneSdf(x - e, y, z);
  const ny = sceneSdf(x, y + e, z) - sceneSdf(x, y - e, z);
  const nz = sceneSdf(x, y, z + e) - sceneSdf(x, y, z - e);
  out[o] = t;
  out[o + 2] = nz / Math.sqrt(nx * nx + ny * ny + nz * nz);
}`,
    grid: [2, 2],
    block: [8, 8],
    scope: () => ({ sceneSdf, smin }),
    args: () => [new Float64Array(14 * 12 * 3), 14, 12],
  },
  {
    name: 'marching squares: the case index of each cell from four corners, saddles resolved by the centre average into cases 16 and 17, edge crossings interpolated in f64 (NaN where none), segment counts by a switch',
    text: `function marching(f, cases, cross, segs, w, h, iso) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w - 1 || y >= h - 1) return;
  const a = f[y * w + x], b = f[y * w + x + 1], c = f[(y + 1) * w + x + 1], d = f[(y + 1) * w + x];
  let idx = (a > iso ? 8 : 0) | (b > iso ? 4 : 0) | (c > iso ? 2 : 0) | (d > iso ? 1 : 0);
  if ((idx === 5 || idx === 10) && (a + b + c + d) / 4 > iso) idx = idx === 5 ? 16 : 17;
  const cell = y * (w - 1) + x;
  cases[cell] = idx;
  const corner = [a, b, c, d];
  for (let e = 0; e < 4; e++) {
    const v0 = corner[e], v1 = corner[(e + 1) & 3];
    cross[cell * 4 + e] = (v0 > iso) !== (v1 > iso) ? (iso - v0) / (v1 - v0) : NaN;
  }
  let n;
  switch (idx) {
    case 0:
    case 15:
      n = 0;
      break;
    case 5:
    case 10:
    case 16:
    case 17:
      n = 2;
      break;
    default:
      n = 1;
  }
  gpu.atomicAdd(segs, 0, n);
}`,
    grid: [2, 2],
    block: [8, 8],
    args: () => {
      const [w, h] = [13, 11];
      const f = new Float64Array(w * h);
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          f[y * w + x] = Math.round((Math.sin(x * 0.9) * Math.cos(y * 0.7) + ((x * y) % 3) / 10) * 64) / 64;
      return [
        f,
        new Int32Array((w - 1) * (h - 1)),
        new Float64Array((w - 1) * (h - 1) * 4),
        new Int32Array(1),
        w,
        h,
        0,
      ];
    },
  },
  {
    name: 'Sutherland-Hodgman clipping of triangles against a rectangle: polygons in local Float64Arrays copied between the four passes, edge distances by a switch with a default, areas by the shoelace, empty results',
    text: `function clip(tri, area, counts, w, h) {
  const i = gpu.globalIdx.x;
  if (i * 6 >= tri.length) return;
  const px = new Float64Array(16), py = new Float64Array(16), qx = new Float64Array(16), qy = new Float64Array(16);
  let n = 3;
  for (let k = 0; k < 3; k++) {
    px[k] = tri[i * 6 + k * 2];
    py[k] = tri[i * 6 + k * 2 + 1];
  }
  for (let edge = 0; edge < 4 && n > 0; edge++) {
    let m = 0;
    for (let k = 0; k < n; k++) {
      const ax = px[k], ay = py[k], bx = px[(k + 1) % n], by = py[(k + 1) % n];
      const da = edgeDistance(edge, ax, ay, w, h), db = edgeDistance(edge, bx, by, w, h);
      if (da >= 0) { qx[m] = ax; qy[m] = ay; m++; }
      if (da >= 0 !== db >= 0) {
        const t = da / (da - db);
        qx[m] = ax + t * (bx - ax);
        qy[m] = ay + t * (by - ay);
        m++;
      }
    }
    for (let k = 0; k < m; k++) { px[k] = qx[k]; py[k] = qy[k]; }
    n = m;
  }
  let s = 0;
  for (let k = 0; k < n; k++) s += px[k] * py[(k + 1) % n] - px[(k + 1) % n] * py[k];
  area[i] = s / 2;
  counts[i] = n;
}`,
    grid: 1,
    block: 32,
    scope: () => ({ edgeDistance }),
    args: () => {
      const n = 30;
      const tri = doubles(n * 6, 3701, (v) => ((v % 161) - 40) / 8);
      tri.set([1, 1, 2, 1, 1, 2], 0); // inside
      tri.set([-5, -5, -4, -5, -5, -4], 6); // outside
      tri.set([-3, -3, 20, 0, 0, 20], 12); // covers the rectangle
      return [tri, new Float64Array(n), new Int32Array(n), 10, 8];
    },
  },
  {
    name: "closest points on triangles (Ericson's Voronoi regions): seven returns of tuples mixing f64 coordinates and integer region codes from a helper, degenerate triangles, squared distances",
    text: `function closest(pts, tris, out) {
  const i = gpu.globalIdx.x;
  if (i * 3 >= pts.length) return;
  const p = [pts[i * 3], pts[i * 3 + 1], pts[i * 3 + 2]];
  const t = (i % ((tris.length / 9) | 0)) * 9;
  const a = [tris[t], tris[t + 1], tris[t + 2]];
  const b = [tris[t + 3], tris[t + 4], tris[t + 5]];
  const c = [tris[t + 6], tris[t + 7], tris[t + 8]];
  const q = closestOnTriangle(p, a, b, c);
  const d = sub3(p, [q[0], q[1], q[2]]);
  out[i * 5] = q[0];
  out[i * 5 + 1] = q[1];
  out[i * 5 + 2] = q[2];
  out[i * 5 + 3] = q[3];
  out[i * 5 + 4] = dot3(d, d);
}`,
    grid: 2,
    block: 32,
    scope: () => ({ closestOnTriangle, sub3, dot3, along }),
    args: () => {
      const tris = Float64Array.of(
        0,
        0,
        0,
        4,
        0,
        0,
        0,
        4,
        0,
        1,
        1,
        1,
        3,
        1,
        2,
        1,
        5,
        -1,
        0,
        0,
        0,
        1,
        1,
        1,
        2,
        2,
        2,
        5,
        5,
        5,
        5,
        5,
        5,
        5,
        5,
        5,
      );
      return [doubles(60 * 3, 3711, (v) => ((v % 161) - 50) / 10), tris, new Float64Array(60 * 5)];
    },
  },
  {
    name: 'haversine distances and initial bearings in f64: Math.asin of a clamped root, Math.atan2 wrapped into [0, 360) by ((b % 360) + 360) % 360, identical, antipodal and polar points',
    text: `function haversine(lat1, lon1, lat2, lon2, out) {
  const i = gpu.globalIdx.x;
  if (i >= lat1.length) return;
  const p1 = lat1[i] * RAD, p2 = lat2[i] * RAD;
  const dp = p2 - p1, dl = (lon2[i] - lon1[i]) * RAD;
  const sp = Math.sin(dp / 2), sl = Math.sin(dl / 2);
  const a = sp * sp + Math.cos(p1) * Math.cos(p2) * sl * sl;
  out[i * 2] = 2 * EARTH * Math.asin(Math.min(1, Math.sqrt(a)));
  const y = Math.sin(dl) * Math.cos(p2);
  const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
  out[i * 2 + 1] = ((Math.atan2(y, x) / RAD) % 360 + 360) % 360;
}`,
    grid: 1,
    block: 32,
    scope: () => ({ RAD: Math.PI / 180, EARTH: 6371.0088 }),
    args: () => {
      const n = 32;
      const lat1 = doubles(n, 3721, (v) => (v % 1800) / 10 - 90);
      const lon1 = doubles(n, 3722, (v) => (v % 3600) / 10 - 180);
      const lat2 = doubles(n, 3723, (v) => (v % 1800) / 10 - 90);
      const lon2 = doubles(n, 3724, (v) => (v % 3600) / 10 - 180);
      [lat1[0], lon1[0], lat2[0], lon2[0]] = [51.5, -0.12, 51.5, -0.12];
      [lat1[1], lon1[1], lat2[1], lon2[1]] = [10, 20, -10, -160];
      [lat1[2], lon1[2], lat2[2], lon2[2]] = [90, 0, -90, 0];
      [lat1[3], lon1[3], lat2[3], lon2[3]] = [0, 0, 0, 180];
      return [lat1, lon1, lat2, lon2, new Float64Array(n * 2)];
    },
    ulps: 64,
  },
  {
    name: 'Douglas-Peucker simplification per polyline with an explicit stack of index ranges in a local Int32Array: perpendicular distances by cross products over Math.sqrt, coincident ends, kept points marked',
    text: `function simplify(xs, ys, lens, keep, eps) {
  const l = gpu.globalIdx.x;
  if (l >= lens.length) return;
  const base = l * STRIDE, n = lens[l];
  if (n === 0) return;
  const stack = new Int32Array(128);
  let sp = 0;
  keep[base] = 1;
  keep[base + n - 1] = 1;
  stack[sp++] = 0;
  stack[sp++] = n - 1;
  while (sp > 0) {
    const hi = stack[--sp], lo = stack[--sp];
    if (hi - lo < 2) continue;
    const ax = xs[base + lo], ay = ys[base + lo];
    const dx = xs[base + hi] - ax, dy = ys[base + hi] - ay;
    const len = Math.sqrt(dx * dx + dy * dy);
    let best = -1, at = -1;
    for (let k = lo + 1; k < hi; k++) {
      const ex = xs[base + k] - ax, ey = ys[base + k] - ay;
      const d = len === 0 ? Math.sqrt(ex * ex + ey * ey) : Math.abs(dx * ey - dy * ex) / len;
      if (d > best) { best = d; at = k; }
    }
    if (best > eps) {
      keep[base + at] = 1;
      stack[sp++] = lo;
      stack[sp++] = at;
      stack[sp++] = at;
      stack[sp++] = hi;
    }
  }
}`,
    grid: 1,
    block: 8,
    scope: () => ({ STRIDE: 32 }),
    args: () => {
      const lines = 7;
      const xs = new Float64Array(lines * 32);
      const ys = new Float64Array(lines * 32);
      const r = randoms(lines * 32, 3731);
      for (let i = 0; i < lines * 32; i++) {
        xs[i] = i % 32;
        ys[i] = Math.round(Math.sin(i * 0.4) * 8) + ((r[i] as number) % 5) / 4;
      }
      ys.fill(0, 32, 64); // collinear: only the ends stay
      xs[96 + 31] = 0; // a closed line: coincident ends
      ys[96 + 31] = ys[96] as number;
      return [xs, ys, Int32Array.of(32, 32, 2, 32, 1, 0, 17), new Uint8Array(lines * 32), 0.75];
    },
  },
  {
    name: 'every compound operator (+= -= *= /= %= **= <<= >>= >>>= &= |= ^=) on Int8, Uint8, Int16, Uint16, Int32, Uint32, Float32 and Float64 elements, with operands at the edges',
    text: compoundKernel,
    grid: 1,
    block: 32,
    args: () => {
      const v = Float64Array.of(
        0,
        -0,
        1,
        -1,
        2.5,
        -2.5,
        3,
        31,
        32,
        33,
        -33,
        1e10,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        0.5,
        7,
        -7,
        255,
        65535,
        2 ** 31,
        -(2 ** 31),
        1e-310,
      );
      const n = v.length * 12;
      const fill = <T extends { length: number; [i: number]: number }>(a: T) => {
        const r = randoms(a.length, 3741);
        for (let i = 0; i < a.length; i++)
          a[i] = ((r[i] as number) % 600) - 300 + ((r[i] as number) % 4 === 0 ? 0.75 : 0);
        return a;
      };
      return [
        fill(new Int8Array(n)),
        fill(new Uint8Array(n)),
        fill(new Int16Array(n)),
        fill(new Uint16Array(n)),
        fill(new Int32Array(n)),
        fill(new Uint32Array(n)),
        fill(new Float32Array(n)),
        fill(new Float64Array(n)),
        v,
      ];
    },
    // ** is Math.pow, within 2 ulps of JavaScript's (docs/language.md): the f64 powers may differ by one.
    ulps: 1,
  },
  {
    name: 'the compound operators of BigInts on BigInt64Array and BigUint64Array elements: sums, products and powers wrapping past 2^63 and 2^64, shifts by 64 and more and by negative counts',
    text: bigCompoundKernel,
    grid: 1,
    block: 16,
    args: () => {
      const ix = BigInt64Array.of(
        1n,
        -1n,
        3n,
        -7n,
        64n,
        65n,
        -3n,
        9223372036854775807n,
        -9223372036854775808n,
        2n,
        100n,
        -64n,
      );
      const ux = BigUint64Array.of(
        1n,
        18446744073709551615n,
        3n,
        7n,
        64n,
        65n,
        2n,
        9223372036854775808n,
        12345678901234567n,
        5n,
        100n,
        63n,
      );
      const n = ix.length * 11;
      const r = randoms(n * 2, 3751);
      const i64 = BigInt64Array.from({ length: n }, (_, k) =>
        BigInt.asIntN(64, (BigInt(r[k * 2] as number) << 32n) | BigInt(r[k * 2 + 1] as number)),
      );
      const u64 = BigUint64Array.from(
        { length: n },
        (_, k) => (BigInt(r[k * 2 + 1] as number) << 33n) + BigInt(r[k * 2] as number),
      );
      return [i64, u64, ix, ux];
    },
  },
  {
    name: '?? on reads past either end of an array and of a tuple, ??= on elements in range and past the end (a write JavaScript ignores), NaN kept by ?? as it is not nullish',
    text: `function nullish(a, o, w) {
  const i = gpu.globalIdx.x;
  const n = a.length;
  if (i >= n) return;
  const past = a[i + n] ?? -1;
  const before = a[i - 3] ?? 100;
  const tup = [1.5, 2, 3][i] ?? 9;
  o[i] = past + before + tup + (a[i] ?? 5);
  o[i + n] ??= 7;
  w[i] ??= a[i];
  w[i] = (w[i] ?? 0) + 1;
}`,
    grid: 1,
    block: 8,
    args: () => [
      Float64Array.of(1, Number.NaN, -0, 4, 5, Number.POSITIVE_INFINITY),
      new Float64Array(6),
      Int16Array.of(3, -3, 0, 32767, -32768, 9),
    ],
  },
  {
    name: 'a persistent-thread work queue: every thread claims items by atomicAdd on a counter until it passes n, each item (a Collatz count) done once, the counter ending at n plus the number of threads',
    text: `function worker(items, out, counter, n) {
  while (true) {
    const j = gpu.atomicAdd(counter, 0, 1);
    if (j >= n) break;
    let x = items[j], steps = 0;
    while (x !== 1 && steps < 1000) {
      x = x % 2 === 0 ? x / 2 : 3 * x + 1;
      steps++;
    }
    out[j] = steps;
  }
}`,
    grid: 2,
    block: 24,
    args: () => {
      const items = ints(200, 3761, (v) => 1 + (v % 100000));
      items[0] = 1;
      items[1] = 27;
      return [items, new Int32Array(200), new Uint32Array(1), 200];
    },
  },
  {
    name: 'runs of equal f32 values within warps: heads where shuffleUp differs (NaN always, -0 equal to 0), the ballot as i32 bits through Number and | 0, run starts and lengths by Math.clz32, a partial warp',
    text: `function runs(x, runStart, runLen) {
  const i = gpu.globalIdx.x, lane = gpu.laneId;
  const v = x[i];
  const prev = gpu.shuffleUp(v, 1);
  const head = lane === 0 || prev !== v;
  const heads = Number(gpu.ballot(head)) | 0;
  const upTo = lane === 31 ? -1 : (2 << lane) - 1;
  const start = 31 - Math.clz32(heads & upTo);
  const above = heads & ~upTo;
  const end = above === 0 ? 32 : 31 - Math.clz32(above & -above);
  runStart[i] = start;
  runLen[i] = end - start;
}`,
    grid: 2,
    block: 48,
    args: () => {
      const x = floats(96, 3771, (v) => (v % 7 < 4 ? 0 : (v % 3) - 1));
      for (let i = 1; i < 96; i++) if ((i * 7) % 5 < 3) x[i] = x[i - 1] as number;
      x[10] = -0;
      x[40] = x[41] = Number.NaN;
      return [x, new Int32Array(96), new Int32Array(96)];
    },
  },
  {
    name: 'leaky integrate-and-fire neurons in f32: every step rounded by Math.fround, threshold, reset and time constant from the scope (a double threshold compared with f32), refractory counts, spikes per step by atomicAdd',
    text: `function lif(v, refr, input, spikes, counts, steps) {
  const i = gpu.globalIdx.x;
  const n = v.length;
  if (i >= n) return;
  let vm = v[i], r = refr[i], count = 0;
  for (let t = 0; t < steps; t++) {
    if (r > 0) {
      r--;
      continue;
    }
    vm = Math.fround(vm + Math.fround(Math.fround(Math.fround(REST - vm) + input[t * n + i]) / TAU));
    if (vm >= THRESH) {
      vm = Math.fround(RESET);
      r = REFRACT;
      count++;
      gpu.atomicAdd(spikes, t, 1);
    }
  }
  v[i] = vm;
  refr[i] = r;
  counts[i] = count;
}`,
    grid: 2,
    block: 32,
    scope: () => ({ REST: -65, TAU: 20, THRESH: -50.5, RESET: -70.25, REFRACT: 3 }),
    args: () => {
      const [n, steps] = [50, 60];
      return [
        floats(n, 3781, (v) => -70 + (v % 200) / 10),
        Int32Array.from(randoms(n, 3782), (v) => v % 4),
        floats(n * steps, 3783, (v) => (v % 400) / 10),
        new Int32Array(steps),
        new Int32Array(n),
        steps,
      ];
    },
  },
  {
    name: 'Lucas-Lehmer tests of Mersenne numbers 2^p - 1 for p up to 31 in i64: squares reduced by (x & m) + (x >> p) twice, kept non-negative by adding m before subtracting 2',
    text: `function lucasLehmer(ps, prime, residue) {
  const i = gpu.globalIdx.x;
  if (i >= ps.length) return;
  const p = ps[i];
  const m = (1n << BigInt(p)) - 1n;
  let s = 4n;
  for (let k = 0; k < p - 2; k++) {
    let x = s * s + m - 2n;
    x = (x & m) + (x >> BigInt(p));
    x = (x & m) + (x >> BigInt(p));
    if (x >= m) x -= m;
    s = x;
  }
  prime[i] = s === 0n ? 1 : 0;
  residue[i] = s;
}`,
    grid: 1,
    block: 32,
    args: () => {
      const ps = Int32Array.from({ length: 30 }, (_, i) => i + 2);
      return [ps, new Int32Array(30), new BigInt64Array(30)];
    },
  },
  {
    name: 'smoothing taps with an off-by-one loop reading one past the end of a float tuple of weights (NaN in arithmetic, in JavaScript and here), samples with infinities and NaN, codes from s | 0 of Infinity and NaN',
    text: `function smooth(raw, out, codes) {
  const i = gpu.globalIdx.x;
  if (i >= raw.length) return;
  const W = [0.25, 0.5, 0.25];
  let s = 0;
  let t = 0;
  for (let k = 0; k <= W.length; k++) {
    const x = raw[Math.min(Math.max(i + k - 1, 0), raw.length - 1)];
    if (k < W.length) t += W[k] * x;
    s += W[k] * x;
  }
  out[i * 2] = s;
  out[i * 2 + 1] = t;
  codes[i] = (t | 0) + (s !== s ? 1000 : 0) + (t > 1e9 ? 2000 : t < -1e9 ? 3000 : t !== t ? 4000 : 0);
}`,
    grid: 1,
    block: 32,
    args: () => {
      const raw = doubles(24, 3791, (v) => ((v % 2001) - 1000) / 8);
      raw[3] = Number.POSITIVE_INFINITY;
      raw[9] = Number.NEGATIVE_INFINITY;
      raw[15] = Number.NaN;
      raw[20] = 4e9;
      return [raw, new Float64Array(48), new Int32Array(24)];
    },
  },
  {
    name: 'the first window of each row whose sum passes a limit, found by returning early from two nested loops of the kernel, NaN sums returning -2, rows that never pass left at -1',
    text: `function firstWindow(a, lim, out) {
  const r = gpu.globalIdx.x;
  if (r >= out.length) return;
  out[r] = -1;
  for (let s = 0; s < W; s++)
    for (let e = s + 1; e <= W; e++) {
      let sum = 0;
      for (let k = s; k < e; k++) sum += a[r * W + k];
      if (sum > lim[r]) {
        out[r] = s * 100 + e;
        return;
      }
      if (sum !== sum) {
        out[r] = -2;
        return;
      }
    }
}`,
    grid: 1,
    block: 16,
    scope: () => ({ W: 12 }),
    args: () => {
      const rows = 14;
      const a = doubles(rows * 12, 3801, (v) => ((v % 201) - 100) / 10);
      a[5 * 12 + 7] = Number.NaN;
      const lim = doubles(rows, 3802, (v) => (v % 300) / 10);
      lim[3] = Number.POSITIVE_INFINITY;
      lim[4] = Number.NaN;
      lim[6] = -1e9;
      return [a, lim, new Int32Array(rows)];
    },
  },
];
