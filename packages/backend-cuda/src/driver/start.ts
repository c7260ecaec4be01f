/**
 * The driver's start at import of the runtime entry: libcuda loaded, then on worker threads
 * (koffi's asynchronous calls) `cuInit` and, once it has returned, the retain of the default
 * device's primary context, the two slow steps of a first kernel (on an H100 about 10 to 100 ms
 * and 125 ms), while the rest of the runtime and the program load. The first `CudaDevice.get()`
 * takes the context (`takeStartedContext`) and only makes it current.
 *
 * Nothing is reported here: where a step fails, is not done yet, or was not begun, the device
 * makes the same driver call on the main thread, which waits for the one in flight (the driver
 * serialises them) and reports a failure as it would without this. The retain follows `cuInit`
 * from its callback, so it begins at the event loop's first turn after `cuInit` returns (loading
 * modules turns it). A process that exits meanwhile waits for the call in flight (Node joins its
 * worker threads before the libraries' destructors run).
 */
import type { NativeLibrary } from '@gpuc/core/ffi';
import { declareHandles, driverLibrary, driverLibraryLoaded } from './library.js';

type AsyncFn = ((...args: unknown[]) => number) & {
  async: (...args: unknown[]) => void;
};

/** The default device's ordinal: `GPUC_CUDA_DEVICE`, else 0 (NaN where it names none). */
export function defaultOrdinal(): number {
  return Number(process.env.GPUC_CUDA_DEVICE ?? 0);
}

/** The primary context the start retains, until the first device asked for settles it. */
interface Started {
  readonly ordinal: number;
  readonly library: unknown;
  /** Releases one retain of the device's primary context (synchronously, or on a worker thread). */
  readonly release: AsyncFn;
  /**
   * What the first device asked for made of it: `pending` until then, `superseded` where that
   * device retained the context itself (one retain too many, undone when this one returns),
   * `unwanted` where it is another device (this one released when it returns).
   */
  outcome: 'pending' | 'superseded' | 'unwanted';
  /** The device handle and its retained context, once the retain has returned. */
  device?: number;
  context?: unknown;
}

let started: Started | undefined;

/**
 * Starts the driver in the background (see the module's comment); does nothing where the driver
 * has been loaded already, and never throws: a missing koffi or driver is reported by the first
 * driver call.
 */
export function startDriver(): void {
  if (driverLibraryLoaded()) return;
  try {
    const { library } = driverLibrary();
    if (!library) return;
    let retain: (() => void) | undefined;
    // cuInit first: its callback runs on a later turn of the event loop, after what follows.
    (library.func('int cuInit(unsigned int flags)') as AsyncFn).async(0, (error: unknown, code: number) => {
      if (!error && code === 0) retain?.();
    });
    retain = contextRetain(library);
  } catch {
    // No koffi, or no cuInit: the first driver call says what is wrong.
  }
}

/**
 * Declares what retaining the default device's primary context in the background takes, and
 * returns the retain to run once `cuInit` has returned: none where the default device is not a
 * device ordinal or the driver lacks a function (the device then retains it itself).
 */
function contextRetain(library: NativeLibrary): (() => void) | undefined {
  const ordinal = defaultOrdinal();
  if (!Number.isInteger(ordinal) || ordinal < 0) return undefined;
  let declared: { get: AsyncFn; retain: AsyncFn; release: AsyncFn };
  try {
    declareHandles();
    declared = {
      get: library.func('int cuDeviceGet(_Out_ int *device, int ordinal)') as AsyncFn,
      retain: library.func('int cuDevicePrimaryCtxRetain(_Out_ CUctx **context, int device)') as AsyncFn,
      release: library.func('int cuDevicePrimaryCtxRelease_v2(int device)') as AsyncFn,
    };
  } catch {
    return undefined;
  }
  const { get, retain, release } = declared;
  const job: Started = { ordinal, library, release, outcome: 'pending' };
  started = job;
  return () => {
    if (job.outcome !== 'pending') return;
    const device = [0];
    if (get(device, ordinal) !== 0) return;
    const context: [unknown] = [null];
    retain.async(context, device[0], (failure: unknown, result: number) => {
      if (failure || result !== 0) return;
      job.device = device[0];
      if (job.outcome === 'pending') job.context = context[0];
      // The device retained it too, which waited for this retain: one reference is enough.
      else if (job.outcome === 'superseded') release(job.device);
      // Another device was asked for first: this context is destroyed on a worker thread.
      else release.async(job.device, () => {});
    });
  };
}

/**
 * The context the start retained for device `ordinal` of `library`, given once, to the first
 * device asked for (undefined when none is ready: the device retains it itself). A first device
 * of another ordinal or library has the started context released instead.
 */
export function takeStartedContext(ordinal: number, library: unknown): unknown {
  const job = started;
  started = undefined;
  if (!job) return undefined;
  const wanted = job.ordinal === ordinal && job.library === library;
  if (job.context === undefined) {
    job.outcome = wanted ? 'superseded' : 'unwanted';
    return undefined;
  }
  if (wanted) return job.context;
  job.release.async(job.device, () => {});
  return undefined;
}
