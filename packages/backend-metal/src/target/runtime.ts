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
import {
  defineFunction,
  type IRBuilder,
  type LLVMFunction,
  llvm,
  type Module,
  type Target,
  type Value,
} from '@gpuc/core';
import { REASONS } from '@gpuc/core/host';
import { HEAP_HEADER_BYTES, STATUS_WORDS } from '../metal/interface.js';
import { atomicCall, compareExchange } from './calls.js';
import { INPUTS, inputAxis, inputPointer } from './inputs.js';
import { AddressSpace } from './target.js';

/** Defines the strong runtime (signal_exception, the report functions, malloc) in a module. */
export function buildMetalRuntime(module: Module, _target: Target): void {
  const l = llvm();
  const context = module.getContext();
  const i32 = l.Type.getInt32Ty(context);
  const i64 = l.Type.getInt64Ty(context);
  const ptr = l.Type.getInt8PtrTy(context);
  const voidType = l.Type.getVoidTy(context);
  const c32 = (n: number) => l.ConstantInt.get(i32, n);

  const word = (b: IRBuilder, index: number) =>
    b.CreateInBoundsGEP(i32, inputPointer(b, module, INPUTS.status), [c32(index)]);
  const store = (b: IRBuilder, index: number, value: Value) => {
    const stored = b.CreateStore(value, word(b, index));
    (stored as never as { setVolatile(v: boolean): void }).setVolatile(true);
  };
  const linear = (b: IRBuilder, ids: Value[], extents: Value[]) =>
    b.CreateAdd(
      ids[0] as Value,
      b.CreateMul(
        extents[0] as Value,
        b.CreateAdd(ids[1] as Value, b.CreateMul(extents[1] as Value, ids[2] as Value)),
      ),
    );
  const axes = (input: (typeof INPUTS)[keyof typeof INPUTS]) => (b: IRBuilder) =>
    [0, 1, 2].map((a) => inputAxis(b, module, input, a));
  /** The thread's linear ids: in its threadgroup, of its threadgroup, and in the grid. */
  const where = (b: IRBuilder) => {
    const sizes = axes(INPUTS.groupSize)(b);
    const thread = linear(b, axes(INPUTS.threadInGroup)(b), sizes);
    const group = linear(b, axes(INPUTS.group)(b), axes(INPUTS.groups)(b));
    const perGroup = b.CreateMul(b.CreateMul(sizes[0] as Value, sizes[1] as Value), sizes[2] as Value);
    return {
      thread,
      group,
      identity: b.CreateAdd(b.CreateAdd(b.CreateMul(group, perGroup), thread), c32(1)),
    };
  };
  /** Runs `body` if this thread owns the status (claiming it first for a reason, if given). */
  const owning = (b: IRBuilder, f: LLVMFunction, reason: number | undefined, body: () => void) => {
    const { identity } = where(b);
    let owner: Value;
    if (reason !== undefined) {
      const old = compareExchange(b, module, word(b, STATUS_WORDS.owner), c32(0), identity);
      owner = b.CreateSelect(b.CreateICmpEQ(old, c32(0)), identity, old);
    } else {
      const load = b.CreateLoad(i32, word(b, STATUS_WORDS.owner));
      (load as never as { setVolatile(v: boolean): void }).setVolatile(true);
      owner = load;
    }
    const owned = l.BasicBlock.Create(context, 'owned', f);
    const done = l.BasicBlock.Create(context, 'done', f);
    b.CreateCondBr(b.CreateICmpEQ(owner, identity), owned, done);
    b.SetInsertPoint(owned);
    if (reason !== undefined) {
      // The first reason stands (an out-of-memory report, then the signal that follows it).
      const reasonWord = word(b, STATUS_WORDS.reason);
      const before = b.CreateLoad(i32, reasonWord);
      store(b, STATUS_WORDS.reason, b.CreateSelect(b.CreateICmpEQ(before, c32(0)), c32(reason), before));
    }
    body();
    b.CreateBr(done);
    b.SetInsertPoint(done);
  };
  /** A string argument is its index in the kernel's string table (lower.ts), as a pointer. */
  const index = (b: IRBuilder, pointer: Value) => b.CreateTrunc(b.CreatePtrToInt(pointer, i64), i32);
  const define = (
    name: string,
    result: typeof voidType,
    params: (typeof i64)[],
    body: (b: IRBuilder, f: LLVMFunction) => void,
  ) => defineFunction(module, name, result, params, body);

  for (const name of ['gpu_report_exception', 'gpu_report_exception_name']) {
    define(name, voidType, [ptr], (b, f) => {
      owning(b, f, REASONS.exception, () => store(b, STATUS_WORDS.message, index(b, f.getArg(0))));
      b.CreateRetVoid();
    });
  }
  define('gpu_report_oom', voidType, [i64], (b, f) => {
    owning(b, f, REASONS.outOfMemory, () => undefined);
    b.CreateRetVoid();
  });
  define('gpu_report_exception_frame', voidType, [i32, ptr, ptr, i32], (b, f) => {
    owning(b, f, undefined, () => {
      store(b, STATUS_WORDS.function, index(b, f.getArg(1)));
      store(b, STATUS_WORDS.file, index(b, f.getArg(2)));
      store(b, STATUS_WORDS.line, f.getArg(3));
    });
    b.CreateRetVoid();
  });
  define('gpu_signal_exception', voidType, [], (b, f) => {
    owning(b, f, REASONS.exception, () => {
      const { thread, group } = where(b);
      store(b, STATUS_WORDS.threadgroup, group);
      store(b, STATUS_WORDS.thread, thread);
      store(b, STATUS_WORDS.signalled, c32(1));
    });
    b.CreateRetVoid();
  });
  define('gpu_malloc', ptr, [i64], (b, f) => {
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
    b.CreateRet(l.ConstantPointerNull.get(ptr as never));
  });
}
