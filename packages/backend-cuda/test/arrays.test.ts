import {
  type ArrayBackend,
  arraysOn,
  type FunctionInput,
  type KernelType,
  nativeArrays,
  typeOfValue,
} from '@gpuc/core';
import { toSource } from '@gpuc/core/compiler';
import { describe, expect, it } from 'vitest';
import { assemblePTX, findLibdevice } from '../src/index.js';
import { hasPtxas, ptx } from './helpers.js';

describe.skipIf(!hasPtxas || findLibdevice() === null)('the array layer for CUDA (needs ptxas)', () => {
  it('compiles every kernel the operations launch to PTX that ptxas accepts for sm_90', () => {
    const assembled = new Set<string>();
    // The native back-end runs each kernel; every kernel is first compiled for the cuda target
    // with the same arguments' types and assembled by ptxas.
    const checked: ArrayBackend<ArrayLike<number | bigint>> = {
      ...nativeArrays,
      shuffles: true,
      launch(kernel: FunctionInput, launch, args) {
        const types = args.map((a) => typeOfValue(a) as KernelType);
        const key = `${toSource(kernel).text}|${types.map((t) => t.key).join(',')}`;
        if (!assembled.has(key)) {
          const code = ptx(toSource(kernel), types, {
            params: { computeCapability: 90 },
            scope: launch.scope,
          });
          expect(assemblePTX(code, 'sm_90').length).toBeGreaterThan(0);
          assembled.add(key);
        }
        nativeArrays.launch(kernel, launch, args);
      },
    };
    const ops = arraysOn(checked);
    const xs = Float32Array.from({ length: 5000 }, (_, i) => (i * 7919) % 1000);
    expect(Array.from(ops.map<Float32Array>((x: number, y: number) => x * y, xs, xs))).toEqual(
      Array.from(xs, (x) => Math.fround(x * x)),
    );
    expect(ops.reduce((a: number, b: number) => a + b, xs, 0)).toBe(xs.reduce((a, b) => a + b, 0));
    expect(
      ops.scan<Float32Array>((a: number, b: number) => a + b, xs, { exclusive: true, init: 0 })[4999],
    ).toBe(xs.subarray(0, 4999).reduce((a, b) => a + b, 0));
    expect(Array.from(ops.sort(xs))).toEqual(Array.from(xs.slice().sort()));
    expect(Array.from(ops.sort(Int16Array.from(xs)))).toEqual(Array.from(Int16Array.from(xs).sort()));
    // f64 and i32, as the GPU checks run them (shuffles of 64-bit values too).
    const doubles = Float64Array.from(xs, (x) => x / 8);
    expect(ops.reduce((a: number, b: number) => Math.max(a, b), doubles, -Infinity)).toBe(
      Math.max(...doubles),
    );
    expect(Array.from(ops.sort(doubles))).toEqual(Array.from(doubles.slice().sort()));
    const ints = Int32Array.from(xs);
    expect(ops.scan<Int32Array>((a: number, b: number) => a + b, ints)[4999]).toBe(
      ints.reduce((a, b) => a + b, 0),
    );
    const bytes = Uint8Array.from(xs);
    expect(ops.sum(bytes)).toBe(bytes.reduce((a, b) => a + b, 0));
    // map; reduce and scan of f32, f64, i32 and u8 (into i32); sort's count and scatter for
    // f32, i16 and f64, and its scans of i32 counts.
    expect(assembled.size).toBeGreaterThanOrEqual(12);
  }, 120_000);
});
