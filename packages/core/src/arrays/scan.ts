/**
 * `scan`: prefix combinations of an array by a function of the kernel language, inclusive
 * (`out[i]` combines elements 0 to i) or exclusive (`out[i]` combines `init` and the elements
 * before i). Reduce-then-scan over tiles, or over one chunk a thread where collectives are
 * costly (see kernels.ts): elements are combined left before right, so the function need only
 * be associative; floats may still round differently from a
 * left-to-right loop, since partial results are grouped differently.
 */
import type { FunctionInput } from '../frontend/infer.js';
import type { ArrayBackend } from './backend.js';
import {
  arrayElement,
  badInput,
  carrierOf,
  checkOptions,
  type ElementName,
  isBigIntElement,
} from './element.js';
import { BLOCK, chunkScanKernel, SCAN, scanKernel } from './kernels.js';
import type { ArrayOptions } from './map.js';
import { accumulator, checkInit } from './reduce.js';
import { opScope, typedValue } from './scope.js';

/** Options of `scan`. */
export interface ScanOptions<A> extends ArrayOptions {
  /** Exclusive: `out[0]` is `init`, `out[i]` combines `init` and the elements before i. */
  readonly exclusive?: boolean;
  /** A value combined before the first element (needed by an exclusive scan). */
  readonly init?: number | bigint;
  /** Where to write the result (an array of the input's length; it may be the input). */
  readonly out?: A;
}

/** Runs `scan` on a back-end. */
export function scanOn<A>(
  backend: ArrayBackend<A>,
  fn: FunctionInput,
  xs: A,
  options: ScanOptions<A> = {},
): A {
  const element = arrayElement(backend, 'scan', 1, 'xs', xs);
  checkOptions('scan', 2, options, ['exclusive', 'init', 'out', 'scope']);
  const scope = opScope(fn as object, options.scope);
  const result = accumulator('scan', scope.gpucOp as FunctionInput, element, scope);
  const carrier = carrierOf(result);
  const init = options.init === undefined ? undefined : checkInit('scan', result, options.init, 2);
  if (options.exclusive && init === undefined)
    throw badInput('scan', 2, 'init', 'an exclusive scan needs an initial value (its first element)');
  const n = backend.lengthOf(xs);
  const out = options.out ?? backend.alloc(result, n);
  if (options.out !== undefined) {
    if (arrayElement(backend, 'scan', 2, 'out', out) !== result)
      throw badInput('scan', 2, 'out', `it must be an array of ${result} of ${backend.name}`);
    if (backend.lengthOf(out) !== n)
      throw badInput('scan', 2, 'out', `it has ${backend.lengthOf(out)} elements, not ${n}`);
  }
  if (n === 0) return out;
  const initValue = typedValue(carrier, init ?? (isBigIntElement(result) ? 0n : 0));
  const last = SCAN.write | (options.exclusive ? SCAN.exclusive : 0) | (init === undefined ? 0 : SCAN.init);
  const run = { backend, scope, out, xs, n, initValue, last, result };
  if (backend.shuffles) tiled(run, scanKernel(carrier));
  else chunked(run, chunkScanKernel(carrier));
  backend.finish?.();
  return out;
}

/** One scan's arrays and values, as the two algorithms take them. */
interface ScanRun<A> {
  readonly backend: ArrayBackend<A>;
  readonly scope: Readonly<Record<string, unknown>>;
  readonly out: A;
  readonly xs: A;
  readonly n: number;
  /** `init`, typed for the kernel (a stand-in where there is none). */
  readonly initValue: unknown;
  /** The flags of the pass that writes `out`. */
  readonly last: number;
  readonly result: ElementName;
}

/** Reduce-then-scan over tiles, one per block. */
function tiled<A>(
  { backend, scope, out, xs, n, initValue, last, result }: ScanRun<A>,
  kernel: FunctionInput,
): void {
  // Tiles of whole rounds, as many as keep the device busy, each holding an element.
  const resident = Math.min(backend.residentBlocks(BLOCK), BLOCK * 4);
  const chunk = Math.ceil(Math.ceil(n / resident) / BLOCK) * BLOCK;
  const tiles = Math.ceil(n / chunk);
  const launch = { block: BLOCK, scope };
  if (tiles === 1) {
    backend.launch(kernel, { ...launch, grid: 1 }, [out, xs, n, chunk, out, initValue, last]);
    return;
  }
  const totals = backend.alloc(result, tiles);
  try {
    backend.launch(kernel, { ...launch, grid: tiles }, [out, xs, n, chunk, totals, initValue, SCAN.totals]);
    // The tiles' totals scanned in place, in one block.
    backend.launch(kernel, { ...launch, grid: 1 }, [
      totals,
      totals,
      tiles,
      tiles,
      totals,
      initValue,
      SCAN.write,
    ]);
    backend.launch(kernel, { ...launch, grid: tiles }, [
      out,
      xs,
      n,
      chunk,
      totals,
      initValue,
      last | SCAN.carries,
    ]);
  } finally {
    backend.release(totals);
  }
}

/** Chunks of contiguous elements, one per thread; the chunks' totals scanned by one thread. */
function chunked<A>(
  { backend, scope, out, xs, n, initValue, last, result }: ScanRun<A>,
  kernel: FunctionInput,
): void {
  const k = Math.ceil(n / (backend.residentBlocks(BLOCK) * BLOCK));
  const threads = Math.ceil(n / k);
  const one = { grid: 1, block: 1, scope };
  if (threads === 1) {
    backend.launch(kernel, one, [out, xs, n, k, out, initValue, last]);
    return;
  }
  const totals = backend.alloc(result, threads);
  try {
    backend.launch(kernel, { size: threads, scope }, [out, xs, n, k, totals, initValue, SCAN.totals]);
    backend.launch(kernel, one, [totals, totals, threads, threads, totals, initValue, SCAN.write]);
    backend.launch(kernel, { size: threads, scope }, [out, xs, n, k, totals, initValue, last | SCAN.carries]);
  } finally {
    backend.release(totals);
  }
}
