// CUDA jobs default to LLVM's O3, as nvcc compiles: its unroll threshold unrolls a shared-memory
// tile loop of 16 steps fully (O2 unrolled it by two), so a row of the tile is read with 128-bit
// loads and no counter is left in the loop.
import {
  compileJob,
  createCompiler,
  createJob,
  type KernelType,
  parseType,
  sourceFromText,
} from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { CudaPlugin } from '../src/index.js';

const compiler = createCompiler().use(new CudaPlugin());
let unique = 0;

const matmul = `function matmul(a, b, c, n) {
  const ta = gpu.sharedArray(Float32Array, 256);
  const tb = gpu.sharedArray(Float32Array, 256);
  const tx = gpu.threadIdx.x;
  const ty = gpu.threadIdx.y;
  const row = gpu.blockIdx.y * 16 + ty;
  const col = gpu.blockIdx.x * 16 + tx;
  let acc = f32(0);
  for (let k0 = 0; k0 < n; k0 += 16) {
    ta[ty * 16 + tx] = a[row * n + k0 + tx];
    tb[ty * 16 + tx] = b[(k0 + ty) * n + col];
    gpu.barrier();
    for (let k = 0; k < 16; k++) acc += ta[ty * 16 + k] * tb[k * 16 + tx];
    gpu.barrier();
  }
  c[row * n + col] = acc;
}`;

function ptx(optLevel?: 0 | 1 | 2 | 3): string {
  const job = createJob(
    sourceFromText(matmul, `unroll-${unique++}.js`),
    ['f32[]', 'f32[]', 'f32[]', 'i32'].map((t) => parseType(t) as KernelType),
    compiler.target('cuda', { computeCapability: 90 }),
    optLevel === undefined ? {} : { config: { optLevel } },
  );
  return compileJob(compiler, job, { kind: 'assembly' }).output as string;
}

const count = (text: string, pattern: RegExp) => (text.match(new RegExp(pattern, 'g')) ?? []).length;
/** Loop labels: each loop's header is one (the outer loop's at least). */
const loops = (code: string) => new Set(code.match(/bra(?:\.uni)?\s+\$L__BB\d+_\d+/g)).size;

describe('loop unrolling on CUDA', () => {
  it('unrolls a 16-step tile loop fully by default, its row read as four 128-bit loads', () => {
    const code = ptx();
    expect(count(code, /ld\.shared\.v4\.[bf]32/)).toBe(4);
    expect(count(code, /ld\.shared\.[bf]32/)).toBe(16);
    expect(count(code, /mul\.rn\.f32/)).toBe(16);
  });

  it('keeps a level a job names: O2 unrolls the tile loop by two only', () => {
    const o2 = ptx(2);
    expect(count(o2, /ld\.shared\.v4/)).toBe(0);
    expect(count(o2, /mul\.rn\.f32/)).toBe(2);
    expect(loops(o2)).toBeGreaterThan(loops(ptx()));
  });
});
