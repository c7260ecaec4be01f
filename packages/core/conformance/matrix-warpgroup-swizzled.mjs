// Conformance: warpgroup products of 128-byte swizzled f16 tiles (wgmma's swizzled descriptors on
// sm_90a). Each block of two warpgroups stages 128 rows x 64 k of A (by gpu.copyAsync) and 64 x
// 64 of B (by stores) in shared memory, the 16-byte chunk c of each row r of 128 bytes at chunk
// c ^ (r & 7); warpgroup g computes the 64x64 tile of C = 0.5 + A B at rows 64g of the block's
// over four products of 16 k (A's at 16-element steps inside its rows, B's a 16-row slab each),
// each waited for one group late. Small integers and quarters: every sum is exact.
const M = 256;
const N = 64;
const K = 64;
export default {
  name: 'matrix-warpgroup-swizzled',
  features: ['warpgroup-matrix'],
  description: 'gpu.matrixWarpgroupMultiplyAddSwizzled on 128-byte swizzled f16 tiles, four chained products',
  source: `function matrixWarpgroupSwizzled(a, b, out, k) {
  const t = gpu.threadIdx.x;
  const group = t >> 7;
  const rows = gpu.blockIdx.x * 128;
  const as = gpu.sharedArray(Float16Bits, 128 * 64);
  const bs = gpu.sharedArray(Float16Bits, 64 * 64);
  // A: 128 rows of 8 chunks of 8 k; chunk c of row r at chunk c ^ (r & 7).
  for (let run = t; run < 1024; run += 256) {
    const r = run >> 3;
    const c = run & 7;
    gpu.copyAsync(as, r * 64 + ((c ^ (r & 7)) << 3), a, (rows + r) * k + c * 8);
  }
  gpu.copyAsyncCommit();
  // B: four slabs of 16 rows of 64 columns, row kk's chunks permuted by kk & 7.
  for (let e = t; e < 4096; e += 256) {
    const kk = e >> 6;
    const j = e & 63;
    bs[(kk >> 4) * 1024 + (kk & 15) * 64 + ((((j >> 3) ^ (kk & 7)) << 3) | (j & 7))] = b[kk * 64 + j];
  }
  gpu.copyAsyncWait(0);
  gpu.barrier();
  let acc = gpu.matrixWarpgroupFill(0.5, 64);
  for (let s = 0; s < 4; s++) {
    acc = gpu.matrixWarpgroupMultiplyAddSwizzled(as, group * 4096 + s * 16, bs, s * 1024, acc, 128);
    gpu.matrixWarpgroupCommit();
    acc = gpu.matrixWarpgroupWait(1, acc);
  }
  acc = gpu.matrixWarpgroupWait(0, acc);
  gpu.matrixWarpgroupStore(out, (rows + group * 64) * 64, 64, acc);
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
