/**
 * Kernel marking: in LLVM 22 an NVPTX kernel is a function with the `ptx_kernel` calling
 * convention, and its launch bounds are `nvvm.*` function attributes (LLVM 14 read both from
 * `!nvvm.annotations`).
 */

import type { LaunchBounds } from '@gpuc/core/compiler';
import { type LLVMFunction, llvm, type Module } from '@gpuc/core/llvm';

export type { LaunchBounds };

/** The PTX form of each launch bound (`.maxntid`, `.reqntid`, `.minnctapersm`, `.maxnreg`). */
const boundAttributes: Record<keyof LaunchBounds, string> = {
  maxThreads: 'nvvm.maxntid',
  requiredThreads: 'nvvm.reqntid',
  minBlocksPerMultiprocessor: 'nvvm.minctasm',
  maxRegisters: 'nvvm.maxnreg',
};

/** Marks `kernel` as a PTX entry point, with optional launch bounds. */
export function markKernel(_module: Module, kernel: LLVMFunction, bounds: LaunchBounds = {}): void {
  const l = llvm();
  const entries = Object.entries(boundAttributes) as [keyof LaunchBounds, string][];
  for (const [name] of entries) {
    const value = bounds[name];
    if (value !== undefined && (!Number.isInteger(value) || value <= 0))
      throw new RangeError(`gpuc: launch bound ${name} must be a positive integer`);
  }
  kernel.setCallingConv(l.CallingConv.PTX_Kernel);
  for (const [name, attribute] of entries) {
    const value = bounds[name];
    if (value !== undefined) kernel.addFnAttr(attribute, String(value));
  }
}
