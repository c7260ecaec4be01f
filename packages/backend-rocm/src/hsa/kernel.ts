/**
 * Loaded kernels: a code object loaded into an HSA executable for a GPU, a kernel of it found
 * by its descriptor symbol (`<name>.kd`), dispatches with packed kernel arguments, and device
 * exceptions turned into JS errors after the dispatch completes. The exception block is the
 * code object's `gpuc_exception` variable (see runtime.ts): its owner word says who threw and
 * why; its other words hold the addresses of the message, function and file strings in the
 * loaded code object, and the line.
 */
import {
  checkArguments,
  checkGeometry,
  checkSharedBytes,
  type DeviceError,
  type Dim,
  deviceError,
  EXCEPTION_GLOBAL,
  EXCEPTION_WORDS,
  type KernelType,
  runWithCopies,
} from '@gpuc/core/host';
import { FloatRoundingMode, Status, SymbolInfo } from './abi.js';
import { call, cString, getInfo, HsaError, invoke } from './api.js';
import type { RocmDevice } from './device.js';
import { dispatchGeometry } from './dispatch.js';
import { decodeOwner } from './exceptions.js';
import { KernargLayout } from './kernargs.js';
import { copyFromDevice, copyToDevice, RocmArray, rocmArrayOf } from './memory.js';
import type { KernelMetadata } from './metadata.js';
import { DEFAULT_TIMEOUT_MS, RocmQueue } from './queue.js';

/** The most bytes of a string in the code object an exception report reads. */
const MAX_STRING = 1024;

/**
 * The error a kernel's exception block reports, or null when its owner word is clear. `text`
 * reads the string at a device address ('' when there is none).
 */
export function deviceException(
  kernel: string,
  words: BigUint64Array,
  text: (address: bigint) => string,
): DeviceError | null {
  const read = (i: number) => words[i] ?? 0n;
  const owner = read(EXCEPTION_WORDS.owner);
  if (owner === 0n) return null;
  const { workgroup, workitem, reason } = decodeOwner(owner);
  return deviceError(kernel, {
    message: text(read(EXCEPTION_WORDS.message)),
    function: text(read(EXCEPTION_WORDS.function)),
    file: text(read(EXCEPTION_WORDS.file)),
    line: Number(read(EXCEPTION_WORDS.line)),
    workgroup,
    workitem,
    reason,
  });
}

/** What a module holds in the runtime, destroyed once the module is collected. */
interface ModuleHandles {
  readonly device: RocmDevice;
  readonly executable: { handle: bigint };
  readonly reader: { handle: bigint };
  /** The code object's bytes, which the reader reads from until it is destroyed. */
  readonly image: Buffer;
  /** The queues its kernels were dispatched to. */
  readonly queues: ReadonlySet<RocmQueue>;
}

/**
 * Destroys a collected module's executable once every queue it was dispatched to is idle (tried
 * at each wait for a queue): the loaded-kernel caches drop kernels past their limit, and a
 * process compiling ever new ones would otherwise keep every executable. A module is collected
 * only once no kernel of it is held.
 */
const retirements = new FinalizationRegistry<ModuleHandles>((handles) =>
  handles.device.retireWhenIdle(() => {
    if ([...handles.queues].some((queue) => !queue.idle)) return false;
    destroyHandles(handles);
    return true;
  }),
);

function destroyHandles({ executable, reader }: Pick<ModuleHandles, 'executable' | 'reader'>): void {
  call('hsa_executable_destroy', executable);
  call('hsa_code_object_reader_destroy', reader);
}

/**
 * A loaded code object: an executable holding its code for one GPU, and its exception block.
 * It is destroyed once collected and its queues are idle.
 */
export class RocmModule {
  /** The code object's bytes, which the reader reads from for as long as it lives. */
  private readonly image: Buffer;
  private readonly reader: { handle: bigint };
  private readonly executable: { handle: bigint };
  /** The exception block's device address; undefined for a code object that cannot throw. */
  private readonly exceptions: bigint | undefined;
  /** The queues its kernels were dispatched to, which its destruction waits for. */
  private readonly queues = new Set<RocmQueue>();

  /** Loads a code object (HSACO) for a GPU. */
  constructor(
    readonly device: RocmDevice,
    codeObject: Uint8Array,
  ) {
    this.image = Buffer.from(codeObject);
    const reader: Record<string, unknown> = {};
    call('hsa_code_object_reader_create_from_memory', this.image, this.image.length, reader);
    this.reader = { handle: BigInt(reader.handle as number | bigint) };
    const executable: Record<string, unknown> = {};
    call('hsa_executable_create_alt', device.profile, FloatRoundingMode.DEFAULT, null, executable);
    this.executable = { handle: BigInt(executable.handle as number | bigint) };
    try {
      call('hsa_executable_load_agent_code_object', this.executable, device.agent, this.reader, null, null);
      call('hsa_executable_freeze', this.executable, null);
    } catch (error) {
      this.destroy();
      // Almost always a code object for another processor.
      if (error instanceof HsaError) error.message += ` (the GPU is ${device.isa})`;
      throw error;
    }
    retirements.register(
      this,
      {
        device,
        executable: this.executable,
        reader: this.reader,
        image: this.image,
        queues: this.queues,
      },
      this,
    );
    const block = this.symbol(EXCEPTION_GLOBAL);
    this.exceptions = block
      ? getInfo('hsa_executable_symbol_get_info', block, SymbolInfo.VARIABLE_ADDRESS, 8).readBigUInt64LE(0)
      : undefined;
  }

  /** A symbol of the executable by name, or null when it has none of that name. */
  symbol(name: string): { handle: bigint } | null {
    const symbol: Record<string, unknown> = {};
    const status = invoke(
      'hsa_executable_get_symbol_by_name',
      this.executable,
      name,
      this.device.agent,
      symbol,
    );
    if (status !== Status.SUCCESS) return null;
    return { handle: BigInt(symbol.handle as number | bigint) };
  }

  /**
   * A kernel of this module by its entry name, with the kernel-language argument types it was
   * compiled for and, when at hand, the code object's metadata for it (`readMetadata`).
   */
  kernel(name: string, argTypes: readonly KernelType[], metadata?: KernelMetadata): RocmKernel {
    return new RocmKernel(this, name, argTypes, metadata);
  }

  /** A string of the loaded code object at a device address, read up to its NUL. */
  private deviceString(address: bigint): string {
    if (address === 0n) return '';
    // Read only within the allocation that holds it: past its end the GPU would fault.
    const allocation = this.device.allocationOf(address);
    if (!allocation) return '';
    const left = allocation.base + BigInt(allocation.size) - address;
    if (left <= 0n) return '';
    const bytes = new Uint8Array(Number(left < MAX_STRING ? left : MAX_STRING));
    copyFromDevice(this.device, bytes, address);
    return cString(bytes);
  }

  /** Throws the device exception a kernel of this module raised, if one did (and clears it). */
  checkException(kernel: string): void {
    if (this.exceptions === undefined) return;
    const words = new BigUint64Array(EXCEPTION_WORDS.count);
    const bytes = new Uint8Array(words.buffer);
    // The owner word alone says whether there is anything to read.
    copyFromDevice(this.device, bytes.subarray(0, 8), this.exceptions);
    if (words[EXCEPTION_WORDS.owner] === 0n) return;
    copyFromDevice(this.device, bytes, this.exceptions);
    const error = deviceException(kernel, words, (address) => this.deviceString(address));
    copyToDevice(this.device, this.exceptions, new Uint8Array(bytes.length));
    if (error) throw error;
  }

  /** Records a dispatch of one of its kernels on a queue, which its destruction waits for. */
  dispatchedTo(queue: RocmQueue): void {
    this.queues.add(queue);
  }

  /** Unloads the executable. Its kernels must not be launched again. */
  destroy(): void {
    retirements.unregister(this);
    destroyHandles({ executable: this.executable, reader: this.reader });
  }
}

/** Launch options: dynamic LDS bytes, a queue (without one the launch waits), a time limit. */
export interface RocmLaunchOptions {
  /** LDS bytes per work-group beyond the kernel's static allocation (`gpu.dynamicSharedArray`). */
  readonly sharedBytes?: number;
  /** Where to dispatch; the launch then returns at once, and `synchronize` waits for it. */
  readonly queue?: RocmQueue;
  /** How long waiting for the GPU may take (default 60 s). */
  readonly timeoutMs?: number;
}

/** A kernel of a loaded module, with its kernel-language argument types. */
export class RocmKernel {
  /** The kernel descriptor's address, which a dispatch names. */
  readonly kernelObject: bigint;
  /** LDS and scratch the kernel itself needs, in bytes (per work-group and per work-item). */
  readonly groupSegmentSize: number;
  readonly privateSegmentSize: number;
  /** Where its arguments go. */
  readonly kernargs: KernargLayout;
  /** The largest work-group it was compiled for. */
  readonly maxWorkgroupSize: number;

  /** The kernel's parameter names, for launch errors (set where it is loaded). */
  parameterNames?: () => readonly string[];

  constructor(
    readonly module: RocmModule,
    readonly name: string,
    readonly argTypes: readonly KernelType[],
    metadata?: KernelMetadata,
  ) {
    const symbolName = metadata?.symbol ?? `${name}.kd`;
    const symbol = module.symbol(symbolName);
    if (!symbol) throw new Error(`gpuc: the code object has no kernel ${name} (no symbol ${symbolName})`);
    const u32 = (attribute: number) =>
      getInfo('hsa_executable_symbol_get_info', symbol, attribute, 4).readUInt32LE(0);
    this.kernelObject = getInfo(
      'hsa_executable_symbol_get_info',
      symbol,
      SymbolInfo.KERNEL_OBJECT,
      8,
    ).readBigUInt64LE(0);
    this.groupSegmentSize = u32(SymbolInfo.KERNEL_GROUP_SEGMENT_SIZE);
    this.privateSegmentSize = u32(SymbolInfo.KERNEL_PRIVATE_SEGMENT_SIZE);
    const segmentSize = u32(SymbolInfo.KERNEL_KERNARG_SEGMENT_SIZE);
    this.kernargs = metadata
      ? KernargLayout.fromMetadata(argTypes, metadata)
      : KernargLayout.fromTypes(argTypes, segmentSize, u32(SymbolInfo.KERNEL_KERNARG_SEGMENT_ALIGNMENT));
    if (this.kernargs.size > segmentSize && metadata)
      throw new Error(
        `gpuc: ${name}'s metadata describes ${this.kernargs.size} bytes of arguments; its descriptor ${segmentSize}`,
      );
    this.maxWorkgroupSize = Math.min(
      module.device.maxWorkgroupSize,
      metadata?.maxFlatWorkgroupSize || module.device.maxWorkgroupSize,
    );
  }

  /**
   * Launches over a grid of `grid` work-groups of `block` work-items. Array arguments are
   * RocmArrays (or `{ array, shape }` for views). Without a queue the call waits for the kernel
   * and throws its device exception, if any.
   */
  launch(grid: Dim, block: Dim, args: readonly unknown[], options: RocmLaunchOptions = {}): void {
    // Checked before any HSA call, against the kernel's signature and the device's limits.
    checkArguments(this, args, { host: false, deviceArray: rocmArrayOf });
    const device = this.module.device;
    const checked = checkGeometry(grid, block, { maxThreadsPerBlock: this.maxWorkgroupSize });
    const geometry = dispatchGeometry(checked.grid, checked.block);
    // The LDS the kernel declares takes its part of the work-group's.
    const sharedBytes = checkSharedBytes(options.sharedBytes ?? 0, device.ldsBytes - this.groupSegmentSize);
    const groupSegmentSize = this.groupSegmentSize + sharedBytes;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const queue = options.queue ?? RocmQueue.default(device);
    const space = queue.kernargs(this.kernargs.size, this.kernargs.align, timeoutMs);
    this.kernargs.pack(space.view, space.offset, args, {
      workgroups: geometry.workgroups,
      workgroupSize: geometry.workgroupSize,
      dimensions: geometry.dimensions,
      dynamicSharedBytes: sharedBytes,
      queue: queue.address,
    });
    this.module.dispatchedTo(queue);
    queue.dispatch(
      {
        dimensions: geometry.dimensions,
        workgroupSize: geometry.workgroupSize,
        gridSize: geometry.gridSize,
        privateSegmentSize: this.privateSegmentSize,
        groupSegmentSize,
        kernelObject: this.kernelObject,
        kernargAddress: space.address,
      },
      timeoutMs,
    );
    if (!options.queue) this.synchronize(queue, timeoutMs);
  }

  /**
   * Launches with host values: typed arrays and views (`{ data, shape }`), also inside records
   * and tuples, are copied to the device for the launch and back after it; RocmArrays are used
   * where they are (alone or as `{ array, shape }`); scalars as they are. Waits, and throws the kernel's device exception, if any.
   */
  run(
    grid: Dim,
    block: Dim,
    args: readonly unknown[],
    sharedBytes = 0,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): void {
    const device = this.module.device;
    runWithCopies(
      this,
      args,
      (host) => RocmArray.from(host as never, device),
      (deviceArgs) => this.launch(grid, block, deviceArgs, { sharedBytes, timeoutMs }),
      rocmArrayOf,
    );
  }

  /** Waits for a queue (default: the device's) and throws the kernel's device exception, if any. */
  synchronize(queue = RocmQueue.default(this.module.device), timeoutMs = DEFAULT_TIMEOUT_MS): void {
    try {
      queue.synchronize(timeoutMs);
    } catch (error) {
      // Say which kernel the GPU was running.
      if (error instanceof Error) error.message = `${this.name}: ${error.message}`;
      throw error;
    }
    this.module.checkException(this.name);
  }
}
