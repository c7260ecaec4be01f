// Conformance: the warp matrix operations on bf16 tiles with f32 accumulation, as matrix-f16
// does for f16: A from global memory and B staged in shared memory, a k loop, an accumulator from
// gpu.matrixLoadAccumulator. Blocks of two warps, warp w computing the tile at rows 16w (the
// portable rule of docs/language.md: on CDNA both warps of a 64-lane wavefront take part in
// each product). The inputs are integers times powers of two that bf16 holds exactly (and f16
// could not: up to 2^20), and every sum is exact in f32.
const M = 32;
const N = 32;
const K = 48;
export default {
  name: 'matrix-bf16',
  features: ['matrix'],
  description: 'gpu.matrix* on bf16 tiles (values beyond f16 range), f32 accumulators, a k loop',
  source: `function matrixBf16(a, b, c0, out, n, k) {
  const row = (gpu.threadIdx.x >> 5) * 16;
  const column = gpu.blockIdx.x * 16;
  const strip = gpu.sharedArray(BFloat16Bits, 48 * 16);
  for (let i = gpu.threadIdx.x; i < k * 16; i += 64) strip[i] = b[(i >> 4) * n + column + (i & 15)];
  gpu.barrier();
  let acc = gpu.matrixLoadAccumulator(c0, row * n + column, n);
  for (let kk = 0; kk < k; kk += 16)
    acc = gpu.matrixMultiplyAdd(gpu.matrixLoadA(a, row * k + kk, k), gpu.matrixLoadB(strip, kk * 16, 16), acc);
  gpu.matrixStore(out, row * n + column, n, acc);
}`,
  grid: N / 16,
  block: 64,
  args: (h) => [
    h.BFloat16Bits.from(
      Array.from({ length: M * K }, (_, i) => ((Math.imul(i, 0x9e3779b1) >>> 28) - 8) * 2 ** ((i % 3) * 5)),
    ),
    h.BFloat16Bits.from(
      Array.from({ length: K * N }, (_, i) => ((Math.imul(i + 77, 0x85ebca6b) >>> 29) - 4) / 8),
    ),
    h.iota(M * N, (i) => (Math.imul(i, 0x27d4eb2d) >>> 27) - 16, Float32Array),
    new Float32Array(M * N),
    N,
    K,
  ],
};
