/**
 * Where array operations run: a back-end's arrays (typed arrays natively and on the reference
 * runner, device arrays on GPUs) and its launches. The operations are written once against this
 * interface; each back-end says how to allocate, copy and launch, and how many blocks fill it.
 */
import { availableParallelism } from 'node:os';
import type { FunctionInput } from '../frontend/infer.js';
import { kernelName, parameterNames } from '../frontend/parameters.js';
import { argumentTypes } from '../host/check-arguments.js';
import type { Dim } from '../host/dim.js';
import { DEFAULT_BLOCK, launchGeometry, type SizedLaunch } from '../host/sized-launch.js';
import { compileNative, type NativeKernel } from '../launch/native.js';
import { runReference } from '../reference/runner.js';
import { ARRAY_CONSTRUCTORS, type ElementName, elementOfTypedArray } from './element.js';
import { KeptKernels } from './kept.js';

/** A launch of one of the layer's kernels: a grid and block, or a thread count. */
export type ArrayLaunch = ({ readonly grid: Dim; readonly block: Dim } | SizedLaunch) & {
  /** The names the kernel reads from outside (the user's function among them). */
  readonly scope: Readonly<Record<string, unknown>>;
};

/** What array operations need of a back-end; `A` is its array type. */
export interface ArrayBackend<A> {
  /** The back-end's name, for messages. */
  readonly name: string;
  /**
   * Whether warp shuffles and barriers are cheap (GPUs): reductions and scans then work block by
   * block; where they are not (natively), thread by thread over contiguous chunks.
   */
  readonly shuffles: boolean;
  /** The element type of one of its arrays, or undefined for a value that is none. */
  elementOf(value: unknown): ElementName | undefined;
  /** An array's length. */
  lengthOf(array: A): number;
  /** A new array (contents unspecified). */
  alloc(element: ElementName, length: number): A;
  /** The array's contents, copied to the host (or the typed array itself). */
  read(array: A): ArrayLike<number | bigint>;
  /** Returns a temporary array's memory now (GPU memory); nothing natively. */
  release(array: A): void;
  /** How many blocks of `block` threads keep the whole device busy. */
  residentBlocks(block: number): number;
  /**
   * Runs one of the layer's kernels. It may only queue it (a GPU's stream keeps the order):
   * `read` and `finish` wait for what was queued.
   */
  launch(kernel: FunctionInput, launch: ArrayLaunch, args: readonly unknown[]): void;
  /** Waits for the queued kernels and throws a device exception one raised (each operation ends so). */
  finish?(): void;
}

/** Typed arrays as a back-end's arrays (native and reference). */
const hostArrays = {
  elementOf: elementOfTypedArray,
  lengthOf: (array: ArrayLike<unknown>) => array.length,
  alloc: (element: ElementName, length: number) => new ARRAY_CONSTRUCTORS[element](length),
  read: (array: ArrayLike<number | bigint>) => array,
  release: () => undefined,
};

const nativeKernels = new KeptKernels(
  (kernel, args) => argumentTypes({ name: kernelName(kernel), parameterNames: parameterNames(kernel) }, args),
  (kernel, types, scope) => compileNative(kernel, types, { scope }) as NativeKernel,
);

/** Typed arrays, compiled for the host CPU and run on every core (as `launchNative` runs kernels). */
export const nativeArrays: ArrayBackend<ArrayLike<number | bigint>> = {
  name: 'native',
  // A block's threads take turns on a core: a shuffle or a barrier switches coroutines, which
  // costs more than the per-thread algorithms' extra serial work.
  shuffles: false,
  ...hostArrays,
  // A few blocks per core, so that a slow core does not hold up the others.
  residentBlocks: () => availableParallelism() * 4,
  launch(kernel, launch, args) {
    const { grid, block } = launchGeometry(launch, () => DEFAULT_BLOCK);
    nativeKernels.get(kernel, launch.scope, args).launch(grid, block, args);
  },
};

/**
 * Typed arrays on the reference runner: every kernel run as plain JavaScript, as the oracle. It
 * makes the choices `like` makes (block or per-thread algorithms, how many blocks), so that a result
 * is computed in the same order there as on `like`, and floats associate alike.
 */
export function referenceArrays(
  like: Pick<ArrayBackend<unknown>, 'shuffles' | 'residentBlocks'> = nativeArrays,
): ArrayBackend<ArrayLike<number | bigint>> {
  return {
    name: 'reference',
    shuffles: like.shuffles,
    ...hostArrays,
    residentBlocks: (block) => like.residentBlocks(block),
    launch(kernel, launch, args) {
      runReference(kernel, launch, args);
    },
  };
}
