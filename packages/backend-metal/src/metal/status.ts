/**
 * The buffers a Metal kernel shares with the host besides its arguments, without Metal: the
 * status buffer (`STATUS_WORDS`), which the host clears and tells the dispatch's dynamic
 * threadgroup bytes before a launch and reads after it, a device exception becoming core's
 * `DeviceError`; and the heap `malloc` bumps through, whose header the host resets.
 */
import { type DeviceError, deviceError } from '@gpuc/core/host';
import { HEAP_HEADER_BYTES, STATUS_WORDS } from './interface.js';

/** Bytes in the status buffer. */
export const STATUS_BYTES = STATUS_WORDS.count * 4;

/** The heap's default capacity for allocations, in bytes. */
export const DEFAULT_HEAP_BYTES = 8 * 1024 * 1024;

/** Clears a status buffer's words for a launch and writes its dynamic threadgroup bytes. */
export function resetStatus(words: Uint32Array, dynamicThreadgroupBytes: number): void {
  if (words.length < STATUS_WORDS.count)
    throw new RangeError(`gpuc: a Metal status buffer has ${STATUS_WORDS.count} words, not ${words.length}`);
  words.fill(0, 0, STATUS_WORDS.count);
  words[STATUS_WORDS.dynamicThreadgroupBytes] = dynamicThreadgroupBytes;
}

/**
 * The device exception a status buffer reports, or null when no thread claimed it. Strings are
 * named by index into the kernel interface's `strings` (`i` means `strings[i - 1]`, 0 none).
 */
export function statusError(
  kernel: string,
  words: Uint32Array,
  strings: readonly string[],
): DeviceError | null {
  const word = (i: number) => words[i] ?? 0;
  if (word(STATUS_WORDS.owner) === 0) return null;
  const text = (i: number) => {
    const index = word(i);
    return index === 0 ? '' : (strings[index - 1] ?? '');
  };
  return deviceError(kernel, {
    message: text(STATUS_WORDS.message),
    function: text(STATUS_WORDS.function),
    file: text(STATUS_WORDS.file),
    line: word(STATUS_WORDS.line),
    workgroup: word(STATUS_WORDS.threadgroup),
    workitem: word(STATUS_WORDS.thread),
    reason: word(STATUS_WORDS.reason),
  });
}

/** Bytes of a heap buffer holding `capacity` bytes of allocations after its header. */
export function heapBufferBytes(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < 16 || capacity > 2 ** 32 - 1 - HEAP_HEADER_BYTES)
    throw new RangeError(`gpuc: a Metal heap holds 16 bytes to 4 GiB, not ${capacity}`);
  return HEAP_HEADER_BYTES + capacity;
}

/** Resets a heap's header for a launch: nothing used (`next` 0) of `capacity` bytes. */
export function resetHeap(words: Uint32Array, capacity: number): void {
  words.fill(0, 0, HEAP_HEADER_BYTES / 4);
  words[0] = 0;
  words[1] = capacity;
}
