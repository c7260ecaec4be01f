// Conformance: f64 values into f16 and bf16. f16 rounds once from the double (as
// Math.f16round does), so doubles just past an f16 tie round away from it; bf16 rounds through
// f32 first, by definition. Also `f16(x)` and `bf16(x)` of doubles, and f16 read back as f64.
const CASES = [
  0.1,
  1 / 3,
  2049.0000000001,
  2050.9999999999,
  2 ** -25 + 2 ** -60,
  65519.99999,
  65520,
  1 + 2 ** -11 + 2 ** -40,
  1 + 2 ** -8 + 2 ** -40,
  1 + 2 ** -8 + 2 ** -30,
  -1e-300,
  1e300,
  Number.NaN,
  -Number.MIN_VALUE,
  3.4028235677973366e38,
];
export default {
  name: 'half-from-f64',
  description: 'f64 stores into f16 (one rounding) and bf16 (through f32), conversions of doubles',
  source: `function halfFromF64(x, h, b, back, n) {
  const i = gpu.globalIdx.x;
  if (i >= n) return;
  h[i] = x[i];
  b[i] = x[i];
  h[i + n] = x[i] * 1.0000001;
  b[i + n] = x[i] / 3;
  back[i] = f16(x[i]) + x[i];
  back[i + n] = bf16(x[i]) - x[i];
  back[i + 2 * n] = h[i] + x[i];
}`,
  grid: 1,
  block: CASES.length,
  args: (h) => [
    Float64Array.from(CASES),
    new h.Float16Bits(2 * CASES.length),
    new h.BFloat16Bits(2 * CASES.length),
    new Float64Array(3 * CASES.length),
    CASES.length,
  ],
};
