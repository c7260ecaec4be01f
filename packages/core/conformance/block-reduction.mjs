// Conformance: shared memory and block barriers: a tree reduction.
export default {
  name: 'block-reduction',
  description: 'shared memory and block barriers: a tree reduction',
  source: `function blockReduction(x, out) {
  const tile = gpu.sharedArray(Float32Array, 128);
  const t = gpu.threadIdx.x;
  tile[t] = x[gpu.globalIdx.x];
  gpu.barrier();
  for (let stride = 64; stride > 0; stride >>= 1) {
    if (t < stride) tile[t] += tile[t + stride];
    gpu.barrier();
  }
  if (t === 0) out[gpu.blockIdx.x] = tile[0];
}`,
  grid: 6,
  block: 128,
  args: (h) => [h.iota(768, (i) => (i * 7) % 13, Float32Array), new Float32Array(6)],
};
