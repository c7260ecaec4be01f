// f16 and bf16 arrays through WebGPU, bit for bit against the reference runner, on either f16
// route (words, or WGSL f16 where the device has shader-f16): every 16-bit pattern read, the
// rounding of stores at each boundary between two values, constants, shared, local and dynamic
// shared arrays, and arrays given to device functions. Shared by test/half.test.ts and
// scripts/gpu-check.ts.
import { runReference } from '@gpuc/core';
import { BFloat16Bits, Float16Bits } from '@gpuc/core/host';
import { type HalfRoute, halfRouteRefusal, launchWebGPU } from '../src/index.js';
import { both, type DeviceCase, fromText, kernel } from './both.js';

/** An array's values as numbers (NaN equal to NaN, -0 apart from 0, as toEqual compares them). */
export const numbers = (a: unknown) =>
  a instanceof Float16Bits || a instanceof BFloat16Bits ? a.toNumbers() : Array.from(a as Float32Array);

/** The least normal f32: smaller magnitudes are subnormal. */
const F32_MIN_NORMAL = 2 ** -126;

/**
 * The first elements where two arrays' numbers differ (a short report where a store rounds
 * wrong). With `flushes`, for an array of f32 arithmetic's results, a zero where the reference
 * has an f32 subnormal counts as equal: WGSL lets a driver flush subnormals in arithmetic, and
 * NVIDIA's Vulkan driver does (docs/language.md, "Where `f32` differs").
 */
export function mismatches(
  actual: unknown,
  expected: unknown,
  input?: Float32Array,
  flushes = false,
): string[] {
  const [a, e] = [numbers(actual), numbers(expected)];
  const flushed = (x: number, y: number) => flushes && x === 0 && y !== 0 && Math.abs(y) < F32_MIN_NORMAL;
  const differ = a.flatMap((x, i) =>
    Object.is(x, e[i]) || flushed(x, e[i] as number)
      ? []
      : [`[${i}]${input ? ` of ${input[i]}` : ''}: ${x}, not ${e[i]}`],
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

export const widen = kernel(`function widen(h, b, fh, fb) {
  const i = gpu.globalIdx.x;
  if (i < h.length) {
    fh[i] = h[i];
    fb[i] = b[i];
  }
}`);

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

const constants = kernel(`function constants(h, b) {
  h[0] = 0.1; h[1] = 65519.99; h[2] = -1e-8; h[3] = 2.980232238769531e-8; h[4] = -0;
  b[0] = 0.1; b[1] = 3.4e38; b[2] = -0; b[3] = 1 / 3;
  const z = 0 * -1;
  h[5] = z;
  h[6] = 1 / 0; h[7] = -70000; h[8] = 0 / 0;
}`);

/** A kernel of shared and local 16-bit arrays, its local array of the type named. */
const blocks = (local: string) =>
  kernel(`function blocks(x, out) {
  const s = gpu.sharedArray(Float16Bits, 64);
  const t = gpu.sharedArray(BFloat16Bits, 64);
  const l = new ${local}(4);
  const i = gpu.threadIdx.x;
  s[i] = x[gpu.globalIdx.x] * 3;
  t[63 - i] = x[gpu.globalIdx.x] / 7;
  gpu.barrier();
  const k = fill(l, i & 3, s[(i + 1) & 63]);
  out[gpu.globalIdx.x] = k + t[i] + l[(i + 1) & 3];
}`);

const calls = kernel(`function calls(h, b, out) {
  const i = gpu.globalIdx.x;
  if (i < h.length) out[i] = halve(h, i) + halve(b, i);
}`);

export const rotate = kernel(`function rotate(x, out) {
  const d = gpu.dynamicSharedArray(Float16Bits);
  const t = gpu.threadIdx.x;
  d[t] = x[gpu.globalIdx.x] / 3;
  gpu.barrier();
  out[gpu.globalIdx.x] = d[(t + 1) % d.length] + d.length;
}`);

/** `rotate`'s arguments for a launch of 2 blocks of 32. */
export const rotateArgs = () => [
  Float32Array.from({ length: 64 }, (_, i) => i * 1.1 - 9),
  new Float32Array(64),
];

/** The f16 and bf16 cases on an f16 route. */
export function halfCases(halves: HalfRoute): DeviceCase[] {
  const absent = (device: GPUDevice) => halfRouteRefusal(device, halves);
  const all = () => Uint16Array.from({ length: 0x10000 }, (_, i) => i);
  return [
    {
      name: `f16/${halves}: every f16 and bf16 bit pattern read as the f32 holding it`,
      absent,
      async run() {
        const { expected, actual } = await both(widen, { grid: 256, block: 256, halves }, () => [
          new Float16Bits(all().buffer),
          new BFloat16Bits(all().buffer),
          new Float32Array(0x10000),
          new Float32Array(0x10000),
        ]);
        return [2, 3].flatMap((k) => mismatches(actual[k], expected[k]));
      },
    },
    {
      name: `f16/${halves}: stores of f32 and integers, f16(x) and bf16(x) rounded to nearest even`,
      absent,
      async run() {
        const x = boundaries();
        const n = Int32Array.from([
          0, -1, 2049, 2051, 65504, 65519, 65520, -65521, 16777217, -2147483648, 12345,
        ]);
        const { expected, actual } = await both(narrow, { grid: 64, block: 64, halves }, () => [
          x.slice(),
          n.slice(),
          new Float16Bits(x.length),
          new BFloat16Bits(x.length),
          new Float16Bits(n.length),
          new BFloat16Bits(n.length),
          new Float32Array(x.length),
        ]);
        return [
          ...[2, 3].flatMap((k) => mismatches(actual[k], expected[k], x)),
          // f16(x) - bf16(x) is f32 arithmetic, whose subnormal results a driver may flush.
          ...mismatches(actual[6], expected[6], x, true),
          ...[4, 5].flatMap((k) => mismatches(actual[k], expected[k])),
        ];
      },
    },
    {
      name: `f16/${halves}: f64 constants stored rounded once, -0, Infinity and NaN kept`,
      absent,
      async run() {
        const { expected, actual } = await both(constants, { grid: 1, block: 1, halves }, () => [
          new Float16Bits(9),
          new BFloat16Bits(4),
        ]);
        return [0, 1].flatMap((k) => mismatches(actual[k], expected[k]));
      },
    },
    {
      name: `f16/${halves}: shared and local arrays, a local one given to a device function`,
      absent,
      async run() {
        const fill = fromText('(a, i, x) => { a[i] = x; return a[i]; }');
        const launch = { grid: 2, block: 64, scope: { fill }, halves };
        const x = Float32Array.from({ length: 128 }, (_, i) => (i - 60) * 1.37);
        // Node before 24 has no Float16Array to run the kernel as JavaScript: the local array
        // holds values read from an f16 array, which an f32 one holds exactly as well.
        const expected = new Float32Array(128);
        runReference(blocks('Float32Array'), launch, [x.slice(), expected]);
        const actual = new Float32Array(128);
        await launchWebGPU(blocks('Float16Array'), launch, x.slice(), actual);
        return mismatches(actual, expected);
      },
    },
    {
      name: `f16/${halves}: storage arrays given to a device function that reads, writes and measures them`,
      absent,
      async run() {
        const scope = {
          // Its own element read back: a neighbour's would race with the neighbour's store.
          halve: fromText('(a, i) => { a[i] = a[i] / 2 + a.length; return a[i]; }'),
        };
        const values = Array.from({ length: 41 }, (_, i) => (i - 17) * 0.731);
        const { expected, actual } = await both(calls, { grid: 1, block: 64, scope, halves }, () => [
          new Float16Bits(values),
          new BFloat16Bits(values),
          new Float32Array(41),
        ]);
        return [0, 1, 2].flatMap((k) => mismatches(actual[k], expected[k]));
      },
    },
    {
      name: `f16/${halves}: dynamic shared memory viewed as f16`,
      absent,
      async run() {
        const { expected, actual } = await both(
          rotate,
          { grid: 2, block: 32, sharedBytes: 32 * 2, halves },
          rotateArgs,
        );
        return mismatches(actual[1], expected[1]);
      },
    },
  ];
}
