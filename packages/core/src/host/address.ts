/**
 * Host memory addresses, for code that hands typed arrays to native code by address (a kernel
 * compiled for this process, a GPU driver's parameter block).
 */
import { koffi } from './koffi.js';

let identity: ((to: unknown, from: unknown, bytes: number) => unknown) | undefined;

/** The address of a typed array's memory, moved off V8's heap first so that it stays put. */
export function hostAddress(array: ArrayBufferView): bigint {
  // Small typed arrays may live on V8's heap, where the collector moves them; asking for the
  // buffer gives them memory of their own.
  void array.buffer;
  // koffi hands C a typed array's own memory; memmove of nothing returns that pointer.
  const ffi = koffi();
  identity ??= ffi.load(null).func('void *memmove(void *, const void *, size_t)') as never;
  return ffi.address(identity(array, array, 0));
}
