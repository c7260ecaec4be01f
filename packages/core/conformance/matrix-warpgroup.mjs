// Conformance: the warpgroup matrix operations (wgmma on sm_90a) on f16 tiles with f32
// accumulation. Each block of two warpgroups stages 128 rows of A (by gpu.copyAsync) and B (by
// stores) in shared memory in the core-matrix layout; warpgroup g computes the 64x24 tile of
// C = 0.5 + A B at rows 64g of the block's, over two products of 16 k (the second chained while
// the first may still run, then waited for one group late and then fully). The inputs are small
// integers and quarters, so every sum is exact and every back-end matches the reference runner.
const M = 256;
const N = 24;
const K = 32;
export default {
  name: 'matrix-warpgroup',
  features: ['warpgroup-matrix'],
  description:
    'gpu.matrixWarpgroup* on f16 tiles in shared memory (copyAsync and stores), two chained products',
  source: `function matrixWarpgroup(a, b, out, k) {
  const t = gpu.threadIdx.x;
  const group = t >> 7;
  const rows = gpu.blockIdx.x * 128;
  const as = gpu.sharedArray(Float16Bits, 128 * 32);
  const bs = gpu.sharedArray(Float16Bits, 32 * 24);
  // A: 128 rows of 4 runs of 8 k, each run one core-matrix row (k-slab kc >> 1, half kc & 1).
  for (let run = t; run < 512; run += 256) {
    const r = ((run >> 5) << 3) | (run & 7);
    const kc = (run >> 3) & 3;
    gpu.copyAsync(as, (kc >> 1) * 2048 + (r >> 3) * 128 + (kc & 1) * 64 + (r & 7) * 8, a, (rows + r) * k + kc * 8);
  }
  gpu.copyAsyncCommit();
  // B: 32 x 24, k-slabs of 16 x 24 (384 elements), 8-column strips of 128; thread j a column.
  if (t < 24)
    for (let kk = 0; kk < 32; kk++)
      bs[(kk >> 4) * 384 + (t >> 3) * 128 + ((kk >> 3) & 1) * 64 + (kk & 7) * 8 + (t & 7)] = b[kk * 24 + t];
  gpu.copyAsyncWait(0);
  gpu.barrier();
  let acc = gpu.matrixWarpgroupFill(0.5, 24);
  acc = gpu.matrixWarpgroupMultiplyAdd(as, group * 1024, bs, 0, acc);
  gpu.matrixWarpgroupCommit();
  acc = gpu.matrixWarpgroupMultiplyAdd(as, 2048 + group * 1024, bs, 384, acc);
  gpu.matrixWarpgroupCommit();
  acc = gpu.matrixWarpgroupWait(1, acc);
  acc = gpu.matrixWarpgroupWait(0, acc);
  gpu.matrixWarpgroupStore(out, (rows + group * 64) * 24, 24, acc);
}`,
  grid: M / 128,
  block: 256,
  args: (h) => [
    h.Float16Bits.from(Array.from({ length: M * K }, (_, i) => (Math.imul(i, 0x9e3779b1) >>> 28) - 8)),
    h.Float16Bits.from(
      Array.from({ length: K * N }, (_, i) => ((Math.imul(i + 77, 0x85ebca6b) >>> 29) - 4) / 4),
    ),
    new Float32Array(M * N),
    h.i32(K),
  ],
};
