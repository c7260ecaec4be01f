// BigInts (i64, u64) through WebGPU, each value two 32-bit words in WGSL, against the reference
// runner: arithmetic modulo 2^64, shifts with gpuc's counts, comparisons, bit counts, and
// Number(x) stored into 32-bit arrays through the double JavaScript rounds it to.
import { runReference } from '@gpuc/core';
import { parseType } from '@gpuc/core/compiler';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compileWGSL,
  hasWebGPU,
  launchWebGPU,
  releaseWebGPU,
  runWGSL,
  warpRoute,
  webgpuCompiler,
  webgpuDevice,
} from '../src/index.js';
import { both, fromText, kernel } from './both.js';

const available = await hasWebGPU();
afterAll(releaseWebGPU);

/** Values that reach every word boundary, sign and rounding case of the operations. */
const VALUES = [
  0n,
  1n,
  -1n,
  2n ** 31n,
  2n ** 32n - 1n,
  2n ** 32n,
  2n ** 53n + 1n,
  2n ** 53n + 3n,
  2n ** 63n - 1n,
  -(2n ** 63n),
  0x123456789abcdef0n,
  -0x0fedcba987654321n,
  2n ** 54n + 2n ** 30n + 1n,
  2n ** 40n + 2n ** 16n - 1n,
  (2n ** 24n + 1n) * 2n ** 30n,
  5n,
  -7n,
  63n,
  64n,
  -65n,
];

/** Every value, with every other one: VALUES, and VALUES in another order. */
const operands = () => [
  BigInt64Array.from(VALUES),
  BigInt64Array.from({ length: VALUES.length }, (_, i) => VALUES[(i * 7 + 3) % VALUES.length] as bigint),
];

describe.skipIf(!available)('BigInts on WebGPU', () => {
  // Every BigInt result is stored into a BigInt array (which wraps JavaScript's exact result as
  // gpuc computes, modulo 2^64) or given to Number() within its type's range.
  const ops = kernel(`function ops(a, b, s, r, u, words, floats) {
    const i = gpu.globalIdx.x;
    if (i >= a.length) return;
    const x = a[i];
    const y = b[i];
    const n = s[i];
    const k = i * 6;
    r[k] = x + y;
    r[k + 1] = x * y;
    r[k + 2] = x << n;
    r[k + 3] = x >> n;
    r[k + 4] = x - y;
    r[k + 5] = (~x ^ (y & 0xffn)) | -y;
    const v = u64(x);
    const w = u64(y);
    u[k] = v >> w;
    u[k + 1] = v << 3n;
    u[k + 2] = v * w + u64(BigInt(i)) * 3n;
    u[k + 3] = v >> (w & 63n);
    u[k + 4] = v - w;
    u[k + 5] = ~v;
    words[k] = gpu.popcount(x ^ ~y);
    words[k + 1] = (x < y ? 1 : 0) + (x <= y ? 2 : 0) + (x == y ? 4 : 0) + (x != y ? 8 : 0) + (x > 0n ? 16 : 0);
    words[k + 2] = (v < w ? 1 : 0) + (v >= w ? 2 : 0) + gpu.popcount(v) * 4 + (v ? 1000 : 0);
    words[k + 3] = Number(x);
    words[k + 4] = Number(v >> 40n) >>> 0;
    words[k + 5] = i32(Number(x ^ y));
    floats[i * 3] = Number(x);
    floats[i * 3 + 1] = Number(v);
    floats[i * 3 + 2] = Number(x & y);
  }`);
  const count = VALUES.length * 3;
  const make = () => {
    const a = BigInt64Array.from({ length: count }, (_, i) => VALUES[i % VALUES.length] as bigint);
    const b = BigInt64Array.from({ length: count }, (_, i) => VALUES[(i * 7 + 3) % VALUES.length] as bigint);
    const s = BigInt64Array.from({ length: count }, (_, i) => BigInt((i % 9) * 11 - 40));
    return [
      a,
      b,
      s,
      new BigInt64Array(count * 6),
      new BigUint64Array(count * 6),
      new Int32Array(count * 6),
      new Float32Array(count * 3),
    ];
  };

  it('computes BigInt arithmetic, shifts, comparisons and Number() as the reference does', async () => {
    const { expected, actual } = await both(ops, { grid: 2, block: 32 }, make);
    expect(actual).toEqual(expected);
  });

  it('shifts a u64 by an i64 count (a negative one the other way) and an i64 by a u64 count', async () => {
    const shifts = kernel(`function shifts(a, s, u, r) {
      const i = gpu.globalIdx.x;
      if (i >= a.length) return;
      const v = u64(a[i]), n = s[i], m = u64(s[i] & 63n);
      u[i * 2] = v >> n;
      u[i * 2 + 1] = v << n;
      r[i * 2] = a[i] >> m;
      r[i * 2 + 1] = a[i] << m;
    }`);
    const make = () => {
      const [a] = operands();
      const s = BigInt64Array.from(VALUES, (_, i) => BigInt((i % 9) * 17 - 70));
      return [a, s, new BigUint64Array(VALUES.length * 2), new BigInt64Array(VALUES.length * 2)];
    };
    const { expected, actual } = await both(shifts, { grid: 1, block: 32 }, make);
    expect(actual).toEqual(expected);
  });

  it('keeps BigInts in local arrays and loop-carried variables', async () => {
    const sums = kernel(`function sums(a, out) {
      const i = gpu.globalIdx.x;
      const parts = new BigUint64Array(4);
      let total = 0n;
      for (let j = 0; j < 4; j++) { parts[j] = u64(a[(i + j) % a.length]) * 3n; total = total + parts[j]; }
      out[i] = total ^ parts[i % 4];
    }`);
    const make = () => [
      BigInt64Array.from({ length: 20 }, (_, i) => VALUES[i] as bigint),
      new BigUint64Array(20),
    ];
    const { expected, actual } = await both(sums, { grid: 1, block: 20 }, make);
    expect(actual).toEqual(expected);
  });

  it('passes BigInt arrays, local and global, to device functions', async () => {
    const scope = {
      total: fromText(
        '(a, n) => { let s = 0n; for (let j = 0; j < n; j++) s = s + a[j]; return Number(s & 0xffffn) | 0; }',
      ),
    };
    const sums = kernel(`function sums(a, out) {
      const i = gpu.globalIdx.x;
      const mine = new BigInt64Array(3);
      for (let j = 0; j < 3; j++) mine[j] = a[(i + j) % a.length] * -3n;
      out[i] = total(mine, 3) + total(a, a.length);
    }`);
    const launch = { grid: 1, block: 20, scope };
    const make = () => [
      BigInt64Array.from({ length: 20 }, (_, i) => VALUES[i] as bigint),
      new Int32Array(20),
    ];
    const expected = make();
    runReference(sums, launch, expected);
    const actual = make();
    await launchWebGPU(sums, launch, ...actual);
    expect(actual).toEqual(expected);
  });

  it('takes BigInt arguments', async () => {
    const fill = kernel(`function fill(a, b, n, m) {
      const i = gpu.globalIdx.x;
      a[i] = u64(n) * u64(BigInt(i)) + u64(m);
      b[i] = (n >> 60n) - m;
    }`);
    for (const [n, m] of [
      [-(2n ** 62n) - 5n, 2n ** 40n],
      [3n, -(2n ** 53n) + 1n],
    ]) {
      const { expected, actual } = await both(fill, { grid: 1, block: 8 }, () => [
        new BigUint64Array(8),
        new BigInt64Array(8),
        n,
        m,
      ]);
      expect(actual).toEqual(expected);
    }
  });

  it('keeps BigInts in shared arrays across a barrier, and passes those to device functions', async () => {
    const scope = {
      // A shared array given to a device function: the function names it itself in WGSL.
      neighbour: fromText('(s, i) => s[(i + 1) % s.length] - s[i]'),
    };
    const exchange = kernel(`function exchange(a, out, words) {
      const t = gpu.threadIdx.x;
      const signed = gpu.sharedArray(BigInt64Array, 24);
      const unsigned = gpu.sharedArray(BigUint64Array, 24);
      const untouched = gpu.sharedArray(BigInt64Array, 2);
      signed[t] = a[t] * 3n;
      unsigned[t] = u64(a[t]) + 1n;
      gpu.barrier();
      out[t * 3] = signed[23 - t] ^ BigInt(unsigned.length);
      out[t * 3 + 1] = neighbour(signed, t);
      out[t * 3 + 2] = i64(unsigned[(t + 5) % 24] >> 3n) + untouched[t & 1];
      words[t] = Number(unsigned[t] & 0xffffn);
    }`);
    const make = () => [
      BigInt64Array.from({ length: 24 }, (_, i) => VALUES[i % VALUES.length] as bigint),
      new BigInt64Array(72),
      new Int32Array(24),
    ];
    const { expected, actual } = await both(exchange, { grid: 2, block: 24, scope }, make);
    expect(actual).toEqual(expected);
  });

  it('views dynamic shared memory as BigInts', async () => {
    const reversed = kernel(`function reversed(a, out) {
      const t = gpu.threadIdx.x;
      const d = gpu.dynamicSharedArray(BigUint64Array);
      d[t] = u64(a[t]) * 5n;
      gpu.barrier();
      out[t] = i64(d[d.length - 1 - t]) - BigInt(d.length);
    }`);
    const make = () => [
      BigInt64Array.from({ length: 16 }, (_, i) => VALUES[i] as bigint),
      new BigInt64Array(16),
    ];
    const { expected, actual } = await both(reversed, { grid: 1, block: 16, sharedBytes: 16 * 8 + 4 }, make);
    expect(actual).toEqual(expected);
  });

  it('passes BigInts to device functions and returns them', async () => {
    const scope = {
      mix: fromText('(x, y, k) => (x * y + BigInt(k)) ^ (x >> 7n)'),
      wrap: fromText('(v) => u64(v) * 0x9e3779b97f4a7c15n'),
      quotient: fromText('(x, y) => { if (y == 0n) return -1n; return x / y; }'),
      // Throws a RangeError for a zero divisor: a device exception out of a function of a BigInt result.
      strict: fromText('(x, y) => x % y'),
    };
    const calls = kernel(`function calls(a, b, out, hashes) {
      const i = gpu.globalIdx.x;
      const x = a[i];
      const y = b[i];
      out[i * 3] = mix(x, y, i);
      out[i * 3 + 1] = quotient(mix(y & 0xffffn, x >> 20n, 3), y & 0xffn);
      out[i * 3 + 2] = strict(x, y | 1n) + mix(x, 2n, -i);
      hashes[i] = wrap(x) + wrap(BigInt(i));
    }`);
    const count = VALUES.length;
    const make = () => [...operands(), new BigInt64Array(count * 3), new BigUint64Array(count)];
    const { expected, actual } = await both(calls, { grid: 1, block: count, scope }, make);
    expect(actual).toEqual(expected);
    const thrown = await launchWebGPU(
      kernel('function d(a) {\n  a[0] = strict(a[1], a[2]);\n}'),
      { grid: 1, block: 1, scope },
      new BigInt64Array(3),
    ).catch((e: unknown) => e);
    expect(String(thrown)).toMatch(/^DeviceError: RangeError: Division by zero/);
  });

  // Lanes of a 2-D block with a partial warp; sources outside the warp read the lane's own value.
  const shuffles = kernel(`function shuffles(a, out, u) {
    const t = gpu.threadIdx.x + gpu.threadIdx.y * gpu.blockDim.x;
    const x = a[t];
    out[t * 4] = gpu.shuffle(x, t * 7 - 40);
    out[t * 4 + 1] = gpu.shuffleUp(x, t % 5);
    out[t * 4 + 2] = gpu.shuffleDown(x * 3n, 2);
    out[t * 4 + 3] = gpu.shuffleXor(x, t % 37);
    u[t] = gpu.shuffle(u64(x) + 1n, 31 - t) ^ gpu.ballot(x & 4n) ^ u64(gpu.voteAll(x) ? 1n : 0n) ^ u64(gpu.voteAny(x >> 62n) ? 2n : 0n);
  }`);
  const shuffled = (threads: number) => () => [
    BigInt64Array.from({ length: threads }, (_, i) => VALUES[i % VALUES.length] as bigint),
    new BigInt64Array(threads * 4),
    new BigUint64Array(threads),
  ];

  it('shuffles BigInts between the lanes of a warp, and votes on them', async () => {
    const { expected, actual } = await both(shuffles, { grid: 1, block: [10, 5] }, shuffled(50));
    expect(actual).toEqual(expected);
  });

  it('writes BigInt shuffles as WGSL subgroup operations the shader compiler takes', async () => {
    // Run where subgroups are not gpuc's warps (lavapipe's): the module compiled, and its check
    // at the entry reports the subgroups.
    const device = (await webgpuDevice()) as GPUDevice;
    if (!device.features.has('subgroups') || warpRoute(device, [64, 1, 1]) !== 'workgroup') return;
    const types = ['i64[]', 'i64[]', 'u64[]'].map(
      (t) => parseType(t) as NonNullable<ReturnType<typeof parseType>>,
    );
    const written = compileWGSL(webgpuCompiler(), shuffles, types, { block: [64, 1, 1], warps: 'subgroups' });
    expect(written.code).toMatch(/subgroupShuffle\(/);
    const error = await runWGSL(device, written, [1, 1, 1], shuffled(64)()).catch((e: unknown) => e);
    expect(String(error)).toMatch(/^DeviceError: .*subgroups are not gpuc's warps/);
  });

  it('divides BigInts as JavaScript does, and throws its RangeErrors as device exceptions', async () => {
    const divide = kernel(`function divide(a, b, q, u) {
      const i = gpu.globalIdx.x;
      const x = a[i];
      const y = b[i] | 1n;
      q[i * 3] = x / y;
      q[i * 3 + 1] = x % y;
      q[i * 3 + 2] = y ** (BigInt(i) & 7n) + x ** 3n;
      u[i * 2] = u64(x) / u64(y);
      u[i * 2 + 1] = (u64(x) % u64(y)) ** 2n;
    }`);
    const count = VALUES.length;
    const make = () => [...operands(), new BigInt64Array(count * 3), new BigUint64Array(count * 2)];
    const { expected, actual } = await both(divide, { grid: 1, block: count }, make);
    expect(actual).toEqual(expected);
    const thrown = async (text: string, args: unknown[]) =>
      String(await launchWebGPU(kernel(text), { grid: 1, block: 1 }, ...args).catch((e: unknown) => e));
    expect(await thrown('function d(a) {\n  a[0] = a[1] % a[2];\n}', [new BigInt64Array(3)])).toMatch(
      /^DeviceError: RangeError: Division by zero \(in d at kernels\.js:2\)/,
    );
    expect(
      await thrown('function p(a) {\n  a[0] = a[1] ** a[2];\n}', [BigInt64Array.from([0n, 2n, -1n])]),
    ).toMatch(/^DeviceError: RangeError: Exponent must be non-negative \(in p at kernels\.js:2\)/);
  });
});
