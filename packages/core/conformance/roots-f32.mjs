// Conformance: f32 square and cube roots, hypot and fma over a wide range of magnitudes and both
// signs, within 2 ulps (WebGPU computes them in integers, correctly rounded; JavaScript's doubles
// round once more when stored).
const X = (i) => Math.fround(1.37 ** (i - 128) * (1 + (i % 7) / 9));
const Y = (i) => Math.fround((i % 2 ? -1 : 1) * 1.21 ** (64 - i) * (1 + (i % 5) / 7));
export default {
  name: 'roots-f32',
  description: 'f32 sqrt, cbrt, hypot of two and three values, and gpu.fma, within 2 ulps',
  source: `function rootsF32(x, y, z, out) {
  const i = gpu.globalIdx.x;
  const a = x[i];
  const b = y[i];
  out[i * 6] = Math.sqrt(a);
  out[i * 6 + 1] = Math.cbrt(b);
  out[i * 6 + 2] = Math.hypot(a, b);
  out[i * 6 + 3] = Math.hypot(a, b, z[i]);
  out[i * 6 + 4] = gpu.fma(a, b, z[i]);
  out[i * 6 + 5] = gpu.fma(a, a, b);
}`,
  grid: 4,
  block: 64,
  args: (h) => [
    h.iota(256, X, Float32Array),
    h.iota(256, Y, Float32Array),
    // Minus the rounded product: the fma gives the product's rounding error, exactly.
    h.iota(256, (i) => -Math.fround(X(i) * Y(i)), Float32Array),
    new Float32Array(256 * 6),
  ],
  ulps: 2,
};
