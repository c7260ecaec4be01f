// Conformance: single-precision Math, including the functions a back-end without f64 builds
// from f32 steps (cbrt, expm1, log1p, hypot), within 4 ulps.
export default {
  name: 'math-single',
  description: 'f32 Math: trigonometry, exponentials, roots and hypot within 4 ulps',
  source: `function mathSingle(x, out) {
  const i = gpu.globalIdx.x;
  const v = x[i];
  const w = v * 0.25 - 3;
  out[i * 8] = Math.tan(w * 0.3) + Math.atan2(w, v + 1);
  out[i * 8 + 1] = Math.sinh(w * 0.5) * Math.tanh(w);
  out[i * 8 + 2] = Math.cbrt(w);
  out[i * 8 + 3] = Math.expm1(w * 0.01);
  out[i * 8 + 4] = Math.log1p(v * 0.001);
  out[i * 8 + 5] = Math.hypot(w, v);
  out[i * 8 + 6] = Math.hypot(w, v, w * 0.5);
  out[i * 8 + 7] = Math.pow(v + 1, 0.75) + Math.exp(w * 0.1) * Math.log(v + 2);
}`,
  grid: 1,
  block: 64,
  args: (h) => [h.iota(64, (i) => i * 0.37, Float32Array), new Float32Array(512)],
  ulps: 4,
};
