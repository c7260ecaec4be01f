/**
 * GPU memory on Metal: buffers in shared storage, which the CPU reads and writes in place
 * (`contents`) and kernels reach by their GPU address (`gpuAddress`, Metal 3, macOS 13), since
 * gpuc passes arrays as addresses inside argument bytes rather than as bound buffers. `MetalArray`
 * is such a buffer with a typed element, and a core `DeviceBuffer`, so `writeArgument` encodes it.
 */
import {
  bytesOf,
  checkArrayLength,
  DeviceArrayBase,
  type DeviceArrayOf,
  type DeviceBuffer,
  type TypedArray,
  type TypedArrayConstructor,
} from '@gpuc/core/host';
import { MetalDevice } from './device.js';
import { type Id, objc } from './objc.js';

/** `MTLResourceOptions`: shared storage (the CPU and GPU see the same memory), default caching. */
export const RESOURCE_STORAGE_MODE_SHARED = 0;

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

/** A MetalArray's element type and rank, as launch checks take it; undefined for anything else. */
export const metalArrayOf: DeviceArrayOf = (value) =>
  value instanceof MetalArray ? value.argument : undefined;

/** An array in Metal memory with a typed element, like the typed array it mirrors. */
export class MetalArray<T extends TypedArray = TypedArray>
  extends DeviceArrayBase<T>
  implements DeviceBuffer
{
  private constructor(
    /** The shared buffer holding the elements. */
    readonly storage: SharedBuffer,
    kind: TypedArrayConstructor<T>,
    length: number,
  ) {
    super(kind, length, storage.gpuAddress());
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

  protected copyIn(host: T): void {
    this.storage.bytes.set(bytesOf(host));
  }

  protected copyOut(host: T): void {
    bytesOf(host).set(this.storage.bytes.subarray(0, this.byteLength));
  }

  protected release(): void {
    this.storage.release();
  }
}
