/**
 * The sample kernel: `y[i] = a * x[i] + y[i]` for `i < n`, built with the IR builder.
 *
 * It proves the LLVM layer end to end before the compiler exists: every back-end builds it with
 * its own thread indexing and kernel marking, then emits it for its target.
 */
import { llvm } from '../llvm/load.js';
import { createModule } from '../llvm/module.js';
import type { TargetDescription } from '../llvm/target.js';
import type { IRBuilder, LLVMContext, LLVMFunction, Module, Type, Value } from '../llvm/types.js';

/** How a target shapes the sample kernel. */
export interface SampleABI {
  /** Address space of the arrays the kernel reads and writes. */
  arrayAddressSpace: number;
  /**
   * Address space in which scalar arguments are passed by reference, for targets whose kernels
   * take only buffers (Metal); scalars are passed by value when absent.
   */
  scalarReferenceAddressSpace?: number;
  /**
   * The element index: a trailing `i32` parameter filled in by the launcher (native) or by the
   * hardware (Metal's thread position), or computed from target intrinsics.
   */
  index:
    | { kind: 'parameter'; name: string }
    | { kind: 'computed'; build(builder: IRBuilder, module: Module): Value };
  /** Marks the finished function as a kernel the target's way. */
  markKernel(module: Module, kernel: LLVMFunction): void;
}

/** Builds the sample module for a target. The module belongs to the caller. */
export function buildSaxpy(context: LLVMContext, target: TargetDescription, abi: SampleABI): Module {
  const l = llvm();
  const module = createModule(context, 'saxpy', target);
  const f32 = l.Type.getFloatTy(context);
  const i32 = l.Type.getInt32Ty(context);
  const array = l.PointerType.get(f32, abi.arrayAddressSpace);
  const scalar = (type: Type) =>
    abi.scalarReferenceAddressSpace === undefined
      ? type
      : l.PointerType.get(type, abi.scalarReferenceAddressSpace);
  const params = [scalar(f32), array, array, scalar(i32)];
  if (abi.index.kind === 'parameter') params.push(i32);
  const type = l.FunctionType.get(l.Type.getVoidTy(context), params, false);
  const kernel = l.Function.Create(type, l.Function.LinkageTypes.ExternalLinkage, 'saxpy', module);
  const names = ['a', 'x', 'y', 'n', abi.index.kind === 'parameter' ? abi.index.name : ''];
  kernel.getArguments().forEach((arg, i) => {
    arg.setName(names[i] ?? '');
  });

  const entry = l.BasicBlock.Create(context, 'entry', kernel);
  const body = l.BasicBlock.Create(context, 'body', kernel);
  const exit = l.BasicBlock.Create(context, 'exit', kernel);
  const builder = new l.IRBuilder(entry);
  const load = (arg: Value, loaded: Type) =>
    abi.scalarReferenceAddressSpace === undefined ? arg : builder.CreateLoad(loaded, arg);
  const a = load(kernel.getArg(0), f32);
  const n = load(kernel.getArg(3), i32);
  const index = abi.index.kind === 'parameter' ? kernel.getArg(4) : abi.index.build(builder, module);
  builder.CreateCondBr(builder.CreateICmpSLT(index, n, 'inbounds'), body, exit);

  builder.SetInsertPoint(body);
  const offset = builder.CreateSExt(index, l.Type.getInt64Ty(context));
  const xPtr = builder.CreateInBoundsGEP(f32, kernel.getArg(1), [offset]);
  const yPtr = builder.CreateInBoundsGEP(f32, kernel.getArg(2), [offset]);
  const ax = builder.CreateFMul(a, builder.CreateLoad(f32, xPtr, 'x.i'));
  builder.CreateStore(builder.CreateFAdd(ax, builder.CreateLoad(f32, yPtr, 'y.i')), yPtr);
  builder.CreateBr(exit);

  builder.SetInsertPoint(exit);
  builder.CreateRetVoid();
  abi.markKernel(module, kernel);
  return module;
}

/** The native target's sample: the launcher loops over the elements and passes each index. */
export const nativeSample: SampleABI = {
  arrayAddressSpace: 0,
  index: { kind: 'parameter', name: 'i' },
  markKernel: () => {},
};
