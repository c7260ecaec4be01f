// Conformance: f64 Math within 2 ulps of V8.
export default {
  name: 'math-f64',
  description: 'f64 Math within 2 ulps of V8',
  source: `function mathF64(x, out) {
  const i = gpu.globalIdx.x;
  const v = x[i];
  out[i * 12] = Math.sin(v);
  out[i * 12 + 1] = Math.cos(v);
  out[i * 12 + 2] = Math.exp(v / 10);
  out[i * 12 + 3] = Math.log(v + 1);
  out[i * 12 + 4] = Math.sqrt(v);
  out[i * 12 + 5] = Math.atan2(v, 3);
  out[i * 12 + 6] = Math.pow(v, 1.5) + (v + 1) ** -0.5;
  out[i * 12 + 7] = Math.tanh(v / 4);
  out[i * 12 + 8] = Math.round(v - 0.5);
  out[i * 12 + 9] = Math.max(v, 3.5, -v);
  out[i * 12 + 10] = Math.cbrt(v) + Math.hypot(v, 2);
  out[i * 12 + 11] = Math.floor(v / 3) + Math.ceil(v / 3) + Math.trunc(-v / 3) + Math.sign(v - 5);
}`,
  grid: 2,
  block: 16,
  args: (h) => [h.iota(32, (i) => i * 0.37), new Float64Array(32 * 12)],
  ulps: 2,
};
