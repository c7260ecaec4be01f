// Neighbouring accesses to an array argument become 128-bit loads and stores on AMDGPU: its
// global memory instructions take any 4-byte aligned address, so the load-store vectoriser
// merges `x[4 * i]` ... `x[4 * i + 3]` into one `global_load_dwordx4` with no alignment fact
// (the index arithmetic must still show the addresses consecutive).
import { createCompiler } from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { SAXPY4 } from '../../../bench/cuda/skilled-kernels.js';
import { count, testCompile } from '../../core/test/jobs.js';
import { RocmPlugin } from '../src/index.js';

const compiler = createCompiler().use(new RocmPlugin());
const assembly = (text: string, types: string[]) =>
  testCompile(compiler, 'rocm', text, types).output as string;

describe('vector memory access on ROCm', () => {
  it('loads and stores four f32, or two f64, of a thread as one 128-bit access each', () => {
    const code = assembly(SAXPY4, ['f32', 'f32[]', 'f32[]', 'i32']);
    expect(count(code, /global_load_dwordx4/)).toBe(2);
    expect(count(code, /global_store_dwordx4/)).toBe(1);
    expect(code).not.toMatch(/global_load_dword\s/);
    const copy2 = `function copy2(x, y) {
  const i = gpu.globalIdx.x * 2;
  if (i + 1 < x.length) { const a = x[i], b = x[i + 1]; y[i] = a; y[i + 1] = b; }
}`;
    const pairs = assembly(copy2, ['f64[]', 'f64[]']);
    expect(pairs).toMatch(/global_load_dwordx4/);
    expect(pairs).toMatch(/global_store_dwordx4/);
  });
});
