// Type-level checks, compiled by `tsc --strict` in types.test.ts (this file is never run): launches
// of a typed kernel take only what its parameters take, atomics return their element's type, the
// scalar wrappers are numbers, and the geometry is read-only. Each `@ts-expect-error` line must
// fail to compile, or tsc reports the directive unused.
import { expectTypeOf } from 'vitest';
import { type ArrayView, view } from '../../src/entry/compiler.js';
import { compileNative, f32, gpu, i32, launchNative, launchNativeAsync, u32 } from '../../src/index.js';

function saxpy(a: number, x: Float32Array, y: Float32Array, n: number): void {
  const i = gpu.globalIdx.x;
  if (i < n) y[i] = a * (x[i] as number) + (y[i] as number);
}
const launch = { grid: 1, block: 4 };
const x = new Float32Array(4);
const y = new Float32Array(4);

launchNative(saxpy, launch, 2, x, y, 4);
launchNative(saxpy, launch, f32(2), x, y, i32(4));
launchNative(saxpy, launch, 2, { data: x, shape: [4] }, y, 4);
// @ts-expect-error a Float64Array is no Float32Array
launchNative(saxpy, launch, 2, new Float64Array(4), y, 4);
// @ts-expect-error a string is no number
launchNative(saxpy, launch, '2', x, y, 4);
// @ts-expect-error a bigint is no number
launchNative(saxpy, launch, 2n, x, y, 4);
// @ts-expect-error an argument is missing
launchNative(saxpy, launch, 2, x, y);
// @ts-expect-error one too many
launchNative(saxpy, launch, 2, x, y, 4, 5);
expectTypeOf(launchNativeAsync(saxpy, launch, 2, x, y, 4)).toEqualTypeOf<Promise<void>>();
// @ts-expect-error the asynchronous form checks the same
void launchNativeAsync(saxpy, launch, 2, x, 'y', 4);

// The function's type is the whole check: a kernel typed `(a: Float32Array, n: number) => void`.
const typed: (a: Float32Array, n: number) => void = (a, n) => {
  a[gpu.globalIdx.x] = n;
};
launchNative(typed, launch, x, 1);
// @ts-expect-error the arguments swapped
launchNative(typed, launch, 1, x);

// Views, records and tuples, and kernels TypeScript knows nothing of.
function transpose(m: ArrayView<Float32Array>, t: ArrayView<Float32Array>): void {
  t.set(gpu.threadIdx.y, gpu.threadIdx.x, m.get(gpu.threadIdx.x, gpu.threadIdx.y) ?? 0);
}
const data = new Float32Array(6);
launchNative(transpose, launch, view(data, 2, 3), { data: new Float32Array(6), shape: [3, 2] });
// @ts-expect-error a flat array is no view
launchNative(transpose, launch, data, view(data, 3, 2));
function scaled(
  p: { readonly scale: number; readonly xs: Float32Array },
  pair: readonly [number, boolean],
): void {
  if (pair[1]) p.xs[gpu.globalIdx.x] = p.scale * pair[0];
}
launchNative(scaled, launch, { scale: 2, xs: x }, [1, true]);
// @ts-expect-error a field of the wrong type
launchNative(scaled, launch, { scale: '2', xs: x }, [1, true]);
// @ts-expect-error a tuple element of the wrong type
launchNative(scaled, launch, { scale: 2, xs: x }, [1, 1]);
launchNative({ text: 'function k(x) {}', file: 'k.js' }, launch, 'anything: checked at run time');
// biome-ignore lint/suspicious/noExplicitAny: the parameters of a kernel written in JavaScript
const untyped = (...args: any[]) => args;
launchNative(untyped, launch, 1, 'a', x);

// A compiled kernel's launches take what the launch functions take.
const compiled = compileNative(saxpy, ['f32', 'f32[]', 'f32[]', 'i32']);
compiled.launch(1, 4, [2, x, y, 4]);
expectTypeOf(compiled.launchAsync(1, 4, [2, x, y, 4])).toEqualTypeOf<Promise<void>>();
// @ts-expect-error a string is no Float32Array
compiled.launch(1, 4, [2, x, 'y', 4]);
compileNative({ text: 'function k(x) {}', file: 'k.js' }, ['i32']).launch(1, 1, ['checked at run time']);

// Atomics return their element's type and take it.
expectTypeOf(gpu.atomicAdd(new Int32Array(1), 0, 1)).toEqualTypeOf<number>();
expectTypeOf(gpu.atomicCAS(new Uint32Array(1), 0, 1, 2)).toEqualTypeOf<number>();
expectTypeOf(gpu.atomicMax(new BigInt64Array(1), 0, 1n)).toEqualTypeOf<bigint>();
expectTypeOf(gpu.atomicExch(new Float32Array(1), 0, 1.5)).toEqualTypeOf<number>();
// @ts-expect-error a number is no BigInt64Array element
gpu.atomicAdd(new BigInt64Array(1), 0, 1);
// @ts-expect-error a bigint is no Int32Array element
gpu.atomicAdd(new Int32Array(1), 0, 1n);

// The scalar wrappers are numbers: arithmetic on them type-checks and gives a number.
expectTypeOf(i32(3) + u32(1)).toEqualTypeOf<number>();
expectTypeOf(f32(1.5) * 2).toEqualTypeOf<number>();
expectTypeOf(f32(1.5)).toMatchTypeOf<number>();

// The geometry is read-only.
expectTypeOf(gpu.threadIdx.x).toEqualTypeOf<number>();
// @ts-expect-error threadIdx is read-only
gpu.threadIdx.x = 3;
// @ts-expect-error so is the namespace
gpu.blockDim = { x: 1, y: 1, z: 1 };
// @ts-expect-error and every axis of every group
gpu.globalIdx.y = 0;
// @ts-expect-error and the warp size
gpu.warpSize = 64;
