/**
 * Kernel marking: NVPTX kernels and their launch bounds are entries of `!nvvm.annotations`.
 */
import { type LLVMFunction, llvm, type Module } from '@gpuc/core';

/** Launch bounds the PTX assembler may optimise for. */
export interface LaunchBounds {
  /** Most threads per block (`.maxntid`). */
  maxThreads?: number;
  /** Exact threads per block (`.reqntid`). */
  requiredThreads?: number;
  /** Fewest blocks that must fit on a multiprocessor (`.minnctapersm`). */
  minBlocksPerMultiprocessor?: number;
  /** Most registers per thread (`.maxnreg`). */
  maxRegisters?: number;
}

const boundNames: Record<keyof LaunchBounds, string> = {
  maxThreads: 'maxntidx',
  requiredThreads: 'reqntidx',
  minBlocksPerMultiprocessor: 'minctasm',
  maxRegisters: 'maxnreg',
};

/** Marks `kernel` as a PTX entry point, with optional launch bounds. */
export function markKernel(module: Module, kernel: LLVMFunction, bounds: LaunchBounds = {}): void {
  const l = llvm();
  const context = module.getContext();
  const i32 = l.Type.getInt32Ty(context);
  const fn = l.ValueAsMetadata.get(kernel);
  const annotate = (key: string, value: number) =>
    module
      .getOrInsertNamedMetadata('nvvm.annotations')
      .addOperand(
        l.MDNode.get(context, [
          fn,
          l.MDString.get(context, key),
          l.ConstantAsMetadata.get(l.ConstantInt.get(i32, value)),
        ]),
      );
  annotate('kernel', 1);
  for (const [name, key] of Object.entries(boundNames) as [keyof LaunchBounds, string][]) {
    const value = bounds[name];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value <= 0)
      throw new RangeError(`gpuc: launch bound ${name} must be a positive integer`);
    annotate(key, value);
  }
}
