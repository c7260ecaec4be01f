// Conformance: f32 Math within 2 ulps.
export default {
  name: 'math-f32',
  description: 'f32 Math within 2 ulps',
  source: `function mathF32(x, out) {
  const i = gpu.globalIdx.x;
  const v = x[i];
  out[i * 4] = Math.sqrt(v) + Math.abs(-v);
  out[i * 4 + 1] = Math.min(v, 2) * Math.max(v, 0.5);
  out[i * 4 + 2] = Math.floor(v * 3) - Math.ceil(v);
  out[i * 4 + 3] = Math.fround(v * 0.1);
}`,
  grid: 1,
  block: 32,
  args: (h) => [h.iota(32, (i) => i * 0.61, Float32Array), new Float32Array(128)],
  ulps: 2,
};
