/**
 * Work-item loops: a native kernel without barriers runs a block's threads as loops inside one
 * function, `<kernel>.block`, as CPU back-ends of OpenCL and SYCL do. The kernel's body becomes
 * `<kernel>.thread`, its geometry (thread and block indices and sizes) parameters, called in
 * the innermost of three loops (z, y, x; x fastest, as threads are numbered on GPUs) and
 * inlined there: the worker calls the loops once a block, so no call, no thread-local store or
 * load remains per thread, and LLVM can vectorise across threads.
 *
 * A thread that throws still records its report and signals (runtime.ts); the others of its
 * block run on, as on GPUs, and the worker stops before the next block (launcher.ts).
 *
 * Kernels with barriers or warp operations stay coroutines (coroutine.ts): splitting the loops
 * at each barrier and keeping values live across it in per-thread arrays is not done yet, and
 * warp operations exchange values between lanes mid-body, which a loop over threads cannot.
 */
import { basicTypes } from '../llvm/basic-types.js';
import { llvm } from '../llvm/load.js';
import type { TargetDescription } from '../llvm/target.js';
import type { BasicBlock, IRBuilder, LLVMContext, LLVMFunction, Module, Value } from '../llvm/types.js';
import { versionHolds, versionThread } from './guard.js';
import { functionsUsing, inlineIntoKernel } from './inline.js';
import { geometry } from './intrinsics.js';

/**
 * The parameters `<kernel>.block` takes after the kernel's: blockIdx, blockDim and gridDim, x y
 * z each, as the geometry array orders them after threadIdx (`<kernel>.thread` takes all 12).
 */
export const BLOCK_PARAMETERS = 9;

/** The address of slot `index` of the geometry array (a constant expression). */
function geometrySlot(b: IRBuilder, module: Module, index: number): Value {
  const l = llvm();
  const { i32 } = basicTypes(module);
  const array = geometry(module);
  return b.CreateInBoundsGEP(array.getValueType(), array, [
    l.ConstantInt.get(i32, 0),
    l.ConstantInt.get(i32, index),
  ]);
}

/**
 * Kernel bodies up to this many instructions (before optimisation) are inlined into the loops
 * and get a second copy for disjoint arrays (launcher.ts), where LLVM vectorises them with no
 * run-time overlap checks. (It gives up on a loop needing more than eight, which a 3x3 stencil
 * does; asking it to vectorise whatever the checks would also let it reassociate a float sum
 * that threads keep in one element, which must stay in thread order.) Kernels that gain from
 * vectorising are small (a stencil 133, an n-body step 294); a large body inside the loops, and
 * twice, made LLVM's register allocation and loop strength reduction take seconds (the
 * 200-line kernel of bench/compile.ts, 1471 instructions, 2.7 times as long, an 800-line one
 * 2.5 times), so a larger one stays a call per thread.
 */
const COMPACT_BODY = 500;

/** Whether a function's body is small enough to inline and copy (see `COMPACT_BODY`). */
export function isCompact(fn: LLVMFunction): boolean {
  let count = 0;
  for (const block of fn.getBasicBlocks()) {
    // Described in one binding call: a wrapper per instruction costs more than the count.
    count += block.describeInstructions().length;
    if (count > COMPACT_BODY) return false;
  }
  return true;
}

/**
 * A function taking the kernel's parameters and `extra` more i32s; with `flag`, then the i1
 * `proven` (guard.ts).
 */
function withGeometry(
  module: Module,
  kernel: LLVMFunction,
  suffix: string,
  extra: number,
  flag = false,
): LLVMFunction {
  const l = llvm();
  const context = module.getContext();
  const params = kernel.getArguments().map((a) => a.getType());
  const { i1, i32 } = basicTypes(context);
  const fn = l.Function.Create(
    l.FunctionType.get(
      l.Type.getVoidTy(context),
      [...params, ...Array.from({ length: extra }, () => i32), ...(flag ? [i1] : [])],
      false,
    ),
    l.Function.LinkageTypes.InternalLinkage,
    `${kernel.getName()}.${suffix}`,
    module,
  );
  fn.addFnAttr('nounwind');
  return fn;
}

/**
 * Moves the kernel's body into `<kernel>.thread(args..., threadIdx, blockIdx, blockDim,
 * gridDim, proven)`, its reads of the geometry array now of those parameters.
 */
function threadFunction(module: Module, kernel: LLVMFunction): LLVMFunction {
  const fn = withGeometry(module, kernel, 'thread', 12, true);
  // The body's debug locations belong to the kernel's subprogram, which moves with it.
  const subprogram = kernel.getMetadata('dbg');
  if (subprogram) {
    kernel.setMetadata('dbg', null);
    fn.setMetadata('dbg', subprogram);
  }
  for (const block of kernel.getBasicBlocks()) {
    block.removeFromParent();
    block.insertInto(fn);
  }
  const count = kernel.arg_size();
  kernel.getArguments().forEach((arg, i) => {
    if (!arg.use_empty()) arg.replaceAllUsesWith(fn.getArg(i));
  });
  readsAsParameters(module, fn, count);
  return fn;
}

/** Makes `<kernel>.thread`'s reads of the geometry array reads of its geometry parameters. */
function readsAsParameters(module: Module, fn: LLVMFunction, count: number): void {
  const l = llvm();
  const b = new l.IRBuilder(fn.getEntryBlock());
  for (let slot = 0; slot < 12; slot++) {
    for (const user of geometrySlot(b, module, slot).getUsers()) {
      if (!(user instanceof l.LoadInst) || !user.getFunction()?.isSame(fn)) continue;
      user.replaceAllUsesWith(fn.getArg(count + slot));
      user.eraseFromParent();
    }
  }
}

/** The functions with bodies that `fn` calls, directly or not. */
function calledFrom(fn: LLVMFunction): Set<string> {
  const l = llvm();
  const reached = new Set<string>();
  const queue = [fn];
  for (let caller = queue.pop(); caller; caller = queue.pop())
    for (const block of caller.getBasicBlocks())
      for (const inst of block.getInstructions()) {
        if (!(inst instanceof l.CallInst)) continue;
        const callee = inst.getCalledFunction();
        if (!callee || callee.isDeclaration() || reached.has(callee.getName())) continue;
        reached.add(callee.getName());
        queue.push(callee);
      }
  return reached;
}

/**
 * Code linked in after the loops were made (a nested job's, such as an AD derivative) may read
 * the geometry array, which the loops never fill: such functions that `<kernel>.thread` calls
 * are inlined into it, and their reads become its parameters, as its own did.
 */
export function linkedReadsAsParameters(
  module: Module,
  kernel: LLVMFunction,
  target: TargetDescription,
): void {
  const thread = module.getFunction(`${kernel.getName()}.thread`);
  if (!thread) return;
  const reading = () => {
    const reached = calledFrom(thread);
    return functionsUsing(geometry(module)).filter((fn) => reached.has(fn.getName()));
  };
  if (reading().length === 0) return;
  // Not into the loops yet: inlined there, the reads would be of the array again.
  const inline = thread.hasFnAttribute('alwaysinline');
  thread.removeFnAttr('alwaysinline');
  inlineIntoKernel(module, thread, target, reading, 'thread index');
  if (inline) thread.addFnAttr('alwaysinline');
  readsAsParameters(module, thread, kernel.arg_size());
}

/** Emits `for (i = 0; i < count; i++) body(i)` where `b` is; `b` goes on after the loop. */
function countedLoop(b: IRBuilder, fn: LLVMFunction, count: Value, body: (i: Value) => void): void {
  const l = llvm();
  const context = fn.getParent()?.getContext() as LLVMContext;
  const i32 = l.Type.getInt32Ty(context);
  const header = l.BasicBlock.Create(context, 'items.loop', fn);
  const inside = l.BasicBlock.Create(context, 'items.body', fn);
  const latch = l.BasicBlock.Create(context, 'items.next', fn);
  const after = l.BasicBlock.Create(context, 'items.done', fn);
  const before = b.GetInsertBlock() as BasicBlock;
  b.CreateBr(header);
  b.SetInsertPoint(header);
  const i = b.CreatePHI(i32, 2);
  i.addIncoming(l.ConstantInt.get(i32, 0), before);
  b.CreateCondBr(b.CreateICmpSLT(i, count), inside, after);
  const step = new l.IRBuilder(latch);
  i.addIncoming(step.CreateAdd(i, l.ConstantInt.get(i32, 1)), latch);
  step.CreateBr(header);
  b.SetInsertPoint(inside);
  body(i);
  b.CreateBr(latch);
  b.SetInsertPoint(after);
}

/**
 * Builds `<kernel>.block(args..., blockIdx, blockDim, gridDim)`, the loops over a block's
 * threads, from the kernel's body, and gives the kernel a body that runs its one thread (the
 * geometry array's).
 */
export function makeWorkItemLoops(
  module: Module,
  kernel: LLVMFunction,
  target: TargetDescription,
): LLVMFunction {
  const l = llvm();
  const context = module.getContext();
  const { i32 } = basicTypes(context);
  // Every read of the geometry must be in the kernel's own body to become a parameter.
  inlineIntoKernel(module, kernel, target, () => functionsUsing(geometry(module)), 'thread index');
  const thread = threadFunction(module, kernel);
  const compact = isCompact(thread);
  thread.addFnAttr(compact ? 'alwaysinline' : 'noinline');

  const fn = withGeometry(module, kernel, 'block', BLOCK_PARAMETERS);
  const count = kernel.arg_size();
  const args = Array.from({ length: count }, (_, i) => fn.getArg(i) as Value);
  const rest = Array.from({ length: BLOCK_PARAMETERS }, (_, k) => fn.getArg(count + k) as Value);
  const blockDim = rest.slice(3, 6);
  const b = new l.IRBuilder(l.BasicBlock.Create(context, 'items', fn));
  const no = l.ConstantInt.getFalse(context);
  const yes = l.ConstantInt.getTrue(context);
  const versioning = compact ? versionThread(thread, thread.getArg(count + 12)) : undefined;
  const run = (index: Value[], proven: Value) => b.CreateCall(thread, [...args, ...index, ...rest, proven]);
  // Loops z, y, x: x fastest, as threads are numbered on GPUs.
  const loops = (proven: Value) =>
    countedLoop(b, fn, blockDim[2] as Value, (z) =>
      countedLoop(b, fn, blockDim[1] as Value, (y) =>
        countedLoop(b, fn, blockDim[0] as Value, (x) => run([x, y, z], proven)),
      ),
    );
  // A block for every thread of which the versioning's assumptions hold runs the proven copy.
  const holds =
    versioning &&
    versionHolds(b, context, versioning, (arg) => {
      if (arg < count) return args[arg];
      const slot = arg - count;
      if (slot >= 3) return rest[slot - 3];
      const i64 = l.Type.getInt64Ty(context);
      const last = b.CreateSub(b.CreateSExt(blockDim[slot] as Value, i64), l.ConstantInt.get(i64, 1));
      return { lo: l.ConstantInt.get(i64, 0), hi: last };
    });
  // What the evaluation can never prove gets no proven copy of the body.
  if (!holds || (holds instanceof l.ConstantInt && !holds.getZExtValue())) loops(no);
  else {
    const fast = l.BasicBlock.Create(context, 'items.proven', fn);
    const slow = l.BasicBlock.Create(context, 'items.unproven', fn);
    const done = l.BasicBlock.Create(context, 'items.ran', fn);
    b.CreateCondBr(holds, fast, slow);
    for (const [block, proven] of [
      [fast, yes],
      [slow, no],
    ] as const) {
      b.SetInsertPoint(block);
      loops(proven);
      b.CreateBr(done);
    }
    b.SetInsertPoint(done);
  }
  b.CreateRetVoid();

  // The kernel itself runs the thread the geometry array names.
  const k = new l.IRBuilder(l.BasicBlock.Create(context, 'entry', kernel));
  k.CreateCall(thread, [
    ...(kernel.getArguments() as Value[]),
    ...Array.from({ length: 12 }, (_, slot) => k.CreateLoad(i32, geometrySlot(k, module, slot))),
    l.ConstantInt.getFalse(context),
  ]);
  k.CreateRetVoid();
  return fn;
}
