// Kernels run through WebGPU (lavapipe on the CPU here) and compared with the reference runner:
// the same results as JavaScript, or a coded error. Skipped where there is no WebGPU adapter.
import { f32, runReference, u32 } from '@gpuc/core';
import { CompileError, parseType } from '@gpuc/core/compiler';
import { differences } from '@gpuc/core/tools';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compileWGSL,
  defaultGPU,
  hasWebGPU,
  launchWebGPU,
  releaseWebGPU,
  runWGSL,
  webgpuCompiler,
  webgpuDevice,
} from '../src/index.js';
import { both, fromText, kernel } from './both.js';

const available = await hasWebGPU();
afterAll(releaseWebGPU);

/** A double's exact value as m * 2^e (m a BigInt). */
function exact(v: number): [bigint, number] {
  const word = new BigUint64Array(new Float64Array([Math.abs(v)]).buffer)[0] as bigint;
  const e = Number((word >> 52n) & 0x7ffn);
  return [(word & ((1n << 52n) - 1n)) | (e ? 1n << 52n : 0n), (e || 1) - 1075];
}

/** Compares a * 2^ea with b * 2^eb exactly. */
function compare([a, ea]: [bigint, number], [b, eb]: [bigint, number]): number {
  const e = Math.min(ea, eb);
  const left = a << BigInt(ea - e);
  const right = b << BigInt(eb - e);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The f32 next to a positive f32, up or down. */
function step(v: number, by: number): number {
  const bits = new Uint32Array(new Float32Array([v]).buffer);
  bits[0] = (bits[0] as number) + by;
  return new Float32Array(bits.buffer)[0] as number;
}

/**
 * sqrt(x^2 + y^2) correctly rounded to f32 (ties to even), in exact integers: JavaScript's own
 * hypot, an ulp or so off at worst, gives the candidate and each neighbour's midpoint decides.
 */
function hypotF32(x: number, y: number): number {
  const guess = Math.fround(Math.hypot(x, y));
  if (!Number.isFinite(guess) || guess === 0 || x === 0 || y === 0) return guess;
  const square = ([m, e]: [bigint, number]): [bigint, number] => [m * m, 2 * e];
  const [mx, ex] = square(exact(x));
  const [my, ey] = square(exact(y));
  const e = Math.min(ex, ey);
  const sum: [bigint, number] = [(mx << BigInt(ex - e)) + (my << BigInt(ey - e)), e];
  const even = (a: number, b: number) =>
    ((new Uint32Array(new Float32Array([a]).buffer)[0] as number) & 1) === 0 ? a : b;
  // Midpoints squared: ((a + b) / 2)^2, exact as the sum of two f32s is in a double.
  const against = (a: number, b: number) => compare(sum, square(exact((a + b) / 2)));
  const below = step(guess, -1);
  const above = step(guess, 1);
  const low = against(below, guess);
  if (low < 0) return below;
  if (low === 0) return even(below, guess);
  const high = against(guess, above);
  if (high > 0) return above;
  return high === 0 ? even(guess, above) : guess;
}

/** How many f32s apart two f32 values are (0 for two NaNs). */
function ulpsApart(a: number, b: number): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  const [x, y] = new Int32Array(Float32Array.from([a, b]).buffer) as unknown as [number, number];
  // Ordered as integers: negative floats count down from -0.
  const order = (bits: number) => (bits < 0 ? -0x80000000 - bits : bits);
  return Math.abs(order(x) - order(y));
}

/**
 * `a * b + c` of f32 values rounded once to f32, to nearest even, in exact integers (the
 * reference's `gpu.fma` rounds to a double first).
 */
function fmaF32(a: number, b: number, c: number): number {
  const p = a * b;
  // Non-finite operands, an exact zero product or addend: the double sum rounds only once.
  if (!Number.isFinite(p + c) || !Number.isFinite(a) || !Number.isFinite(b) || p === 0 || c === 0)
    return Math.fround(p + c);
  const [ma, ea] = exact(a);
  const [mb, eb] = exact(b);
  const [mc, ec] = exact(c);
  const e = Math.min(ea + eb, ec);
  const sum =
    BigInt(Math.sign(p)) * ((ma * mb) << BigInt(ea + eb - e)) + BigInt(Math.sign(c)) * (mc << BigInt(ec - e));
  if (sum === 0n) return 0;
  const size = sum < 0n ? -sum : sum;
  const f = Math.max(size.toString(2).length - 24 + e, -149);
  let m = f <= e ? size << BigInt(e - f) : size >> BigInt(f - e);
  if (f > e) {
    const rest = size - (m << BigInt(f - e));
    const half = 1n << BigInt(f - e - 1);
    if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
  }
  return Math.fround((sum < 0n ? -1 : 1) * Number(m) * 2 ** f);
}

describe.skipIf(!available)('launchWebGPU', () => {
  it('runs saxpy over a 2-D grid', async () => {
    const saxpy = kernel(`function saxpy(a, x, y, n) {
      const i = gpu.globalIdx.x + gpu.globalIdx.y * gpu.blockDim.x * gpu.gridDim.x;
      if (i < n) y[i] = a * x[i] + y[i];
    }`);
    const { expected, actual } = await both(saxpy, { grid: [4, 2], block: 64 }, () => [
      f32(2.5),
      Float32Array.from({ length: 500 }, (_, i) => i / 7),
      Float32Array.from({ length: 500 }, (_, i) => i / 3),
      500,
    ]);
    // The reference rounds a * x + y once, as a fused multiply-add may.
    expect(differences(expected, actual, 1)).toEqual([]);
  });

  it('runs loops with break, continue and labelled jumps, ifs and early returns', async () => {
    const flow = kernel(`function flow(a, out) {
      const i = gpu.globalIdx.x;
      if (i >= a.length) return;
      let s = 0;
      outer: for (let j = 0; j < a.length; j++) {
        for (let k = 0; k < 4; k++) {
          if (a[j] < 0 && k === 1) continue outer;
          if (a[j] > 40) break outer;
          s += a[j] * k;
        }
      }
      let w = i + 1;
      let steps = 0;
      while (w !== 1) {
        w = w % 2 === 0 ? w >> 1 : 3 * w + 1;
        steps++;
      }
      let d = 0;
      do {
        d++;
      } while (d < i);
      out[i] = s * 256 + steps * 10 + (i > 3 || a[i] < 0 ? d : -d);
    }`);
    const { expected, actual } = await both(flow, { grid: 2, block: 8 }, () => [
      Int32Array.from([3, -4, 5, 9, -1, 12, 44, 2, 8, 1, 0, 7]),
      new Int32Array(12),
    ]);
    expect(actual[1]).toEqual(expected[1]);
  });

  it('divides 32-bit integers as (a / b) | 0, >>> 0, ~~ and stores into integer arrays do, without f64', async () => {
    // The double quotient is never a WGSL value: converted to a word it is the integers'
    // truncated quotient, 0 for a divisor of 0, MIN / -1 wrapped, u32 and i32 mixed.
    const divide = kernel(`function divide(a, u, q, w) {
      const n = a.length;
      const i = gpu.globalIdx.x;
      if (i >= n * n) return;
      const x = a[(i / n) | 0], y = a[i % n];
      const s = u[(i / n) | 0], t = u[i % n];
      q[i * 6] = (x / y) | 0;
      q[i * 6 + 1] = ~~(x / t);
      q[i * 6 + 2] = x / -3;
      q[i * 6 + 3] = (s / y) >> 0;
      q[i * 6 + 4] = (x / 0) | 0;
      q[i * 6 + 5] = (4294967295 / y) | 0;
      w[i * 3] = (x / y) >>> 0;
      w[i * 3 + 1] = s / t;
      w[i * 3 + 2] = (s / 7) >>> 0;
    }`);
    const I = [0, 1, -1, 7, -7, 2147483647, -2147483648, 3, -3, 65536, 100, -100];
    const U = [0, 1, 4294967295, 7, 2147483648, 2147483647, 3, 4294967294, 65536, 100, 5, 2];
    const { expected, actual } = await both(divide, { grid: 3, block: 64 }, () => [
      Int32Array.from(I),
      Uint32Array.from(U),
      new Int32Array(6 * 144),
      new Uint32Array(3 * 144),
    ]);
    expect(actual[2]).toEqual(expected[2]);
    expect(actual[3]).toEqual(expected[3]);
  });

  it('merges an array with itself where the other edges come from unreachable code', async () => {
    // Code after a literal condition's untaken side or a return joins the live path: the array
    // read after the join is the one array, not an array chosen at run time.
    const dead = kernel(`function dead(o) {
      const t = gpu.threadIdx.x;
      let i = 5;
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
          if (s > t) break outer;
          if (s & 1) continue outer;
        }
      }
      o[t] = i * 100 + s;
    }`);
    const { expected, actual } = await both(dead, { grid: 1, block: 8 }, () => [new Int32Array(8)]);
    expect(actual[0]).toEqual(expected[0]);
  });

  it('reads no element at a constant index outside an array under ??, as JavaScript reads undefined', async () => {
    // a[5] ?? 9 on a local array of 3 wrote a[5] in a branch never taken, which WGSL refuses
    // (index out of bounds); x[-1] ?? 1 was a bad-index error.
    const guards = kernel(`function guards(x, o) {
      const a = new Float32Array(3);
      a[1] = x[0];
      o[0] = a[5] ?? 9;
      o[1] = x[-1] ?? x[-2] ?? 7;
      o[2] = a[1] ?? 4;
      o[3] = x[o.length] ?? x[1] ?? 2;
    }`);
    const { expected, actual } = await both(guards, { grid: 1, block: 1 }, () => [
      new Float32Array([5, 6]),
      new Float32Array(4),
    ]);
    expect(Array.from(actual[1] as Float32Array)).toEqual([9, 7, 5, 6]);
    expect(actual).toEqual(expected);
  });

  it("takes a constant string's length as a constant, as JavaScript does", async () => {
    const lengths = kernel(`function lengths(out) {
      const s = 'hello';
      const t = gpu.sharedArray(Int32Array, NAME.length);
      t[4] = 'abc'.length;
      out[0] = s.length + t[4] * 10 + NAME.length * 100;
    }`);
    const { expected, actual } = await both(lengths, { grid: 1, block: 1, scope: { NAME: 'gpuc!' } }, () => [
      new Int32Array(1),
    ]);
    expect(Array.from(actual[0] as Int32Array)).toEqual([535]);
    expect(actual).toEqual(expected);
  });

  it('gives a device function written for two argument types one shared array at each gpu.sharedArray', async () => {
    // The second call (x an i32, not an f32) reads what the first call's threads wrote there.
    const stash = fromText(`function stash(x, k) {
      const sh = gpu.sharedArray(Float32Array, 8);
      const t = gpu.threadIdx.x;
      const seen = sh[(t + k) & 7];
      gpu.barrier();
      sh[t] = x;
      gpu.barrier();
      return seen;
    }`);
    const twice = kernel(`function twice(out, x) {
      const t = gpu.threadIdx.x;
      stash(x[t], 0);
      out[t] = stash(t, 1);
    }`);
    const { expected, actual } = await both(twice, { grid: 1, block: 8, scope: { stash } }, () => [
      new Float32Array(8),
      new Float32Array([0.5, 1, 2, 3, 4, 5, 6, 7]),
    ]);
    expect(Array.from(actual[0] as Float32Array)).toEqual([1, 2, 3, 4, 5, 6, 7, 0.5]);
    expect(actual).toEqual(expected);
  });

  it('runs switch with fall-through, labelled breaks out of nested loops, returns inside loops', async () => {
    const flow = kernel(`function controlFlow(a, out) {
        const i = gpu.globalIdx.x;
        if (i >= a.length) return;
        let s = 0;
        outer: for (let j = 0; j < a.length; j++) {
          for (let k = 0; k < 4; k++) {
            if (a[j] < 0 && k === 1) continue outer;
            if (a[j] > 40) break outer;
            s += a[j] * k;
          }
        }
        let w = i;
        while (w > 1) w = w % 2 === 0 ? w >> 1 : 3 * w + 1;
        let d = 0;
        do { d++; if (d > 100) break; } while (d < i);
        switch (i % 4) {
          case 0: s += 1; break;
          case 1: s += 10;
          case 2: s += 100; break;
          default: s -= 1;
        }
        let found = -1;
        search: for (let p = 0; p < a.length; p++) {
          for (let q = p + 1; q < a.length; q++) {
            if (a[p] + a[q] === i) { found = p * 100 + q; break search; }
          }
        }
        const flag = (i > 3 && a[i] < 5) || a[i] === 12;
        for (let r = 0; r < 3; r++) { if (r === i) return; }
        out[i] = s + w + d + (flag ? 1000 : 0) + found * 10000;
      }`);
    const { expected, actual } = await both(flow, { grid: 1, block: 12 }, () => [
      Int32Array.from([3, -4, 5, 9, -1, 12, 44, 2, 8, 1, 0, 7]),
      new Int32Array(12).fill(-7),
    ]);
    expect(actual[1]).toEqual(expected[1]);
  });

  it('draws the Mandelbrot set in f32, each step rounded as JavaScript rounds it', async () => {
    // Math.fround at each step makes the reference exact in f32; a driver that fused a product
    // into a multiply-add would round once where JavaScript rounds twice.
    const mandelbrot = kernel(`function mandelbrot(image, width, height, limit, sx, sy) {
      const px = gpu.globalIdx.x;
      const py = gpu.globalIdx.y;
      if (px >= width || py >= height) return;
      const cx = Math.fround(f32(-2.2) + Math.fround(f32(px) * sx));
      const cy = Math.fround(f32(-1.2) + Math.fround(f32(py) * sy));
      let x = f32(0);
      let y = f32(0);
      let k = 0;
      while (k < limit && Math.fround(Math.fround(x * x) + Math.fround(y * y)) <= 4) {
        const t = Math.fround(Math.fround(Math.fround(x * x) - Math.fround(y * y)) + cx);
        y = Math.fround(Math.fround(Math.fround(2 * x) * y) + cy);
        x = t;
        k++;
      }
      image[py * width + px] = k;
    }`);
    const { expected, actual } = await both(mandelbrot, { grid: [8, 6], block: [16, 16] }, () => [
      new Int32Array(128 * 96),
      128,
      96,
      100,
      f32(3.2 / 128),
      f32(2.4 / 96),
    ]);
    // Only inside the set does a pixel reach the limit: both runs see it.
    expect((actual[0] as Int32Array).filter((k) => k === 100).length).toBeGreaterThan(100);
    expect(actual[0]).toEqual(expected[0]);
  });

  it('reduces in shared memory with barriers', async () => {
    const blockSum = kernel(`function blockSum(x, sums) {
      const tile = gpu.sharedArray(Float32Array, 128);
      const t = gpu.threadIdx.x;
      tile[t] = x[gpu.globalIdx.x];
      gpu.barrier();
      for (let s = gpu.blockDim.x >> 1; s > 0; s >>= 1) {
        if (t < s) tile[t] += tile[t + s];
        gpu.barrier();
      }
      if (t === 0) sums[gpu.blockIdx.x] = tile[0];
    }`);
    const { expected, actual } = await both(blockSum, { grid: 4, block: 128 }, () => [
      Float32Array.from({ length: 512 }, (_, i) => ((i * 37) % 101) * 0.25),
      new Float32Array(4),
    ]);
    expect(actual[1]).toEqual(expected[1]);
  });

  it('places code after a loop outside it, so that a barrier after a non-uniform loop compiles', async () => {
    // WGSL's uniformity analysis rejects a barrier nested in a loop whose exit depends on the
    // thread: the code after each loop (a return in it too) must follow the loop.
    const reduce = kernel(`function reduce(x, partial, n) {
      const tile = gpu.sharedArray(Float32Array, 64);
      const t = gpu.threadIdx.x;
      let v = 0;
      for (let i = gpu.globalIdx.x; i < n; i += gpu.blockDim.x * gpu.gridDim.x) {
        if (x[i] < 0) break;
        v += x[i];
      }
      tile[t] = v;
      gpu.barrier();
      for (let s = 32; s > 0; s >>= 1) {
        if (t < s) tile[t] += tile[t + s];
        gpu.barrier();
      }
      for (let k = t; k < 64; k++) if (tile[k] === 12345) return;
      if (t === 0) partial[gpu.blockIdx.x] = tile[0];
    }`);
    const { expected, actual } = await both(reduce, { grid: 4, block: 64 }, () => [
      Float32Array.from({ length: 1000 }, (_, i) => (i === 777 ? -1 : (i % 13) * 0.5)),
      new Float32Array(4),
      1000,
    ]);
    expect(actual[1]).toEqual(expected[1]);
  });

  it('negates u32 values, wrapping', async () => {
    const negate = kernel(`function negate(w) {
      const i = gpu.globalIdx.x;
      w[i] = -w[i];
    }`);
    const { expected, actual } = await both(negate, { grid: 1, block: 4 }, () => [
      Uint32Array.from([0, 1, 7, 4294967295]),
    ]);
    expect(actual[0]).toEqual(expected[0]);
  });

  it('counts one bits of i32 and u32 values', async () => {
    const count = kernel(`function count(a, u, out) {
      const i = gpu.globalIdx.x;
      out[i * 2] = gpu.popcount(a[i]);
      out[i * 2 + 1] = gpu.popcount(u[i]);
    }`);
    const { expected, actual } = await both(count, { grid: 1, block: 4 }, () => [
      Int32Array.from([0, -1, -2147483648, 12345]),
      Uint32Array.from([0, 4294967295, 2147483648, 255]),
      new Int32Array(8),
    ]);
    expect(actual[2]).toEqual(expected[2]);
  });

  it('writes NaN and infinite constants, which WGSL refuses as constants', async () => {
    const specials = kernel(`function specials(out) {
      const i = gpu.globalIdx.x;
      out[i] = i === 0 ? f32(NaN) : i === 1 ? f32(Infinity) : f32(-Infinity);
    }`);
    const { expected, actual } = await both(specials, { grid: 1, block: 3 }, () => [new Float32Array(3)]);
    expect(actual[0]).toEqual(expected[0]);
  });

  it('writes -0 and 0 constants of one kernel apart (a shader compiler may merge the two)', async () => {
    const zeros = kernel('function zeros(out) { out[0] = 0; out[1] = -0; out[2] = -0; out[3] = 0; }');
    const { expected, actual } = await both(zeros, { grid: 1, block: 1 }, () => [
      new Float32Array(4).fill(7),
    ]);
    expect(actual[0]).toEqual(expected[0]);
    expect(Array.from(actual[0] as Float32Array, (v) => Object.is(v, -0))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it('keeps signed zeros, infinities and NaNs through f32 arithmetic the driver could fold (x - x, 0 * x, x + 0)', async () => {
    // WGSL lets a driver assume no signed zeros, infinities or NaNs; lavapipe's folded these
    // into 0 or x (`a[i] - a[i]` of Infinity gave 0, `0.0 * a[i]` of -5 gave +0).
    const forms = [
      'a[i] - a[i]',
      'a[i] + (-a[i])',
      '0.0 * a[i]',
      '-0.0 * a[i]',
      'Math.fround(0.0) * a[i]',
      'a[i] + 0.0',
      '0.0 - a[i]',
      '(a[i] - a[i]) * b[i]',
      '(a[i] + b[i]) - b[i]',
      'a[i] * b[i] - a[i] * b[i]',
      'a[i] / a[i]',
    ];
    const folds = kernel(`function folds(out, a, b) {
      const i = gpu.globalIdx.x;
      ${forms.map((form, k) => `out[${forms.length} * i + ${k}] = ${form};`).join('\n      ')}
    }`);
    const a = [-121.5, 5, Infinity, -0, 0, NaN, -Infinity, 1];
    const b = [-0, -0, 0, -1, 0, 1, 2, -0];
    const { expected, actual } = await both(folds, { grid: 1, block: 8 }, () => [
      new Float32Array(8 * forms.length),
      new Float32Array(a),
      new Float32Array(b),
    ]);
    const shown = (x: unknown) => Array.from(x as Float32Array, (v) => (Object.is(v, -0) ? '-0' : String(v)));
    expect(shown(actual[0])).toEqual(shown(expected[0]));
  });

  it('compares f32 values with NaNs as JavaScript does (x !== x is true for a NaN)', async () => {
    const forms = [
      'a[i] !== a[i]',
      'a[i] != b[i]',
      'a[i] === b[i]',
      'a[i] >= a[i]',
      'a[i] < b[i]',
      'a[i] <= b[i]',
    ];
    const compares = kernel(`function compares(out, a, b) {
      const i = gpu.globalIdx.x;
      ${forms.map((form, k) => `out[${forms.length} * i + ${k}] = ${form} ? 1 : 2;`).join('\n      ')}
    }`);
    const { expected, actual } = await both(compares, { grid: 1, block: 4 }, () => [
      new Int32Array(4 * forms.length),
      new Float32Array([Number.NaN, 1, Number.NaN, 0]),
      new Float32Array([Number.NaN, Number.NaN, 1, -0]),
    ]);
    expect(actual[0]).toEqual(expected[0]);
  });

  it('compares i32 with u32, integers and f32 with constants neither holds, and f32 with integers, exactly', async () => {
    // The front end compares these in f64 (or rounds the integer to f32), which WGSL has not.
    const forms = ['<', '<=', '>', '>=', '===', '!=='];
    const pairs = [
      ['a[i]', 'u[i]'],
      ['u[i]', 'a[i]'],
      ['f[i]', 'a[i]'],
      ['u[i]', 'f[i]'],
      ['a[i]', '-2.5'],
      ['u[i]', '-1'],
      ['3e9', 'u[i]'],
      ['a[i]', '2147483648'],
      ['f[i]', '0.1'],
      ['f[i]', '16777217'],
      ['u[i]', 'NaN'],
      ['f[i]', '1e39'],
    ];
    const cases = pairs.flatMap(([x, y]) => forms.map((op) => `${x} ${op} ${y}`));
    const compares = kernel(`function compares(out, a, u, f) {
      const i = gpu.globalIdx.x;
      ${cases.map((form, k) => `out[${cases.length} * i + ${k}] = ${form} ? 1 : 2;`).join('\n      ')}
    }`);
    const { expected, actual } = await both(compares, { grid: 1, block: 8 }, () => [
      new Int32Array(8 * cases.length),
      Int32Array.of(-1, 0, 2147483647, -2147483648, 16777217, 3, -3, 2),
      Uint32Array.of(4294967295, 0, 2147483648, 0, 16777216, 3, 3000000000, 2147483647),
      Float32Array.of(-1, -0, 2147483648, Number.NaN, 16777216, 0.1, 3000000000, 2147483648),
    ]);
    const named = (out: unknown) =>
      Array.from(out as Int32Array, (v, k) => `${cases[k % cases.length]} @${(k / cases.length) | 0}: ${v}`);
    expect(named(actual[0])).toEqual(named(expected[0]));
  });

  it('takes a number of the scope as the constant it is: compared, stored, merged and divided as a literal', async () => {
    // Scope numbers are compiled in as constants (docs/language.md, "Captured values"): a double
    // among them is no WGSL value, as a literal double is not, but compares and converts exactly.
    const scoped = kernel(`function scoped(out, w, f, a, u) {
      const i = gpu.globalIdx.x;
      out[i * 6] = f[i] < TENTH ? 1 : 2;
      out[i * 6 + 1] = a[i] >= HALF ? 1 : 2;
      out[i * 6 + 2] = u[i] > -TENTH ? 1 : 2;
      out[i * 6 + 3] = (a[i] / BIG) | 0;
      out[i * 6 + 4] = a[i] > 1 ? a[i] : -HALF;
      out[i * 6 + 5] = f[i] === -TENTH ? 1 : 2;
      w[i] = i % 2 ? TENTH : -HALF;
    }`);
    const scope = { TENTH: 0.1, HALF: 2.5, BIG: -3e9 };
    const { expected, actual } = await both(scoped, { grid: 1, block: 8, scope }, () => [
      new Int32Array(48),
      new Float32Array(8),
      Float32Array.of(0.1, -0.1, 0.09999999, Number.NaN, -0, 3, -3, 1e30),
      Int32Array.of(-1, 0, 2147483647, -2147483648, 2, 3, -3, 5),
      Uint32Array.of(0, 1, 4294967295, 2147483648, 5, 6, 7, 8),
    ]);
    expect(actual).toEqual(expected);
  });

  it('wraps sums of 32-bit integers that are doubles (an i32 with a u32 or a constant past its range) where | 0, >>> 0 or a store converts them', async () => {
    // MurmurHash3's and xxHash's steps: exact as doubles, then taken modulo 2^32.
    const sums = kernel(`function sums(a, u, o, w) {
      const i = gpu.globalIdx.x;
      o[i * 5] = (Math.imul(a[i], 5) + 0xe6546b64) | 0;
      o[i * 5 + 1] = (a[i] + u[i] - 4294967295) | 0;
      o[i * 5 + 2] = a[i] - u[i];
      o[i * 5 + 3] = (u[i] + P1 + P2 + i) | 0;
      o[i * 5 + 4] = ~~(a[i] - -2147483648);
      w[i * 2] = (a[i] + u[i]) >>> 0;
      w[i * 2 + 1] = u[i] - a[i] - P1;
    }`);
    const { expected, actual } = await both(
      sums,
      { grid: 1, block: 8, scope: { P1: 0x9e3779b1, P2: 0x85ebca77 } },
      () => [
        Int32Array.of(-1, 0, 2147483647, -2147483648, 16777217, 3, -3, 2),
        Uint32Array.of(4294967295, 0, 2147483648, 0, 16777216, 3, 3000000000, 2147483647),
        new Int32Array(40),
        new Uint32Array(16),
      ],
    );
    expect(actual).toEqual(expected);
  });

  it('merges integers and constants such as Infinity in ? : and variables, converted where they are stored', async () => {
    // The merged value is a double; each array it is stored into converts it as JavaScript does.
    const merges = kernel(`function merges(f, w, a) {
      const i = gpu.globalIdx.x;
      const v = a[i] > 1 ? a[i] : Infinity;
      f[2 * i] = v;
      w[2 * i] = v;
      let m = -Infinity;
      for (let j = 0; j <= i; j++) if (a[j] > 1) m = a[j];
      f[2 * i + 1] = m;
      w[2 * i + 1] = i % 2 ? 0.5 : -1;
    }`);
    const { expected, actual } = await both(merges, { grid: 1, block: 6 }, () => [
      new Float32Array(12),
      new Uint32Array(12),
      Int32Array.of(0, 16777217, 3, -5, 2147483647, 1),
    ]);
    expect(actual).toEqual(expected);
    // Not vacuous: Infinity stored into a Float32Array and a Uint32Array, an i32 rounded to f32.
    expect([(actual[0] as Float32Array)[0], (actual[1] as Uint32Array)[0]]).toEqual([Infinity, 0]);
    expect((actual[1] as Uint32Array)[2]).toBe(16777217);
  });

  it('takes Math.max and Math.min of mixed types (an f32 beside an integer, a u32 beside a literal)', async () => {
    // WGSL's shader compiler refused the call of the f32 helper with an i32 argument.
    // And of a u32 beside a literal, which WGSL's min refused as an i32 beside a u32.
    const mixed = kernel(`function mixed(out, a, small) {
      const i = gpu.globalIdx.x;
      out[3 * i] = Math.max(a[i], i);
      out[3 * i + 1] = Math.min(i, a[i]);
      out[3 * i + 2] = Math.min(a[i], u32(4294967295), i);
      small[i] = Math.min(u32(i + 1), 2) + Math.max(0, u32(i));
    }`);
    const { expected, actual } = await both(mixed, { grid: 1, block: 4 }, () => [
      new Float32Array(12),
      new Float32Array([-0.5, Number.NaN, 2.5, -0]),
      new Uint32Array(4),
    ]);
    const shown = (x: unknown) => Array.from(x as Float32Array, (v) => (Object.is(v, -0) ? '-0' : String(v)));
    expect(shown(actual[0])).toEqual(shown(expected[0]));
    expect(actual[2]).toEqual(expected[2]);
  });

  it("takes an integer '%' by a constant 0 or -1, which WGSL's shader compiler refuses for 0", async () => {
    const remainders = kernel(`function remainders(out, a, b) {
      const i = gpu.globalIdx.x;
      out[4 * i] = a[i] % 0;
      out[4 * i + 1] = a[i] % -1;
      out[4 * i + 2] = b[i] % u32(0);
      out[4 * i + 3] = a[i] % 3;
    }`);
    const { expected, actual } = await both(remainders, { grid: 1, block: 4, scope: { u32 } }, () => [
      new Int32Array(16).fill(9),
      new Int32Array([-2147483648, 7, -7, 0]),
      new Uint32Array([4294967295, 7, 0, 1]),
    ]);
    expect(actual[0]).toEqual(expected[0]);
  });

  it("computes f32 '%' exactly, as JavaScript does", async () => {
    const remainder = kernel(`function remainder(x, y, out) {
      const i = gpu.globalIdx.x;
      if (i < out.length) out[i] = x[i] % y[i];
    }`);
    const specials = [
      0,
      -0,
      1,
      -1,
      0.5,
      -7.25,
      1e-40,
      -3e-39,
      1.4e-45,
      1e30,
      -3.4e38,
      Infinity,
      Number.NaN,
      2 ** 24,
      0.1,
    ];
    const pairs = specials.flatMap((a) => specials.map((b) => [a, b]));
    // And bit patterns spread over every exponent, subnormals included.
    for (let k = 0; k < 2000; k++)
      pairs.push([Math.sin(k) * 2 ** ((k % 60) - 30), Math.cos(k * 7) * 2 ** ((k % 40) - 25)]);
    pairs.push([3e38, 1e-45], [-2e38, 3e-44]);
    const make = () => [
      Float32Array.from(pairs, ([a]) => a as number),
      Float32Array.from(pairs, ([, b]) => b as number),
      new Float32Array(pairs.length),
    ];
    const { expected, actual } = await both(
      remainder,
      { grid: Math.ceil(pairs.length / 64), block: 64 },
      make,
    );
    expect(actual[2]).toEqual(expected[2]);
  });

  it('runs i32 and u32 atomics in global and shared memory, compare-and-swap included', async () => {
    const atomics = kernel(`function atomics(ints, words) {
      const i = gpu.globalIdx.x;
      const t = gpu.threadIdx.x;
      const counts = gpu.sharedArray(Int32Array, 2);
      if (t === 0) {
        counts[0] = 0;
        counts[1] = 0;
      }
      gpu.barrier();
      gpu.atomicAdd(counts, 0, 1);
      gpu.atomicMax(counts, 1, t);
      gpu.barrier();
      if (t === 0) {
        gpu.atomicAdd(ints, 0, counts[0]);
        gpu.atomicMax(ints, 1, counts[1]);
      }
      gpu.atomicMin(ints, 2, -i);
      gpu.atomicOr(words, 0, 1 << (i & 31));
      gpu.atomicXor(words, 1, i);
      if (i === 7) gpu.atomicCAS(ints, 3, 0, 42);
      gpu.atomicCAS(ints, 4, -1, 99);
      gpu.atomicSub(ints, 5, 2);
    }`);
    const { expected, actual } = await both(atomics, { grid: 4, block: 64 }, () => [
      new Int32Array(6),
      new Uint32Array(2),
    ]);
    expect(actual).toEqual(expected);
  });

  it("computes JavaScript's results where WGSL's differ", async () => {
    const semantics = kernel(`function semantics(f, n, out, ints) {
      const i = gpu.globalIdx.x;
      out[i] = Math.max(f[i], f[(i + 1) % f.length]);
      out[i + 8] = Math.min(f[i], f[(i + 1) % f.length]);
      out[i + 16] = Math.round(f[i]);
      out[i + 24] = Math.sign(f[i]);
      ints[i] = n[i] % n[(i + 3) % n.length];
      ints[i + 8] = f[i] | 0;
      ints[i + 16] = n[i] >>> (i + 30);
      ints[i + 24] = (Number.isNaN(f[i]) ? 1 : 0) + (Number.isFinite(f[i]) ? 2 : 0) + (Number.isInteger(f[i]) ? 4 : 0);
    }`);
    const { expected, actual } = await both(semantics, { grid: 1, block: 8 }, () => [
      Float32Array.from([Number.NaN, 1.5, -0, 0, -2.5, 3e9, -3e9, 0.49999997]),
      Int32Array.from([7, -7, 0, -2147483648, -1, 5, 0, 3]),
      new Float32Array(32),
      new Int32Array(32),
    ]);
    expect(actual[2]).toEqual(expected[2]);
    expect(actual[3]).toEqual(expected[3]);
  });

  it('rounds, truncates and takes signs of i32 and u32 values (WGSL has floor and sign for floats only)', async () => {
    const integers = kernel(`function integers(a, u, out, ou) {
      const i = gpu.globalIdx.x;
      const x = a[i];
      const y = u[i];
      out[i * 8] = Math.floor(x);
      out[i * 8 + 1] = Math.ceil(x);
      out[i * 8 + 2] = Math.trunc(x);
      out[i * 8 + 3] = Math.round(x);
      out[i * 8 + 4] = Math.abs(x);
      out[i * 8 + 5] = Math.sign(x);
      out[i * 8 + 6] = Math.min(x, 3, -7);
      out[i * 8 + 7] = Math.max(x, 2);
      ou[i * 4] = Math.floor(y) + Math.ceil(y) + Math.round(y);
      ou[i * 4 + 1] = Math.abs(y);
      ou[i * 4 + 2] = Math.sign(y);
      ou[i * 4 + 3] = Math.trunc(y);
    }`);
    const { expected, actual } = await both(integers, { grid: 1, block: 8 }, () => [
      Int32Array.from([0, -1, 5, -2147483648, 2147483647, 7, -3, 100]),
      Uint32Array.from([0, 1, 4294967295, 2147483648, 5, 6, 7, 8]),
      new Int32Array(64),
      new Uint32Array(32),
    ]);
    expect(actual).toEqual(expected);
  });

  it("keeps JavaScript's -0 of integer arithmetic when it becomes a float", async () => {
    const zeros = kernel(`function zeros(n, out) {
      const i = gpu.globalIdx.x;
      const a = n[i];
      const b = n[(i + 1) % n.length];
      let m = -a;
      if (i > 2) m = a * b;
      out[i] = m;
      out[i + 6] = a % 2;
      out[i + 12] = Math.min(-a, 0);
    }`);
    const { expected, actual } = await both(zeros, { grid: 1, block: 6 }, () => [
      Int32Array.from([0, -4, 4, 0, -3, 0]),
      new Float32Array(18),
    ]);
    const signs = (a: unknown) => Array.from(a as Float32Array, (v) => (Object.is(v, -0) ? '-0' : String(v)));
    expect(signs(actual[1])).toEqual(signs(expected[1]));
    expect(signs(expected[1])).toContain('-0');
  });

  it('runs f32 atomics as compare-and-swap loops, in global and shared memory', async () => {
    const floats = kernel(`function floats(x, out) {
      const i = gpu.globalIdx.x;
      const sums = gpu.sharedArray(Float32Array, 1);
      if (gpu.threadIdx.x === 0) sums[0] = 0;
      gpu.barrier();
      gpu.atomicAdd(sums, 0, 0.25);
      gpu.barrier();
      if (gpu.threadIdx.x === 0) gpu.atomicAdd(out, 0, sums[0]);
      gpu.atomicMin(out, 1, x[i]);
      gpu.atomicMax(out, 2, x[i]);
      gpu.atomicExch(out, 3, 1.5);
      gpu.atomicSub(out, 4, 0.5);
    }`);
    const { expected, actual } = await both(floats, { grid: 2, block: 64 }, () => [
      Float32Array.from({ length: 128 }, (_, i) => ((i * 53) % 97) - 48.25),
      Float32Array.from([0, 1000, -1000, 0, 0]),
    ]);
    expect(actual[1]).toEqual(expected[1]);
  });

  it("runs f32 compare-and-swap with JavaScript's ===, and a float max and product as CAS loops", async () => {
    const cas = kernel(`function cas(x, f, o) {
      const i = gpu.globalIdx.x;
      const v = x[i];
      const best = gpu.sharedArray(Float32Array, 1);
      if (gpu.threadIdx.x === 0) best[0] = -Infinity;
      gpu.barrier();
      let old = best[0];
      while (v > old) {
        const seen = gpu.atomicCAS(best, 0, old, v);
        if (seen === old) break;
        old = seen;
      }
      gpu.barrier();
      if (gpu.threadIdx.x === 0) gpu.atomicMax(f, 0, best[0]);
      if (i < 64) {
        let p = f[1];
        for (;;) {
          const seen = gpu.atomicCAS(f, 1, p, i % 4 === 0 ? p * 0.5 : p * 2);
          if (seen === p) break;
          p = seen;
        }
      }
      o[i] = gpu.atomicCAS(f, 2, x[0], v);
      if (i === 5) o[i] = gpu.atomicCAS(f, 3, 0, 1);
      gpu.atomicCAS(f, 4, -0, -0);
      if (i === 9) gpu.atomicCAS(f, 5, NaN, 1);
    }`);
    const { expected, actual } = await both(cas, { grid: 2, block: 64 }, () => [
      Float32Array.from({ length: 128 }, (_, i) =>
        i === 0 || i === 77 ? Number.NaN : ((i * 53) % 97) - 48.25,
      ),
      Float32Array.from([-Infinity, 1, Number.NaN, -0, 0, Number.NaN]),
      new Float32Array(128),
    ]);
    expect(actual[1]).toEqual(expected[1]);
    expect(actual[2]).toEqual(expected[2]);
    // Not vacuous: the NaN slot kept its NaN (the bits of x[0]), the zeros swapped.
    expect(Array.from(actual[1] as Float32Array)).toEqual([47.75, 2 ** 32, Number.NaN, 1, -0, Number.NaN]);
  });

  it('calls device functions: scalars, function values, arrays, barriers and early returns', async () => {
    const scope = {
      square: fromText('(x) => x * x'),
      twice: fromText('(f, x) => f(f(x))'),
      clamp: fromText('(x, hi) => { if (x > hi) return hi; return x; }'),
      mirrored: fromText('(tile, t) => { const v = tile[63 - t]; gpu.barrier(); return v; }'),
      bias: 3,
    };
    const calls = kernel(`function calls(x, out) {
      const t = gpu.threadIdx.x;
      const tile = gpu.sharedArray(Float32Array, 64);
      tile[t] = x[gpu.globalIdx.x];
      gpu.barrier();
      out[gpu.globalIdx.x] = clamp(twice(square, mirrored(tile, t)), f32(1000)) + bias;
    }`);
    const launch = { grid: 2, block: 64, scope };
    const make = () => [Float32Array.from({ length: 128 }, (_, i) => (i % 13) - 6.5), new Float32Array(128)];
    const expected = make();
    runReference(calls, launch, expected);
    const actual = make();
    await launchWebGPU(calls, launch, ...actual);
    expect(actual[1]).toEqual(expected[1]);
  });

  it('calls the functions of records and tuples, as other back-ends do; a record of data is a coded refusal', async () => {
    const ops = { inc: fromText('(x) => x + 1'), scale: fromText('(x, k) => x * k') };
    const scope = {
      ops,
      pair: [fromText('(x) => x - 1'), fromText('(x) => x * 3')],
      nested: { ops },
      apply: fromText('(o, x) => o.scale(o.inc(x), 2)'),
    };
    const records = kernel(`function records(a) {
      const i = gpu.globalIdx.x;
      const own = { twice: ops.scale, inc: ops.inc, scale: ops.scale };
      a[i] = ops.inc(a[i]) + nested.ops.scale(a[i], 3) + pair[0](a[i]) * pair[1](i) + own.twice(i, 5) + apply(own, i);
    }`);
    const make = () => [Float32Array.from({ length: 16 }, (_, i) => i / 2)];
    const { expected, actual } = await both(records, { grid: 1, block: 16, scope }, make);
    expect(actual).toEqual(expected);
    // Not vacuous: thread 1's value, from the functions each member names.
    expect((actual[0] as Float32Array)[1]).toBe(1.5 + 1.5 + -0.5 * 3 + 5 + 4);
    const data = kernel(`function data(a) {
  a[gpu.globalIdx.x] = cfg.ops.inc(a[0]) + cfg.bias;
}`);
    const refused = launchWebGPU(
      data,
      { grid: 1, block: 1, scope: { cfg: { ops, bias: 2 } } },
      new Float32Array(1),
    );
    await expect(refused).rejects.toThrow(
      expect.objectContaining({
        code: 'unsupported-on-target',
        location: expect.objectContaining({ line: 2 }),
      }),
    );
  });

  it('calls each of two device functions of one name and argument types', async () => {
    // Arrows from source text are all named `anonymous`; a minifier names functions alike too.
    const scope = {
      add: fromText('(x, y) => x + y'),
      sub: fromText('(x, y) => x - y'),
      twice: fromText('function f(v) { return v * 2; }'),
      shifted: fromText('function f(v) { return v + 100; }'),
    };
    const named = kernel(`function named(a) {
      const i = gpu.globalIdx.x;
      a[i] = add(i, 7) * 1000000 + sub(i, 7) * 10000 + twice(i) * 1000 + shifted(i);
    }`);
    const { expected, actual } = await both(named, { grid: 1, block: 8, scope }, () => [new Int32Array(8)]);
    expect(actual).toEqual(expected);
  });

  it('passes local arrays to device functions, which write them and pass them on', async () => {
    const scope = {
      fill: fromText('(a, v) => { for (let k = 0; k < a.length; k++) a[k] = v * k; }'),
      total: fromText('(a) => { let s = 0; for (let k = 0; k < a.length; k++) s += a[k]; return s; }'),
      // A local array passed on by a device function (through a function value).
      onward: fromText('(f, a, v) => { f(a, v); return a[1]; }'),
    };
    const locals = kernel(`function locals(out) {
      const i = gpu.globalIdx.x;
      const a = new Int32Array(8);
      const b = new Int32Array(8);
      const c = new Int32Array(4);
      fill(c, 3);
      fill(a, i);
      const second = onward(fill, b, i + 1);
      out[i] = (total(a) - total(b)) * 100 + total(c) + a[7] - second;
    }`);
    const launch = { grid: 1, block: 32, scope };
    const expected = new Int32Array(32);
    runReference(locals, launch, [expected]);
    const actual = new Int32Array(32);
    await launchWebGPU(locals, launch, actual);
    expect(actual).toEqual(expected);
  });

  it('raises a device exception a thread throws, in a device function too, as a DeviceError', async () => {
    const check = new Function(
      `return (v) => { if (v < 0) throw new Error('negative input'); return v * 2; }`,
    )() as (v: number) => number;
    const throwing = kernel(`function throwing(x, out) {
      const i = gpu.globalIdx.x;
      out[i] = check(x[i]);
      if (x[i] > 100) throw new Error('too large');
    }`);
    const launch = { grid: 2, block: 32, scope: { check } };
    const x = Int32Array.from({ length: 64 }, (_, i) => i);
    const out = new Int32Array(64);
    await launchWebGPU(throwing, launch, x, out);
    expect(out[63]).toBe(126);
    x[37] = -5;
    const error = await launchWebGPU(throwing, launch, x, out).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'DeviceError', workgroup: 1, workitem: 5 });
    expect(String(error)).toMatch(/^DeviceError: negative input \(in anonymous at .*:1\)$/);
    x[37] = 0;
    x[2] = 101;
    const late = await launchWebGPU(throwing, launch, x, out).catch((e: unknown) => e);
    expect(String(late)).toMatch(/too large \(in throwing at kernels\.js:4\)/);
  });

  it('checks indices under boundsCheck: one out of range is a DeviceError at its line', async () => {
    const gather = kernel(`function gather(x, at, out, counts) {
      const i = gpu.globalIdx.x;
      out[i] = x[at[i]];
      gpu.atomicAdd(counts, at[i] & 7, 1);
    }`);
    const launch = { grid: 1, block: 16, config: { boundsCheck: true } };
    const x = Float32Array.from({ length: 16 }, (_, i) => i * 1.5);
    const at = Int32Array.from({ length: 16 }, (_, i) => 15 - i);
    const out = new Float32Array(16);
    const counts = new Int32Array(8);
    await launchWebGPU(gather, launch, x, at, out, counts);
    expect(Array.from(out)).toEqual(Array.from(at, (j) => j * 1.5));
    for (const bad of [16, -1]) {
      at[9] = bad;
      const error = await launchWebGPU(gather, launch, x, at, out, counts).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'DeviceError', workgroup: 0, workitem: 9 });
      expect(String(error)).toMatch(/^DeviceError: index out of range \(in gather at kernels\.js:3\)$/);
    }
    // Without the check, the launch runs (WebGPU keeps the access inside the buffer).
    await launchWebGPU(gather, { grid: 1, block: 16 }, x, at, out, counts);
  });

  it('takes a NaN, infinite or huge Math.floor index as outside the array, not element 0', async () => {
    // ToInt32 wrapped each to index 0: the read gave x[0], the write stored there.
    const floors = kernel(`function floors(p, x, out) {
      const i = gpu.globalIdx.x;
      out[i] = x[Math.floor(p[i])] ?? -1;
      x[Math.floor(p[i]) + 0] = 7;
    }`);
    const launch = { grid: 1, block: 1, config: { boundsCheck: true } };
    for (const p of [NaN, Infinity, -Infinity, 2 ** 32, 2 ** 33 + 2, -(2 ** 32)]) {
      const x = Float32Array.from([10, 20, 30, 40]);
      const out = new Float32Array(1);
      const error = await launchWebGPU(floors, launch, Float32Array.of(p), x, out).catch((e: unknown) => e);
      expect(String(error), String(p)).toMatch(
        /^DeviceError: index out of range \(in floors at kernels\.js:4\)$/,
      );
      expect([...out, ...x], String(p)).toEqual([-1, 10, 20, 30, 40]);
    }
    const x = Float32Array.from([10, 20, 30, 40]);
    const out = new Float32Array(1);
    await launchWebGPU(floors, launch, Float32Array.of(2.5), x, out);
    expect([...out, ...x]).toEqual([30, 10, 20, 7, 40]);
  });

  it('refuses, at the barrier, a checked kernel whose threads may leave before a barrier', async () => {
    // A thread leaves at an index out of range; WGSL wants every barrier reached by all threads.
    const shift = kernel(`function shift(x, out) {
      const tile = gpu.sharedArray(Float32Array, 32);
      tile[gpu.threadIdx.x] = x[gpu.globalIdx.x];
      gpu.barrier();
      out[gpu.globalIdx.x] = tile[31 - gpu.threadIdx.x];
    }`);
    const error = await launchWebGPU(
      shift,
      { grid: 1, block: 32, config: { boundsCheck: true } },
      new Float32Array(32),
      new Float32Array(32),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CompileError);
    expect(String(error)).toMatch(
      /kernels\.js:4:7: WebGPU's shader compiler rejects this: .*uniform control flow/,
    );
  });

  it('computes Math.sqrt of f32 correctly rounded, as JavaScript does', async () => {
    const roots = kernel(`function roots(x, out) {
      const i = gpu.globalIdx.x;
      if (i < x.length) out[i] = Math.sqrt(x[i]);
    }`);
    const bits = new Uint32Array(4096);
    // Edge cases, subnormals, and values spread over every exponent, both signs.
    bits.set([
      0, 0x80000000, 1, 0x7fffff, 0x800000, 0x7f7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0x3f800000,
    ]);
    for (let i = 10; i < bits.length; i++) bits[i] = Math.imul(i, 0x9e3779b1) >>> 0;
    const x = new Float32Array(bits.buffer);
    const { expected, actual } = await both(roots, { grid: 64, block: 64 }, () => [
      x.slice(),
      new Float32Array(x.length),
    ]);
    expect(actual[1]).toEqual(expected[1]);
  });

  it('computes gpu.fma of f32 rounded once, as IEEE fusedMultiplyAdd (JavaScript within an ulp)', async () => {
    const fused = kernel(`function fused(x, y, z, out) {
      const i = gpu.globalIdx.x;
      if (i < x.length) out[i] = gpu.fma(x[i], y[i], z[i]);
    }`);
    const n = 8192;
    const words = [new Uint32Array(n), new Uint32Array(n), new Uint32Array(n)] as const;
    const [xs, ys, zs] = words.map((w) => new Float32Array(w.buffer)) as [
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    const edges = [
      0,
      -0,
      1,
      -1,
      1.5,
      3,
      Number.NaN,
      Infinity,
      -Infinity,
      3.4028234663852886e38,
      1e-45,
      1.1754942e-38,
      0.1,
    ];
    let k = 0;
    for (const x of edges)
      for (const y of edges.slice(0, 10))
        for (const z of [0, -0, 1, Infinity, -Infinity, 1e-45, -3.4028234663852886e38]) {
          xs[k] = x;
          ys[k] = y;
          zs[k++] = z;
        }
    // Products exactly halfway between two f32s, nudged by an addend far below them: only the
    // addend's bits shifted out of the sum's field say which way to round.
    for (const [x, y, z] of [
      [4097, 4097, 1e-30],
      [4097, 4097, -1e-30],
      [4097, 4099, -1e-30],
      [-4097, 4099, 1e-30],
    ] as const) {
      xs[k] = x;
      ys[k] = y;
      zs[k++] = z;
    }
    for (let i = k; i < n; i++) {
      for (const [j, w] of words.entries()) w[i] = Math.imul(i * 3 + j, 0x9e3779b1) >>> 0;
      const x = xs[i] as number;
      const y = ys[i] as number;
      // Addends that cancel the product's leading bits, or sit near it, or far below it.
      if (i % 4 === 1) zs[i] = -Math.fround(x * y);
      if (i % 4 === 2) zs[i] = Math.fround(x * y * (((i * 7919) % 1000) / 250 - 2));
      if (i % 4 === 3) zs[i] = Math.fround(x * y * 2 ** -((i % 60) + 10));
    }
    const { expected, actual } = await both(fused, { grid: 128, block: 64 }, () => [
      xs.slice(),
      ys.slice(),
      zs.slice(),
      new Float32Array(n),
    ]);
    expect(Array.from(actual[3] as Float32Array)).toEqual(
      Array.from(xs, (x, i) => fmaF32(x, ys[i] as number, zs[i] as number)),
    );
    const far = Array.from(expected[3] as Float32Array).filter(
      (v, i) => ulpsApart(v, (actual[3] as Float32Array)[i] as number) > 1,
    );
    expect(far).toEqual([]);
  });

  it('computes Math.cbrt of f32 correctly rounded, as JavaScript does', async () => {
    const roots = kernel(`function roots(x, out) {
      const i = gpu.globalIdx.x;
      if (i < x.length) out[i] = Math.cbrt(x[i]);
    }`);
    const bits = new Uint32Array(8192);
    // Edge cases, cubes, subnormals, and values spread over every exponent, both signs.
    bits.set([
      0, 0x80000000, 1, 0x80000001, 0x7fffff, 0x800000, 0x7f7fffff, 0x7f800000, 0xff800000, 0x7fc00000,
      0x3f800000, 0x41000000, 0xc1d80000, 0x3e000000, 0x2f800000,
    ]);
    for (let i = 15; i < bits.length; i++) bits[i] = Math.imul(i, 0x9e3779b1) >>> 0;
    const x = new Float32Array(bits.buffer);
    const { expected, actual } = await both(roots, { grid: 128, block: 64 }, () => [
      x.slice(),
      new Float32Array(x.length),
    ]);
    expect(actual[1]).toEqual(expected[1]);
  });

  it('computes Math.hypot of two f32 values correctly rounded (JavaScript within an ulp)', async () => {
    const hypot = kernel(`function hypot(x, y, out, three) {
      const i = gpu.globalIdx.x;
      if (i < x.length) {
        out[i] = Math.hypot(x[i], y[i]);
        three[i] = Math.hypot(x[i], y[i], x[(i + 1) % x.length]) + Math.hypot(y[i]);
      }
    }`);
    const n = 8192;
    const xs = new Uint32Array(n);
    const ys = new Uint32Array(n);
    const pairs: [number, number][] = [
      [0, 0x80000000],
      [0x80000000, 0x80000000],
      [0x7f800000, 0x7fc00000],
      [0x7fc00000, 0xff800000],
      [0x7fc00000, 0],
      [0x7f7fffff, 0x7f7fffff],
      [0x7f7fffff, 1],
      [1, 1],
      [1, 0x7fffff],
      [0x7fffff, 0x7fffff],
      [0x800000, 0x800000],
      [0x40400000, 0x40800000],
      [0x40a00000, 0x41400000],
      [0x3f800000, 0x33800000],
      [0x3f800000, 0x39800000],
      [0x5f800000, 0x1f800000],
      [0x00000003, 0x00000004],
    ];
    pairs.forEach(([a, b], i) => {
      xs[i] = a;
      ys[i] = b;
    });
    // Sums just past an exact tie, by bits of y^2 below the 2 bits the root keeps past 24:
    // ma^2 + mb^2 2^-22 = (ma + 1/2)^2 + a little (x = ma 2^-23, y = mb 2^-34).
    const fine = new Float32Array(2);
    for (let ma = 0x800001n, k = pairs.length; k < pairs.length + 8; ma++) {
      const target = (4n * ma + 1n) << 20n;
      let mb = BigInt(Math.ceil(Math.sqrt(Number(target))));
      while ((mb - 1n) * (mb - 1n) >= target) mb--;
      while (mb * mb < target) mb++;
      if (mb * mb - target >= 1n << 18n || mb * mb === target) continue;
      fine[0] = Number(ma) * 2 ** -23;
      fine[1] = Number(mb) * 2 ** -34;
      const [fx, fy] = new Uint32Array(fine.buffer);
      xs[k] = fx as number;
      ys[k++] = fy as number;
    }
    // Random bit patterns (mostly far apart), and pairs of close magnitude.
    const f = new Float32Array(1);
    const u = new Uint32Array(f.buffer);
    for (let i = pairs.length + 8; i < n; i++) {
      xs[i] = Math.imul(i, 0x9e3779b1) >>> 0;
      if (i % 2 === 0) ys[i] = Math.imul(i, 0x85ebca6b) >>> 0;
      else {
        u[0] = xs[i] as number;
        f[0] = (f[0] as number) * (((i * 7919) % 1000) / 300 + 0.05);
        ys[i] = u[0] as number;
      }
    }
    const { expected, actual } = await both(hypot, { grid: 128, block: 64 }, () => [
      new Float32Array(xs.slice().buffer),
      new Float32Array(ys.slice().buffer),
      new Float32Array(n),
      new Float32Array(n),
    ]);
    const [x, y] = expected as [Float32Array, Float32Array];
    expect(Array.from(actual[2] as Float32Array)).toEqual(
      Array.from(x, (v, i) => hypotF32(v, y[i] as number)),
    );
    // JavaScript's double hypot is not correctly rounded (it differs on an exact tie here), and
    // three values fold pairwise (rounding once more), as on the other back-ends: within ulps.
    const far = Array.from(expected[3] as Float32Array).filter(
      (v, i) => ulpsApart(v, (actual[3] as Float32Array)[i] as number) > 2,
    );
    expect(far).toEqual([]);
  });

  it('sizes dynamic shared memory at launch', async () => {
    const rotate = kernel(`function rotate(x, out) {
      const extra = gpu.dynamicSharedArray(Int32Array);
      const t = gpu.threadIdx.x;
      extra[t] = x[gpu.globalIdx.x];
      gpu.barrier();
      out[gpu.globalIdx.x] = extra[(t + 1) % extra.length] * 100 + extra.length;
    }`);
    const launch = { grid: 2, block: 32, sharedBytes: 32 * 4 };
    const make = () => [Int32Array.from({ length: 64 }, (_, i) => i), new Int32Array(64)];
    const expected = make();
    runReference(rotate, launch, expected);
    const actual = make();
    await launchWebGPU(rotate, launch, ...actual);
    expect(actual[1]).toEqual(expected[1]);
    const tooMuch = await launchWebGPU(rotate, { ...launch, sharedBytes: 2 ** 30 }, ...make()).catch(
      (e: unknown) => e,
    );
    expect(tooMuch).toMatchObject({ name: 'LaunchError', code: 'bad-launch' });
  });
});

describe.skipIf(!available)('launch checks', () => {
  it('launches by thread count: { size: n } covers n threads in blocks of 256, and checks n', async () => {
    const index = kernel(
      'function index(x) { const i = gpu.globalIdx.x; if (i < x.length) x[i] = i * gpu.blockDim.x; }',
    );
    const x = new Int32Array(700);
    await launchWebGPU(index, { size: 700 }, x);
    expect(Array.from(x)).toEqual(Array.from(x, (_, i) => i * 256));
    const small = new Int32Array(5);
    await launchWebGPU(index, { size: 5 }, small);
    expect(Array.from(small)).toEqual([0, 32, 64, 96, 128]);
    for (const launch of [{ size: 0 }, { size: 1.5 }, { size: 4, grid: 1 }]) {
      const error = await launchWebGPU(index, launch as never, x).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'LaunchError', code: 'bad-launch' });
      expect(String(error)).toMatch(/size/);
    }
  });

  it("refuses a block larger than the device's with a bad-launch error", async () => {
    const fill = kernel('function fill(x) { x[gpu.globalIdx.x] = 1; }');
    const error = await launchWebGPU(fill, { grid: 1, block: 4096 }, new Int32Array(4096)).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'LaunchError', code: 'bad-launch' });
    expect(String(error)).toMatch(
      /kernel 'fill': the block is \[4096, 1, 1\]; this WebGPU device runs blocks of at most \d+ threads along x \(maxComputeWorkgroupSizeX\)/,
    );
    // Each axis within its limit, their product past the device's threads per block.
    const device = (await webgpuDevice()) as GPUDevice;
    const most = device.limits.maxComputeInvocationsPerWorkgroup;
    const wide = await launchWebGPU(fill, { grid: 1, block: [most, 2] }, new Int32Array(4)).catch(
      (e: unknown) => e,
    );
    expect(wide).toMatchObject({ name: 'LaunchError', code: 'bad-launch' });
    expect(String(wide)).toMatch(
      new RegExp(
        `kernel 'fill': the block is \\[${most}, 2, 1\\], ${most * 2} threads; .* at most ${most} \\(maxComputeInvocationsPerWorkgroup\\)`,
      ),
    );
  });

  it("refuses workgroup memory past the device's, static and dynamic, naming the kernel and the limit", async () => {
    const device = (await webgpuDevice()) as GPUDevice;
    const limit = device.limits.maxComputeWorkgroupStorageSize;
    const words = limit / 4;
    const refused = async (text: string, launch: { grid: number; block: number; sharedBytes?: number }) => {
      const error = await launchWebGPU(kernel(text), launch, new Float32Array(64)).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'LaunchError', code: 'bad-launch' });
      expect(String(error)).toMatch(
        new RegExp(
          `kernel 'big': a block needs \\d+ bytes of workgroup memory .*; this WebGPU device has ${limit} \\(maxComputeWorkgroupStorageSize\\)`,
        ),
      );
    };
    const uses = (shared: number) => `function big(x) {
      const s = gpu.sharedArray(Float32Array, ${shared});
      const d = gpu.dynamicSharedArray(Float32Array);
      const t = gpu.threadIdx.x;
      s[t] = x[t];
      gpu.barrier();
      x[t] = s[${shared - 1} - t] + d.length;
    }`;
    // Static shared memory alone past the limit.
    await refused(uses(words + 4), { grid: 1, block: 64 });
    // Static and dynamic, each within it, together past it; at the limit it runs.
    await refused(uses(words / 2), { grid: 1, block: 64, sharedBytes: limit / 2 + 16 });
    await launchWebGPU(
      kernel(uses(words / 2)),
      { grid: 1, block: 64, sharedBytes: limit / 2 },
      new Float32Array(64),
    );
    // The workgroup route of warp operations holds a word per thread of the block too.
    await refused(
      `function big(x) {
      const s = gpu.sharedArray(Float32Array, ${words - 60});
      const t = gpu.threadIdx.x;
      s[t] = x[t];
      x[t] = gpu.shuffleXor(s[t], 1);
    }`,
      { grid: 1, block: 64 },
    );
  });

  it('refuses arrays that share memory, which WebGPU holds in buffers of their own, naming both arguments', async () => {
    // JavaScript lets one array be passed twice: the store through one is read through the other.
    const copy = kernel('function copy(o, a, b) { const i = gpu.globalIdx.x; o[i] = a[i] + 1; }');
    const data = new Int32Array(8).fill(3);
    const twice = await launchWebGPU(copy, { grid: 1, block: 8 }, data, new Int32Array(8), data).catch(
      (e: unknown) => e,
    );
    expect(twice).toMatchObject({ name: 'LaunchError', code: 'bad-launch' });
    expect(String(twice)).toMatch(/kernel 'copy': arguments 1 and 3 share memory \(the same array\)/);
    // Overlapping views of one buffer too; views side by side do not overlap and run.
    const buffer = new Float32Array(16);
    const overlapping = await launchWebGPU(
      copy,
      { grid: 1, block: 8 },
      buffer.subarray(0, 8),
      buffer.subarray(4, 12),
      new Float32Array(8),
    ).catch((e: unknown) => e);
    expect(String(overlapping)).toMatch(/arguments 1 and 2 share memory \(overlapping views of one buffer\)/);
    const [low, high] = [buffer.subarray(0, 8), buffer.subarray(8, 16)];
    high.fill(2);
    await launchWebGPU(copy, { grid: 1, block: 8 }, low, high, new Float32Array(8));
    expect([...low]).toEqual(new Array(8).fill(3));
    expect(data).toEqual(new Int32Array(8).fill(3));
  });

  it('refuses an array of the wrong element type, naming the parameter', async () => {
    const fill = kernel('function fill(x) { x[gpu.globalIdx.x] = 1; }');
    await launchWebGPU(fill, { grid: 1, block: 4 }, new Int32Array(4));
    const error = await launchWebGPU(fill, { grid: 1, block: 4 }, 'four').catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'LaunchError', code: 'bad-argument' });
  });
});

describe.skipIf(!available)('the runtime', () => {
  it("takes the browser's navigator.gpu where there is one", async () => {
    const dawn = await defaultGPU();
    const before = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    const browser = { gpu: dawn };
    Object.defineProperty(globalThis, 'navigator', { value: browser, configurable: true });
    try {
      expect(await defaultGPU()).toBe(dawn);
      browser.gpu = undefined;
      expect(await defaultGPU()).toBe(dawn);
    } finally {
      if (before) Object.defineProperty(globalThis, 'navigator', before);
      else Reflect.deleteProperty(globalThis, 'navigator');
    }
  });

  it('runs WGSL compiled earlier, without the compiler, on a device it is given', async () => {
    const add = kernel('function add(x, n) { const i = gpu.globalIdx.x; if (i < n) x[i] += i; }');
    const written = compileWGSL(
      webgpuCompiler(),
      add,
      ['i32[]', 'i32'].map((t) => parseType(t) as NonNullable<ReturnType<typeof parseType>>),
      {
        block: [32, 1, 1],
      },
    );
    const device = await webgpuDevice();
    const x = new Int32Array(70).fill(1);
    await runWGSL(device as GPUDevice, written, [3, 1, 1], [x, 70]);
    expect(Array.from(x)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
  });
});

describe('refusals', () => {
  const refused = async (
    source: { text: string; file: string },
    args: unknown[],
    what: RegExp,
    scope: Record<string, unknown> = {},
  ) => {
    const error = await launchWebGPU(source, { grid: 1, block: 1, scope }, ...args).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CompileError);
    expect((error as CompileError).code).toBe('unsupported-on-target');
    expect((error as CompileError).message).toMatch(what);
  };

  it('refuses f64 at its line', async () => {
    const half = kernel(`function half(x) {
      x[0] = x[0] * 0.5;
    }`);
    await refused(half, [new Float64Array(1)], /:1:15: f64/);
  });

  it('refuses a quotient of integers used as a double, not converted to a word', async () => {
    const floor = kernel(`function floor(x, a, b) {
      x[0] = (a / b) | 0;
      x[1] = Math.floor(a / b);
    }`);
    await refused(floor, [new Int32Array(2), 7, 2], /:3:\d+: f64/);
  });

  it('refuses a merged double used as a double, not converted to a word', async () => {
    const merged = kernel(`function merged(x, a) {
      const v = a[0] > 1 ? a[0] : Infinity;
      x[0] = v * 2;
    }`);
    await refused(merged, [new Float32Array(1), new Int32Array(1)], /:2:\d+: f64/);
  });

  it('refuses a sum of an i32 and a u32 used as a double, not converted to a word', async () => {
    const sum = kernel(`function sum(x, a, u) {
      x[0] = (a[0] + u[0]) | 0;
      x[1] = (a[0] + u[0]) / 2;
    }`);
    await refused(sum, [new Int32Array(2), new Int32Array(1), new Uint32Array(1)], /:3:\d+: f64/);
  });

  it('refuses a double of the scope where it is used as a double, at that use', async () => {
    const scaled = kernel(`function scaled(x) {
      x[0] = x[1] * SCALE;
    }`);
    await refused(scaled, [new Float32Array(2)], /:2:14: f64/, { SCALE: 0.1 });
  });

  it('refuses a number computed in f64 at its line', async () => {
    const third = kernel(`function third(x) {
      const t = gpu.threadIdx.x / 3;
      x[0] = t;
    }`);
    await refused(third, [new Float32Array(1)], /:2:\d+: f64/);
  });

  // The shader compiler finds this one: it needs a device.
  it.skipIf(!available)(
    "refuses, at the kernel's line, a barrier that threads of a block may skip",
    async () => {
      const early = kernel(`function early(x, n) {
      const i = gpu.globalIdx.x;
      if (i >= n) return;
      gpu.barrier();
      x[i] = 1;
    }`);
      await refused(
        early,
        [new Int32Array(8), 4],
        /kernels\.js:4:7: WebGPU's shader compiler rejects this: .*uniform control flow/,
      );
    },
  );

  it('refuses recursion', async () => {
    const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
    const error = await launchWebGPU(
      kernel('function k(x) { x[0] = fact(x[0]); }'),
      { grid: 1, block: 1, scope: { fact } },
      new Int32Array(1),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CompileError);
  });

  it('refuses atomics on arrays WGSL has no atomics for', async () => {
    const add = kernel(`function add(x) {
      gpu.atomicAdd(x, 0, 1);
    }`);
    await refused(add, [new Float64Array(1)], /f64/);
  });
});
