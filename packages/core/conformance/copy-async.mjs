// Conformance: asynchronous copies into shared memory, as a two-stage pipeline: while a block
// works on one tile of f32s and f16s, its threads' copies of the next tile are under way; each
// thread reads elements other threads copied, after waiting for its own copies and a barrier.
// The values are small integers and quarters, so every sum is exact.
export default {
  name: 'copy-async',
  description: 'gpu.copyAsync of f32 and f16 tiles, two stages, commit, wait and barrier',
  source: `function copyAsyncPipeline(x, h, out, steps) {
  const xs = gpu.sharedArray(Float32Array, 2 * 256);
  const hs = gpu.sharedArray(Float16Bits, 2 * 512);
  const t = gpu.threadIdx.x;
  const first = gpu.blockIdx.x * steps;
  gpu.copyAsync(xs, 4 * t, x, first * 256 + 4 * t);
  gpu.copyAsync(hs, 8 * t, h, first * 512 + 8 * t);
  gpu.copyAsyncCommit();
  let sum = 0;
  for (let s = 0; s < steps; s++) {
    const next = (s + 1) & 1;
    if (s + 1 < steps) {
      gpu.copyAsync(xs, next * 256 + 4 * t, x, (first + s + 1) * 256 + 4 * t);
      gpu.copyAsync(hs, next * 512 + 8 * t, h, (first + s + 1) * 512 + 8 * t);
    }
    gpu.copyAsyncCommit();
    gpu.copyAsyncWait(1);
    gpu.barrier();
    const stage = s & 1;
    for (let k = 0; k < 4; k++)
      sum += xs[stage * 256 + 255 - (4 * t + k)] * hs[stage * 512 + 511 - (8 * t + 2 * k)];
    gpu.barrier();
  }
  out[gpu.globalIdx.x] = sum;
}`,
  grid: 3,
  block: 64,
  args: (h) => [
    h.iota(3 * 4 * 256, (i) => ((i * 7) % 9) - 4, Float32Array),
    h.iota(3 * 4 * 512, (i) => ((i * 5) % 11) / 4 - 1, h.Float16Bits),
    new Float32Array(192),
    4,
  ],
};
