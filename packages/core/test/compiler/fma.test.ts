// gpu.fma: the JavaScript fma (reference/fma.ts) rounds once, as the compiled llvm.fma does.
// Known hard cases first, then the native target's llvm.fma over random and edge inputs, where
// the product and sum rounded apart must differ somewhere (or the inputs would prove nothing).
import { describe, expect, it } from 'vitest';
import { gpu, launchNative, runReference } from '../../src/index.js';
import { fma32, fma64 } from '../../src/reference/fma.js';

describe('fma in JavaScript', () => {
  it('rounds f64 once where a product and a sum round twice', () => {
    // (1 + 2^-27)(1 - 2^-27) = 1 - 2^-54, a tie the product rounds to 1.
    expect(fma64(1 + 2 ** -27, 1 - 2 ** -27, -1)).toBe(-(2 ** -54));
    expect((1 + 2 ** -27) * (1 - 2 ** -27) - 1).toBe(0);
    // The exact rounding error of a product.
    expect(fma64(0.1, 10, -1)).toBe(5.551115123125783e-17);
    expect(0.1 * 10 - 1).toBe(0);
    // A product past the double range: overflow, or cancelled by an infinite c of the other sign.
    expect(fma64(2 ** 600, 2 ** 600, -(2 ** 1000))).toBe(Number.POSITIVE_INFINITY);
    expect(fma64(2 ** 600, -(2 ** 600), Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(fma64(1e308, 10, Number.NEGATIVE_INFINITY)).toBe(Number.NEGATIVE_INFINITY);
    // Subnormal results and products below the double range.
    expect(fma64(2 ** -600, 2 ** -600, Number.MIN_VALUE)).toBe(Number.MIN_VALUE);
    expect(fma64(2 ** -600, 2 ** -600, -0)).toBe(0);
    expect(fma64(-(2 ** -600), 2 ** -600, 0)).toBe(-0);
    expect(Object.is(fma64(0, -1, 0), 0)).toBe(true);
    expect(Object.is(fma64(0, -1, -0), -0)).toBe(true);
    expect(Object.is(fma64(1, 1, -1), 0)).toBe(true);
    expect(fma64(Number.POSITIVE_INFINITY, 0, 1)).toBeNaN();
    expect(fma64(Number.POSITIVE_INFINITY, 1, Number.NEGATIVE_INFINITY)).toBeNaN();
    expect(fma64(Number.NaN, 0, 1)).toBeNaN();
  });

  it('rounds f32 once where rounding the double sum to f32 would round twice', () => {
    // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24 is halfway between two f32s; a tiny c decides upwards,
    // but the double sum drops it and the f32 rounding then ties to even, downwards.
    const a = 1 + 2 ** -12;
    expect(fma32(a, a, 2 ** -60)).toBe(1 + 2 ** -11 + 2 ** -23);
    expect(Math.fround(a * a + 2 ** -60)).toBe(1 + 2 ** -11);
    expect(fma32(a, a, -(2 ** -60))).toBe(1 + 2 ** -11);
    expect(fma32(2 ** 100, 2 ** 100, -(2 ** 127))).toBe(Number.POSITIVE_INFINITY);
    expect(fma32(2 ** -100, 2 ** -60, 0)).toBe(0);
    expect(fma32(2 ** -100, 2 ** -49, 0)).toBe(2 ** -149);
  });

  it('is gpu.fma of the reference runner (f64)', () => {
    expect(gpu.fma(1 + 2 ** -27, 1 - 2 ** -27, -1)).toBe(-(2 ** -54));
  });
});

/** A small generator of doubles: random bits, moderate values, edges, cancelling and tiny terms. */
function inputs(count: number): { a: number[]; b: number[]; c: number[] } {
  let seed = 2463534242;
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  const bits = new DataView(new ArrayBuffer(8));
  const edges = [0, -0, 1, -1, Infinity, -Infinity, Number.NaN, Number.MIN_VALUE, -Number.MAX_VALUE];
  const edges32 = [2 ** -149, 2 ** -126, 3.4028234663852886e38, 1 + 2 ** -23, 2 ** -1022, 2 ** 600];
  const value = () => {
    const k = next();
    if (k < 0.1) return [...edges, ...edges32][Math.floor(next() * 15)] as number;
    if (k < 0.5) return (next() - 0.5) * 2 ** Math.floor(next() * 80 - 40);
    bits.setUint32(0, (next() * 2 ** 32) >>> 0);
    bits.setUint32(4, (next() * 2 ** 32) >>> 0);
    return bits.getFloat64(0);
  };
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < count; i++) {
    const x = value();
    const y = value();
    const k = next();
    // Cancellation: c near -a*b; tiny: c far below a*b (where double rounding shows).
    const z =
      k < 0.3
        ? -(x * y) * (1 + (next() - 0.5) * 2 ** -30)
        : k < 0.5
          ? x * y * 2 ** -(30 + (i % 60))
          : value();
    a.push(x);
    b.push(y);
    c.push(z);
  }
  return { a, b, c };
}

describe('gpu.fma compiled for the native target (llvm.fma)', () => {
  const kernel = {
    text: `function fused(a, b, c, out, a32, b32, c32, out32) {
  const i = gpu.globalIdx.x;
  out[i] = gpu.fma(a[i], b[i], c[i]);
  out32[i] = gpu.fma(a32[i], b32[i], c32[i]);
}`,
    file: 'fused.js',
  };
  const n = 16384;
  const { a, b, c } = inputs(n);
  const out = new Float64Array(n);
  const out32 = new Float32Array(n);
  const [a32, b32, c32] = [a, b, c].map((v) => Float32Array.from(v)) as [
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  // f32 products in [1, 2) halfway between two f32s (odd 11-bit fractions) and a c far below: the double sum
  // keeps the tie, so rounding it to f32 rounds twice.
  for (let i = 0; i < 2048; i++) {
    a32[i] = 1 + ((i * 2654435761) % 1024) * 2 ** -12;
    b32[i] = 1 + ((i * 40503) % 1024) * 2 ** -12;
    c32[i] = ((i >> 1) % 2 ? 1 : -1) * 2 ** -(30 + (i % 90));
  }
  launchNative(
    kernel,
    { grid: n / 256, block: 256 },
    ...[a, b, c].map((v) => Float64Array.from(v)),
    out,
    a32,
    b32,
    c32,
    out32,
  );

  /** Indices where `got` and JavaScript's `fma` disagree (NaNs agree), and where the naive sum differs. */
  const compare = (got: ArrayLike<number>, fma: (i: number) => number, naive: (i: number) => number) => {
    const wrong: string[] = [];
    let differs = 0;
    for (let i = 0; i < n; i++) {
      const want = fma(i);
      if (!Object.is(got[i], want)) wrong.push(`${i}: native ${got[i]}, JavaScript ${want}`);
      if (!Object.is(naive(i), want)) differs++;
    }
    return { wrong, differs };
  };

  it('gives fma64 of the same f64 inputs', () => {
    const { wrong, differs } = compare(
      out,
      (i) => fma64(a[i] as number, b[i] as number, c[i] as number),
      (i) => (a[i] as number) * (b[i] as number) + (c[i] as number),
    );
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(differs).toBeGreaterThan(n / 20);
  });

  it('gives fma32 of the same f32 inputs', () => {
    const { wrong, differs } = compare(
      out32,
      (i) => fma32(a32[i] as number, b32[i] as number, c32[i] as number),
      (i) => Math.fround((a32[i] as number) * (b32[i] as number) + (c32[i] as number)),
    );
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(differs).toBeGreaterThan(0);
  });

  it('agrees with the reference runner on f64', () => {
    const args = () => [
      Float64Array.of(1 + 2 ** -27, 0.1),
      Float64Array.of(1 - 2 ** -27, 10),
      Float64Array.of(-1, -1),
      new Float64Array(2),
    ];
    const text = `function k(a, b, c, out) { const i = gpu.globalIdx.x; out[i] = gpu.fma(a[i], b[i], c[i]); }`;
    const native = args();
    const reference = args();
    launchNative({ text, file: 'k.js' }, { grid: 1, block: 2 }, ...native);
    runReference({ text, file: 'k.js' }, { grid: 1, block: 2 }, reference);
    expect(native[3]).toEqual(reference[3]);
    expect(Array.from(native[3] as Float64Array)).toEqual([-(2 ** -54), 5.551115123125783e-17]);
  });
});
