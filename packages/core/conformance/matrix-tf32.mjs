// Conformance: the warp matrix operations on f32 tiles, multiplied in TF32 with f32
// accumulation. A's values have 12 significant bits, so each rounds to TF32 as it loads (ties
// away from zero among them), with B's small integers every product and sum stays exact: the
// rounding, not the order of the additions, decides the results. matrix-bf16's kernel: two warps
// a block, each with its own tile, A from global memory and B staged in shared memory, a k loop,
// an accumulator loaded.
import bf16 from './matrix-bf16.mjs';

const M = 32;
const N = 32;
const K = 48;
export default {
  name: 'matrix-tf32',
  features: ['matrix'],
  description: 'gpu.matrix* on f32 tiles multiplied in TF32 (inputs rounded as they load), f32 accumulators',
  // matrix-bf16's kernel, on f32 arrays.
  source: bf16.source.replace('matrixBf16', 'matrixTf32').replace('BFloat16Bits', 'Float32Array'),
  grid: N / 16,
  block: 64,
  args: (h) => [
    // 2048 to 4095 over 1024, negated for some: 12 significant bits, ties (odd values) included.
    h.iota(
      M * K,
      (i) => ((i % 5 === 0 ? -1 : 1) * (2048 + (Math.imul(i, 0x9e3779b1) >>> 21))) / 1024,
      Float32Array,
    ),
    h.iota(K * N, (i) => (Math.imul(i + 77, 0x85ebca6b) >>> 29) - 4, Float32Array),
    h.iota(M * N, (i) => ((Math.imul(i, 0x27d4eb2d) >>> 27) - 16) / 1024, Float32Array),
    new Float32Array(M * N),
    N,
    K,
  ],
};
