/**
 * GPU memory on Metal: buffers in shared storage, which the CPU reads and writes in place
 * (`contents`) and kernels reach by their GPU address (`gpuAddress`, Metal 3, macOS 13), since
 * gpuc passes arrays as addresses inside argument bytes rather than as bound buffers. `MetalArray`
 * is such a buffer with a typed element, and a core `DeviceBuffer`, so `writeArgument` encodes it.
 */
import {
  bytesOf,
  checkArrayLength,
  checkCopy,
  type DeviceArrayOf,
  type DeviceBuffer,
  TYPED_ARRAYS,
  type TypedArray,
} from '@gpuc/core/host';
import { MetalDevice } from './device.js';
import { type Id, objc } from './objc.js';

/** `MTLResourceOptions`: shared storage (the CPU and GPU see the same memory), default caching. */
export const RESOURCE_STORAGE_MODE_SHARED = 0;

type TypedArrayConstructor<T extends TypedArray> = {
  new (length: number): T;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
};

/** Releases buffers their owners forgot to free. */
const finalizer = new FinalizationRegistry<Id>((buffer) => {
  try {
    objc().release(buffer);
  } catch {
    // nothing to do at exit
  }
});

/**
 * An `MTLBuffer` in shared storage, owned by the host code: its bytes seen from JavaScript, and
 * its GPU address when asked for.
 */
export class SharedBuffer {
  private released = false;
  /** The buffer's memory (no copy); valid until `release`. */
  readonly bytes: Uint8Array;

  private constructor(
    readonly device: MetalDevice,
    /** The `MTLBuffer` (+1). */
    readonly handle: Id,
    readonly byteLength: number,
  ) {
    const { msg, sel, view } = objc();
    this.bytes = view(msg.id(handle, sel('contents')) as Id, byteLength);
    finalizer.register(this, handle, this);
  }

  /** A new buffer of `byteLength` bytes (at least 16: Metal makes no empty buffers). */
  static allocate(device: MetalDevice, byteLength: number): SharedBuffer {
    if (!Number.isInteger(byteLength) || byteLength < 0)
      throw new RangeError(`gpuc: bad Metal buffer size ${byteLength}`);
    const { msg, sel } = objc();
    const handle = msg.idWithU64U64(
      device.handle,
      sel('newBufferWithLength:options:'),
      Math.max(byteLength, 16),
      RESOURCE_STORAGE_MODE_SHARED,
    );
    if (!handle)
      throw new Error(
        `gpuc: Metal could not allocate ${byteLength} bytes on ${device.name} (out of memory?)`,
      );
    return new SharedBuffer(device, handle, byteLength);
  }

  /** The buffer's GPU address, which kernels dereference; a clear error before Metal 3. */
  gpuAddress(): bigint {
    const { msg, sel, responds } = objc();
    if (!responds(this.handle, 'gpuAddress'))
      throw new Error('gpuc: Metal arrays need MTLBuffer gpuAddress (Metal 3: macOS 13 or later)');
    return BigInt(msg.u64(this.handle, sel('gpuAddress')));
  }

  get isReleased(): boolean {
    return this.released;
  }

  /** Returns the buffer to Metal now. */
  release(): void {
    if (this.released) return;
    this.released = true;
    finalizer.unregister(this);
    objc().release(this.handle);
  }
}

/** An array in Metal memory with a typed element, like the typed array it mirrors. */
/** A MetalArray's element type and rank, as launch checks take it; undefined for anything else. */
export const metalArrayOf: DeviceArrayOf = (value) =>
  value instanceof MetalArray ? { element: TYPED_ARRAYS[value.kind.name] as string, rank: 1 } : undefined;

export class MetalArray<T extends TypedArray = TypedArray> implements DeviceBuffer {
  /** The GPU address of the first element. */
  readonly pointer: bigint;

  private constructor(
    /** The shared buffer holding the elements. */
    readonly storage: SharedBuffer,
    readonly kind: TypedArrayConstructor<T>,
    readonly length: number,
  ) {
    this.pointer = storage.gpuAddress();
  }

  /** Uninitialised memory for `length` elements. */
  static alloc<T extends TypedArray>(
    kind: TypedArrayConstructor<T>,
    length: number,
    device = MetalDevice.get(),
  ): MetalArray<T> {
    checkArrayLength(length);
    return new MetalArray(SharedBuffer.allocate(device, length * kind.BYTES_PER_ELEMENT), kind, length);
  }

  /** Zeroed memory for `length` elements. */
  static zeros<T extends TypedArray>(
    kind: TypedArrayConstructor<T>,
    length: number,
    device = MetalDevice.get(),
  ): MetalArray<T> {
    const array = MetalArray.alloc(kind, length, device);
    array.storage.bytes.fill(0);
    return array;
  }

  /** A device copy of a typed array. */
  static from<T extends TypedArray>(host: T, device = MetalDevice.get()): MetalArray<T> {
    return MetalArray.alloc(host.constructor as TypedArrayConstructor<T>, host.length, device).write(host);
  }

  get device(): MetalDevice {
    return this.storage.device;
  }

  /** The `MTLBuffer`, which a launch makes resident (`useResource:usage:`). */
  get buffer(): Id {
    return this.storage.handle;
  }

  get byteLength(): number {
    return this.length * this.kind.BYTES_PER_ELEMENT;
  }

  /** Whether `free` was called. */
  get freed(): boolean {
    return this.storage.isReleased;
  }

  private check(host: TypedArray): void {
    if (this.freed) throw new Error('gpuc: this device array was freed');
    checkCopy(this.kind, this.length, host);
  }

  /** Copies a typed array of the same type and length in. */
  write(host: T): this {
    this.check(host);
    this.storage.bytes.set(bytesOf(host));
    return this;
  }

  /** Copies the contents out into `host` (a new typed array by default). */
  read(host: T = new this.kind(this.length)): T {
    this.check(host);
    bytesOf(host).set(this.storage.bytes.subarray(0, this.byteLength));
    return host;
  }

  /** Returns the memory to Metal now rather than when the array is collected. */
  free(): void {
    this.storage.release();
  }
}
