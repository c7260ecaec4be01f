// Conformance: barriers and warp operations inside device functions, two calls deep.
export default {
  name: 'device-barriers',
  description: 'barriers and warp operations inside device functions, two calls deep',
  source: `function deviceBarriers(x, out) {
  const tile = gpu.sharedArray(Float64Array, 64);
  const t = gpu.threadIdx.x;
  tile[t] = x[gpu.globalIdx.x];
  gpu.barrier();
  out[gpu.globalIdx.x] = mirrored(tile, t) + warpSum(tile[t]);
}`,
  grid: 3,
  block: 64,
  scope: () => ({
    // Reads its neighbour's element after a barrier, then waits for every read before returning.
    mirrored: (tile, t) => {
      const v = settle(tile[63 - t]);
      gpu.barrier();
      return v;
    },
    settle: (v) => {
      gpu.barrier();
      return v * 2;
    },
    warpSum: (v) => {
      let s = v;
      for (let offset = 16; offset > 0; offset >>= 1) s += gpu.shuffleDown(s, offset);
      return gpu.shuffle(s, 0);
    },
  }),
  args: (h) => [h.iota(192, (i) => (i * 37) % 101), new Float64Array(192)],
};
