// Conformance: dynamic shared memory sized at launch, seen through two array kinds.
export default {
  name: 'dynamic-shared',
  description: 'dynamic shared memory sized at launch, seen through two array kinds',
  source: `function dynamicShared(x, out) {
  const tile = gpu.dynamicSharedArray(Float64Array);
  const bytes = gpu.dynamicSharedArray(Uint8Array);
  const t = gpu.threadIdx.x;
  tile[t] = x[gpu.globalIdx.x] * 2;
  gpu.barrier();
  out[gpu.globalIdx.x] = tile[tile.length - 1 - t] + bytes.length;
}`,
  grid: 3,
  block: 64,
  sharedBytes: 64 * 8,
  args: (h) => [h.iota(192, (i) => i * 0.5), new Float64Array(192)],
};
