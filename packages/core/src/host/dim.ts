/**
 * Launch extents, as every runner takes them: `256`, `[16, 16]` or `[8, 8, 4]`, checked the same
 * way on every back-end before anything runs (docs/language.md, "Launches").
 */
import { badLaunch } from './launch-error.js';

/** A grid or block extent: x, or x, y and z, where a missing axis is 1. */
export type Dim = number | readonly [number, number?, number?];

type Triple = readonly [number, number, number];

const AXES = ['x', 'y', 'z'] as const;

/**
 * The most threads along one axis of a grid: kernels compute `globalIdx` as a 32-bit signed
 * integer, so a launch with more would see indices wrap negative.
 */
export const MAX_AXIS_THREADS = 2 ** 31 - 1;

/** The three extents of a grid or block: one to three positive integers, each at most 2^31 - 1. */
export function dim3(d: Dim, what: 'grid' | 'block' = 'grid'): [number, number, number] {
  let three: unknown[];
  if (typeof d === 'number') three = [d, 1, 1];
  else if (Array.isArray(d) && d.length >= 1 && d.length <= 3)
    // A missing axis is 1 (`[16, 16]`); `null` or anything else in its place is refused.
    three = [d[0], d[1] === undefined ? 1 : d[1], d[2] === undefined ? 1 : d[2]];
  else
    throw badLaunch(
      `the ${what} is a positive integer or an array of one to three, not ${describeExtent(d)}`,
    );
  for (let axis = 0; axis < 3; axis++) {
    const n = three[axis];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_AXIS_THREADS)
      throw badLaunch(
        `the ${what}'s ${AXES[axis]} extent must be a positive integer up to 2^31 - 1, not ${describeExtent(n)}`,
      );
  }
  return three as [number, number, number];
}

/** What a back-end allows a launch, where it has limits. */
export interface GeometryLimits {
  /** The most threads per block along each axis. */
  readonly maxBlock?: Triple;
  /** The most threads in one block. */
  readonly maxThreadsPerBlock?: number;
  /** The most blocks along each axis. */
  readonly maxGrid?: Triple;
}

/**
 * A launch's grid and block, checked: each as `dim3` says, the threads along each axis (grid
 * times block) within `MAX_AXIS_THREADS`, and the back-end's limits.
 */
export function checkGeometry(
  grid: Dim,
  block: Dim,
  limits: GeometryLimits = {},
): { grid: [number, number, number]; block: [number, number, number] } {
  const g = dim3(grid, 'grid');
  const b = dim3(block, 'block');
  for (let i = 0; i < 3; i++) {
    const axis = AXES[i];
    const threads = (g[i] as number) * (b[i] as number);
    if (threads > MAX_AXIS_THREADS)
      throw badLaunch(
        `the grid has ${threads} threads along ${axis}; globalIdx is a 32-bit signed integer, so at most 2^31 - 1`,
      );
    const maxBlock = limits.maxBlock?.[i];
    if (maxBlock !== undefined && (b[i] as number) > maxBlock)
      throw badLaunch(`a block has at most ${maxBlock} threads along ${axis} here, not ${b[i]}`);
    const maxGrid = limits.maxGrid?.[i];
    if (maxGrid !== undefined && (g[i] as number) > maxGrid)
      throw badLaunch(`a grid has at most ${maxGrid} blocks along ${axis} here, not ${g[i]}`);
  }
  const threads = b[0] * b[1] * b[2];
  if (limits.maxThreadsPerBlock !== undefined && threads > limits.maxThreadsPerBlock)
    throw badLaunch(
      `a block has at most ${limits.maxThreadsPerBlock} threads here, not ${threads} (${b.join(' x ')})`,
    );
  return { grid: g, block: b };
}

/**
 * Checks a count of bytes of dynamic shared memory per block: a non-negative integer, at most
 * `max` (the device's limit, where known).
 */
export function checkSharedBytes(bytes: unknown, max = 2 ** 31 - 1): number {
  if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes < 0)
    throw badLaunch(`sharedBytes must be a non-negative integer, not ${describeExtent(bytes)}`);
  if (bytes > max)
    throw badLaunch(
      `sharedBytes is ${bytes}; a block has at most ${max} bytes of dynamic shared memory here`,
    );
  return bytes;
}

function describeExtent(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `[${value.map(describeExtent).join(', ')}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  return value === null ? 'null' : typeof value;
}
