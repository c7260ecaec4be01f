// The warpgroup matrix operations (wgmma, sm_90a) on a Hopper GPU, against the reference runner:
// bench/cuda's warpgroup matmul (two warpgroups, four cp.async stages, wait(1) pipelining; at 512,
// where every stage is refilled) and a
// small kernel of one product per warpgroup at N 8 and 64 with a filled accumulator, f16 and bf16;
// products of 32-, 64- and 128-byte swizzled tiles, and the bench's swizzled matmul likewise.
import { BFloat16Bits, Float16Bits, i32, runReference } from '@gpuc/core';
import {
  WARPGROUP_MATMUL,
  WARPGROUP_MATMUL_SHARED_BYTES,
  WARPGROUP_SWIZZLED_MATMUL,
} from '../../../../bench/cuda/tensor-cores.js';
import { assert, type GpuCheck } from '../../../core/test/gpu-checks.js';
import { swizzledKernel } from '../../../core/test/warpgroup-kernels.js';
import { CudaDevice, launchCuda } from '../../src/index.js';

/** Small integers: every sum is exact in f32, so any order of additions gives the reference's. */
const integers = (seed: number) => (_: unknown, i: number) =>
  ((Math.imul(i + seed, 0x9e3779b1) >>> 13) % 7) - 3;

/** One product per warpgroup of a block of two: C (64 x n each) = 0.5 + A B, tiles staged by plain stores. */
const ONE_PRODUCT = (n: number) => `function oneProduct(a, b, c) {
  const t = gpu.threadIdx.x;
  const group = t >> 7;
  const as = gpu.sharedArray(Float16Bits, 2 * 1024);
  const bs = gpu.sharedArray(Float16Bits, 16 * ${n});
  // A (128 x 16, row-major): 256 runs of 8, one a thread, into the core-matrix layout.
  const r = t >> 1;
  const kc = t & 1;
  for (let q = 0; q < 8; q++) as[(r >> 3) * 128 + kc * 64 + (r & 7) * 8 + q] = a[r * 16 + kc * 8 + q];
  for (let run = t; run < 2 * ${n}; run += 256) {
    const k = run & 15;
    const nc = run >> 4;
    for (let q = 0; q < 8; q++) bs[nc * 128 + (k >> 3) * 64 + (k & 7) * 8 + q] = b[k * ${n} + nc * 8 + q];
  }
  gpu.barrier();
  let acc = gpu.matrixWarpgroupFill(0.5, ${n});
  acc = gpu.matrixWarpgroupMultiplyAdd(as, group * 1024, bs, 0, acc);
  gpu.matrixWarpgroupCommit();
  acc = gpu.matrixWarpgroupWait(0, acc);
  gpu.matrixWarpgroupStore(c, group * 64 * ${n}, ${n}, acc);
}`;

const kinds = { f16: Float16Bits, bf16: BFloat16Bits } as const;

/** Fails naming the first differing element (row and column of `columns`) and how many differ. */
function compare(what: string, got: Float32Array, expected: Float32Array, columns: number): void {
  const wrong = got.findIndex((v, i) => !Object.is(v, expected[i]));
  const count = got.filter((v, i) => !Object.is(v, expected[i])).length;
  assert(
    wrong < 0,
    `${what}: ${count} elements differ, the first at row ${Math.floor(wrong / columns)}, column ${wrong % columns}: ${got[wrong]}, the reference runner gave ${expected[wrong]}`,
  );
}

/** bench/cuda's warpgroup matmul `text` against the reference runner, at 512 (f16) or 256 (bf16). */
function checkMatmul(
  bench: string,
  text: string,
  name: string,
  Kind: (typeof kinds)[keyof typeof kinds],
): void {
  // 512: eight k-steps, so the four stages are each refilled while the others are read.
  const size = name === 'f16' ? 512 : 256;
  const kernel = { text: rename(name, text), file: `${bench.replaceAll(' ', '-')}-${name}.js` };
  const launch = {
    grid: [size / 256, size / 128] as [number, number],
    block: 256,
    sharedBytes: WARPGROUP_MATMUL_SHARED_BYTES,
  };
  const a = Kind.from(Array.from({ length: size * size }, integers(3)));
  const b = Kind.from(Array.from({ length: size * size }, integers(4)));
  const [gpu, reference] = [new Float32Array(size * size), new Float32Array(size * size)];
  launchCuda(kernel, launch, a, b, gpu, i32(size));
  runReference(kernel, launch, [a, b, reference, i32(size)]);
  compare(`bench/cuda's ${bench}, ${name}, ${size}`, gpu, reference, size);
}

/** A kernel's text for the element type `name`. */
const rename = (name: string, text: string) =>
  name === 'bf16' ? text.replaceAll('Float16Bits', 'BFloat16Bits') : text;

/** Why the device cannot run wgmma, or undefined. */
function withoutWgmma(): string | undefined {
  const device = CudaDevice.get();
  return device.computeCapability === 90
    ? undefined
    : `skipped: wgmma needs sm_90a, this device is sm_${device.computeCapability}`;
}

export function warpgroupChecks(): GpuCheck[] {
  return [
    {
      name: 'warpgroup matrix operations (wgmma) match the reference runner',
      run() {
        const skipped = withoutWgmma();
        if (skipped) return skipped;
        for (const [name, Kind] of Object.entries(kinds)) {
          for (const n of [8, 64]) {
            const kernel = { text: rename(name, ONE_PRODUCT(n)), file: `one-product-${name}-${n}.js` };
            const a = Kind.from(Array.from({ length: 128 * 16 }, integers(1)));
            const b = Kind.from(Array.from({ length: 16 * n }, integers(2)));
            const [gpu, reference] = [new Float32Array(128 * n), new Float32Array(128 * n)];
            launchCuda(kernel, { grid: 1, block: 256 }, a, b, gpu);
            runReference(kernel, { grid: 1, block: 256 }, [a, b, reference]);
            compare(`one product, ${name}, N ${n}`, gpu, reference, n);
          }
          checkMatmul('warpgroup matmul', WARPGROUP_MATMUL, name, Kind);
        }
        return 'f16 and bf16: one product at N 8 and 64, and the warpgroup matmul at 512 (f16) and 256 (bf16), exact';
      },
    },
    {
      name: 'swizzled warpgroup products (wgmma) match the reference runner',
      run() {
        const skipped = withoutWgmma();
        if (skipped) return skipped;
        for (const [name, Kind] of Object.entries(kinds)) {
          // Static shared arrays of at most 48 KiB: 128 k + k n elements.
          for (const [bytes, n, k] of [
            [32, 16, 128],
            [64, 32, 128],
            [128, 64, 128],
            [128, 256, 64],
          ] as const) {
            const kernel = {
              text: rename(name, swizzledKernel(bytes, n, k)),
              file: `swizzled-${bytes}-${name}-${n}.js`,
            };
            const a = Kind.from(Array.from({ length: 128 * k }, integers(5)));
            const b = Kind.from(Array.from({ length: k * n }, integers(6)));
            const [gpu, reference] = [new Float32Array(128 * n), new Float32Array(128 * n)];
            launchCuda(kernel, { grid: 1, block: 256 }, a, b, gpu);
            runReference(kernel, { grid: 1, block: 256 }, [a, b, reference]);
            compare(`${bytes}-byte swizzled products, ${name}, N ${n}`, gpu, reference, n);
          }
          checkMatmul('swizzled warpgroup matmul', WARPGROUP_SWIZZLED_MATMUL, name, Kind);
        }
        return 'f16 and bf16: 32-, 64- and 128-byte swizzled products, and the swizzled warpgroup matmul at 512 (f16) and 256 (bf16), exact';
      },
    },
  ];
}
