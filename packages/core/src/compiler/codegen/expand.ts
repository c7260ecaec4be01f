/**
 * Expansions of LLVM intrinsics a target cannot select in LLVM 14, run after optimisation (the
 * optimiser itself forms some of them: it folds JavaScript's min/max pattern into
 * `llvm.maximum`, which LLVM 14's x86 back-end cannot lower).
 */
import { llvm } from '../../llvm/load.js';
import type { CallInst, IRBuilder, Module, Value } from '../../llvm/types.js';

/**
 * JavaScript's `Math.max`/`Math.min` of two floats, which is `llvm.maximum`/`llvm.minimum`'s
 * meaning: NaN if either is NaN, and +0 above -0.
 */
function floatExtremum(builder: IRBuilder, a: Value, b: Value, max: boolean): Value {
  const type = a.getType();
  const bitsType = builder.getIntNTy(type.isFloatTy() ? 32 : 64);
  const larger = max ? builder.CreateFCmpOGT(a, b) : builder.CreateFCmpOLT(a, b);
  const picked = builder.CreateSelect(larger, a, b);
  // Equal values differ only as zeros: and-ing the bits keeps +0 (max), or-ing keeps -0 (min).
  const [x, y] = [builder.CreateBitCast(a, bitsType), builder.CreateBitCast(b, bitsType)];
  const zero = builder.CreateBitCast(max ? builder.CreateAnd(x, y) : builder.CreateOr(x, y), type);
  const equal = builder.CreateSelect(builder.CreateFCmpOEQ(a, b), zero, picked);
  const nan = builder.CreateOr(builder.CreateFCmpUNE(a, a), builder.CreateFCmpUNE(b, b));
  return builder.CreateSelect(nan, builder.CreateFAdd(a, b), equal);
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
