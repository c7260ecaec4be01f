/**
 * Conformance entries: a kernel (as JavaScript text, so that no bundler or test runner changes
 * it), its launch, the inputs it runs on, and how closely a back-end must agree with the
 * reference runner. The corpus lives in `packages/core/conformance/`, one module per kernel
 * whose default export is an entry.
 */
import { createJob, type Job, type Target } from '../compiler/job.js';
import { type KernelSource, sourceFromText } from '../frontend/source.js';
import type { Type } from '../frontend/types.js';
import {
  ArrayView,
  BFloat16Bits,
  Float16Bits,
  type HalfArray,
  isHalfArray,
  view,
} from '../frontend/values.js';
import type { Dim } from '../host/dim.js';
import { bf16, f16, f32, f64, i8, i16, i32, u8, u16, u32 } from '../reference/gpu.js';

/** Helpers an entry's `args` function receives to build its inputs. */
export const helpers = Object.freeze({
  f16,
  bf16,
  Float16Bits,
  BFloat16Bits,
  f32,
  f64,
  i8,
  u8,
  i16,
  u16,
  i32,
  u32,
  view,
  /** `length` values of `f(i)` in a typed array of the given constructor (Float64Array by default). */
  iota<T extends Float32Array | Float64Array | Int32Array | Uint32Array | HalfArray>(
    length: number,
    f: (i: number) => number = (i) => i,
    kind: { from(values: Iterable<number>): T } = Float64Array as never,
  ): T {
    return kind.from(Array.from({ length }, (_, i) => f(i)));
  },
});

/**
 * An operation some targets refuse by design, each with an `unsupported-on-target` error:
 * `matrix`, the warp matrix operations (`gpu.matrix*`), which WebGPU does not lower (nor ROCm
 * and Metal on some GPUs and element types); `warpgroup-matrix`, the warpgroup ones
 * (`gpu.matrixWarpgroup*`), which only CUDA lowers, on `sm_90a`.
 */
export type ConformanceFeature = 'matrix' | 'warpgroup-matrix';

export interface ConformanceEntry {
  readonly name: string;
  /** What the kernel exercises, for the table. */
  readonly description?: string;
  /** The kernel as JavaScript source text. */
  readonly source: string;
  /** The operations of `ConformanceFeature` the kernel uses (none when absent). */
  readonly features?: readonly ConformanceFeature[];
  readonly grid: Dim;
  readonly block: Dim;
  /** Bytes of dynamic shared memory per block, when the kernel uses `gpu.dynamicSharedArray`. */
  readonly sharedBytes?: number;
  /** The kernel's arguments, fresh each call. */
  readonly args: (h: typeof helpers) => unknown[];
  /** Host values the kernel reads by name. */
  readonly scope?: () => Record<string, unknown>;
  /**
   * How many units in the last place a float result may differ (default 0: exact). f32 kernels
   * that do arithmetic need 1: gpuc rounds every f32 operation, JavaScript only the stored result.
   */
  readonly ulps?: number;
}

/** An entry's kernel source, named after the entry so that errors point at it. */
export function entrySource(entry: ConformanceEntry): KernelSource {
  return sourceFromText(entry.source, `${entry.name}.js`);
}

/** The compile job of an entry for a target: what a back-end that cannot run here checks. */
export function entryJob(entry: ConformanceEntry, argTypes: readonly Type[], target: Target): Job {
  return createJob(entrySource(entry), argTypes, target, {
    ...(entry.scope ? { scope: entry.scope() } : {}),
  });
}

/** The first few differences between reference results and a back-end's, or an empty list. */
export function differences(reference: readonly unknown[], actual: readonly unknown[], ulps = 0): string[] {
  const found: string[] = [];
  actual.forEach((value, i) => {
    const expected = reference[i];
    const [got, want] =
      value instanceof ArrayView ? [value.data, (expected as ArrayView).data] : [value, expected];
    if (!ArrayBuffer.isView(got)) return;
    // 16-bit floats compare as the numbers their bits stand for (any NaN matches any other).
    const half = isHalfArray(got);
    const wantArray = (half ? (want as HalfArray).toNumbers() : want) as unknown as ArrayLike<
      number | bigint
    >;
    const gotArray = (half ? got.toNumbers() : got) as unknown as ArrayLike<number | bigint>;
    const float = half || got instanceof Float32Array || got instanceof Float64Array;
    for (let k = 0; k < gotArray.length && found.length < 5; k++) {
      const g = gotArray[k] as number;
      const w = wantArray[k] as number;
      if (Object.is(g, w) || (float && Number.isNaN(g) && Number.isNaN(w))) continue;
      if (float && ulps > 0 && !Number.isNaN(w)) {
        const ulp =
          got instanceof Float32Array
            ? 2 ** (Math.floor(Math.log2(Math.abs(w) || 2 ** -126)) - 23)
            : Number.EPSILON * Math.max(Math.abs(w), 2 ** -1022);
        if (Math.abs(g - w) <= ulps * ulp) continue;
      }
      if (!float && g === w) continue;
      found.push(`argument ${i + 1}[${k}]: ${String(g)}, expected ${String(w)}`);
    }
  });
  return found;
}
