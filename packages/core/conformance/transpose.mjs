// Conformance: a 2-D block transposing a tile through shared memory.
export default {
  name: 'transpose',
  description: 'a 2-D block transposing a tile through shared memory',
  source: `function transpose(input, output, n) {
  const tile = gpu.sharedArray(Float64Array, 64);
  const x = gpu.threadIdx.x;
  const y = gpu.threadIdx.y;
  const gx = gpu.blockIdx.x * 8 + x;
  const gy = gpu.blockIdx.y * 8 + y;
  tile[y * 8 + x] = input[gy * n + gx];
  gpu.barrier();
  const ox = gpu.blockIdx.y * 8 + x;
  const oy = gpu.blockIdx.x * 8 + y;
  output[oy * n + ox] = tile[x * 8 + y];
}`,
  grid: [2, 2],
  block: [8, 8],
  args: (h) => [h.iota(256, (i) => i * 1.5), new Float64Array(256), 16],
};
