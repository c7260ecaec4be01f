/**
 * `reduce`: an array folded by a function of the kernel language into one value, as
 * `Array.prototype.reduce(fn, init)` would, in a tree (see kernels.ts). The function must be
 * associative and commutative (as CUB's and CuPy's reductions require): the tree combines
 * elements in another order than JavaScript's left fold, so floats may round differently.
 */
import type { FunctionInput } from '../frontend/infer.js';
import { parseType, type Type } from '../frontend/types.js';
import type { ArrayBackend } from './backend.js';
import {
  arrayElement,
  badInput,
  carrierOf,
  checkOptions,
  type ElementName,
  isBigIntElement,
  returnElement,
} from './element.js';
import { BLOCK, foldKernel, reduceKernel, threadReduceKernel } from './kernels.js';
import type { ArrayOptions } from './map.js';
import { opScope, typedValue } from './scope.js';

/**
 * The type a fold of `element` by `fn` accumulates in: what `fn` returns for two elements, which
 * it must return again for two of its own results. A `bad-argument` error where it does not, or
 * where the result is no number (a bool).
 */
export function accumulator(
  operation: string,
  fn: FunctionInput,
  element: ElementName,
  scope: Readonly<Record<string, unknown>>,
): ElementName {
  const returns = (e: ElementName) => {
    const carrier = parseType(carrierOf(e)) as Type;
    const result = returnElement(operation, fn, [carrier, carrier], scope);
    if (result === 'bool')
      throw badInput(operation, 0, 'fn', 'it returns a boolean; combine numbers (a ? 1 : 0 to count)');
    return result;
  };
  const result = returns(element);
  const again = returns(result);
  if (again !== result)
    throw badInput(
      operation,
      0,
      'fn',
      `it returns ${result} for two ${element} values but ${again} for two ${result} values; convert its result (f64(...), i32(...)) so that it keeps one type`,
    );
  return result;
}

/** Checks an initial value for an accumulator of `element` (a number, or a bigint for i64). */
export function checkInit(
  operation: string,
  element: ElementName,
  init: unknown,
  index: number,
): number | bigint {
  if (element === 'u64')
    throw badInput(operation, 0, 'fn', 'a fold accumulating u64 values is not supported; accumulate in i64');
  const big = isBigIntElement(element);
  if (big ? typeof init !== 'bigint' : typeof init !== 'number' && !(init instanceof Number))
    throw badInput(
      operation,
      index,
      'init',
      `it must be a ${big ? 'bigint' : 'number'} for values of type ${element}, not a ${typeof init}`,
    );
  return init instanceof Number ? init.valueOf() : (init as number | bigint);
}

/** The most elements a fold takes: its indices stay within i32 as they advance. */
const MAX_ELEMENTS = 2 ** 31 - 2 ** 20;

/**
 * Runs `reduce` on a back-end. Without `init` an empty array is an error, as in JavaScript.
 * `operation` is the shorthand called (`sum`, `min`, `max`: errors name it and its `xs`).
 */
export function reduceOn<A>(
  backend: ArrayBackend<A>,
  fn: FunctionInput,
  xs: A,
  init: number | bigint | undefined,
  options: ArrayOptions = {},
  operation: 'reduce' | 'sum' | 'min' | 'max' = 'reduce',
): number | bigint {
  // The shorthands take `xs` alone, first.
  const at = operation === 'reduce' ? 1 : 0;
  const element = arrayElement(backend, operation, at, 'xs', xs);
  checkOptions('reduce', 3, options, ['scope']);
  const scope = opScope(fn as object, options.scope);
  const result = accumulator('reduce', scope.gpucOp as FunctionInput, element, scope);
  const carrier = carrierOf(result);
  const start = init === undefined ? undefined : checkInit('reduce', result, init, 2);
  const n = backend.lengthOf(xs);
  // Thread indices advance by the grid's threads, four strides a step, as 32-bit integers.
  if (n > MAX_ELEMENTS)
    throw badInput(operation, at, 'xs', `it has ${n} elements; ${operation} takes at most 2^31 - 2^20`);
  if (n === 0) {
    if (start === undefined && operation !== 'reduce')
      throw badInput(
        operation,
        at,
        'xs',
        `it is empty: an empty array has no ${operation === 'min' ? 'least' : 'greatest'} element`,
      );
    if (start === undefined)
      throw badInput('reduce', 2, 'init', 'reducing an empty array needs an initial value, as in JavaScript');
    return stored(result, start);
  }
  const initValue = typedValue(carrier, start ?? (isBigIntElement(result) ? 0n : 0));
  // The partials' pass folds any number; 4096 blocks keep the stride within 2^20.
  const blocks = Math.min(Math.ceil(n / BLOCK), backend.residentBlocks(BLOCK), 4096);
  const final = start !== undefined;
  if (backend.shuffles) {
    // A partial a block, then one block folds them (or the one block's is the result).
    const kernel = reduceKernel(carrier);
    const launch = { grid: blocks, block: BLOCK, scope };
    return withPartials(backend, result, blocks, (partials, total) => {
      if (blocks === 1) {
        backend.launch(kernel, launch, [partials, xs, n, initValue, final]);
        return partials;
      }
      backend.launch(kernel, launch, [partials, xs, n, initValue, false]);
      backend.launch(kernel, { ...launch, grid: 1 }, [total, partials, blocks, initValue, final]);
      return total;
    });
  }
  // A partial a thread that holds an element, then one thread folds them in order.
  const count = Math.min(n, blocks * BLOCK);
  return withPartials(backend, result, count, (partials, total) => {
    backend.launch(threadReduceKernel(carrier), { grid: blocks, block: BLOCK, scope }, [partials, xs, n]);
    backend.launch(foldKernel(carrier), { grid: 1, block: 1, scope }, [
      total,
      partials,
      count,
      initValue,
      final,
    ]);
    return total;
  });
}

/**
 * Runs `passes` with an array for `count` partials and one for the total, and reads back the
 * first element of the array it returns; both arrays are released after.
 */
function withPartials<A>(
  backend: ArrayBackend<A>,
  element: ElementName,
  count: number,
  passes: (partials: A, total: A) => A,
): number | bigint {
  const partials = backend.alloc(element, count);
  const total = backend.alloc(element, 1);
  try {
    return backend.read(passes(partials, total))[0] as number | bigint;
  } finally {
    backend.release(partials);
    backend.release(total);
  }
}

/** A value as an array of `element` stores it. */
function stored(element: ElementName, value: number | bigint): number | bigint {
  return (typedValue(element, value) as number | bigint | number).valueOf() as number | bigint;
}
