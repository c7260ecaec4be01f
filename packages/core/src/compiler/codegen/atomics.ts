/**
 * Atomics for targets whose LLVM back-end has atomic instructions on their memory (the host,
 * NVPTX, AMDGPU): `gpu.atomic*` as `atomicrmw` on the element, `gpu.atomicCAS` as `cmpxchg`,
 * and float min/max and compare-and-swap as a compare-and-swap loop over the bits. Each returns the element's old value. A
 * back-end registers them with its other intrinsics.
 */
import { ATOMIC_OPERATIONS } from '../../frontend/catalogue/index.js';
import { bits, isFloat, isSigned, type ScalarType, type Type } from '../../frontend/types.js';
import { llvm } from '../../llvm/load.js';
import type { BasicBlock, Value } from '../../llvm/types.js';
import type { IntrinsicContext, IntrinsicGenerator, Lowerings } from './intrinsics.js';

export { ATOMIC_OPERATIONS };

/** The address of `array[index]`, the intrinsic's arguments at `position` and the one after it. */
export function elementPointer(cx: IntrinsicContext, array: Value, index: Value, position = 0): Value {
  const l = llvm();
  const b = cx.builder;
  const arrayType = cx.argTypes[position] as Extract<Type, { kind: 'array' }>;
  const indexType = cx.argTypes[position + 1] as Type;
  const i64 = l.Type.getInt64Ty(cx.module.getContext());
  const offset =
    indexType.kind === 'scalar' && isSigned(indexType)
      ? b.CreateSExtOrTrunc(index, i64)
      : b.CreateZExtOrTrunc(index, i64);
  return b.CreateInBoundsGEP(cx.types.memory(arrayType.element), b.CreateExtractValue(array, [0]), [offset]);
}

/**
 * A float atomic as a compare-and-swap loop over the element's bits: read the element, and if
 * `replaces(old)` holds swap `value` in unless the element changed meanwhile, else retry with
 * what it is now. The comparison is the float one (JavaScript's), the swap the bits'. Returns
 * the old value.
 */
function floatLoop(
  cx: IntrinsicContext,
  pointer: Value,
  value: Value,
  replaces: (old: Value) => Value,
): Value {
  const l = llvm();
  const b = cx.builder;
  const element = (cx.argTypes[0] as Extract<Type, { kind: 'array' }>).element;
  const type = cx.types.value(element);
  const bits = l.Type.getIntNTy(cx.module.getContext(), element.name === 'f32' ? 32 : 64);
  const intPointer = b.CreatePointerCast(
    pointer,
    l.PointerType.get(bits, pointer.getType().getPointerAddressSpace()),
  );
  const fn = (b.GetInsertBlock() as BasicBlock).getParent() ?? undefined;
  const before = b.GetInsertBlock() as BasicBlock;
  const loop = l.BasicBlock.Create(cx.module.getContext(), 'atomic.retry', fn);
  const done = l.BasicBlock.Create(cx.module.getContext(), 'atomic.done', fn);
  const initial = b.CreateLoad(bits, intPointer);
  initial.setAtomic(l.AtomicOrdering.Monotonic);
  b.CreateBr(loop);
  b.SetInsertPoint(loop);
  const seen = b.CreatePHI(bits, 2);
  seen.addIncoming(initial, before);
  const old = b.CreateBitCast(seen, type);
  const swap = l.BasicBlock.Create(cx.module.getContext(), 'atomic.swap', fn);
  b.CreateCondBr(replaces(old), swap, done);
  b.SetInsertPoint(swap);
  const seqCst = l.AtomicOrdering.SequentiallyConsistent;
  const pair = b.CreateAtomicCmpXchg(intPointer, seen, b.CreateBitCast(value, bits), null, seqCst, seqCst);
  seen.addIncoming(b.CreateExtractValue(pair, [0]), swap);
  b.CreateCondBr(b.CreateExtractValue(pair, [1]), done, loop);
  b.SetInsertPoint(done);
  return old;
}

/**
 * Float min/max: as in the reference runner, a value replaces the element only when it
 * compares smaller (larger): a NaN never does, equal zeros leave it, so the result does not
 * depend on the order of the threads. LLVM 22's `atomicrmw fmax`/`fmin` mean something else:
 * they follow `maxnum`, which replaces a NaN element and leaves the order of -0 and +0 open
 * (the float-atomics conformance kernel's NaN elements came out as numbers natively);
 * `fmaximum`/`fminimum` store a NaN given to them.
 */
function floatExtremum(
  cx: IntrinsicContext,
  pointer: Value,
  operand: Value,
  max: boolean,
  wide: Value | undefined,
): Value {
  const b = cx.builder;
  return floatLoop(cx, pointer, operand, (old) => {
    // An f64 value compares with an f32 element as JavaScript compares them, before it rounds
    // (a tiny negative one rounds to -0, which does not replace +0).
    const [value, current] = wide ? [wide, b.CreateFPExt(old, wide.getType())] : [operand, old];
    return max ? b.CreateFCmpOGT(value, current) : b.CreateFCmpOLT(value, current);
  });
}

/** `gpu.atomic<op>(array, index, value)`. */
function atomic(op: string): IntrinsicGenerator {
  return (cx, [array, index, value]) => {
    const l = llvm();
    const element = (cx.argTypes[0] as Extract<Type, { kind: 'array' }>).element;
    const operand = cx.convert(value as Value, cx.argTypes[2] as Type, element);
    const pointer = elementPointer(cx, array as Value, index as Value);
    if (isFloat(element) && (op === 'Min' || op === 'Max')) {
      const valueType = cx.argTypes[2] as Type;
      const wide = isFloat(valueType) && bits(valueType as ScalarType) > bits(element) ? value : undefined;
      return floatExtremum(cx, pointer, operand, op === 'Max', wide as Value | undefined);
    }
    const { BinOp } = l.AtomicRMWInst;
    const signed = !isFloat(element) && isSigned(element as ScalarType);
    const binop = {
      Add: isFloat(element) ? BinOp.FAdd : BinOp.Add,
      Sub: isFloat(element) ? BinOp.FSub : BinOp.Sub,
      Min: signed ? BinOp.Min : BinOp.UMin,
      Max: signed ? BinOp.Max : BinOp.UMax,
      And: BinOp.And,
      Or: BinOp.Or,
      Xor: BinOp.Xor,
      Exch: BinOp.Xchg,
    }[op] as number;
    return cx.builder.CreateAtomicRMW(binop, pointer, operand, null, l.AtomicOrdering.SequentiallyConsistent);
  };
}

/**
 * `gpu.atomicCAS(array, index, compare, value)`. On floats JavaScript compares with `===`
 * (a NaN never matches, -0 matches 0) where `cmpxchg` compares bits: a loop of the two.
 */
const compareAndSwap: IntrinsicGenerator = (cx, [array, index, compare, value]) => {
  const l = llvm();
  const element = (cx.argTypes[0] as Extract<Type, { kind: 'array' }>).element;
  const pointer = elementPointer(cx, array as Value, index as Value);
  const expected = cx.convert(compare as Value, cx.argTypes[2] as Type, element);
  const replacement = cx.convert(value as Value, cx.argTypes[3] as Type, element);
  if (isFloat(element))
    return floatLoop(cx, pointer, replacement, (old) => cx.builder.CreateFCmpOEQ(old, expected));
  const seqCst = l.AtomicOrdering.SequentiallyConsistent;
  const pair = cx.builder.CreateAtomicCmpXchg(pointer, expected, replacement, null, seqCst, seqCst);
  return cx.builder.CreateExtractValue(pair, [0]);
};

/**
 * The names of the atomic intrinsics, each `(array, index, ...)`: under `boundsCheck`, code
 * generation checks their index as it checks a load's, whichever back-end implements them.
 */
export const ATOMIC_INTRINSICS: ReadonlySet<string> = new Set([
  'gpu.atomicCAS',
  ...ATOMIC_OPERATIONS.map((op) => `gpu.atomic${op}`),
]);

/** A back-end's atomic intrinsics from its generators of one operation and of compare-and-swap. */
export function atomicOperations(
  operation: (op: (typeof ATOMIC_OPERATIONS)[number]) => IntrinsicGenerator,
  compareAndSwap: IntrinsicGenerator,
): Lowerings {
  return {
    'gpu.atomicCAS': compareAndSwap,
    ...Object.fromEntries(ATOMIC_OPERATIONS.map((op) => [`gpu.atomic${op}`, operation(op)])),
  };
}

/** Every atomic intrinsic, by name. */
export const atomicIntrinsics: Lowerings = atomicOperations(atomic, compareAndSwap);
