// f16 and bf16 arrays through WebGPU (lavapipe here), bit for bit against the reference runner:
// every 16-bit pattern read, and the rounding of stores at each boundary between two values.
import { runReference } from '@gpuc/core';
import { parseType } from '@gpuc/core/compiler';
import { BFloat16Bits, Float16Bits } from '@gpuc/core/host';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compileWGSL,
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

/** An array's values as numbers (NaN equal to NaN, -0 apart from 0, as toEqual compares them). */
const numbers = (a: unknown) =>
  a instanceof Float16Bits || a instanceof BFloat16Bits ? a.toNumbers() : Array.from(a as Float32Array);

/** The first elements where two arrays' numbers differ (a short report where a store rounds wrong). */
function mismatches(actual: unknown, expected: unknown, input?: Float32Array) {
  const [a, e] = [numbers(actual), numbers(expected)];
  const differ = a.flatMap((x, i) =>
    Object.is(x, e[i]) ? [] : [{ i, input: input?.[i], actual: x, expected: e[i] }],
  );
  return differ.slice(0, 5);
}

const bits = (floats: number[]) => new Uint32Array(Float32Array.from(floats).buffer);
const floats = (words: ArrayLike<number>) => Array.from(new Float32Array(Uint32Array.from(words).buffer));

/**
 * f32 values at every rounding boundary of f16 and bf16: each 16-bit value's f32, the f32s
 * around the midpoint to the next one, specials, and random bit patterns.
 */
function boundaries(): Float32Array {
  const words: number[] = [];
  for (let h = 0; h < 0x10000; h += 1) {
    const f16 = new Float16Bits(2);
    f16[0] = h;
    f16[1] = h + 1;
    const [low, high] = f16.toNumbers() as [number, number];
    const middle = bits([(low + high) / 2])[0] as number;
    if (Number.isFinite(low) && Number.isFinite(high)) words.push(middle - 1, middle, middle + 1);
    words.push(bits([low])[0] as number);
    // bf16: the f32s whose lower half is just below, at and just past the tie.
    const upper = h << 16;
    words.push(upper | 0x7fff, upper | 0x8000, upper | 0x8001);
  }
  let seed = 7;
  for (let i = 0; i < 20000; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    words.push(seed);
  }
  return Float32Array.from(floats(words));
}

describe.skipIf(!available)('f16 and bf16 arrays on WebGPU', () => {
  it('reads every f16 and bf16 bit pattern as the f32 holding it', async () => {
    const widen = kernel(`function widen(h, b, fh, fb) {
      const i = gpu.globalIdx.x;
      if (i < h.length) {
        fh[i] = h[i];
        fb[i] = b[i];
      }
    }`);
    const all = () => Uint16Array.from({ length: 0x10000 }, (_, i) => i);
    const { expected, actual } = await both(widen, { grid: 256, block: 256 }, () => [
      new Float16Bits(all().buffer),
      new BFloat16Bits(all().buffer),
      new Float32Array(0x10000),
      new Float32Array(0x10000),
    ]);
    expect(mismatches(actual[2], expected[2])).toEqual([]);
    expect(mismatches(actual[3], expected[3])).toEqual([]);
  });

  it('rounds stores of f32 and integers, and f16(x), bf16(x), to nearest even as the reference does', async () => {
    const narrow = kernel(`function narrow(x, n, h, b, hn, bn, r) {
      for (let i = gpu.globalIdx.x; i < x.length; i += gpu.blockDim.x * gpu.gridDim.x) {
        h[i] = x[i];
        b[i] = x[i];
        r[i] = f16(x[i]) - bf16(x[i]);
      }
      const j = gpu.globalIdx.x;
      if (j < n.length) {
        hn[j] = n[j];
        bn[j] = n[j];
      }
    }`);
    const x = boundaries();
    const n = Int32Array.from([0, -1, 2049, 2051, 65504, 65519, 65520, -65521, 16777217, -2147483648, 12345]);
    const { expected, actual } = await both(narrow, { grid: 64, block: 64 }, () => [
      x.slice(),
      n.slice(),
      new Float16Bits(x.length),
      new BFloat16Bits(x.length),
      new Float16Bits(n.length),
      new BFloat16Bits(n.length),
      new Float32Array(x.length),
    ]);
    for (const k of [2, 3, 6]) expect(mismatches(actual[k], expected[k], x)).toEqual([]);
    for (const k of [4, 5]) expect(mismatches(actual[k], expected[k])).toEqual([]);
  });

  it('stores f64 constants rounded once, and keeps -0', async () => {
    const constants = kernel(`function constants(h, b) {
      h[0] = 0.1; h[1] = 65519.99; h[2] = -1e-8; h[3] = 2.980232238769531e-8; h[4] = -0;
      b[0] = 0.1; b[1] = 3.4e38; b[2] = -0; b[3] = 1 / 3;
      const z = 0 * -1;
      h[5] = z;
    }`);
    const { expected, actual } = await both(constants, { grid: 1, block: 1 }, () => [
      new Float16Bits(6),
      new BFloat16Bits(4),
    ]);
    expect(numbers(actual[0])).toEqual(numbers(expected[0]));
    expect(numbers(actual[1])).toEqual(numbers(expected[1]));
  });

  it('holds f16 and bf16 in shared and local arrays, and passes a local one to a device function', async () => {
    // A device function given the local array.
    const fill = new Function('return (a, i, x) => { a[i] = x; return a[i]; }')();
    const text = (local: string) => `function blocks(x, out) {
      const s = gpu.sharedArray(Float16Bits, 64);
      const t = gpu.sharedArray(BFloat16Bits, 64);
      const l = new ${local}(4);
      const i = gpu.threadIdx.x;
      s[i] = x[gpu.globalIdx.x] * 3;
      t[63 - i] = x[gpu.globalIdx.x] / 7;
      gpu.barrier();
      const k = fill(l, i & 3, s[(i + 1) & 63]);
      out[gpu.globalIdx.x] = k + t[i] + l[(i + 1) & 3];
    }`;
    const launch = { grid: 2, block: 64, scope: { fill } };
    const x = Float32Array.from({ length: 128 }, (_, i) => (i - 60) * 1.37);
    // Node before 24 has no Float16Array to run the kernel as JavaScript: the local array holds
    // values read from an f16 array, which an f32 one holds exactly as well.
    const expected = new Float32Array(128);
    runReference(kernel(text('Float32Array')), launch, [x.slice(), expected]);
    const actual = new Float32Array(128);
    await launchWebGPU(kernel(text('Float16Array')), launch, x.slice(), actual);
    expect(numbers(actual)).toEqual(numbers(expected));
  });

  it('passes f16 and bf16 storage arrays to a device function, which reads, writes and measures them', async () => {
    const scope = {
      halve: fromText('(a, i) => { a[i] = a[i] / 2 + a.length; return a[(i + 1) % a.length]; }'),
    };
    const calls = kernel(`function calls(h, b, out) {
      const i = gpu.globalIdx.x;
      if (i < h.length) out[i] = halve(h, i) + halve(b, i);
    }`);
    const launch = { grid: 1, block: 64, scope };
    const values = Array.from({ length: 40 }, (_, i) => (i - 17) * 0.731);
    const make = () => [new Float16Bits(values), new BFloat16Bits(values), new Float32Array(40)];
    const expected = make();
    runReference(calls, launch, expected);
    const actual = make();
    await launchWebGPU(calls, launch, ...actual);
    // Threads read their neighbours' elements as those are written: only the stores compare.
    expect(mismatches(actual[0], expected[0])).toEqual([]);
    expect(mismatches(actual[1], expected[1])).toEqual([]);
  });

  it('views dynamic shared memory as f16, sharedBytes / 2 elements', async () => {
    const rotate = kernel(`function rotate(x, out) {
      const d = gpu.dynamicSharedArray(Float16Bits);
      const t = gpu.threadIdx.x;
      d[t] = x[gpu.globalIdx.x] / 3;
      gpu.barrier();
      out[gpu.globalIdx.x] = d[(t + 1) % d.length] + d.length;
    }`);
    const launch = { grid: 2, block: 32, sharedBytes: 32 * 2 };
    const make = () => [Float32Array.from({ length: 64 }, (_, i) => i * 1.1 - 9), new Float32Array(64)];
    const expected = make();
    runReference(rotate, launch, expected);
    const actual = make();
    await launchWebGPU(rotate, launch, ...actual);
    expect(mismatches(actual[1], expected[1])).toEqual([]);
    const device = (await webgpuDevice()) as GPUDevice;
    // Each 16-bit element takes a word on the device: half the bytes are there for it.
    const most = device.limits.maxComputeWorkgroupStorageSize / 2;
    const tooMuch = await launchWebGPU(rotate, { ...launch, sharedBytes: most + 2 }, ...make()).catch(
      (e: unknown) => e,
    );
    expect(tooMuch).toMatchObject({
      code: 'bad-launch',
      message: expect.stringContaining(`has ${most * 2} (maxComputeWorkgroupStorageSize)`),
    });
    await launchWebGPU(rotate, { ...launch, sharedBytes: most }, ...make());
  });

  it('runs f16 WGSL compiled earlier, and refuses another array for an f16 parameter, naming it', async () => {
    const scale = kernel('function scale(h, n) { const i = gpu.globalIdx.x; if (i < n) h[i] = h[i] * 3; }');
    const types = ['f16[]', 'i32'].map((t) => parseType(t) as NonNullable<ReturnType<typeof parseType>>);
    const written = compileWGSL(webgpuCompiler(), scale, types, { block: [32, 1, 1] });
    const device = (await webgpuDevice()) as GPUDevice;
    const make = () => [new Float16Bits([1, -2.5, 0.1, 30000, 5]), 5];
    const expected = make();
    runReference(scale, { grid: 1, block: 32 }, expected);
    const actual = make();
    await runWGSL(device, written, [1, 1, 1], actual);
    expect(numbers(actual[0])).toEqual(numbers(expected[0]));
    const wrong = await runWGSL(device, written, [1, 1, 1], [new Uint16Array(5), 5]).catch((e: unknown) => e);
    expect(wrong).toMatchObject({
      code: 'bad-launch',
      message: expect.stringMatching(/argument 1 must be a Float16Bits/),
    });
  });
});
