/**
 * The sample kernel for CUDA: one thread per element, indexed from the PTX special registers.
 */
import {
  buildSaxpy,
  type LLVMContext,
  llvm,
  type Module,
  type SampleABI,
  type TargetDescription,
} from '@gpuc/core';
import { markKernel } from './annotations.js';

/** CUDA's global address space. */
export const GLOBAL_ADDRESS_SPACE = 1;

const cudaSample: SampleABI = {
  arrayAddressSpace: GLOBAL_ADDRESS_SPACE,
  index: {
    kind: 'computed',
    build(builder, module) {
      const l = llvm();
      const i32 = l.Type.getInt32Ty(module.getContext());
      const read = (register: string) =>
        builder.CreateCall(
          module.getOrInsertFunction(
            `llvm.nvvm.read.ptx.sreg.${register}`,
            l.FunctionType.get(i32, [], false),
          ),
          [],
        );
      return builder.CreateAdd(builder.CreateMul(read('ctaid.x'), read('ntid.x')), read('tid.x'), 'i');
    },
  },
  markKernel: (module, kernel) => markKernel(module, kernel),
};

/** The sample module for a CUDA target. */
export function buildSample(context: LLVMContext, target: TargetDescription): Module {
  return buildSaxpy(context, target, cudaSample);
}
