/**
 * CUDA devices, their primary contexts, streams and events. A device's primary context is
 * retained once and made current whenever gpuc works on that device.
 */
import type { GeometryLimits } from '@gpuc/core/host';
import { call, driverLibraryInUse, handleAddress } from './api.js';
import { defaultOrdinal, takeStartedContext } from './start.js';

const ATTRIBUTE = {
  major: 75,
  minor: 76,
  multiprocessors: 16,
  clockKHz: 13,
  maxThreadsPerBlock: 1,
  maxBlockX: 2,
  maxBlockY: 3,
  maxBlockZ: 4,
  maxGridX: 5,
  maxGridY: 6,
  maxGridZ: 7,
  /** CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN. */
  maxSharedOptin: 97,
} as const;

/** A GPU and its primary context. */
export class CudaDevice {
  private static readonly devices = new Map<number, CudaDevice>();

  /** The device with this ordinal (default 0, or `GPUC_CUDA_DEVICE`). */
  static get(ordinal = defaultOrdinal()): CudaDevice {
    let device = CudaDevice.devices.get(ordinal);
    if (!device) {
      device = new CudaDevice(ordinal);
      CudaDevice.devices.set(ordinal, device);
    }
    return device;
  }

  /** How many devices the driver sees. */
  static count(): number {
    const count = [0];
    call('cuDeviceGetCount', count);
    return count[0] ?? 0;
  }

  readonly handle: number;
  readonly name: string;
  /** Compute capability as major*10+minor (90 for Hopper). */
  readonly computeCapability: number;
  readonly multiprocessors: number;
  readonly totalMemory: bigint;
  readonly context: unknown;
  /** The most threads per block and blocks per grid, per axis and in all. */
  readonly limits: GeometryLimits;
  /** The most shared memory a block may have, static and dynamic, once a kernel opts in. */
  readonly maxSharedBytesPerBlock: number;

  private constructor(readonly ordinal: number) {
    const library = driverLibraryInUse();
    const handle = [0];
    call('cuDeviceGet', handle, ordinal);
    this.handle = handle[0] as number;
    const name = new Uint8Array(256);
    call('cuDeviceGetName', name, name.length, this.handle);
    this.name = Buffer.from(name.subarray(0, name.indexOf(0))).toString('utf8');
    const attribute = (id: number) => {
      const value = [0];
      call('cuDeviceGetAttribute', value, id, this.handle);
      return value[0] as number;
    };
    this.computeCapability = attribute(ATTRIBUTE.major) * 10 + attribute(ATTRIBUTE.minor);
    this.multiprocessors = attribute(ATTRIBUTE.multiprocessors);
    this.limits = {
      maxThreadsPerBlock: attribute(ATTRIBUTE.maxThreadsPerBlock),
      maxBlock: [
        attribute(ATTRIBUTE.maxBlockX),
        attribute(ATTRIBUTE.maxBlockY),
        attribute(ATTRIBUTE.maxBlockZ),
      ],
      maxGrid: [attribute(ATTRIBUTE.maxGridX), attribute(ATTRIBUTE.maxGridY), attribute(ATTRIBUTE.maxGridZ)],
    };
    this.maxSharedBytesPerBlock = attribute(ATTRIBUTE.maxSharedOptin);
    const bytes: [number | bigint] = [0];
    call('cuDeviceTotalMem', bytes, this.handle);
    this.totalMemory = BigInt(bytes[0]);
    // The context the driver's start retained in the background, where it did for this device.
    const context: [unknown] = [takeStartedContext(ordinal, library) ?? null];
    if (context[0] === null) call('cuDevicePrimaryCtxRetain', context, this.handle);
    this.context = context[0];
  }

  /** The device whose context gpuc last made current (JavaScript runs on one thread). */
  private static current: CudaDevice | undefined;

  /** Makes this device's context current on the calling thread. */
  use(): this {
    if (CudaDevice.current !== this) {
      call('cuCtxSetCurrent', this.context);
      CudaDevice.current = this;
    }
    return this;
  }

  /** Waits for everything queued on the device. */
  synchronize(): void {
    this.use();
    call('cuCtxSynchronize');
    this.freeCollected(true);
  }

  /** Frees of collected memory, waiting for the host's next wait for the device. */
  private readonly collected: (() => void)[] = [];

  /**
   * Queues the free of memory whose array was collected. A free makes the host wait for every
   * kernel on the device, so one run from a finalizer while a launch is in flight would hold the
   * event loop for the rest of that kernel; it waits instead for the host's next wait for the
   * device (a synchronize, a stream's, or an asynchronous launch's completion), when the device
   * has little or nothing left to finish.
   */
  freeWhenIdle(free: () => void): void {
    this.collected.push(free);
  }

  /** Unloads of collected modules, waiting as the frees do (`unloadWhenIdle`). */
  private readonly retired: (() => void)[] = [];

  /**
   * Queues the unload of a module nothing can launch again (its kernels collected). A kernel of
   * it may still run on a stream nobody waited for, so the unload waits for the host's next wait
   * for the device, and then for the whole device to finish.
   */
  unloadWhenIdle(unload: () => void): void {
    this.retired.push(unload);
  }

  /** How many frees of collected memory and unloads of collected modules wait. */
  get pendingFrees(): number {
    return this.collected.length + this.retired.length;
  }

  /**
   * Runs the queued frees of collected memory and unloads of collected modules (after a wait for
   * the device; `idle`: for all of it, which an unload otherwise waits for first).
   */
  freeCollected(idle = false): void {
    if (this.collected.length === 0 && this.retired.length === 0) return;
    this.use();
    if (this.retired.length > 0 && !idle) call('cuCtxSynchronize');
    for (const free of [...this.collected.splice(0), ...this.retired.splice(0)]) {
      try {
        free();
      } catch {
        // memory the driver no longer knows (a reset context) needs no free
      }
    }
  }

  /** A new stream on this device. */
  stream(): CudaStream {
    return new CudaStream(this);
  }
}

/** An ordered queue of work on a device. */
export class CudaStream {
  readonly handle: unknown;
  /** The handle as an integer, as `cuLaunchKernel` takes it. */
  readonly address: bigint;

  constructor(readonly device: CudaDevice) {
    device.use();
    const stream: [unknown] = [null];
    call('cuStreamCreate', stream, 1 /* CU_STREAM_NON_BLOCKING */);
    this.handle = stream[0];
    this.address = handleAddress(this.handle);
  }

  synchronize(): void {
    this.device.use();
    call('cuStreamSynchronize', this.handle);
    this.device.freeCollected();
  }

  destroy(): void {
    call('cuStreamDestroy', this.handle);
  }

  /** Milliseconds the work `enqueue` puts on this stream takes on the GPU, timed with events. */
  time(enqueue: () => void): number {
    this.device.use();
    const [start, end] = [0, 1].map(() => {
      const event: [unknown] = [null];
      call('cuEventCreate', event, 0);
      return event[0];
    });
    try {
      call('cuEventRecord', start, this.handle);
      enqueue();
      call('cuEventRecord', end, this.handle);
      call('cuEventSynchronize', end);
      const ms = [0];
      call('cuEventElapsedTime', ms, start, end);
      return ms[0] as number;
    } finally {
      call('cuEventDestroy', start);
      call('cuEventDestroy', end);
    }
  }
}
