/**
 * Intrinsics on Apple GPUs, as AIR has them: positions and sizes from kernel inputs (inputs.ts),
 * the threadgroup barrier (`air.wg.barrier`), fences (`air.atomic.fence`, Metal 3.2), static
 * threadgroup arrays (internal address-space-3 globals) and dynamic ones (a threadgroup buffer
 * parameter sized by the host), atomics as `air.atomic.*` calls (AIR has no LLVM atomic
 * instructions; Metal's are 32-bit, relaxed), SIMD-group operations over the portable 32-lane
 * warp (an Apple SIMD group is 32 threads), and math as `air.*` functions. The LLVM intrinsics
 * the generic generators and the optimiser leave are renamed to AIR's after optimisation
 * (lower.ts).
 */

import {
  atomicOperations,
  dynamicSharedArrayOf,
  elementPointer,
  floatCall,
  type IntrinsicContext,
  type IntrinsicGenerator,
  isSigned,
  type Lowerings,
  type MathName,
  portableShuffle,
  portableWarp,
  type ScalarType,
  type ShuffleKind,
  sharedArrayGlobal,
  type VoteKind,
  WARP,
  warpOperations,
} from '@gpuc/core/compiler';
import type { KernelType } from '@gpuc/core/host';
import { type Type as LLVMType, llvm, type Value } from '@gpuc/core/llvm';
import { STATUS_WORDS } from '../metal/interface.js';
import { AIR, airCall, atomicCall, compareExchange, segment } from './calls.js';
import { INPUTS, type InputDescription, inputAxis, inputPointer } from './inputs.js';

const AXES = ['x', 'y', 'z'] as const;

const int = (cx: IntrinsicContext, bits: 1 | 8 | 16 | 32 | 64) =>
  llvm().Type.getIntNTy(cx.module.getContext(), bits);
const i32 = (cx: IntrinsicContext, value: number) => llvm().ConstantInt.get(int(cx, 32), value);

/** An AIR call from a generator. */
const air = (cx: IntrinsicContext, name: string, result: LLVMType, args: Value[], convergent = false) =>
  airCall(cx.builder, cx.module, name, result, args, convergent);

const axis = (input: InputDescription) => (cx: IntrinsicContext, a: number) =>
  inputAxis(cx.builder, cx.module, input, a);
const threadIdx = axis(INPUTS.threadInGroup);
const blockIdx = axis(INPUTS.group);
const blockDim = axis(INPUTS.groupSize);
const gridDim = axis(INPUTS.groups);

const geometry: Record<string, IntrinsicGenerator> = {};
AXES.forEach((name, a) => {
  geometry[`gpu.threadIdx.${name}`] = (cx) => threadIdx(cx, a);
  geometry[`gpu.blockIdx.${name}`] = (cx) => blockIdx(cx, a);
  geometry[`gpu.blockDim.${name}`] = (cx) => blockDim(cx, a);
  geometry[`gpu.gridDim.${name}`] = (cx) => gridDim(cx, a);
  geometry[`gpu.globalIdx.${name}`] = (cx) =>
    cx.builder.CreateAdd(cx.builder.CreateMul(blockIdx(cx, a), blockDim(cx, a)), threadIdx(cx, a));
});

const voidType = (cx: IntrinsicContext) => llvm().Type.getVoidTy(cx.module.getContext());

/** The threadgroup barrier, with device and threadgroup memory visible across it (`__syncthreads`). */
const barrier: IntrinsicGenerator = (cx) => {
  air(
    cx,
    'air.wg.barrier',
    voidType(cx),
    [i32(cx, AIR.flagsDevice | AIR.flagsThreadgroup), i32(cx, AIR.scopeThreadgroup)],
    true,
  );
  return undefined;
};

/** A sequentially consistent fence over device and threadgroup memory at a scope (Metal 3.2). */
const fence =
  (scope: number): IntrinsicGenerator =>
  (cx) => {
    air(cx, 'air.atomic.fence', voidType(cx), [
      i32(cx, AIR.flagsDevice | AIR.flagsThreadgroup),
      i32(cx, AIR.seqCst),
      i32(cx, scope),
    ]);
    return undefined;
  };

/** `gpu.dynamicSharedArray(Kind)`: the threadgroup buffer parameter, as long as the host says. */
const dynamicSharedArray: IntrinsicGenerator = (cx) => {
  const b = cx.builder;
  const status = inputPointer(b, cx.module, INPUTS.status);
  const word = b.CreateInBoundsGEP(int(cx, 32), status, [i32(cx, STATUS_WORDS.dynamicThreadgroupBytes)]);
  const bytes = b.CreateLoad(int(cx, 32), word);
  return dynamicSharedArrayOf(cx, bytes, inputPointer(b, cx.module, INPUTS.threadgroupMemory));
};

// ---- atomics

/** The element as i32 bits (floats reinterpreted), for exchange and compare-and-swap. */
function asBits(cx: IntrinsicContext, pointer: Value): Value {
  return cx.builder.CreatePointerCast(
    pointer,
    llvm().PointerType.get(int(cx, 32), pointer.getType().getPointerAddressSpace()),
  );
}

/**
 * A float read-modify-write as a compare-and-swap loop: `combine(old)` gives the new value, or
 * null to leave the element (min/max where the value does not replace it). Returns the old value.
 */
function floatLoop(
  cx: IntrinsicContext,
  pointer: Value,
  combine: (old: Value) => { value: Value; replaces: Value | null },
): Value {
  const l = llvm();
  const b = cx.builder;
  const context = cx.module.getContext();
  const float = l.Type.getFloatTy(context);
  const bits = asBits(cx, pointer);
  const fn = b.GetInsertBlock()?.getParent() ?? undefined;
  const before = b.GetInsertBlock() as NonNullable<ReturnType<typeof b.GetInsertBlock>>;
  const loop = l.BasicBlock.Create(context, 'atomic.retry', fn);
  const swap = l.BasicBlock.Create(context, 'atomic.swap', fn);
  const done = l.BasicBlock.Create(context, 'atomic.done', fn);
  const initial = atomicCall(cx.builder, cx.module, 'load.i32', bits, [], int(cx, 32));
  b.CreateBr(loop);
  b.SetInsertPoint(loop);
  const seen = b.CreatePHI(int(cx, 32), 2);
  seen.addIncoming(initial, before);
  const old = b.CreateBitCast(seen, float);
  const { value, replaces } = combine(old);
  b.CreateCondBr(replaces ?? l.ConstantInt.getTrue(context), swap, done);
  b.SetInsertPoint(swap);
  const found = compareExchange(cx.builder, cx.module, bits, seen, b.CreateBitCast(value, int(cx, 32)));
  seen.addIncoming(found, swap);
  b.CreateCondBr(b.CreateICmpEQ(found, seen), done, loop);
  b.SetInsertPoint(done);
  return old;
}

/** `gpu.atomic<op>(array, index, value)`, returning the element's old value. */
function atomic(op: string): IntrinsicGenerator {
  return (cx, [array, index, value]) => {
    const b = cx.builder;
    const element = (cx.argTypes[0] as Extract<KernelType, { kind: 'array' }>).element as ScalarType;
    const operand = cx.convert(value as Value, cx.argTypes[2] as KernelType, element);
    const pointer = elementPointer(cx, array as Value, index as Value);
    if (element.name === 'f32') {
      if (op === 'Exch') {
        const old = atomicCall(
          cx.builder,
          cx.module,
          'xchg.i32',
          asBits(cx, pointer),
          [b.CreateBitCast(operand, int(cx, 32))],
          int(cx, 32),
        );
        return b.CreateBitCast(old, llvm().Type.getFloatTy(cx.module.getContext()));
      }
      // Device memory has float add (Metal 3); threadgroup memory only from Metal 4.1.
      if ((op === 'Add' || op === 'Sub') && segment(pointer).name === 'global')
        return atomicCall(
          cx.builder,
          cx.module,
          `${op.toLowerCase()}.f32`,
          pointer,
          [operand],
          operand.getType(),
        );
      return floatLoop(cx, pointer, (old) => {
        if (op === 'Add') return { value: b.CreateFAdd(old, operand), replaces: null };
        if (op === 'Sub') return { value: b.CreateFSub(old, operand), replaces: null };
        const replaces = op === 'Max' ? b.CreateFCmpOGT(operand, old) : b.CreateFCmpOLT(operand, old);
        return { value: operand, replaces };
      });
    }
    const sign = isSigned(element) ? 's' : 'u';
    const name = op === 'Exch' ? 'xchg' : `${op.toLowerCase()}.${sign}`;
    return atomicCall(cx.builder, cx.module, `${name}.i32`, pointer, [operand], int(cx, 32));
  };
}

/**
 * `gpu.atomicCAS(array, index, compare, value)`, returning the element's old value. On f32
 * JavaScript compares with `===` (a NaN never matches, -0 matches 0), where AIR's exchange
 * compares bits: a loop of the two.
 */
const compareAndSwap: IntrinsicGenerator = (cx, [array, index, compare, value]) => {
  const element = (cx.argTypes[0] as Extract<KernelType, { kind: 'array' }>).element;
  const pointer = elementPointer(cx, array as Value, index as Value);
  const expected = cx.convert(compare as Value, cx.argTypes[2] as KernelType, element);
  const desired = cx.convert(value as Value, cx.argTypes[3] as KernelType, element);
  if (element.kind === 'scalar' && element.name === 'f32')
    return floatLoop(cx, pointer, (old) => ({
      value: desired,
      replaces: cx.builder.CreateFCmpOEQ(old, expected),
    }));
  // AIR's exchange reports success as the old value equal to the expected one (as Apple's
  // compiler reads it), so one call is the whole operation.
  return compareExchange(cx.builder, cx.module, asBits(cx, pointer), expected, desired);
};

// ---- SIMD groups

function warp(cx: IntrinsicContext) {
  const ids = [0, 1, 2].map((a) => threadIdx(cx, a)) as [Value, Value, Value];
  const sizes = [0, 1, 2].map((a) => blockDim(cx, a)) as [Value, Value, Value];
  return portableWarp(cx.builder, ids, sizes);
}

/** `air.simd_shuffle.u.i32`: every lane reads the 32-bit value of the lane it names (an i16). */
const shuffle32 = (cx: IntrinsicContext, lane: Value, value: Value) =>
  air(cx, 'air.simd_shuffle.u.i32', int(cx, 32), [value, cx.builder.CreateTrunc(lane, int(cx, 16))], true);

/** The shuffles: `air.simd_shuffle` per 32-bit word. */
const shuffle = (kind: ShuffleKind) =>
  portableShuffle(kind, warp, (cx, word, lane) => shuffle32(cx, lane, word));

/** The warp's bits of the SIMD group's ballot, existing lanes only. */
function warpBallot(cx: IntrinsicContext, predicate: Value): { bits: Value; mask: Value } {
  const b = cx.builder;
  const { mask } = warp(cx);
  const ballot = air(cx, 'air.simd_ballot.i64', int(cx, 64), [predicate], true);
  return { bits: b.CreateAnd(b.CreateTrunc(ballot, int(cx, 32)), mask), mask };
}

function vote(kind: VoteKind): IntrinsicGenerator {
  return (cx, [predicate]) => {
    const b = cx.builder;
    const { bits, mask } = warpBallot(cx, predicate as Value);
    if (kind === 'ballot') return b.CreateZExt(bits, int(cx, 64));
    if (kind === 'any') return b.CreateICmpNE(bits, i32(cx, 0));
    return b.CreateICmpEQ(bits, mask);
  };
}

// ---- math

/** A float function AIR has (`air.tan.f32`); f64 never reaches it (Metal has none). */
const airMath = (name: MathName) => floatCall((f32) => `air.${name}.${f32 ? 'f32' : 'f64'}`);

/**
 * The functions called as AIR's own; LLVM's intrinsics (`llvm.sin`) become AIR's after
 * optimisation (lower.ts), and the device math library has the f32 functions AIR lacks.
 */
const AIR_MATH: readonly MathName[] = [
  'tan',
  'asin',
  'acos',
  'atan',
  'atan2',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'acosh',
  'atanh',
];

/**
 * `Math.hypot` of any number of f32s, scaled by the largest magnitude so that no square
 * overflows or underflows: Infinity if any is infinite (even with a NaN), as in JavaScript.
 */
const hypot: IntrinsicGenerator = (cx, args) => {
  const l = llvm();
  const b = cx.builder;
  const t = cx.resultType;
  const type = cx.types.value(t);
  const fabs = (v: Value) => cx.call(`llvm.fabs.${type.isFloatTy() ? 'f32' : 'f64'}`, type, [v]);
  const values = args.map((arg, i) => fabs(cx.convert(arg, cx.argTypes[i] as KernelType, t)));
  const zero = l.ConstantFP.get(type, 0);
  if (values.length === 0) return zero;
  const infinity = l.ConstantFP.get(type, Number.POSITIVE_INFINITY);
  const largest = values.reduce((m, v) => b.CreateSelect(b.CreateFCmpUGT(v, m), v, m));
  const sum = values.reduce((acc, v) => {
    const r = b.CreateFDiv(v, largest);
    return b.CreateFAdd(acc, b.CreateFMul(r, r));
  }, zero);
  const scaled = b.CreateFMul(largest, cx.call(`llvm.sqrt.${type.isFloatTy() ? 'f32' : 'f64'}`, type, [sum]));
  const anyInfinite = values.map((v) => b.CreateFCmpOEQ(v, infinity)).reduce((acc, v) => b.CreateOr(acc, v));
  const result = b.CreateSelect(b.CreateFCmpOEQ(largest, zero), zero, scaled);
  return b.CreateSelect(anyInfinite, infinity, result);
};

/** The Metal back-end's intrinsic generators (core's generic ones fill the rest). */
export const metalIntrinsics: Lowerings = {
  ...geometry,
  ...atomicOperations(atomic, compareAndSwap),
  'gpu.barrier': barrier,
  'gpu.sharedArray': (cx) => sharedArrayGlobal(cx, { threadLocal: false, align: 16 }),
  'gpu.dynamicSharedArray': dynamicSharedArray,
  'gpu.threadFenceBlock': fence(AIR.scopeThreadgroup),
  'gpu.threadFence': fence(AIR.scopeDevice),
  // Metal has no system scope: device scope is the widest.
  'gpu.threadFenceSystem': fence(AIR.scopeDevice),
  'gpu.warpSize': (cx) => i32(cx, WARP),
  'gpu.laneId': (cx) => warp(cx).lane,
  ...warpOperations(shuffle, vote),
  ...Object.fromEntries(AIR_MATH.map((name) => [`Math.${name}`, airMath(name)])),
  'Math.hypot': hypot,
};
