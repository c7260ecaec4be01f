/**
 * The array layer: `map`, `reduce` (and `sum`, `min`, `max`), `scan` and `sort` over a
 * back-end's arrays, each a kernel of the language compiled once per function and types through
 * the same pipeline as any kernel, with grid sizes chosen for it. The functions exported
 * directly work on typed arrays natively; `arraysOn(backend)` gives the same operations on
 * another back-end (`referenceArrays()` runs them on the reference runner; `@gpuc/backend-cuda`'s
 * `cudaArrays()` on a GPU's DeviceArrays).
 */
import type { FunctionInput } from '../frontend/infer.js';
import type { TypedArray } from '../frontend/types.js';
import { type ArrayBackend, nativeArrays } from './backend.js';
import { isBigIntElement } from './element.js';
import { type ArrayOptions, type MapOptions, mapOn } from './map.js';
import { reduceOn } from './reduce.js';
import { type ScanOptions, scanOn } from './scan.js';
import { sortOn } from './sort.js';

export { type ArrayBackend, type ArrayLaunch, nativeArrays, referenceArrays } from './backend.js';
export { ARRAY_CONSTRUCTORS, type ElementName } from './element.js';
export { KeptKernels } from './kept.js';
export type { ArrayOptions, MapOptions } from './map.js';
export type { ScanOptions } from './scan.js';

/** A function of the kernel language over elements (numbers, or bigints for 64-bit integers). */
// biome-ignore lint/suspicious/noExplicitAny: element functions take and return any element type
export type ElementFunction = (...args: any[]) => unknown;

/** The array operations on one back-end's arrays `A`. */
export interface ArrayOperations<A> {
  /**
   * `fn` applied element by element: `map((x, y) => x * y + 1, xs, ys)`. Arrays must have one
   * length; numbers (and `f32(2)`...) are given to every element; a last plain object is the
   * options (`{ out, scope }`). The result is a new array of the type `fn` returns (a boolean as
   * a `Uint8Array`'s 1 or 0), or `out`; `R` names that type for TypeScript.
   */
  map<R extends A = A>(
    fn: ElementFunction,
    ...inputs: readonly (A | number | bigint | boolean | MapOptions<A>)[]
  ): R;
  /**
   * `xs` folded by `fn` into one value, starting from `init` (applied once, as
   * `Array.prototype.reduce` does; without it an empty array is an error). `fn` must be
   * associative and commutative: the fold runs as a tree. A bigint for 64-bit integers.
   */
  reduce(fn: ElementFunction, xs: A, init?: number | bigint, options?: ArrayOptions): number | bigint;
  /** The sum of `xs` (0 for an empty array), in the type `a + b` gives (integers wrap). */
  sum(xs: A): number | bigint;
  /** The least element (NaN if there is one, as `Math.min`); an error for an empty array. */
  min(xs: A): number | bigint;
  /** The greatest element (NaN if there is one, as `Math.max`); an error for an empty array. */
  max(xs: A): number | bigint;
  /**
   * Prefix combinations by an associative `fn`: inclusive by default, exclusive with
   * `{ exclusive: true, init }`; a new array of `fn`'s result type (`R` for TypeScript), or `out`.
   */
  scan<R extends A = A>(fn: ElementFunction, xs: A, options?: ScanOptions<A>): R;
  /** A new array of `xs`'s elements in ascending order (as `TypedArray.prototype.sort()`). */
  sort<T extends A>(xs: T): T;
}

/** Typed arrays of BigInts, whose folds give bigints. */
export type BigIntArray = BigInt64Array | BigUint64Array;
/** Typed arrays of numbers. */
export type NumberArray = Exclude<TypedArray, BigIntArray>;

/** The array operations on typed arrays (natively, or on the reference runner), typed by element. */
export interface TypedArrayOperations extends Pick<ArrayOperations<TypedArray>, 'map' | 'scan' | 'sort'> {
  /** See `ArrayOperations.reduce`. */
  reduce(fn: ElementFunction, xs: NumberArray, init?: number, options?: ArrayOptions): number;
  reduce(fn: ElementFunction, xs: BigIntArray, init?: bigint, options?: ArrayOptions): bigint;
  /** See `ArrayOperations.sum`. */
  sum(xs: NumberArray): number;
  sum(xs: BigIntArray): bigint;
  /** See `ArrayOperations.min`. */
  min(xs: NumberArray): number;
  min(xs: BigIntArray): bigint;
  /** See `ArrayOperations.max`. */
  max(xs: NumberArray): number;
  max(xs: BigIntArray): bigint;
}

const add = (a: number, b: number) => a + b;
const least = (a: number, b: number) => Math.min(a, b);
const greatest = (a: number, b: number) => Math.max(a, b);
// BigInts have no Math.min: compared instead (they have no NaN).
const leastBig = (a: bigint, b: bigint) => (a < b ? a : b);
const greatestBig = (a: bigint, b: bigint) => (a > b ? a : b);

/**
 * The array operations on a back-end's arrays (typed by element for the typed arrays of the
 * native and reference back-ends).
 */
export function arraysOn(backend: ArrayBackend<ArrayLike<number | bigint>>): TypedArrayOperations;
export function arraysOn<A>(backend: ArrayBackend<A>): ArrayOperations<A>;
export function arraysOn<A>(backend: ArrayBackend<A>): ArrayOperations<A> {
  const big = (xs: A) => {
    const element = backend.elementOf(xs);
    return element !== undefined && isBigIntElement(element);
  };
  return {
    map: <R>(fn: ElementFunction, ...inputs: readonly unknown[]) =>
      mapOn(backend, fn as FunctionInput, inputs) as unknown as R,
    reduce: (fn, xs, init, options) => reduceOn(backend, fn as FunctionInput, xs, init, options),
    sum: (xs) => reduceOn(backend, add, xs, big(xs) ? 0n : 0, {}, 'sum'),
    min: (xs) => reduceOn(backend, big(xs) ? leastBig : least, xs, undefined, {}, 'min'),
    max: (xs) => reduceOn(backend, big(xs) ? greatestBig : greatest, xs, undefined, {}, 'max'),
    scan: <R>(fn: ElementFunction, xs: A, options?: ScanOptions<A>) =>
      scanOn(backend, fn as FunctionInput, xs, options) as unknown as R,
    sort: <T extends A>(xs: T) => sortOn(backend, xs) as T,
  };
}

const native = arraysOn(nativeArrays);

/** `map` on typed arrays, natively (see `ArrayOperations.map`). */
export const map = native.map;
/** `reduce` on a typed array, natively (see `ArrayOperations.reduce`). */
export const reduce = native.reduce;
/** The sum of a typed array, natively. */
export const sum = native.sum;
/** The least element of a typed array, natively. */
export const min = native.min;
/** The greatest element of a typed array, natively. */
export const max = native.max;
/** `scan` of a typed array, natively (see `ArrayOperations.scan`). */
export const scan = native.scan;
/** A sorted copy of a typed array, natively. */
export const sort = native.sort;
