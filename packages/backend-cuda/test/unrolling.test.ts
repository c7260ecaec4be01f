// CUDA jobs default to LLVM's O3, as nvcc compiles: its unroll threshold unrolls a shared-memory
// tile loop of 16 steps fully (O2 unrolled it by two), so a row of the tile is read with 128-bit
// loads and no counter is left in the loop.
import { describe, expect, it } from 'vitest';
import { count, ptx } from './helpers.js';

// A 16-step loop over a row of a shared-memory tile (each thread weighs its row of x's tile by a
// column of w), written for this test: bench's tiled matmul has the same inner loop.
const weigh = `function weigh(x, w, out) {
  const tile = gpu.sharedArray(Float32Array, 256);
  const t = gpu.threadIdx.x;
  tile[t] = x[gpu.globalIdx.x];
  gpu.barrier();
  const row = t >> 4;
  let sum = f32(0);
  for (let k = 0; k < 16; k++) sum += tile[row * 16 + k] * w[k * 16 + (t & 15)];
  out[gpu.globalIdx.x] = sum;
}`;

/** The PTX of `weigh` for sm_90, at the optimisation level given or the target's own. */
const weighed = (optLevel?: 0 | 1 | 2 | 3) =>
  ptx(weigh, ['f32[]', 'f32[]', 'f32[]'], {
    params: { computeCapability: 90 },
    config: optLevel === undefined ? {} : { optLevel },
  });
/** Branch targets: a loop leaves at least one (its back edge). */
const loops = (code: string) => new Set(code.match(/bra(?:\.uni)?\s+\$L__BB\d+_\d+/g)).size;

describe('loop unrolling on CUDA', () => {
  it('unrolls a 16-step tile loop fully by default, its row read as four 128-bit loads', () => {
    const code = weighed();
    expect(count(code, /ld\.shared\.v4\.[bf]32/)).toBe(4);
    expect(count(code, /mul\.rn\.f32/)).toBe(16);
    expect(loops(code)).toBe(0);
  });

  it('keeps a level a job names: O2 unrolls the tile loop by two only', () => {
    const o2 = weighed(2);
    expect(count(o2, /ld\.shared\.v4/)).toBe(0);
    expect(count(o2, /mul\.rn\.f32/)).toBe(2);
    expect(loops(o2)).toBeGreaterThan(0);
  });
});
