// Conformance: gpu.fma rounds a * b + c once, in f64 and in f32 (f32 operands a product and
// sum of comparable size, where the reference's f64 result rounds to the f32 one exactly).
export default {
  name: 'fma',
  description: 'gpu.fma of f64 and f32 values: one rounding, where a product and a sum would round twice',
  source: `function fused(a, b, c, out, a32, b32, out32) {
  const i = gpu.globalIdx.x;
  out[i * 2] = gpu.fma(a[i], b[i], c[i]);
  out[i * 2 + 1] = gpu.fma(a[i], -b[i], a[i] * b[i]);
  out32[i] = gpu.fma(a32[i], b32[i], a32[i] * -0.75);
}`,
  grid: 2,
  block: 32,
  args: (h) => [
    h.iota(64, (i) => 1 + i * 2 ** -27 + 2 ** -52, Float64Array),
    h.iota(64, (i) => 1 - i * 2 ** -27, Float64Array),
    h.iota(64, (i) => -1 - (i % 5) * 2 ** -50, Float64Array),
    new Float64Array(128),
    h.iota(64, (i) => 1 + i * 2 ** -12, Float32Array),
    h.iota(64, (i) => 0.75 - i * 2 ** -13, Float32Array),
    new Float32Array(64),
  ],
};
