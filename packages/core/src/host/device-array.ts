/**
 * What every back-end's device array is (CUDA's `DeviceArray`, ROCm's `RocmArray`, Metal's
 * `MetalArray`): a typed array's worth of GPU memory with its element type, read and written
 * whole from JavaScript, freed at most once. A back-end says how memory is copied and returned.
 */
import { TYPED_ARRAYS, type TypedArray } from '../frontend/types.js';
import { elementOfConstructor } from '../frontend/values.js';
import { checkCopy } from './arguments.js';

/** A typed-array constructor (`Float32Array`...), as device arrays are made with. */
export type TypedArrayConstructor<T extends TypedArray> = {
  new (length: number): T;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
};

/** The kernel-language element type of a typed-array constructor (`f32` for Float32Array). */
export function elementName(kind: { readonly name: string }): string {
  const name = elementOfConstructor(kind) ?? TYPED_ARRAYS[kind.name];
  if (!name) throw new TypeError(`gpuc: ${kind.name} is not a typed array gpuc knows`);
  return name;
}

/** Frees the memory of device arrays collected without `free` (at exit the device may be gone). */
const collected = new FinalizationRegistry<() => void>((release) => {
  try {
    release();
  } catch {
    // the device or its runtime may be gone at exit
  }
});

/**
 * An array in device memory with a typed element, like the typed array it mirrors. `Stream` is
 * what a copy may be queued on (CUDA's streams); `never` where copies are synchronous.
 */
export abstract class DeviceArrayBase<T extends TypedArray = TypedArray, Stream = never> {
  private released = false;
  /** Its element type and rank, as launch checks take it (made once: launches ask every time). */
  readonly argument: { readonly element: string; readonly rank: 1 };

  /**
   * `whenCollected` frees the memory if the array is collected without `free`; it must not hold
   * the array (a back-end whose memory has a finalizer of its own passes none).
   */
  protected constructor(
    readonly kind: TypedArrayConstructor<T>,
    readonly length: number,
    /** The device address of the first element. */
    readonly pointer: bigint,
    whenCollected?: () => void,
  ) {
    this.argument = Object.freeze({ element: elementName(kind), rank: 1 });
    if (whenCollected) collected.register(this, whenCollected, this);
  }

  /** Copies `host`'s bytes to the device memory (checked: same type and length, not freed). */
  protected abstract copyIn(host: T, stream?: Stream): void;
  /** Copies the device memory into `host`. */
  protected abstract copyOut(host: T, stream?: Stream): void;
  /** Returns the memory to the device (once). */
  protected abstract release(): void;

  get byteLength(): number {
    return this.length * this.kind.BYTES_PER_ELEMENT;
  }

  /** Whether `free` was called. */
  get freed(): boolean {
    return this.released;
  }

  private check(host: TypedArray): void {
    if (this.released) throw new Error('gpuc: this device array was freed');
    checkCopy(this.kind, this.length, host);
  }

  /** Copies a typed array of the same type and length in. */
  write(host: T, stream?: Stream): this {
    this.check(host);
    this.copyIn(host, stream);
    return this;
  }

  /** Copies the device contents out into `host` (a new typed array by default). */
  read(host: T = new this.kind(this.length), stream?: Stream): T {
    this.check(host);
    this.copyOut(host, stream);
    return host;
  }

  /** Returns the memory to the device now rather than when the array is collected. */
  free(): void {
    if (this.released) return;
    this.released = true;
    collected.unregister(this);
    this.release();
  }
}
