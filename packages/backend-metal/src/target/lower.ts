/**
 * After optimisation: the LLVM intrinsics left in the module (from the generic generators, and
 * those the optimiser forms, such as `llvm.smax` from a compare and select) become the AIR
 * functions Apple's compiler knows, or plain instructions; hints AIR has no use for go. What
 * has no AIR equivalent stays, and validation names it.
 */
import {
  type ConstantInt,
  type IRBuilder,
  type LLVMContext,
  type LLVMFunction,
  llvm,
  type Module,
  type Value,
} from '@gpuc/core/llvm';

/** LLVM intrinsics that are AIR functions of the same signature under another name. */
const RENAMED: Readonly<Record<string, string>> = {
  sqrt: 'sqrt',
  floor: 'floor',
  ceil: 'ceil',
  trunc: 'trunc',
  rint: 'rint',
  round: 'round',
  fabs: 'fabs',
  sin: 'sin',
  cos: 'cos',
  exp: 'exp',
  exp2: 'exp2',
  log: 'log',
  log2: 'log2',
  log10: 'log10',
  pow: 'pow',
  fma: 'fma',
  fmuladd: 'fma',
  minnum: 'fmin',
  maxnum: 'fmax',
  smin: 'min.s',
  smax: 'max.s',
  umin: 'min.u',
  umax: 'max.u',
  ctlz: 'clz',
  cttz: 'ctz',
  ctpop: 'popcount',
  bitreverse: 'reverse_bits',
};

/** Hints with no meaning for AIR. */
const DROPPED = ['llvm.lifetime.', 'llvm.assume', 'llvm.experimental.noalias.scope.decl'];

/** LLVM intrinsics AIR takes as they are. */
export const AIR_ACCEPTS = ['llvm.memcpy.', 'llvm.memmove.', 'llvm.memset.', 'llvm.dbg.'];

/** Rebuilds each call of an intrinsic with `make`, then removes the intrinsic. */
function rewriteCalls(fn: LLVMFunction, make: (b: IRBuilder, args: Value[]) => Value): void {
  const l = llvm();
  for (const user of fn.getUsers()) {
    if (!(user instanceof l.CallInst)) continue;
    const args = Array.from({ length: user.arg_size() }, (_, i) => user.getArgOperand(i));
    user.replaceAllUsesWith(make(new l.IRBuilder(user), args));
    user.eraseFromParent();
  }
  if (fn.use_empty()) fn.eraseFromParent();
}

/** Replaces the module's LLVM intrinsics by AIR functions or instructions (see the overview). */
export function lowerToAir(module: Module): void {
  const l = llvm();
  for (const fn of module.getFunctions()) {
    const name = fn.getName();
    if (!name.startsWith('llvm.') || !fn.isDeclaration()) continue;
    if (DROPPED.some((prefix) => name.startsWith(prefix))) {
      for (const user of fn.getUsers()) if (user instanceof l.CallInst) user.eraseFromParent();
      if (fn.use_empty()) fn.eraseFromParent();
      continue;
    }
    if (name.startsWith('llvm.is.fpclass.')) {
      rewriteCalls(fn, (b, [x, mask]) =>
        floatClassTest(b, module.getContext(), x as Value, Number((mask as ConstantInt).getZExtValue())),
      );
      continue;
    }
    const [, base, suffix] = /^llvm\.([a-z0-9]+)\.(.+)$/.exec(name) ?? [];
    if (base === undefined || suffix === undefined) continue;
    const renamed = RENAMED[base];
    if (renamed !== undefined) {
      module.getOrInsertFunction(`air.${renamed}.${suffix}`, fn.getFunctionType());
      const air = module.getFunction(`air.${renamed}.${suffix}`) as LLVMFunction;
      air.addFnAttr('nounwind');
      fn.replaceAllUsesWith(air);
      fn.eraseFromParent();
    } else if (base === 'abs') {
      // AIR's abs has no "poison at the minimum" flag.
      rewriteCalls(fn, (b, [x]) =>
        b.CreateCall(
          module.getOrInsertFunction(
            `air.abs.s.${suffix}`,
            l.FunctionType.get(fn.getReturnType(), [fn.getReturnType()], false),
          ),
          [x as Value],
        ),
      );
    } else if (base === 'copysign') {
      // Magnitude of the first, sign of the second, through the bits.
      rewriteCalls(fn, (b, [x, y]) => {
        const type = fn.getReturnType();
        const bits = l.Type.getIntNTy(module.getContext(), type.isFloatTy() ? 32 : 16);
        const signBit = type.isFloatTy() ? 0x80000000 : 0x8000;
        const sign = l.ConstantInt.get(bits, signBit);
        const magnitude = b.CreateAnd(b.CreateBitCast(x as Value, bits), b.CreateNot(sign));
        const signOf = b.CreateAnd(b.CreateBitCast(y as Value, bits), sign);
        return b.CreateBitCast(b.CreateOr(magnitude, signOf), type);
      });
    } else if (base === 'fshl' || base === 'fshr') {
      // Funnel shifts (rotates): shift the two halves and join them; a shift of zero is the identity.
      rewriteCalls(fn, (b, [a, c, amount]) => {
        const type = fn.getReturnType();
        const width = l.ConstantInt.get(type, type.getPrimitiveSizeInBits());
        const s = b.CreateURem(amount as Value, width);
        const left = base === 'fshl';
        const first = left ? b.CreateShl(a as Value, s) : b.CreateLShr(c as Value, s);
        const second = left
          ? b.CreateLShr(c as Value, b.CreateSub(width, s))
          : b.CreateShl(a as Value, b.CreateSub(width, s));
        const joined = b.CreateOr(first, second);
        const zero = b.CreateICmpEQ(s, l.ConstantInt.get(type, 0));
        return b.CreateSelect(zero, left ? (a as Value) : (c as Value), joined);
      });
    }
  }
}

/**
 * `llvm.is.fpclass(x, mask)` (which LLVM 22's optimiser forms from comparisons such as `x !== x`)
 * as tests of the bits of `x`: whether it falls in any class of `mask` (bit 0 signalling NaN,
 * 1 quiet NaN, then -inf, -normal, -subnormal, -0, +0, +subnormal, +normal, +inf).
 */
function floatClassTest(b: IRBuilder, context: LLVMContext, x: Value, mask: number): Value {
  const l = llvm();
  const type = x.getType();
  const width = type.getPrimitiveSizeInBits();
  const mantissaBits = width === 16 ? 10 : 23;
  const int = l.Type.getIntNTy(context, width);
  const k = (v: number) => l.ConstantInt.get(int, v);
  const bits = b.CreateBitCast(x, int);
  const magnitude = b.CreateAnd(bits, k(2 ** (width - 1) - 1));
  const infinity = 2 ** (width - 1) - 2 ** mantissaBits;
  const quietBit = 2 ** (mantissaBits - 1);
  const negative = b.CreateICmpSLT(bits, k(0));
  const nan = b.CreateICmpUGT(magnitude, k(infinity));
  const quiet = b.CreateICmpNE(b.CreateAnd(bits, k(quietBit)), k(0));
  const kinds = [
    b.CreateAnd(nan, b.CreateNot(quiet)),
    b.CreateAnd(nan, quiet),
    b.CreateICmpEQ(magnitude, k(infinity)),
    b.CreateICmpULT(b.CreateSub(magnitude, k(2 ** mantissaBits)), k(infinity - 2 ** mantissaBits)),
    b.CreateICmpULT(b.CreateSub(magnitude, k(1)), k(2 ** mantissaBits - 1)),
    b.CreateICmpEQ(magnitude, k(0)),
  ];
  // Classes 2..5 are the negative ones, 9..6 the same magnitudes positive.
  const classes = [kinds[0], kinds[1], ...[2, 3, 4, 5].map((i) => b.CreateAnd(kinds[i] as Value, negative))];
  const positive = b.CreateNot(negative);
  for (const i of [5, 4, 3, 2]) classes.push(b.CreateAnd(kinds[i] as Value, positive));
  let result: Value = l.ConstantInt.getFalse(context);
  classes.forEach((test, bit) => {
    if (mask & (1 << bit)) result = b.CreateOr(result, test as Value);
  });
  return result;
}

/** The LLVM intrinsics a module still calls that AIR does not take. */
export function intrinsicsAirLacks(module: Module): string[] {
  return module
    .getFunctions()
    .map((fn) => fn.getName())
    .filter((name) => name.startsWith('llvm.') && !AIR_ACCEPTS.some((prefix) => name.startsWith(prefix)));
}
