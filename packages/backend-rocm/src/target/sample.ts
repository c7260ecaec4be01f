/**
 * The sample kernel for ROCm: one work-item per element. The work-group size is read from the
 * dispatch packet (its 16-bit `workgroup_size_x` field at byte 4), as the HSA ABI lays it out.
 */
import {
  buildSaxpy,
  type LLVMContext,
  llvm,
  type Module,
  type SampleABI,
  type TargetDescription,
} from '@gpuc/core';
import { markKernel } from './kernel.js';
import { AddressSpace } from './target.js';

const rocmSample: SampleABI = {
  arrayAddressSpace: AddressSpace.global,
  index: {
    kind: 'computed',
    build(builder, module) {
      const l = llvm();
      const context = module.getContext();
      const i32 = l.Type.getInt32Ty(context);
      const i16 = l.Type.getInt16Ty(context);
      const intrinsic = (name: string, result: Parameters<typeof l.FunctionType.get>[0]) =>
        builder.CreateCall(module.getOrInsertFunction(name, l.FunctionType.get(result, [], false)), []);
      const packet = intrinsic(
        'llvm.amdgcn.dispatch.ptr',
        l.Type.getInt8PtrTy(context, AddressSpace.constant),
      );
      const sizeField = builder.CreateBitCast(
        builder.CreateInBoundsGEP(l.Type.getInt8Ty(context), packet, [builder.getInt64(4)]),
        l.PointerType.get(i16, AddressSpace.constant),
      );
      const size = builder.CreateZExt(builder.CreateLoad(i16, sizeField, 'workgroup.size'), i32);
      const group = intrinsic('llvm.amdgcn.workgroup.id.x', i32);
      const item = intrinsic('llvm.amdgcn.workitem.id.x', i32);
      return builder.CreateAdd(builder.CreateMul(group, size), item, 'i');
    },
  },
  markKernel: (_module, kernel) => markKernel(kernel),
};

/** The sample module for a ROCm target. */
export function buildSample(context: LLVMContext, target: TargetDescription): Module {
  return buildSaxpy(context, target, rocmSample);
}
