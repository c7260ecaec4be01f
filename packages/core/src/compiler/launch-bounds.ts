/**
 * Launch bounds: what a job's params promise about how a kernel is launched, which a GPU
 * back-end writes on the entry (PTX's `.maxntid`, AMDGPU's flat work-group size) so that its
 * code generator may budget registers for them.
 */
import type { Params } from './job.js';

/** The launch bounds a job's params may give; a back-end writes those it has a form for. */
export interface LaunchBounds {
  /** Most threads per block. */
  maxThreads?: number;
  /** Exact threads per block. */
  requiredThreads?: number;
  /** Fewest blocks that must fit on a multiprocessor. */
  minBlocksPerMultiprocessor?: number;
  /** Most registers per thread. */
  maxRegisters?: number;
}

/** The params that give launch bounds, for a back-end that writes them to declare among its params. */
export const LAUNCH_BOUND_PARAMS = Object.freeze([
  'maxThreads',
  'requiredThreads',
  'minBlocksPerMultiprocessor',
  'maxRegisters',
] as const);

/** The launch bounds among a job's params (those given as numbers; the back-end checks their range). */
export function launchBounds(params: Params): LaunchBounds {
  const bounds: LaunchBounds = {};
  for (const key of LAUNCH_BOUND_PARAMS) {
    const value = params[key];
    if (typeof value === 'number') bounds[key] = value;
  }
  return bounds;
}
