/**
 * Launches given by a thread count alone (`{ size: n }` in place of `{ grid, block }`): the
 * back-end picks the block (from the kernel's registers and shared memory where it can tell,
 * a default elsewhere) and the grid covers `size` threads along x. The kernel guards its index
 * (`if (i < n)`), as with any grid, since the last block may run past `size`.
 *
 * It is `size`, not `threads`: the native launch's `threads` already counts worker cores, and
 * CUDA.jl's `threads` is a block's threads; CuPy's elementwise kernels take `size`.
 */
import { checkGeometry, type Dim, MAX_AXIS_THREADS } from './dim.js';
import { badLaunch } from './launch-error.js';

/** A launch by thread count: `size` threads along x, the block chosen by the back-end. */
export interface SizedLaunch {
  /** How many threads to run (a positive integer up to 2^31 - 1). */
  readonly size: number;
}

/** The block a back-end uses for sized launches when it cannot ask the kernel. */
export const DEFAULT_BLOCK = 256;

/**
 * Whether a launch gives a thread count rather than a grid and block; a launch that is no object
 * (`null`, a number), or whose scope is none, is a `bad-launch` (every launch asks this first).
 */
export function isSized(launch: object): launch is SizedLaunch {
  if (typeof launch !== 'object' || launch === null)
    throw badLaunch(`a launch is an object, { grid, block } or { size }, not ${shown(launch)}`);
  checkScope((launch as { scope?: unknown }).scope);
  return 'size' in launch && (launch as { size?: unknown }).size !== undefined;
}

/**
 * Refuses a scope (a launch's or a compile's) that is no object with a `bad-launch`: the
 * caches key kernels by their scope object, where a number would fail inside gpuc.
 */
export function checkScope(scope: unknown): void {
  if (scope !== undefined && scope !== null && typeof scope !== 'object')
    throw badLaunch(`a kernel's scope is an object of the names the kernel reads, not ${shown(scope)}`);
}

const shown = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/**
 * The grid and block of a sized launch: `size` checked (a `bad-launch` naming it), the block
 * `suggested` (at most 1024 threads, never more than `size` needs rounded up to a warp), the grid
 * as many blocks as cover `size`. A launch giving `size` with a grid or block is refused.
 */
export function sizedGeometry(launch: SizedLaunch, suggested: number): { grid: Dim; block: Dim } {
  const { size } = launch;
  if ('grid' in launch || 'block' in launch)
    throw badLaunch('a launch gives either size or a grid and a block, not both');
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_AXIS_THREADS)
    throw badLaunch(`size must be a positive integer up to 2^31 - 1, not ${String(size)}`);
  const block = Math.max(1, Math.min(suggested, Math.ceil(size / 32) * 32));
  return { grid: Math.ceil(size / block), block };
}

/**
 * A launch's grid and block: as given, or for a sized launch with the block `suggested` asks for
 * (called only for sized launches: it may need the compiled kernel).
 */
export function launchGeometry(
  launch: { grid: Dim; block: Dim } | SizedLaunch,
  suggested: () => number,
): { grid: Dim; block: Dim } {
  return isSized(launch) ? sizedGeometry(launch, suggested()) : launch;
}

/** Checks a launch's geometry before anything is compiled or opened: a coded `bad-launch`. */
export function checkLaunchGeometry(launch: { grid: Dim; block: Dim } | SizedLaunch): void {
  if (isSized(launch)) sizedGeometry(launch, 1);
  else checkGeometry(launch.grid, launch.block);
}
