// Type-level checks, compiled by `tsc --strict` in types.test.ts (this file is never run): CUDA
// launches of a typed kernel take host arrays and DeviceArrays of its parameters' elements, and
// nothing else. Each `@ts-expect-error` line must fail to compile.
import { f32, gpu } from '@gpuc/core';
import type { ArrayView } from '@gpuc/core/compiler';
import { expectTypeOf } from 'vitest';
import { compileCuda, DeviceArray, launchCuda, launchCudaAsync } from '../../src/index.js';

function saxpy(a: number, x: Float32Array, y: Float32Array, n: number): void {
  const i = gpu.globalIdx.x;
  if (i < n) y[i] = a * (x[i] as number) + (y[i] as number);
}
const launch = { grid: 1, block: 4 };
const x = new Float32Array(4);
const dx = DeviceArray.alloc(Float32Array, 4);

launchCuda(saxpy, launch, f32(2), x, dx, 4);
launchCuda(saxpy, launch, 2, { array: dx }, { data: x, shape: [4] }, 4);
expectTypeOf(launchCudaAsync(saxpy, launch, 2, dx, dx, 4)).toEqualTypeOf<Promise<void>>();
// @ts-expect-error a DeviceArray of another element
launchCuda(saxpy, launch, 2, DeviceArray.alloc(Int32Array, 4), dx, 4);
// @ts-expect-error a string is no number
launchCuda(saxpy, launch, 2, x, dx, '4');
// @ts-expect-error an argument is missing
void launchCudaAsync(saxpy, launch, 2, x, dx);

function transpose(m: ArrayView<Float32Array>, t: ArrayView<Float32Array>): void {
  t.set(gpu.threadIdx.y, gpu.threadIdx.x, m.get(gpu.threadIdx.x, gpu.threadIdx.y) ?? 0);
}
launchCuda(transpose, launch, { array: dx, shape: [2, 2] }, { data: x, shape: [2, 2] });
// @ts-expect-error a view needs its shape
launchCuda(transpose, launch, { array: dx }, { data: x, shape: [2, 2] });
launchCuda({ text: 'function k(x) {}', file: 'k.js' }, launch, 'anything: checked at run time');

// A compiled kernel's launches take the same.
const compiled = compileCuda(saxpy, ['f32', 'f32[]', 'f32[]', 'i32']);
compiled.launch(1, 4, [2, dx, dx, 4]);
expectTypeOf(compiled.runAsync(1, 4, [2, x, x, 4])).toEqualTypeOf<Promise<void>>();
// @ts-expect-error a DeviceArray of another element
compiled.launch(1, 4, [2, dx, DeviceArray.alloc(Float64Array, 4), 4]);
