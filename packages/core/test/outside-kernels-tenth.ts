// The tenth round of kernels written apart from the corpus (outside-kernels.ts runs them with
// the others), in domains and shapes the earlier rounds left out: ray tracing (a BVH walked with
// a local stack, Möller-Trumbore triangles, f32 slabs), dynamic programming (LCS by
// anti-diagonals and knapsack rows in shared memory, Smith-Waterman with affine gaps, patience
// sorting), geometry (monotone-chain hulls, winding numbers, segment intersections, Bézier
// curves, slerp), audio (envelope followers, resampling, G.711 mu-law, Q15 mixing, a one-pole
// filter), numeric methods (Clenshaw, Neumaier, Newton with early breaks, adaptive Simpson with
// an explicit stack, Romberg, LU with pivoting, Givens QR, power iteration), number theory
// (modular powers, Miller-Rabin in BigInt, a segmented sieve, SWAR bit tricks, Stein's GCD,
// GF(256), Hamming codes), calendars (civil days, Easter, Unix time), fixed point (Q16.16,
// CORDIC), automata (Brian's Brain, rule 110, HighLife, Day & Night), colour (sRGB curves, CIE
// Lab, HSL), text (tokens, hex, Luhn, IPv4, LEB128), search (N-queens, Sudoku, flood fill),
// noise and walks (Perlin, lattice random walks), Math and operator edges (** and % of special
// values, fround ties, Uint8Clamped rounding by hand), and warp and atomic idioms (match-any by
// ballots, owners by atomicMin, a wrapping CAS ring index, a Bloom filter). Each is
// deterministic under any schedule.

import { f32 } from '../src/index.js';
import type { OutsideKernel } from './outside-kernels.js';
import { randoms } from './outside-kernels-seventh.js';

// Test data of a size and seed through `f` (exported for the later rounds).
export const doubles = (n: number, seed: number, f: (v: number) => number) =>
  Float64Array.from(randoms(n, seed), f);
export const floats = (n: number, seed: number, f: (v: number) => number) =>
  Float32Array.from(randoms(n, seed), f);
export const ints = (n: number, seed: number, f: (v: number) => number) =>
  Int32Array.from(randoms(n, seed), f);
export const bytes = (n: number, seed: number, mod = 256) =>
  Uint8Array.from(randoms(n, seed), (v) => v % mod);
export const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

// Device functions of the scope, as an application's module would have them.
export const device = (text: string) => new Function(`return (${text});`)() as (...args: never[]) => unknown;

/** Spheres (x, y, z, r) and a BVH over them: node bounds (min xyz, max xyz) and [left, right, first, count]. */
const SCENE = (() => {
  const n = 40;
  const spheres = new Float64Array(n * 4);
  const r = randoms(n * 4, 1031);
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    spheres[i * 4] = ((r[i * 4] as number) % 200) / 10 - 10;
    spheres[i * 4 + 1] = ((r[i * 4 + 1] as number) % 200) / 10 - 10;
    spheres[i * 4 + 2] = ((r[i * 4 + 2] as number) % 100) / 10 + 5;
    spheres[i * 4 + 3] = ((r[i * 4 + 3] as number) % 8) / 8 + 0.25;
  }
  const bounds: number[] = [];
  const nodes: number[] = [];
  const build = (items: number[]): number => {
    const id = nodes.length / 4;
    nodes.push(0, 0, 0, 0);
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    for (const s of items)
      for (let a = 0; a < 3; a++) {
        const c = spheres[s * 4 + a] as number;
        const rad = spheres[s * 4 + 3] as number;
        lo[a] = Math.min(lo[a] as number, c - rad);
        hi[a] = Math.max(hi[a] as number, c + rad);
      }
    bounds.push(...lo, ...hi);
    if (items.length <= 2) {
      nodes[id * 4 + 2] = order.length;
      nodes[id * 4 + 3] = items.length;
      order.push(...items);
      return id;
    }
    const axis = [0, 1, 2].reduce((b, a) =>
      (hi[a] as number) - (lo[a] as number) > (hi[b] as number) - (lo[b] as number) ? a : b,
    );
    const sorted = [...items].sort(
      (p, q) => (spheres[p * 4 + axis] as number) - (spheres[q * 4 + axis] as number) || p - q,
    );
    const half = sorted.length >> 1;
    nodes[id * 4] = build(sorted.slice(0, half));
    nodes[id * 4 + 1] = build(sorted.slice(half));
    return id;
  };
  build(Array.from({ length: n }, (_, i) => i));
  // Leaves index the spheres in `order`: reorder them so each leaf's are contiguous.
  const packed = new Float64Array(n * 4);
  for (const [j, s] of order.entries()) packed.set(spheres.subarray(s * 4, s * 4 + 4), j * 4);
  return { spheres: packed, bounds: Float64Array.from(bounds), nodes: Int32Array.from(nodes) };
})();

const hitSphere = device(`function hitSphere(o, d, s, p) {
  const cx = s[p * 4] - o.x, cy = s[p * 4 + 1] - o.y, cz = s[p * 4 + 2] - o.z;
  const b = cx * d.x + cy * d.y + cz * d.z;
  const c = cx * cx + cy * cy + cz * cz - s[p * 4 + 3] * s[p * 4 + 3];
  const disc = b * b - c;
  if (disc < 0) return Infinity;
  const q = Math.sqrt(disc);
  if (b - q > 1e-9) return b - q;
  if (b + q > 1e-9) return b + q;
  return Infinity;
}`);

const fsub = device(`function fsub(a, b) {
  return [Math.fround(a[0] - b[0]), Math.fround(a[1] - b[1]), Math.fround(a[2] - b[2])];
}`);

const fcross = device(`function fcross(a, b) {
  return [
    Math.fround(Math.fround(a[1] * b[2]) - Math.fround(a[2] * b[1])),
    Math.fround(Math.fround(a[2] * b[0]) - Math.fround(a[0] * b[2])),
    Math.fround(Math.fround(a[0] * b[1]) - Math.fround(a[1] * b[0])),
  ];
}`);

const fdot = device(`function fdot(a, b) {
  return Math.fround(Math.fround(Math.fround(a[0] * b[0]) + Math.fround(a[1] * b[1])) + Math.fround(a[2] * b[2]));
}`);

/** Twice the signed area of the triangle a, b, p: > 0 when p is left of a -> b. */
const isLeft = device(`function isLeft(ax, ay, bx, by, px, py) {
  return (bx - ax) * (py - ay) - (px - ax) * (by - ay);
}`);

/** A pentagram (each point joined to the second after it): its centre is wound twice. */
const STAR = (() => {
  const pts: number[] = [];
  for (let k = 0; k < 5; k++) {
    const a = ((k * 2) % 5) * ((2 * Math.PI) / 5) + Math.PI / 2;
    pts.push(Math.round(Math.cos(a) * 100), Math.round(Math.sin(a) * 100));
  }
  return pts;
})();

/** Chebyshev coefficients of a smooth function on [-1, 1] (as a fit would give them). */
const CHEB = [
  1.2660658777520082, 1.1303182079849703, 0.2714953395340767, 0.04433684984866382, 0.005474240442093732,
  0.0005429263119139439, 0.00004497732295429515,
];

/** (a * b) mod m for a, b < m < 2^31, exact in doubles by 16-bit halves of b. */
const mulmod = device(`function mulmod(a, b, m) {
  const hi = Math.floor(b / 65536), lo = b % 65536;
  return (((a * hi) % m) * 65536 + a * lo) % m;
}`);

const powmod = device(`function powmod(base, e, m) {
  let r = 1 % m, b = base % m;
  while (e > 0) {
    if (e % 2 === 1) r = mulmod(r, b, m);
    b = mulmod(b, b, m);
    e = Math.floor(e / 2);
  }
  return r;
}`);

/** Howard Hinnant's days_from_civil, with JavaScript's floor division. */
const daysFromCivil = device(`function daysFromCivil(y, m, d) {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}`);

const civilFromDays = device(`function civilFromDays(z) {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}`);

/** CORDIC angles atan(2^-i) in Q2.29. */
const ATAN_Q29 = Int32Array.from({ length: 30 }, (_, i) => Math.round(Math.atan(2 ** -i) * 2 ** 29));

/** One generation of Brian's Brain on a torus, reading `src` and writing `dst` (0 off, 1 on, 2 dying). */
const brain = (src: string, dst: string) => `function brain(a, b, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  const c = ${src}[y * w + x];
  let on = 0;
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++) {
      if (dx === 0 && dy === 0) continue;
      on += ${src}[((y + dy + h) % h) * w + ((x + dx + w) % w)] === 1 ? 1 : 0;
    }
  ${dst}[y * w + x] = c === 1 ? 2 : c === 2 ? 0 : on === 2 ? 1 : 0;
}`;

/** sRGB's transfer curves (IEC 61966-2-1). */
const toLinear = device(`function toLinear(c) {
  return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}`);
const toSrgb = device(`function toSrgb(l) {
  return l <= 0.0031308 ? l * 12.92 : 1.055 * l ** (1 / 2.4) - 0.055;
}`);

/** Fixed-width text fields, NUL-padded, as a flat byte array. */
const fields = (width: number, texts: readonly string[]) => {
  const out = new Uint8Array(width * texts.length);
  for (const [i, t] of texts.entries()) out.set(ascii(t.slice(0, width)), i * width);
  return out;
};

/** GF(2^8) with the polynomial 0x11d: exp (doubled, to skip a % 255) and log tables. */
const GF = (() => {
  const exp = new Uint8Array(512);
  const log = new Uint8Array(256);
  let x = 1;
  for (let i = 0; i < 255; i++) {
    exp[i] = x;
    log[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) exp[i] = exp[i - 255] as number;
  return { exp, log };
})();

const hash32 = device(`function hash32(x, seed) {
  let h = Math.imul(x ^ seed, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca77);
  return (h ^ (h >>> 13)) >>> 0;
}`);

export const TENTH_ROUND: readonly OutsideKernel[] = [
  {
    name: 'BVH traversal per ray: slab tests with 1 / 0 directions (Infinity, -Infinity, NaN from 0 * Infinity), a local Int32Array stack, closest sphere',
    text: `function trace(ox, oy, oz, dx, dy, dz, bounds, nodes, spheres, hitT, hitId, visits) {
  const r = gpu.globalIdx.x;
  if (r >= ox.length) return;
  const o = { x: ox[r], y: oy[r], z: oz[r] };
  const d = { x: dx[r], y: dy[r], z: dz[r] };
  const inv = [1 / d.x, 1 / d.y, 1 / d.z];
  const org = [o.x, o.y, o.z];
  const stack = new Int32Array(32);
  let sp = 0;
  stack[sp++] = 0;
  let best = Infinity, bestId = -1, count = 0;
  while (sp > 0) {
    const n = stack[--sp];
    count++;
    let tmin = -Infinity, tmax = Infinity;
    for (let a = 0; a < 3; a++) {
      const t1 = (bounds[n * 6 + a] - org[a]) * inv[a];
      const t2 = (bounds[n * 6 + 3 + a] - org[a]) * inv[a];
      tmin = Math.max(tmin, Math.min(t1, t2));
      tmax = Math.min(tmax, Math.max(t1, t2));
    }
    // A NaN slab (a ray in the slab's plane) makes both NaN: the node is skipped, as written.
    if (!(tmax >= Math.max(tmin, 0)) || tmin >= best) continue;
    const cnt = nodes[n * 4 + 3];
    if (cnt > 0) {
      const first = nodes[n * 4 + 2];
      for (let p = first; p < first + cnt; p++) {
        const t = hitSphere(o, d, spheres, p);
        if (t < best) { best = t; bestId = p; }
      }
    } else {
      stack[sp++] = nodes[n * 4 + 1];
      stack[sp++] = nodes[n * 4];
    }
  }
  hitT[r] = best;
  hitId[r] = bestId;
  visits[r] = count;
}`,
    grid: 2,
    block: 64,
    scope: () => ({ hitSphere }),
    args: () => {
      const n = 100;
      const ox = new Float64Array(n),
        oy = new Float64Array(n),
        oz = new Float64Array(n);
      const dx = new Float64Array(n),
        dy = new Float64Array(n),
        dz = new Float64Array(n);
      const r = randoms(n * 2, 77);
      for (let i = 0; i < n; i++) {
        // A pinhole camera at the origin, some rays along axes (zero and -0 components).
        const u = ((r[i * 2] as number) % 41) / 20 - 1,
          v = ((r[i * 2 + 1] as number) % 41) / 20 - 1;
        const len = Math.sqrt(u * u + v * v + 1);
        [dx[i], dy[i], dz[i]] =
          i % 10 === 0 ? [0, -0, 1] : i % 10 === 5 ? [-0, 0, 1] : [u / len, v / len, 1 / len];
        if (i % 17 === 3) [dx[i], dy[i], dz[i]] = [0, 0, -1];
        ox[i] = i % 10 === 0 ? (SCENE.spheres[((i / 10) | 0) * 4] as number) : 0;
        oy[i] = i % 10 === 0 ? (SCENE.spheres[((i / 10) | 0) * 4 + 1] as number) : 0;
      }
      return [
        ox,
        oy,
        oz,
        dx,
        dy,
        dz,
        SCENE.bounds,
        SCENE.nodes,
        SCENE.spheres,
        new Float64Array(n),
        new Int32Array(n),
        new Int32Array(n),
      ];
    },
  },
  {
    name: 'Möller-Trumbore ray-triangle tests in f32, every step rounded by Math.fround: parallel rays, edges, hits behind the origin',
    text: `function mt(tri, orig, dir, outT, outUV, outId) {
  const r = gpu.globalIdx.x;
  if (r >= outT.length) return;
  const o = [orig[r * 3], orig[r * 3 + 1], orig[r * 3 + 2]];
  const d = [dir[r * 3], dir[r * 3 + 1], dir[r * 3 + 2]];
  let best = Infinity, bu = 0, bv = 0, id = -1;
  for (let t = 0; t < tri.length / 9; t++) {
    const v0 = [tri[t * 9], tri[t * 9 + 1], tri[t * 9 + 2]];
    const e1 = fsub([tri[t * 9 + 3], tri[t * 9 + 4], tri[t * 9 + 5]], v0);
    const e2 = fsub([tri[t * 9 + 6], tri[t * 9 + 7], tri[t * 9 + 8]], v0);
    const p = fcross(d, e2);
    const det = fdot(e1, p);
    if (Math.abs(det) < EPS) continue;
    const inv = Math.fround(1 / det);
    const s = fsub(o, v0);
    const u = Math.fround(fdot(s, p) * inv);
    if (u < 0 || u > 1) continue;
    const q = fcross(s, e1);
    const v = Math.fround(fdot(d, q) * inv);
    if (v < 0 || Math.fround(u + v) > 1) continue;
    const dist = Math.fround(fdot(e2, q) * inv);
    if (dist > EPS && dist < best) { best = dist; bu = u; bv = v; id = t; }
  }
  outT[r] = best;
  outUV[r * 2] = bu;
  outUV[r * 2 + 1] = bv;
  outId[r] = id;
}`,
    grid: 2,
    block: 32,
    scope: () => ({ fsub, fcross, fdot, EPS: Math.fround(1e-6) }),
    args: () => {
      const nt = 24,
        nr = 60;
      const tri = floats(nt * 9, 211, (v) => (v % 161) / 16 - 5);
      // One triangle in the plane z = 3 that the axis rays graze edge-on, one facing them.
      tri.set([-1, 0, 3, 1, 0, 3, 0, 0, 5], 0);
      tri.set([-2, -2, 4, 2, -2, 4, 0, 2, 4], 9);
      const orig = floats(nr * 3, 212, (v) => (v % 21) / 4 - 2.5);
      const dir = floats(nr * 3, 213, (v) => (v % 33) / 16 - 1);
      for (let i = 0; i < nr; i += 7) dir.set([0, 0, 1], i * 3);
      for (let i = 3; i < nr; i += 11) dir.set([0, 0, -1], i * 3);
      return [tri, orig, dir, new Float32Array(nr), new Float32Array(nr * 2), new Int32Array(nr)];
    },
  },
  {
    name: 'LCS lengths by anti-diagonals in one block per pair: a shared Int16Array table, a barrier per diagonal, strings of unequal lengths',
    text: `function lcs(a, b, lenA, lenB, out) {
  const p = gpu.blockIdx.x, i = gpu.threadIdx.x + 1;
  const T = gpu.sharedArray(Int16Array, 65 * 65);
  for (let k = gpu.threadIdx.x; k < 65 * 65; k += gpu.blockDim.x) T[k] = 0;
  gpu.barrier();
  const m = lenA[p], n = lenB[p];
  for (let d = 2; d <= 128; d++) {
    const j = d - i;
    if (i <= m && j >= 1 && j <= n) {
      const up = T[(i - 1) * 65 + j], left = T[i * 65 + j - 1];
      T[i * 65 + j] = a[p * 64 + i - 1] === b[p * 64 + j - 1] ? T[(i - 1) * 65 + j - 1] + 1 : Math.max(up, left);
    }
    gpu.barrier();
  }
  if (i === 1) out[p * 2] = T[m * 65 + n];
  // The length of the LCS of the first half of a with all of b, read from the same table.
  if (i === 2) out[p * 2 + 1] = T[(m >> 1) * 65 + n];
}`,
    grid: 5,
    block: 64,
    args: () => [
      bytes(5 * 64, 301, 4),
      bytes(5 * 64, 302, 4),
      Int32Array.of(64, 1, 37, 0, 50),
      Int32Array.of(64, 64, 12, 9, 50),
      new Int32Array(10),
    ],
  },
  {
    name: '0/1 knapsack per block: capacities across threads, two rows in shared memory swapped by parity, items of weight 0 and past the capacity',
    text: `function knapsack(w, v, counts, best) {
  const inst = gpu.blockIdx.x, c = gpu.threadIdx.x;
  const rows = gpu.sharedArray(Int32Array, 2 * 256);
  rows[c] = 0;
  gpu.barrier();
  const n = counts[inst];
  let cur = 0;
  for (let it = 0; it < n; it++) {
    const wi = w[inst * 16 + it], vi = v[inst * 16 + it];
    const prev = rows[cur * 256 + c];
    const take = c >= wi ? rows[cur * 256 + c - wi] + vi : prev;
    rows[(cur ^ 1) * 256 + c] = Math.max(prev, take);
    cur ^= 1;
    gpu.barrier();
  }
  best[inst * 256 + c] = rows[cur * 256 + c];
}`,
    grid: 3,
    block: 256,
    args: () => {
      const w = ints(48, 401, (x) => (x % 60) + 1);
      w[3] = 0;
      w[20] = 300;
      return [w, ints(48, 402, (x) => x % 100), Int32Array.of(16, 7, 0), new Int32Array(3 * 256)];
    },
  },
  {
    name: 'Smith-Waterman local alignment with affine gaps (Gotoh) per thread: local Int16Array rows, scores destructured from a scope record',
    text: `function sw(q, t, ql, tl, score, endPos) {
  const p = gpu.globalIdx.x;
  if (p >= ql.length) return;
  const { match, mismatch, open, extend } = SCORES;
  const m = ql[p], n = tl[p];
  const H = new Int16Array(49), E = new Int16Array(49);
  for (let j = 0; j <= n; j++) E[j] = -1000;
  let best = 0, bi = 0, bj = 0;
  for (let i = 1; i <= m; i++) {
    let diag = 0, F = -1000;
    for (let j = 1; j <= n; j++) {
      E[j] = Math.max(E[j] - extend, H[j] - open);
      F = Math.max(F - extend, H[j - 1] - open);
      const s = q[p * 32 + i - 1] === t[p * 48 + j - 1] ? match : mismatch;
      const h = Math.max(0, diag + s, E[j], F);
      diag = H[j];
      H[j] = h;
      if (h > best) { best = h; bi = i; bj = j; }
    }
  }
  score[p] = best;
  endPos[p * 2] = bi;
  endPos[p * 2 + 1] = bj;
}`,
    grid: 1,
    block: 24,
    scope: () => ({ SCORES: { match: 3, mismatch: -2, open: 5, extend: 1 } }),
    args: () => {
      const q = bytes(24 * 32, 411, 4);
      const t = bytes(24 * 48, 412, 4);
      // Some targets hold their query with a gap or a substitution.
      for (let p = 0; p < 24; p += 3)
        for (let i = 0; i < 20; i++) t[p * 48 + 10 + i + (i >= 10 ? 2 : 0)] = q[p * 32 + i] as number;
      return [
        q,
        t,
        ints(24, 413, (x) => 1 + (x % 32)),
        ints(24, 414, (x) => x % 49),
        new Int32Array(24),
        new Int32Array(48),
      ];
    },
  },
  {
    name: 'longest increasing subsequence by patience sorting per thread: binary search into a local Float64Array, -0 against 0, NaN and infinities in the input',
    text: `function lis(x, len, out) {
  const p = gpu.globalIdx.x;
  if (p >= out.length) return;
  const tails = new Float64Array(40);
  let size = 0;
  for (let k = 0; k < len; k++) {
    const v = x[p * len + k];
    let lo = 0, hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (tails[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = v;
    if (lo === size) size++;
  }
  out[p] = size;
}`,
    grid: 1,
    block: 40,
    args: () => {
      const len = 40;
      const x = doubles(40 * len, 421, (v) => (v % 50) - 25);
      for (let i = 0; i < x.length; i += 13) x[i] = i % 2 ? -0 : 0;
      for (let i = 5; i < x.length; i += 97) x[i] = Number.NaN;
      for (let i = 9; i < x.length; i += 71) x[i] = i % 2 ? Infinity : -Infinity;
      for (let k = 0; k < len; k++) x[k] = k; // strictly increasing
      for (let k = 0; k < len; k++) x[len + k] = -k; // strictly decreasing
      return [x, len, new Int32Array(40)];
    },
  },
  {
    name: 'convex hulls by the monotone chain per thread: points sorted by insertion in local arrays, collinear and repeated points, twice the area by the shoelace',
    text: `function hull(px, py, size, area2) {
  const t = gpu.globalIdx.x;
  if (t >= size.length) return;
  const n = 12;
  const xs = new Int32Array(12), ys = new Int32Array(12);
  for (let i = 0; i < n; i++) {
    const x = px[t * n + i], y = py[t * n + i];
    let j = i - 1;
    while (j >= 0 && (xs[j] > x || (xs[j] === x && ys[j] > y))) {
      xs[j + 1] = xs[j];
      ys[j + 1] = ys[j];
      j--;
    }
    xs[j + 1] = x;
    ys[j + 1] = y;
  }
  const hx = new Int32Array(25), hy = new Int32Array(25);
  let k = 0;
  for (let i = 0; i < n; i++) {
    while (k >= 2 && isLeft(hx[k - 2], hy[k - 2], hx[k - 1], hy[k - 1], xs[i], ys[i]) <= 0) k--;
    hx[k] = xs[i]; hy[k] = ys[i]; k++;
  }
  for (let i = n - 2, lower = k + 1; i >= 0; i--) {
    while (k >= lower && isLeft(hx[k - 2], hy[k - 2], hx[k - 1], hy[k - 1], xs[i], ys[i]) <= 0) k--;
    hx[k] = xs[i]; hy[k] = ys[i]; k++;
  }
  k--; // the first point closes the chain
  let a = 0;
  for (let i = 0; i < k; i++) {
    const j = i + 1 === k ? 0 : i + 1;
    a += hx[i] * hy[j] - hx[j] * hy[i];
  }
  size[t] = k;
  area2[t] = a;
}`,
    grid: 1,
    block: 32,
    scope: () => ({ isLeft }),
    args: () => {
      const px = ints(32 * 12, 431, (v) => (v % 21) - 10);
      const py = ints(32 * 12, 432, (v) => (v % 21) - 10);
      // All on a line, all equal, and a square with points on its edges.
      for (let i = 0; i < 12; i++) [px[i], py[i]] = [i - 6, 2 * i - 12];
      for (let i = 12; i < 24; i++) [px[i], py[i]] = [3, -4];
      for (let i = 24; i < 36; i++)
        [px[i], py[i]] = [
          [0, 4, 4, 0, 2, 4, 2, 0, 2, 1, 3, 4][i - 24] as number,
          [0, 0, 4, 4, 0, 2, 4, 2, 2, 0, 4, 1][i - 24] as number,
        ];
      return [px, py, new Int32Array(32), new Int32Array(32)];
    },
  },
  {
    name: "winding numbers of points against a pentagram (Sunday's crossing rule): the centre wound twice, points on vertices and edges",
    text: `function winding(px, py, wn) {
  const i = gpu.globalIdx.x;
  if (i >= wn.length) return;
  const x = px[i], y = py[i];
  let w = 0;
  const n = STAR.length >> 1; // STAR.length / 2 is f64, refused as an index (bad-index)
  for (let e = 0; e < n; e++) {
    const f = e + 1 === n ? 0 : e + 1;
    const ax = STAR[e * 2], ay = STAR[e * 2 + 1], bx = STAR[f * 2], by = STAR[f * 2 + 1];
    if (ay <= y) {
      if (by > y && isLeft(ax, ay, bx, by, x, y) > 0) ++w;
    } else if (by <= y && isLeft(ax, ay, bx, by, x, y) < 0) --w;
  }
  wn[i] = w;
}`,
    grid: 2,
    block: 64,
    scope: () => ({ isLeft, STAR }),
    args: () => {
      const n = 128;
      const px = ints(n, 441, (v) => (v % 241) - 120);
      const py = ints(n, 442, (v) => (v % 241) - 120);
      for (let k = 0; k < 5; k++) [px[k], py[k]] = [STAR[k * 2] as number, STAR[k * 2 + 1] as number];
      [px[5], py[5]] = [0, 0];
      [px[6], py[6]] = [1, -3];
      return [px, py, new Int32Array(n)];
    },
  },
  {
    name: 'segment intersection per pair by integer orientations: proper crossings with the point as an f64 fraction, touching ends, collinear overlaps',
    text: `function cross(seg, kind, at) {
  const p = gpu.globalIdx.x;
  if (p * 8 >= seg.length) return;
  const [x1, y1, x2, y2, x3, y3, x4, y4] = [seg[p * 8], seg[p * 8 + 1], seg[p * 8 + 2], seg[p * 8 + 3], seg[p * 8 + 4], seg[p * 8 + 5], seg[p * 8 + 6], seg[p * 8 + 7]];
  const d1 = Math.sign(isLeft(x3, y3, x4, y4, x1, y1));
  const d2 = Math.sign(isLeft(x3, y3, x4, y4, x2, y2));
  const d3 = Math.sign(isLeft(x1, y1, x2, y2, x3, y3));
  const d4 = Math.sign(isLeft(x1, y1, x2, y2, x4, y4));
  let k = 0;
  if (d1 * d2 < 0 && d3 * d4 < 0) k = 1;
  else if (d1 === 0 && d2 === 0 && d3 === 0) {
    // Collinear: overlap of the projections on the longer axis.
    const ax = Math.abs(x2 - x1) >= Math.abs(y2 - y1);
    const a0 = Math.min(ax ? x1 : y1, ax ? x2 : y2), a1 = Math.max(ax ? x1 : y1, ax ? x2 : y2);
    const b0 = Math.min(ax ? x3 : y3, ax ? x4 : y4), b1 = Math.max(ax ? x3 : y3, ax ? x4 : y4);
    k = Math.max(a0, b0) <= Math.min(a1, b1) ? 3 : 0;
  } else if ((d1 === 0 || d2 === 0 || d3 === 0 || d4 === 0) && d1 * d2 <= 0 && d3 * d4 <= 0) k = 2;
  kind[p] = k;
  const den = (x1 - x2) * (y3 - y4) - (y1 - y2) * (x3 - x4);
  const tn = (x1 - x3) * (y3 - y4) - (y1 - y3) * (x3 - x4);
  at[p * 2] = k === 1 ? x1 + (tn / den) * (x2 - x1) : NaN;
  at[p * 2 + 1] = k === 1 ? y1 + (tn / den) * (y2 - y1) : -0;
}`,
    grid: 1,
    block: 64,
    scope: () => ({ isLeft }),
    args: () => {
      const seg = ints(64 * 8, 451, (v) => (v % 17) - 8);
      seg.set([0, 0, 4, 4, 0, 4, 4, 0], 0); // proper, at (2, 2)
      seg.set([0, 0, 4, 4, 4, 4, 8, 0], 8); // touching ends
      seg.set([0, 0, 4, 0, 2, 0, 9, 0], 16); // collinear overlap
      seg.set([0, 0, 4, 0, 5, 0, 9, 0], 24); // collinear apart
      seg.set([0, 0, 0, 0, 0, 0, 0, 0], 32); // two points, the same
      seg.set([0, 0, 4, 4, 2, 2, 5, -1], 40); // an end on the other's interior
      return [seg, new Int32Array(64), new Float64Array(128)];
    },
  },
  {
    name: 'an envelope follower per channel in f64: attack and release coefficients by Math.exp of the scope times, |x| rectified, state across samples',
    text: `function follow(x, env, channels, frames) {
  const c = gpu.globalIdx.x;
  if (c >= channels) return;
  const a = Math.exp(-1 / (ATTACK_MS * 0.001 * RATE));
  const r = Math.exp(-1 / (RELEASE_MS * 0.001 * RATE));
  let e = 0;
  for (let n = 0; n < frames; n++) {
    const v = Math.abs(x[n * channels + c]);
    e = v > e ? a * e + (1 - a) * v : r * e + (1 - r) * v;
    env[n * channels + c] = e;
  }
}`,
    grid: 1,
    block: 8,
    scope: () => ({ ATTACK_MS: 5, RELEASE_MS: 50, RATE: 8000 }),
    args: () => {
      const ch = 6,
        frames = 200;
      const x = new Float32Array(ch * frames);
      for (let n = 0; n < frames; n++)
        for (let c = 0; c < ch; c++)
          x[n * ch + c] = (n > 40 && n < 120 ? 0.8 : 0.05) * Math.sin((n * (c + 1)) / 3) * (c === 5 ? -1 : 1);
      return [x, new Float64Array(ch * frames), ch, frames];
    },
    ulps: 4,
  },
  {
    name: 'a linear resampler from 44.1 to 48 kHz in f64: a fractional read position, Math.floor, the sample after the last read by ?? as the last',
    text: `function resample(x, y) {
  const j = gpu.globalIdx.x;
  if (j >= y.length) return;
  const pos = j * (44100 / 48000);
  const i = Math.floor(pos) | 0; // an i32: Math.floor's f64 would index too, computing in f64
  const frac = pos - i;
  const a = x[i];
  const b = x[i + 1] ?? a;
  y[j] = a + frac * (b - a);
}`,
    grid: 3,
    block: 64,
    args: () => {
      const n = 160;
      const x = doubles(n, 461, (v) => (v % 2001) / 1000 - 1);
      return [x, new Float64Array(Math.ceil((n * 48000) / 44100))];
    },
  },
  {
    name: 'G.711 mu-law encoding of Int16 PCM and decoding back: bias 0x84, a clip at 32635, the exponent by a loop, bytes inverted by ~',
    text: `function mulaw(pcm, code, back) {
  const i = gpu.globalIdx.x;
  if (i >= pcm.length) return;
  let s = pcm[i];
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  if (s > 32635) s = 32635;
  s += 0x84;
  let exp = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exp > 0; mask >>= 1) exp--;
  const mant = (s >> (exp + 3)) & 0x0f;
  const u = ~(sign | (exp << 4) | mant) & 0xff;
  code[i] = u;
  const v = ~u & 0xff;
  const t = (((v & 0x0f) << 3) + 0x84) << ((v & 0x70) >> 4);
  back[i] = v & 0x80 ? 0x84 - t : t - 0x84;
}`,
    grid: 2,
    block: 128,
    args: () => {
      const pcm = Int16Array.from(randoms(256, 471), (v) => v & 0xffff);
      pcm.set([0, -1, 1, -32768, 32767, 32635, 32636, -32635, 0x84, -0x84, 30, -31], 0);
      return [pcm, new Uint8Array(256), new Int16Array(256)];
    },
  },
  {
    name: 'Q15 mixing of two Int16 streams with gains: products summed past 2^31 wrap as >> does, rounding by 0x4000, saturation to Int16',
    text: `function mix(a, b, gains, y) {
  const i = gpu.globalIdx.x;
  if (i >= y.length) return;
  const g1 = gains[0], g2 = gains[1];
  const acc = ((a[i] * g1 + b[i] * g2 + 0x4000) >> 15);
  y[i] = acc > 32767 ? 32767 : acc < -32768 ? -32768 : acc;
}`,
    grid: 2,
    block: 64,
    args: () => {
      const a = Int16Array.from(randoms(128, 481), (v) => v & 0xffff);
      const b = Int16Array.from(randoms(128, 482), (v) => v & 0xffff);
      a.set([-32768, -32768, 32767, 32767, 0, -32768], 0);
      b.set([-32768, 32767, 32767, -32768, -32768, 0], 0);
      return [a, b, Int16Array.of(-32768, -32768), new Int16Array(128)];
    },
  },
  {
    name: 'Clenshaw recurrences in f64: a Chebyshev series from a scope tuple on [a, b] and its derivative series, x at the ends and outside',
    text: `function cheb(x, a, b, f, df) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const t = (2 * x[i] - a - b) / (b - a);
  let b1 = 0, b2 = 0;
  for (let k = C.length - 1; k >= 1; k--) {
    const b0 = 2 * t * b1 - b2 + C[k];
    b2 = b1;
    b1 = b0;
  }
  f[i] = t * b1 - b2 + C[0];
  // The derivative's coefficients by the backward recurrence c'[k-1] = c'[k+1] + 2k c[k].
  const d = new Float64Array(8);
  for (let k = C.length - 1; k >= 1; k--) d[k - 1] = d[k + 1] + 2 * k * C[k];
  let e1 = 0, e2 = 0;
  for (let k = C.length - 2; k >= 1; k--) {
    const e0 = 2 * t * e1 - e2 + d[k];
    e2 = e1;
    e1 = e0;
  }
  df[i] = (t * e1 - e2 + d[0] / 2) * (2 / (b - a));
}`,
    grid: 1,
    block: 64,
    scope: () => ({ C: CHEB }),
    args: () => {
      const x = doubles(64, 501, (v) => (v % 4001) / 1000 - 1);
      x.set([-1, 3, 1, -0, 7, -5, Number.NaN, Infinity], 0);
      return [x, -1, 3, new Float64Array(64), new Float64Array(64)];
    },
  },
  {
    name: 'Neumaier and Kahan sums against a naive sum in f64: rows with 1e100 cancelling, compensations kept per row',
    text: `function sums(x, cols, naive, kahan, neumaier) {
  const r = gpu.globalIdx.x;
  if (r >= naive.length) return;
  let s = 0, ks = 0, kc = 0, ns = 0, nc = 0;
  for (let j = 0; j < cols; j++) {
    const v = x[r * cols + j];
    s += v;
    const y = v - kc;
    const t = ks + y;
    kc = (t - ks) - y;
    ks = t;
    const u = ns + v;
    if (Math.abs(ns) >= Math.abs(v)) nc += (ns - u) + v;
    else nc += (v - u) + ns;
    ns = u;
  }
  naive[r] = s;
  kahan[r] = ks;
  neumaier[r] = ns + nc;
}`,
    grid: 1,
    block: 16,
    args: () => {
      const cols = 24;
      const x = doubles(16 * cols, 511, (v) => ((v % 2001) - 1000) / 7);
      x.set([1, 1e100, 1, -1e100], 0);
      for (let j = 0; j < cols; j++) x[cols + j] = j % 2 ? 1e-16 : 1;
      x.set([1e308, 1e308, -1e308, -1e308], 2 * cols);
      x.set([0.1, 0.2, 0.3, -0.6, 3, -3], 3 * cols);
      return [x, cols, new Float64Array(16), new Float64Array(16), new Float64Array(16)];
    },
  },
  {
    name: "Newton's method with early breaks in f64: Wallis's cubic, square roots, a double root that converges slowly, a zero derivative giving Infinity",
    text: `function newton(starts, kinds, root, steps) {
  const i = gpu.globalIdx.x;
  if (i >= root.length) return;
  let x = starts[i];
  const kind = kinds[i];
  let n = 0;
  for (; n < 60; n++) {
    let f, df;
    switch (kind) {
      case 0: f = (x * x - 2) * x - 5; df = 3 * x * x - 2; break;
      case 1: f = x * x - 612; df = 2 * x; break;
      default: f = (x - 1) * (x - 1) * (x + 2); df = (x - 1) * (3 * x + 3);
    }
    const dx = f / df;
    if (!Number.isFinite(dx)) { x = dx; break; }
    x -= dx;
    if (Math.abs(dx) <= 1e-15 * Math.abs(x)) break;
  }
  root[i] = x;
  steps[i] = n;
}`,
    grid: 1,
    block: 32,
    args: () => {
      const starts = doubles(32, 521, (v) => (v % 201) / 10 - 10);
      starts.set([2, 0, 10, -10, Math.sqrt(2 / 3), 1, -1, 0.5], 0);
      return [starts, ints(32, 522, (v) => v % 3), new Float64Array(32), new Int32Array(32)];
    },
  },
  {
    name: 'adaptive Simpson integration with an explicit stack of intervals in a local Float64Array: rational integrands, a depth limit, evaluation counts',
    text: `function simpson(lo, hi, which, tol, out, evals) {
  const i = gpu.globalIdx.x;
  if (i >= out.length) return;
  const w = which[i];
  const st = new Float64Array(8 * 16);
  let count = 0, total = 0;
  const a0 = lo[i], b0 = hi[i];
  const fa0 = f(w, a0), fb0 = f(w, b0), fm0 = f(w, (a0 + b0) / 2);
  count += 3;
  st[0] = a0; st[1] = b0; st[2] = fa0; st[3] = fm0; st[4] = fb0;
  st[5] = ((b0 - a0) / 6) * (fa0 + 4 * fm0 + fb0); st[6] = tol[i]; st[7] = 0;
  let sp = 1;
  while (sp > 0) {
    sp--;
    const b = sp * 8;
    const a = st[b], c = st[b + 1], fa = st[b + 2], fm = st[b + 3], fc = st[b + 4], whole = st[b + 5], eps = st[b + 6], depth = st[b + 7];
    const m = (a + c) / 2, lm = (a + m) / 2, rm = (m + c) / 2;
    const flm = f(w, lm), frm = f(w, rm);
    count += 2;
    const left = ((m - a) / 6) * (fa + 4 * flm + fm), right = ((c - m) / 6) * (fm + 4 * frm + fc);
    const delta = left + right - whole;
    if (depth >= MAX_DEPTH || Math.abs(delta) <= 15 * eps) {
      total += left + right + delta / 15;
      continue;
    }
    // Right half first, so the left is popped (summed) first, as recursion would.
    // (A tuple of tuples takes constant indices only: bad-index at halves[h][q].)
    for (let h = 0; h < 2; h++) {
      const half = h === 0 ? [m, c, fm, frm, fc, right] : [a, m, fa, flm, fm, left];
      for (let q = 0; q < 6; q++) st[sp * 8 + q] = half[q];
      st[sp * 8 + 6] = eps / 2;
      st[sp * 8 + 7] = depth + 1;
      sp++;
    }
  }
  out[i] = total;
  evals[i] = count;
}`,
    grid: 1,
    block: 12,
    scope: () => ({
      MAX_DEPTH: 12,
      f: device(`function f(w, x) {
  if (w === 0) return 4 / (1 + x * x);
  if (w === 1) return 1 / x;
  return x * x * x * x - 3 * x * x + 1 / (0.01 + (x - 0.3) * (x - 0.3));
}`),
    }),
    args: () => [
      Float64Array.of(0, 1, -1, 0, 0.1, 1, 0, -2, 5, 0, 1, 0),
      Float64Array.of(1, 2, 1, 1, 10, 1e3, 2, 2, 5, 1, -1, 1),
      Int32Array.of(0, 1, 2, 2, 1, 1, 0, 0, 0, 2, 0, 0),
      Float64Array.of(1e-10, 1e-8, 1e-6, 1e-12, 1e-9, 1e-7, 1e-10, 1e-3, 1e-9, 0, 1e-9, 1e-4),
      new Float64Array(12),
      new Int32Array(12),
    ],
  },
  {
    name: 'Romberg integration per thread: a local Float64Array tableau, trapezoid refinements by halving, Richardson with 4 ** k, 4 / (1 + x * x) and a cubic',
    text: `function romberg(lo, hi, levels, out) {
  const i = gpu.globalIdx.x;
  if (i >= out.length) return;
  const a = lo[i], b = hi[i];
  const R = new Float64Array(64);
  let h = b - a;
  R[0] = (h / 2) * (F(a, i) + F(b, i));
  const n = levels[i];
  for (let k = 1; k < n; k++) {
    h /= 2;
    let s = 0;
    for (let j = 1; j < 2 ** k; j += 2) s += F(a + j * h, i);
    R[k * 8] = R[(k - 1) * 8] / 2 + h * s;
    for (let m = 1; m <= k; m++) {
      const p = 4 ** m;
      R[k * 8 + m] = (p * R[k * 8 + m - 1] - R[(k - 1) * 8 + m - 1]) / (p - 1);
    }
  }
  out[i] = R[(n - 1) * 8 + n - 1];
}`,
    grid: 1,
    block: 8,
    scope: () => ({
      F: device(`function F(x, i) {
  return i % 2 === 0 ? 4 / (1 + x * x) : ((x - 1) * x + 0.5) * x;
}`),
    }),
    args: () => [
      Float64Array.of(0, 0, -1, 2, 0, 0, 3, -3),
      Float64Array.of(1, 1, 1, 1, 0, 5, 3, 3),
      Int32Array.of(8, 1, 5, 8, 3, 2, 4, 7),
      new Float64Array(8),
    ],
  },
  {
    name: 'LU with partial pivoting per thread (4x4 in a local Float64Array): row swaps counted into the determinant sign, a solve, singular systems',
    text: `function lu(A, b, x, det) {
  const t = gpu.globalIdx.x;
  if (t >= det.length) return;
  const M = new Float64Array(16), piv = new Int32Array(4), y = new Float64Array(4);
  for (let k = 0; k < 16; k++) M[k] = A[t * 16 + k];
  for (let k = 0; k < 4; k++) piv[k] = k;
  let sign = 1;
  for (let c = 0; c < 4; c++) {
    let p = c, big = Math.abs(M[c * 4 + c]);
    for (let r = c + 1; r < 4; r++) {
      const v = Math.abs(M[r * 4 + c]);
      if (v > big) { big = v; p = r; }
    }
    if (p !== c) {
      for (let k = 0; k < 4; k++) {
        const tmp = M[c * 4 + k];
        M[c * 4 + k] = M[p * 4 + k];
        M[p * 4 + k] = tmp;
      }
      const q = piv[c]; piv[c] = piv[p]; piv[p] = q;
      sign = -sign;
    }
    for (let r = c + 1; r < 4; r++) {
      const l = (M[r * 4 + c] /= M[c * 4 + c]);
      for (let k = c + 1; k < 4; k++) M[r * 4 + k] -= l * M[c * 4 + k];
    }
  }
  let d = sign;
  for (let c = 0; c < 4; c++) d *= M[c * 4 + c];
  det[t] = d;
  for (let r = 0; r < 4; r++) {
    let s = b[t * 4 + piv[r]];
    for (let k = 0; k < r; k++) s -= M[r * 4 + k] * y[k];
    y[r] = s;
  }
  for (let r = 3; r >= 0; r--) {
    let s = y[r];
    for (let k = r + 1; k < 4; k++) s -= M[r * 4 + k] * x[t * 4 + k];
    x[t * 4 + r] = s / M[r * 4 + r];
  }
}`,
    grid: 1,
    block: 16,
    args: () => {
      const A = doubles(16 * 16, 601, (v) => (v % 19) - 9);
      A.set([0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0, 0, 4, 0], 0); // a permutation times a diagonal
      A.set([1, 2, 3, 4, 2, 4, 6, 8, 1, 0, 0, 1, 0, 1, 1, 0], 16); // singular
      A.set([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 32); // zero
      return [A, doubles(64, 602, (v) => (v % 11) - 5), new Float64Array(64), new Float64Array(16)];
    },
  },
  {
    name: 'QR of 3x3 matrices by Givens rotations per thread: Math.sqrt of sums of squares for r, c and s, zeros skipped, R and Q^T b in place',
    text: `function givens(A, b, R, qtb) {
  const t = gpu.globalIdx.x;
  if (t >= b.length / 3) return;
  const M = new Float64Array(9), v = new Float64Array(3);
  for (let k = 0; k < 9; k++) M[k] = A[t * 9 + k];
  for (let k = 0; k < 3; k++) v[k] = b[t * 3 + k];
  for (let c = 0; c < 2; c++) {
    for (let r = 2; r > c; r--) {
      const x = M[(r - 1) * 3 + c], y = M[r * 3 + c];
      if (y === 0) continue;
      const h = Math.sqrt(x * x + y * y); // Math.hypot is within 2 ulps of JavaScript's only
      const cs = x / h, sn = y / h;
      for (let k = 0; k < 3; k++) {
        const p = M[(r - 1) * 3 + k], q = M[r * 3 + k];
        M[(r - 1) * 3 + k] = cs * p + sn * q;
        M[r * 3 + k] = -sn * p + cs * q;
      }
      const p = v[r - 1], q = v[r];
      v[r - 1] = cs * p + sn * q;
      v[r] = -sn * p + cs * q;
    }
  }
  for (let k = 0; k < 9; k++) R[t * 9 + k] = M[k];
  for (let k = 0; k < 3; k++) qtb[t * 3 + k] = v[k];
}`,
    grid: 1,
    block: 16,
    args: () => {
      const A = doubles(16 * 9, 611, (v) => (v % 13) - 6);
      A.set([1, 2, 3, 0, 4, 5, 0, 0, 6], 0); // already upper triangular
      A.set([0, 1, 1, 0, 2, 2, 3, 0, 1], 9); // a zero pivot
      return [A, doubles(48, 612, (v) => (v % 7) - 3), new Float64Array(16 * 9), new Float64Array(48)];
    },
  },
  {
    name: 'power iteration for the dominant eigenvalue of symmetric 3x3 matrices: normalised by Math.sqrt, a Rayleigh quotient, a break on convergence',
    text: `function power(A, lambda, iters) {
  const t = gpu.globalIdx.x;
  if (t >= lambda.length) return;
  let [x, y, z] = [1, 1, 1];
  let prev = 0, l = 0, it = 0;
  for (; it < 500; it++) {
    const a = A[t * 9] * x + A[t * 9 + 1] * y + A[t * 9 + 2] * z;
    const b = A[t * 9 + 3] * x + A[t * 9 + 4] * y + A[t * 9 + 5] * z;
    const c = A[t * 9 + 6] * x + A[t * 9 + 7] * y + A[t * 9 + 8] * z;
    l = x * a + y * b + z * c;
    const n = Math.sqrt(a * a + b * b + c * c);
    if (n === 0) break;
    x = a / n; y = b / n; z = c / n;
    if (Math.abs(l - prev) <= 1e-13 * Math.abs(l)) break;
    prev = l;
  }
  lambda[t] = l;
  iters[t] = it;
}`,
    grid: 1,
    block: 16,
    args: () => {
      const A = new Float64Array(16 * 9);
      const r = randoms(16 * 9, 621);
      for (let t = 0; t < 16; t++)
        for (let i = 0; i < 3; i++)
          for (let j = i; j < 3; j++) {
            const v = ((r[t * 9 + i * 3 + j] as number) % 21) - 10;
            A[t * 9 + i * 3 + j] = v;
            A[t * 9 + j * 3 + i] = v;
          }
      A.set([2, 0, 0, 0, 2, 0, 0, 0, 1], 0); // a repeated dominant eigenvalue
      A.set([0, 0, 0, 0, 0, 0, 0, 0, 0], 9); // zero
      A.set([1, 0, 0, 0, -1, 0, 0, 0, 0.5], 18); // +1 and -1: no convergence
      return [A, new Float64Array(16), new Int32Array(16)];
    },
  },
  {
    name: 'modular powers mod primes below 2^31 in doubles (mulmod by 16-bit halves) against powers mod 2^32 by Math.imul, Fermat tests to base 2',
    text: `function powers(n, e, fermat, wrapped) {
  const i = gpu.globalIdx.x;
  if (i >= n.length) return;
  const m = n[i];
  fermat[i] = m > 2 && powmod(2, m - 1, m) === 1 ? 1 : 0;
  let r = 1, b = m, k = e[i];
  while (k !== 0) {
    if (k & 1) r = Math.imul(r, b);
    b = Math.imul(b, b);
    k >>>= 1;
  }
  wrapped[i] = r;
}`,
    grid: 1,
    block: 64,
    scope: () => ({ mulmod, powmod }),
    args: () => {
      const n = Uint32Array.from(randoms(64, 631), (v) => (v >>> 1) | 1);
      n.set(
        [2147483647, 2147483629, 561, 1105, 341, 3, 4, 1, 65537, 2147483646, 1000000007, 4294967295 >>> 1],
        0,
      );
      return [n, Uint32Array.from(randoms(64, 632)), new Uint8Array(64), new Uint32Array(64)];
    },
  },
  {
    name: 'Miller-Rabin in BigUint64 for u32 candidates: d and s by shifts of BigInts, products mod n below 2^64, witnesses 2, 3, 5 and 7',
    text: `function millerRabin(cands, prime) {
  const i = gpu.globalIdx.x;
  if (i >= cands.length) return;
  const n = cands[i];
  let verdict = 1;
  if (n < 2n) verdict = 0;
  else if (n < 4n) verdict = 1;
  else if ((n & 1n) === 0n) verdict = 0;
  else {
    let d = n - 1n, s = 0;
    while ((d & 1n) === 0n) { d >>= 1n; s++; }
    const bases = [2n, 3n, 5n, 7n];
    witness: for (let k = 0; k < 4; k++) {
      // The tuple's literals are i64 and n is u64: i64 % u64 is a type-mismatch, so convert.
      const a = BigInt.asUintN(64, bases[k]) % n;
      if (a === 0n) continue;
      let x = 1n, b = a, e = d;
      while (e > 0n) {
        if (e & 1n) x = (x * b) % n;
        b = (b * b) % n;
        e >>= 1n;
      }
      if (x === 1n || x === n - 1n) continue;
      for (let r = 1; r < s; r++) {
        x = (x * x) % n;
        if (x === n - 1n) continue witness;
      }
      verdict = 0;
      break;
    }
  }
  prime[i] = verdict;
}`,
    grid: 2,
    block: 64,
    args: () => {
      const c = BigUint64Array.from(randoms(128, 641), (v) => BigInt((v | 1) >>> 0));
      c.set(
        [
          0n,
          1n,
          2n,
          3n,
          4n,
          5n,
          9n,
          561n,
          2047n,
          1373653n,
          25326001n,
          3215031751n,
          4294967291n,
          4294967295n,
          2147483647n,
          7n,
        ],
        0,
      );
      return [c, new Uint8Array(128)];
    },
  },
  {
    name: 'SWAR popcount, bit reversal by swapped masks and parity by folding, by hand in u32, against gpu.popcount: 0, all ones and the sign bit',
    text: `function bits(x, pc, rev, par) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  let v = x[i];
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  const hand = Math.imul(v, 0x01010101) >>> 24;
  pc[i * 2] = hand;
  pc[i * 2 + 1] = hand - gpu.popcount(x[i]);
  let r = x[i];
  r = ((r >>> 1) & 0x55555555) | ((r & 0x55555555) << 1);
  r = ((r >>> 2) & 0x33333333) | ((r & 0x33333333) << 2);
  r = ((r >>> 4) & 0x0f0f0f0f) | ((r & 0x0f0f0f0f) << 4);
  r = ((r >>> 8) & 0x00ff00ff) | ((r & 0x00ff00ff) << 8);
  rev[i] = (r >>> 16) | (r << 16);
  let p = x[i];
  p ^= p >>> 16;
  p ^= p >>> 8;
  p ^= p >>> 4;
  par[i] = (0x6996 >>> (p & 15)) & 1;
}`,
    grid: 1,
    block: 64,
    args: () => {
      const x = Uint32Array.from(randoms(64, 651));
      x.set([0, 0xffffffff, 0x80000000, 1, 0x7fffffff, 0xaaaaaaaa, 0x12345678], 0);
      return [x, new Int32Array(128), new Uint32Array(64), new Uint8Array(64)];
    },
  },
  {
    name: 'a segmented sieve of Eratosthenes: a block per 1024 numbers in a shared Uint8Array, starts by a ceiling quotient, primes counted by atomicAdd',
    text: `function sieve(primes, flags, counts) {
  const seg = gpu.sharedArray(Uint8Array, 1024);
  const t = gpu.threadIdx.x, L = gpu.blockIdx.x * 1024;
  for (let k = t; k < 1024; k += gpu.blockDim.x) seg[k] = L + k < 2 ? 0 : 1;
  gpu.barrier();
  for (let j = t; j < primes.length; j += gpu.blockDim.x) {
    const p = primes[j];
    if (p * p >= L + 1024) continue;
    // Math.ceil(L / p) * p would make an f64 counter (an index still, but f64 arithmetic).
    const start = Math.max(p * p, (((L + p - 1) / p) | 0) * p);
    for (let m = start; m < L + 1024; m += p) seg[m - L] = 0;
  }
  gpu.barrier();
  for (let k = t; k < 1024; k += gpu.blockDim.x) {
    flags[L + k] = seg[k];
    if (seg[k]) gpu.atomicAdd(counts, gpu.blockIdx.x, 1);
  }
}`,
    grid: 8,
    block: 64,
    args: () => {
      const small: number[] = [];
      for (let n = 2; n * n < 8192; n++) if (small.every((p) => n % p !== 0)) small.push(n);
      return [Int32Array.from(small), new Uint8Array(8192), new Int32Array(8)];
    },
  },
  {
    name: "civil dates and day numbers both ways (Hinnant's algorithms with Math.floor), weekdays of negative days by ((z + 4) % 7 + 7) % 7, years before 0",
    text: `function calendar(days, ymd, weekday, back) {
  const i = gpu.globalIdx.x;
  if (i >= days.length) return;
  const z = days[i];
  const [y, m, d] = civilFromDays(z);
  ymd[i * 3] = y; ymd[i * 3 + 1] = m; ymd[i * 3 + 2] = d;
  weekday[i] = ((z + 4) % 7 + 7) % 7;
  back[i] = daysFromCivil(y, m, d) - z;
}`,
    grid: 2,
    block: 64,
    scope: () => ({ civilFromDays, daysFromCivil }),
    args: () => {
      const days = ints(128, 661, (v) => (v % 2000001) - 1000000);
      days.set([0, -1, -719468, -719469, 11016, 10957, 19782, -25567, 2932896, -7, 7, -4, 3], 0);
      return [days, new Int32Array(128 * 3), new Int32Array(128), new Int32Array(128)];
    },
  },
  {
    name: 'Gregorian Easter by the anonymous algorithm (Meeus/Jones/Butcher) with Math.floor and %, ISO weeks of 1 January through the weekday',
    text: `function easter(years, month, day, week1) {
  const i = gpu.globalIdx.x;
  if (i >= years.length) return;
  const Y = years[i];
  const a = Y % 19, b = Math.floor(Y / 100), c = Y % 100;
  const d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3), h = (19 * a + b - d - g + 15) % 30;
  const k = Math.floor(c / 4), l = (32 + 2 * e + 2 * k - h - c % 4) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  month[i] = Math.floor((h + l - 7 * m + 114) / 31);
  day[i] = ((h + l - 7 * m + 114) % 31) + 1;
  // Monday = 1 .. Sunday = 7; 1 January is in week 1 when it falls Monday to Thursday.
  const z = daysFromCivil(Y, 1, 1);
  const iso = (((z + 3) % 7) + 7) % 7 + 1;
  week1[i] = iso <= 4 ? 1 : 0;
}`,
    grid: 1,
    block: 64,
    scope: () => ({ daysFromCivil }),
    args: () => {
      const years = ints(64, 671, (v) => 1583 + (v % 3000));
      years.set([2024, 2025, 2000, 1900, 2100, 1818, 2285, 1583, 1954, 1981], 0);
      return [years, new Uint8Array(64), new Uint8Array(64), new Uint8Array(64)];
    },
  },
  {
    name: 'Unix timestamps in f64 seconds (negative, fractional, before 1970) to date and time fields: days by Math.floor, a tuple from a device function',
    text: `function unixTime(ts, out) {
  const i = gpu.globalIdx.x;
  if (i >= ts.length) return;
  const t = ts[i];
  const days = Math.floor(t / 86400);
  let rem = t - days * 86400;
  const [y, mo, d] = civilFromDays(days);
  const hh = Math.floor(rem / 3600);
  rem -= hh * 3600;
  const mm = Math.floor(rem / 60);
  const ss = rem - mm * 60;
  const o = i * 7;
  out[o] = y; out[o + 1] = mo; out[o + 2] = d;
  out[o + 3] = hh; out[o + 4] = mm; out[o + 5] = Math.floor(ss);
  out[o + 6] = Math.round((ss - Math.floor(ss)) * 1000);
}`,
    grid: 1,
    block: 64,
    scope: () => ({ civilFromDays }),
    args: () => {
      const ts = doubles(64, 681, (v) => ((v % 8000000) - 4000000) * 1000 + (v % 1000) / 1000);
      ts.set(
        [
          0, -1, -0.001, 86399.999, 951782400, 1709164799.5, -62135596800, 253402300799, 2147483648,
          -2147483649,
        ],
        0,
      );
      return [ts, new Int32Array(64 * 7)];
    },
  },
  {
    name: 'Q16.16 fixed point: products exact through BigInt and by 16-bit halves agree, quotients by f64 rounded, square roots bit by bit in u32',
    text: `function fixed(a, b, mulBig, mulHalves, quot, root) {
  const i = gpu.globalIdx.x;
  if (i >= a.length) return;
  const x = a[i], y = b[i];
  mulBig[i] = Number(BigInt.asIntN(32, (BigInt(x) * BigInt(y)) >> 16n));
  // x * y >> 16 from halves: y = yh * 2^16 + yl with yl unsigned.
  const yh = y >> 16, yl = y & 0xffff;
  // An i32 product past 2^31 wraps (documented): a float literal makes it f64, exact to 2^53.
  const lo = x * 1.0 * yl;
  mulHalves[i] = (Math.imul(x, yh) + Math.floor(lo / 65536)) | 0;
  quot[i] = y === 0 ? (x < 0 ? -2147483648 : 2147483647) : Math.round((x / y) * 65536) | 0;
  // The square root of x >>> 0 as Q16.16: the integer root of x * 2^16 by the digit method.
  let v = BigInt(x >>> 0) << 16n, r = 0n, bit = 1n << 46n;
  while (bit > v) bit >>= 2n;
  while (bit !== 0n) {
    if (v >= r + bit) { v -= r + bit; r = (r >> 1n) + bit; }
    else r >>= 1n;
    bit >>= 2n;
  }
  root[i] = Number(r);
}`,
    grid: 1,
    block: 64,
    args: () => {
      const a = ints(64, 701, (v) => v | 0);
      const b = ints(64, 702, (v) => (v | 0) >> (v & 15));
      a.set([65536, -65536, 2147483647, -2147483648, 0, 98304, -98304, 1], 0);
      b.set([65536, 65536, 2147483647, -2147483648, 5, 0, -32768, -1], 0);
      return [a, b, new Int32Array(64), new Int32Array(64), new Int32Array(64), new Uint32Array(64)];
    },
  },
  {
    name: 'CORDIC sine and cosine in Q2.29 fixed point: 30 rotations by shifts of i32, an arctangent table from the scope, quadrants folded by ±pi/2',
    text: `function cordic(theta, cs) {
  const i = gpu.globalIdx.x;
  if (i >= theta.length) return;
  const HALF_PI = 843314857; // pi / 2 in Q2.29
  let z = theta[i], flip = 1;
  if (z > HALF_PI) { z -= 2 * HALF_PI; flip = -1; }
  else if (z < -HALF_PI) { z += 2 * HALF_PI; flip = -1; }
  let x = GAIN, y = 0;
  for (let k = 0; k < 30; k++) {
    const dx = x >> k, dy = y >> k;
    if (z >= 0) { x -= dy; y += dx; z -= ATAN[k]; }
    else { x += dy; y -= dx; z += ATAN[k]; }
  }
  cs[i * 2] = flip * x;
  cs[i * 2 + 1] = flip * y;
}`,
    grid: 1,
    block: 64,
    scope: () => ({
      ATAN: ATAN_Q29,
      // 1 / prod(sqrt(1 + 2^-2k)) in Q2.29.
      GAIN: Math.round(
        2 ** 29 /
          Array.from({ length: 30 }, (_, k) => Math.sqrt(1 + 2 ** (-2 * k))).reduce((p, v) => p * v, 1),
      ),
    }),
    args: () => {
      const theta = ints(64, 711, (v) => (v % 3373259426) - 1686629713);
      theta.set([0, 843314857, -843314857, 1686629713, -1686629713, 421657428, 1], 0);
      return [theta, new Int32Array(128)];
    },
  },
  {
    name: "Brian's Brain on a Uint8Array torus in two launches (a to b, then b to a): neighbours by (y + dy + h) % h, 2-D blocks with partial edges",
    text: brain('a', 'b'),
    second: { text: brain('b', 'a'), grid: [3, 2], block: [8, 8] },
    grid: [3, 2],
    block: [8, 8],
    args: () => [bytes(20 * 13, 721, 3), new Uint8Array(20 * 13), 20, 13],
  },
  {
    name: 'rule 110 on a ring of 256 cells in shared memory: 64 generations with two barriers each, the rule from the scope, populations by atomicAdd',
    text: `function automaton(cells, pop, out) {
  const s = gpu.sharedArray(Uint8Array, 256);
  const t = gpu.threadIdx.x;
  s[t] = cells[t];
  gpu.barrier();
  for (let g = 0; g < 64; g++) {
    const l = s[(t + 255) & 255], c = s[t], r = s[(t + 1) & 255];
    const next = (RULE >> ((l << 2) | (c << 1) | r)) & 1;
    gpu.barrier();
    s[t] = next;
    if (next) gpu.atomicAdd(pop, g, 1);
    gpu.barrier();
  }
  out[t] = s[t];
}`,
    grid: 1,
    block: 256,
    scope: () => ({ RULE: 110 }),
    args: () => {
      const cells = new Uint8Array(256);
      cells[255] = 1;
      cells[100] = 1;
      return [cells, new Int32Array(64), new Uint8Array(256)];
    },
  },
  {
    name: 'HighLife (B36/S23) on an Int8Array with dead edges: birth and survival masks from the scope tested by (MASK >> n) & 1, neighbours read with ?? 0',
    text: `function highlife(a, b, w) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  const h = a.length / w;
  if (x >= w || y >= h) return;
  let n = 0;
  for (let dy = -1; dy <= 1; dy++) {
    if (y + dy < 0 || y + dy >= h) continue;
    for (let dx = -1; dx <= 1; dx++) {
      if ((dx | dy) === 0 || x + dx < 0 || x + dx >= w) continue;
      n += a[(y + dy) * w + x + dx] ?? 0;
    }
  }
  const alive = a[y * w + x] === 1;
  b[y * w + x] = ((alive ? SURVIVE : BORN) >> n) & 1;
}`,
    grid: [2, 3],
    block: [16, 8],
    scope: () => ({ BORN: (1 << 3) | (1 << 6), SURVIVE: (1 << 2) | (1 << 3) }),
    args: () => {
      const w = 24,
        h = 20;
      const a = Int8Array.from(randoms(w * h, 731), (v) => (v % 3 === 0 ? 1 : 0));
      return [a, new Int8Array(w * h), w];
    },
  },
  {
    name: 'sRGB bytes to linear light with Math.pow((c + 0.055) / 1.055, 2.4) and back with ** (1 / 2.4), rounded to bytes: the round trip of all 256 values',
    text: `function srgb(lin, back, mixed) {
  const i = gpu.globalIdx.x;
  if (i >= 256) return;
  const l = toLinear(i / 255);
  lin[i] = l;
  back[i] = Math.round(toSrgb(l) * 255);
  // A 50% blend with black in linear light, encoded again.
  mixed[i] = Math.round(toSrgb(l * 0.5) * 255);
}`,
    grid: 2,
    block: 128,
    scope: () => ({ toLinear, toSrgb }),
    args: () => [new Float32Array(256), new Uint8Array(256), new Uint8Array(256)],
    ulps: 1,
  },
  {
    name: 'CIE L*a*b* of sRGB pixels through XYZ (D65): Math.cbrt above (6/29)^3 and the linear segment below, Delta E 1976 to the next pixel',
    text: `function lab(rgb, L, deltaE) {
  const i = gpu.globalIdx.x;
  const n = rgb.length / 3;
  if (i >= n) return;
  const j = i + 1 < n ? i + 1 : i;
  const [l1, a1, b1] = toLab(rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2]);
  const [l2, a2, b2] = toLab(rgb[j * 3], rgb[j * 3 + 1], rgb[j * 3 + 2]);
  L[i * 3] = l1; L[i * 3 + 1] = a1; L[i * 3 + 2] = b1;
  deltaE[i] = Math.sqrt((l1 - l2) ** 2 + (a1 - a2) ** 2 + (b1 - b2) ** 2);
}`,
    grid: 1,
    block: 64,
    scope: () => ({
      toLab: device(`function toLab(r8, g8, b8, white = [0.95047, 1, 1.08883]) {
  const r = toLinear(r8 / 255), g = toLinear(g8 / 255), b = toLinear(b8 / 255);
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / white[0];
  const y = (0.2126 * r + 0.7152 * g + 0.0722 * b) / white[1];
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / white[2];
  const e = (6 / 29) ** 3;
  const fx = x > e ? Math.cbrt(x) : x / (3 * (6 / 29) ** 2) + 4 / 29;
  const fy = y > e ? Math.cbrt(y) : y / (3 * (6 / 29) ** 2) + 4 / 29;
  const fz = z > e ? Math.cbrt(z) : z / (3 * (6 / 29) ** 2) + 4 / 29;
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}`),
      toLinear,
    }),
    args: () => {
      const rgb = bytes(64 * 3, 741);
      rgb.set([0, 0, 0, 255, 255, 255, 1, 1, 1, 255, 0, 0, 0, 255, 0, 0, 0, 255, 128, 128, 128], 0);
      return [rgb, new Float64Array(64 * 3), new Float64Array(64)];
    },
    ulps: 64,
  },
  {
    name: 'HSL to RGB bytes in f64: hues wrapped by ((h % 360) + 360) % 360 including negatives and -0, a hue-to-channel device function with early returns',
    text: `function hsl(h, s, l, rgb) {
  const i = gpu.globalIdx.x;
  if (i >= h.length) return;
  const hue = (((h[i] % 360) + 360) % 360) / 360;
  const L = l[i], S = s[i];
  let r = L, g = L, b = L;
  if (S !== 0) {
    const q = L < 0.5 ? L * (1 + S) : L + S - L * S;
    const p = 2 * L - q;
    r = channel(p, q, hue + 1 / 3);
    g = channel(p, q, hue);
    b = channel(p, q, hue - 1 / 3);
  }
  rgb[i * 3] = Math.round(r * 255);
  rgb[i * 3 + 1] = Math.round(g * 255);
  rgb[i * 3 + 2] = Math.round(b * 255);
}`,
    grid: 1,
    block: 64,
    scope: () => ({
      channel: device(`function channel(p, q, t) {
  if (t < 0) t += 1;
  if (t > 1) t -= 1;
  if (t < 1 / 6) return p + (q - p) * 6 * t;
  if (t < 1 / 2) return q;
  if (t < 2 / 3) return p + (q - p) * (2 / 3 - t) * 6;
  return p;
}`),
    }),
    args: () => {
      const h = doubles(64, 751, (v) => (v % 1441) - 720);
      h.set([0, -0, 360, -360, 120, 240, -120, 719.5], 0);
      const s = doubles(64, 752, (v) => (v % 11) / 10);
      const l = doubles(64, 753, (v) => (v % 11) / 10);
      return [h, s, l, new Uint8Array(64 * 3)];
    },
  },
  {
    name: 'tokenising ASCII text in a Uint8Array: a thread per byte finds token starts, scans to the end in a while, classes by a switch with fall-through',
    text: `function tokens(text, kind, len, count) {
  const i = gpu.globalIdx.x;
  if (i >= text.length) return;
  kind[i] = 0;
  len[i] = 0;
  const c = text[i];
  if (!word(c)) {
    switch (c) {
      case 32: case 10: case 9: case 13:
        return;
      case 40: case 41:
        kind[i] = 4; // a bracket
      default:
        kind[i] += 1; // punctuation: 1, a bracket 5
        len[i] = 1;
        gpu.atomicAdd(count, 0, 1);
        return;
    }
  }
  if (i > 0 && word(text[i - 1])) return;
  let j = i;
  let digits = true;
  while (j < text.length && word(text[j])) {
    if (text[j] > 57) digits = false;
    j++;
  }
  kind[i] = digits ? 2 : 3;
  len[i] = j - i;
  gpu.atomicAdd(count, 0, 1);
}`,
    grid: 2,
    block: 64,
    args: () => {
      const text = ascii('let x_1 = (foo + 42) * bar_baz;\n\tif (x_1 >= 007) return Y9 ;; 3.14 _ end');
      return [text, new Uint8Array(text.length), new Int32Array(text.length), new Int32Array(1)];
    },
    scope: () => ({
      // An arrow of the scope (an arrow inside the kernel is refused: unsupported).
      word: device('(ch) => (ch >= 48 && ch <= 57) || ((ch | 32) >= 97 && (ch | 32) <= 122) || ch === 95'),
    }),
  },
  {
    name: 'hex parsing of NUL-padded fields: an optional 0x, digits by case folding with | 32, overflow past 8 digits wrapped by >>> 0, bad digits flagged',
    text: `function hex(text, width, value, status) {
  const f = gpu.globalIdx.x;
  if (f >= value.length) return;
  let k = f * width;
  const end = k + width;
  if (text[k] === 48 && (text[k + 1] | 32) === 120) k += 2;
  let v = 0, digits = 0, ok = 1;
  for (; k < end && text[k] !== 0; k++) {
    const c = text[k] | 32;
    let d = -1;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 102) d = c - 87;
    if (d < 0) { ok = 0; break; }
    v = ((v << 4) | d) >>> 0;
    digits++;
  }
  value[f] = v;
  status[f] = ok === 0 ? -1 : digits === 0 ? 0 : digits > 8 ? 2 : 1;
}`,
    grid: 1,
    block: 16,
    args: () => {
      const t = fields(12, [
        '0x1F',
        'ff',
        'DEADBEEF',
        '123456789A',
        '0X',
        '',
        'cafe_babe',
        'FFFFFFFF',
        '0x80000000',
        'g',
        '00000001',
        '7fffffff',
        'aBcD',
        '0x0x1',
        ' 1',
        '0',
      ]);
      return [t, 12, new Uint32Array(16), new Int8Array(16)];
    },
  },
  {
    name: 'Luhn checksums of card numbers and ISBN-10 check digits with X: a doubling table as a tuple indexed by a digit, running sums mod 10 and 11',
    text: `function checks(text, width, luhn, isbn) {
  const f = gpu.globalIdx.x;
  if (f >= luhn.length) return;
  let n = 0;
  while (n < width && text[f * width + n] !== 0) n++;
  let sum = 0, bad = false;
  for (let k = 0; k < n; k++) {
    const c = text[f * width + n - 1 - k];
    if (c < 48 || c > 57) { bad = true; break; }
    sum += k % 2 === 1 ? DOUBLED[c - 48] : c - 48;
  }
  luhn[f] = bad || n === 0 ? -1 : sum % 10 === 0 ? 1 : 0;
  if (n !== 10) { isbn[f] = -1; return; }
  let s = 0;
  for (let k = 0; k < 10; k++) {
    const c = text[f * width + k];
    const d = k === 9 && (c | 32) === 120 ? 10 : c - 48;
    if (d < 0 || d > 10 || (d === 10 && k !== 9)) { isbn[f] = -1; return; }
    s += (10 - k) * d;
  }
  isbn[f] = s % 11 === 0 ? 1 : 0;
}`,
    grid: 1,
    block: 16,
    scope: () => ({ DOUBLED: [0, 2, 4, 6, 8, 1, 3, 5, 7, 9] }),
    args: () => {
      const t = fields(20, [
        '4539578763621486',
        '4539578763621487',
        '79927398713',
        '0',
        '',
        '12a4',
        '0306406152',
        '0306406153',
        '080442957X',
        '080442957x',
        '0X00000000',
        '1234567890',
        '0000000000',
        '9999999999',
        '18',
        '059',
      ]);
      return [t, 20, new Int8Array(16), new Int8Array(16)];
    },
  },
  {
    name: 'IPv4 dotted quads to u32: labelled continue over fields, octets past 255, empty octets, leading zeros and too many dots rejected, 255.255.255.255',
    text: `function ipv4(text, width, addr, valid) {
  const n = gpu.globalIdx.x;
  if (n >= addr.length) return;
  let ok = 1, acc = 0, octet = -1, dots = 0, lead = false;
  scan: for (let k = 0; k < width; k++) {
    const c = text[n * width + k];
    switch (c) {
      case 0:
        break scan;
      case 46:
        if (octet < 0 || ++dots > 3) { ok = 0; break scan; }
        acc = acc * 256 + octet;
        octet = -1;
        continue scan;
      default:
        if (c < 48 || c > 57) { ok = 0; break scan; }
        if (octet === 0 && !lead) { lead = true; }
        if (octet === 0) { ok = 0; break scan; }
        octet = octet < 0 ? c - 48 : octet * 10 + c - 48;
        if (octet > 255) { ok = 0; break scan; }
    }
  }
  if (octet < 0 || dots !== 3) ok = 0;
  valid[n] = ok;
  addr[n] = ok ? acc * 256 + octet : 0;
}`,
    grid: 1,
    block: 16,
    args: () => {
      const t = fields(16, [
        '192.168.0.1',
        '255.255.255.255',
        '0.0.0.0',
        '256.1.1.1',
        '1..2.3',
        '01.2.3.4',
        '1.2.3',
        '1.2.3.4.5',
        '10.0.0.255',
        'a.b.c.d',
        '1.2.3.4.',
        '.1.2.3',
        '127.0.0.1',
        '999',
        '100.200.250.0',
        '1.2.3.04',
      ]);
      return [t, 16, new Uint32Array(16), new Uint8Array(16)];
    },
  },
  {
    name: 'LEB128 varints: zigzag-encoded i32 into up to 5 bytes and u64 BigInts into up to 10, decoded back with shifts of u32 and BigInt',
    text: `function varint(v32, v64, bytes32, len32, back32, bytes64, back64) {
  const i = gpu.globalIdx.x;
  if (i >= v32.length) return;
  let z = ((v32[i] << 1) ^ (v32[i] >> 31)) >>> 0;
  let n = 0;
  do {
    const b = z & 0x7f;
    z >>>= 7;
    bytes32[i * 5 + n++] = z !== 0 ? b | 0x80 : b;
  } while (z !== 0);
  len32[i] = n;
  let r = 0, shift = 0;
  for (let k = 0; k < n; k++, shift += 7) r = (r | ((bytes32[i * 5 + k] & 0x7f) << shift)) >>> 0;
  back32[i] = (r >>> 1) ^ -(r & 1);
  let w = v64[i], m = 0;
  do {
    const b = Number(w & 0x7fn);
    w >>= 7n;
    bytes64[i * 10 + m++] = w !== 0n ? b | 0x80 : b;
  } while (w !== 0n);
  let q = 0n;
  for (let k = m - 1; k >= 0; k--) q = (q << 7n) | BigInt(bytes64[i * 10 + k] & 0x7f);
  back64[i] = q;
}`,
    grid: 1,
    block: 32,
    args: () => {
      const v32 = ints(32, 801, (v) => (v | 0) >> (v & 31));
      v32.set([0, -1, 1, 63, -64, 64, 2147483647, -2147483648], 0);
      const v64 = BigUint64Array.from(randoms(64, 802), (v) => BigInt(v)).subarray(0, 32);
      for (let i = 0; i < 32; i++) v64[i] = ((v64[i] as bigint) << BigInt(i * 2)) | BigInt(i);
      v64.set([0n, 127n, 128n, 18446744073709551615n, 9223372036854775808n], 0);
      return [
        v32,
        v64,
        new Uint8Array(32 * 5),
        new Uint8Array(32),
        new Int32Array(32),
        new Uint8Array(320),
        new BigUint64Array(32),
      ];
    },
  },
  {
    name: '** of special pairs read from arrays: negative bases to fractional powers, -0 and -Infinity to odd and even negative powers, NaN to 0, 1 to NaN',
    text: `function powers(base, exp, out) {
  const i = gpu.globalIdx.x, j = gpu.globalIdx.y;
  if (i >= base.length || j >= exp.length) return;
  out[j * base.length + i] = base[i] ** exp[j];
}`,
    grid: [1, 2],
    block: [16, 8],
    args: () => {
      const base = Float64Array.of(
        -8,
        -2,
        -0,
        0,
        -Infinity,
        Infinity,
        Number.NaN,
        1,
        -1,
        0.5,
        -0.5,
        2,
        1e-300,
        -1e300,
        10,
        3,
      );
      const exp = Float64Array.of(
        1 / 3,
        0.5,
        -1,
        -2,
        3,
        -3,
        0,
        -0,
        Infinity,
        -Infinity,
        Number.NaN,
        2.5,
        -0.5,
        1e10,
        1023,
        -1075,
      );
      return [base, exp, new Float64Array(16 * 16)];
    },
    ulps: 1,
  },
  {
    name: '% with negative and -0 operands from Int32Array and Float64Array elements, stored as f64 (-0 of -5 % 5, NaN of a zero float divisor) and into an Int32Array',
    text: `function rem(ia, ib, fa, fb, asF, asI, ff, fi) {
  const i = gpu.globalIdx.x, j = gpu.globalIdx.y;
  if (i >= ia.length || j >= ib.length) return;
  const k = j * ia.length + i;
  asF[k] = ia[i] % ib[j];
  asI[k] = ia[i] % ib[j];
  ff[k] = fa[i] % fb[j];
  fi[k] = (fa[i] % fb[j]) | 0;
}`,
    grid: 1,
    block: [12, 12],
    args: () => {
      const ia = Int32Array.of(-5, 5, 0, -2147483648, 2147483647, -1, 7, -7, 6, -6, 1, 3);
      // No integer divisor of 0: integer % 0 is 0, JavaScript's NaN (documented).
      const ib = Int32Array.of(5, -5, 4, -1, 2, -2, 3, -3, 2147483647, -2147483648, 1, 7);
      const fa = Float64Array.of(
        -5,
        5,
        -0,
        0,
        -Infinity,
        Infinity,
        Number.NaN,
        5.5,
        -5.5,
        1e300,
        -1e-300,
        2 ** 53,
      );
      const fb = Float64Array.of(5, -5, 0, -0, Infinity, -Infinity, Number.NaN, 2.5, -2.5, 3, 1e-300, 0.1);
      const n = 144;
      return [ia, ib, fa, fb, new Float64Array(n), new Int32Array(n), new Float64Array(n), new Int32Array(n)];
    },
  },
  {
    name: 'warp-aggregated atomics by a match-any loop: the leader lane from the lowest ballot bit, peers by a ballot of equal keys, ranks by popcount below the lane',
    text: `function aggregate(keys, hist, rank, rounds) {
  const i = gpu.globalIdx.x;
  const lane = gpu.laneId;
  const key = i < keys.length ? keys[i] : -1;
  let todo = key >= 0;
  let r = 0;
  while (gpu.voteAny(todo)) {
    const mask = gpu.ballot(todo);
    let lead = 0;
    while (((mask >> BigInt(lead)) & 1n) === 0n) lead++;
    const leadKey = gpu.shuffle(key, lead);
    const peers = gpu.ballot(todo && key === leadKey);
    if (lane === lead) gpu.atomicAdd(hist, leadKey, gpu.popcount(peers));
    if (todo && key === leadKey) {
      rank[i] = gpu.popcount(peers & ~(0xffffffffffffffffn << BigInt(lane)));
      todo = false;
    }
    r++;
  }
  if (lane === 0) rounds[i >> 5] = r;
}`,
    grid: 2,
    block: 64,
    args: () => {
      const keys = ints(120, 901, (v) => (v % 9 === 0 ? -1 : v % 6));
      keys.fill(3, 32, 64); // one warp of a single key
      return [keys, new Int32Array(6), new Int32Array(120), new Int32Array(4)];
    },
  },
  {
    name: 'bucket owners by atomicMin of thread ids, duplicates counted by atomicAdd, then a second launch keeping each key once (owners) and flagging the rest',
    text: `function own(keys, owner, dups, keep) {
  const i = gpu.globalIdx.x;
  if (i >= keys.length) return;
  gpu.atomicMin(owner, keys[i], i);
  gpu.atomicAdd(dups, keys[i], 1);
}`,
    second: {
      text: `function mark(keys, owner, dups, keep) {
  const i = gpu.globalIdx.x;
  if (i >= keys.length) return;
  const k = keys[i];
  keep[i] = owner[k] === i ? dups[k] : -owner[k] - 1;
}`,
      grid: 4,
      block: 64,
    },
    grid: 4,
    block: 64,
    args: () => {
      const owner = new Int32Array(40).fill(2147483647);
      return [ints(250, 911, (v) => v % 40), owner, new Uint32Array(40), new Int32Array(250)];
    },
  },
  {
    name: 'a ring index of a Uint32Array claimed by an atomicCAS loop that wraps at a limit (atomicInc semantics): every old value counted, the final index N mod (limit + 1)',
    text: `function ring(counter, slots, limit) {
  let old = counter[0];
  for (;;) {
    const next = old >= limit ? 0 : old + 1;
    const seen = gpu.atomicCAS(counter, 0, old, next);
    if (seen === old) break;
    old = seen;
  }
  gpu.atomicAdd(slots, old, 1);
}`,
    grid: 5,
    block: 96,
    args: () => [Uint32Array.of(0), new Uint32Array(37), 36],
  },
  {
    name: 'row sums unrolled by four with the remainder by a switch falling through cases 3, 2 and 1 (a Duff-like tail), rows of every length mod 4',
    text: `function rowSums(x, starts, sums) {
  const r = gpu.globalIdx.x;
  if (r >= sums.length) return;
  let k = starts[r];
  const end = starts[r + 1];
  let s = 0;
  const whole = (end - k) >> 2;
  for (let q = 0; q < whole; q++, k += 4) s += x[k] + x[k + 1] + x[k + 2] + x[k + 3];
  switch ((end - k) & 3) {
    case 3: s += x[k + 2];
    case 2: s += x[k + 1];
    case 1: s += x[k];
    case 0:
  }
  sums[r] = s;
}`,
    grid: 1,
    block: 32,
    args: () => {
      const starts = new Int32Array(33);
      for (let r = 0; r < 32; r++) starts[r + 1] = (starts[r] as number) + ((r * 7) % 11);
      return [ints(starts[32] as number, 921, (v) => (v % 201) - 100), starts, new Int32Array(32)];
    },
  },
  {
    name: 'N-queens counts by iterative backtracking on bitmasks: a local Int32Array stack of free masks, the lowest free bit by x & -x, a thread per board size and first column',
    text: `function queens(sizes, first, count) {
  const t = gpu.globalIdx.x;
  if (t >= count.length) return;
  const n = sizes[t], c0 = first[t];
  if (c0 >= n) { count[t] = 0; return; }
  const all = (1 << n) - 1;
  const cols = new Int32Array(12), d1 = new Int32Array(12), d2 = new Int32Array(12), free = new Int32Array(12);
  let depth = 1, found = 0;
  cols[1] = 1 << c0; d1[1] = (1 << c0) << 1; d2[1] = (1 << c0) >> 1;
  free[1] = all & ~(cols[1] | d1[1] | d2[1]);
  if (n === 1) found = 1;
  while (depth > 0) {
    const f = free[depth];
    if (f === 0) { depth--; continue; }
    const bit = f & -f;
    free[depth] = f ^ bit;
    if (depth + 1 === n) { found++; continue; }
    const c = cols[depth] | bit, a = (d1[depth] | bit) << 1, b = (d2[depth] | bit) >> 1;
    depth++;
    cols[depth] = c; d1[depth] = a; d2[depth] = b;
    free[depth] = all & ~(c | a | b);
  }
  count[t] = found;
}`,
    grid: 1,
    block: 64,
    args: () => {
      const sizes = new Int32Array(64),
        first = new Int32Array(64);
      let t = 0;
      for (let n = 1; n <= 10 && t < 64; n++)
        for (let c = 0; c < n && t < 64; c++, t++) [sizes[t], first[t]] = [n, c];
      sizes[63] = 4;
      first[63] = 9;
      return [sizes, first, new Int32Array(64)];
    },
  },
  {
    name: 'Sudoku boards validated by bitmasks of rows, columns and boxes: 1 << d per digit, 0 as empty, the first conflicting cell by a labelled break',
    text: `function sudoku(boards, conflict, filled) {
  const b = gpu.globalIdx.x;
  if (b * 81 >= boards.length) return;
  const rows = new Uint16Array(9), cols = new Uint16Array(9), boxes = new Uint16Array(9);
  let bad = -1, n = 0;
  check: for (let r = 0; r < 9; r++)
    for (let c = 0; c < 9; c++) {
      const d = boards[b * 81 + r * 9 + c];
      if (d === 0) continue;
      if (d > 9) { bad = r * 9 + c; break check; }
      const bit = 1 << d, x = ((r / 3) | 0) * 3 + ((c / 3) | 0);
      if ((rows[r] | cols[c] | boxes[x]) & bit) { bad = r * 9 + c; break check; }
      rows[r] |= bit; cols[c] |= bit; boxes[x] |= bit;
      n++;
    }
  conflict[b] = bad;
  filled[b] = n;
}`,
    grid: 1,
    block: 8,
    args: () => {
      const solved = Uint8Array.from({ length: 81 }, (_, k) => {
        const r = (k / 9) | 0,
          c = k % 9;
        return ((r * 3 + ((r / 3) | 0) + c) % 9) + 1;
      });
      const boards = new Uint8Array(8 * 81);
      for (let b = 0; b < 8; b++) boards.set(solved, b * 81);
      for (let k = 0; k < 81; k += 2) boards[81 + k] = 0; // holes
      boards[2 * 81 + 40] = boards[2 * 81 + 41] as number; // a row conflict
      boards[3 * 81 + 80] = boards[3 * 81 + 8] as number; // a column conflict
      boards[4 * 81 + 10] = 10; // not a digit
      boards.fill(0, 5 * 81, 6 * 81); // empty
      const r = randoms(81, 931);
      for (let k = 0; k < 81; k++) boards[6 * 81 + k] = (r[k] as number) % 10;
      return [boards, new Int32Array(8), new Int32Array(8)];
    },
  },
  {
    name: 'Perlin gradient noise in 2-D: a permutation table of the scope read twice through & 255, quintic fades, gradients by a switch on the hash, f64 throughout',
    text: `function perlin(xs, ys, out) {
  const i = gpu.globalIdx.x;
  if (i >= out.length) return;
  const x = xs[i], y = ys[i];
  const X = Math.floor(x), Y = Math.floor(y);
  const fx = x - X, fy = y - Y;
  const xi = X & 255, yi = Y & 255;
  const u = fx * fx * fx * (fx * (fx * 6 - 15) + 10);
  const v = fy * fy * fy * (fy * (fy * 6 - 15) + 10);
  const aa = P[(P[xi] + yi) & 255], ab = P[(P[xi] + yi + 1) & 255];
  const ba = P[(P[(xi + 1) & 255] + yi) & 255], bb = P[(P[(xi + 1) & 255] + yi + 1) & 255];
  const x1 = grad(aa, fx, fy) + u * (grad(ba, fx - 1, fy) - grad(aa, fx, fy));
  const x2 = grad(ab, fx, fy - 1) + u * (grad(bb, fx - 1, fy - 1) - grad(ab, fx, fy - 1));
  out[i] = x1 + v * (x2 - x1);
}`,
    grid: 2,
    block: 64,
    scope: () => ({
      P: Uint8Array.from({ length: 256 }, (_, k) => k).sort(
        (a, b) => ((a * 167 + 13) & 255) - ((b * 167 + 13) & 255),
      ),
      grad: device(`function grad(h, x, y) {
  switch (h & 7) {
    case 0: return x + y;
    case 1: return -x + y;
    case 2: return x - y;
    case 3: return -x - y;
    case 4: return x;
    case 5: return -x;
    case 6: return y;
    default: return -y;
  }
}`),
    }),
    args: () => [
      doubles(128, 942, (v) => (v % 100001) / 1000 - 50),
      doubles(128, 943, (v) => (v % 100001) / 1000 - 50),
      new Float64Array(128),
    ],
  },
  {
    name: 'Bézier curves of degree 5 by de Casteljau in local Float64Arrays: points along t, the curve length as a sum of chords by Math.sqrt',
    text: `function bezier(ctrl, steps, pts, length) {
  const c = gpu.globalIdx.x;
  if (c * 12 >= ctrl.length) return;
  const bx = new Float64Array(6), by = new Float64Array(6);
  let len = 0, px = 0, py = 0;
  for (let s = 0; s <= steps; s++) {
    const t = s / steps;
    for (let k = 0; k < 6; k++) { bx[k] = ctrl[c * 12 + k * 2]; by[k] = ctrl[c * 12 + k * 2 + 1]; }
    for (let r = 5; r > 0; r--)
      for (let k = 0; k < r; k++) {
        bx[k] = (1 - t) * bx[k] + t * bx[k + 1];
        by[k] = (1 - t) * by[k] + t * by[k + 1];
      }
    pts[(c * (steps + 1) + s) * 2] = bx[0];
    pts[(c * (steps + 1) + s) * 2 + 1] = by[0];
    if (s > 0) len += Math.sqrt((bx[0] - px) ** 2 + (by[0] - py) ** 2);
    px = bx[0]; py = by[0];
  }
  length[c] = len;
}`,
    grid: 1,
    block: 16,
    args: () => {
      const ctrl = doubles(16 * 12, 951, (v) => (v % 201) / 10 - 10);
      ctrl.fill(2, 0, 12); // a curve that is one point
      return [ctrl, 10, new Float64Array(16 * 11 * 2), new Float64Array(16)];
    },
  },
  {
    name: 'GF(256) arithmetic: products by log and exp tables of the scope against carry-less shifts reduced by 0x11d, Reed-Solomon syndromes by Horner',
    text: `function gf(a, b, prod, check, code, synd) {
  const i = gpu.globalIdx.x;
  if (i < a.length) {
    const x = a[i], y = b[i];
    prod[i] = x === 0 || y === 0 ? 0 : EXP[LOG[x] + LOG[y]];
    let p = 0, u = x, v = y;
    while (v !== 0) {
      if (v & 1) p ^= u;
      u <<= 1;
      if (u & 0x100) u ^= 0x11d;
      v >>= 1;
    }
    check[i] = p;
  }
  // Thread j < 8 of each block: syndrome j of codeword blockIdx, S_j = c(alpha^j) by Horner.
  const j = gpu.threadIdx.x, w = gpu.blockIdx.x;
  if (j < 8 && (w + 1) * 32 <= code.length) {
    let s = 0;
    for (let k = 0; k < 32; k++) {
      const c = code[w * 32 + k];
      s = (s === 0 ? 0 : EXP[LOG[s] + j]) ^ c;
    }
    synd[w * 8 + j] = s;
  }
}`,
    grid: 4,
    block: 64,
    scope: () => ({ EXP: GF.exp, LOG: GF.log }),
    args: () => {
      const a = bytes(256, 961);
      const b = bytes(256, 962);
      a.set([0, 1, 2, 255, 0x80, 3], 0);
      b.set([7, 0, 0x80, 255, 2, 3], 0);
      return [a, b, new Uint8Array(256), new Uint8Array(256), bytes(128, 963), new Uint8Array(32)];
    },
  },
  {
    name: 'Hamming(7,4) codes: nibbles encoded with three parity bits, one bit flipped per thread (or none), syndromes locating and correcting it',
    text: `function hamming(data, encoded, received, decoded, syndrome) {
  const i = gpu.globalIdx.x;
  if (i >= data.length) return;
  const d = data[i] & 15;
  const d1 = d & 1, d2 = (d >> 1) & 1, d3 = (d >> 2) & 1, d4 = (d >> 3) & 1;
  const p1 = d1 ^ d2 ^ d4, p2 = d1 ^ d3 ^ d4, p3 = d2 ^ d3 ^ d4;
  // Bit k - 1 holds position k: p1 p2 d1 p3 d2 d3 d4.
  const word = p1 | (p2 << 1) | (d1 << 2) | (p3 << 3) | (d2 << 4) | (d3 << 5) | (d4 << 6);
  encoded[i] = word;
  const flip = i % 8;
  const r = flip === 7 ? word : word ^ (1 << flip);
  received[i] = r;
  const s1 = (r ^ (r >> 2) ^ (r >> 4) ^ (r >> 6)) & 1;
  const s2 = ((r >> 1) ^ (r >> 2) ^ (r >> 5) ^ (r >> 6)) & 1;
  const s3 = ((r >> 3) ^ (r >> 4) ^ (r >> 5) ^ (r >> 6)) & 1;
  const s = s1 | (s2 << 1) | (s3 << 2);
  syndrome[i] = s;
  const fixed = s === 0 ? r : r ^ (1 << (s - 1));
  decoded[i] = ((fixed >> 2) & 1) | (((fixed >> 4) & 1) << 1) | (((fixed >> 5) & 1) << 2) | (((fixed >> 6) & 1) << 3);
}`,
    grid: 1,
    block: 64,
    args: () => [
      bytes(64, 971),
      new Uint8Array(64),
      new Uint8Array(64),
      new Uint8Array(64),
      new Uint8Array(64),
    ],
  },
  {
    name: 'a Bloom filter in two launches: three bits per key set by atomicOr from double hashing with Math.imul, then membership tested for other keys',
    text: `function insert(keys, queries, bits, found) {
  const i = gpu.globalIdx.x;
  if (i >= keys.length) return;
  const h1 = hash32(keys[i], 0x1234567), h2 = hash32(keys[i], 0x7654321) | 1;
  for (let k = 0; k < 3; k++) {
    const bit = ((h1 + Math.imul(k, h2)) >>> 0) % (bits.length * 32);
    gpu.atomicOr(bits, bit >>> 5, 1 << (bit & 31));
  }
}`,
    second: {
      text: `function query(keys, queries, bits, found) {
  const i = gpu.globalIdx.x;
  if (i >= queries.length) return;
  const h1 = hash32(queries[i], 0x1234567), h2 = hash32(queries[i], 0x7654321) | 1;
  let all = true;
  for (let k = 0; k < 3 && all; k++) {
    const bit = ((h1 + Math.imul(k, h2)) >>> 0) % (bits.length * 32);
    all = ((bits[bit >>> 5] >>> (bit & 31)) & 1) === 1;
  }
  found[i] = all ? 1 : 0;
}`,
      grid: 2,
      block: 64,
    },
    grid: 2,
    block: 64,
    scope: () => ({ hash32 }),
    args: () => {
      const keys = Uint32Array.from(randoms(100, 981));
      const queries = Uint32Array.from(randoms(128, 982));
      queries.set(keys.subarray(0, 40), 0); // members
      return [keys, queries, new Uint32Array(16), new Uint8Array(128)];
    },
  },
  {
    name: 'quaternion slerp in f64: the shorter arc by flipping a negative dot, a lerp fallback near parallel, Math.acos and Math.sin, results normalised',
    text: `function slerp(qa, qb, ts, out) {
  const i = gpu.globalIdx.x;
  if (i >= ts.length) return;
  const a = [qa[i * 4], qa[i * 4 + 1], qa[i * 4 + 2], qa[i * 4 + 3]];
  let b = [qb[i * 4], qb[i * 4 + 1], qb[i * 4 + 2], qb[i * 4 + 3]];
  let dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
  if (dot < 0) {
    b = [-b[0], -b[1], -b[2], -b[3]];
    dot = -dot;
  }
  const t = ts[i];
  let wa = 1 - t, wb = t;
  if (dot < 0.9995) {
    const theta = Math.acos(dot);
    const s = Math.sin(theta);
    wa = Math.sin((1 - t) * theta) / s;
    wb = Math.sin(t * theta) / s;
  }
  const r = [wa * a[0] + wb * b[0], wa * a[1] + wb * b[1], wa * a[2] + wb * b[2], wa * a[3] + wb * b[3]];
  const n = Math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2] + r[3] * r[3]);
  for (let k = 0; k < 4; k++) out[i * 4 + k] = r[k] / n;
}`,
    grid: 1,
    block: 32,
    args: () => {
      const unit = (seed: number) => {
        const q = doubles(128, seed, (v) => (v % 2001) / 1000 - 1);
        for (let i = 0; i < 32; i++) {
          const n = Math.hypot(
            q[i * 4] as number,
            q[i * 4 + 1] as number,
            q[i * 4 + 2] as number,
            q[i * 4 + 3] as number,
          );
          for (let k = 0; k < 4; k++) q[i * 4 + k] = (q[i * 4 + k] as number) / n;
        }
        return q;
      };
      const qa = unit(991),
        qb = unit(992);
      qb.set(qa.subarray(0, 4), 0); // the same rotation
      qb.set(
        Array.from(qa.subarray(4, 8), (v) => -v),
        4,
      ); // its negation
      const ts = doubles(32, 993, (v) => (v % 101) / 100);
      ts.set([0.5, 0.25, 0, 1], 0);
      return [qa, qb, ts, new Float64Array(128)];
    },
    ulps: 64,
  },
  {
    name: 'flood fill per thread on 8x8 tiles of a binary Uint8Array: a local Int16Array stack, 4-connected, visited bits in a local Uint8Array, region sizes',
    text: `function flood(img, seeds, size) {
  const t = gpu.globalIdx.x;
  if (t >= size.length) return;
  const base = t * 64;
  const seen = new Uint8Array(64), stack = new Int16Array(64);
  const s = seeds[t];
  if (img[base + s] === 0) { size[t] = 0; return; }
  let sp = 0, count = 0;
  stack[sp++] = s;
  seen[s] = 1;
  while (sp > 0) {
    const p = stack[--sp];
    count++;
    const x = p & 7, y = p >> 3;
    const nb = [x > 0 ? p - 1 : -1, x < 7 ? p + 1 : -1, y > 0 ? p - 8 : -1, y < 7 ? p + 8 : -1];
    for (let k = 0; k < 4; k++) {
      const q = nb[k];
      if (q < 0 || seen[q] || img[base + q] === 0) continue;
      seen[q] = 1;
      stack[sp++] = q;
    }
  }
  size[t] = count;
}`,
    grid: 1,
    block: 32,
    args: () => {
      const img = bytes(32 * 64, 1001, 5).map((v) => (v < 3 ? 1 : 0));
      img.fill(1, 0, 64); // all set
      img.fill(0, 64, 128); // none
      return [img, ints(32, 1002, (v) => v & 63), new Int32Array(32)];
    },
  },
  {
    name: 'Math at its edges from arrays: fround of ties between f32 values and past the f32 maximum, hypot of Infinity with NaN, atan2 of signed zeros, round of negative halves',
    text: `function edges(x, y, out) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const a = x[i], b = y[i];
  out[i * 6] = Math.fround(a);
  out[i * 6 + 1] = Math.hypot(a, b, 0);
  out[i * 6 + 2] = Math.atan2(a, b);
  out[i * 6 + 3] = Math.round(a);
  out[i * 6 + 4] = Math.sign(a) * Math.max(a, b, -0);
  out[i * 6 + 5] = 1 / Math.min(0, a);
}`,
    grid: 1,
    block: 32,
    args: () => {
      const x = Float64Array.of(
        1 + 2 ** -24,
        1 + 3 * 2 ** -24,
        1 + 2 ** -24 + 2 ** -60,
        3.4028235677973366e38,
        3.4028234663852886e38 * (1 + 2 ** -25),
        2 ** -150,
        2 ** -149 * 1.5,
        -(2 ** -150),
        Infinity,
        Number.NaN,
        -Infinity,
        -0,
        0,
        -0,
        0,
        -0.5,
        -1.5,
        -2.5,
        0.49999999999999994,
        -0.49999999999999994,
        4503599627370495.5,
        -4503599627370495.5,
        1e308,
        -1e-320,
      );
      const y = Float64Array.of(
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        Number.NaN,
        Infinity,
        Number.NaN,
        -0,
        -0,
        0,
        0,
        -0.5,
        1.5,
        Number.NaN,
        1,
        -1,
        0,
        -0,
        1e308,
        -0,
      );
      return [x, y, new Float64Array(x.length * 6)];
    },
    ulps: 1,
  },
  {
    name: 'a Uint8ClampedArray by hand (it has no gpuc type): clamped, NaN to 0, rounded half to even from Math.round and a parity test, stored into a Uint8Array',
    text: `function clamped(x, out) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  let r;
  if (!(v > 0)) r = 0;
  else if (v >= 255) r = 255;
  else {
    r = Math.round(v);
    // Math.round takes halves up; a Uint8ClampedArray takes them to the even neighbour.
    if (r - v === 0.5 && r % 2 === 1) r -= 1;
  }
  out[i] = r;
}`,
    grid: 1,
    block: 64,
    args: () => {
      const x = doubles(64, 1011, (v) => (v % 5201) / 10 - 130);
      x.set(
        [
          0.5,
          1.5,
          2.5,
          253.5,
          254.5,
          255.5,
          -0.5,
          -0,
          Number.NaN,
          Infinity,
          -Infinity,
          0.49999999999999994,
          127.50000000000001,
          3.5,
          1e-320,
          254.49999999999997,
        ],
        0,
      );
      return [x, new Uint8Array(64)];
    },
  },
  {
    name: 'ray-box slab tests in f32 rounded by Math.fround: 1 / 0 directions as infinities, NaN slabs from 0 * Infinity, entry distances and hit counts per box',
    text: `function slabs(boxes, rays, tEnter, hits) {
  const r = gpu.globalIdx.x;
  if (r * 6 >= rays.length) return;
  let count = 0, nearest = Infinity;
  for (let b = 0; b * 6 < boxes.length; b++) {
    let t0 = -Infinity, t1 = Infinity;
    for (let a = 0; a < 3; a++) {
      const inv = Math.fround(1 / rays[r * 6 + 3 + a]);
      const lo = Math.fround(Math.fround(boxes[b * 6 + a] - rays[r * 6 + a]) * inv);
      const hi = Math.fround(Math.fround(boxes[b * 6 + 3 + a] - rays[r * 6 + a]) * inv);
      t0 = Math.max(t0, Math.min(lo, hi));
      t1 = Math.min(t1, Math.max(lo, hi));
    }
    if (t1 >= Math.max(t0, 0)) {
      count++;
      nearest = Math.min(nearest, Math.max(t0, 0));
    }
  }
  tEnter[r] = nearest;
  hits[r] = count;
}`,
    grid: 2,
    block: 32,
    args: () => {
      const boxes = floats(20 * 6, 1101, (v) => (v % 41) / 4 - 5);
      for (let b = 0; b < 20; b++)
        for (let a = 0; a < 3; a++) {
          const lo = Math.min(boxes[b * 6 + a] as number, boxes[b * 6 + 3 + a] as number);
          const hi = Math.max(boxes[b * 6 + a] as number, boxes[b * 6 + 3 + a] as number);
          [boxes[b * 6 + a], boxes[b * 6 + 3 + a]] = [lo, hi];
        }
      boxes.set([0, 0, 0, 1, 1, 1], 0); // a unit box whose faces axis rays run along
      const rays = floats(50 * 6, 1102, (v) => (v % 21) / 4 - 2.5);
      for (let r = 0; r < 50; r += 5) rays.set([0, 0.5, -3, 0, -0, 1], r * 6);
      for (let r = 1; r < 50; r += 7) rays.set([0.5, 0.5, -3, 0, 0, 1], r * 6);
      return [boxes, rays, new Float32Array(50), new Int32Array(50)];
    },
  },
  {
    name: 'Day & Night (B3678/S34678) on an Int32Array torus: rule masks of the scope, a 2-D launch with partial blocks, neighbours by ((x + dx) % w + w) % w',
    text: `function dayNight(a, b, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  let n = 0;
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++)
      if (dx !== 0 || dy !== 0) n += a[(((y + dy) % h + h) % h) * w + (((x + dx) % w + w) % w)];
  b[y * w + x] = ((a[y * w + x] ? SURVIVE : BORN) >>> n) & 1;
}`,
    grid: [3, 2],
    block: [8, 8],
    scope: () => ({
      BORN: (1 << 3) | (1 << 6) | (1 << 7) | (1 << 8),
      SURVIVE: (1 << 3) | (1 << 4) | (1 << 6) | (1 << 7) | (1 << 8),
    }),
    args: () => [ints(21 * 11, 1111, (v) => (v % 5 < 2 ? 1 : 0)), new Int32Array(21 * 11), 21, 11],
  },
  {
    name: 'random walks on a 2-D lattice with a xorshift32 per walker: steps by the top two bits, returns to the origin counted, final distances binned by atomicAdd',
    text: `function walks(seeds, steps, returns, bins) {
  const i = gpu.globalIdx.x;
  if (i >= seeds.length) return;
  let s = seeds[i] | 1;
  let x = 0, y = 0, back = 0;
  for (let k = 0; k < steps; k++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    switch (s >>> 30) {
      case 0: x++; break;
      case 1: x--; break;
      case 2: y++; break;
      default: y--;
    }
    if (x === 0 && y === 0) back++;
  }
  returns[i] = back;
  gpu.atomicAdd(bins, Math.min(Math.abs(x) + Math.abs(y), bins.length - 1), 1);
}`,
    grid: 2,
    block: 64,
    args: () => [Int32Array.from(randoms(128, 1121)), 500, new Int32Array(128), new Uint32Array(48)],
  },
  {
    name: 'an f32 one-pole low-pass and a peak meter per channel, every step rounded by Math.fround: coefficients from the scope, denormal-sized states flushed by hand',
    text: `function onePole(x, y, peaks, frames) {
  const c = gpu.globalIdx.x;
  const channels = peaks.length;
  if (c >= channels) return;
  let z = Math.fround(0), peak = Math.fround(0);
  for (let n = 0; n < frames; n++) {
    const v = x[n * channels + c];
    z = Math.fround(z + Math.fround(ALPHA * Math.fround(v - z)));
    if (Math.abs(z) < 1e-30) z = Math.fround(0);
    y[n * channels + c] = z;
    peak = Math.max(Math.fround(peak * DECAY), Math.abs(v));
  }
  peaks[c] = peak;
}`,
    grid: 1,
    block: 8,
    // f32 wrappers: a plain number of the scope is an f64 (which WebGPU has not).
    scope: () => ({ ALPHA: f32(0.125), DECAY: f32(0.99) }),
    args: () => {
      const ch = 5,
        frames = 160;
      const x = floats(ch * frames, 1131, (v) => ((v % 2001) - 1000) / 1000);
      for (let n = 80; n < frames; n++) x[n * ch + 4] = 0; // silence after a burst
      return [x, new Float32Array(ch * frames), new Float32Array(ch), frames];
    },
  },
  {
    name: "binary GCD (Stein's algorithm) of u32 pairs: trailing zeros by 31 - Math.clz32(x & -x), a do-while of swaps and differences, against Euclid with %",
    text: `function stein(a, b, g, e) {
  const i = gpu.globalIdx.x;
  if (i >= a.length) return;
  let u = a[i], v = b[i];
  let r = 0;
  if (u === 0) r = v;
  else if (v === 0) r = u;
  else {
    const shift = 31 - Math.clz32((u | v) & -(u | v));
    u >>>= 31 - Math.clz32(u & -u);
    do {
      v >>>= 31 - Math.clz32(v & -v);
      // (Destructuring assignment, [u, v] = [v, u], is refused: unsupported.)
      if (u > v) {
        const t = u;
        u = v;
        v = t;
      }
      v -= u;
    } while (v !== 0);
    r = (u << shift) >>> 0;
  }
  g[i] = r;
  let p = a[i], q = b[i];
  while (q !== 0) {
    const t = p % q;
    p = q;
    q = t;
  }
  e[i] = p;
}`,
    grid: 1,
    block: 64,
    args: () => {
      const a = Uint32Array.from(randoms(64, 1141), (v, i) => (i % 3 === 0 ? v & 0xfff000 : v));
      const b = Uint32Array.from(randoms(64, 1142), (v, i) => (i % 3 === 0 ? v & 0xff0000 : v));
      a.set([0, 0, 7, 0x80000000, 4294967295, 12, 1 << 20], 0);
      b.set([0, 9, 0, 0x40000000, 4294967295, 18, (1 << 31) >>> 0], 0);
      return [a, b, new Uint32Array(64), new Uint32Array(64)];
    },
  },
  {
    name: 'f32 binning and interpolation: Math.floor positions as indices, a device function read under ??, a swap by destructuring, a record as a condition',
    text: `function binned(x, pos, out, counts) {
  const j = gpu.globalIdx.x;
  if (j >= out.length) return;
  const i = Math.floor(pos[j] * (x.length - 1));
  const k = j - 30;
  let [lo, hi] = [x[i] ?? 0, sample(x, k) ?? sample(x, k - 30) ?? -1];
  if (lo > hi) [lo, hi] = [hi, lo];
  const range = { lo, hi };
  out[j] = range && range.hi - range.lo + (x[i + 1] ?? 2);
  const bin = Math.floor(pos[j] * 8);
  if (bin >= 0 && bin < 8) gpu.atomicAdd(counts, bin, 1);
}`,
    grid: 1,
    block: 96,
    scope: () => ({ sample: device('function sample(a, k) { return a[k]; }') }),
    // hi - lo + x[i + 1] rounds to f32 twice where JavaScript rounds once, at the store.
    ulps: 2,
    args: () => {
      // Positions k / 64 (exact in f32, so f32 and JavaScript's doubles floor alike), some
      // outside [0, 1], NaN and the infinities: reads there are undefined, ?? takes over.
      const pos = Float32Array.from({ length: 90 }, (_, k) => (k - 10) / 64);
      pos.set([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0], 86);
      return [floats(33, 1201, (v) => (v % 1000) / 100 - 5), pos, new Float32Array(90), new Int32Array(8)];
    },
  },
];
