/**
 * Inlining into the kernel: native code that needs a kernel-wide view (the suspend points of a
 * coroutine, the thread indices of work-item loops) must find it all in the kernel's own body.
 */
import { llvm } from '../llvm/load.js';
import { runPipeline } from '../llvm/passes.js';
import type { TargetDescription } from '../llvm/target.js';
import type { CallInst, Instruction, LLVMFunction, Module, Value } from '../llvm/types.js';

/** The functions whose instructions use a value, through constant expressions too. */
export function functionsUsing(value: Value): LLVMFunction[] {
  const l = llvm();
  const found = new Map<string, LLVMFunction>();
  const visit = (v: Value) => {
    for (const user of v.getUsers()) {
      if (user instanceof l.Instruction) {
        const fn = (user as Instruction).getFunction();
        if (fn) found.set(fn.getName(), fn);
      } else visit(user);
    }
  };
  visit(value);
  return [...found.values()];
}

/**
 * Erases the `llvm.lifetime.start`/`end` calls on a stack slot, which the inliner adds around an
 * inlined function's slots: LLVM accepts them on an alloca only, and the slot is to become
 * something else (memory of a coroutine's frame, another slot).
 */
export function dropLifetimeMarkers(slot: Value): void {
  const l = llvm();
  for (const user of slot.getUsers()) {
    if (!(user instanceof l.CallInst)) continue;
    const name = (user as CallInst).getCalledFunction()?.getName() ?? '';
    if (name.startsWith('llvm.lifetime.')) (user as CallInst).eraseFromParent();
  }
}

/**
 * Inlines every function that `using()` lists, other than the kernel, into its callers until the
 * kernel alone is left. Recursion is rejected earlier, so this ends: each round moves every use
 * at least one call up, so there are no more rounds than functions.
 */
export function inlineIntoKernel(
  module: Module,
  kernel: LLVMFunction,
  target: TargetDescription,
  using: () => LLVMFunction[],
  what: string,
): void {
  for (let round = module.getFunctions().length; ; round--) {
    const outside = using().filter((fn) => !fn.isSame(kernel));
    if (outside.length === 0) return;
    if (round === 0)
      throw new Error(`gpuc: the ${what} in ${outside[0]?.getName()} does not inline into the kernel`);
    for (const fn of outside) {
      if (fn.getNumUses() === 0) {
        // Already inlined everywhere it was called.
        fn.eraseFromParent();
        continue;
      }
      fn.removeFnAttr('noinline');
      fn.addFnAttr('alwaysinline');
    }
    runPipeline(module, 'always-inline', target);
  }
}
