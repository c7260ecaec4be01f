// The warp matrix operations on CUDA: two mma.sync per 16x16x16 product, the fragments loaded
// with aligned 32- and 64-bit accesses from global memory and ldmatrix from shared memory, PTX that ptxas assembles for sm_80 and sm_90, and a coded
// refusal on architectures before sm_80.
import { CompileError } from '@gpuc/core';
import { corpusDirectory, loadConformance } from '@gpuc/core/tools';
import { describe, expect, it } from 'vitest';
import { assemblePTX } from '../src/index.js';
import { count, hasPtxas, ptx } from './helpers.js';

const corpus = await loadConformance(corpusDirectory());
const matrixF16 = corpus.find((e) => e.name === 'matrix-f16') as { source: string };
const matrixBf16 = corpus.find((e) => e.name === 'matrix-bf16') as { source: string };
const matrixTf32 = corpus.find((e) => e.name === 'matrix-tf32') as { source: string };
/** The corpus kernels' arguments: two tiles of `element`, two of f32, and two i32. */
const args = (element: string) => [`${element}[]`, `${element}[]`, 'f32[]', 'f32[]', 'i32', 'i32'];

describe('warp matrix operations on CUDA', () => {
  it('multiply on tensor cores: two m16n8k16 mma.sync per product, fragments in registers', () => {
    const code = ptx(matrixF16.source, args('f16'));
    expect(count(code, /mma\.sync\.aligned\.m16n8k16\.row\.col\.f32\.f16\.f16\.f32/)).toBe(2);
    // A: pairs of f16 side by side in a row, one 32-bit load each; accumulators two f32 at once.
    expect(count(code, /ld\.global\.b32/)).toBe(4);
    expect(count(code, /ld\.global\.b64/)).toBe(4);
    expect(count(code, /st\.global\.b64/)).toBe(4);
    expect(code).not.toMatch(/\.local/);
    // B from shared memory: ldmatrix, transposed into the column-major words mma takes.
    expect(count(code, /ldmatrix\.sync\.aligned\.m8n8\.x4\.trans\.shared\.b16/)).toBe(1);
    expect(code).not.toMatch(/ld\.shared/);
  });

  it('multiply bf16 tiles with the bf16 mma.sync', () => {
    const code = ptx(matrixBf16.source, args('bf16'));
    expect(count(code, /mma\.sync\.aligned\.m16n8k16\.row\.col\.f32\.bf16\.bf16\.f32/)).toBe(2);
    expect(code).not.toMatch(/f16\.f16/);
  });

  it('multiply f32 tiles in TF32: four m16n8k8 per product, each input rounded as it loads', () => {
    const code = ptx(matrixTf32.source, args('f32'));
    expect(count(code, /mma\.sync\.aligned\.m16n8k8\.row\.col\.f32\.tf32\.tf32\.f32/)).toBe(4);
    expect(code).not.toMatch(/ldmatrix/);
  });

  it.skipIf(!hasPtxas)('writes PTX that ptxas assembles for sm_80 and sm_90 (skipped without ptxas)', () => {
    for (const computeCapability of [80, 90]) {
      for (const [entry, element] of [
        [matrixF16, 'f16'],
        [matrixBf16, 'bf16'],
        [matrixTf32, 'f32'],
      ] as const) {
        const code = ptx(entry.source, args(element), { params: { computeCapability } });
        const cubin = assemblePTX(code, `sm_${computeCapability}`);
        expect(cubin.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
      }
    }
  });

  it('refuses the matrix operations before sm_80 with a coded error at the call', () => {
    let error: unknown;
    try {
      ptx(matrixF16.source, args('f16'), { params: { computeCapability: 75 } });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(CompileError);
    expect((error as CompileError).code).toBe('unsupported-on-target');
    expect((error as CompileError).detail).toMatch(/gpu\.matrix\w+ is not supported on CUDA before sm_80/);
    const first = matrixF16.source.split('\n').findIndex((line) => line.includes('gpu.matrix'));
    expect((error as CompileError).location.line).toBe(first + 1);
  });

  it('stages bf16 tiles in shared memory with the same instructions as f16 ones: a copy moves bits', () => {
    // A block's tile copied from global to shared memory, then multiplied: a bf16 element read
    // and stored again is the same 16 bits (NaN bits are not specified), so no rounding code.
    const source = `function staged(a, b, c0, out, n, k) {
  const As = gpu.sharedArray(Float16Bits, 16 * 24);
  const t = gpu.threadIdx.x;
  for (let q = 0; q < 8; q++) As[(t >> 1) * 24 + (t & 1) * 8 + q] = a[(t >> 1) * k + (t & 1) * 8 + q];
  gpu.barrier();
  let acc = gpu.matrixFill(0);
  acc = gpu.matrixMultiplyAdd(gpu.matrixLoadA(As, 0, 24), gpu.matrixLoadB(b, 0, n), acc);
  gpu.matrixStore(out, 0, n, acc);
}`;
    const shape = (code: string) =>
      Object.fromEntries(
        ['ld.global', 'st.shared', 'ldmatrix', 'mma.sync', 'cvt', 'setp', 'selp'].map((op) => [
          op,
          count(code, new RegExp(`\\b${op.replace('.', '\\.')}\\b`)),
        ]),
      );
    const f16 = shape(ptx(source, args('f16')));
    const bf16 = shape(ptx(source.replace('Float16Bits', 'BFloat16Bits'), args('bf16')));
    expect(bf16).toEqual(f16);
    expect(bf16.setp).toBe(0);
    expect(bf16.ldmatrix).toBe(1);
  });
});
