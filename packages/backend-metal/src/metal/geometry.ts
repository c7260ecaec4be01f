/**
 * A Metal launch's sizes, without Metal: the grid in threadgroups and the threadgroup in
 * threads (`dispatchThreadgroups:threadsPerThreadgroup:`), checked with errors that say which
 * size is wrong and why before Metal would reject or, worse, clamp them; and the dynamic
 * threadgroup memory, which Metal takes in multiples of 16 bytes.
 */
import { type Dim, roundUp } from '@gpuc/core/host';

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

const AXES = ['x', 'y', 'z'] as const;
/** Kernels see their position in the grid as 32-bit unsigned integers. */
const MAX_GRID = 2 ** 32 - 1;

/** The three extents of a grid or block, each checked to be a positive integer. */
function extents(what: string, d: Dim): [number, number, number] {
  const list = typeof d === 'number' ? [d] : [...d];
  if (list.length < 1 || list.length > 3)
    throw new RangeError(`gpuc: the ${what} has 1 to 3 extents, not ${list.length}`);
  const [x, y = 1, z = 1] = list;
  const three: [number, number, number] = [x ?? 1, y, z];
  three.forEach((n, axis) => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
      throw new RangeError(
        `gpuc: the ${what}'s ${AXES[axis]} extent must be a positive integer, not ${String(n)}`,
      );
  });
  return three;
}

/**
 * The dispatch of `grid` threadgroups of `block` threads, checked: every extent a positive
 * integer, the grid's threads along each axis within 32 bits, the threadgroup within the limits
 * given.
 */
export function launchGeometry(grid: Dim, block: Dim, limits: GeometryLimits = {}): MetalGeometry {
  const threadgroups = extents('grid', grid);
  const threadsPerThreadgroup = extents('block', block);
  AXES.forEach((axis, i) => {
    const threads = (threadgroups[i] as number) * (threadsPerThreadgroup[i] as number);
    if (threads > MAX_GRID)
      throw new RangeError(
        `gpuc: a grid of ${threads} threads along ${axis} is more than a kernel can index (2^32 - 1)`,
      );
    const max = limits.maxThreadsPerThreadgroup?.[i];
    if (max !== undefined && (threadsPerThreadgroup[i] as number) > max)
      throw new RangeError(
        `gpuc: a threadgroup has at most ${max} threads along ${axis} on this device, not ${threadsPerThreadgroup[i]}`,
      );
  });
  const threadgroupSize = threadsPerThreadgroup[0] * threadsPerThreadgroup[1] * threadsPerThreadgroup[2];
  const maxTotal = limits.maxTotalThreadsPerThreadgroup;
  if (maxTotal !== undefined && threadgroupSize > maxTotal)
    throw new RangeError(
      `gpuc: this kernel runs at most ${maxTotal} threads per threadgroup, not ${threadgroupSize}`,
    );
  return { threadgroups, threadsPerThreadgroup, threadgroupSize };
}

/** Metal's granule of threadgroup memory lengths. */
export const THREADGROUP_MEMORY_ALIGN = 16;

/**
 * The length to give `setThreadgroupMemoryLength:atIndex:` for `bytes` of dynamic threadgroup
 * memory: rounded up to 16, and at least 16 (a bound threadgroup argument needs some memory).
 */
export function threadgroupMemoryLength(bytes: number): number {
  if (!Number.isInteger(bytes) || bytes < 0)
    throw new RangeError(`gpuc: dynamic threadgroup memory must be a whole number of bytes, not ${bytes}`);
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
    throw new RangeError(
      `gpuc: ${kernel} uses ${staticBytes} bytes of threadgroup memory; with ${dynamicLength} more it would pass the ${maxBytes} a threadgroup has`,
    );
}
