/**
 * Element types of the array layer: typed arrays by the kernel-language name of their element,
 * and the type a user function returns for given argument types (inferred as the compiler
 * would, so that the result array holds what the compiled function computes).
 */
import { ErrorCode } from '../frontend/errors.js';
import { type FunctionInput, inferKernel, toSource } from '../frontend/index.js';
import { currentWorld } from '../frontend/methods.js';
import {
  ARRAY_CONSTRUCTORS,
  type ElementName,
  show,
  TYPED_ARRAYS,
  type Type,
  type TypedArray,
} from '../frontend/types.js';
import { describeInMessage, isHalfArray } from '../frontend/values.js';
import { isDetached } from '../host/check-arguments.js';
import { LaunchError } from '../host/launch-error.js';
import type { ArrayBackend } from './backend.js';

export { ARRAY_CONSTRUCTORS, type ArrayConstructor, type ElementName } from '../frontend/types.js';

/**
 * The element type of a typed array; undefined for anything else, 16-bit float arrays included
 * (the array layer computes with its elements as they are, and theirs are bits).
 */
export function elementOfTypedArray(value: unknown): ElementName | undefined {
  if (!ArrayBuffer.isView(value) || isHalfArray(value)) return undefined;
  return TYPED_ARRAYS[(value as TypedArray).constructor.name] as ElementName | undefined;
}

/** Whether an element type is a BigInt one. */
export const isBigIntElement = (element: ElementName) => element === 'i64' || element === 'u64';

/**
 * The type in which values of `element` travel between threads (shuffles and shared memory):
 * the element itself, or `i32` for integers narrower than 32 bits (shuffles move 32 and 64 bits).
 */
export function carrierOf(element: ElementName): ElementName {
  return element === 'i8' || element === 'u8' || element === 'i16' || element === 'u16' ? 'i32' : element;
}

/** A coded `bad-argument` error about an argument of an array operation. */
export function badInput(operation: string, index: number, name: string, detail: string): LaunchError {
  return new LaunchError(ErrorCode.badArgument, `${operation}'s ${name}: ${detail}`, { index, name });
}

/**
 * Refuses an operation's options where they are no object or name an option it does not know
 * (a misspelt `out` would be ignored, the result written elsewhere): a `bad-argument`.
 */
export function checkOptions(
  operation: string,
  index: number,
  options: unknown,
  known: readonly string[],
): void {
  if (typeof options !== 'object' || options === null)
    throw badInput(operation, index, 'options', `they are an object, not ${describeInMessage(options)}`);
  for (const key of Object.keys(options))
    if (!known.includes(key))
      throw badInput(
        operation,
        index,
        'options',
        `${operation} has no option '${key}' (it has ${known.join(', ')})`,
      );
}

/**
 * The element type of an operation's array argument: a `bad-argument` error naming it where it
 * is no array of the back-end, or a typed array whose buffer was detached (its length reads 0,
 * which would give an empty result where JavaScript's own methods throw).
 */
export function arrayElement<A>(
  backend: ArrayBackend<A>,
  operation: string,
  index: number,
  name: string,
  value: unknown,
): ElementName {
  const element = backend.elementOf(value);
  if (!element)
    throw badInput(
      operation,
      index,
      name,
      `it is ${describeInMessage(value)}, no array the ${backend.name} back-end takes`,
    );
  if (ArrayBuffer.isView(value) && isDetached(value.buffer))
    throw badInput(operation, index, name, 'its buffer was detached');
  return element;
}

/**
 * The element type `fn` returns for arguments of these types, inferred as the compiler would
 * (a `CompileError` at the function's line where it does not compile); a `type-mismatch`
 * CompileError where it returns no number that a typed array holds.
 */
export function returnElement(
  operation: string,
  fn: FunctionInput,
  argTypes: readonly Type[],
  scope: Readonly<Record<string, unknown>>,
): ElementName | 'bool' {
  // Every call of an operation asks again: the answer is kept per function, scope, argument
  // types and world (a redefined device function may change it).
  let byScope = returns.get(fn as object);
  if (!byScope) {
    byScope = new WeakMap();
    returns.set(fn as object, byScope);
  }
  let known = byScope.get(scope);
  if (!known) {
    known = new Map();
    byScope.set(scope, known);
  }
  const key = `${currentWorld()}|${argTypes.map((t) => t.key).join(',')}`;
  let found = known.get(key);
  if (found === undefined) {
    found = inferReturn(operation, fn, argTypes, scope);
    known.set(key, found);
  }
  return found;
}

const returns = new WeakMap<object, WeakMap<object, Map<string, ElementName | 'bool'>>>();

function inferReturn(
  operation: string,
  fn: FunctionInput,
  argTypes: readonly Type[],
  scope: Readonly<Record<string, unknown>>,
): ElementName | 'bool' {
  const spec = inferKernel(fn, { types: argTypes }, { scope });
  const type = spec.returnType;
  if (type.kind === 'scalar' && (type.name === 'bool' || type.name in ARRAY_CONSTRUCTORS))
    return type.name as ElementName | 'bool';
  const source = toSource(fn);
  throw source.error(
    ErrorCode.typeMismatch,
    `${operation}'s function returns ${show(type)} for (${argTypes.map(show).join(', ')}); it must return a number a typed array holds`,
    0,
    source.text.length,
  );
}
