// Asynchronous copies into shared memory on CUDA: cp.async.cg of 16 bytes with commit and wait
// groups from sm_80 (PTX that ptxas assembles), a plain 128-bit copy before.
import { gpu } from '@gpuc/core';
import { corpusDirectory, loadConformance } from '@gpuc/core/tools';
import { describe, expect, it } from 'vitest';
import { assemblePTX } from '../src/index.js';
import { count, hasPtxas, ptx } from './helpers.js';

const corpus = await loadConformance(corpusDirectory());
const pipeline = corpus.find((e) => e.name === 'copy-async') as { source: string };
/** The PTX of the copy-async kernel (or a variant of it) for a compute capability. */
const copies = (text: string, computeCapability = 90) =>
  ptx(text, ['f32[]', 'f16[]', 'f32[]', 'i32'], { params: { computeCapability } });

describe('asynchronous copies on CUDA', () => {
  it('start cp.async copies of 16 bytes, commit groups and wait for all but the newest', () => {
    for (const computeCapability of [80, 90]) {
      const code = copies(pipeline.source, computeCapability);
      // Two copies before the loop, two in it: no load through registers.
      expect(count(code, /cp\.async\.cg\.shared\.global \[%rd\d+\], \[%rd\d+\], 16;/)).toBe(4);
      expect(count(code, /cp\.async\.commit_group;/)).toBe(2);
      expect(count(code, /cp\.async\.wait_group\s+1;/)).toBe(1);
      expect(code).not.toMatch(/ld\.global/);
      expect(code).not.toMatch(/st\.shared/);
    }
  });

  it('take a count known when the kernel is compiled: an expression, a constant, a device function parameter, a loop counter', () => {
    const waits = (call: string, scope?: Record<string, unknown>) =>
      ptx(
        `function k(a) {
  const sh = gpu.sharedArray(Float32Array, 8);
  gpu.copyAsync(sh, 0, a, 0);
  gpu.copyAsyncCommit();
  ${call}
  a[0] = sh[0];
}`,
        ['f32[]'],
        { params: { computeCapability: 90 }, ...(scope ? { scope } : {}) },
      ).match(/cp\.async\.wait_group\s+\d+/g);
    const wait = (n: number) => [`cp.async.wait_group ${n}`];
    expect(waits('gpu.copyAsyncWait(2 + 1);')).toEqual(wait(3));
    expect(waits('gpu.copyAsyncWait(STAGES - 1);', { STAGES: 3 })).toEqual(wait(2));
    // Constant once the device function is inlined, and once the loop is unrolled.
    const stage = (n: number) => gpu.copyAsyncWait(n);
    expect(waits('stage(2);', { stage })).toEqual(wait(2));
    expect(waits('for (let i = 0; i < 2; i++) gpu.copyAsyncWait(1 - i);')).toEqual([...wait(1), ...wait(0)]);
    // A negative count waits for every group.
    expect(waits('gpu.copyAsyncWait(-1);')).toEqual(wait(0));
    // A float count that is a non-negative integer once optimised (Math.floor of a scope value,
    // of a device function's parameter); any other a coded error at its line.
    expect(waits('gpu.copyAsyncWait(Math.floor(H));', { H: 2.5 })).toEqual(wait(2));
    const floored = (n: number) => gpu.copyAsyncWait(Math.floor(n));
    expect(waits('floored(H);', { H: 1.5, floored })).toEqual(wait(1));
    for (const [count, scope] of [
      ['H', { H: 2.5 }],
      ['Math.floor(H)', { H: -0.5 - 1 }],
      ['Math.floor(a[1])', {}],
    ] as const)
      expect(() => waits(`gpu.copyAsyncWait(${count});`, scope)).toThrow(
        expect.objectContaining({ code: 'not-constant', location: expect.objectContaining({ line: 5 }) }),
      );
  });

  it('wait for every group where the count is not a constant', () => {
    const code = copies(pipeline.source.replace('gpu.copyAsyncWait(1)', 'gpu.copyAsyncWait(steps - s)'));
    expect(count(code, /cp\.async\.wait_group\s+0;/)).toBe(1);
  });

  it('copy through registers, 128 bits at a time, before sm_80', () => {
    const code = copies(pipeline.source, 75);
    expect(code).not.toMatch(/cp\.async/);
    expect(count(code, /ld\.global\.v4\.b32/)).toBe(4);
    expect(count(code, /st\.shared\.v4\.b32/)).toBe(4);
  });

  it.skipIf(!hasPtxas)(
    'writes PTX that ptxas assembles for sm_75, sm_80 and sm_90 (skipped without ptxas)',
    () => {
      for (const computeCapability of [75, 80, 90]) {
        const cubin = assemblePTX(copies(pipeline.source, computeCapability), `sm_${computeCapability}`);
        expect(cubin.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
      }
    },
  );
});
