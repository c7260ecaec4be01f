/**
 * Loaded kernels: a module (PTX through the driver's JIT, or a cubin) with its exception block
 * patched in, a kernel function in it, launches with packed parameters, and device exceptions
 * turned into JS errors after synchronising.
 */
import {
  argumentChecker,
  CAPTURED_SYMBOL,
  type CapturedArray,
  capturedContents,
  checkSharedBytes,
  type Dim,
  deviceError,
  EXCEPTION_GLOBAL,
  EXCEPTION_WORDS,
  type GeometryLimits,
  type KernelType,
  REASONS,
  runWithCopies,
  runWithCopiesAsync,
  writeGeometry,
} from '@gpuc/core/host';
import { CudaError, call, check, driverFunction, handleAddress } from './api.js';
import { whenReady } from './completion.js';
import type { CudaDevice, CudaStream } from './device.js';
import { LaunchConfig } from './launch-config.js';
import { addressOf, DeviceArray, deviceArrayOf, MappedMemory } from './memory.js';
import { ParameterBlock } from './parameters.js';

/**
 * A string the kernel's module holds at a device address, read back up to its NUL: in chunks,
 * byte by byte where a chunk would run past the end of the module's memory.
 */
function deviceString(address: bigint): string {
  if (address === 0n) return '';
  const bytes: number[] = [];
  const read = (at: number, into: Uint8Array) => {
    try {
      call('cuMemcpyDtoH', into, address + BigInt(at), into.length);
      return true;
    } catch {
      return false;
    }
  };
  const chunk = new Uint8Array(16);
  const one = new Uint8Array(1);
  for (let at = 0; at < 1024; ) {
    if (read(at, chunk)) {
      const end = chunk.indexOf(0);
      bytes.push(...(end < 0 ? chunk : chunk.subarray(0, end)));
      if (end >= 0) break;
      at += chunk.length;
    } else {
      if (!read(at, one) || one[0] === 0) break;
      bytes.push(one[0] as number);
      at += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `error`, the driver's refusal of PTX, with the JIT's error log for it where it gives one. */
function withJitLog(image: string, error: unknown): unknown {
  const log = Buffer.alloc(8192);
  const options = Int32Array.from([5 /* ERROR_LOG_BUFFER */, 6 /* ERROR_LOG_BUFFER_SIZE_BYTES */]);
  const values = BigUint64Array.from([addressOf(log), BigInt(log.length)]);
  const module: [unknown] = [null];
  try {
    call('cuModuleLoadDataEx', module, image, options.length, options, values);
  } catch (again) {
    const text = log.subarray(0, log.indexOf(0)).toString('utf8').trim();
    if (again instanceof CudaError && text) again.message += `\n${text}`;
    return again;
  }
  // Loaded the second time (a failure that passed): unload it, the first refusal stands.
  call('cuModuleUnload', module[0]);
  return error;
}

/** A module global's device address, or undefined where the module has none of that name. */
function moduleGlobal(module: unknown, name: string): bigint | undefined {
  const pointer: [number | bigint] = [0];
  const size: [number | bigint] = [0];
  try {
    call('cuModuleGetGlobal', pointer, size, module, name);
  } catch {
    return undefined;
  }
  return BigInt(pointer[0]);
}

/** A loaded module: its code on the device, its exception block and its captured arrays' globals. */
export class CudaModule {
  readonly handle: unknown;
  /** The exception block's words, as the host reads them (none where the module cannot throw). */
  private readonly exceptions: BigUint64Array | undefined;
  /**
   * The constant-memory globals each launch fills with a captured array, with their addresses
   * (none for an empty array, which a launch only checks: its length is compiled in).
   */
  private readonly filled: readonly { readonly global: CapturedArray; readonly address?: bigint }[];

  /**
   * Loads PTX text (JIT-compiled by the driver for the device) or a cubin.
   *
   * @param captures the globals its launches fill with captured arrays (the compile result's
   *   `captures`); a module with such globals and no `captures` is refused (they would stay zero)
   */
  constructor(
    readonly device: CudaDevice,
    image: string | Buffer,
    captures: readonly CapturedArray[] = [],
  ) {
    device.use();
    const module: [unknown] = [null];
    try {
      call('cuModuleLoadData', module, image);
    } catch (error) {
      // PTX the driver rejects is loaded again for the JIT's error log. Only then: PTX loaded
      // with JIT options is compiled afresh each time (not from the driver's compute cache),
      // about 30 ms for a small kernel on an H100, in every new process.
      if (typeof image === 'string') throw withJitLog(image, error);
      throw error;
    }
    this.handle = module[0];
    if (captures.length === 0 && moduleGlobal(this.handle, `${CAPTURED_SYMBOL}0`) !== undefined)
      throw new Error(
        "gpuc: this module reads arrays captured from a scope: load it with the compile result's captures",
      );
    this.filled = captures.map((global) => {
      if (global.bytes === 0) return { global };
      const address = moduleGlobal(this.handle, global.symbol);
      if (address === undefined) throw new Error(`gpuc: the module has no global ${global.symbol}`);
      return { global, address };
    });
    const exceptionBlock = moduleGlobal(this.handle, EXCEPTION_GLOBAL);
    // A module that cannot throw has no exception block.
    if (exceptionBlock === undefined) {
      this.exceptions = undefined;
      return;
    }
    const block = new MappedMemory(device, EXCEPTION_WORDS.count * 8);
    this.exceptions = new BigUint64Array(block.view);
    call('cuMemcpyHtoD', exceptionBlock, BigUint64Array.from([block.devicePointer]), 8);
  }

  /**
   * Queues copies of a scope's captured arrays into their globals on a stream, ahead of a
   * launch on it (the driver stages pageable memory at once: later host writes change nothing).
   * Launches of one module on several streams at once share these globals.
   */
  fillCaptured(scope: Readonly<Record<string, unknown>>, stream?: CudaStream): void {
    if (this.filled.length === 0) return;
    const contents = capturedContents(
      this.filled.map((f) => f.global),
      scope,
    );
    this.filled.forEach(({ address, global }, i) => {
      if (address !== undefined)
        call('cuMemcpyHtoDAsync', address, contents[i]?.data, global.bytes, stream?.handle ?? null);
    });
  }

  /** A kernel of this module by its entry name. */
  kernel(name: string, argTypes: readonly KernelType[]): CudaKernel {
    this.device.use();
    const fn: [unknown] = [null];
    call('cuModuleGetFunction', fn, this.handle, name);
    return new CudaKernel(this, name, fn[0], argTypes);
  }

  /** Throws the device exception a kernel of this module raised, if one did (and clears it). */
  checkException(kernel: string): void {
    const words = this.exceptions;
    if (!words) return;
    if (words[EXCEPTION_WORDS.signalled] === 0n) return;
    const read = (i: number) => words[i] ?? 0n;
    const report = {
      message: deviceString(read(EXCEPTION_WORDS.message)),
      function: deviceString(read(EXCEPTION_WORDS.function)),
      file: deviceString(read(EXCEPTION_WORDS.file)),
      line: Number(read(EXCEPTION_WORDS.line)),
      // The block does not record which thread raised it.
      workgroup: -1,
      workitem: -1,
      reason: REASONS.exception,
    };
    words.fill(0n);
    throw deviceError(kernel, report);
  }
}

/** Launch options: dynamic shared memory bytes, and a stream (without one the launch waits). */
export interface CudaLaunchOptions {
  readonly sharedBytes?: number;
  readonly stream?: CudaStream;
}

/**
 * A kernel function of a loaded module, with its kernel-language argument types; `Args` are the
 * arguments its launches take (`compileCuda` gives a typed kernel's `LaunchArguments`).
 */
export class CudaKernel<Args extends readonly unknown[] = readonly unknown[]> {
  private readonly parameters: ParameterBlock;
  /** The most dynamic shared memory launches may ask for (48 KiB until raised). */
  private sharedLimit = 48 * 1024;
  /** Block sizes the occupancy calculator suggested, by dynamic shared bytes. */
  private readonly suggested = new Map<number, number>();
  /** The kernel's parameter names, for launch errors (set where it is loaded). */
  parameterNames?: () => readonly string[];
  /** The scope whose captured arrays each launch copies to the device (see `withScope`). */
  private readonly scope: Readonly<Record<string, unknown>> = {};
  /** The kernel as loaded, which kernels bound to other scopes share their state with. */
  private readonly loaded: CudaKernel<Args> = this;
  /** What a launch checks and calls, made on the first launch (see `prepare`). */
  private prepared:
    | {
        readonly check: (args: readonly unknown[]) => void;
        readonly limits: GeometryLimits;
        /** Dynamic shared memory left beside the kernel's static shared memory. */
        readonly sharedBytes: number;
        /** The geometry and stream of the next launch, and the launch itself. */
        readonly config: LaunchConfig;
      }
    | undefined;

  constructor(
    readonly module: CudaModule,
    readonly name: string,
    readonly handle: unknown,
    readonly argTypes: readonly KernelType[],
  ) {
    this.parameters = new ParameterBlock(argTypes);
  }

  /**
   * This kernel reading its captured arrays from a scope whose arrays have the types and
   * lengths it was compiled for (its code depends on those only); it shares the loaded kernel.
   */
  withScope(scope: Readonly<Record<string, unknown>>): CudaKernel<Args> {
    if (scope === this.scope) return this;
    return Object.create(this.loaded, { scope: { value: scope } }) as CudaKernel<Args>;
  }

  /**
   * Launches over a grid. Array arguments are DeviceArrays (or `{ array, shape }` for views);
   * without a stream the call waits for the kernel and throws its device exception, if any.
   */
  launch(grid: Dim, block: Dim, args: Args, options: CudaLaunchOptions = {}): void {
    this.enqueue(grid, block, args, options);
    if (!options.stream) this.synchronize();
  }

  /**
   * `launch` that leaves the event loop free: the launch is checked and queued on the stream
   * (default: the context's default stream) now, and the promise settles when the kernel has
   * finished: resolved, or rejected with its device exception or the driver's error (a bad
   * argument or geometry rejects it before anything is queued). Completion is seen by polling an
   * event (`completion.ts` says why). Until then the kernel owns its DeviceArrays: do not free
   * them; a synchronous copy from one waits for the kernel. Concurrent launches of one module
   * share its exception report: the first to finish after a throw rejects.
   */
  async launchAsync(grid: Dim, block: Dim, args: Args, options: CudaLaunchOptions = {}): Promise<void> {
    this.enqueue(grid, block, args, options);
    const event: [unknown] = [null];
    call('cuEventCreate', event, 2 /* CU_EVENT_DISABLE_TIMING */);
    try {
      call('cuEventRecord', event[0], options.stream?.handle ?? null);
      const query = driverFunction('cuEventQuery');
      const code = await whenReady(() => query(event[0]));
      this.module.device.use();
      this.failed(() => check('cuEventQuery', code));
      // Done: collected memory may be freed now without holding the event loop for a kernel.
      this.module.device.freeCollected();
    } finally {
      call('cuEventDestroy', event[0]);
    }
    this.module.checkException(this.name);
  }

  /** Checks and queues a launch (`launch` and `launchAsync` then wait for it their ways). */
  private enqueue(grid: Dim, block: Dim, args: readonly unknown[], options: CudaLaunchOptions): void {
    const { check: checkArgs, limits, sharedBytes: sharedMax, config } = this.prepare();
    // Checked before any driver call, against the kernel's signature and the device's limits,
    // and written where the driver reads them.
    checkArgs(args);
    const extents = config.extents;
    writeGeometry(grid, block, limits, extents);
    const sharedBytes = checkSharedBytes(options.sharedBytes ?? 0, sharedMax);
    extents[6] = sharedBytes;
    this.parameters.fill(args);
    this.module.device.use();
    const loaded = this.loaded;
    if (sharedBytes > loaded.sharedLimit) {
      // CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES: above 48 KiB a kernel must opt in.
      call('cuFuncSetAttribute', this.handle, 8, sharedBytes);
      loaded.sharedLimit = sharedBytes;
    }
    const stream = options.stream;
    this.module.fillCaptured(this.scope, stream);
    config.stream[0] = stream ? stream.address : 0n;
    check('cuLaunchKernel', config.launch());
  }

  /**
   * What every launch of this kernel uses, asked of the driver once: the argument checker for its
   * signature, the geometry limits (the device's, and the most threads per block its registers
   * and launch bounds allow), the dynamic shared memory left beside its static shared memory, and
   * the launch configuration the driver reads.
   */
  private prepare(): NonNullable<CudaKernel['prepared']> {
    const loaded = this.loaded;
    if (!loaded.prepared) {
      const device = this.module.device;
      device.use();
      const attribute = (id: number) => {
        const value = [0];
        call('cuFuncGetAttribute', value, id, this.handle);
        return value[0] as number;
      };
      // CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK and CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES.
      const maxThreadsPerBlock = attribute(0);
      const staticShared = attribute(1);
      loaded.prepared = {
        check: argumentChecker(loaded, { host: false, deviceArray: deviceArrayOf }),
        limits: {
          ...device.limits,
          maxThreadsPerBlock: Math.min(device.limits.maxThreadsPerBlock ?? 1024, maxThreadsPerBlock),
        },
        sharedBytes: device.maxSharedBytesPerBlock - staticShared,
        config: new LaunchConfig(handleAddress(this.handle), this.parameters.kernelParams),
      };
    }
    return loaded.prepared;
  }

  /**
   * Launches with host values: typed arrays and views (`{ data, shape }`), also inside records
   * and tuples, are copied to the device for the launch and back after it, DeviceArrays are used
   * where they are, scalars as they are. Waits, and throws the kernel's device exception, if any.
   */
  run(grid: Dim, block: Dim, args: Args, sharedBytes = 0): void {
    const device = this.module.device;
    runWithCopies(
      this,
      args,
      (host) => DeviceArray.from(host as never, device),
      // The arguments with device copies for host arrays: still what `Args` describes.
      (deviceArgs) => this.launch(grid, block, deviceArgs as unknown as Args, { sharedBytes }),
      deviceArrayOf,
    );
  }

  /**
   * `run` that leaves the event loop free while the kernel runs (see `launchAsync`): the host
   * arrays are copied to the device before the promise is returned and back when the kernel has
   * finished, so what JavaScript writes into them meanwhile is overwritten.
   */
  runAsync(grid: Dim, block: Dim, args: Args, sharedBytes = 0): Promise<void> {
    const device = this.module.device;
    return runWithCopiesAsync(
      this,
      args,
      (host) => DeviceArray.from(host as never, device),
      (deviceArgs) => this.launchAsync(grid, block, deviceArgs as unknown as Args, { sharedBytes }),
      deviceArrayOf,
    );
  }

  /**
   * The block size that lets the most threads of this kernel run at once on its device, for its
   * registers, static shared memory and `sharedBytes` of dynamic shared memory per block (the
   * driver's occupancy calculator); sized launches (`{ size: n }`) use it.
   */
  suggestedBlock(sharedBytes = 0): number {
    const key = sharedBytes;
    let block = this.suggested.get(key);
    if (block === undefined) {
      this.module.device.use();
      const minGrid = [0];
      const size = [0];
      call('cuOccupancyMaxPotentialBlockSize', minGrid, size, this.handle, null, sharedBytes, 0);
      block = size[0] as number;
      this.suggested.set(key, block);
    }
    return block;
  }

  /** Waits for the device (or a stream) and throws the kernel's device exception, if any. */
  synchronize(stream?: CudaStream): void {
    this.failed(() => {
      if (stream) stream.synchronize();
      else this.module.device.synchronize();
    });
    this.module.checkException(this.name);
  }

  /** Runs a wait for the kernel; a fault (an illegal address, a trap) says which kernel it was. */
  private failed(wait: () => void): void {
    try {
      wait();
    } catch (error) {
      if (error instanceof CudaError) error.message = `${this.name}: ${error.message}`;
      throw error;
    }
  }
}
