/**
 * The exception-block runtime the GPU back-ends share (docs/design.md, "The runtime library").
 *
 * A device exception is reported through a block of words the host reads after the launch. A
 * throwing thread claims the block once, by compare-and-swap of its identity into the owner
 * word; only the owner then writes the message, function and file (as words: device addresses,
 * or string-table indices) and the line, and last, after whatever fence its target needs, the
 * word that says the report is complete. Every throwing thread then leaves the kernel, so the
 * rest of the grid runs on.
 *
 * Where the block is, what a thread's identity is, how it swaps atomically and how it leaves are
 * the target's: {@link ExceptionBlock} says them; {@link buildExceptionRuntime} writes the report
 * functions (`gpu_report_exception`, `..._name`, `..._frame`, `..._oom`, `gpu_signal_exception`).
 */

import { REASONS } from '../host/exceptions.js';
import { basicTypes } from '../llvm/basic-types.js';
import { llvm } from '../llvm/load.js';
import { defineFunction } from '../llvm/module.js';
import type { IRBuilder, LLVMFunction, Module, Type, Value } from '../llvm/types.js';

/** Word indices of a block's fields. */
export interface ExceptionWords {
  readonly owner: number;
  readonly signalled: number;
  readonly message: number;
  readonly function: number;
  readonly file: number;
  readonly line: number;
}

/** The block's words as a report function sees them. */
export interface OpenBlock {
  /** A pointer to word `index`. */
  at(index: number): Value;
  /** False (an `i1`) where there is no block: the report is dropped. Always there when absent. */
  readonly present?: Value;
}

/** How a target keeps its exception block. */
export interface ExceptionBlock {
  /** The type of the block's words: `i64`, or `i32` where atomics are 32-bit (Metal). */
  readonly word: Type;
  /** Where each field is. */
  readonly words: ExceptionWords;
  /** The type of the string pointers the report functions take. */
  readonly string: Type;
  /** The block, from inside a report function. */
  open(b: IRBuilder, f: LLVMFunction): OpenBlock;
  /** The owner word this thread claims the block with, for a reason (`REASONS`). */
  identity(b: IRBuilder, reason: number): Value;
  /**
   * Swaps the owner word from zero to `me` atomically; returns the word as it was. By default an
   * LLVM `cmpxchg`, sequentially consistent, aligned as {@link wordAlignment} says.
   */
  compareExchange?(b: IRBuilder, owner: Value, me: Value): Value;
  /** The owner word's alignment for the default `cmpxchg` (the type's natural one when absent). */
  readonly wordAlignment?: number;
  /** Whether the owner word names this thread (default: equal to its identity). */
  owns?(b: IRBuilder, owner: Value, me: Value): Value;
  /** What the claiming thread records of its reason, inside the owned block. */
  claimed?(b: IRBuilder, block: OpenBlock, reason: number, store: WordStore): void;
  /** The address space of the `out of memory` message; without one, out of memory writes no message. */
  readonly oomMessageSpace?: number;
  /** Runs in the owned block before the `signalled` word is set (fences, where the thread was). */
  beforeSignal(b: IRBuilder, block: OpenBlock, store: WordStore): void;
  /** Runs in the owned block after it (a fence, say). */
  afterSignal?(b: IRBuilder): void;
  /** Ends the signalling thread, terminating the function. */
  leave(b: IRBuilder): void;
}

/** Stores a word of the block, volatile, so the host sees each report as written. */
export type WordStore = (index: number, value: Value) => void;

/** Defines the report functions and `gpu_signal_exception` for a target's block. */
export function buildExceptionRuntime(module: Module, block: ExceptionBlock): void {
  const l = llvm();
  const context = module.getContext();
  const { i32, i64, void: voidType } = basicTypes(context);
  const { word, words } = block;
  const constant = (n: number) => l.ConstantInt.get(word, n);
  const asWord = (b: IRBuilder, value: Value) =>
    value.getType().getIntegerBitWidth() < word.getIntegerBitWidth() ? b.CreateZExt(value, word) : value;
  const address = (b: IRBuilder, pointer: Value) => b.CreatePtrToInt(pointer, word);
  const { SequentiallyConsistent } = l.AtomicOrdering;
  const compareExchange =
    block.compareExchange?.bind(block) ??
    ((b: IRBuilder, owner: Value, me: Value) =>
      b.CreateExtractValue(
        b.CreateAtomicCmpXchg(
          owner,
          constant(0),
          me,
          block.wordAlignment ?? null,
          SequentiallyConsistent,
          SequentiallyConsistent,
        ),
        [0],
      ));

  /**
   * Runs `body` if the block is there and this thread owns it (claiming it first for a reason,
   * if given), with the builder inside; the builder continues after.
   */
  const owning = (
    b: IRBuilder,
    f: LLVMFunction,
    reason: number | undefined,
    body: (store: WordStore, opened: OpenBlock) => void,
  ) => {
    const opened = block.open(b, f);
    const exists = opened.present ? l.BasicBlock.Create(context, 'exists', f) : undefined;
    const owned = l.BasicBlock.Create(context, 'owned', f);
    const done = l.BasicBlock.Create(context, 'done', f);
    if (opened.present && exists) {
      b.CreateCondBr(opened.present, exists, done);
      b.SetInsertPoint(exists);
    }
    const me = block.identity(b, reason ?? REASONS.exception);
    let owner: Value;
    if (reason !== undefined) {
      const old = compareExchange(b, opened.at(words.owner), me);
      owner = b.CreateSelect(b.CreateICmpEQ(old, constant(0)), me, old);
    } else {
      const load = b.CreateLoad(word, opened.at(words.owner));
      load.setVolatile(true);
      owner = load;
    }
    b.CreateCondBr(block.owns ? block.owns(b, owner, me) : b.CreateICmpEQ(owner, me), owned, done);
    b.SetInsertPoint(owned);
    const store: WordStore = (index, value) => b.CreateStore(value, opened.at(index)).setVolatile(true);
    if (reason !== undefined) block.claimed?.(b, opened, reason, store);
    body(store, opened);
    b.CreateBr(done);
    b.SetInsertPoint(done);
  };
  const define = (name: string, params: Type[], body: (b: IRBuilder, f: LLVMFunction) => void) =>
    defineFunction(module, name, voidType, params, body);

  for (const name of ['gpu_report_exception', 'gpu_report_exception_name']) {
    define(name, [block.string], (b, f) => {
      owning(b, f, REASONS.exception, (store) => store(words.message, address(b, f.getArg(0))));
      b.CreateRetVoid();
    });
  }
  define('gpu_report_oom', [i64], (b, f) => {
    const space = block.oomMessageSpace;
    const message =
      space === undefined ? undefined : b.CreateGlobalStringPtr('out of memory', 'gpuc.oom', space, module);
    owning(b, f, REASONS.outOfMemory, (store) => {
      if (message) store(words.message, address(b, message));
    });
    b.CreateRetVoid();
  });
  define('gpu_report_exception_frame', [i32, block.string, block.string, i32], (b, f) => {
    owning(b, f, undefined, (store) => {
      store(words.function, address(b, f.getArg(1)));
      store(words.file, address(b, f.getArg(2)));
      store(words.line, asWord(b, f.getArg(3)));
    });
    b.CreateRetVoid();
  });
  define('gpu_signal_exception', [], (b, f) => {
    owning(b, f, REASONS.exception, (store, opened) => {
      block.beforeSignal(b, opened, store);
      store(words.signalled, constant(1));
      block.afterSignal?.(b);
    });
    block.leave(b);
  });
}
