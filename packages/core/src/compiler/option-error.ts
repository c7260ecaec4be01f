/**
 * The error of a target param or compile option gpuc refuses before compiling anything: a key
 * the target does not know, or a value it does not take (`computeCapability: 10`, `gfx=gfx9999`).
 * It has no source location, as it is about how the kernel is compiled, not the kernel.
 */
import { ErrorCode } from '../frontend/errors.js';

/** A refused option, named, with what it accepts. */
export class OptionError extends Error {
  override name = 'OptionError';
  readonly code = ErrorCode.badOption;

  constructor(
    /** The param or option refused (`computeCapability`, `emit`). */
    readonly option: string,
    /** What is wrong, naming the option. */
    readonly detail: string,
    /** What it accepts, in words or as a list (`32 or 64`, `gfx90a, gfx942...`). */
    readonly accepted: string,
    /** How the message says it; by default `<option> takes <accepted>`. */
    hint = `${option} takes ${accepted}`,
  ) {
    super(`gpuc: ${detail}; ${hint} [${ErrorCode.badOption}]`);
  }
}

/** Refuses a param a target does not know, listing those it does. */
export function unknownParam(target: string, key: string, known: readonly string[]): OptionError {
  const accepted = known.length > 0 ? known.join(', ') : 'none';
  return new OptionError(
    key,
    `target '${target}' has no param ${key}`,
    accepted,
    `its params are ${accepted}`,
  );
}
