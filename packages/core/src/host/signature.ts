/**
 * Signatures given to the compile functions (`compileNative`, `compileCuda`...): each parameter's
 * type as a type object or as its text (`'f32'`, `'f32[]'`, `'i32[,]'`), checked before anything
 * is compiled, so that a wrong entry is a coded error naming the parameter instead of a failure
 * inside the kernel.
 */
import { ErrorCode } from '../frontend/errors.js';
import { isHalf, parseType, type Type } from '../frontend/types.js';
import { LaunchError } from './launch-error.js';

/** A kernel's parameter types: type objects, or their text as `gpuc --types` takes it. */
export type Signature = readonly (Type | string)[];

function isType(value: unknown): value is Type {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Type).kind === 'string' &&
    typeof (value as Type).key === 'string'
  );
}

/** The types of a signature; a `bad-argument` LaunchError naming the first entry that is none. */
export function signatureTypes(signature: Signature, names: () => readonly string[] = () => []): Type[] {
  if (!Array.isArray(signature))
    throw new LaunchError(
      ErrorCode.badArgument,
      `a kernel's signature is an array of parameter types ('f32', 'f32[]', ...), not ${typeof signature}`,
    );
  return signature.map((entry: unknown, index) => {
    const type = typeof entry === 'string' ? parseType(entry) : isType(entry) ? entry : undefined;
    // 16-bit floats are array elements only: a scalar of one passes as an f32.
    if (type && !isHalf(type)) return type;
    const name = names()[index] ?? '';
    const shown = typeof entry === 'string' ? `'${entry}'` : String(entry);
    throw new LaunchError(
      ErrorCode.badArgument,
      `the signature's type of parameter ${index + 1}${name ? ` ('${name}')` : ''} is ${shown}, which is no kernel type (write 'f32', 'i32[]', 'f64[,]', or a type parseType returns${type ? '; a 16-bit float scalar is an f32' : ''})`,
      { index, name },
    );
  });
}
