/**
 * GPU memory: `RocmArray`, a typed array's worth of device memory with its element type, and
 * the copies between it and JavaScript. Copies go through a staging buffer of fine-grained
 * system memory the runtime allocated (JavaScript's own memory is not known to it), with
 * `hsa_memory_copy` between the staging buffer and the device.
 */
import {
  bytesOf,
  checkArrayLength,
  DeviceArrayBase,
  type DeviceArrayOf,
  type TypedArray,
  type TypedArrayConstructor,
} from '@gpuc/core/host';
import { call } from './api.js';
import { type HostMemory, RocmDevice } from './device.js';

/** The largest staging buffer a device keeps: larger copies go in pieces. */
const STAGING_BYTES = 16 * 1024 * 1024;

const staging = new Map<RocmDevice, HostMemory>();

/** A device's staging buffer, at least `bytes` long (up to STAGING_BYTES). */
function stagingFor(device: RocmDevice, bytes: number): HostMemory {
  const want = Math.min(STAGING_BYTES, Math.max(bytes, 4096));
  let buffer = staging.get(device);
  if (!buffer || buffer.bytes.length < want) {
    if (buffer) device.free(buffer.address);
    buffer = device.allocateHost(want, 'host');
    staging.set(device, buffer);
  }
  return buffer;
}

/** Copies host bytes to device memory at `address`. */
export function copyToDevice(device: RocmDevice, address: bigint, source: Uint8Array): void {
  const buffer = stagingFor(device, source.length);
  for (let at = 0; at < source.length; at += buffer.bytes.length) {
    const piece = source.subarray(at, at + buffer.bytes.length);
    buffer.bytes.set(piece);
    call('hsa_memory_copy', address + BigInt(at), buffer.address, piece.length);
  }
}

/** Copies device memory at `address` into host bytes. */
export function copyFromDevice(device: RocmDevice, target: Uint8Array, address: bigint): void {
  const buffer = stagingFor(device, target.length);
  for (let at = 0; at < target.length; at += buffer.bytes.length) {
    const length = Math.min(buffer.bytes.length, target.length - at);
    call('hsa_memory_copy', buffer.address, address + BigInt(at), length);
    target.set(buffer.bytes.subarray(0, length), at);
  }
}

/** A RocmArray's element type and rank, as launch checks take it; undefined for anything else. */
export const rocmArrayOf: DeviceArrayOf = (value) =>
  value instanceof RocmArray ? value.argument : undefined;

/** An array in AMD GPU memory with a typed element, like the typed array it mirrors. */
export class RocmArray<T extends TypedArray = TypedArray> extends DeviceArrayBase<T> {
  private constructor(
    readonly device: RocmDevice,
    kind: TypedArrayConstructor<T>,
    length: number,
    pointer: bigint,
  ) {
    super(kind, length, pointer, () => device.free(pointer));
  }

  /** Uninitialised device memory for `length` elements. */
  static alloc<T extends TypedArray>(
    kind: TypedArrayConstructor<T>,
    length: number,
    device = RocmDevice.get(),
  ): RocmArray<T> {
    checkArrayLength(length);
    return new RocmArray(device, kind, length, device.allocateDevice(length * kind.BYTES_PER_ELEMENT));
  }

  /** Zeroed device memory. */
  static zeros<T extends TypedArray>(
    kind: TypedArrayConstructor<T>,
    length: number,
    device = RocmDevice.get(),
  ): RocmArray<T> {
    const array = RocmArray.alloc(kind, length, device);
    // Allocations are whole 32-bit words (see allocateDevice), which the fill counts.
    call('hsa_amd_memory_fill', array.pointer, 0, Math.ceil(array.byteLength / 4));
    return array;
  }

  /** A device copy of a typed array. */
  static from<T extends TypedArray>(host: T, device = RocmDevice.get()): RocmArray<T> {
    return RocmArray.alloc(host.constructor as TypedArrayConstructor<T>, host.length, device).write(host);
  }

  protected copyIn(host: T): void {
    copyToDevice(this.device, this.pointer, bytesOf(host));
  }

  protected copyOut(host: T): void {
    copyFromDevice(this.device, bytesOf(host), this.pointer);
  }

  protected release(): void {
    this.device.free(this.pointer);
  }
}
