// The warpgroup matrix operations on CUDA: one wgmma.mma_async per product on sm_90a with the
// accumulator in registers, PTX that ptxas assembles for sm_90a, and a coded refusal at the call
// on every other architecture.
import { CompileError, gpu } from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { WARPGROUP_MATMUL, WARPGROUP_SWIZZLED_MATMUL } from '../../../bench/cuda/tensor-cores.js';
import { swizzledKernel } from '../../core/test/warpgroup-kernels.js';
import { assemblePTX } from '../src/index.js';
import { withoutWarpgroupRefusals } from '../src/target/warpgroup.js';
import { count, hasPtxas, ptx } from './helpers.js';

const HOPPER = { params: { computeCapability: 90, archSpecific: true } };
/** The arguments of `product` and of `swizzledKernel`: two f16 tiles and the f32 result. */
const TILES = ['f16[]', 'f16[]', 'f32[]'];

/** One product of a warpgroup into a 64 x n accumulator, from tiles staged by plain stores. */
const product = (n: number, kind = 'Float16Bits') => `function product(a, b, c) {
  const t = gpu.threadIdx.x;
  const as = gpu.sharedArray(${kind}, 1024);
  const bs = gpu.sharedArray(${kind}, ${16 * n});
  for (let e = t; e < 1024; e += 128) as[e] = a[e];
  for (let e = t; e < ${16 * n}; e += 128) bs[e] = b[e];
  gpu.barrier();
  let acc = gpu.matrixWarpgroupFill(0, ${n});
  acc = gpu.matrixWarpgroupMultiplyAdd(as, 0, bs, 0, acc);
  gpu.matrixWarpgroupCommit();
  acc = gpu.matrixWarpgroupWait(0, acc);
  gpu.matrixWarpgroupStore(c, 0, ${n}, acc);
}`;

describe('warpgroup matrix operations on CUDA', () => {
  it('issue one wgmma.mma_async per product, with descriptors and the accumulator in registers', () => {
    const code = ptx(product(64), TILES, HOPPER);
    expect(code).toMatch(/^\.target sm_90a$/m);
    expect(
      count(
        code,
        /wgmma\.mma_async\.sync\.aligned\.m64n64k16\.f32\.f16\.f16 \{(%r\d+, ){31}%r\d+\}, %rd\d+, %rd\d+, p, 1, 1, 0, 1;/,
      ),
    ).toBe(1);
    expect(count(code, /wgmma\.fence\.sync\.aligned/)).toBe(1);
    expect(count(code, /fence\.proxy\.async\.shared::cta/)).toBe(1);
    expect(count(code, /wgmma\.commit_group\.sync\.aligned/)).toBe(1);
    expect(count(code, /wgmma\.wait_group\.sync\.aligned 0/)).toBe(1);
    // The descriptors' byte offsets: 128 along k (8 << 16), 256 across (16 << 32).
    expect(code).toContain(String((16n << 32n) | (8n << 16n)));
    // The accumulator stays in registers: stored as pairs, never through local memory.
    expect(count(code, /st\.global\.(v2\.)?b64|st\.global\.v2\.(f32|b32)/)).toBe(16);
    expect(code).not.toMatch(/\.local/);
  });

  it('wait for the count known when the kernel is compiled, through a device function too', () => {
    const waits = (call: string, scope?: Record<string, unknown>) => {
      const code = ptx(product(64).replace('acc = gpu.matrixWarpgroupWait(0, acc);', call), TILES, {
        ...HOPPER,
        ...(scope ? { scope } : {}),
      });
      if (hasPtxas) assemblePTX(code, 'sm_90a');
      return code.match(/wgmma\.wait_group\.sync\.aligned \d+/g);
    };
    const wait = (n: number) => [`wgmma.wait_group.sync.aligned ${n}`];
    expect(waits('acc = gpu.matrixWarpgroupWait(PENDING + 1, acc);', { PENDING: 1 })).toEqual(wait(2));
    const settle = (c: unknown) => gpu.matrixWarpgroupWait(1, c as never);
    expect(waits('acc = settle(acc);', { settle })).toEqual(wait(1));
    // Not a constant: every group.
    expect(waits('acc = gpu.matrixWarpgroupWait(gpu.threadIdx.y, acc);')).toEqual(wait(0));
    // A float count (Math.floor of a scope value, or of a parameter once inlined) that is a
    // non-negative integer then; any other a coded error at its line.
    expect(waits('acc = gpu.matrixWarpgroupWait(Math.floor(H), acc);', { H: 1.5 })).toEqual(wait(1));
    const floored = (n: number, c: unknown) => gpu.matrixWarpgroupWait(Math.floor(n), c as never);
    expect(waits('acc = floored(H, acc);', { H: 2.5, floored })).toEqual(wait(2));
    for (const [count, scope] of [
      ['H', { H: 1.5 }],
      ['Math.floor(H)', { H: -1.5 }],
      ['Math.floor(c[0])', {}],
    ] as const)
      expect(() => waits(`acc = gpu.matrixWarpgroupWait(${count}, acc);`, scope)).toThrow(
        expect.objectContaining({ code: 'not-constant', location: expect.objectContaining({ line: 11 }) }),
      );
  });

  it('fence shared memory and registers once for products that follow one another', () => {
    const twice = (between: string) =>
      product(64).replace(
        '  gpu.matrixWarpgroupCommit();',
        `  ${between}\n  acc = gpu.matrixWarpgroupMultiplyAdd(as, 0, bs, 0, acc);\n  gpu.matrixWarpgroupCommit();`,
      );
    const fences = (code: string) => [count(code, /fence\.proxy\.async/), count(code, /wgmma\.fence/)];
    expect(fences(ptx(twice('const x = t * 2;'), TILES, HOPPER))).toEqual([1, 1]);
    // A store to shared memory between them: the second fences again.
    expect(fences(ptx(twice('bs[t] = a[t];'), TILES, HOPPER))).toEqual([2, 2]);
  });

  it('multiply bf16 tiles with the bf16 wgmma', () => {
    const code = ptx(product(256, 'BFloat16Bits'), ['bf16[]', 'bf16[]', 'f32[]'], HOPPER);
    expect(count(code, /wgmma\.mma_async\.sync\.aligned\.m64n256k16\.f32\.bf16\.bf16/)).toBe(1);
  });

  it.skipIf(!hasPtxas)(
    "writes PTX that ptxas assembles for sm_90a, bench/cuda's matmul too (skipped without ptxas)",
    () => {
      for (const n of [8, 64, 136, 256]) {
        const cubin = assemblePTX(ptx(product(n), TILES, HOPPER), 'sm_90a');
        expect(cubin.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
      }
      for (const [kind, element] of [
        ['Float16Bits', 'f16'],
        ['BFloat16Bits', 'bf16'],
      ] as const) {
        for (const matmul of [WARPGROUP_MATMUL, WARPGROUP_SWIZZLED_MATMUL]) {
          const code = ptx(
            matmul.replaceAll('Float16Bits', kind),
            [`${element}[]`, `${element}[]`, 'f32[]', 'i32'],
            HOPPER,
          );
          // Four products a k-step, unrolled, waited for one group late.
          expect(count(code, /wgmma\.mma_async/)).toBe(4);
          expect(code).toMatch(/wgmma\.wait_group\.sync\.aligned 1;/);
          expect(assemblePTX(code, 'sm_90a').subarray(0, 4).toString('latin1')).toBe('\x7fELF');
        }
      }
      for (const [bytes, n] of [
        [32, 16],
        [64, 64],
        [128, 256],
      ] as const) {
        const cubin = assemblePTX(ptx(swizzledKernel(bytes, n, 64), TILES, HOPPER), 'sm_90a');
        expect(cubin.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
      }
    },
  );

  it('describe swizzled tiles by their layout type and offsets, and align the shared arrays they are in', () => {
    for (const [bytes, layout] of [
      [128, 1n],
      [64, 2n],
      [32, 3n],
    ] as const) {
      const code = ptx(swizzledKernel(bytes, 64, 64), TILES, HOPPER);
      // A: the layout type in bits 62-63, 8 rows of `bytes` to the next atom, the leading
      // offset unused (1); B: 16 rows of `bytes` to the next strip of columns, 8 rows to the next.
      const a = (layout << 62n) | (BigInt((8 * bytes) >> 4) << 32n) | (1n << 16n);
      const b = (layout << 62n) | (BigInt((8 * bytes) >> 4) << 32n) | (BigInt((16 * bytes) >> 4) << 16n);
      // One pair for each of the four products (k 64, unrolled).
      expect(count(code, /wgmma\.mma_async/)).toBe(4);
      // (PTX prints them signed.)
      expect(count(code, new RegExp(`, ${BigInt.asIntN(64, a)};`))).toBe(4);
      expect(count(code, new RegExp(`, ${BigInt.asIntN(64, b)};`))).toBe(4);
      expect(count(code, new RegExp(`\\.shared \\.align ${8 * bytes} `))).toBe(2);
    }
    // Dynamic shared memory too.
    expect(ptx(WARPGROUP_SWIZZLED_MATMUL, ['f16[]', 'f16[]', 'f32[]', 'i32'], HOPPER)).toMatch(
      /\.extern \.shared \.align 1024 \.b8 gpuc_dynamic_shared\[\];/,
    );
    // Plain products leave them as they were.
    expect(ptx(product(64), TILES, HOPPER)).not.toMatch(/\.shared \.align (1024|512|256) /);
  });

  it('refuses the warpgroup operations on every architecture but sm_90a, with a coded error at the call', () => {
    const text = product(64);
    const line = text.split('\n').findIndex((l) => l.includes('gpu.matrixWarpgroup')) + 1;
    for (const params of [
      { computeCapability: 90 },
      { computeCapability: 80 },
      { computeCapability: 75 },
      { computeCapability: 100, archSpecific: true },
    ]) {
      let error: unknown;
      try {
        ptx(text, TILES, { params });
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(CompileError);
      expect((error as CompileError).code).toBe('unsupported-on-target');
      expect((error as CompileError).detail).toMatch(/gpu\.matrixWarpgroupFill is not supported on CUDA/);
      expect((error as CompileError).location.line).toBe(line);
    }
    // The swizzled product is refused with the rest (the refusals cover the gpu.matrixWarpgroup* entries).
    expect(withoutWarpgroupRefusals().has('gpu.matrixWarpgroupMultiplyAddSwizzled')).toBe(true);
  });
});
