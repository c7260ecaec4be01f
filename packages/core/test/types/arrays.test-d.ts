// Type-level checks of the array layer, compiled by `tsc --strict` in types.test.ts (never run):
// folds of number arrays are numbers and of BigInt arrays bigints, sort keeps the array's type,
// map and scan name their result's type, and any kernel launches by thread count.
import { expectTypeOf } from 'vitest';
import { gpu, launchNative, map, max, reduce, scan, sort, sum, type TypedArray } from '../../src/index.js';

const xs = new Float32Array(4);
expectTypeOf(sum(xs)).toEqualTypeOf<number>();
expectTypeOf(max(new BigInt64Array(4))).toEqualTypeOf<bigint>();
expectTypeOf(reduce((a: number, b: number) => a + b, xs, 0)).toEqualTypeOf<number>();
expectTypeOf(reduce((a: bigint, b: bigint) => a + b, new BigUint64Array(2), 0n)).toEqualTypeOf<bigint>();
const shorts = new Int16Array(4);
expectTypeOf(sort(shorts)).toEqualTypeOf<typeof shorts>();
expectTypeOf(map((x: number) => x * 2, xs)).toEqualTypeOf<TypedArray>();
expectTypeOf(map<typeof xs>((x: number) => x * 2, xs, { out: xs })).toEqualTypeOf<typeof xs>();
expectTypeOf(
  scan<Int32Array>((a: number, b: number) => a + b, new Int32Array(4), { exclusive: true, init: 0 }),
).toEqualTypeOf<Int32Array>();
// @ts-expect-error a plain array is no typed array
sum([1, 2, 3]);
// @ts-expect-error a bigint initial value for a number array
reduce((a: number, b: number) => a + b, xs, 0n);

function fill(out: Int32Array, n: number): void {
  const i = gpu.globalIdx.x;
  if (i < n) out[i] = i;
}
launchNative(fill, { size: 4 }, new Int32Array(4), 4);
// @ts-expect-error a size launch still takes the kernel's arguments
launchNative(fill, { size: 4 }, new Float32Array(4), 4);
