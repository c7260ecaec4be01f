// Neighbouring accesses to an array argument become 64- and 128-bit loads and stores: arrays
// start 16-byte aligned (launches check it), codegen tells LLVM so, and NVPTX's load-store
// vectoriser merges `x[4 * i]` ... `x[4 * i + 3]` into one `ld.global.v4`.
import { type KernelType, typeOfValue } from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { SAXPY4 } from '../../../bench/cuda/skilled-kernels.js';
import { count, ptx } from './helpers.js';

/** A device function a kernel below calls, given in its scope. */
const quad = new Function(
  'return function quad(xs, i) { return xs[i] + xs[i + 1] + xs[i + 2] + xs[i + 3]; }',
)();

describe('vector memory access on CUDA', () => {
  it('loads and stores four f32 of a thread as one 128-bit access each', () => {
    const code = ptx(SAXPY4, ['f32', 'f32[]', 'f32[]', 'i32']);
    expect(count(code, /ld\.global\.v4\.[bf]32/)).toBe(2);
    expect(count(code, /st\.global\.v4\.[bf]32/)).toBe(1);
    expect(code).not.toMatch(/ld\.global\.[bf]32/);
    // The same through loops and a local array, which unroll into registers.
    const looped = `function saxpy4(a, x, y, n) {
  const i = gpu.globalIdx.x * 4;
  if (i + 3 < n) {
    const v = new Float32Array(4);
    for (let k = 0; k < 4; k++) v[k] = x[i + k];
    for (let k = 0; k < 4; k++) y[i + k] = a * v[k] + y[i + k];
  }
}`;
    const unrolled = ptx(looped, ['f32', 'f32[]', 'f32[]', 'i32']);
    expect(count(unrolled, /ld\.global\.v4\.[bf]32/)).toBe(2);
    expect(count(unrolled, /st\.global\.v4\.[bf]32/)).toBe(1);
  });

  it('pairs f64 elements into 128-bit accesses, and i32 ones through a helper and a record', () => {
    const copy2 = `function copy2(x, y) {
  const i = gpu.globalIdx.x * 2;
  if (i + 1 < x.length) { const a = x[i], b = x[i + 1]; y[i] = a; y[i + 1] = b; }
}`;
    const code = ptx(copy2, ['f64[]', 'f64[]']);
    expect(code).toMatch(/ld\.global\.v2\.[bf]64/);
    expect(code).toMatch(/st\.global\.v2\.[bf]64/);
    const nested = `function sums(p, out) {
  const t = gpu.globalIdx.x;
  if (4 * t + 3 < p.xs.length) out[t] = quad(p.xs, 4 * t);
}`;
    const record = typeOfValue({ xs: new Int32Array(4) }) as KernelType;
    expect(ptx(nested, [record, 'i32[]'], { scope: { quad } })).toMatch(/ld\.global\.v4\.[bu]32/);
  });

  it('merges a row of a matrix whose width is said to be a multiple of 4 (n & -4), not of any width', () => {
    const row = (width: string) => `function rows(a, out, n) {
  const i = gpu.blockIdx.x * ${width} + 4 * gpu.threadIdx.x;
  const a0 = a[i], a1 = a[i + 1], a2 = a[i + 2], a3 = a[i + 3];
  out[i] = a0; out[i + 1] = a1; out[i + 2] = a2; out[i + 3] = a3;
}`;
    const aligned = ptx(row('(n & -4)'), ['f32[]', 'f32[]', 'i32']);
    expect(count(aligned, /ld\.global\.v4\.[bf]32/)).toBe(1);
    expect(count(aligned, /st\.global\.v4\.[bf]32/)).toBe(1);
    expect(ptx(row('n'), ['f32[]', 'f32[]', 'i32'])).not.toMatch(/\.v4\./);
  });

  it('keeps scalar accesses where alignment is not known: an odd start, or a plain function', () => {
    const shifted = SAXPY4.replace('gpu.globalIdx.x * 4', 'gpu.globalIdx.x * 4 + 1');
    expect(ptx(shifted, ['f32', 'f32[]', 'f32[]', 'i32'])).not.toMatch(/\.v4\./);
    // A function compiled on its own may be given any array: it assumes nothing.
    const load4 = `function load4(x, i) { return x[4 * i] + x[4 * i + 1] + x[4 * i + 2] + x[4 * i + 3]; }`;
    expect(ptx(load4, ['f32[]', 'i32'], { config: { kernel: false } })).not.toMatch(/\.v4\./);
  });
});
