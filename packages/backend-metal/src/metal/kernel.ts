/**
 * Loaded kernels on Metal: a metallib made into an `MTLLibrary`, a kernel function of it made
 * into a compute pipeline, and launches: one command buffer each, its arguments bound as bytes
 * at the buffer indices the kernel interface gives, the arrays they reference made resident,
 * the status buffer and heap bound, dynamic threadgroup memory sized, and after the GPU is done
 * the command buffer's error or the kernel's device exception thrown as a JS error.
 */
import { checkArguments, type Dim, type KernelType, runWithCopies, type TypedArray } from '@gpuc/core/host';
import { encodeArguments, MAX_INLINE_BYTES, referencedBuffers } from './arguments.js';
import type { MetalDevice } from './device.js';
import { checkThreadgroupMemory, launchGeometry, threadgroupMemoryLength } from './geometry.js';
import type { MetalKernelInterface } from './interface.js';
import { MetalArray, metalArrayOf, SharedBuffer } from './memory.js';
import { type Id, objc } from './objc.js';
import {
  DEFAULT_HEAP_BYTES,
  heapBufferBytes,
  resetHeap,
  resetStatus,
  STATUS_BYTES,
  statusError,
} from './status.js';

/** `MTLResourceUsage`: kernels both read and write the arrays they are given. */
export const RESOURCE_USAGE_READ_WRITE = 1 | 2;

/** `MTLCommandBufferStatus`. */
export const COMMAND_BUFFER_STATUS = Object.freeze({
  notEnqueued: 0,
  enqueued: 1,
  committed: 2,
  scheduled: 3,
  completed: 4,
  error: 5,
});

/**
 * Returns a loaded library's or kernel's Metal object once its owner is collected: the
 * loaded-kernel caches drop kernels past `cacheLimits().kernels`, and a process loading ever new
 * ones would otherwise keep every library and pipeline. A launch waits for its command buffer
 * (which retains what it uses besides), so no work of a collected kernel is left by then; its
 * status and heap buffers have their own finalizer (memory.ts).
 */
const releases = new FinalizationRegistry<Id>((object) => {
  try {
    objc().release(object);
  } catch {
    // nothing to do at exit
  }
});

/** A metallib loaded on a device, returned to Metal once collected. */
export class MetalLibrary {
  /** The `MTLLibrary` (+1). */
  readonly handle: Id;

  /** Loads a metallib's bytes (Metal copies them); a clear error with Metal's reason when it refuses. */
  constructor(
    readonly device: MetalDevice,
    metallib: Uint8Array,
  ) {
    const runtime = objc();
    this.handle = runtime.withPool(() => {
      const data = runtime.dispatchData(metallib);
      try {
        const error: [Id | null] = [null];
        const library = runtime.msg.idWithIdError(
          device.handle,
          runtime.sel('newLibraryWithData:error:'),
          data,
          error,
        );
        if (!library)
          throw new Error(
            `gpuc: Metal refused the metallib on ${device.name}: ${runtime.errorText(error[0]) || 'no reason given'}`,
          );
        return library;
      } finally {
        runtime.dispatchRelease(data);
      }
    });
    releases.register(this, this.handle, this);
  }

  /** A kernel of this library, with the interface it was compiled with and its argument types. */
  kernel(kernelInterface: MetalKernelInterface, argTypes: readonly KernelType[]): MetalKernel {
    return new MetalKernel(this, kernelInterface, argTypes);
  }

  /** Returns the library to Metal now (once); its pipelines live on. */
  release(): void {
    if (releases.unregister(this)) objc().release(this.handle);
  }
}

/** What a launch may say besides its sizes and arguments. */
export interface MetalLaunchOptions {
  /** Bytes of dynamic threadgroup memory per threadgroup (`gpu.dynamicSharedArray`). */
  readonly sharedBytes?: number;
  /** Bytes the kernel's heap holds for `malloc` (default 8 MiB), for kernels that allocate. */
  readonly heapBytes?: number;
}

/** A kernel as a compute pipeline, with what the host needs to launch it; released once collected. */
export class MetalKernel {
  /** The kernel's function name. */
  readonly name: string;
  /** The `MTLComputePipelineState` (+1). */
  readonly pipeline: Id;
  /** The most threads a threadgroup of this kernel may have. */
  readonly maxTotalThreadsPerThreadgroup: number;
  /** The SIMD-group width. */
  readonly threadExecutionWidth: number;
  /** Threadgroup memory the kernel declares itself, in bytes. */
  readonly staticThreadgroupMemoryLength: number;
  private status: SharedBuffer | undefined;
  private heap: SharedBuffer | undefined;
  /** The kernel's parameter names, for launch errors (set where it is loaded). */
  parameterNames?: () => readonly string[];

  constructor(
    readonly library: MetalLibrary,
    readonly kernelInterface: MetalKernelInterface,
    readonly argTypes: readonly KernelType[],
  ) {
    this.name = kernelInterface.entry;
    if (kernelInterface.arguments !== argTypes.length)
      throw new Error(
        `gpuc: ${this.name} takes ${kernelInterface.arguments} arguments in its interface, not ${argTypes.length}`,
      );
    const runtime = objc();
    const { msg, sel } = runtime;
    const device = library.device;
    this.pipeline = runtime.withPool(() => {
      const fn = msg.idWithId(library.handle, sel('newFunctionWithName:'), runtime.nsString(this.name));
      if (!fn) throw new Error(`gpuc: the Metal library has no function ${this.name}`);
      try {
        const error: [Id | null] = [null];
        const pipeline = msg.idWithIdError(
          device.handle,
          sel('newComputePipelineStateWithFunction:error:'),
          fn,
          error,
        );
        if (!pipeline)
          throw new Error(
            `gpuc: Metal could not make a pipeline of ${this.name}: ${runtime.errorText(error[0]) || 'no reason given'}`,
          );
        return pipeline;
      } finally {
        runtime.release(fn);
      }
    });
    releases.register(this, this.pipeline, this);
    const count = (selector: string) => Number(msg.u64(this.pipeline, sel(selector)));
    this.maxTotalThreadsPerThreadgroup = count('maxTotalThreadsPerThreadgroup');
    this.threadExecutionWidth = count('threadExecutionWidth');
    this.staticThreadgroupMemoryLength = count('staticThreadgroupMemoryLength');
  }

  get device(): MetalDevice {
    return this.library.device;
  }

  /** The status buffer, made on first launch and reused (launches wait, so never shared). */
  private statusBuffer(): SharedBuffer {
    this.status ??= SharedBuffer.allocate(this.device, STATUS_BYTES);
    return this.status;
  }

  /** The heap buffer of `capacity` bytes, remade when a launch asks for another size. */
  private heapBuffer(capacity: number): SharedBuffer {
    const bytes = heapBufferBytes(capacity);
    if (this.heap?.byteLength !== bytes) {
      this.heap?.release();
      this.heap = SharedBuffer.allocate(this.device, bytes);
    }
    return this.heap;
  }

  /**
   * Launches over a grid of `grid` threadgroups of `block` threads and waits for it. Array
   * arguments are MetalArrays (or `{ array, shape }` views of them). Throws Metal's error, or the
   * kernel's device exception, if any.
   */
  launch(grid: Dim, block: Dim, args: readonly unknown[], options: MetalLaunchOptions = {}): void {
    // Checked before any Metal call, against the kernel's signature and the device's limits.
    checkArguments(this, args, { host: false, deviceArray: metalArrayOf });
    const device = this.device;
    const geometry = launchGeometry(grid, block, {
      maxThreadsPerThreadgroup: device.maxThreadsPerThreadgroup,
      maxTotalThreadsPerThreadgroup: this.maxTotalThreadsPerThreadgroup,
    });
    const sharedBytes = options.sharedBytes ?? 0;
    const threadgroupIndex = this.kernelInterface.threadgroupMemory;
    const dynamicLength = threadgroupMemoryLength(sharedBytes);
    checkThreadgroupMemory(
      this.name,
      this.staticThreadgroupMemoryLength,
      threadgroupIndex === null ? 0 : dynamicLength,
      device.maxThreadgroupMemoryLength,
    );
    const blocks = encodeArguments(this.argTypes, args);
    const arrays = referencedBuffers(this.argTypes, args).map((buffer) => {
      if (!(buffer instanceof MetalArray))
        throw new TypeError(`gpuc: ${this.name}: array arguments must be MetalArrays`);
      if (buffer.freed) throw new Error(`gpuc: ${this.name}: an array argument was freed`);
      if (buffer.device !== device)
        throw new Error(
          `gpuc: ${this.name}: an array argument is on ${buffer.device.name}, not ${device.name}`,
        );
      return buffer;
    });
    const status = this.statusBuffer();
    const statusWords = new Uint32Array(status.bytes.buffer, status.bytes.byteOffset, STATUS_BYTES / 4);
    resetStatus(statusWords, sharedBytes);
    const heapIndex = this.kernelInterface.heap;
    let heap: SharedBuffer | undefined;
    if (heapIndex !== null) {
      const capacity = options.heapBytes ?? DEFAULT_HEAP_BYTES;
      heap = this.heapBuffer(capacity);
      resetHeap(new Uint32Array(heap.bytes.buffer, heap.bytes.byteOffset, 4), capacity);
    }
    const runtime = objc();
    const { msg, sel } = runtime;
    const temporaries: SharedBuffer[] = [];
    try {
      runtime.withPool(() => {
        const commands = msg.id(device.queue, sel('commandBuffer'));
        if (!commands) throw new Error(`gpuc: Metal gave no command buffer for ${this.name}`);
        const encoder = msg.id(commands, sel('computeCommandEncoder'));
        if (!encoder) throw new Error(`gpuc: Metal gave no compute encoder for ${this.name}`);
        msg.voidWithId(encoder, sel('setComputePipelineState:'), this.pipeline);
        for (const { bytes, index } of blocks) {
          if (bytes.length <= MAX_INLINE_BYTES) {
            msg.voidWithPointerU64U64(encoder, sel('setBytes:length:atIndex:'), bytes, bytes.length, index);
          } else {
            const buffer = SharedBuffer.allocate(device, bytes.length);
            temporaries.push(buffer);
            buffer.bytes.set(bytes);
            msg.voidWithPointerU64U64(encoder, sel('setBuffer:offset:atIndex:'), buffer.handle, 0, index);
          }
        }
        // Arrays are reached through addresses in the argument bytes: Metal must be told.
        for (const array of arrays)
          msg.voidWithIdU64(encoder, sel('useResource:usage:'), array.buffer, RESOURCE_USAGE_READ_WRITE);
        const bind = (buffer: SharedBuffer, index: number) =>
          msg.voidWithPointerU64U64(encoder, sel('setBuffer:offset:atIndex:'), buffer.handle, 0, index);
        bind(status, this.kernelInterface.status);
        if (heap && heapIndex !== null) bind(heap, heapIndex);
        if (threadgroupIndex !== null)
          msg.voidWithU64U64(
            encoder,
            sel('setThreadgroupMemoryLength:atIndex:'),
            dynamicLength,
            threadgroupIndex,
          );
        const size = ([width, height, depth]: readonly [number, number, number]) => ({
          width,
          height,
          depth,
        });
        msg.voidWithSizes(
          encoder,
          sel('dispatchThreadgroups:threadsPerThreadgroup:'),
          size(geometry.threadgroups),
          size(geometry.threadsPerThreadgroup),
        );
        msg.void(encoder, sel('endEncoding'));
        msg.void(commands, sel('commit'));
        msg.void(commands, sel('waitUntilCompleted'));
        const state = Number(msg.u64(commands, sel('status')));
        if (state !== COMMAND_BUFFER_STATUS.completed) {
          const reason = runtime.errorText(msg.id(commands, sel('error')));
          throw new Error(
            `gpuc: Metal could not run ${this.name}: ${reason || `command buffer status ${state}`}`,
          );
        }
      });
    } finally {
      for (const buffer of temporaries) buffer.release();
    }
    const error = statusError(this.name, statusWords, this.kernelInterface.strings);
    if (error) throw error;
  }

  /**
   * Launches with host values: typed arrays and views (`{ data, shape }`), also inside records
   * and tuples, are copied to Metal memory for the launch and back after it; MetalArrays are
   * used where they are; scalars as they are. Waits, and throws the kernel's device exception.
   */
  run(grid: Dim, block: Dim, args: readonly unknown[], options: MetalLaunchOptions = {}): void {
    runWithCopies(
      this,
      args,
      (host) => MetalArray.from(host as TypedArray, this.device),
      (deviceArgs) => this.launch(grid, block, deviceArgs, options),
      metalArrayOf,
    );
  }

  /** Returns the pipeline and the kernel's buffers to Metal now (once). The kernel must not be launched again. */
  release(): void {
    this.status?.release();
    this.heap?.release();
    if (releases.unregister(this)) objc().release(this.pipeline);
  }
}
