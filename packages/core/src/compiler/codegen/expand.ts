/**
 * JavaScript's `Math.max`/`Math.min` for targets that have no `llvm.maximum`/`llvm.minimum`,
 * run after optimisation (the optimiser itself forms them from JavaScript's min/max pattern).
 * LLVM 22's x86, AArch64, NVPTX and AMDGPU back-ends select them with their meaning, so only
 * back-ends that LLVM does not lower need this: Metal, whose AIR has only `fmax`/`fmin`, which
 * return the other operand of a NaN.
 */
import { llvm } from '../../llvm/load.js';
import type { CallInst, IRBuilder, Module, Value } from '../../llvm/types.js';

/**
 * JavaScript's `Math.max`/`Math.min` of two floats, which is `llvm.maximum`/`llvm.minimum`'s
 * meaning: NaN if either is NaN, and +0 above -0. Built from compares, adds and selects only, so
 * that it holds for the vectors the loop vectoriser makes as well as for scalars.
 */
function floatExtremum(builder: IRBuilder, a: Value, b: Value, max: boolean): Value {
  const zero = llvm().Constant.getNullValue(a.getType());
  const larger = max ? builder.CreateFCmpOGT(a, b) : builder.CreateFCmpOLT(a, b);
  const picked = builder.CreateSelect(larger, a, b);
  // Two zeros: their sum is +0 unless both are -0, which is max's answer; min's is the sum's
  // mirror image. A NaN operand makes the sum NaN.
  const zeros = builder.CreateAnd(builder.CreateFCmpOEQ(a, zero), builder.CreateFCmpOEQ(b, zero));
  const sum = max
    ? builder.CreateFAdd(a, b)
    : builder.CreateFNeg(builder.CreateFAdd(builder.CreateFNeg(a), builder.CreateFNeg(b)));
  const nan = builder.CreateOr(builder.CreateFCmpUNE(a, a), builder.CreateFCmpUNE(b, b));
  return builder.CreateSelect(builder.CreateOr(nan, zeros), sum, picked);
}

/** Replaces `llvm.maximum.*` and `llvm.minimum.*` calls with selects. */
export function expandFloatMinMax(module: Module): void {
  const l = llvm();
  for (const fn of module.getFunctions()) {
    const name = fn.getName();
    const max = name.startsWith('llvm.maximum.');
    if (!max && !name.startsWith('llvm.minimum.')) continue;
    for (const user of fn.getUsers()) {
      const call = user as CallInst;
      const builder = new l.IRBuilder(call);
      const replacement = floatExtremum(builder, call.getArgOperand(0), call.getArgOperand(1), max);
      call.replaceAllUsesWith(replacement);
      call.eraseFromParent();
    }
  }
}
