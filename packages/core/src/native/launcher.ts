/**
 * The native launcher: `<kernel>_launch`, an exported C function that takes the kernel's
 * arguments flattened (an array as its data pointer and length, a view with its extents too)
 * and the grid and block sizes, and runs every thread of the grid, stopping at the first device
 * exception.
 */

import type { TypeMapper } from '../compiler/codegen/types.js';
import type { Type } from '../frontend/types.js';
import { llvm } from '../llvm/load.js';
import type { BasicBlock, IRBuilder, LLVMFunction, Type as LLVMType, Module, Value } from '../llvm/types.js';
import { geometry } from './intrinsics.js';

/** How one kernel argument crosses the C boundary. */
export type FlatParameter = { kind: 'scalar'; type: Type } | { kind: 'array'; element: Type; rank: number };

/** The flattened C parameters of a kernel, for the host side to call the launcher with. */
export function flatParameters(argTypes: readonly Type[]): FlatParameter[] {
  return argTypes.map((t) => {
    if (t.kind === 'scalar') return { kind: 'scalar', type: t };
    if (t.kind === 'array') return { kind: 'array', element: t.element, rank: t.rank };
    throw new Error(
      `gpuc: the native launcher cannot pass a ${t.key} argument yet (pass arrays and scalars)`,
    );
  });
}

/**
 * The status of the last device exception (set by the runtime, read by the launcher and the
 * host) and its accessors, defined in the kernel's module so that it links with no runtime.
 */
function buildStatus(module: Module): LLVMFunction {
  const l = llvm();
  const context = module.getContext();
  const i32 = l.Type.getInt32Ty(context);
  const ptr = l.Type.getInt8PtrTy(context);
  const mark = l.MDNode.get(context, []);
  const global = (name: string, type: LLVMType) =>
    l.GlobalVariable.Create(
      module,
      type,
      false,
      l.GlobalValue.LinkageTypes.ExternalLinkage,
      l.Constant.getNullValue(type),
      name,
    );
  const status = global('gpuc.status', i32);
  const message = global('gpuc.message', ptr);
  const fn = global('gpuc.function', ptr);
  const file = global('gpuc.file', ptr);
  const line = global('gpuc.line', i32);
  const define = (name: string, result: LLVMType, body: (b: IRBuilder) => void) => {
    const f = l.Function.Create(
      l.FunctionType.get(result, [], false),
      l.Function.LinkageTypes.ExternalLinkage,
      name,
      module,
    );
    f.setMetadata('gpuc.export', mark);
    body(new l.IRBuilder(l.BasicBlock.Create(context, 'entry', f)));
    return f;
  };
  const read = define('gpuc_status', i32, (b) => b.CreateRet(b.CreateLoad(i32, status)));
  define('gpuc_message', ptr, (b) => b.CreateRet(b.CreateLoad(ptr, message)));
  define('gpuc_function', ptr, (b) => b.CreateRet(b.CreateLoad(ptr, fn)));
  define('gpuc_file', ptr, (b) => b.CreateRet(b.CreateLoad(ptr, file)));
  define('gpuc_line', i32, (b) => b.CreateRet(b.CreateLoad(i32, line)));
  define('gpuc_reset', l.Type.getVoidTy(context), (b) => {
    b.CreateStore(l.ConstantInt.get(i32, 0), status);
    b.CreateStore(l.Constant.getNullValue(ptr), message);
    b.CreateRetVoid();
  });
  return read;
}

export function launcherName(entry: string): string {
  return `${entry}_launch`;
}

/** Builds `<entry>_launch` and declares the status accessors, all kept visible. */
/** What both launchers share: the function, the kernel's reassembled arguments, the sizes. */
function launcherFrame(module: Module, kernel: LLVMFunction, argTypes: readonly Type[], types: TypeMapper) {
  const l = llvm();
  const context = module.getContext();
  const i32 = l.Type.getInt32Ty(context);
  const i8 = l.Type.getInt8Ty(context);
  const exportMark = l.MDNode.get(context, []);

  const cParams: LLVMType[] = [];
  for (const param of flatParameters(argTypes)) {
    if (param.kind === 'scalar') {
      cParams.push(param.type.kind === 'scalar' && param.type.name === 'bool' ? i8 : types.value(param.type));
    } else {
      cParams.push(
        l.PointerType.get(types.memory(param.element), 0),
        i32,
        ...Array.from({ length: param.rank > 1 ? param.rank : 0 }, () => i32),
      );
    }
  }
  const dims = ['gx', 'gy', 'gz', 'bx', 'by', 'bz'];
  const launcher = l.Function.Create(
    l.FunctionType.get(l.Type.getVoidTy(context), [...cParams, ...dims.map(() => i32)], false),
    l.Function.LinkageTypes.ExternalLinkage,
    launcherName(kernel.getName()),
    module,
  );
  launcher.setMetadata('gpuc.export', exportMark);
  const status = buildStatus(module);

  const b = new l.IRBuilder(l.BasicBlock.Create(context, 'entry', launcher));
  // Reassemble the kernel's arguments.
  let next = 0;
  const kernelArgs: Value[] = argTypes.map((t) => {
    if (t.kind === 'scalar') {
      const value = launcher.getArg(next++);
      return t.name === 'bool' ? b.CreateICmpNE(value, l.ConstantInt.get(i8, 0)) : value;
    }
    const array = t as Extract<Type, { kind: 'array' }>;
    const fields = 2 + (array.rank > 1 ? array.rank : 0);
    let value: Value = l.UndefValue.get(types.value(t));
    for (let i = 0; i < fields; i++) value = b.CreateInsertValue(value, launcher.getArg(next++), [i]);
    return value;
  });
  const size = dims.map((_, i) => launcher.getArg(cParams.length + i));
  const geo = geometry(module);
  const slot = (index: number) =>
    b.CreateInBoundsGEP(geo.getValueType(), geo, [l.ConstantInt.get(i32, 0), l.ConstantInt.get(i32, index)]);
  // blockDim and gridDim do not change during the launch.
  for (let a = 0; a < 3; a++) {
    b.CreateStore(size[3 + a] as Value, slot(6 + a));
    b.CreateStore(size[a] as Value, slot(9 + a));
  }
  const exit = l.BasicBlock.Create(context, 'exit', launcher);
  return { launcher, kernelArgs, size, b, exit, status, slot };
}

export function buildLauncher(
  module: Module,
  kernel: LLVMFunction,
  argTypes: readonly Type[],
  types: TypeMapper,
): LLVMFunction {
  const l = llvm();
  const i32 = l.Type.getInt32Ty(module.getContext());
  const context = module.getContext();
  const { launcher, kernelArgs, size, b, exit, status, slot } = launcherFrame(
    module,
    kernel,
    argTypes,
    types,
  );
  // Blocks z, y, x, then threads z, y, x; each index is stored before the loop inside it runs.
  const order: [number, number][] = [
    [2, 5],
    [1, 4],
    [0, 3],
    [5, 2],
    [4, 1],
    [3, 0],
  ];
  nest(b, launcher, order, 0, size, slot, exit, () => {
    b.CreateCall(kernel, kernelArgs);
    const failed = b.CreateICmpNE(b.CreateCall(status, []), l.ConstantInt.get(i32, 0));
    const go = l.BasicBlock.Create(context, 'continue', launcher);
    b.CreateCondBr(failed, exit, go);
    b.SetInsertPoint(go);
  });
  b.CreateBr(exit);
  b.SetInsertPoint(exit);
  b.CreateRetVoid();
  return launcher;
}

/**
 * One counted loop per level of `order` ([size index, geometry slot]), the body innermost.
 * Leaves the builder after the outermost loop.
 */
function nest(
  b: IRBuilder,
  fn: LLVMFunction,
  order: readonly [number, number][],
  level: number,
  size: readonly Value[],
  slot: (index: number) => Value,
  exit: BasicBlock,
  body: () => void,
): void {
  const l = llvm();
  if (level === order.length) {
    body();
    return;
  }
  const [sizeIndex, geometrySlot] = order[level] as [number, number];
  const context = fn.getParent()?.getContext() as never;
  const i32 = l.Type.getInt32Ty(context);
  const before = b.GetInsertBlock() as BasicBlock;
  const header = l.BasicBlock.Create(context, `loop${level}`, fn);
  const after = l.BasicBlock.Create(context, `after${level}`, fn);
  b.CreateBr(header);
  b.SetInsertPoint(header);
  const index = b.CreatePHI(i32, 2);
  index.addIncoming(l.ConstantInt.get(i32, 0), before);
  const inside = l.BasicBlock.Create(context, `body${level}`, fn);
  b.CreateCondBr(b.CreateICmpSLT(index, size[sizeIndex] as Value), inside, after);
  b.SetInsertPoint(inside);
  b.CreateStore(index, slot(geometrySlot));
  nest(b, fn, order, level + 1, size, slot, exit, body);
  const latch = b.GetInsertBlock() as BasicBlock;
  index.addIncoming(b.CreateAdd(index, l.ConstantInt.get(i32, 1)), latch);
  b.CreateBr(header);
  b.SetInsertPoint(after);
}

/** A counted loop `for (i = 0; i < count; i++) body(i)`; leaves the builder after it. */
function countedLoop(b: IRBuilder, fn: LLVMFunction, count: Value, body: (i: Value) => void): void {
  const l = llvm();
  const context = fn.getParent()?.getContext() as never;
  const i32 = l.Type.getInt32Ty(context);
  const before = b.GetInsertBlock() as BasicBlock;
  const header = l.BasicBlock.Create(context, 'for', fn);
  const inside = l.BasicBlock.Create(context, 'for.body', fn);
  const after = l.BasicBlock.Create(context, 'for.end', fn);
  b.CreateBr(header);
  b.SetInsertPoint(header);
  const i = b.CreatePHI(i32, 2);
  i.addIncoming(l.ConstantInt.get(i32, 0), before);
  b.CreateCondBr(b.CreateICmpSLT(i, count), inside, after);
  b.SetInsertPoint(inside);
  body(i);
  i.addIncoming(b.CreateAdd(i, l.ConstantInt.get(i32, 1)), b.GetInsertBlock() as BasicBlock);
  b.CreateBr(header);
  b.SetInsertPoint(after);
}

/**
 * The launcher of a kernel with barriers: per block, every thread's coroutine is started and
 * then resumed round-robin, each to its next barrier, until all are done.
 */
export function buildCoroutineLauncher(
  module: Module,
  kernel: LLVMFunction,
  coroutine: LLVMFunction,
  argTypes: readonly Type[],
  types: TypeMapper,
): LLVMFunction {
  const l = llvm();
  const context = module.getContext();
  const i32 = l.Type.getInt32Ty(context);
  const i64 = l.Type.getInt64Ty(context);
  const i8ptr = l.Type.getInt8PtrTy(context);
  const voidType = l.Type.getVoidTy(context);
  const { launcher, kernelArgs, size, b, exit, status, slot } = launcherFrame(
    module,
    kernel,
    argTypes,
    types,
  );
  const declare = (name: string, result: LLVMType, params: LLVMType[]) =>
    module.getOrInsertFunction(name, l.FunctionType.get(result, params, false));
  const done = declare('llvm.coro.done', l.Type.getInt1Ty(context), [i8ptr]);
  const resume = declare('llvm.coro.resume', voidType, [i8ptr]);
  const destroy = declare('llvm.coro.destroy', voidType, [i8ptr]);
  const [bx, by, bz] = [size[3], size[4], size[5]] as [Value, Value, Value];
  // Threads still running in a block (an alloca in the entry block, not inside the loops).
  const alive = b.CreateAlloca(i32);
  const threads = b.CreateMul(b.CreateMul(bx, by), bz);
  const handles = b.CreateBitCast(
    b.CreateCall(declare('malloc', i8ptr, [i64]), [
      b.CreateMul(b.CreateZExt(threads, i64), l.ConstantInt.get(i64, 8)),
    ]),
    l.PointerType.get(i8ptr, 0),
  );
  const handleAt = (t: Value) => b.CreateInBoundsGEP(i8ptr, handles, [t]);
  const failed = () => {
    const ok = l.BasicBlock.Create(context, 'ok', launcher);
    b.CreateCondBr(b.CreateICmpNE(b.CreateCall(status, []), l.ConstantInt.get(i32, 0)), exit, ok);
    b.SetInsertPoint(ok);
  };
  const setThread = (t: Value) => {
    b.CreateStore(b.CreateURem(t, bx), slot(0));
    b.CreateStore(b.CreateURem(b.CreateUDiv(t, bx), by), slot(1));
    b.CreateStore(b.CreateUDiv(t, b.CreateMul(bx, by)), slot(2));
  };
  const blockOrder: [number, number][] = [
    [2, 5],
    [1, 4],
    [0, 3],
  ];
  nest(b, launcher, blockOrder, 0, size, slot, exit, () => {
    countedLoop(b, launcher, threads, (t) => {
      setThread(t);
      b.CreateStore(b.CreateCall(coroutine, kernelArgs), handleAt(t));
      failed();
    });
    // Resume round-robin until no thread is left: each pass runs every thread to its next barrier.
    const again = l.BasicBlock.Create(context, 'pass', launcher);
    const finished = l.BasicBlock.Create(context, 'block.done', launcher);
    b.CreateBr(again);
    b.SetInsertPoint(again);
    b.CreateStore(l.ConstantInt.get(i32, 0), alive);
    countedLoop(b, launcher, threads, (t) => {
      const handle = b.CreateLoad(i8ptr, handleAt(t));
      const run = l.BasicBlock.Create(context, 'resume', launcher);
      const next = l.BasicBlock.Create(context, 'next', launcher);
      b.CreateCondBr(b.CreateCall(done, [handle]), next, run);
      b.SetInsertPoint(run);
      setThread(t);
      b.CreateCall(resume, [handle]);
      failed();
      const count = b.CreateLoad(i32, alive);
      const stillAlive = b.CreateZExt(
        b.CreateXor(b.CreateCall(done, [handle]), l.ConstantInt.getTrue(context)),
        i32,
      );
      b.CreateStore(b.CreateAdd(count, stillAlive), alive);
      b.CreateBr(next);
      b.SetInsertPoint(next);
    });
    b.CreateCondBr(b.CreateICmpNE(b.CreateLoad(i32, alive), l.ConstantInt.get(i32, 0)), again, finished);
    b.SetInsertPoint(finished);
    countedLoop(b, launcher, threads, (t) => {
      b.CreateCall(destroy, [b.CreateLoad(i8ptr, handleAt(t))]);
    });
  });
  b.CreateBr(exit);
  b.SetInsertPoint(exit);
  b.CreateCall(declare('free', voidType, [i8ptr]), [b.CreateBitCast(handles, i8ptr)]);
  b.CreateRetVoid();
  return launcher;
}
