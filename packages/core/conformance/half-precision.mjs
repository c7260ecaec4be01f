// Conformance: f16 and bf16 arrays. Loads read the exact f32, arithmetic runs in f32 (one
// operation on 16-bit inputs rounds to the same 16-bit result as JavaScript's doubles would),
// and stores round to nearest even: ties, subnormals, overflow to Infinity, NaN, -0, from f32
// and from f32 values and integers. Exact on every back-end; no f64, so that Metal runs it too
// (half-from-f64 has the f64 paths).
const CASES = [
  0,
  -0,
  1,
  -1.5,
  0.1,
  1 / 3,
  2049,
  2050,
  2051,
  65504,
  65519,
  65520,
  70000,
  2 ** -14,
  2 ** -24,
  2 ** -25,
  3 * 2 ** -25,
  1e-9,
  255.5,
  256.5,
  3.140625,
  -7.3e4,
  1e30,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  12345.678,
  -0.000123,
];
export default {
  name: 'half-precision',
  description:
    'f16 and bf16 loads, f32 arithmetic and stores rounding to nearest even (ties, subnormals, overflow, NaN)',
  source: `function halfPrecision(h, b, x, hOut, bOut, mixed, n) {
  const i = gpu.globalIdx.x;
  if (i >= n) return;
  const j = (i * 7 + 3) % n;
  // One f32 operation on the loaded values, rounded by each store: exactly JavaScript's result.
  hOut[i] = h[i] * h[j];
  hOut[i + n] = h[i] - h[j];
  hOut[i + 2 * n] = h[i] / (h[j] + 1);
  bOut[i] = b[i] * b[j];
  bOut[i + n] = b[i] - b[j];
  bOut[i + 2 * n] = Math.sqrt(Math.abs(b[i]));
  // From f32, from integers, and from constants.
  hOut[i + 3 * n] = x[i];
  bOut[i + 3 * n] = x[i];
  hOut[i + 4 * n] = i * 2053 - 20000;
  bOut[i + 4 * n] = i * 2053 - 20000;
  hOut[i + 5 * n] = 0.1;
  bOut[i + 5 * n] = 65520.5;
  // The conversions give the f32 that holds the rounded value; h and b convert into each other.
  mixed[i] = f16(x[i]) + bf16(x[i]);
  mixed[i + n] = f16(b[i]) - bf16(h[i]);
  mixed[i + 2 * n] = f16(x[i]) === x[i] ? 1 : 0;
}`,
  grid: 1,
  block: CASES.length,
  args: (h) => [
    h.Float16Bits.from(CASES),
    h.BFloat16Bits.from(CASES),
    Float32Array.from(CASES),
    new h.Float16Bits(6 * CASES.length),
    new h.BFloat16Bits(6 * CASES.length),
    new Float32Array(3 * CASES.length),
    CASES.length,
  ],
};
