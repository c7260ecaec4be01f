/**
 * The types launches take for a kernel's parameters, so that TypeScript checks a launch of a
 * typed kernel: `launchNative(k, launch, ...args)` with `k: (a: Float32Array, n: number) => void`
 * takes a Float32Array (or a view of one) and a number, and nothing else. A kernel given as text,
 * or written in JavaScript (parameters of type `any`), takes anything; the launch's run-time
 * checks (docs/language.md, "Launches") hold either way.
 */
import type { TypedArray } from '../frontend/types.js';
import type { ArrayView } from '../frontend/values.js';

/** A typed array with its shape, as a launch takes a view: `{ data, shape }`. */
export interface HostView<A extends TypedArray = TypedArray> {
  readonly data: A;
  readonly shape: readonly number[];
}

/**
 * What a launch takes for a parameter declared as `T`: for a typed array, it, a `view` of it or
 * `{ data, shape }`; for a view, a view of the same element; for a record or tuple, one whose
 * members are what they take; for anything else (numbers, `f32(2)`, bigints, booleans,
 * functions), `T` itself.
 */
export type HostArgument<T> = T extends TypedArray
  ? T | ArrayView<T> | HostView<T>
  : T extends ArrayView<infer A>
    ? T | HostView<A>
    : T extends (...args: never[]) => unknown
      ? T
      : T extends object
        ? { readonly [K in keyof T]: HostArgument<T[K]> }
        : T;

/** The arguments a launch of kernel `F` takes: each parameter's `HostArgument`; for text, anything. */
export type LaunchArguments<F> = F extends (...args: infer P) => unknown
  ? { [K in keyof P]: HostArgument<P[K]> }
  : unknown[];
