/**
 * Work-item loops: a native kernel without barriers runs a block's threads as loops inside one
 * function, `<kernel>.block`, as CPU back-ends of OpenCL and SYCL do. The kernel's body moves
 * into the innermost of three loops (z, y, x; x fastest, as threads are numbered on GPUs), its
 * thread indices become the loop variables and its block indices and sizes parameters, and a
 * return ends the thread (goes on to the next). The worker calls it once a block, so no call,
 * no thread-local store or load remains per thread, and LLVM can vectorise across threads.
 *
 * A thread that throws still records its report and signals (runtime.ts); the others of its
 * block run on, as on GPUs, and the worker stops before the next block (launcher.ts).
 *
 * Kernels with barriers or warp operations stay coroutines (coroutine.ts): splitting the loops
 * at each barrier and keeping values live across it in per-thread arrays is not done yet, and
 * warp operations exchange values between lanes mid-body, which a loop over threads cannot.
 */
import { llvm } from '../llvm/load.js';
import { parseModule } from '../llvm/module.js';
import type { TargetDescription } from '../llvm/target.js';
import type {
  BasicBlock,
  Instruction,
  IRBuilder,
  LLVMFunction,
  MDNode,
  Module,
  Value,
} from '../llvm/types.js';
import { functionsUsing, inlineIntoKernel } from './inline.js';
import { geometry } from './intrinsics.js';

/**
 * The parameters `<kernel>.block` takes after the kernel's: blockIdx, blockDim and gridDim (as
 * the geometry array orders them, x y z each), then the first and the end thread of each axis.
 */
export const BLOCK_PARAMETERS = 15;

/** The address of slot `index` of the geometry array (a constant expression). */
function geometrySlot(b: IRBuilder, module: Module, index: number): Value {
  const l = llvm();
  const i32 = l.Type.getInt32Ty(module.getContext());
  const array = geometry(module);
  return b.CreateInBoundsGEP(array.getValueType(), array, [
    l.ConstantInt.get(i32, 0),
    l.ConstantInt.get(i32, index),
  ]);
}

/**
 * Loop metadata asking LLVM to vectorise a loop (`#pragma clang loop vectorize(enable)`): the
 * threads of a block do not depend on each other, but LLVM gives up on a loop needing more than
 * eight run-time checks that its arrays do not overlap (a 3x3 stencil needs nine). A loop's ID
 * refers to itself, which only the IR parser builds here; metadata belongs to the context, so
 * the node outlives the scratch module.
 */
function vectorizeHint(module: Module): MDNode {
  const text = `define void @loop() {
entry:
  br label %loop
loop:
  br i1 true, label %loop, label %done, !llvm.loop !0
done:
  ret void
}
!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.vectorize.enable", i1 true}
`;
  const scratch = parseModule(module.getContext(), text, 'gpuc-loop-hint');
  const branch = scratch.getFunction('loop')?.getBasicBlocks()[1]?.getTerminator();
  return branch?.getMetadata('llvm.loop') as MDNode;
}

/**
 * Builds `<kernel>.block(args..., blockIdx, blockDim, gridDim, first, end)` from the kernel's
 * body, and gives the kernel a body that runs its one thread (the geometry array's) through it.
 */
export function makeWorkItemLoops(
  module: Module,
  kernel: LLVMFunction,
  target: TargetDescription,
): LLVMFunction {
  const l = llvm();
  const context = module.getContext();
  const i32 = l.Type.getInt32Ty(context);
  const array = geometry(module);
  // Every read of the geometry must be in the kernel's own body to become a loop variable.
  inlineIntoKernel(module, kernel, target, () => functionsUsing(array), 'thread index');

  const params = kernel.getArguments().map((a) => a.getType());
  const fn = l.Function.Create(
    l.FunctionType.get(
      l.Type.getVoidTy(context),
      [...params, ...Array.from({ length: BLOCK_PARAMETERS }, () => i32)],
      false,
    ),
    l.Function.LinkageTypes.InternalLinkage,
    `${kernel.getName()}.block`,
    module,
  );
  fn.addFnAttr('nounwind');
  // The body's debug locations belong to the kernel's subprogram, which moves with it.
  const subprogram = kernel.getMetadata('dbg');
  if (subprogram) {
    kernel.setMetadata('dbg', null);
    fn.setMetadata('dbg', subprogram);
  }
  const blocks = kernel.getBasicBlocks();
  for (const block of blocks) {
    block.removeFromParent();
    block.insertInto(fn);
  }
  kernel.getArguments().forEach((arg, i) => {
    if (!arg.use_empty()) arg.replaceAllUsesWith(fn.getArg(i));
  });
  const extra = (k: number) => fn.getArg(params.length + k);
  const body = blocks[0] as BasicBlock;

  const entry = l.BasicBlock.Create(context, 'items', fn, body);
  const b = new l.IRBuilder(entry);
  const done = l.BasicBlock.Create(context, 'items.done', fn);
  // Loops z, y, x: each one's end continues the loop around it (the outermost's, `done`).
  let after = done;
  const index: Value[] = [];
  for (const axis of [2, 1, 0]) {
    const header = l.BasicBlock.Create(context, 'items.loop', fn, body);
    const inside = l.BasicBlock.Create(context, 'items.body', fn, body);
    const latch = l.BasicBlock.Create(context, 'items.next', fn, done);
    const before = b.GetInsertBlock() as BasicBlock;
    b.CreateBr(header);
    b.SetInsertPoint(header);
    const i = b.CreatePHI(i32, 2);
    i.addIncoming(extra(9 + axis), before);
    b.CreateCondBr(b.CreateICmpSLT(i, extra(12 + axis)), inside, after);
    const step = new l.IRBuilder(latch);
    i.addIncoming(step.CreateAdd(i, l.ConstantInt.get(i32, 1)), latch);
    const back = step.CreateBr(header);
    // The x loop is the one to vectorise, whatever number of run-time alias checks that needs.
    if (axis === 0) back.setMetadata('llvm.loop', vectorizeHint(module));
    index[axis] = i;
    after = latch;
    b.SetInsertPoint(inside);
  }
  b.CreateBr(body);
  // The entry keeps the body's fixed-size allocas (local arrays), made once for all threads:
  // each thread's `new` clears its array again.
  const start = entry.getTerminator() as Instruction;
  for (const inst of body.getInstructions())
    if (inst.getOpcodeName() === 'alloca' && inst.getOperand(0) instanceof l.Constant) inst.moveBefore(start);
  new l.IRBuilder(done).CreateRetVoid();
  for (const block of fn.getBasicBlocks()) {
    const end = block.getTerminator();
    if (block.isSame(done) || end?.getOpcodeName() !== 'ret') continue;
    end.eraseFromParent();
    new l.IRBuilder(block).CreateBr(after);
  }
  // Thread indices are the loop variables; the rest of the geometry the parameters.
  for (let slot = 0; slot < 12; slot++) {
    const value = slot < 3 ? (index[slot] as Value) : extra(slot - 3);
    for (const user of geometrySlot(b, module, slot).getUsers()) {
      if (!(user instanceof l.LoadInst) || !user.getFunction()?.isSame(fn)) continue;
      user.replaceAllUsesWith(value);
      user.eraseFromParent();
    }
  }

  // The kernel itself runs the thread the geometry array names.
  const k = new l.IRBuilder(l.BasicBlock.Create(context, 'entry', kernel));
  const read = (slot: number) => k.CreateLoad(i32, geometrySlot(k, module, slot));
  const thread = [0, 1, 2].map(read);
  k.CreateCall(fn, [
    ...(kernel.getArguments() as Value[]),
    ...Array.from({ length: 9 }, (_, s) => read(3 + s)),
    ...thread,
    ...thread.map((t) => k.CreateAdd(t, l.ConstantInt.get(i32, 1))),
  ]);
  k.CreateRetVoid();
  return fn;
}
