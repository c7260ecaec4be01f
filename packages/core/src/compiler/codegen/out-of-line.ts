/**
 * Device functions compiled as functions of their own, never inlined: rarely taken slow paths of
 * library code (the device math library's reduction of huge trigonometric arguments). Inlined at
 * every call site, such a path multiplies the code of each loop that holds a call, and whether
 * LLVM inlines it depends on the size of the whole kernel (AMDGPU stops inlining into functions
 * of more than 1100 blocks), so compile time would jump with kernel size.
 */
import type { KernelSource } from '../../frontend/source.js';

const outOfLine = new WeakSet<KernelSource>();

/** Marks a function's source to be kept out of line (`noinline`) wherever it is called. */
export function keepOutOfLine(source: KernelSource): void {
  outOfLine.add(source);
}

/** Whether a function's source is to be kept out of line. */
export function isOutOfLine(source: KernelSource): boolean {
  return outOfLine.has(source);
}
