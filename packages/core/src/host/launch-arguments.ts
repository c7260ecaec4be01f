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

/**
 * A back-end's device array type for each typed array, as a type: a back-end extends this with
 * `readonly array: this['element'] extends TypedArray ? ItsArray<this['element']> : never`
 * (CUDA's DeviceArray, ROCm's RocmArray...).
 */
export interface DeviceArrays {
  readonly element: unknown;
  readonly array: unknown;
}

/** No device arrays: the native target runs on host memory. */
export interface HostMemory extends DeviceArrays {
  readonly array: never;
}

/** A back-end's device array of element array `A`. */
type DeviceArrayFor<D extends DeviceArrays, A extends TypedArray> = (D & { readonly element: A })['array'];

/**
 * What a launch on a back-end with device arrays `D` takes for a parameter declared as `T`:
 * `HostArgument<T>`, and for a typed array the device array of its element (or `{ array }`), for
 * a view `{ array, shape }`.
 */
export type LaunchArgument<T, D extends DeviceArrays = HostMemory> =
  | HostArgument<T>
  | ([DeviceArrayFor<D, TypedArray>] extends [never]
      ? never
      : T extends TypedArray
        ? DeviceArrayFor<D, T> | { readonly array: DeviceArrayFor<D, T>; readonly shape?: readonly number[] }
        : T extends ArrayView<infer A>
          ? { readonly array: DeviceArrayFor<D, A>; readonly shape: readonly number[] }
          : never);

/**
 * The arguments a launch of kernel `F` takes on a back-end with device arrays `D` (none for the
 * native target): each parameter's `LaunchArgument`; for a kernel given as text, anything.
 */
export type LaunchArguments<F, D extends DeviceArrays = HostMemory> = F extends (...args: infer P) => unknown
  ? { [K in keyof P]: LaunchArgument<P[K], D> }
  : unknown[];
