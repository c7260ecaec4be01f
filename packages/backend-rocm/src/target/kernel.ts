/**
 * Kernel marking: AMDGPU kernels use their own calling convention and carry the launch size the
 * compiler may assume.
 */
import { type LLVMFunction, llvm } from '@gpuc/core/llvm';

/** Marks `kernel` as an AMDGPU entry point that runs with at most `maxWorkGroupSize` work-items. */
export function markKernel(kernel: LLVMFunction, maxWorkGroupSize = 1024): void {
  if (!Number.isInteger(maxWorkGroupSize) || maxWorkGroupSize < 1 || maxWorkGroupSize > 1024) {
    throw new RangeError('gpuc: the work-group size must be an integer from 1 to 1024');
  }
  kernel.setCallingConv(llvm().CallingConv.AMDGPU_KERNEL);
  kernel.addFnAttr('amdgpu-flat-work-group-size', `1,${maxWorkGroupSize}`);
}
