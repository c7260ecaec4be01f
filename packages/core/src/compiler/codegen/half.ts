/**
 * Conversions into and out of the 16-bit float types, bit-exact with frontend/half.ts.
 *
 * `f16` is LLVM's `half`: every target converts it in hardware or in its runtime (x86 F16C or
 * libgcc, PTX `cvt`, AMDGPU, Metal), rounding once to nearest even, from `double` too. `bf16`
 * is its bits in an `i16`, converted here with integer operations: an f32's upper half, rounded
 * to nearest even, which every target can run (Metal's `bfloat` needs a newer AIR, and the
 * conversion is the same few instructions that hardware without one would run).
 */
import type { ScalarType } from '../../frontend/types.js';
import { llvm } from '../../llvm/load.js';
import type { IRBuilder, LLVMContext, Value } from '../../llvm/types.js';

/** An f32 or f64 value rounded to a 16-bit float (`to` is `f16` or `bf16`). */
export function toHalf(b: IRBuilder, context: LLVMContext, value: Value, to: ScalarType): Value {
  const l = llvm();
  if (to.name === 'f16') return b.CreateFPTrunc(value, l.Type.getHalfTy(context));
  const float = l.Type.getFloatTy(context);
  const i32 = l.Type.getInt32Ty(context);
  const single = value.getType().isFloatTy() ? value : b.CreateFPTrunc(value, float);
  const bits = b.CreateBitCast(single, i32);
  const c = (n: number) => l.ConstantInt.get(i32, n);
  const upper = b.CreateLShr(bits, c(16));
  const lower = b.CreateAnd(bits, c(0xffff));
  // Round up past the midpoint, or at it when the kept half is odd (ties to even). Written on
  // the dropped half so that LLVM folds a bf16 read and stored again (lower half zero) to a move.
  const odd = b.CreateAnd(upper, c(1));
  const up = b.CreateZExt(b.CreateICmpUGT(b.CreateAdd(lower, odd), c(0x8000)), i32);
  const rounded = b.CreateAdd(upper, up);
  // A NaN keeps its sign and upper payload; one whose payload was all in the dropped half is
  // made quiet so that it does not become Infinity.
  const quiet = b.CreateOr(upper, b.CreateSelect(b.CreateICmpNE(lower, c(0)), c(0x40), c(0)));
  const result = b.CreateSelect(b.CreateFCmpUNO(single, single), quiet, rounded);
  return b.CreateTrunc(result, l.Type.getInt16Ty(context));
}

/** A 16-bit float (`from` is `f16` or `bf16`) as the f32 holding it exactly. */
export function fromHalf(b: IRBuilder, context: LLVMContext, value: Value, from: ScalarType): Value {
  const l = llvm();
  const float = l.Type.getFloatTy(context);
  if (from.name === 'f16') return b.CreateFPExt(value, float);
  const i32 = l.Type.getInt32Ty(context);
  return b.CreateBitCast(b.CreateShl(b.CreateZExt(value, i32), l.ConstantInt.get(i32, 16)), float);
}
