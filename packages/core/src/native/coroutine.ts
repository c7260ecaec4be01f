/**
 * Block barriers on the host CPU: a kernel that calls `gpu.barrier()` becomes an LLVM coroutine
 * (switched-resume lowering) that suspends at each barrier, and the launcher runs every thread
 * of a block to its next barrier before resuming any of them.
 *
 * Codegen leaves each barrier as a call to `gpuc.native.barrier` and a branch on its (opaque)
 * result to the code after it or to an unreachable block: a branch the inliner cannot fold, so
 * the code after a barrier keeps a block of its own when a device function is inlined. Here the kernel's blocks move into `<kernel>.coro` (returning its handle), the
 * calls become suspend points, returns become the final suspend, and LLVM's coroutine passes
 * (run after linking, see plugin.ts) split it into ramp, resume and destroy functions.
 */
import { basicTypes } from '../llvm/basic-types.js';
import { llvm } from '../llvm/load.js';
import { declareFunction } from '../llvm/module.js';
import type { TargetDescription } from '../llvm/target.js';
import type {
  AllocaInst,
  BasicBlock,
  CallInst,
  Instruction,
  IRBuilder,
  LLVMFunction,
  Module,
  Value,
} from '../llvm/types.js';
import { dropLifetimeMarkers, inlineIntoKernel } from './inline.js';
import { type SuspendSite, siteDescriptor, siteSlot } from './sites.js';

/** The marker codegen emits for `gpu.barrier()`. */
export const BARRIER_MARKER = 'gpuc.native.barrier';

/** The coroutine passes, in the order clang runs them (coro-early and coro-cleanup are module passes since LLVM 18). */
export const COROUTINE_PIPELINE = 'coro-early,cgscc(coro-split),coro-cleanup';

/**
 * Moves a coroutine's allocas (its local arrays) into memory of its own, allocated with the frame
 * (at the builder, in the entry block) and returned as its pointer, or undefined when there are
 * none. LLVM 14 keeps an alloca in the frame only when it sees it used across a suspension, and
 * it loses the uses of an address kept in an aggregate (`{ pointer, length }`): such an array
 * stayed on the stack of one resumption, shared by every thread, and read zeros after a barrier.
 * A pointer held in an SSA value is spilled to the frame like any other value.
 */
function localMemory(module: Module, coro: LLVMFunction, b: IRBuilder): Value | undefined {
  const l = llvm();
  const context = module.getContext();
  const { i8, i64 } = basicTypes(context);
  const layout = module.getDataLayout();
  const allocas = coro
    .getBasicBlocks()
    .flatMap((block) => block.getInstructions())
    .filter((inst) => inst.getOpcodeName() === 'alloca') as AllocaInst[];
  if (allocas.length === 0) return undefined;
  let bytes = 0;
  const offsets = allocas.map((alloca) => {
    const offset = Math.ceil(bytes / 16) * 16;
    bytes = offset + layout.getTypeAllocSize(alloca.getAllocatedType());
    return offset;
  });
  const memory = b.CreateCall(declareFunction(module, 'malloc', l.PointerType.get(i8, 0), [i64]), [
    l.ConstantInt.get(i64, Math.max(bytes, 1)),
  ]);
  allocas.forEach((alloca, k) => {
    dropLifetimeMarkers(alloca);
    const at = b.CreateInBoundsGEP(i8, memory, [l.ConstantInt.get(i64, offsets[k] as number)]);
    alloca.replaceAllUsesWith(b.CreateBitCast(at, alloca.getType()));
    alloca.eraseFromParent();
  });
  return memory;
}

/**
 * Emits the barrier marker for a suspend site (its descriptor the marker's argument) and
 * continues in a new block.
 */
export function emitBarrier(builder: IRBuilder, module: Module, fn: LLVMFunction, site: SuspendSite): void {
  const l = llvm();
  const context = module.getContext();
  const marker = module.getOrInsertFunction(
    BARRIER_MARKER,
    l.FunctionType.get(l.Type.getInt1Ty(context), [l.Type.getInt8PtrTy(context)], false),
  );
  const after = l.BasicBlock.Create(context, 'barrier.after', fn);
  const never = l.BasicBlock.Create(context, 'barrier.never', fn);
  builder.CreateCondBr(builder.CreateCall(marker, [siteDescriptor(module, builder, site)]), after, never);
  builder.SetInsertPoint(never);
  builder.CreateUnreachable();
  builder.SetInsertPoint(after);
}

/**
 * The barrier calls of a kernel, all in its own body: device functions that reach a barrier
 * (the warp operations are barriers too) are inlined into their callers until none is left,
 * since only the kernel becomes a coroutine. Recursion is rejected earlier, so this ends.
 */
export function barrierCalls(module: Module, kernel: LLVMFunction, target: TargetDescription): CallInst[] {
  const marker = module.getFunction(BARRIER_MARKER);
  if (!marker) return [];
  const callers = () => (marker.getUsers() as CallInst[]).map((call) => call.getFunction() as LLVMFunction);
  inlineIntoKernel(module, kernel, target, callers, 'barrier');
  return marker.getUsers() as CallInst[];
}

/**
 * Moves the kernel's body into `<kernel>.coro`, a coroutine returning its handle, and gives the
 * kernel a body that runs one thread to completion (used when it is called directly).
 */
export function makeCoroutine(
  module: Module,
  kernel: LLVMFunction,
  barriers: readonly CallInst[],
): LLVMFunction {
  const l = llvm();
  const context = module.getContext();
  const { ptr: i8ptr, i64, i8, i1 } = basicTypes(context);
  const token = l.Type.getTokenTy(context);
  const { void: voidType } = basicTypes(context);

  const params = kernel.getArguments().map((a) => a.getType());
  const coro = l.Function.Create(
    l.FunctionType.get(i8ptr, params, false),
    l.Function.LinkageTypes.InternalLinkage,
    `${kernel.getName()}.coro`,
    module,
  );
  // What marks a coroutine for coro-split since LLVM 15 (LLVM 14 read a string attribute).
  coro.addFnAttr('presplitcoroutine');
  coro.addFnAttr('nounwind');
  // The body's debug locations belong to the kernel's subprogram, which moves with it.
  const subprogram = kernel.getMetadata('dbg');
  if (subprogram) {
    kernel.setMetadata('dbg', null);
    coro.setMetadata('dbg', subprogram);
  }
  const blocks = kernel.getBasicBlocks();
  for (const block of blocks) {
    block.removeFromParent();
    block.insertInto(coro);
  }
  kernel.getArguments().forEach((arg, i) => {
    if (!arg.use_empty()) arg.replaceAllUsesWith(coro.getArg(i));
  });

  // Frame allocation and the handle, before the kernel's first block.
  const begin = l.BasicBlock.Create(context, 'coro.begin', coro, blocks[0] as BasicBlock);
  const b = new l.IRBuilder(begin);
  const nullPtr = l.Constant.getNullValue(i8ptr);
  const id = b.CreateCall(
    declareFunction(module, 'llvm.coro.id', token, [l.Type.getInt32Ty(context), i8ptr, i8ptr, i8ptr]),
    [l.ConstantInt.get(l.Type.getInt32Ty(context), 0), nullPtr, nullPtr, nullPtr],
  );
  const size = b.CreateCall(declareFunction(module, 'llvm.coro.size.i64', i64, []), []);
  const memory = b.CreateCall(declareFunction(module, 'malloc', i8ptr, [i64]), [size]);
  const handle = b.CreateCall(declareFunction(module, 'llvm.coro.begin', i8ptr, [token, i8ptr]), [
    id,
    memory,
  ]);
  const locals = localMemory(module, coro, b);
  b.CreateBr(blocks[0] as BasicBlock);

  // Cleanup frees the frame; the suspend block returns the handle to whoever resumed.
  const cleanup = l.BasicBlock.Create(context, 'coro.cleanup', coro);
  const suspended = l.BasicBlock.Create(context, 'coro.suspend', coro);
  const impossible = l.BasicBlock.Create(context, 'coro.resumed.after.final', coro);
  b.SetInsertPoint(cleanup);
  const freed = b.CreateCall(declareFunction(module, 'llvm.coro.free', i8ptr, [token, i8ptr]), [id, handle]);
  b.CreateCall(declareFunction(module, 'free', voidType, [i8ptr]), [freed]);
  if (locals) b.CreateCall(declareFunction(module, 'free', voidType, [i8ptr]), [locals]);
  b.CreateBr(suspended);
  b.SetInsertPoint(suspended);
  // LLVM 22's coro.end returns nothing and takes the result token (none for switch lowering).
  b.CreateCall(declareFunction(module, 'llvm.coro.end', voidType, [i8ptr, i1, token]), [
    handle,
    l.ConstantInt.getFalse(context),
    l.Constant.getNullValue(token),
  ]);
  b.CreateRet(handle);
  b.SetInsertPoint(impossible);
  b.CreateUnreachable();

  const suspend = declareFunction(module, 'llvm.coro.suspend', i8, [token, i1]);
  const suspendPoint = (builder: IRBuilder, final: boolean, resume: BasicBlock) => {
    const state = builder.CreateCall(suspend, [
      l.Constant.getNullValue(token),
      final ? l.ConstantInt.getTrue(context) : l.ConstantInt.getFalse(context),
    ]);
    const branch = builder.CreateSwitch(state, suspended, 2);
    branch.addCase(l.ConstantInt.get(i8, 0) as never, resume);
    branch.addCase(l.ConstantInt.get(i8, 1) as never, cleanup);
  };

  // Each barrier: the branch on the marker becomes a suspend point resuming at its target,
  // the thread's site left where the launcher reads it.
  const slot = siteSlot(module);
  for (const call of barriers) {
    const branch = call.getNextNode() as Instruction;
    const block = call.getParent() as BasicBlock;
    // A conditional branch's operands are the condition, the false and the true destination.
    const target = branch.getOperand(2) as unknown as BasicBlock;
    const site = call.getOperand(0);
    branch.eraseFromParent();
    call.eraseFromParent();
    const at = new l.IRBuilder(block);
    at.CreateStore(site, slot);
    suspendPoint(at, false, target);
  }
  // Every return goes to the one final suspend (LLVM allows only one), after which the thread
  // is done: a kernel returns at its end, and after a device exception or a failed bounds check.
  const returns = coro
    .getBasicBlocks()
    .filter((block) => block.getTerminator()?.getOpcodeName() === 'ret' && !block.isSame(suspended));
  const final = l.BasicBlock.Create(context, 'coro.final', coro, cleanup);
  suspendPoint(new l.IRBuilder(final), true, impossible);
  for (const block of returns) {
    block.getTerminator()?.eraseFromParent();
    new l.IRBuilder(block).CreateBr(final);
  }

  // The kernel itself now runs one thread through all its barriers.
  const entry = l.BasicBlock.Create(context, 'entry', kernel);
  const run = l.BasicBlock.Create(context, 'run', kernel);
  const done = l.BasicBlock.Create(context, 'done', kernel);
  const k = new l.IRBuilder(entry);
  const started = k.CreateCall(coro, kernel.getArguments() as Value[]);
  k.CreateBr(run);
  k.SetInsertPoint(run);
  const finished = k.CreateCall(declareFunction(module, 'llvm.coro.done', i1, [i8ptr]), [started]);
  const resume = l.BasicBlock.Create(context, 'resume', kernel);
  k.CreateCondBr(finished, done, resume);
  k.SetInsertPoint(resume);
  k.CreateCall(declareFunction(module, 'llvm.coro.resume', voidType, [i8ptr]), [started]);
  k.CreateBr(run);
  k.SetInsertPoint(done);
  k.CreateCall(declareFunction(module, 'llvm.coro.destroy', voidType, [i8ptr]), [started]);
  k.CreateRetVoid();
  return coro;
}
