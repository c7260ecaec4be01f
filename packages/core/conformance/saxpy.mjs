// Conformance: f32 arithmetic over a 2-D grid of blocks.
export default {
  name: 'saxpy',
  description: 'f32 arithmetic over a 2-D grid of blocks',
  source: `function saxpy(a, x, y, n) {
  const i = gpu.globalIdx.x + gpu.globalIdx.y * gpu.blockDim.x * gpu.gridDim.x;
  if (i < n) y[i] = a * x[i] + y[i];
}`,
  grid: [4, 2],
  block: 64,
  args: (h) => [
    h.f32(2.5),
    h.iota(500, (i) => i / 7, Float32Array),
    h.iota(500, (i) => i / 3, Float32Array),
    500,
  ],
  ulps: 1,
};
