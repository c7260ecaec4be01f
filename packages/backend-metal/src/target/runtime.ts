/**
 * The Metal back-end's strong runtime (docs/design.md, "The runtime library").
 *
 * Device exceptions go to the status buffer (interface.ts), a kernel parameter: its owner word
 * is claimed once, by compare-and-swap, with the throwing thread's linear index in the grid plus
 * one; only that thread then writes the reason, the string-table indices of the message,
 * function and file (lower.ts turns the strings into indices), the line, where it was, and last
 * the word that says the report is complete. Ending the thread is the caller's (lower.ts makes
 * every signal return from the kernel): a trap can wedge an Apple GPU.
 *
 * `malloc` bumps an offset in the heap buffer the host provides, 16 bytes at a time; when the
 * heap is full it returns null, and the caller reports out of memory.
 */

import { buildExceptionRuntime, type Target } from '@gpuc/core/compiler';
import {
  basicTypes,
  defineFunction,
  type IRBuilder,
  linearIndex,
  llvm,
  type Module,
  type Value,
} from '@gpuc/core/llvm';
import { HEAP_HEADER_BYTES, STATUS_WORDS } from '../metal/interface.js';
import { atomicCall, compareExchange } from './calls.js';
import { INPUTS, inputAxis, inputPointer } from './inputs.js';
import { AddressSpace } from './target.js';

/** Defines the strong runtime (signal_exception, the report functions, malloc) in a module. */
export function buildMetalRuntime(module: Module, _target: Target): void {
  const l = llvm();
  const context = module.getContext();
  const { i32, i64, ptr } = basicTypes(context);
  const c32 = (n: number) => l.ConstantInt.get(i32, n);

  const axes = (input: (typeof INPUTS)[keyof typeof INPUTS]) => (b: IRBuilder) =>
    [0, 1, 2].map((a) => inputAxis(b, module, input, a)) as [Value, Value, Value];
  /** The thread's linear ids: in its threadgroup, of its threadgroup, and in the grid. */
  const where = (b: IRBuilder) => {
    const sizes = axes(INPUTS.groupSize)(b);
    const thread = linearIndex(b, axes(INPUTS.threadInGroup)(b), sizes);
    const group = linearIndex(b, axes(INPUTS.group)(b), axes(INPUTS.groups)(b));
    const perGroup = b.CreateMul(b.CreateMul(sizes[0], sizes[1]), sizes[2]);
    return {
      thread,
      group,
      identity: b.CreateAdd(b.CreateAdd(b.CreateMul(group, perGroup), thread), c32(1)),
    };
  };

  // String arguments are their indices in the kernel's string table (lower.ts), as pointers.
  buildExceptionRuntime(module, {
    word: i32,
    words: STATUS_WORDS,
    string: ptr,
    open(b) {
      const status = inputPointer(b, module, INPUTS.status);
      return { at: (index) => b.CreateInBoundsGEP(i32, status, [c32(index)]) };
    },
    identity: (b) => where(b).identity,
    compareExchange: (b, owner, me) => compareExchange(b, module, owner, c32(0), me),
    claimed(b, block, reason, store) {
      // The first reason stands (an out-of-memory report, then the signal that follows it).
      const before = b.CreateLoad(i32, block.at(STATUS_WORDS.reason));
      store(STATUS_WORDS.reason, b.CreateSelect(b.CreateICmpEQ(before, c32(0)), c32(reason), before));
    },
    beforeSignal(b, _block, store) {
      const { thread, group } = where(b);
      store(STATUS_WORDS.threadgroup, group);
      store(STATUS_WORDS.thread, thread);
    },
    // Ending the thread is the caller's (lower.ts makes every signal return from the kernel).
    leave: (b) => {
      b.CreateRetVoid();
    },
  });

  defineFunction(module, 'gpu_malloc', ptr, [i64], (b, f) => {
    const heap = inputPointer(b, module, INPUTS.heap);
    // Sizes round up to 16 bytes, so every allocation stays 16-byte aligned.
    const size = b.CreateAnd(
      b.CreateAdd(f.getArg(0), l.ConstantInt.get(i64, 15)),
      l.ConstantInt.get(i64, -16, true),
    );
    const capacity = b.CreateZExt(b.CreateLoad(i32, b.CreateInBoundsGEP(i32, heap, [c32(1)])), i64);
    const fits = l.BasicBlock.Create(context, 'fits', f);
    const full = l.BasicBlock.Create(context, 'full', f);
    const claim = l.BasicBlock.Create(context, 'claim', f);
    b.CreateCondBr(b.CreateICmpULE(size, capacity), claim, full);
    b.SetInsertPoint(claim);
    const offset = b.CreateZExt(
      atomicCall(b, module, 'add.u.i32', heap, [b.CreateTrunc(size, i32)], i32),
      i64,
    );
    b.CreateCondBr(b.CreateICmpULE(b.CreateAdd(offset, size), capacity), fits, full);
    b.SetInsertPoint(fits);
    const bytes = b.CreatePointerCast(heap, l.Type.getInt8PtrTy(context, AddressSpace.device));
    const at = b.CreateInBoundsGEP(l.Type.getInt8Ty(context), bytes, [
      b.CreateAdd(offset, l.ConstantInt.get(i64, HEAP_HEADER_BYTES)),
    ]);
    b.CreateRet(b.CreateAddrSpaceCast(at, ptr));
    b.SetInsertPoint(full);
    b.CreateRet(l.ConstantPointerNull.get(ptr));
  });
}
