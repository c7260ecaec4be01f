// The ninth round of kernels written apart from the corpus (outside-kernels.ts runs them with
// the others), in domains the earlier rounds left out: cryptography and hashing (SHA-256,
// ChaCha20, XTEA, Philox, xoshiro128**, CRC-16, one-at-a-time), division by magic numbers and
// 64-bit products from 32-bit limbs, sparse formats (COO with atomics, ELL), graphs in one block
// (BFS levels, label propagation, Bellman-Ford, Floyd-Warshall), finance (a binomial tree,
// EWMA), physics (SPH density, particle-in-cell deposit, an Ising sweep in two launches, springs
// by Verlet), signal processing (FIR, a biquad, Goertzel, the JPEG DCT), image processing (NV12
// to RGB, alpha blending, ordered dithering, an integral image in two launches, bicubic
// resampling, morphology, census), text (UTF-16 to UTF-8, base64 decoding, Horspool search,
// Levenshtein, decimal fractions), matrices (3x3 inverses, Cholesky), Math at its edges
// (subnormals, huge arguments), half floats, warp rotations and destructuring swaps. Each is
// deterministic under any schedule.

import { BFloat16Bits, Float16Bits } from '../src/index.js';
import type { OutsideKernel } from './outside-kernels.js';
import { randoms } from './outside-kernels-seventh.js';

const doubles = (n: number, seed: number, f: (v: number) => number) => Float64Array.from(randoms(n, seed), f);
const floats = (n: number, seed: number, f: (v: number) => number) => Float32Array.from(randoms(n, seed), f);
const words = (n: number, seed: number) => randoms(n, seed);
const bytes = (n: number, seed: number, mod = 256) => Uint8Array.from(randoms(n, seed), (v) => v % mod);

// Device functions of the scope, as an application's module would have them.
const device = (text: string) => new Function(`return (${text});`)() as (...args: never[]) => unknown;

const rotr = device(`function rotr(x, n) {
  return ((x >>> n) | (x << (32 - n))) >>> 0;
}`);

const rotl = device(`function rotl(x, n) {
  return ((x << n) | (x >>> (32 - n))) >>> 0;
}`);

/** SHA-256's round constants (the first 32 bits of the cube roots' fractions of the first 64 primes). */
const SHA_K = (() => {
  const primes: number[] = [];
  for (let n = 2; primes.length < 64; n++) if (primes.every((p) => n % p !== 0)) primes.push(n);
  return Uint32Array.from(primes, (p) => {
    const c = Math.cbrt(p);
    return Math.floor((c - Math.floor(c)) * 2 ** 32) >>> 0;
  });
})();

/** 32x32 -> 64-bit product's high word from 16-bit halves (no 64-bit type). */
const mulhi = device(`function mulhi(a, b) {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const lo = a0 * b0;
  const mid1 = a1 * b0 + (lo >>> 16);
  const mid2 = a0 * b1 + (mid1 & 0xffff);
  return (a1 * b1 + Math.floor(mid1 / 65536) + Math.floor(mid2 / 65536)) >>> 0;
}`);

const cubicWeight = device(`function cubicWeight(t) {
  const a = Math.abs(t);
  if (a < 1) return 1.5 * a * a * a - 2.5 * a * a + 1;
  if (a < 2) return -0.5 * a * a * a + 2.5 * a * a - 4 * a + 2;
  return 0;
}`);

const det3 = device(`function det3([a, b, c, d, e, f, g, h, k]) {
  return a * (e * k - f * h) - b * (d * k - f * g) + c * (d * h - e * g);
}`);

/** A small undirected graph in CSR (rows of neighbours), two components and an isolated vertex. */
const GRAPH = (() => {
  const n = 24;
  const edges: [number, number][] = [];
  for (let i = 0; i < 15; i++) edges.push([i, (i * 7 + 3) % 16]);
  for (let i = 16; i < 22; i++) edges.push([i, i + 1]);
  edges.push([0, 15], [5, 9], [20, 16]);
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges)
    if (a !== b && !adj[a]?.includes(b)) {
      adj[a]?.push(b);
      adj[b]?.push(a);
    }
  const rows = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rows[i + 1] = (rows[i] as number) + (adj[i]?.length ?? 0);
  return { n, rows, cols: Int32Array.from(adj.flat()) };
})();

/** An NV12 frame's planes: w x h luma, then interleaved half-resolution Cb Cr. */
const NV12 = { w: 12, h: 8 };

export const NINTH_ROUND: readonly OutsideKernel[] = [
  {
    name: 'SHA-256 of one padded 64-byte block per thread: message schedule, 64 rounds with >>> rotations, words added with >>> 0',
    text: `function sha256(msg, digest) {
  const t = gpu.globalIdx.x;
  if (t * 16 >= msg.length) return;
  const w = new Uint32Array(64);
  for (let i = 0; i < 16; i++) w[i] = msg[t * 16 + i];
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15], y = w[i - 2];
    const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
    const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  let a = 0x6a09e667, b = 0xbb67ae85, c = 0x3c6ef372, d = 0xa54ff53a;
  let e = 0x510e527f, f = 0x9b05688c, g = 0x1f83d9ab, h = 0x5be0cd19;
  for (let i = 0; i < 64; i++) {
    const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[i] + w[i]) >>> 0;
    const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) >>> 0;
    h = g; g = f; f = e;
    e = (d + t1) >>> 0;
    d = c; c = b; b = a;
    a = (t1 + t2) >>> 0;
  }
  const out = t * 8;
  digest[out] = a + 0x6a09e667; digest[out + 1] = b + 0xbb67ae85;
  digest[out + 2] = c + 0x3c6ef372; digest[out + 3] = d + 0xa54ff53a;
  digest[out + 4] = e + 0x510e527f; digest[out + 5] = f + 0x9b05688c;
  digest[out + 6] = g + 0x1f83d9ab; digest[out + 7] = h + 0x5be0cd19;
}`,
    grid: 1,
    block: 8,
    scope: () => ({ rotr, K: SHA_K }),
    args: () => {
      // Message i is i * 5 bytes of 'a' + i, padded as SHA-256 pads (big-endian words).
      const msg = new Uint32Array(8 * 16);
      for (let t = 0; t < 8; t++) {
        const len = t * 5;
        const block = new Uint8Array(64);
        block.fill(97 + t, 0, len);
        block[len] = 0x80;
        block[63] = (len * 8) & 255;
        block[62] = (len * 8) >> 8;
        for (let i = 0; i < 16; i++)
          msg[t * 16 + i] =
            (((block[4 * i] as number) << 24) |
              ((block[4 * i + 1] as number) << 16) |
              ((block[4 * i + 2] as number) << 8) |
              (block[4 * i + 3] as number)) >>>
            0;
      }
      return [msg, new Uint32Array(64)];
    },
  },
  {
    name: 'ChaCha20 blocks: quarter rounds on a local Uint32Array of 16 with rotl, counters per thread, the input added back',
    text: `function chacha(key, nonce, out) {
  const blk = gpu.globalIdx.x;
  if (blk >= (out.length >> 4)) return;
  const s = new Uint32Array(16);
  s[0] = 0x61707865; s[1] = 0x3320646e; s[2] = 0x79622d32; s[3] = 0x6b206574;
  for (let i = 0; i < 8; i++) s[4 + i] = key[i];
  s[12] = blk + 1;
  s[13] = nonce[0]; s[14] = nonce[1]; s[15] = nonce[2];
  const x = new Uint32Array(16);
  for (let i = 0; i < 16; i++) x[i] = s[i];
  for (let round = 0; round < 10; round++) {
    for (let q = 0; q < 8; q++) {
      // Columns, then diagonals: indices from a table of the scope.
      const a = QR[q * 4], b = QR[q * 4 + 1], c = QR[q * 4 + 2], d = QR[q * 4 + 3];
      x[a] += x[b]; x[d] = rotl(x[d] ^ x[a], 16);
      x[c] += x[d]; x[b] = rotl(x[b] ^ x[c], 12);
      x[a] += x[b]; x[d] = rotl(x[d] ^ x[a], 8);
      x[c] += x[d]; x[b] = rotl(x[b] ^ x[c], 7);
    }
  }
  for (let i = 0; i < 16; i++) out[blk * 16 + i] = x[i] + s[i];
}`,
    grid: 1,
    block: 32,
    scope: () => ({
      rotl,
      QR: Int32Array.of(
        0,
        4,
        8,
        12,
        1,
        5,
        9,
        13,
        2,
        6,
        10,
        14,
        3,
        7,
        11,
        15,
        0,
        5,
        10,
        15,
        1,
        6,
        11,
        12,
        2,
        7,
        8,
        13,
        3,
        4,
        9,
        14,
      ),
    }),
    args: () => [words(8, 901), Uint32Array.of(0x09000000, 0x4a000000, 0), new Uint32Array(16 * 20)],
  },
  {
    name: 'XTEA encipher and decipher round trip of u32 pairs: sums of shifted words, delta past 2^31 wrapped by >>> 0',
    text: `function xtea(v, key, enc, dec) {
  const i = gpu.globalIdx.x;
  if (2 * i + 1 >= v.length) return;
  let v0 = v[2 * i], v1 = v[2 * i + 1], sum = 0;
  for (let r = 0; r < 32; r++) {
    v0 = (v0 + ((((v1 << 4) ^ (v1 >>> 5)) + v1) ^ (sum + key[sum & 3]))) >>> 0;
    sum = (sum + DELTA) >>> 0;
    v1 = (v1 + ((((v0 << 4) ^ (v0 >>> 5)) + v0) ^ (sum + key[(sum >>> 11) & 3]))) >>> 0;
  }
  enc[2 * i] = v0; enc[2 * i + 1] = v1;
  for (let r = 0; r < 32; r++) {
    v1 = (v1 - ((((v0 << 4) ^ (v0 >>> 5)) + v0) ^ (sum + key[(sum >>> 11) & 3]))) >>> 0;
    sum = (sum - DELTA) >>> 0;
    v0 = (v0 - ((((v1 << 4) ^ (v1 >>> 5)) + v1) ^ (sum + key[sum & 3]))) >>> 0;
  }
  dec[2 * i] = v0; dec[2 * i + 1] = v1;
}`,
    grid: 2,
    block: 16,
    scope: () => ({ DELTA: 0x9e3779b9 }),
    args: () => [
      Uint32Array.from([0, 0, 0xffffffff, 0xffffffff, ...words(56, 902)]),
      words(4, 903),
      new Uint32Array(60),
      new Uint32Array(60),
    ],
  },
  {
    name: 'Philox4x32-10 counters per thread: high words of 32-bit products from 16-bit halves and from BigInts agree',
    text: `function philox(out, check, seedLo, seedHi) {
  const t = gpu.globalIdx.x;
  let c0 = t, c1 = 0, c2 = 0x1234, c3 = 0;
  let k0 = seedLo, k1 = seedHi;
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhi(0xd2511f53, c0), lo0 = Math.imul(0xd2511f53, c0) >>> 0;
    const hi1 = mulhi(0xcd9e8d57, c2), lo1 = Math.imul(0xcd9e8d57, c2) >>> 0;
    // The exact product passes 2^63: wrapped as JavaScript's is (a kernel's BigInts have 64 bits).
    const big = BigInt.asUintN(64, BigInt(0xcd9e8d57) * BigInt(c2));
    if (Number(big >> 32n) !== hi1 || Number(BigInt.asUintN(32, big)) !== lo1) check[t] = 1;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + 0x9e3779b9) >>> 0;
    k1 = (k1 + 0xbb67ae85) >>> 0;
  }
  out[4 * t] = c0; out[4 * t + 1] = c1; out[4 * t + 2] = c2; out[4 * t + 3] = c3;
}`,
    grid: 2,
    block: 32,
    scope: () => ({ mulhi }),
    args: () => [new Uint32Array(256), new Int32Array(64), 0xdeadbeef, 0xcafef00d],
  },
  {
    name: 'xoshiro128** per thread seeded by SplitMix32: rotl, shifts and Math.imul by 5 and 9, uniform floats from the top 24 bits',
    text: `function xoshiro(out, u, steps) {
  const t = gpu.globalIdx.x;
  let z = (t * 0x9e3779b9) >>> 0;
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    z = (z + 0x9e3779b9) >>> 0;
    let m = z;
    m = Math.imul(m ^ (m >>> 16), 0x85ebca6b);
    m = Math.imul(m ^ (m >>> 13), 0xc2b2ae35);
    s[i] = (m ^ (m >>> 16)) >>> 0;
  }
  let r = 0;
  for (let k = 0; k < steps; k++) {
    r = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const tt = (s[1] << 9) >>> 0;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= tt;
    s[3] = rotl(s[3], 11);
  }
  out[t] = r;
  u[t] = (r >>> 8) * 2 ** -24;
}`,
    grid: 2,
    block: 40,
    scope: () => ({ rotl }),
    args: () => [new Uint32Array(80), new Float32Array(80), 37],
  },
  {
    name: 'CRC-16/CCITT-FALSE of byte records bit by bit: 0x1021 polynomial, & 0xffff after each shift, stored to a Uint16Array',
    text: `function crc16(data, out, len) {
  const r = gpu.globalIdx.x;
  if ((r + 1) * len > data.length) return;
  let crc = 0xffff;
  for (let i = 0; i < len; i++) {
    crc ^= data[r * len + i] << 8;
    for (let b = 0; b < 8; b++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  out[r] = crc;
}`,
    grid: 1,
    block: 32,
    args: () => {
      const data = bytes(30 * 9, 904);
      data.set([49, 50, 51, 52, 53, 54, 55, 56, 57], 0); // "123456789": 0x29b1
      return [data, new Uint16Array(30), 9];
    },
  },
  {
    name: 'Jenkins one-at-a-time hash of variable-length byte keys with += and ^= of shifts, hash buckets by & (2^k - 1)',
    text: `function oneAtATime(keys, offsets, hashes, buckets) {
  const k = gpu.globalIdx.x;
  if (k + 1 >= offsets.length) return;
  let h = 0;
  for (let i = offsets[k]; i < offsets[k + 1]; i++) {
    h = (h + keys[i]) >>> 0;
    h = (h + (h << 10)) >>> 0;
    h = (h ^ (h >>> 6)) >>> 0;
  }
  h = (h + (h << 3)) >>> 0;
  h ^= h >>> 11;
  h = (h + (h << 15)) >>> 0;
  hashes[k] = h;
  buckets[k] = h & (BUCKETS - 1);
}`,
    grid: 1,
    block: 32,
    scope: () => ({ BUCKETS: 64 }),
    args: () => {
      const lens = Array.from(randoms(20, 905), (v) => v % 13);
      const offsets = Int32Array.from([
        0,
        ...lens.map((_, i) => lens.slice(0, i + 1).reduce((a, b) => a + b, 0)),
      ]);
      return [bytes(offsets[20] as number, 906), offsets, new Uint32Array(20), new Int32Array(20)];
    },
  },
  {
    name: 'division by invariant u32 divisors with magic numbers: mulhi(n, m) >>> s against Math.floor(n / d) and n % d',
    text: `function magicDivide(n, magic, shift, divisor, q, ok) {
  const i = gpu.globalIdx.x;
  if (i >= n.length) return;
  const d = i % divisor.length;
  const x = n[i];
  const hi = mulhi(x, magic[d]);
  // Round-up variant: the add may pass 2^32, so halve before adding (Hacker's Delight).
  const qq = magic[d] === 0 ? x : (((x - hi) >>> 1) + hi) >>> shift[d];
  q[i] = qq;
  ok[i] = qq === Math.floor(x / divisor[d]) && x - qq * divisor[d] === x % divisor[d] ? 1 : 0;
}`,
    grid: 2,
    block: 64,
    scope: () => ({ mulhi }),
    args: () => {
      const ds = [1, 3, 7, 10, 641, 65537, 0x7fffffff, 0xfffffffe, 6, 1000000007];
      const magic = new Uint32Array(ds.length);
      const shift = new Uint32Array(ds.length);
      for (const [j, d] of ds.entries()) {
        if (d === 1) continue;
        const l = Math.ceil(Math.log2(d));
        // m = floor(2^32 * (2^l - d) / d) + 1, in BigInts on the host.
        magic[j] = Number(((1n << 32n) * ((1n << BigInt(l)) - BigInt(d))) / BigInt(d) + 1n);
        shift[j] = l - 1;
      }
      const n = Uint32Array.from([0, 1, 2, 0xffffffff, 0xfffffffe, 0x80000000, ...words(122, 907)]);
      return [n, magic, shift, Uint32Array.from(ds), new Uint32Array(128), new Int32Array(128)];
    },
  },
  {
    name: 'u64 products of u32 limbs: 64x64 -> 128-bit high and low words in BigUint64, checked against asUintN of the full product',
    text: `function mul128(a, b, hi, lo, same) {
  const i = gpu.globalIdx.x;
  if (i >= a.length) return;
  const x = a[i], y = b[i];
  const M = 0xffffffffn;
  const x0 = x & M, x1 = x >> 32n, y0 = y & M, y1 = y >> 32n;
  const p00 = x0 * y0, p01 = x0 * y1, p10 = x1 * y0, p11 = x1 * y1;
  const mid = (p00 >> 32n) + (p01 & M) + (p10 & M);
  lo[i] = (mid << 32n) | (p00 & M);
  hi[i] = p11 + (p01 >> 32n) + (p10 >> 32n) + (mid >> 32n);
  same[i] = lo[i] === BigInt.asUintN(64, x * y) ? 1 : 0;
}`,
    grid: 1,
    block: 32,
    args: () => {
      const vals = [0n, 1n, 0xffffffffffffffffn, 0x8000000000000000n, 0xffffffffn, 0x100000000n];
      const r = words(52, 908);
      for (let i = 0; i < 26; i++)
        vals.push((BigInt(r[2 * i] as number) << 32n) | BigInt(r[2 * i + 1] as number));
      const a = BigUint64Array.from(vals);
      const b = BigUint64Array.from([...vals].reverse());
      return [a, b, new BigUint64Array(32), new BigUint64Array(32), new Int32Array(32)];
    },
  },
  {
    name: 'COO sparse matrix-vector product: a thread per nonzero, atomicAdd of exact f64 products (multiples of 1/8) into y',
    text: `function cooSpmv(rows, cols, vals, x, y) {
  const k = gpu.globalIdx.x;
  if (k < vals.length) gpu.atomicAdd(y, rows[k], vals[k] * x[cols[k]]);
}`,
    grid: 4,
    block: 32,
    args: () => {
      const nnz = 110;
      const r = randoms(nnz * 3, 909);
      return [
        Int32Array.from({ length: nnz }, (_, k) => (r[3 * k] as number) % 20),
        Int32Array.from({ length: nnz }, (_, k) => (r[3 * k + 1] as number) % 16),
        Float64Array.from({ length: nnz }, (_, k) => ((r[3 * k + 2] as number) % 41) / 8 - 2.5),
        doubles(16, 910, (v) => (v % 17) - 8),
        new Float64Array(20),
      ];
    },
  },
  {
    name: 'ELLPACK SpMV in f32: column-major padded slots with column -1 skipped by continue, rows of unequal lengths',
    text: `function ellSpmv(cols, vals, width, x, y) {
  const row = gpu.globalIdx.x;
  const n = y.length;
  if (row >= n) return;
  let acc = 0;
  for (let s = 0; s < width; s++) {
    const c = cols[s * n + row];
    if (c < 0) continue;
    acc += vals[s * n + row] * x[c];
  }
  y[row] = acc;
}`,
    grid: 1,
    block: 64,
    args: () => {
      const n = 50;
      const width = 5;
      const r = randoms(n * width * 2, 911);
      const cols = new Int32Array(n * width).fill(-1);
      const vals = new Float32Array(n * width);
      for (let row = 0; row < n; row++)
        for (let s = 0; s < row % (width + 1); s++) {
          cols[s * n + row] = (r[2 * (row * width + s)] as number) % 40;
          vals[s * n + row] = ((r[2 * (row * width + s) + 1] as number) % 9) - 4;
        }
      return [
        cols,
        vals,
        width,
        Float32Array.from(randoms(40, 912), (v) => (v % 11) - 5),
        new Float32Array(n),
      ];
    },
  },
  {
    name: 'BFS levels in one block: a shared frontier flag, levels claimed by atomicCAS from -1, barriers around each level',
    text: `function bfs(rows, cols, level, source) {
  const v = gpu.threadIdx.x;
  const n = rows.length - 1;
  const changed = gpu.sharedArray(Int32Array, 1);
  if (v < n) level[v] = v === source ? 0 : -1;
  let depth = 0;
  while (true) {
    if (v === 0) changed[0] = 0;
    gpu.barrier();
    if (v < n && level[v] === depth) {
      for (let e = rows[v]; e < rows[v + 1]; e++) {
        if (gpu.atomicCAS(level, cols[e], -1, depth + 1) === -1) gpu.atomicOr(changed, 0, 1);
      }
    }
    gpu.barrier();
    const more = changed[0];
    gpu.barrier();
    if (more === 0) break;
    depth++;
  }
}`,
    grid: 1,
    block: 32,
    args: () => [GRAPH.rows, GRAPH.cols, new Int32Array(GRAPH.n), 3],
  },
  {
    name: 'connected components by label propagation in one block: atomicMin of neighbour labels until a sweep changes nothing',
    text: `function components(rows, cols, label, sweeps) {
  const v = gpu.threadIdx.x;
  const n = rows.length - 1;
  const changed = gpu.sharedArray(Int32Array, 1);
  if (v < n) label[v] = v;
  let count = 0;
  for (;;) {
    if (v === 0) changed[0] = 0;
    gpu.barrier();
    if (v < n) {
      const mine = gpu.atomicAdd(label, v, 0);
      for (let e = rows[v]; e < rows[v + 1]; e++) {
        if (gpu.atomicMin(label, cols[e], mine) > mine) gpu.atomicMax(changed, 0, 1);
      }
    }
    gpu.barrier();
    count++;
    const again = changed[0] !== 0;
    gpu.barrier();
    if (!again) break;
  }
  if (v === 0) sweeps[0] = count > 0 ? 1 : 0;
}`,
    grid: 1,
    block: 32,
    args: () => [GRAPH.rows, GRAPH.cols, new Int32Array(GRAPH.n), new Int32Array(1)],
  },
  {
    name: 'Bellman-Ford in one block: n - 1 rounds relaxing edges into a second array by atomicMin, unreachable as 2^30',
    text: `function bellmanFord(src, dst, w, dist, next, source) {
  const t = gpu.threadIdx.x;
  const n = dist.length;
  for (let v = t; v < n; v += gpu.blockDim.x) {
    dist[v] = v === source ? 0 : INF;
    next[v] = dist[v];
  }
  gpu.barrier();
  for (let round = 1; round < n; round++) {
    for (let e = t; e < w.length; e += gpu.blockDim.x) {
      const du = dist[src[e]];
      if (du < INF) gpu.atomicMin(next, dst[e], du + w[e]);
    }
    gpu.barrier();
    for (let v = t; v < n; v += gpu.blockDim.x) dist[v] = next[v];
    gpu.barrier();
  }
}`,
    grid: 1,
    block: 16,
    scope: () => ({ INF: 2 ** 30 }),
    args: () => {
      const m = 60;
      const r = randoms(m * 3, 913);
      return [
        Int32Array.from({ length: m }, (_, e) => (r[3 * e] as number) % 18),
        Int32Array.from({ length: m }, (_, e) => (r[3 * e + 1] as number) % 20),
        Int32Array.from({ length: m }, (_, e) => ((r[3 * e + 2] as number) % 15) - 2),
        new Int32Array(20),
        new Int32Array(20),
        0,
      ];
    },
  },
  {
    name: 'Floyd-Warshall in one 2-D block: a barrier per k, row and column k unchanged in their step, f64 with Infinity',
    text: `function floyd(d, n) {
  const i = gpu.threadIdx.y, j = gpu.threadIdx.x;
  for (let k = 0; k < n; k++) {
    const through = d[i * n + k] + d[k * n + j];
    gpu.barrier();
    if (through < d[i * n + j]) d[i * n + j] = through;
    gpu.barrier();
  }
}`,
    grid: 1,
    block: [12, 12],
    args: () => {
      const n = 12;
      const r = randoms(n * n, 914);
      const d = Float64Array.from({ length: n * n }, (_, k) => {
        const [i, j] = [Math.floor(k / n), k % n];
        if (i === j) return 0;
        const v = (r[k] as number) % 10;
        return v < 6 ? Number.POSITIVE_INFINITY : (v - 5) * 1.5;
      });
      return [d, n];
    },
  },
  {
    name: 'American put on a Cox-Ross-Rubinstein binomial tree per thread: a local Float64Array of 65 values, early exercise by Math.max',
    text: `function binomial(spot, strike, out, r, sigma, T) {
  const i = gpu.globalIdx.x;
  if (i >= spot.length) return;
  const dt = T / STEPS;
  const u = Math.exp(sigma * Math.sqrt(dt)), d = 1 / u;
  const disc = Math.exp(-r * dt);
  const p = (Math.exp(r * dt) - d) / (u - d);
  const v = new Float64Array(65);
  const S = spot[i], K = strike[i];
  for (let j = 0; j <= STEPS; j++) v[j] = Math.max(K - S * u ** (2 * j - STEPS), 0);
  for (let n = STEPS - 1; n >= 0; n--) {
    for (let j = 0; j <= n; j++) {
      const hold = disc * (p * v[j + 1] + (1 - p) * v[j]);
      v[j] = Math.max(hold, K - S * u ** (2 * j - n));
    }
  }
  out[i] = v[0];
}`,
    grid: 1,
    block: 32,
    scope: () => ({ STEPS: 64 }),
    args: () => [
      doubles(24, 915, (v) => 90 + (v % 21)),
      doubles(24, 916, (v) => 95 + (v % 11)),
      new Float64Array(24),
      0.03,
      0.25,
      0.75,
    ],
    ulps: 2,
  },
  {
    name: 'EWMA of price series per thread with a span from the scope: alpha = 2 / (span + 1), NaN gaps carried over',
    text: `function ewma(prices, out, len) {
  const s = gpu.globalIdx.x;
  if ((s + 1) * len > prices.length) return;
  const alpha = 2 / (SPAN + 1);
  let m = NaN;
  for (let t = 0; t < len; t++) {
    const p = prices[s * len + t];
    if (p !== p) {
      out[s * len + t] = m;
      continue;
    }
    m = m !== m ? p : alpha * p + (1 - alpha) * m;
    out[s * len + t] = m;
  }
}`,
    grid: 1,
    block: 16,
    scope: () => ({ SPAN: 9 }),
    args: () => {
      const len = 30;
      const p = doubles(10 * len, 917, (v) => (v % 1000) / 10 + 50);
      for (const k of [0, 31, 32, 65, 299, 100, 101, 102]) p[k] = Number.NaN;
      return [p, new Float64Array(10 * len), len];
    },
  },
  {
    name: 'SPH density with the poly6 kernel in f64: all pairs within h, h^2 - r^2 cubed, a scope constant mass',
    text: `function sphDensity(pos, rho, h) {
  const i = gpu.globalIdx.x;
  const n = rho.length;
  if (i >= n) return;
  const h2 = h * h;
  const coef = (315 / (64 * Math.PI * h ** 9)) * MASS;
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const dx = pos[3 * j] - pos[3 * i], dy = pos[3 * j + 1] - pos[3 * i + 1], dz = pos[3 * j + 2] - pos[3 * i + 2];
    const r2 = dx * dx + dy * dy + dz * dz;
    if (r2 < h2) {
      const q = h2 - r2;
      sum += q * q * q;
    }
  }
  rho[i] = coef * sum;
}`,
    grid: 2,
    block: 32,
    scope: () => ({ MASS: 0.02 }),
    args: () => [doubles(60 * 3, 918, (v) => (v % 1000) / 1000), new Float64Array(60), 0.3],
    ulps: 1,
  },
  {
    name: 'particle-in-cell charge deposit: cloud-in-cell weights on a periodic 1-D grid, atomicAdd of eighths in f64',
    text: `function deposit(x, q, rho, dx) {
  const p = gpu.globalIdx.x;
  if (p >= x.length) return;
  const n = rho.length;
  const s = x[p] / dx;
  // Math.floor gives a float: | 0 makes the cell an i32 (the float would index too).
  const cell = Math.floor(s) | 0;
  const frac = s - cell;
  const left = ((cell % n) + n) % n;
  const right = (left + 1) % n;
  gpu.atomicAdd(rho, left, q[p] * (1 - frac));
  gpu.atomicAdd(rho, right, q[p] * frac);
}`,
    grid: 3,
    block: 32,
    args: () => [
      // Positions on eighths of a cell (some negative, some past the box), charges of +-1 and 2:
      // every partial sum is exact, so the order of atomics does not show.
      doubles(90, 919, (v) => ((v % 200) - 40) / 8),
      doubles(90, 920, (v) => [1, -1, 2][v % 3] as number),
      new Float64Array(16),
      1,
    ],
  },
  {
    name: 'Ising model Metropolis sweep on a checkerboard in two launches: Philox-free hashed uniforms, exp of integer energies from a table',
    text: `function isingBlack(spin, seed, n) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= n || y >= n || ((x + y) & 1) !== 0) return;
  flip(spin, seed, n, x, y);
}`,
    second: {
      text: `function isingWhite(spin, seed, n) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= n || y >= n || ((x + y) & 1) !== 1) return;
  flip(spin, seed, n, x, y);
}`,
      grid: [2, 2],
      block: [8, 8],
    },
    grid: [2, 2],
    block: [8, 8],
    scope: () => ({
      flip: device(`function flip(spin, seed, n, x, y) {
  const s = spin[y * n + x];
  const nb = spin[y * n + (x + 1) % n] + spin[y * n + (x + n - 1) % n] + spin[((y + 1) % n) * n + x] + spin[((y + n - 1) % n) * n + x];
  const dE = 2 * s * nb;
  let h = Math.imul(y * n + x + 1, 0x9e3779b1) ^ seed;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  const u = ((h ^ (h >>> 15)) >>> 8) / 16777216;
  if (dE <= 0 || u < ACCEPT[dE >> 2]) spin[y * n + x] = -s;
}`),
      ACCEPT: Float64Array.from([1, Math.exp(-4 * 0.44), Math.exp(-8 * 0.44)]),
    }),
    args: () => [Int8Array.from(randoms(256, 921), (v) => (v & 1 ? 1 : -1)), 12345, 16],
  },
  {
    name: 'a chain of springs by velocity Verlet in f64: forces from neighbours with fixed ends, records of state per step',
    text: `function springs(x, v, xo, vo, steps, dt) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  let p = x[i], q = v[i];
  const lo = i > 0 ? x[i - 1] : 0, hi = i < x.length - 1 ? x[i + 1] : x.length + 1;
  // Neighbours held where they start: each particle oscillates in its own well.
  let a = K * (lo + hi - 2 * p);
  for (let s = 0; s < steps; s++) {
    const { pos, vel } = { pos: p + q * dt + 0.5 * a * dt * dt, vel: q };
    const a2 = K * (lo + hi - 2 * pos);
    q = vel + 0.5 * (a + a2) * dt;
    p = pos;
    a = a2;
  }
  xo[i] = p;
  vo[i] = q;
}`,
    grid: 1,
    block: 32,
    scope: () => ({ K: 4 }),
    args: () => [
      Float64Array.from({ length: 30 }, (_, i) => i + 1 + ((i * 7) % 5) / 10),
      doubles(30, 923, (v) => ((v % 21) - 10) / 20),
      new Float64Array(30),
      new Float64Array(30),
      50,
      0.01,
    ],
  },
  {
    name: 'a causal FIR filter in f64: taps from the scope, x[i - k] ?? 0 before the start, a grid-stride loop',
    text: `function fir(x, y) {
  for (let i = gpu.globalIdx.x; i < x.length; i += gpu.blockDim.x * gpu.gridDim.x) {
    let acc = 0;
    for (let k = 0; k < TAPS.length; k++) acc += TAPS[k] * (x[i - k] ?? 0);
    y[i] = acc;
  }
}`,
    grid: 2,
    block: 32,
    scope: () => ({ TAPS: [0.0625, 0.25, 0.375, 0.25, 0.0625, -0.125, 0.5] }),
    args: () => [doubles(150, 924, (v) => (v % 2001) / 100 - 10), new Float64Array(150)],
  },
  {
    name: 'a biquad low-pass (direct form II transposed) per channel in f64, coefficients as a record, states carried across samples',
    text: `function biquad(x, y, len, { b0, b1, b2, a1, a2 }) {
  const ch = gpu.globalIdx.x;
  if ((ch + 1) * len > x.length) return;
  let z1 = 0, z2 = 0;
  for (let t = 0; t < len; t++) {
    const inp = x[ch * len + t];
    const out = b0 * inp + z1;
    z1 = b1 * inp - a1 * out + z2;
    z2 = b2 * inp - a2 * out;
    y[ch * len + t] = out;
  }
}`,
    grid: 1,
    block: 8,
    args: () => {
      // Butterworth at a tenth of the sample rate, computed on the host.
      const w = (2 * Math.PI) / 10;
      const alpha = Math.sin(w) / Math.SQRT2;
      const a0 = 1 + alpha;
      const c = Math.cos(w);
      const coeffs = {
        b0: (1 - c) / 2 / a0,
        b1: (1 - c) / a0,
        b2: (1 - c) / 2 / a0,
        a1: (-2 * c) / a0,
        a2: (1 - alpha) / a0,
      };
      return [doubles(6 * 40, 925, (v) => ((v % 200) - 100) / 10), new Float64Array(240), 40, coeffs];
    },
  },
  {
    name: 'Goertzel power at one frequency bin a thread in f64: cos from the scope table, the recurrence s = x + c * s1 - s2',
    text: `function goertzel(x, power) {
  const k = gpu.globalIdx.x;
  if (k >= power.length) return;
  const c = COEF[k];
  let s1 = 0, s2 = 0;
  for (let i = 0; i < x.length; i++) {
    const s = x[i] + c * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  power[k] = s1 * s1 + s2 * s2 - c * s1 * s2;
}`,
    grid: 1,
    block: 32,
    scope: () => ({
      COEF: Float64Array.from({ length: 32 }, (_, k) => 2 * Math.cos((2 * Math.PI * k) / 64)),
    }),
    args: () => [
      Float64Array.from({ length: 64 }, (_, i) => ((i * 5) % 8) - 3.5 + (i % 3 === 0 ? 2 : 0)),
      new Float64Array(32),
    ],
  },
  {
    name: 'the JPEG 8x8 forward DCT in f64 with a cosine table, scaled by C(u)C(v)/4, quantised by Math.round of a table',
    text: `function dct8x8(img, coeffs, quant) {
  const blk = gpu.blockIdx.x;
  const u = gpu.threadIdx.y, v = gpu.threadIdx.x;
  const tile = gpu.sharedArray(Float64Array, 64);
  tile[u * 8 + v] = img[blk * 64 + u * 8 + v] - 128;
  gpu.barrier();
  let sum = 0;
  for (let x = 0; x < 8; x++)
    for (let y = 0; y < 8; y++) sum += tile[x * 8 + y] * COS[x * 8 + u] * COS[y * 8 + v];
  const cu = u === 0 ? Math.SQRT1_2 : 1, cv = v === 0 ? Math.SQRT1_2 : 1;
  const f = 0.25 * cu * cv * sum;
  coeffs[blk * 64 + u * 8 + v] = f;
  quant[blk * 64 + u * 8 + v] = Math.round(f / Q[u * 8 + v]);
}`,
    grid: 3,
    block: [8, 8],
    scope: () => ({
      COS: Float64Array.from({ length: 64 }, (_, k) =>
        Math.cos(((2 * Math.floor(k / 8) + 1) * (k % 8) * Math.PI) / 16),
      ),
      Q: Uint8Array.from({ length: 64 }, (_, k) => 16 + 3 * (Math.floor(k / 8) + (k % 8))),
    }),
    args: () => [bytes(192, 926), new Float64Array(192), new Int16Array(192)],
  },
  {
    name: 'NV12 to RGB (BT.601 integer form): chroma of 2x2 pixels, (298 * c + 409 * e + 128) >> 8 clamped into a Uint8ClampedArray-free u8',
    text: `function nv12(frame, rgb, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  const c = frame[y * w + x] - 16;
  const uv = w * h + (y >> 1) * w + (x & ~1);
  const d = frame[uv] - 128, e = frame[uv + 1] - 128;
  const o = 3 * (y * w + x);
  rgb[o] = Math.min(255, Math.max(0, (298 * c + 409 * e + 128) >> 8));
  rgb[o + 1] = Math.min(255, Math.max(0, (298 * c - 100 * d - 208 * e + 128) >> 8));
  rgb[o + 2] = Math.min(255, Math.max(0, (298 * c + 516 * d + 128) >> 8));
}`,
    grid: [2, 1],
    block: [8, 8],
    args: () => {
      const frame = bytes((NV12.w * NV12.h * 3) / 2, 927);
      frame.set([0, 255, 16, 235], 0);
      return [frame, new Uint8Array(NV12.w * NV12.h * 3), NV12.w, NV12.h];
    },
  },
  {
    name: 'premultiplied alpha blending of RGBA bytes: over operator with the exact divide by 255, ((t + 128) + ((t + 128) >> 8)) >> 8',
    text: `function over(src, dst, out) {
  const p = gpu.globalIdx.x;
  if (4 * p + 3 >= src.length) return;
  const a = src[4 * p + 3];
  for (let c = 0; c < 4; c++) {
    const t = dst[4 * p + c] * (255 - a) + 128;
    const scaled = (t + (t >> 8)) >> 8;
    out[4 * p + c] = src[4 * p + c] + scaled;
    // The same by division, as JavaScript would write it first.
    if (scaled !== Math.round((dst[4 * p + c] * (255 - a)) / 255)) out[4 * p + c] = 0;
  }
}`,
    grid: 2,
    block: 32,
    args: () => {
      const n = 60;
      const src = bytes(4 * n, 928);
      // Premultiplied: each colour at most its alpha.
      for (let p = 0; p < n; p++)
        for (let c = 0; c < 3; c++)
          src[4 * p + c] = Math.min(src[4 * p + c] as number, src[4 * p + 3] as number);
      src.set([0, 0, 0, 0, 255, 255, 255, 255], 0);
      return [src, bytes(4 * n, 929), new Uint8Array(4 * n)];
    },
  },
  {
    name: 'ordered dithering of f32 grey levels to 1 bit with a 4x4 Bayer matrix of the scope, thresholds (b + 0.5) / 16',
    text: `function bayer(img, out, w) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y * w + x >= img.length) return;
  const threshold = (BAYER[(y & 3) * 4 + (x & 3)] + 0.5) / 16;
  out[y * w + x] = img[y * w + x] > threshold ? 255 : 0;
}`,
    grid: [2, 2],
    block: [8, 4],
    scope: () => ({ BAYER: [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5] }),
    args: () => [
      Float32Array.from({ length: 13 * 7 }, (_, i) => ((i % 13) + Math.floor(i / 13)) / 19),
      new Uint8Array(13 * 7),
      13,
    ],
  },
  {
    name: 'an integral image in two launches: row prefix sums per thread, then column sums per thread, u32 sums of bytes',
    text: `function rowSums(img, sat, w, h) {
  const y = gpu.globalIdx.x;
  if (y >= h) return;
  let acc = 0;
  for (let x = 0; x < w; x++) {
    acc += img[y * w + x];
    sat[y * w + x] = acc;
  }
}`,
    second: {
      text: `function colSums(img, sat, w, h) {
  const x = gpu.globalIdx.x;
  if (x >= w) return;
  for (let y = 1; y < h; y++) sat[y * w + x] += sat[(y - 1) * w + x];
}`,
      grid: 1,
      block: 32,
    },
    grid: 1,
    block: 32,
    args: () => [bytes(23 * 17, 930), new Uint32Array(23 * 17), 23, 17],
  },
  {
    name: 'bicubic (Catmull-Rom) resampling of an f64 image by 3/4 with clamped taps, weights from a device function with early returns',
    text: `function bicubic(src, dst, sw, sh, dw, dh) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= dw || y >= dh) return;
  const sx = (x + 0.5) * (sw / dw) - 0.5, sy = (y + 0.5) * (sh / dh) - 0.5;
  const ix = Math.floor(sx) | 0, iy = Math.floor(sy) | 0;
  let acc = 0;
  for (let m = -1; m <= 2; m++) {
    const yy = Math.min(Math.max(iy + m, 0), sh - 1);
    const wy = cubicWeight(sy - (iy + m));
    for (let n = -1; n <= 2; n++) {
      const xx = Math.min(Math.max(ix + n, 0), sw - 1);
      acc += src[yy * sw + xx] * wy * cubicWeight(sx - (ix + n));
    }
  }
  dst[y * dw + x] = acc;
}`,
    grid: [2, 2],
    block: [8, 8],
    scope: () => ({ cubicWeight }),
    args: () => [doubles(16 * 12, 931, (v) => v % 256), new Float64Array(12 * 9), 16, 12, 12, 9],
  },
  {
    name: 'morphology on a binary u8 image: erosion then dilation (an opening) in two launches with a 3x3 cross, outside as background',
    text: `function erode(img, tmp, out, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  let v = img[y * w + x];
  if (x === 0 || !img[y * w + x - 1]) v = 0;
  if (x === w - 1 || !img[y * w + x + 1]) v = 0;
  if (y === 0 || !img[(y - 1) * w + x]) v = 0;
  if (y === h - 1 || !img[(y + 1) * w + x]) v = 0;
  tmp[y * w + x] = v;
}`,
    second: {
      text: `function dilate(img, tmp, out, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  // As conditions, && and || mix booleans and bytes freely.
  const at = (x > 0 && tmp[y * w + x - 1]) || (x < w - 1 && tmp[y * w + x + 1]) || (y > 0 && tmp[(y - 1) * w + x]) || (y < h - 1 && tmp[(y + 1) * w + x]) ? 1 : 0;
  out[y * w + x] = tmp[y * w + x] || at;
}`,
      grid: [3, 2],
      block: [8, 8],
    },
    grid: [3, 2],
    block: [8, 8],
    args: () => {
      const [w, h] = [21, 14];
      return [
        Uint8Array.from(randoms(w * h, 932), (v) => (v % 10 < 7 ? 1 : 0)),
        new Uint8Array(w * h),
        new Uint8Array(w * h),
        w,
        h,
      ];
    },
  },
  {
    name: 'census transform of a u8 image: a 5x5 window as 24 bits of a u32, Hamming distances to the right neighbour by popcount',
    text: `function census(img, bits, dist, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  const c = img[y * w + x];
  let code = 0;
  for (let dy = -2; dy <= 2; dy++)
    for (let dx = -2; dx <= 2; dx++) {
      if (dx === 0 && dy === 0) continue;
      const xx = Math.min(Math.max(x + dx, 0), w - 1), yy = Math.min(Math.max(y + dy, 0), h - 1);
      code = ((code << 1) | (img[yy * w + xx] < c ? 1 : 0)) >>> 0;
    }
  bits[y * w + x] = code;
  gpu.barrier();
  if (x + 1 < w) dist[y * w + x] = gpu.popcount(code ^ bits[y * w + x + 1]);
}`,
    grid: 1,
    block: [16, 12],
    args: () => [bytes(16 * 12, 933), new Uint32Array(16 * 12), new Int32Array(16 * 12), 16, 12],
  },
  {
    name: 'UTF-16 to UTF-8 per code unit: surrogate pairs joined by the high unit, lone surrogates as U+FFFD, lengths and four byte slots',
    text: `function utf16to8(units, out, lens) {
  const i = gpu.globalIdx.x;
  const n = units.length;
  if (i >= n) return;
  const u = units[i];
  let cp = u;
  if (u >= 0xdc00 && u <= 0xdfff) {
    // A low surrogate after a high one belongs to it.
    if (i > 0 && units[i - 1] >= 0xd800 && units[i - 1] <= 0xdbff) { lens[i] = 0; return; }
    cp = 0xfffd;
  } else if (u >= 0xd800 && u <= 0xdbff) {
    const lo = i + 1 < n ? units[i + 1] : 0;
    cp = lo >= 0xdc00 && lo <= 0xdfff ? 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00) : 0xfffd;
  }
  const o = 4 * i;
  if (cp < 0x80) { out[o] = cp; lens[i] = 1; }
  else if (cp < 0x800) { out[o] = 0xc0 | (cp >> 6); out[o + 1] = 0x80 | (cp & 63); lens[i] = 2; }
  else if (cp < 0x10000) { out[o] = 0xe0 | (cp >> 12); out[o + 1] = 0x80 | ((cp >> 6) & 63); out[o + 2] = 0x80 | (cp & 63); lens[i] = 3; }
  else {
    out[o] = 0xf0 | (cp >> 18); out[o + 1] = 0x80 | ((cp >> 12) & 63);
    out[o + 2] = 0x80 | ((cp >> 6) & 63); out[o + 3] = 0x80 | (cp & 63); lens[i] = 4;
  }
}`,
    grid: 1,
    block: 64,
    args: () => {
      const text = 'aé€😀\ud800x\udc00日本😀😀\udbff\udfff\u07ff\u0800\u007f';
      const units = Uint16Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
      return [units, new Uint8Array(4 * units.length), new Int32Array(units.length)];
    },
  },
  {
    name: 'base64 decoding of 4-character groups with a reverse table of the scope: padding by =, invalid characters flagged -1',
    text: `function b64decode(text, out, status) {
  const g = gpu.globalIdx.x;
  if (4 * g + 3 >= text.length) return;
  let acc = 0, pad = 0, bad = 0;
  for (let k = 0; k < 4; k++) {
    const ch = text[4 * g + k];
    let v = REV[ch];
    if (ch === 61) { v = 0; pad++; }
    else if (v < 0 || pad > 0) bad = 1;
    acc = (acc << 6) | v;
  }
  if (bad) { status[g] = -1; return; }
  out[3 * g] = acc >>> 16;
  if (pad < 2) out[3 * g + 1] = (acc >>> 8) & 255;
  if (pad < 1) out[3 * g + 2] = acc & 255;
  status[g] = 3 - pad;
}`,
    grid: 1,
    block: 32,
    scope: () => {
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      const rev = new Int8Array(256).fill(-1);
      for (let i = 0; i < 64; i++) rev[alphabet.charCodeAt(i)] = i;
      return { REV: rev };
    },
    args: () => {
      const s = `${Buffer.from('Many hands make light work.').toString('base64')}TWE=TQ==T!E=TQ=A////+++`;
      const text = Uint8Array.from(s, (c) => c.charCodeAt(0));
      return [text, new Uint8Array((3 * text.length) / 4), new Int32Array(text.length / 4)];
    },
  },
  {
    name: 'Boyer-Moore-Horspool search per pattern: a local Int32Array(256) skip table, the first match or -1, a labelled continue',
    text: `function horspool(hay, pats, offs, found) {
  const p = gpu.globalIdx.x;
  if (p + 1 >= offs.length) return;
  const start = offs[p], m = offs[p + 1] - start;
  const skip = new Int32Array(256);
  for (let c = 0; c < 256; c++) skip[c] = m;
  for (let k = 0; k < m - 1; k++) skip[pats[start + k]] = m - 1 - k;
  found[p] = -1;
  let at = 0;
  scan: while (at + m <= hay.length) {
    for (let k = m - 1; k >= 0; k--) {
      if (hay[at + k] !== pats[start + k]) {
        at += skip[hay[at + m - 1]];
        continue scan;
      }
    }
    found[p] = at;
    break;
  }
}`,
    grid: 1,
    block: 16,
    args: () => {
      const hay = Uint8Array.from(
        'the quick brown fox jumps over the lazy dog; the dog barks back at the fox',
        (c) => c.charCodeAt(0),
      );
      const words = ['fox', 'dog;', 'the', 'back', 'cat', 'x', 'k at', 'the fox', 'zzz', 'g; t'];
      const pats = Uint8Array.from(words.join(''), (c) => c.charCodeAt(0));
      const offs = Int32Array.from([0, ...words.map((_, i) => words.slice(0, i + 1).join('').length)]);
      return [hay, pats, offs, new Int32Array(words.length)];
    },
  },
  {
    name: 'Levenshtein distances of word pairs: one DP row in a local Int16Array, the diagonal kept in a variable, Math.min of three',
    text: `function levenshtein(a, aOff, b, bOff, dist) {
  const p = gpu.globalIdx.x;
  if (p + 1 >= aOff.length) return;
  const as = aOff[p], n = aOff[p + 1] - as, bs = bOff[p], m = bOff[p + 1] - bs;
  const row = new Int16Array(33);
  for (let j = 0; j <= m; j++) row[j] = j;
  for (let i = 1; i <= n; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= m; j++) {
      const up = row[j];
      row[j] = Math.min(up + 1, row[j - 1] + 1, diag + (a[as + i - 1] === b[bs + j - 1] ? 0 : 1));
      diag = up;
    }
  }
  dist[p] = row[m];
}`,
    grid: 1,
    block: 16,
    args: () => {
      const pairs = [
        ['kitten', 'sitting'],
        ['flaw', 'lawn'],
        ['', 'abc'],
        ['abc', ''],
        ['', ''],
        ['gumbo', 'gambol'],
        ['intention', 'execution'],
        ['same', 'same'],
        ['abcdefghijklmnopqrstuvwxyz', 'zyxwvutsrqponmlkjihgfedcba'],
        ['a', 'b'],
      ];
      const pack = (side: 0 | 1) => {
        const ws = pairs.map((p) => p[side] as string);
        return [
          Uint8Array.from(ws.join(''), (c) => c.charCodeAt(0)),
          Int32Array.from([0, ...ws.map((_, i) => ws.slice(0, i + 1).join('').length)]),
        ];
      };
      return [...pack(0), ...pack(1), new Int32Array(pairs.length)];
    },
  },
  {
    name: 'decimal fractions parsed from bytes: sign, digits, a point and an exponent, as an integer over a power of ten (exact to 2^53)',
    text: `function parseDecimal(text, offs, out) {
  const k = gpu.globalIdx.x;
  if (k + 1 >= offs.length) return;
  let i = offs[k];
  const end = offs[k + 1];
  let neg = false;
  if (text[i] === 45 || text[i] === 43) { neg = text[i] === 45; i++; }
  // A float literal keeps the mantissa f64: an integer one would make it an i32 that wraps past 2^31.
  let mant = 0.0, scale = 0, seenPoint = false, exp = 0;
  for (; i < end; i++) {
    const c = text[i];
    if (c === 46) { seenPoint = true; continue; }
    if (c === 101 || c === 69) break;
    mant = mant * 10 + (c - 48);
    if (seenPoint) scale++;
  }
  if (i < end) {
    i++;
    let eneg = false;
    if (text[i] === 45) { eneg = true; i++; }
    for (; i < end; i++) exp = exp * 10 + (text[i] - 48);
    if (eneg) exp = -exp;
  }
  const e = exp - scale;
  const v = e >= 0 ? mant * 10 ** e : mant / 10 ** -e;
  out[k] = neg ? -v : v;
}`,
    grid: 1,
    block: 32,
    args: () => {
      const ws = [
        '3.25',
        '-0.5',
        '+12',
        '0',
        '-0',
        '1e3',
        '2.5e-3',
        '123456.789',
        '-7.0e1',
        '0.1',
        '9007199254740991',
        '.75',
        '5.',
        '1E-1',
      ];
      return [
        Uint8Array.from(ws.join(''), (c) => c.charCodeAt(0)),
        Int32Array.from([0, ...ws.map((_, i) => ws.slice(0, i + 1).join('').length)]),
        new Float64Array(ws.length),
      ];
    },
  },
  {
    name: '3x3 matrix inverses by cofactors in f64: the determinant from a destructuring device function, singular matrices as NaN',
    text: `function inverse3(m, inv, dets) {
  const t = gpu.globalIdx.x;
  if (9 * t + 8 >= m.length) return;
  const o = 9 * t;
  const [a, b, c, d, e, f, g, h, k] = [m[o], m[o + 1], m[o + 2], m[o + 3], m[o + 4], m[o + 5], m[o + 6], m[o + 7], m[o + 8]];
  const det = det3([a, b, c, d, e, f, g, h, k]);
  dets[t] = det;
  const r = det === 0 ? NaN : 1 / det;
  inv[o] = (e * k - f * h) * r; inv[o + 1] = (c * h - b * k) * r; inv[o + 2] = (b * f - c * e) * r;
  inv[o + 3] = (f * g - d * k) * r; inv[o + 4] = (a * k - c * g) * r; inv[o + 5] = (c * d - a * f) * r;
  inv[o + 6] = (d * h - e * g) * r; inv[o + 7] = (b * g - a * h) * r; inv[o + 8] = (a * e - b * d) * r;
}`,
    grid: 1,
    block: 16,
    scope: () => ({ det3 }),
    args: () => {
      const m = doubles(9 * 12, 934, (v) => (v % 9) - 4);
      m.set([1, 2, 3, 2, 4, 6, 7, 8, 9], 0); // singular
      m.set([2, 0, 0, 0, 0.5, 0, 0, 0, -4], 9);
      return [m, new Float64Array(108), new Float64Array(12)];
    },
  },
  {
    name: 'Cholesky factorisation of 4x4 SPD matrices in f64 per thread, in place in a local array, Math.sqrt of pivots, not-SPD as -1',
    text: `function cholesky(a, l, status) {
  const t = gpu.globalIdx.x;
  if (16 * t + 15 >= a.length) return;
  const m = new Float64Array(16);
  for (let i = 0; i < 16; i++) m[i] = a[16 * t + i];
  status[t] = 0;
  outer: for (let j = 0; j < 4; j++) {
    let s = m[j * 4 + j];
    for (let k = 0; k < j; k++) s -= m[j * 4 + k] * m[j * 4 + k];
    if (!(s > 0)) {
      status[t] = -1;
      break outer;
    }
    m[j * 4 + j] = Math.sqrt(s);
    for (let i = j + 1; i < 4; i++) {
      let r = m[i * 4 + j];
      for (let k = 0; k < j; k++) r -= m[i * 4 + k] * m[j * 4 + k];
      m[i * 4 + j] = r / m[j * 4 + j];
    }
  }
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) l[16 * t + i * 4 + j] = j <= i ? m[i * 4 + j] : 0;
}`,
    grid: 1,
    block: 8,
    args: () => {
      const a = new Float64Array(16 * 8);
      const r = randoms(16 * 8, 935);
      for (let t = 0; t < 8; t++) {
        // B^T B + t I: symmetric, positive definite except for t = 0 with a singular B.
        const b = Array.from({ length: 16 }, (_, i) =>
          t === 0 && i >= 12 ? 0 : ((r[16 * t + i] as number) % 7) - 3,
        );
        for (let i = 0; i < 4; i++)
          for (let j = 0; j < 4; j++) {
            let s = i === j ? t * 0.5 : 0;
            for (let k = 0; k < 4; k++) s += (b[k * 4 + i] as number) * (b[k * 4 + j] as number);
            a[16 * t + i * 4 + j] = s;
          }
      }
      return [a, new Float64Array(16 * 8), new Int32Array(8)];
    },
  },
  {
    name: 'Math at subnormals and huge arguments: sqrt, cbrt, log2, log10, exp2 by **, sin and cos of 1e22 and 2^1000, hypot without overflow',
    text: `function mathEdges(x, sq, cb, l2, l10, sn, cs, hy, fr) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  sq[i] = Math.sqrt(v);
  cb[i] = Math.cbrt(v);
  l2[i] = Math.log2(v);
  l10[i] = Math.log10(v);
  sn[i] = Math.sin(v);
  cs[i] = Math.cos(v);
  hy[i] = Math.hypot(v, v);
  fr[i] = Math.fround(v);
}`,
    grid: 1,
    block: 32,
    args: () => {
      const xs = Float64Array.from([
        5e-324,
        -5e-324,
        2.2250738585072014e-308,
        2.225073858507201e-308,
        1e-310,
        1.401298464324817e-45,
        7e-46,
        1.1754942e-38,
        1e22,
        2 ** 1000,
        1e300,
        1.7976931348623157e308,
        -1e22,
        3.4028235677973366e38,
        3.4028234663852886e38,
        0.1,
      ]);
      const n = xs.length;
      return [xs, ...Array.from({ length: 8 }, () => new Float64Array(n))];
    },
    ulps: 1,
  },
  {
    name: 'Math.expm1, log1p, asinh, acosh and atanh where they matter: tiny arguments, 1 and -1, huge values, and -0',
    text: `function mathNearEdges(x, a, b, c, d, e) {
  const i = gpu.globalIdx.x;
  if (i >= x.length) return;
  const v = x[i];
  a[i] = Math.expm1(v);
  b[i] = Math.log1p(v);
  c[i] = Math.asinh(v);
  d[i] = Math.acosh(1 + Math.abs(v));
  e[i] = Math.atanh(v);
}`,
    grid: 1,
    block: 32,
    args: () => {
      const xs = Float64Array.from([
        0, -0, 1e-300, -1e-300, 5e-324, 1e-17, -1e-17, 1, -1, 1e-8, 0.5, -0.5, 1e300, -1e300, 710, -745,
        0.9999999999999999,
      ]);
      const n = xs.length;
      return [xs, ...Array.from({ length: 5 }, () => new Float64Array(n))];
    },
    ulps: 1,
  },
  {
    name: 'a half-float matrix-vector product: Float16Bits rows times an f32 vector, Math.fround each step, results rounded into Float16Bits',
    text: `function hgemv(A, x, y, n) {
  const row = gpu.globalIdx.x;
  if (row >= y.length) return;
  let acc = Math.fround(0);
  for (let k = 0; k < n; k++) acc = Math.fround(acc + Math.fround(A[row * n + k] * x[k]));
  y[row] = acc;
}`,
    grid: 1,
    block: 32,
    args: () => [
      Float16Bits.from(Array.from(randoms(24 * 20, 936), (v) => ((v % 2001) - 1000) / 64)),
      Float32Array.from(randoms(20, 937), (v) => ((v % 201) - 100) / 16),
      new Float16Bits(24),
      20,
    ],
  },
  {
    name: 'bf16 quantisation of an f32 image: stored into BFloat16Bits, read back, the error and a count of exact values by atomicAdd',
    text: `function bf16Quantise(img, q, err, exact) {
  const i = gpu.globalIdx.x;
  if (i >= img.length) return;
  q[i] = img[i];
  const back = q[i];
  err[i] = back - img[i];
  if (back === img[i]) gpu.atomicAdd(exact, 0, 1);
}`,
    grid: 2,
    block: 64,
    args: () => {
      const img = floats(120, 938, (v) => ((v % 100001) - 50000) / 777);
      img.set(
        [0, -0, 1, 256.5, 257, 3.4e38, -3.4e38, 1e-40, Number.NaN, Number.POSITIVE_INFINITY, 65536.5],
        0,
      );
      return [img, new BFloat16Bits(120), new Float32Array(120), new Uint32Array(1)];
    },
  },
  {
    name: 'warp rotations and broadcasts: shuffle from (lane + 1) & 31, lane 0 broadcast, an i32 all-reduce minimum by shuffleXor, a u32 scan that wraps',
    text: `function warpOps(x, rot, bcast, mins, scan) {
  const i = gpu.globalIdx.x;
  const lane = gpu.laneId;
  const v = x[i];
  rot[i] = gpu.shuffle(v, (lane + 1) & 31);
  bcast[i] = gpu.shuffle(v, 0);
  let m = v;
  for (let o = 16; o > 0; o >>= 1) m = Math.min(m, gpu.shuffleXor(m, o));
  mins[i] = m;
  let s = v >>> 0;
  for (let d = 1; d < 32; d <<= 1) {
    const up = gpu.shuffleUp(s, d);
    if (lane >= d) s = (s + up) >>> 0;
  }
  scan[i] = s;
}`,
    grid: 2,
    block: 64,
    args: () => {
      const x = Int32Array.from(randoms(128, 939), (v) => v | 0);
      x.set([-2147483648, 2147483647, -1, 0], 40);
      return [x, new Int32Array(128), new Int32Array(128), new Int32Array(128), new Uint32Array(128)];
    },
  },
  {
    name: 'gcd and modular inverse by the extended Euclid algorithm, pairs stepped through destructuring declarations',
    text: `function extendedEuclid(a, m, g, inv) {
  const i = gpu.globalIdx.x;
  if (i >= a.length) return;
  let [r0, r1] = [a[i], m[i]];
  let [s0, s1] = [1, 0];
  while (r1 !== 0) {
    const q = (r0 / r1) | 0;
    // Destructuring assignment is refused (documented): a declaration per step instead.
    const [nr, ns] = [r0 - q * r1, s0 - q * s1];
    r0 = r1; r1 = nr;
    s0 = s1; s1 = ns;
  }
  g[i] = r0;
  inv[i] = r0 === 1 ? ((s0 % m[i]) + m[i]) % m[i] : -1;
}`,
    grid: 1,
    block: 32,
    args: () => {
      const m = Int32Array.from(randoms(30, 940), (v) => 2 + (v % 100000));
      m.set([1000000007, 65537, 12, 1], 0);
      const a = Int32Array.from(randoms(30, 941), (v) => 1 + (v % 99999));
      a.set([123456789, 3, 8, 5], 0);
      return [a, m, new Int32Array(30), new Int32Array(30)];
    },
  },
  {
    name: 'max pooling 2x2 with NaN propagated by Math.max, and average pooling 3x3 stride 2 in ceil mode dividing by the window inside',
    text: `function pools(img, w, h, mx, avg, ow, aw, ah) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x < ow && 2 * y + 1 < h) {
    mx[y * ow + x] = Math.max(img[2 * y * w + 2 * x], img[2 * y * w + 2 * x + 1], img[(2 * y + 1) * w + 2 * x], img[(2 * y + 1) * w + 2 * x + 1]);
  }
  if (x < aw && y < ah) {
    let sum = 0, count = 0;
    for (let dy = 0; dy < 3; dy++)
      for (let dx = 0; dx < 3; dx++) {
        const yy = 2 * y + dy, xx = 2 * x + dx;
        if (yy >= h || xx >= w) continue;
        sum += img[yy * w + xx];
        count++;
      }
    avg[y * aw + x] = sum / count;
  }
}`,
    grid: 1,
    block: [8, 8],
    args: () => {
      const [w, h] = [11, 9];
      const img = doubles(w * h, 942, (v) => (v % 1000) / 8);
      img[3] = Number.NaN;
      img[40] = -0;
      img[41] = Number.NEGATIVE_INFINITY;
      return [img, w, h, new Float64Array(5 * 4), new Float64Array(5 * 4), 5, 5, 4];
    },
  },
  {
    name: 'im2col for a 3x3 convolution with padding 1 and stride 2 over a C x H x W i16 tensor, zeros for the padding',
    text: `function im2col(input, cols, C, H, W, OH, OW) {
  const col = gpu.globalIdx.x;
  const row = gpu.globalIdx.y;
  if (col >= OH * OW || row >= C * 9) return;
  const c = (row / 9) | 0, ky = ((row % 9) / 3) | 0, kx = row % 3;
  const oy = (col / OW) | 0, ox = col % OW;
  const iy = oy * 2 - 1 + ky, ix = ox * 2 - 1 + kx;
  cols[row * OH * OW + col] = iy >= 0 && iy < H && ix >= 0 && ix < W ? input[(c * H + iy) * W + ix] : 0;
}`,
    grid: [1, 2],
    block: [32, 16],
    args: () => [
      Int16Array.from(randoms(3 * 7 * 9, 943), (v) => (v % 65536) - 32768),
      new Int16Array(27 * 4 * 5),
      3,
      7,
      9,
      4,
      5,
    ],
  },
  {
    name: 'an Adam optimiser step in f32 arrays with f64 arithmetic: bias corrections by ** of the step, Math.sqrt, moments updated in place',
    text: `function adam(p, g, m, v, step, lr) {
  const i = gpu.globalIdx.x;
  if (i >= p.length) return;
  m[i] = B1 * m[i] + (1 - B1) * g[i];
  v[i] = B2 * v[i] + (1 - B2) * g[i] * g[i];
  const mhat = m[i] / (1 - B1 ** step);
  const vhat = v[i] / (1 - B2 ** step);
  p[i] -= (lr * mhat) / (Math.sqrt(vhat) + EPS);
}`,
    grid: 2,
    block: 64,
    scope: () => ({ B1: 0.9, B2: 0.999, EPS: 1e-8 }),
    args: () => [
      floats(100, 944, (v) => ((v % 2001) - 1000) / 500),
      floats(100, 945, (v) => ((v % 2001) - 1000) / 5000),
      floats(100, 946, (v) => ((v % 201) - 100) / 5000),
      floats(100, 947, (v) => (v % 100) / 100000),
      7,
      0.001,
    ],
    ulps: 2,
  },
  {
    name: 'an embedding bag: rows gathered by i32 indices with -1 as padding, summed into bags by atomicAdd of small integers in f32',
    text: `function embeddingBag(table, idx, bagOf, out, dim) {
  const t = gpu.globalIdx.x;
  const e = (t / dim) | 0, d = t % dim;
  if (e >= idx.length) return;
  const row = idx[e];
  if (row < 0) return;
  gpu.atomicAdd(out, bagOf[e] * dim + d, table[row * dim + d]);
}`,
    grid: 4,
    block: 64,
    args: () => {
      const dim = 8;
      const n = 30;
      return [
        Float32Array.from(randoms(20 * dim, 948), (v) => (v % 19) - 9),
        Int32Array.from(randoms(n, 949), (v) => (v % 23) - 3),
        Int32Array.from({ length: n }, (_, e) => Math.floor(e / 4)),
        new Float32Array(8 * dim),
        dim,
      ];
    },
  },
  {
    name: 'top-4 of each row by insertion into local arrays, ties broken by the lower index, NaN treated as smallest',
    text: `function topK(x, vals, idx, cols) {
  const r = gpu.globalIdx.x;
  if ((r + 1) * cols > x.length) return;
  const bv = new Float32Array(4);
  const bi = new Int32Array(4);
  for (let k = 0; k < 4; k++) { bv[k] = -Infinity; bi[k] = -1; }
  for (let c = 0; c < cols; c++) {
    const v = x[r * cols + c];
    if (v !== v) continue;
    let k = 3;
    if (bi[k] >= 0 && !(v > bv[k])) continue;
    while (k > 0 && (bi[k - 1] < 0 || v > bv[k - 1])) {
      bv[k] = bv[k - 1];
      bi[k] = bi[k - 1];
      k--;
    }
    bv[k] = v;
    bi[k] = c;
  }
  for (let k = 0; k < 4; k++) { vals[r * 4 + k] = bv[k]; idx[r * 4 + k] = bi[k]; }
}`,
    grid: 1,
    block: 16,
    args: () => {
      const cols = 13;
      const x = floats(12 * cols, 950, (v) => (v % 9) - 4);
      x.set([Number.NaN, Number.NaN, Number.NaN], cols);
      x.set([Number.POSITIVE_INFINITY, -0, 0, Number.NEGATIVE_INFINITY], 2 * cols);
      return [x, new Float32Array(48), new Int32Array(48), cols];
    },
  },
  {
    name: 'a k-means assignment step in f32: the nearest of 5 centroids by squared distance, ties to the first, members counted by atomicAdd',
    text: `function assign(pts, cents, label, counts) {
  const i = gpu.globalIdx.x;
  if (2 * i + 1 >= pts.length) return;
  const px = pts[2 * i], py = pts[2 * i + 1];
  let best = 0, bestD = Infinity;
  for (let c = 0; c < counts.length; c++) {
    const dx = px - cents[2 * c], dy = py - cents[2 * c + 1];
    const d = dx * dx + dy * dy;
    if (d < bestD) { bestD = d; best = c; }
  }
  label[i] = best;
  gpu.atomicAdd(counts, best, 1);
}`,
    grid: 2,
    block: 64,
    args: () => [
      floats(200, 951, (v) => (v % 64) / 4),
      Float32Array.of(2, 2, 12, 3, 7, 8, 3, 13, 13, 13),
      new Int32Array(100),
      new Int32Array(5),
    ],
  },
  {
    name: 'a lattice Boltzmann D2Q9 BGK collision in f64: density and velocity moments, equilibria from weight and direction tables',
    text: `function lbmCollide(f, out, omega) {
  const c = gpu.globalIdx.x;
  const n = (f.length / 9) | 0;
  if (c >= n) return;
  let rho = 0, ux = 0, uy = 0;
  for (let q = 0; q < 9; q++) {
    const v = f[q * n + c];
    rho += v;
    ux += v * CX[q];
    uy += v * CY[q];
  }
  ux /= rho;
  uy /= rho;
  const usq = ux * ux + uy * uy;
  for (let q = 0; q < 9; q++) {
    const cu = CX[q] * ux + CY[q] * uy;
    const feq = W[q] * rho * (1 + 3 * cu + 4.5 * cu * cu - 1.5 * usq);
    out[q * n + c] = f[q * n + c] - omega * (f[q * n + c] - feq);
  }
}`,
    grid: 2,
    block: 32,
    scope: () => ({
      CX: [0, 1, 0, -1, 0, 1, -1, -1, 1],
      CY: [0, 0, 1, 0, -1, 1, 1, -1, -1],
      W: [4 / 9, 1 / 9, 1 / 9, 1 / 9, 1 / 9, 1 / 36, 1 / 36, 1 / 36, 1 / 36],
    }),
    args: () => [doubles(9 * 50, 952, (v) => 0.05 + (v % 1000) / 20000), new Float64Array(9 * 50), 1.7],
  },
  {
    name: 'Bresenham lines into an i32 canvas: one line a thread, all octants, overlapping pixels keep the highest line id by atomicMax',
    text: `function lines(seg, canvas, w) {
  const id = gpu.globalIdx.x;
  if (4 * id + 3 >= seg.length) return;
  let x0 = seg[4 * id], y0 = seg[4 * id + 1];
  const x1 = seg[4 * id + 2], y1 = seg[4 * id + 3];
  const dx = Math.abs(x1 - x0), dy = -Math.abs(y1 - y0);
  const sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  for (;;) {
    gpu.atomicMax(canvas, y0 * w + x0, id);
    if (x0 === x1 && y0 === y1) break;
    const e2 = 2 * err;
    if (e2 >= dy) { err += dy; x0 += sx; }
    if (e2 <= dx) { err += dx; y0 += sy; }
  }
}`,
    grid: 1,
    block: 32,
    args: () => {
      const r = randoms(20 * 4, 953);
      const seg = Int32Array.from(r, (v, k) => v % (k % 2 === 0 ? 24 : 16));
      seg.set([3, 3, 3, 3, 0, 0, 23, 15, 23, 0, 0, 15], 0);
      return [seg, new Int32Array(24 * 16).fill(-1), 24];
    },
  },
  {
    name: 'triangle rasterisation by integer edge functions with the top-left rule: coverage counted per pixel, shared edges drawn once',
    text: `function raster(tris, cover, w, h) {
  const x = gpu.globalIdx.x, y = gpu.globalIdx.y;
  if (x >= w || y >= h) return;
  // Pixel centres at (x + 0.5, y + 0.5), in units of halves: integers throughout.
  const px = 2 * x + 1, py = 2 * y + 1;
  let count = 0;
  for (let t = 0; t + 5 < tris.length; t += 6) {
    let inside = true;
    for (let e = 0; e < 3; e++) {
      const ax = 2 * tris[t + 2 * e], ay = 2 * tris[t + 2 * e + 1];
      const k = (e + 1) % 3;
      const bx = 2 * tris[t + 2 * k], by = 2 * tris[t + 2 * k + 1];
      const f = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
      const topLeft = (ay === by && bx < ax) || by < ay;
      if (f < 0 || (f === 0 && !topLeft)) { inside = false; break; }
    }
    if (inside) count++;
  }
  cover[y * w + x] = count;
}`,
    grid: [2, 2],
    block: [8, 8],
    args: () => [
      // Two triangles sharing a diagonal, counter-clockwise in y-down screen space, and a sliver.
      Int32Array.of(1, 1, 1, 12, 14, 1, 14, 1, 1, 12, 14, 12, 0, 13, 0, 15, 15, 15),
      new Int32Array(16 * 16),
      16,
      16,
    ],
  },
  {
    name: 'quaternion rotations of f64 vectors: records for quaternions, a Hamilton product device function, q v q* against the matrix form',
    text: `function rotate(q, v, out, diff) {
  const i = gpu.globalIdx.x;
  if (4 * i + 3 >= q.length || 3 * i + 2 >= v.length) return;
  const len = Math.hypot(q[4 * i], q[4 * i + 1], q[4 * i + 2], q[4 * i + 3]);
  const r = { w: q[4 * i] / len, x: q[4 * i + 1] / len, y: q[4 * i + 2] / len, z: q[4 * i + 3] / len };
  const p = { w: 0, x: v[3 * i], y: v[3 * i + 1], z: v[3 * i + 2] };
  const { x, y, z } = hamilton(hamilton(r, p), { w: r.w, x: -r.x, y: -r.y, z: -r.z });
  out[3 * i] = x; out[3 * i + 1] = y; out[3 * i + 2] = z;
  const mx = (1 - 2 * (r.y * r.y + r.z * r.z)) * p.x + 2 * (r.x * r.y - r.w * r.z) * p.y + 2 * (r.x * r.z + r.w * r.y) * p.z;
  diff[i] = Math.abs(mx - x) < 1e-12 ? 0 : 1;
}`,
    grid: 1,
    block: 32,
    scope: () => ({
      hamilton: device(`function hamilton(a, b) {
  return {
    w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
    x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
    y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
    z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w,
  };
}`),
    }),
    args: () => [
      doubles(4 * 20, 954, (v) => ((v % 201) - 100) / 50 + 0.01),
      doubles(3 * 20, 955, (v) => ((v % 2001) - 1000) / 100),
      new Float64Array(60),
      new Int32Array(20),
    ],
    ulps: 1,
  },
  {
    name: 'launch-size arithmetic: ceil division (a + b - 1) / b | 0, power-of-two modulo by & (b - 1) of negatives against %, alignment up and down',
    text: `function sizes(a, b, ceil, andMod, rem, up, down) {
  const i = gpu.globalIdx.x;
  if (i >= a.length) return;
  const x = a[i], p = 1 << b[i];
  ceil[i] = ((x + p - 1) / p) | 0;
  andMod[i] = x & (p - 1);
  rem[i] = x % p;
  up[i] = (x + p - 1) & -p;
  down[i] = x & ~(p - 1);
}`,
    grid: 1,
    block: 64,
    args: () => {
      const a = Int32Array.from(randoms(48, 956), (v) => (v % 20001) - 10000);
      // x + p - 1 stays inside i32 (past it, i32 sums wrap where JavaScript's do not: documented).
      a.set([0, -1, 1, 2147483000, -2147483648, 4096, -4096, 4095], 0);
      const b = Int32Array.from(randoms(48, 957), (v) => v % 13);
      b.set([0, 1, 31, 4, 4, 12, 12, 30], 0);
      return [a, b, ...Array.from({ length: 5 }, () => new Int32Array(48))];
    },
  },
  {
    name: 'a 2-D pattern search with labelled loops: continue of the position loop from the innermost, break of the row loop after a match',
    text: `function find2d(grid, w, h, pat, pw, ph, hits, first) {
  const t = gpu.globalIdx.x;
  if (t >= pat.length / (pw * ph)) return;
  const base = t * pw * ph;
  let count = 0, at = -1;
  rows: for (let y = 0; y + ph <= h; y++) {
    cols: for (let x = 0; x + pw <= w; x++) {
      for (let dy = 0; dy < ph; dy++)
        for (let dx = 0; dx < pw; dx++)
          if (grid[(y + dy) * w + x + dx] !== pat[base + dy * pw + dx]) continue cols;
      count++;
      if (at < 0) at = y * w + x;
      if (count === 3) break rows;
    }
  }
  hits[t] = count;
  first[t] = at;
}`,
    grid: 1,
    block: 8,
    args: () => {
      const [w, h] = [20, 14];
      const grid = bytes(w * h, 958, 3);
      const pat = new Uint8Array(6 * 4);
      // Patterns cut from the grid (found at least once) and one of 7s (never).
      for (const [t, [x, y]] of (
        [
          [0, 0],
          [5, 5],
          [18, 12],
          [3, 9],
          [10, 0],
        ] as const
      ).entries())
        for (let dy = 0; dy < 2; dy++)
          for (let dx = 0; dx < 2; dx++) pat[t * 4 + dy * 2 + dx] = grid[(y + dy) * w + x + dx] as number;
      pat.fill(7, 20);
      return [grid, w, h, pat, 2, 2, new Int32Array(6), new Int32Array(6)];
    },
  },
  {
    name: 'an optimal 8-input sorting network from a table of the scope: compare-exchanges on a local Float32Array with -0, 0 and infinities',
    text: `function sort8(x, y) {
  const t = gpu.globalIdx.x;
  if (8 * t + 7 >= x.length) return;
  const v = new Float32Array(8);
  for (let i = 0; i < 8; i++) v[i] = x[8 * t + i];
  for (let k = 0; k < NET.length; k += 2) {
    const a = NET[k], b = NET[k + 1];
    if (v[b] < v[a]) {
      const tmp = v[a];
      v[a] = v[b];
      v[b] = tmp;
    }
  }
  for (let i = 0; i < 8; i++) y[8 * t + i] = v[i];
}`,
    grid: 1,
    block: 16,
    scope: () => ({
      NET: [
        0, 2, 1, 3, 4, 6, 5, 7, 0, 4, 1, 5, 2, 6, 3, 7, 0, 1, 2, 3, 4, 5, 6, 7, 2, 4, 3, 5, 1, 4, 3, 6, 1, 2,
        3, 4, 5, 6,
      ],
    }),
    args: () => {
      const x = floats(8 * 12, 959, (v) => (v % 41) - 20);
      x.set([0, -0, 0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1, -1], 0);
      return [x, new Float32Array(96)];
    },
  },
  {
    name: 'RGBA f32 pixels read as four neighbouring elements: luminance, premultiplication and a swizzle to BGRA, a partial last block',
    text: `function rgbaOps(px, lum, pre, bgra) {
  const p = gpu.globalIdx.x;
  if (4 * p + 3 >= px.length) return;
  const r = px[4 * p], g = px[4 * p + 1], b = px[4 * p + 2], a = px[4 * p + 3];
  lum[p] = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  pre[4 * p] = r * a; pre[4 * p + 1] = g * a; pre[4 * p + 2] = b * a; pre[4 * p + 3] = a;
  bgra[4 * p] = b; bgra[4 * p + 1] = g; bgra[4 * p + 2] = r; bgra[4 * p + 3] = a;
}`,
    grid: 2,
    block: 32,
    args: () => [
      floats(4 * 50, 960, (v) => (v % 256) / 255),
      new Float32Array(50),
      new Float32Array(200),
      new Float32Array(200),
    ],
    ulps: 2,
  },
  {
    name: 'run-length decoding: an output element a thread finds its run by binary search over an exclusive scan of the lengths',
    text: `function rleDecode(starts, values, out, total) {
  const i = gpu.globalIdx.x;
  if (i >= total) return;
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= i) lo = mid;
    else hi = mid - 1;
  }
  out[i] = values[lo];
}`,
    grid: 3,
    block: 32,
    args: () => {
      const lens = Array.from(randoms(25, 961), (v) => (v % 5) + (v % 7 === 0 ? 0 : 1));
      const starts = Int32Array.from(lens, (_, k) => lens.slice(0, k).reduce((a, b) => a + b, 0));
      const total = lens.reduce((a, b) => a + b, 0);
      return [starts, Uint8Array.from(randoms(25, 962), (v) => v & 255), new Uint8Array(total), total];
    },
  },
  {
    name: 'u64 hashing with BigInt literals past 2^63: one passed to a device function, a limit merged from two, compared and reduced by %',
    text: `function topBits(seeds, out, hi) {
  const i = gpu.globalIdx.x;
  if (i >= seeds.length) return;
  const z = mix(mix(seeds[i], 0x9e3779b97f4a7c15n), 0xbf58476d1ce4e5b9n);
  let limit = 0xffffffffffffffffn;
  if (i % 3 === 0) limit = 0x8000000000000000n;
  out[i] = z % 1000003n;
  hi[i] = z >= limit ? 1 : z > 0x7fffffffffffffffn ? 2 : 0;
}`,
    grid: 1,
    block: 64,
    scope: () => ({
      mix: device(`function mix(x, c) {
  return BigInt.asUintN(64, (x ^ (x >> 31n)) * c);
}`),
    }),
    args: () => {
      const r = words(80, 963);
      const seeds = BigUint64Array.from(
        { length: 40 },
        (_, i) => (BigInt(r[2 * i] as number) << 32n) | BigInt(r[2 * i + 1] as number),
      );
      seeds.set([0n, 2n ** 64n - 1n, 2n ** 63n], 0);
      return [seeds, new BigUint64Array(40), new Int32Array(40)];
    },
  },
  {
    name: 'a stencil in f32 whose edges fall through ?? from reads inside ?:, a sequence, || and &&, with an always-throwing helper on a path never taken',
    text: `function edges(x, y, o) {
  const i = gpu.globalIdx.x;
  if (i >= o.length) return;
  let k = 0;
  const left = (i % 2 ? x[i - 1] : y[i - 2]) ?? 0.5;
  const right = (k++, x[i + 1]) ?? (x[i + 2] || y[i + 3]) ?? -1;
  const both = (x[i - 3] && y[i + 3]) ?? -2;
  o[i] = left + 10 * right + 100 * both + k;
  if (x[i] > 1e6) o[i] = fail(x[i]) * 2;
  o[i] += x[i] < -1e6 ? fail(i) : y[i];
}`,
    grid: 1,
    block: 64,
    scope: () => ({ fail: device(`function fail(v) { throw new Error('out of range'); }`) }),
    args: () => {
      const x = floats(48, 971, (v) => (v % 7) - 2);
      const y = floats(48, 972, (v) => (v % 5) - 2);
      return [x, y, new Float32Array(48)];
    },
  },
  {
    name: 'literal conditions choosing between a u32 and an f32: merged in f64 whatever the condition, as the arithmetic after shows',
    text: `function literals(x, n, o) {
  const i = gpu.globalIdx.x;
  if (i >= o.length) return;
  const DEBUG = false;
  o[i] = (DEBUG ? n[i] : Math.fround(x[i])) / 3 + (true ? Math.fround(x[i]) : n[i] >>> 1) * 0.1;
}`,
    grid: 1,
    block: 32,
    args: () => [doubles(32, 973, (v) => v / 1e6), Uint32Array.from(words(32, 974)), new Float64Array(32)],
  },
];
