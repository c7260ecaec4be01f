/**
 * Device memory: `DeviceArray`, a typed array's worth of GPU memory with its element type, and
 * pinned host memory mapped into the device's address space (for the exception block).
 */
import {
  checkArrayLength,
  DeviceArrayBase,
  type DeviceArrayOf,
  elementName,
  hostAddress,
  koffi,
  type TypedArray,
  type TypedArrayConstructor,
} from '@gpuc/core/host';
import { call } from './api.js';
import { CudaDevice, type CudaStream } from './device.js';

export { elementName };

/**
 * An array in GPU memory with a typed element, like the typed array it mirrors; its copies run
 * on a stream (asynchronously) when given one.
 */
export class DeviceArray<T extends TypedArray = TypedArray> extends DeviceArrayBase<T, CudaStream> {
  private constructor(
    readonly device: CudaDevice,
    kind: TypedArrayConstructor<T>,
    length: number,
    pointer: bigint,
  ) {
    // Collected without `free`: freed at the device's next wait (a free waits for every kernel).
    super(kind, length, pointer, () => device.freeWhenIdle(() => call('cuMemFree', pointer)));
  }

  /** Uninitialised device memory for `length` elements. */
  static alloc<T extends TypedArray>(
    kind: TypedArrayConstructor<T>,
    length: number,
    device = CudaDevice.get(),
  ): DeviceArray<T> {
    checkArrayLength(length);
    device.use();
    const pointer: [number | bigint] = [0];
    call('cuMemAlloc', pointer, Math.max(1, length * kind.BYTES_PER_ELEMENT));
    return new DeviceArray(device, kind, length, BigInt(pointer[0]));
  }

  /** Zeroed device memory. */
  static zeros<T extends TypedArray>(
    kind: TypedArrayConstructor<T>,
    length: number,
    device = CudaDevice.get(),
  ): DeviceArray<T> {
    const array = DeviceArray.alloc(kind, length, device);
    call('cuMemsetD8', array.pointer, 0, array.byteLength);
    return array;
  }

  /** A device copy of a typed array. */
  static from<T extends TypedArray>(host: T, device = CudaDevice.get()): DeviceArray<T> {
    return DeviceArray.alloc(host.constructor as TypedArrayConstructor<T>, host.length, device).write(host);
  }

  protected copyIn(host: T, stream?: CudaStream): void {
    this.device.use();
    if (stream) call('cuMemcpyHtoDAsync', this.pointer, host, this.byteLength, stream.handle);
    else call('cuMemcpyHtoD', this.pointer, host, this.byteLength);
  }

  protected copyOut(host: T, stream?: CudaStream): void {
    this.device.use();
    if (stream) call('cuMemcpyDtoHAsync', host, this.pointer, this.byteLength, stream.handle);
    else call('cuMemcpyDtoH', host, this.pointer, this.byteLength);
  }

  protected release(): void {
    this.device.use();
    call('cuMemFree', this.pointer);
  }
}

/** A DeviceArray's element type and rank, as launch checks take it; undefined for anything else. */
export const deviceArrayOf: DeviceArrayOf = (value) =>
  value instanceof DeviceArray ? value.argument : undefined;

/**
 * Returns pinned host memory once the ArrayBuffer over it is collected, at the device's next wait
 * (freeing pinned memory waits for every kernel, as freeing device memory does).
 */
const pinnedFinalizer = new FinalizationRegistry<{ device: CudaDevice; host: unknown }>(({ device, host }) =>
  device.freeWhenIdle(() => call('cuMemFreeHost', host)),
);

/**
 * A typed array in pinned (page-locked) host memory: copies between it and the device run at
 * full speed and, on a stream, asynchronously. Its memory goes back when the array's buffer is
 * collected.
 */
export function pinnedArray<T extends TypedArray>(
  kind: TypedArrayConstructor<T>,
  length: number,
  device = CudaDevice.get(),
): T {
  const memory = new MappedMemory(device, Math.max(1, length * kind.BYTES_PER_ELEMENT));
  const array = new (kind as unknown as new (buffer: ArrayBuffer, offset: number, length: number) => T)(
    memory.view,
    0,
    length,
  );
  pinnedFinalizer.register(array.buffer, { device, host: memory.host });
  return array;
}

/** Pinned host memory the device reads and writes through its own address for it. */
export class MappedMemory {
  readonly host: unknown;
  readonly devicePointer: bigint;
  /** The memory, seen from JavaScript (no copy). */
  readonly view: ArrayBuffer;

  constructor(
    readonly device: CudaDevice,
    readonly byteLength: number,
  ) {
    device.use();
    const host: [unknown] = [null];
    // CU_MEMHOSTALLOC_PORTABLE | CU_MEMHOSTALLOC_DEVICEMAP
    call('cuMemHostAlloc', host, byteLength, 0x01 | 0x02);
    this.host = host[0];
    const pointer: [number | bigint] = [0];
    call('cuMemHostGetDevicePointer', pointer, this.host, 0);
    this.devicePointer = BigInt(pointer[0]);
    this.view = koffi().view(this.host, byteLength);
    new Uint8Array(this.view).fill(0);
  }
}

/** The address of host memory (a Buffer or typed array) for the driver. */
export const addressOf = (memory: ArrayBufferView): bigint => hostAddress(memory);
