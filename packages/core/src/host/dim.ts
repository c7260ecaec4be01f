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
  const three = new Uint32Array(3);
  writeExtents(d, what, three, 0);
  return [three[0] as number, three[1] as number, three[2] as number];
}

/** Where a launch's six extents go: grid x, y, z at 0 to 2, block x, y, z at 3 to 5. */
export type Extents = Uint32Array;

/** `dim3` written into `out` from `at` on, each extent checked before it is stored. */
function writeExtents(d: Dim, what: 'grid' | 'block', out: Extents, at: number): void {
  if (typeof d === 'number') {
    out[at] = checkExtent(d, what, 0);
    out[at + 1] = 1;
    out[at + 2] = 1;
  } else if (Array.isArray(d) && d.length >= 1 && d.length <= 3) {
    // A missing axis is 1 (`[16, 16]`); `null` or anything else in its place is refused.
    out[at] = checkExtent(d[0], what, 0);
    out[at + 1] = checkExtent(d[1] === undefined ? 1 : d[1], what, 1);
    out[at + 2] = checkExtent(d[2] === undefined ? 1 : d[2], what, 2);
  } else if (d === undefined)
    // A misspelt key (`blocks`, `gridDim`) leaves the extent out.
    throw badLaunch(`the launch gives no ${what}: a launch is { grid, block } or { size }`);
  else
    throw badLaunch(
      `the ${what} is a positive integer or an array of one to three, not ${describeExtent(d)}`,
    );
}

function checkExtent(n: unknown, what: 'grid' | 'block', axis: number): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_AXIS_THREADS)
    throw badLaunch(
      `the ${what}'s ${AXES[axis]} extent must be a positive integer up to 2^31 - 1, not ${describeExtent(n)}`,
    );
  return n;
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
  // A typed array, as launch paths pass: `writeGeometry` sees one kind of buffer.
  const six = new Uint32Array(6);
  writeGeometry(grid, block, limits, six);
  return { grid: [six[0], six[1], six[2]], block: [six[3], six[4], six[5]] } as ReturnType<
    typeof checkGeometry
  >;
}

/**
 * `checkGeometry` storing the grid's extents at 0 to 2 of `out` and the block's at 3 to 5, for
 * launch paths that reuse one buffer (a driver's launch configuration) and allocate nothing.
 * Throws the same errors; `out` may be partly written when it throws.
 */
export function writeGeometry(grid: Dim, block: Dim, limits: GeometryLimits, out: Extents): void {
  writeExtents(grid, 'grid', out, 0);
  writeExtents(block, 'block', out, 3);
  for (let i = 0; i < 3; i++) {
    const axis = AXES[i];
    const g = out[i] as number;
    const b = out[i + 3] as number;
    const threads = g * b;
    if (threads > MAX_AXIS_THREADS)
      throw badLaunch(
        `the grid has ${threads} threads along ${axis}; globalIdx is a 32-bit signed integer, so at most 2^31 - 1`,
      );
    const maxBlock = limits.maxBlock?.[i];
    if (maxBlock !== undefined && b > maxBlock)
      throw badLaunch(`a block has at most ${maxBlock} threads along ${axis} here, not ${b}`);
    const maxGrid = limits.maxGrid?.[i];
    if (maxGrid !== undefined && g > maxGrid)
      throw badLaunch(`a grid has at most ${maxGrid} blocks along ${axis} here, not ${g}`);
  }
  const threads = (out[3] as number) * (out[4] as number) * (out[5] as number);
  if (limits.maxThreadsPerBlock !== undefined && threads > limits.maxThreadsPerBlock)
    throw badLaunch(
      `a block has at most ${limits.maxThreadsPerBlock} threads here, not ${threads} (${out[3]} x ${out[4]} x ${out[5]})`,
    );
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
  if (value === null) return 'null';
  // A launch object given where its grid goes (`kernel.launch({ grid, block }, ...)`) shows its keys.
  if (typeof value === 'object') return `an object ({ ${Object.keys(value).slice(0, 4).join(', ')} })`;
  return typeof value;
}
