/**
 * Asynchronous copies into shared memory (`gpu.copyAsync`, `gpu.copyAsyncCommit`,
 * `gpu.copyAsyncWait`): a thread starts 16-byte copies from global to shared memory, groups
 * them, and later waits for all but its newest groups, so that loads of the next tile overlap
 * the work on this one. The reference runner's `gpu` object (`reference/gpu.ts`) defines them.
 */
import { arrayOf as arrayPattern, number } from '../methods.js';
import { type ArrayType, bits, show, type Type, voidType } from '../types.js';
import type { Entry } from './entry.js';
import { withIndices } from './indices.js';

/** The bytes one copy moves: CUDA's `cp.async.cg` size, one 128-bit access. */
export const COPY_BYTES = 16;

/** The bytes of an element of an array of this type (0 for `bool`, which no copy takes). */
export const elementBytes = (type: ArrayType): number =>
  type.element.name === 'bool' ? 0 : bits(type.element) / 8;

/** The elements one copy of an array of this type moves (16 bytes of them). */
export const copyElements = (type: ArrayType): number => COPY_BYTES / elementBytes(type);

/** `gpu.copyAsync(shared, sharedOffset, global, globalOffset)`: void, or why not. */
function copy([dst, , src]: readonly Type[]): Type | string {
  if (dst?.kind !== 'array' || dst.rank !== 1 || dst.space !== 'shared')
    return 'copies into a shared array (gpu.sharedArray or gpu.dynamicSharedArray), its first argument';
  if (src?.kind !== 'array' || src.rank !== 1 || src.space !== 'global')
    return 'copies from a one-dimensional array argument of the kernel (global memory), its third argument';
  if (dst.element !== src.element)
    return `copies between arrays of one element type, not ${show(src)} into ${show(dst)}`;
  if (elementBytes(dst) === 0) return `cannot copy ${show(dst)}`;
  return voidType;
}

/** The asynchronous-copy entries of the `gpu` namespace. */
export const ASYNC_COPY = {
  'gpu.copyAsync': {
    signature: [arrayPattern(), number, arrayPattern(), number],
    result: withIndices({ 1: 'the shared offset of a copy', 3: 'the global offset of a copy' }, copy),
  },
  'gpu.copyAsyncCommit': { signature: [], result: voidType },
  'gpu.copyAsyncWait': { signature: [number], result: voidType },
} satisfies Record<string, Entry>;
