import { createContext, emit, targetMachine } from '@gpuc/core/llvm';
import { describe, expect, it } from 'vitest';
import { compiledSaxpy } from '../../core/test/saxpy.js';
import { assemblePTX, cudaTarget, deviceArch, emitPTX, markKernel, NVPTX_DATA_LAYOUT } from '../src/index.js';
import { compiler, hasPtxas, ptx } from './helpers.js';

const context = createContext();
const saxpy = (params = {}) => compiledSaxpy(compiler, context, 'cuda', params);

describe('CUDA target description', () => {
  it('matches the data layout of the LLVM 22 NVPTX machine', () => {
    expect(targetMachine(cudaTarget()).getDataLayoutString()).toBe(NVPTX_DATA_LAYOUT);
  });

  it("targets the device's own architecture, unclamped, with the PTX ISA LLVM picks for it", () => {
    expect(cudaTarget({ computeCapability: 90 }).cpu).toBe('sm_90');
    expect(cudaTarget({ computeCapability: 90, archSpecific: true }).cpu).toBe('sm_90a');
    expect(cudaTarget({ computeCapability: 120 }).cpu).toBe('sm_120');
    expect(cudaTarget({ computeCapability: 75 }).cpu).toBe('sm_75');
    expect(cudaTarget().cpu).toBe('sm_80');
    expect(cudaTarget().features).toBe('');
    expect(cudaTarget({ ptxVersion: 87 }).features).toBe('+ptx87');
    expect(deviceArch(100, true)).toBe('sm_100a');
    expect(() => deviceArch(35)).toThrow(/not supported/);
    expect(() => cudaTarget({ ptxVersion: 7.5 })).toThrow(/PTX ISA/);
  });
});

describe('PTX emission', () => {
  it('emits a compiled kernel as PTX for sm_80 with the kernel and its indexing', () => {
    const target = cudaTarget();
    const module = saxpy();
    expect(module.verify()).toBeNull();
    const ptx = emitPTX(module, target);
    expect(ptx).toContain('.target sm_80');
    expect(ptx).toContain('.version 7.0');
    expect(ptx).toMatch(/\.visible \.entry saxpy\(/);
    expect(ptx).toContain('%ctaid.x');
    expect(ptx).toContain('%tid.x');
    expect(ptx).toMatch(/fma\.rn\.f32|mul\.rn\.f32/);
    module.dispose();
  });

  it('writes launch bounds as PTX directives', () => {
    const target = cudaTarget();
    const module = saxpy();
    const kernel = module.getFunction('saxpy');
    if (!kernel) throw new Error('missing');
    markKernel(module, kernel, { maxThreads: 256, minBlocksPerMultiprocessor: 2 });
    const ptx = emitPTX(module, target);
    expect(ptx).toMatch(/\.maxntid 256\n/);
    expect(ptx).toMatch(/\.minnctapersm 2/);
    expect(() => markKernel(module, kernel, { maxThreads: 0 })).toThrow(/positive integer/);
    module.dispose();
  });

  it.skipIf(!hasPtxas)('ptxas accepts the PTX for sm_80 and sm_90 (skipped without the CUDA toolkit)', () => {
    const target = cudaTarget();
    const module = saxpy();
    const ptx = emitPTX(module, target);
    for (const arch of ['sm_80', 'sm_90']) {
      const cubin = assemblePTX(ptx, arch);
      expect(cubin.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    }
    module.dispose();
  });

  it.skipIf(!hasPtxas)(
    "writes PTX for Hopper and Blackwell's own architectures that ptxas assembles for them (needs CUDA 13)",
    () => {
      for (const [computeCapability, archSpecific, version] of [
        [90, false, '7.8'],
        [90, true, '8.0'],
        [100, true, '8.6'],
        [120, false, '8.7'],
      ] as const) {
        const target = cudaTarget({ computeCapability, archSpecific });
        const module = saxpy({ computeCapability, archSpecific });
        const ptx = emitPTX(module, target);
        expect(ptx).toContain(`.target ${target.cpu}`);
        expect(ptx).toContain(`.version ${version}`);
        const cubin = assemblePTX(ptx, target.cpu);
        expect(cubin.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
        module.dispose();
      }
    },
  );

  it.skipIf(!hasPtxas)(
    'ptxas rejects invalid PTX with its message (skipped without the CUDA toolkit)',
    () => {
      expect(() => assemblePTX('.version 7.5\n.target sm_80\n.address_size 64\nbogus;', 'sm_90')).toThrow(
        /ptxas failed[\s\S]*syntax error/,
      );
    },
  );

  it('emits bitcode and IR as well', () => {
    const target = cudaTarget();
    const module = saxpy();
    expect(emit(module, target, 'bitcode').subarray(0, 2).toString('latin1')).toBe('BC');
    expect(emit(module, target, 'ir')).toContain('define ptx_kernel void @saxpy');
    module.dispose();
  });

  it.skipIf(!hasPtxas)(
    'converts a float index outside the i32 range, NaN included, to one outside the array',
    () => {
      // ToInt32 wrapped NaN, the infinities and 2^32 to index 0, a real element: the conversion
      // compares with -2^31 and 2^31 (f32 and f64 constants) and ptxas assembles it.
      const code = ptx(
        'function k(p, q, x, o) {\n  o[0] = x[Math.floor(p[0])];\n  x[Math.round(q[0]) + 1] = 1;\n}',
        ['f32[]', 'f64[]', 'f64[]', 'f64[]'],
        { config: { boundsCheck: true }, params: { computeCapability: 90 } },
      );
      for (const bound of ['0fCF000000', '0f4F000000', '0dC1E0000000000000', '0d41E0000000000000'])
        expect(code).toContain(bound);
      expect(assemblePTX(code, 'sm_90').subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    },
  );
});

describe('a ??= under ?? whose right side may be undefined', () => {
  // JavaScript stores that undefined, converting it as the array does: a BigInt array throws.
  const text = (fallback: string) =>
    `function k(s, b, o) { o[0] = (b[s[0] - 1] ??= b[s[0] + 9]) ?? ${fallback}; }`;

  it('into a BigInt array is an unsupported error when compiling PTX', () => {
    expect(() => ptx(text('7n'), ['i32[]', 'i64[]', 'i64[]'], { memory: false })).toThrow(
      /conversion to a BigInt throws.*\[unsupported\]/,
    );
  });

  it('into a number array compiles, storing nothing', () => {
    expect(ptx(text('7'), ['i32[]', 'f64[]', 'f64[]'], { memory: false })).toMatch(/\.entry/);
  });
});
