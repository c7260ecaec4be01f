/**
 * Float remainders through libdevice's fmod. NVPTX lowers `frem` as `x - trunc(x / y) * y`,
 * which is not JavaScript's `%`: an infinite divisor gives NaN (JavaScript: x), `-x % x` gives
 * +0 (JavaScript: -0), and large or subnormal quotients lose bits (the fuzzer found each on an
 * H100). fmod is exact and keeps the dividend's sign, as JavaScript's `%` does.
 */
import type { LLVMFunction, Module } from '@gpuc/core/llvm';
import { declareFunction, llvm } from '@gpuc/core/llvm';

/** Replaces every `frem` of the module's functions with a call of `__nv_fmod(f)`. */
export function remaindersThroughFmod(module: Module): void {
  const builder = new (llvm().IRBuilder)(module.getContext());
  for (const fn of module.getFunctions() as LLVMFunction[]) {
    if (fn.isDeclaration()) continue;
    for (const inst of fn.findInstructions(['frem'])) {
      const type = inst.getType();
      const fmod = declareFunction(module, type.isFloatTy() ? '__nv_fmodf' : '__nv_fmod', type, [type, type]);
      builder.SetInsertPoint(inst);
      inst.replaceAllUsesWith(builder.CreateCall(fmod, [inst.getOperand(0), inst.getOperand(1)]));
      inst.eraseFromParent();
    }
  }
}
