import { describe, expect, it } from 'vitest';
import { f32, launchNative, type NativeLaunch, runReference, u32, view } from '../../src/index.js';

type Arg = unknown;

/** Copies typed arrays (and views) so that both runs start from the same data. */
function copy(args: readonly Arg[]): Arg[] {
  return args.map((a) => {
    if (ArrayBuffer.isView(a)) return (a as unknown as { slice(): unknown }).slice();
    if (a && typeof a === 'object' && 'data' in a && 'shape' in a) {
      const v = a as { data: Float32Array; shape: number[] };
      return view(v.data.slice(), ...v.shape);
    }
    return a;
  });
}

/** Runs a kernel natively and in the reference runner; returns both argument lists. */
function both(text: string, launch: NativeLaunch, args: readonly Arg[]) {
  const kernel = { text, file: 'native.test.js' };
  const reference = copy(args);
  const native = copy(args);
  runReference(
    kernel,
    { grid: launch.grid, block: launch.block, ...(launch.scope ? { scope: launch.scope } : {}) },
    reference,
  );
  launchNative(kernel, launch, ...native);
  return { reference, native };
}

/** Exact agreement for every array argument. */
function agree(text: string, launch: NativeLaunch, args: readonly Arg[]): void {
  const { reference, native } = both(text, launch, args);
  native.forEach((value, i) => {
    if (ArrayBuffer.isView(value))
      expect(Array.from(value as never), `argument ${i}`).toEqual(Array.from(reference[i] as never));
  });
}

/** Agreement within `ulps` units in the last place of f32 or f64. */
function agreeWithin(text: string, launch: NativeLaunch, args: readonly Arg[], ulps: number): void {
  const { reference, native } = both(text, launch, args);
  native.forEach((value, i) => {
    if (!(value instanceof Float32Array || value instanceof Float64Array)) return;
    const expected = reference[i] as Float32Array | Float64Array;
    for (const [k, got] of value.entries()) {
      const want = expected[k] as number;
      if (Number.isNaN(want)) {
        expect(got, `[${k}]`).toBeNaN();
        continue;
      }
      const ulp =
        value instanceof Float32Array
          ? 2 ** (Math.floor(Math.log2(Math.abs(want) || 2 ** -126)) - 23)
          : Number.EPSILON * Math.max(Math.abs(want), 2 ** -1022);
      expect(Math.abs(got - want), `[${k}] ${got} vs ${want}`).toBeLessThanOrEqual(ulps * ulp);
    }
  });
}

const iota = (n: number, f: (i: number) => number = (i) => i) =>
  Float64Array.from({ length: n }, (_, i) => f(i));

describe('kernels on the native target agree with the reference runner', () => {
  it('saxpy over a 2-D grid of blocks', () => {
    agree(
      `function saxpy(a, x, y, n) {
        const i = gpu.globalIdx.x + gpu.globalIdx.y * gpu.blockDim.x * gpu.gridDim.x;
        if (i < n) y[i] = a * x[i] + y[i];
      }`,
      { grid: [4, 2], block: 64 },
      [f32(2.5), Float32Array.from(iota(500)), Float32Array.from(iota(500, (i) => i / 3)), 500],
    );
  });

  it('stores convert as JavaScript typed arrays do', () => {
    const values = [
      1e10,
      -1.5,
      2.7,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -(2 ** 53) - 3,
      4294967295.9,
      -0.5,
    ];
    agree(
      `function stores(src, ints, bytes, words, floats) {
        const i = gpu.globalIdx.x;
        ints[i] = src[i];
        bytes[i] = src[i];
        words[i] = src[i];
        floats[i] = src[i] * 1.1;
      }`,
      { grid: 1, block: values.length },
      [
        Float64Array.from(values),
        new Int32Array(8),
        new Uint8Array(8),
        new Uint32Array(8),
        new Float32Array(8),
      ],
    );
  });

  it('integer arithmetic: wrapping, guarded division, masked shifts, unsigned results', () => {
    const a = Int32Array.from([7, -7, 2147483647, -2147483648, 5, 0, 100, -1]);
    const b = Int32Array.from([2, 2, 1, -1, 0, 3, 33, 31]);
    agree(
      `function ints(a, b, out, u) {
        const i = gpu.globalIdx.x;
        out[i * 8] = a[i] + b[i];
        out[i * 8 + 1] = Math.imul(a[i], b[i]);
        out[i * 8 + 2] = (a[i] / b[i]) | 0;
        out[i * 8 + 3] = a[i] % b[i];
        out[i * 8 + 4] = a[i] << b[i];
        out[i * 8 + 5] = a[i] >> b[i];
        out[i * 8 + 6] = ~a[i] ^ b[i];
        u[i] = a[i] >>> b[i];
      }`,
      { grid: 1, block: 8 },
      [a, b, new Int32Array(64), new Uint32Array(8)],
    );
  });

  it('f64 math agrees within 2 ulps of V8', () => {
    agreeWithin(
      `function math(x, out) {
        const i = gpu.globalIdx.x;
        const v = x[i];
        out[i * 12] = Math.sin(v);
        out[i * 12 + 1] = Math.cos(v);
        out[i * 12 + 2] = Math.exp(v / 10);
        out[i * 12 + 3] = Math.log(v + 1);
        out[i * 12 + 4] = Math.sqrt(v);
        out[i * 12 + 5] = Math.atan2(v, 3);
        out[i * 12 + 6] = Math.pow(v, 1.5);
        out[i * 12 + 7] = Math.tanh(v / 4);
        out[i * 12 + 8] = Math.round(v - 0.5);
        out[i * 12 + 9] = Math.max(v, 3.5, -v);
        out[i * 12 + 10] = Math.cbrt(v) + Math.hypot(v, 2);
        out[i * 12 + 11] = Math.floor(v / 3) + Math.ceil(v / 3) + Math.trunc(-v / 3) + Math.sign(v - 5);
      }`,
      { grid: 2, block: 16 },
      [iota(32, (i) => i * 0.37), new Float64Array(32 * 12)],
      2,
    );
  });

  it('control flow: loops, labels, switch, early returns, short-circuits', () => {
    agree(
      `function flow(a, out) {
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
        while (w > 1) w = w % 2 === 0 ? w / 2 : 3 * w + 1;
        let d = 0;
        do { d++; } while (d < i);
        switch (i % 4) {
          case 0: s += 1; break;
          case 1: s += 10;
          case 2: s += 100; break;
          default: s -= 1;
        }
        out[i] = s + w + d + (i > 3 || a[i] < 0 ? 0.5 : 0);
      }`,
      { grid: 1, block: 12 },
      [Int32Array.from([3, -4, 5, 9, -1, 12, 44, 2, 8, 1, 0, 7]), new Float64Array(12)],
    );
  });

  it('device functions, functions as arguments, and captured values', () => {
    const scope = {
      square: (x: number) => x * x,
      twice: (f: (x: number) => number, x: number) => f(f(x)),
      offsets: Float32Array.from([0.5, 1.5, 2.5, 3.5]),
      bias: 10,
    };
    agree(
      `function calls(x, out) {
        const i = gpu.globalIdx.x;
        out[i] = twice(square, x[i]) + offsets[i % 4] + bias;
      }`,
      { grid: 1, block: 8, scope },
      [Float32Array.from(iota(8, (i) => i / 4)), new Float32Array(8)],
    );
  });

  it('records, tuples, local arrays and views', () => {
    agree(
      `function data(m, out) {
        const i = gpu.globalIdx.x;
        const p = { lo: m.get(i, 0), hi: m.get(i, 1) };
        const [a, b] = [p.lo + p.hi, p.lo - p.hi];
        const local = new Float32Array(4);
        for (let k = 0; k < 4; k++) local[k] = a * k + b;
        let s = 0;
        for (let k = 0; k < local.length; k++) s += local[k];
        out[i] = s;
        m.set(i, 2, s);
      }`,
      { grid: 1, block: 4 },
      [view(Float32Array.from(iota(12, (i) => i * 1.25)), 4, 3), new Float32Array(4)],
    );
  });

  it('BigInt arithmetic wraps at 64 bits', () => {
    agree(
      `function big(x, y) {
        const i = gpu.globalIdx.x;
        y[i] = x[i] * 6364136223846793005n + 1442695040888963407n;
        y[i + 4] = x[i] / 3n + (x[i] % 5n) - (x[i] >> 3n) + 2n ** 40n;
      }`,
      { grid: 1, block: 4 },
      [BigInt64Array.from([1n, -5n, 2n ** 62n, -(2n ** 63n)]), new BigInt64Array(8)],
    );
  });

  it('atomics from every thread', () => {
    agree(
      `function counts(out, f) {
        const i = gpu.globalIdx.x;
        gpu.atomicAdd(out, 0, 1);
        gpu.atomicMax(out, 1, i);
        gpu.atomicMin(out, 2, -i);
        gpu.atomicOr(out, 3, 1 << (i % 31));
        gpu.atomicAdd(f, 0, 0.25);
        gpu.atomicCAS(out, 4, i, i + 1);
      }`,
      { grid: 4, block: 32 },
      [new Int32Array(5), new Float32Array(1)],
    );
  });

  it('unsigned and small integer types keep their ranges', () => {
    agree(
      `function small(b, w, out) {
        const i = gpu.globalIdx.x;
        out[i] = b[i] + w[i];
        b[i] = b[i] * 3;
        w[i] = w[i] - 70000;
      }`,
      { grid: 1, block: 4 },
      [Uint8Array.from([1, 100, 200, 255]), Uint16Array.from([0, 1, 65535, 300]), new Int32Array(4)],
    );
    expect(Number(u32(-1))).toBe(4294967295);
  });
});

describe('block barriers and shared memory on the native target', () => {
  it('a shared-memory tree reduction matches the reference', () => {
    agree(
      `function blockSum(x, out) {
        const tile = gpu.sharedArray(Float32Array, 128);
        const t = gpu.threadIdx.x;
        tile[t] = x[gpu.globalIdx.x];
        gpu.barrier();
        for (let stride = 64; stride > 0; stride >>= 1) {
          if (t < stride) tile[t] += tile[t + stride];
          gpu.barrier();
        }
        if (t === 0) out[gpu.blockIdx.x] = tile[0];
      }`,
      { grid: 6, block: 128 },
      [Float32Array.from(iota(768, (i) => (i * 7) % 13)), new Float32Array(6)],
    );
  });

  it('a 2-D block transposes a tile through shared memory', () => {
    agree(
      `function transpose(input, output, n) {
        const tile = gpu.sharedArray(Float64Array, 64);
        const x = gpu.threadIdx.x;
        const y = gpu.threadIdx.y;
        const gx = gpu.blockIdx.x * 8 + x;
        const gy = gpu.blockIdx.y * 8 + y;
        tile[y * 8 + x] = input[gy * n + gx];
        gpu.barrier();
        const ox = gpu.blockIdx.y * 8 + x;
        const oy = gpu.blockIdx.x * 8 + y;
        output[oy * n + ox] = tile[x * 8 + y];
      }`,
      { grid: [2, 2], block: [8, 8] },
      [iota(256, (i) => i * 1.5), new Float64Array(256), 16],
    );
  });
});

describe('warp operations on the native target', () => {
  it('shuffles, votes and ballots over full and partial warps match the reference', () => {
    agree(
      `function warps(x, out, votes) {
        let v = x[gpu.globalIdx.x];
        for (let offset = 16; offset > 0; offset >>= 1) v += gpu.shuffleDown(v, offset);
        const all = gpu.voteAll(v >= 0);
        const any = gpu.voteAny(v > 100);
        const mixed = gpu.shuffleUp(v, 1) * 2 + gpu.shuffleXor(v, 3) * 3 + gpu.shuffle(v, 5) * 5;
        const mask = gpu.ballot(x[gpu.globalIdx.x] > 30);
        out[gpu.globalIdx.x] = v + mixed + gpu.laneId * gpu.warpSize;
        if (gpu.laneId === 0) votes[gpu.globalIdx.x / 32 | 0] = (all ? 1 : 0) + (any ? 2 : 0) + Number(mask % 1000n);
      }`,
      { grid: 2, block: 80 },
      [iota(160), new Float64Array(160), new Float64Array(6)],
    );
  });
});

describe('device exceptions on the native target', () => {
  it('become a JS Error with the message, the function and the source line', () => {
    const kernel = {
      text: `function checked(x, n) {
  const i = gpu.globalIdx.x;
  if (i === n) throw new Error('element out of range');
  x[i] = 1;
}`,
      file: 'checked.js',
    };
    expect(() => launchNative(kernel, { grid: 2, block: 8 }, new Float32Array(16), 11)).toThrow(
      'element out of range (in checked at checked.js:3)',
    );
    // The kernel stays usable after an exception.
    const x = new Float32Array(16);
    launchNative(kernel, { grid: 2, block: 8 }, x, 99);
    expect(x.every((v) => v === 1)).toBe(true);
  });
});
