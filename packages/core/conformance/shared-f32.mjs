// Conformance: single-precision shared memory, static and sized at launch, with barriers in
// device functions (a back-end without f64 runs it whole).
export default {
  name: 'shared-f32',
  description: 'f32 shared arrays, static and dynamic, with barriers in device functions',
  source: `function sharedF32(x, out) {
  const tile = gpu.sharedArray(Float32Array, 64);
  const extra = gpu.dynamicSharedArray(Float32Array);
  const t = gpu.threadIdx.x;
  tile[t] = x[gpu.globalIdx.x];
  extra[t] = tile[t] * 0.5;
  gpu.barrier();
  out[gpu.globalIdx.x] = mirrored(tile, t) + extra[(t + 1) % 64] + extra.length;
}`,
  grid: 3,
  block: 64,
  sharedBytes: 64 * 4,
  scope: () => ({
    mirrored: (tile, t) => {
      const v = tile[63 - t] * 2;
      gpu.barrier();
      return v;
    },
  }),
  args: (h) => [h.iota(192, (i) => ((i * 37) % 101) * 0.25, Float32Array), new Float32Array(192)],
};
