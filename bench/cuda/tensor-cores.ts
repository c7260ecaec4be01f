// Tensor-core matmul in gpuc's language, as a skilled user writes it with gpu.matrix*: C = A B
// with A and B f16 and C f32, n x n for n = 2048, 4096, 8192. Blocks of eight warps compute
// 128x128 tiles of C from 128x32 and 32x128 tiles of A and B staged in shared memory (rows
// padded by 8 elements against bank conflicts); each warp keeps a 64x32 tile in eight
// accumulators. `cases.ts` makes its rows (gemmCase: checked against a CPU product, compared
// with cuBLAS); the bf16 rows read the same source with BFloat16Bits tiles.

const accumulators = ['c00', 'c01', 'c10', 'c11', 'c20', 'c21', 'c30', 'c31'];

export const TENSOR_MATMUL = `function tensorMatmul(a, b, c, n) {
  const As = gpu.sharedArray(Float16Bits, 128 * 40);
  const Bs = gpu.sharedArray(Float16Bits, 32 * 136);
  const t = gpu.threadIdx.x;
  const warp = t >> 5;
  const wm = (warp >> 2) * 64;
  const wn = (warp & 3) * 32;
  const row0 = gpu.blockIdx.y * 128;
  const col0 = gpu.blockIdx.x * 128;
  ${accumulators.map((name) => `let ${name} = gpu.matrixFill(0);`).join('\n  ')}
  const ar = t >> 1;
  const ac = (t & 1) * 16;
  const br = t >> 3;
  const bc = (t & 7) * 16;
  for (let k0 = 0; k0 < n; k0 += 32) {
    // Written as multiples of 8 (n is), so each thread's 16 elements load as two 128-bit loads.
    const ga = ((row0 + ar) * (n >> 3) + ((k0 + ac) >> 3)) * 8;
    const gb = ((k0 + br) * (n >> 3) + ((col0 + bc) >> 3)) * 8;
    for (let q = 0; q < 16; q++) As[ar * 40 + ac + q] = a[ga + q];
    for (let q = 0; q < 16; q++) Bs[br * 136 + bc + q] = b[gb + q];
    gpu.barrier();
    for (let kk = 0; kk < 32; kk += 16) {
      const b0 = gpu.matrixLoadB(Bs, kk * 136 + wn, 136);
      const b1 = gpu.matrixLoadB(Bs, kk * 136 + wn + 16, 136);
      ${[0, 1, 2, 3]
        .map(
          (i) => `const a${i} = gpu.matrixLoadA(As, (wm + ${16 * i}) * 40 + kk, 40);
      c${i}0 = gpu.matrixMultiplyAdd(a${i}, b0, c${i}0);
      c${i}1 = gpu.matrixMultiplyAdd(a${i}, b1, c${i}1);`,
        )
        .join('\n      ')}
    }
    gpu.barrier();
  }
  ${accumulators
    .map(
      (name) =>
        `gpu.matrixStore(c, (row0 + wm + ${16 * Number(name[1])}) * n + col0 + wn + ${16 * Number(name[2])}, n, ${name});`,
    )
    .join('\n  ')}
}`;
