/**
 * f16 and bf16: the JavaScript rounding every back-end must match, the host arrays, the
 * reference runner's view of them, and native code bit for bit over every f16 and many f32s.
 */
import { describe, expect, it } from 'vitest';
import { inferKernel, scalarType, view } from '../../src/entry/compiler.js';
import {
  BFloat16Bits,
  bf16,
  bf16Round,
  CompileError,
  compileNative,
  Float16Bits,
  f16,
  f16Round,
  f32,
  gpu,
  LaunchError,
  launchNative,
  parseType,
  runReference,
  typeOfValue,
} from '../../src/index.js';

const kernel = (text: string) => ({ text, file: 'half.test.js' });

/** Every f16 value, in bit order. */
const EVERY_F16 = new Float16Bits(65536);
EVERY_F16.forEach((_, i, a) => {
  a[i] = i;
});

describe('16-bit float rounding in JavaScript', () => {
  it('rounds to nearest f16 with ties to even, subnormals and overflow', () => {
    expect(f16Round(0.1)).toBe(0.0999755859375);
    expect(f16Round(2049)).toBe(2048); // a tie: to the even 2048
    expect(f16Round(2051)).toBe(2052); // a tie: to the even 2052
    expect(f16Round(2049.0001)).toBe(2050);
    expect(f16Round(65519.99)).toBe(65504);
    expect(f16Round(65520)).toBe(Number.POSITIVE_INFINITY);
    expect(f16Round(2 ** -25)).toBe(0); // halfway to the least subnormal: to even 0
    expect(f16Round(3 * 2 ** -25)).toBe(2 ** -23);
    expect(Object.is(f16Round(-1e-9), -0)).toBe(true);
    expect(f16Round(Number.NaN)).toBeNaN();
    // Once from the double: 1 + 2^-11 + 2^-40 is just above a tie (through f32 it would be one).
    expect(f16Round(1 + 2 ** -11 + 2 ** -40)).toBe(1 + 2 ** -10);
  });

  it('keeps every f16 value, and rounds each midpoint to the even neighbour', () => {
    const values = EVERY_F16.toNumbers();
    for (let bits = 0; bits < 0x7c00; bits++) {
      expect(f16Round(values[bits] as number)).toBe(values[bits]);
      const next = values[bits + 1] as number;
      const mid = ((values[bits] as number) + next) / 2;
      expect(f16Round(mid)).toBe(bits % 2 === 0 ? values[bits] : next);
    }
  });

  it('rounds bf16 through f32, ties to even', () => {
    expect(bf16Round(1 + 2 ** -8)).toBe(1); // a tie: to the even 1
    expect(bf16Round(1 + 3 * 2 ** -8)).toBe(1 + 2 ** -6);
    // Through f32: 1 + 2^-8 + 2^-30 is a tie once it is an f32, so it rounds to even.
    expect(bf16Round(1 + 2 ** -8 + 2 ** -30)).toBe(1);
    expect(bf16Round(3.4e38)).toBe(Number.POSITIVE_INFINITY);
    expect(bf16Round(0.1)).toBe(0.10009765625);
    expect(bf16Round(Number.NaN)).toBeNaN();
  });
});

describe('16-bit float arrays on the host', () => {
  it('hold bits, and give and take numbers', () => {
    const a = Float16Bits.from([0.1, 2049, -0]);
    expect(a).toBeInstanceOf(Uint16Array);
    expect(Array.from(a)).toEqual([0x2e66, 0x6800, 0x8000]);
    expect(a.value(1)).toBe(2048);
    a.setValue(1, 1.5);
    expect(a.value(1)).toBe(1.5);
    expect(new BFloat16Bits([1, 0.1]).toNumbers()).toEqual([1, 0.10009765625]);
    expect(f16(0.1).valueOf()).toBe(0.0999755859375);
    expect(bf16(0.1).valueOf()).toBe(0.10009765625);
    // They pass to kernels as the f32 holding the rounded value.
    expect(typeOfValue(f16(0.1))).toBe(typeOfValue(f32(1)));
    expect(typeOfValue(new BFloat16Bits(2))).toBe(parseType('bf16[]'));
  });

  it('refuses a launch with the wrong 16-bit array, naming the parameter', () => {
    const copy = kernel('function copy(a, b) { b[gpu.globalIdx.x] = a[gpu.globalIdx.x]; }');
    const run = (a: unknown) => {
      const k = compileNative(copy, ['f16[]', 'f16[]']);
      k.launch(1, 1, [a, new Float16Bits(1)]);
    };
    expect(() => run(new BFloat16Bits(1))).toThrow(LaunchError);
    expect(() => run(new Uint16Array(1))).toThrow(/'a'.*f16\[\]/);
  });
});

describe('16-bit floats in kernels', () => {
  const copy = kernel(`function copy(x, h, b, n) {
    const i = gpu.globalIdx.x;
    if (i < n) { h[i] = x[i]; b[i] = x[i]; x[i] = h[i] + b[i]; }
  }`);

  it('round natively exactly as JavaScript does, for every f16 and a spread of f32s', () => {
    const n = 65536;
    const values = EVERY_F16.toNumbers();
    // Every f16 value, then f32s spread over every exponent, with ties and their neighbours.
    const x = Float32Array.from(values);
    const spread = Float32Array.from({ length: n }, (_, i) => {
      const bits = new Uint32Array([Math.imul(i, 0x9e3779b1) >>> 0]);
      if (i % 4 === 0) bits[0] = ((bits[0] as number) & 0xffff0000) | 0x8000; // a bf16 tie
      return new Float32Array(bits.buffer)[0] as number;
    });
    for (const input of [x, spread]) {
      const expected = { h: Float16Bits.from(input), b: BFloat16Bits.from(input) };
      const h = new Float16Bits(n);
      const b = new BFloat16Bits(n);
      const sums = input.slice();
      launchNative(copy, { size: n }, sums, h, b, n);
      const differing = (got: Uint16Array, want: Uint16Array) =>
        Array.from(got).findIndex((g, i) => g !== want[i] && !Number.isNaN(input[i]));
      expect(differing(h, expected.h)).toBe(-1);
      expect(differing(b, expected.b)).toBe(-1);
    }
  });

  it('run in the reference runner on numbers, as compiled code computes', () => {
    const k = kernel(`function k(h, b, out) {
      out[0] = h[0] * 2; h[1] = h[0] + 2048; b[1] = b[0] / 3; out[1] = f16(0.1) + bf16(0.1);
      out[2] = h.length;
    }`);
    const args = () => [Float16Bits.from([1.5, 0]), BFloat16Bits.from([1, 0]), new Float64Array(3)] as const;
    const [h1, b1, o1] = args();
    runReference(k, { grid: 1, block: 1 }, [h1, b1, o1]);
    const [h2, b2, o2] = args();
    launchNative(k, { grid: 1, block: 1 }, h2, b2, o2);
    expect(Array.from(o1)).toEqual([3, 0.0999755859375 + 0.10009765625, 2]);
    expect(h1.value(1)).toBe(2050); // 2049.5 rounds to 2050
    expect(b1.value(1)).toBe(0.333984375);
    expect([Array.from(h2), Array.from(b2), Array.from(o2)]).toEqual([
      Array.from(h1),
      Array.from(b1),
      Array.from(o1),
    ]);
  });

  it('share 16-bit arrays in a block, in the reference runner and natively alike', () => {
    const k = kernel(`function k(x, out) {
      const t = gpu.threadIdx.x;
      const tile = gpu.sharedArray(BFloat16Bits, 32);
      const halves = gpu.sharedArray(Float16Bits, 32);
      tile[t] = x[t] * 3;
      halves[t] = x[t] / 3;
      gpu.barrier();
      out[t] = tile[31 - t] + halves[31 - t];
    }`);
    const x = Float32Array.from({ length: 32 }, (_, i) => i * 1.37 + 0.1);
    const [o1, o2] = [new Float64Array(32), new Float64Array(32)];
    runReference(k, { grid: 1, block: 32 }, [x, o1]);
    launchNative(k, { grid: 1, block: 32 }, x, o2);
    expect(o1[0]).toBe(bf16Round(Math.fround(x[31] as number) * 3) + f16Round((x[31] as number) / 3));
    expect(Array.from(o2)).toEqual(Array.from(o1));
  });

  it('refuses a local array of bits with a coded error', () => {
    const local = kernel('function k(o) { const t = new Float16Bits(4); t[0] = 1; o[0] = t[0]; }');
    const refusal = (() => {
      try {
        compileNative(local, ['f32[]']);
      } catch (error) {
        return error as CompileError;
      }
    })();
    expect(refusal).toBeInstanceOf(CompileError);
    expect(refusal?.code).toBe('unsupported');
    expect(refusal?.message).toMatch(/a Float16Bits holds bits/);
  });

  it('keep their class through subarray, and views of them read numbers', () => {
    const a = Float16Bits.from([1, 2, 3, 4.5]);
    const tail = a.subarray(2);
    expect(tail).toBeInstanceOf(Float16Bits);
    expect((tail as typeof a).value(1)).toBe(4.5);
    const sum = kernel('function k(m, out) { out[0] = m.get(1, 1) + m.get(0, 1); }');
    const out = new Float64Array(1);
    runReference(sum, { grid: 1, block: 1 }, [view(a, 2, 2), out]);
    expect(out[0]).toBe(6.5);
    launchNative(sum, { grid: 1, block: 1 }, view(a, 2, 2), out.fill(0));
    expect(out[0]).toBe(6.5);
  });

  it('read from the scope as numbers, for a function kernel in the reference runner too', () => {
    const table = Float16Bits.from([0.1, 2049, -3.5, 65504]);
    const bits = BFloat16Bits.from([1, 0.1, 3.4e38, -0]);
    // A closure over the arrays (made here: the test runner would rename `gpu` in this file).
    const lookup = new Function(
      'table',
      'bits',
      'gpu',
      'return function lookup(out) { const i = gpu.globalIdx.x; out[i] = table[i] + bits[i]; }',
    )(table, bits, gpu) as (out: Float64Array) => void;
    const [o1, o2] = [new Float64Array(4), new Float64Array(4)];
    runReference(lookup, { grid: 1, block: 4, scope: { table, bits, gpu } }, [o1]);
    launchNative(lookup, { grid: 1, block: 4, scope: { table, bits } }, o2);
    expect(Array.from(o1)).toEqual([
      0.0999755859375 + 1,
      2048 + 0.10009765625,
      -3.5 + Number.POSITIVE_INFINITY,
      65504,
    ]);
    expect(Array.from(o2)).toEqual(Array.from(o1));
  });

  it('refuse a 16-bit scalar parameter with coded errors, at launch and in inference', () => {
    const twice = kernel('function twice(x, o) { o[0] = x * 2; }');
    expect(() => compileNative(twice, ['f16', 'f32[]'])).toThrow(
      expect.objectContaining({
        code: 'bad-argument',
        message: expect.stringMatching(/parameter 1 \('x'\)/),
      }),
    );
    expect(() => inferKernel(twice, { types: [scalarType('bf16'), 'f32[]'] })).toThrow(
      expect.objectContaining({ code: 'type-mismatch', message: expect.stringMatching(/cannot be bf16/) }),
    );
  });

  it('refuses atomics on 16-bit arrays with a coded error', () => {
    const atomic = kernel('function k(h) { gpu.atomicAdd(h, 0, 1); }');
    expect(() => compileNative(atomic, ['f16[]'])).toThrow(CompileError);
    expect(() => compileNative(atomic, ['bf16[]'])).toThrow(/atomics on bf16 arrays are not supported/);
  });
});
