// The array layer on the GPU (part of suite.ts's checks): each operation on DeviceArrays against
// the reference runner making the same choices (so f64 and integer results agree exactly), and
// launches by thread count with the block the occupancy calculator suggests.
import { arraysOn, gpu, referenceArrays, type TypedArray } from '@gpuc/core';
import { assert, type GpuCheck } from '../../../core/test/gpu-checks.js';
import { cudaArrayBackend, cudaArrays, DeviceArray, launchCuda } from '../../src/index.js';

/** Element-by-element equality (Object.is: -0 and NaN count), or the first difference. */
function same(what: string, got: ArrayLike<unknown>, want: ArrayLike<unknown>): void {
  assert(got.length === want.length, `${what}: ${got.length} elements, not ${want.length}`);
  for (let i = 0; i < got.length; i++)
    assert(Object.is(got[i], want[i]), `${what}: element ${i} is ${String(got[i])}, not ${String(want[i])}`);
}

/** Deterministic data: integers around zero, with eighths. */
function data<T extends TypedArray>(kind: { from(v: ArrayLike<number>): T }, n: number, seed = 1): T {
  return kind.from(
    Array.from({ length: n }, (_, i) => (((i + seed) * 7919) % 2003) - 1001 + ((i * seed) % 7) / 8),
  );
}

function fillIndex(out: Int32Array, n: number) {
  const i = gpu.globalIdx.x;
  if (i < n) out[i] = i;
}

export function arrayChecks(): GpuCheck[] {
  return [
    {
      name: 'array layer: map, reduce, scan, sort',
      run() {
        const backend = cudaArrayBackend();
        const cuda = cudaArrays();
        const reference = arraysOn(referenceArrays(backend));
        const seen: string[] = [];
        const add = (a: number, b: number) => a + b;
        // Sizes the reference runner takes in seconds: one block, several, partial warps.
        for (const n of [1, 33, 4099, 70_001]) {
          const xs = data(Float64Array, n);
          const ys = data(Float64Array, n, 3);
          const dx = DeviceArray.from(xs);
          const dy = DeviceArray.from(ys);
          const fn = (x: number, y: number) => x * y + 1;
          same(`map of ${n}`, cuda.map<DeviceArray>(fn, dx, dy).read(), reference.map(fn, xs, ys));
          assert(cuda.reduce(add, dx, 0) === reference.reduce(add, xs, 0), `reduce of ${n}`);
          const max = (a: number, b: number) => Math.max(a, b);
          assert(cuda.reduce(max, dx, -Infinity) === Math.max(...xs), `max of ${n}`);
          same(`scan of ${n}`, cuda.scan<DeviceArray>(add, dx).read(), reference.scan(add, xs));
          same(
            `exclusive scan of ${n}`,
            cuda.scan<DeviceArray>(add, dx, { exclusive: true, init: 2 }).read(),
            reference.scan(add, xs, { exclusive: true, init: 2 }),
          );
          same(`sort of ${n}`, cuda.sort(dx).read(), xs.slice().sort());
          dx.free();
          dy.free();
        }
        seen.push('f64 map, reduce, max, scans and sort of 1 to 70001 match the reference runner');
        // Large arrays, many blocks: integers exactly, f32 sorted as JavaScript sorts.
        const n = 1 << 22;
        const ints = data(Int32Array, n);
        const di = DeviceArray.from(ints);
        assert(cuda.sum(di) === ints.reduce((a, b) => (a + b) | 0, 0), 'i32 sum of 4M');
        let running = 0;
        const prefix = Int32Array.from(ints, (x) => {
          running = (running + x) | 0;
          return running;
        });
        same('i32 scan of 4M', cuda.scan<DeviceArray>(add, di).read(), prefix);
        const last = (_a: number, b: number) => b;
        same('non-commutative scan of 4M', cuda.scan<DeviceArray>(last, di).read(), ints);
        same('i32 sort of 4M', cuda.sort(di).read(), ints.slice().sort());
        const floats = data(Float32Array, n, 7);
        floats[5] = Number.NaN;
        floats[6] = -0;
        const df = DeviceArray.from(floats);
        same('f32 sort of 4M', cuda.sort(df).read(), floats.slice().sort());
        di.free();
        df.free();
        seen.push('i32 sum, scans and sort, f32 sort of 4M elements exact');
        return seen.join('; ');
      },
    },
    {
      name: 'launches by thread count ({ size })',
      run() {
        const n = 1_000_003;
        const out = new Int32Array(n).fill(-1);
        launchCuda(fillIndex, { size: n }, out, n);
        same(
          'size launch',
          out,
          Int32Array.from({ length: n }, (_, i) => i),
        );
        return `${n} threads, every index written`;
      },
    },
  ];
}
