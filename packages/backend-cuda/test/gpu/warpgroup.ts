// The warpgroup matrix operations (wgmma, sm_90a) on a Hopper GPU, against the reference runner:
// bench/cuda's warpgroup matmul (two warpgroups, four cp.async stages, wait(1) pipelining; at 512,
// where every stage is refilled) and a
// small kernel of one product per warpgroup at N 8 and 64 with a filled accumulator, f16 and bf16.
import { BFloat16Bits, Float16Bits, i32, runReference } from '@gpuc/core';
import { WARPGROUP_MATMUL, WARPGROUP_MATMUL_SHARED_BYTES } from '../../../../bench/cuda/tensor-cores.js';
import { assert, type GpuCheck } from '../../../core/test/gpu-checks.js';
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

export function warpgroupChecks(): GpuCheck[] {
  return [
    {
      name: 'warpgroup matrix operations (wgmma) match the reference runner',
      run() {
        const device = CudaDevice.get();
        if (device.computeCapability !== 90)
          return `skipped: wgmma needs sm_90a, this device is sm_${device.computeCapability}`;
        const done: string[] = [];
        for (const [name, Kind] of Object.entries(kinds)) {
          const rename = (text: string) =>
            name === 'bf16' ? text.replaceAll('Float16Bits', 'BFloat16Bits') : text;
          for (const n of [8, 64]) {
            const kernel = { text: rename(ONE_PRODUCT(n)), file: `one-product-${name}-${n}.js` };
            const a = Kind.from(Array.from({ length: 128 * 16 }, integers(1)));
            const b = Kind.from(Array.from({ length: 16 * n }, integers(2)));
            const [gpu, reference] = [new Float32Array(128 * n), new Float32Array(128 * n)];
            launchCuda(kernel, { grid: 1, block: 256 }, a, b, gpu);
            runReference(kernel, { grid: 1, block: 256 }, [a, b, reference]);
            compare(`one product, ${name}, N ${n}`, gpu, reference, n);
          }
          // 512: eight k-steps, so the four stages are each refilled while the others are read.
          const size = name === 'f16' ? 512 : 256;
          const kernel = { text: rename(WARPGROUP_MATMUL), file: `warpgroup-matmul-${name}.js` };
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
          compare(`bench/cuda's warpgroup matmul, ${name}, ${size}`, gpu, reference, size);
          done.push(name);
        }
        return `${done.join(' and ')}: one product at N 8 and 64, and the warpgroup matmul at 512 (f16) and 256 (bf16), exact`;
      },
    },
  ];
}
