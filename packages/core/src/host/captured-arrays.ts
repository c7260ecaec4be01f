/**
 * Arrays a kernel captures from its scope by value, on targets that fill them at launch
 * (docs/design.md, "Captured host values"): the compiled code holds a global of the array's
 * type and length for each, and every launch writes the array's contents into it, so new
 * contents never compile again.
 */
import { isDetached } from './check-arguments.js';
import { badLaunch } from './launch-error.js';

/** The symbols of captured arrays' globals start so, and number them from 0 (`gpuc_captured_0`). */
export const CAPTURED_SYMBOL = 'gpuc_captured_';

/** One captured array's global in compiled code. */
export interface CapturedArray {
  /** The global's symbol (letters, digits and `_` only: every target keeps the name as is). */
  readonly symbol: string;
  /** Its place in the scope: `['params', 'weights']` for `params.weights`, `['pair', '1']`. */
  readonly path: readonly string[];
  /** The bytes it holds: the array's length and element type are part of the compile. */
  readonly bytes: number;
}

/** The contents to write into each captured array's global at a launch. */
export interface CapturedContents {
  readonly global: CapturedArray;
  readonly data: Uint8Array;
}

/**
 * What a launch writes for each captured array: the bytes the scope's array holds now. An
 * array since replaced by one of another size (the kernel was compiled for the first) is a
 * `bad-launch` error naming it.
 */
export function capturedContents(
  globals: readonly CapturedArray[],
  scope: Readonly<Record<string, unknown>>,
): CapturedContents[] {
  return globals.map((global) => {
    let value: unknown = scope;
    for (const key of global.path) value = (value as Record<string, unknown> | undefined)?.[key];
    const data = ArrayBuffer.isView(value) ? value : (value as { data?: unknown } | undefined)?.data;
    if (ArrayBuffer.isView(data) && isDetached(data.buffer))
      throw badLaunch(
        `the scope's '${global.path.join('.')}' is a ${data.constructor.name} whose buffer was detached`,
      );
    if (!ArrayBuffer.isView(data) || data.byteLength !== global.bytes)
      throw badLaunch(
        `the scope's '${global.path.join('.')}' was compiled in as an array of ${global.bytes} bytes and now ${
          ArrayBuffer.isView(data) ? `has ${data.byteLength}` : 'is no array'
        }: compile the kernel again for the new scope`,
      );
    return { global, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  });
}
