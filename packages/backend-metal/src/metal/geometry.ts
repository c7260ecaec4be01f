/**
 * A Metal launch's sizes, without Metal: the grid in threadgroups and the threadgroup in
 * threads (`dispatchThreadgroups:threadsPerThreadgroup:`), checked with coded errors that say
 * which size is wrong and why; and the dynamic threadgroup memory, which Metal takes in
 * multiples of 16 bytes.
 */
import { badLaunch, checkGeometry, checkSharedBytes, type Dim, roundUp } from '@gpuc/core/host';

type Triple = readonly [number, number, number];

/** What a dispatch may use, where known: the device's and the pipeline's limits. */
export interface GeometryLimits {
  /** The most threads per threadgroup along each axis (the device's `maxThreadsPerThreadgroup`). */
  readonly maxThreadsPerThreadgroup?: Triple;
  /** The most threads in a threadgroup (the pipeline's `maxTotalThreadsPerThreadgroup`). */
  readonly maxTotalThreadsPerThreadgroup?: number;
}

/** A dispatch's sizes. */
export interface MetalGeometry {
  /** Threadgroups in the grid, per axis. */
  readonly threadgroups: Triple;
  /** Threads per threadgroup, per axis. */
  readonly threadsPerThreadgroup: Triple;
  /** Threads in one threadgroup. */
  readonly threadgroupSize: number;
}

/**
 * The dispatch of `grid` threadgroups of `block` threads, checked as on every back-end (core's
 * `checkGeometry`: positive integers, at most three axes, `globalIdx` within 32 bits) and
 * against the limits given, before Metal would reject or, worse, clamp them.
 */
export function launchGeometry(grid: Dim, block: Dim, limits: GeometryLimits = {}): MetalGeometry {
  const checked = checkGeometry(grid, block, {
    ...(limits.maxThreadsPerThreadgroup ? { maxBlock: limits.maxThreadsPerThreadgroup } : {}),
    ...(limits.maxTotalThreadsPerThreadgroup !== undefined
      ? { maxThreadsPerBlock: limits.maxTotalThreadsPerThreadgroup }
      : {}),
  });
  const [x, y, z] = checked.block;
  return { threadgroups: checked.grid, threadsPerThreadgroup: checked.block, threadgroupSize: x * y * z };
}

/** Metal's granule of threadgroup memory lengths. */
export const THREADGROUP_MEMORY_ALIGN = 16;

/**
 * The length to give `setThreadgroupMemoryLength:atIndex:` for `bytes` of dynamic threadgroup
 * memory: rounded up to 16, and at least 16 (a bound threadgroup argument needs some memory).
 */
export function threadgroupMemoryLength(bytes: number): number {
  checkSharedBytes(bytes);
  return Math.max(THREADGROUP_MEMORY_ALIGN, roundUp(bytes, THREADGROUP_MEMORY_ALIGN));
}

/**
 * Checks that a kernel's static threadgroup memory and a launch's dynamic length (as given to
 * Metal) fit what the device allows a threadgroup.
 */
export function checkThreadgroupMemory(
  kernel: string,
  staticBytes: number,
  dynamicLength: number,
  maxBytes: number,
): void {
  if (staticBytes + dynamicLength > maxBytes)
    throw badLaunch(
      `${kernel} uses ${staticBytes} bytes of threadgroup memory; with ${dynamicLength} more it would pass the ${maxBytes} a threadgroup has`,
    );
}
