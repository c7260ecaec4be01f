// Tensor-core matmul in gpuc's language, as a skilled user writes it with gpu.matrix* and
// gpu.copyAsync: C = A B with A and B f16 (or bf16) and C f32, n x n for n = 2048, 4096, 8192.
//
// Blocks of eight warps compute 128x256 tiles of C. A k-step stages a 128x32 tile of A and a
// 32x256 tile of B in shared memory with asynchronous 16-byte copies, in four stages (three
// k-steps copying while one is multiplied) in the block's dynamic shared memory, 106 KiB. Rows
// are padded by 8 elements, so that the eight 16-byte rows each ldmatrix reads fall in
// different banks (A's rows are 80 bytes apart, B's 528), and the copies stay 16-byte aligned.
// Each warp keeps a 64x64 tile of C in sixteen accumulators; per 16 of k it loads four A and
// four B fragments (ldmatrix) and does sixteen products with them (32 mma.sync). Blocks take
// their tiles in groups of 16 block rows, so that those running at once share tiles in L2.
// `cases.ts` makes its rows (gemmCase: checked against a CPU product, compared with cuBLAS);
// the bf16 rows read the same source with BFloat16Bits.

/** Buffers of both tiles: k-steps copying while one is multiplied, plus that one. */
const STAGES = 4;
/** Elements between rows of A's tile (128 x 32) and B's (32 x 256), padded by 8. */
const A_LD = 40;
const B_LD = 264;

/** Bytes of dynamic shared memory a block of TENSOR_MATMUL needs. */
export const TENSOR_MATMUL_SHARED_BYTES = STAGES * (128 * A_LD + 32 * B_LD) * 2;
/** The tile of C a block computes: rows, columns. */
export const TENSOR_MATMUL_TILE = [128, 256] as const;

const rows = [0, 1, 2, 3];
const accumulator = (i: number, j: number) => `c${i}${j}`;
const accumulators = rows.flatMap((i) => rows.map((j) => accumulator(i, j)));

export const TENSOR_MATMUL = `function tensorMatmul(a, b, c, n) {
  const STAGES = ${STAGES}; // k-steps in flight
  const A_LD = ${A_LD}; // A's tile: 128 rows of 32 elements, padded
  const B_LD = ${B_LD}; // B's tile: 32 rows of 256 elements, padded
  const A_TILE = 128 * A_LD;
  const STAGE = A_TILE + 32 * B_LD;
  const tiles = gpu.dynamicSharedArray(Float16Bits);
  const t = gpu.threadIdx.x;
  const warp = t >> 5;
  const wm = (warp >> 2) * 64;
  const wn = (warp & 3) * 64;
  // Blocks in launch order go down a group of 16 block rows before moving right, so that the
  // blocks running at once share their tiles of A and B in L2.
  const id = gpu.blockIdx.y * gpu.gridDim.x + gpu.blockIdx.x;
  const perGroup = 16 * gpu.gridDim.x;
  const firstRow = ((id / perGroup) | 0) * 16;
  const groupRows = Math.min(gpu.gridDim.y - firstRow, 16);
  const row0 = (firstRow + ((id % perGroup) % groupRows)) * 128;
  const col0 = (((id % perGroup) / groupRows) | 0) * 256;
  ${accumulators.map((name) => `let ${name} = gpu.matrixFill(0);`).join('\n  ')}
  const steps = n >> 5; // k-steps of 32
  // Step s multiplies k-step s while the copies of k-step s + STAGES - 1 are under way; the
  // first STAGES - 1 steps only start copies.
  for (let step = 1 - STAGES; step < steps; step++) {
    if (step >= 0) {
      // This k-step's copies have arrived, for every thread; and every warp is done with the
      // stage the next copies overwrite (the one multiplied in the step before).
      gpu.copyAsyncWait(STAGES - 2);
      gpu.barrier();
    }
    const next = step + STAGES - 1;
    if (next < steps) {
      const base = (next % STAGES) * STAGE;
      // A's 128 x 32 tile is 512 runs of 8 elements, two per thread; B's 32 x 256, four.
      for (let q = 0; q < 2; q++) {
        const r = (t >> 2) + 64 * q;
        const e = (t & 3) * 8;
        gpu.copyAsync(tiles, base + r * A_LD + e, a, (row0 + r) * n + next * 32 + e);
      }
      for (let q = 0; q < 4; q++) {
        const r = (t >> 5) + 8 * q;
        const e = (t & 31) * 8;
        gpu.copyAsync(tiles, base + A_TILE + r * B_LD + e, b, (next * 32 + r) * n + col0 + e);
      }
    }
    gpu.copyAsyncCommit();
    if (step >= 0) {
      const at = (step % STAGES) * STAGE;
      gpu.unroll(); // both halves of k in one block: fragments load during the products
      for (let kk = 0; kk < 32; kk += 16) {
        ${rows.map((j) => `const b${j} = gpu.matrixLoadB(tiles, at + A_TILE + kk * B_LD + wn + ${16 * j}, B_LD);`).join('\n        ')}
        ${rows
          .map(
            (i) => `const a${i} = gpu.matrixLoadA(tiles, at + (wm + ${16 * i}) * A_LD + kk, A_LD);
        ${rows.map((j) => `${accumulator(i, j)} = gpu.matrixMultiplyAdd(a${i}, b${j}, ${accumulator(i, j)});`).join('\n        ')}`,
          )
          .join('\n        ')}
      }
    }
  }
  ${accumulators
    .map(
      (name) =>
        `gpu.matrixStore(c, (row0 + wm + ${16 * Number(name[1])}) * n + col0 + wn + ${16 * Number(name[2])}, n, ${name});`,
    )
    .join('\n  ')}
}`;
