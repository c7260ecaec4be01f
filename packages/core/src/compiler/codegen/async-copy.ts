/**
 * Asynchronous copies into shared memory where the target has none: each `gpu.copyAsync` copies
 * its 16 bytes at once, so every copy has finished when the next statement runs, and grouping
 * and waiting do nothing. The reference runner does the same; CUDA from sm_80 starts real
 * asynchronous copies (`cp.async`) instead.
 */
import { COPY_BYTES, elementBytes } from '../../frontend/catalogue/async-copy.js';
import type { ArrayType } from '../../frontend/types.js';
import { llvm } from '../../llvm/load.js';
import type { Value } from '../../llvm/types.js';
import { elementPointer } from './atomics.js';
import type { IntrinsicContext, IntrinsicGenerator, Lowerings } from './intrinsics.js';

/** The shared destination and global source of a `gpu.copyAsync(shared, i, global, j)`. */
export function copyPointers(cx: IntrinsicContext, [dst, dstOffset, src, srcOffset]: readonly Value[]) {
  return {
    dst: elementPointer(cx, dst as Value, dstOffset as Value, 0),
    src: elementPointer(cx, src as Value, srcOffset as Value, 2),
  };
}

/**
 * The copy as one 16-byte load and store, aligned only as the elements are: the offsets'
 * alignment is the kernel's promise, which the native target must not turn into a fault.
 */
const copy: IntrinsicGenerator = (cx, args) => {
  const l = llvm();
  const b = cx.builder;
  const { dst, src } = copyPointers(cx, args);
  const words = l.VectorType.get(l.Type.getInt8Ty(cx.module.getContext()), COPY_BYTES);
  const align = elementBytes(cx.argTypes[0] as ArrayType);
  const value = b.CreateLoad(words, src);
  value.setAlignment(align);
  b.CreateStore(value, dst).setAlignment(align);
  return undefined;
};

/** `gpu.copyAsync` and friends where copies are synchronous. */
export const synchronousCopies: Lowerings = {
  'gpu.copyAsync': copy,
  'gpu.copyAsyncCommit': () => undefined,
  'gpu.copyAsyncWait': () => undefined,
};
