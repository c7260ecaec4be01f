/**
 * The error of a launch gpuc refuses before any native call: an argument that does not fit the
 * kernel's signature (`bad-argument`, naming the parameter) or a launch configuration no
 * back-end can run (`bad-launch`: the grid, the block, shared memory, workers).
 */
import { ErrorCode } from '../frontend/errors.js';

/** A kernel parameter by position (0-based) and name. */
export interface ParameterName {
  readonly index: number;
  readonly name: string;
}

/** A launch refused before it reached the device. */
export class LaunchError extends Error {
  override name = 'LaunchError';

  constructor(
    readonly code: typeof ErrorCode.badArgument | typeof ErrorCode.badLaunch,
    readonly detail: string,
    /** The parameter a `bad-argument` is about. */
    readonly parameter?: ParameterName,
  ) {
    super(`gpuc: ${detail} [${code}]`);
  }
}

/** A `bad-launch` error. */
export const badLaunch = (detail: string) => new LaunchError(ErrorCode.badLaunch, detail);
