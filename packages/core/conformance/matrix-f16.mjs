// Conformance: the warp matrix operations on f16 tiles with f32 accumulation. Each block of two
// warps stages a 32x16 strip of B and A's 32 rows in shared memory; warp w computes the 16x16
// tile of C = A B + C0 at rows 16w and the block's columns, over two steps of k (a fragment
// carried through a loop): warp 0 from gpu.matrixFill with A from global memory, warp 1 from
// gpu.matrixLoadAccumulator with A from shared memory. The inputs are small integers and
// quarters (hashed, so no two rows or columns are alike), so every sum is exact and every
// back-end, whatever order its tensor cores add in, matches the reference runner.
const M = 32;
const N = 48;
const K = 32;
export default {
  name: 'matrix-f16',
  features: ['matrix'],
  description:
    'gpu.matrix* on f16 tiles from global and shared memory (A both ways), f32 accumulators, a k loop',
  source: `function matrixF16(a, b, c0, out, n, k) {
  const warp = gpu.threadIdx.x >> 5;
  const row = warp * 16;
  const column = gpu.blockIdx.x * 16;
  const strip = gpu.sharedArray(Float16Bits, 32 * 16);
  for (let i = gpu.threadIdx.x; i < k * 16; i += 64) strip[i] = b[(i >> 4) * n + column + (i & 15)];
  // A's 32 rows too, each padded to 40 elements (a multiple of 8); integer indices only, so
  // that Metal (no f64) compiles it too.
  const rows = gpu.sharedArray(Float16Bits, 32 * 40);
  for (let r = 0; r < 32; r++) for (let i = gpu.threadIdx.x; i < k; i += 64) rows[r * 40 + i] = a[r * k + i];
  gpu.barrier();
  let acc = warp === 0 ? gpu.matrixFill(0.5) : gpu.matrixLoadAccumulator(c0, row * n + column, n);
  for (let kk = 0; kk < k; kk += 16) {
    const fa = warp === 0 ? gpu.matrixLoadA(a, row * k + kk, k) : gpu.matrixLoadA(rows, row * 40 + kk, 40);
    const fb = gpu.matrixLoadB(strip, kk * 16, 16);
    acc = gpu.matrixMultiplyAdd(fa, fb, acc);
  }
  gpu.matrixStore(out, row * n + column, n, acc);
}`,
  grid: N / 16,
  block: 64,
  args: (h) => [
    h.Float16Bits.from(Array.from({ length: M * K }, (_, i) => (Math.imul(i, 0x9e3779b1) >>> 28) - 8)),
    h.Float16Bits.from(
      Array.from({ length: K * N }, (_, i) => ((Math.imul(i + 77, 0x85ebca6b) >>> 29) - 4) / 4),
    ),
    h.iota(M * N, (i) => (Math.imul(i, 0x27d4eb2d) >>> 27) - 16, Float32Array),
    new Float32Array(M * N),
    N,
    K,
  ],
};
