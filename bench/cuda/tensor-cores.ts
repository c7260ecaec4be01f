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

/**
 * Kernel text: the block's 128x256 tile of C at (row0, col0). Blocks in launch order go down a
 * group of 16 block rows before moving right, so that the blocks running at once share their
 * tiles of A and B in L2.
 */
const TILE_ORIGIN = `const id = gpu.blockIdx.y * gpu.gridDim.x + gpu.blockIdx.x;
  const perGroup = 16 * gpu.gridDim.x;
  const firstRow = ((id / perGroup) | 0) * 16;
  const groupRows = Math.min(gpu.gridDim.y - firstRow, 16);
  const row0 = (firstRow + ((id % perGroup) % groupRows)) * 128;
  const col0 = (((id % perGroup) / groupRows) | 0) * 256;`;

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
  ${TILE_ORIGIN}
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

// The same product on Hopper's warpgroup tensor cores (gpu.matrixWarpgroup*, wgmma on sm_90a).
//
// Blocks of two warpgroups compute 128x256 tiles of C, each warpgroup 64x256 in one accumulator
// (128 f32s a thread). A k-step stages a 128x64 tile of A and a 64x256 tile of B in shared
// memory in the warpgroup operations' core-matrix layout (8x8 core matrices of 128 bytes, the
// two along k of each 16-deep slab side by side), 48 KiB a stage, four stages (192 KiB).
// Asynchronous 16-byte copies fill each core matrix's eight rows from eight neighbouring lanes,
// so a quarter warp writes 128 consecutive bytes (no bank conflicts) and a warp reads 64 bytes
// of each of eight rows of the global matrix. Per k-step a warpgroup issues four products (one
// per 16 of k) as one group and waits for the group before it, so one group computes while the
// next step's copies are issued; copies run two k-steps ahead, into the stage whose products
// have completed.

/** Stages of both tiles: two k-steps copying, one multiplied, one still being read by wgmma. */
const WG_STAGES = 4;
/** Elements of a stage: A's 128 x 64, then B's 64 x 256. */
const WG_A_TILE = 128 * 64;
const WG_STAGE = WG_A_TILE + 64 * 256;

/** Bytes of dynamic shared memory a block of WARPGROUP_MATMUL needs. */
export const WARPGROUP_MATMUL_SHARED_BYTES = WG_STAGES * WG_STAGE * 2;
/** The tile of C a block computes: rows, columns. */
export const WARPGROUP_MATMUL_TILE = [128, 256] as const;

/** What a warpgroup matmul's layouts change: its tiles' copies and its products. */
interface WarpgroupLayout {
  /** The kernel's name. */
  readonly name: string;
  /** The copies of A's 128 x 64 and B's 64 x 256 into the stage at `base`. */
  readonly copies: string;
  /** The first k-slab's tiles of the warpgroup in the stage at `at`: `a0` and `b0`. */
  readonly tiles: string;
  /** The product of 16-deep slab s (0 to 3). */
  readonly product: (s: number) => string;
}

/** The k-step loop of a warpgroup matmul, its tiles laid out as `layout` says. */
const warpgroupMatmul = (layout: WarpgroupLayout) => `function ${layout.name}(a, b, c, n) {
  const STAGES = ${WG_STAGES}; // k-steps of 64 in shared memory
  const AHEAD = STAGES - 2; // k-steps whose copies run ahead of the products
  const A_TILE = ${WG_A_TILE};
  const STAGE = ${WG_STAGE};
  const tiles = gpu.dynamicSharedArray(Float16Bits);
  const t = gpu.threadIdx.x;
  const group = t >> 7; // the warpgroup: rows 64 group .. of the block's tile
  ${TILE_ORIGIN}
  let acc = gpu.matrixWarpgroupFill(0, 256);
  const steps = n >> 6;
  for (let step = -AHEAD; step < steps; step++) {
    if (step >= 0) {
      // This k-step's copies have arrived, for every thread; every warpgroup has finished the
      // products of the stage the next copies overwrite (its wait below, one step ago).
      gpu.copyAsyncWait(AHEAD - 1);
      gpu.barrier();
    }
    const next = step + AHEAD;
    if (next < steps) {
      const base = (next % STAGES) * STAGE;
      ${layout.copies}
    }
    gpu.copyAsyncCommit();
    if (step >= 0) {
      const at = (step % STAGES) * STAGE;
      // Four slabs of 16 k: A's 64 rows of this warpgroup, B's 256 columns. Written out, so that
      // the products follow one another in one block and only the first fences.
      ${layout.tiles}
      ${[0, 1, 2, 3].map(layout.product).join('\n      ')}
      gpu.matrixWarpgroupCommit();
      acc = gpu.matrixWarpgroupWait(1, acc); // the step before has finished
    }
  }
  acc = gpu.matrixWarpgroupWait(0, acc);
  gpu.matrixWarpgroupStore(c, (row0 + group * 64) * n + col0, n, acc);
}`;

export const WARPGROUP_MATMUL = warpgroupMatmul({
  name: 'warpgroupMatmul',
  copies: `// A: 128 rows x 8 runs of 8 k, four runs a thread; lanes 8j..8j+7 fill one core matrix.
      for (let q = 0; q < 4; q++) {
        const run = t + 256 * q;
        const r = ((run >> 6) << 3) | (run & 7);
        const kc = (run >> 3) & 7;
        gpu.copyAsync(
          tiles,
          base + (kc >> 1) * 2048 + (r >> 3) * 128 + (kc & 1) * 64 + (r & 7) * 8,
          a,
          (row0 + r) * n + next * 64 + kc * 8,
        );
      }
      // B: 64 rows of k x 32 runs of 8 columns, eight runs a thread.
      for (let q = 0; q < 8; q++) {
        const run = t + 256 * q;
        const k = ((run >> 8) << 3) | (run & 7);
        const nc = (run >> 3) & 31;
        gpu.copyAsync(
          tiles,
          base + A_TILE + (k >> 4) * 4096 + nc * 128 + ((k >> 3) & 1) * 64 + (k & 7) * 8,
          b,
          (next * 64 + k) * n + col0 + nc * 8,
        );
      }`,
  tiles: `const a0 = at + group * 1024;
      const b0 = at + A_TILE;`,
  product: (s) =>
    `acc = gpu.matrixWarpgroupMultiplyAdd(tiles, ${s ? `a0 + ${2048 * s}` : 'a0'}, tiles, ${s ? `b0 + ${4096 * s}` : 'b0'}, acc);`,
});

// The same kernel with 128-byte swizzled tiles (gpu.matrixWarpgroupMultiplyAddSwizzled), the
// layout Hopper's GEMMs use: A's stage is its 128 x 64 row-major, B's four 16 x 256 slabs of
// four 64-column strips each, and in every 8 rows of 128 bytes the 16-byte chunk c of row r is
// at chunk c ^ r. Eight neighbouring lanes copy one 128-byte row of A (32 lanes one 512-byte
// row of B) into eight different chunks, and wgmma reads its tiles without bank conflicts,
// which the plain layout's 16-byte rows 128 bytes apart do not allow.
export const WARPGROUP_SWIZZLED_MATMUL = warpgroupMatmul({
  name: 'warpgroupSwizzledMatmul',
  copies: `// A: 128 rows x 8 chunks of 8 k, four a thread, eight lanes a row.
      for (let q = 0; q < 4; q++) {
        const run = t + 256 * q;
        const r = run >> 3;
        const kc = run & 7;
        gpu.copyAsync(tiles, base + r * 64 + ((kc ^ (r & 7)) << 3), a, (row0 + r) * n + next * 64 + kc * 8);
      }
      // B: 64 rows of k x 32 chunks of 8 columns, eight a thread, a warp a row.
      for (let q = 0; q < 8; q++) {
        const run = t + 256 * q;
        const k = run >> 5;
        const nc = run & 31;
        gpu.copyAsync(
          tiles,
          base + A_TILE + (k >> 4) * 4096 + (nc >> 3) * 1024 + (k & 15) * 64 + (((nc & 7) ^ (k & 7)) << 3),
          b,
          (next * 64 + k) * n + col0 + nc * 8,
        );
      }`,
  tiles: `const a0 = at + group * 4096;
      const b0 = at + A_TILE;`,
  product: (s) =>
    `acc = gpu.matrixWarpgroupMultiplyAddSwizzled(tiles, ${s ? `a0 + ${16 * s}` : 'a0'}, tiles, ${s ? `b0 + ${4096 * s}` : 'b0'}, acc, 128);`,
});
