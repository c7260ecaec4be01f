/**
 * Intrinsics on the host CPU.
 *
 * The launcher runs a block's threads one after another on one OS thread and keeps the current
 * thread's geometry in a thread-local array the intrinsics read (in a kernel without barriers,
 * work-item loops replace those reads by their loop variables and parameters, workitems.ts). Shared memory is a thread-local
 * global per call site (the threads of a block share the OS thread). Atomics are core's.
 * Barriers and warp operations are suspend points of the kernel's coroutine (coroutine.ts): warp
 * operations publish each thread's value in a block-wide buffer, wait for the block, and read
 * the other lanes' values, with warps of 32 in the block's linear thread order as in the
 * reference runner.
 */
import { atomicIntrinsics } from '../compiler/codegen/atomics.js';
import {
  genericIntrinsics,
  type IntrinsicContext,
  type IntrinsicGenerator,
  type Lowerings,
  type ShuffleKind,
  sharedArrayGlobal,
  shuffleSource,
  warpOperations,
} from '../compiler/codegen/intrinsics.js';
import { matrixLowerings } from '../compiler/codegen/matrix.js';
import { printfArguments } from '../compiler/codegen/print.js';
import { emulatedWarpgroup, warpgroupLowerings } from '../compiler/codegen/warpgroup.js';
import { bits, type Type } from '../frontend/types.js';
import { linearIndex } from '../llvm/linear-index.js';
import { llvm } from '../llvm/load.js';
import { threadLocalGlobal } from '../llvm/module.js';
import type { LLVMFunction, Module, Value } from '../llvm/types.js';
import { emitBarrier } from './coroutine.js';
import { nativeMatrix } from './matrix.js';
import type { SuspendSite } from './sites.js';
import { paritySlot } from './warp-parity.js';

/** The geometry array: threadIdx, blockIdx, blockDim, gridDim, three i32 each. */
export const GEOMETRY = 'gpuc.native.geometry';
const FIELDS = ['threadIdx', 'blockIdx', 'blockDim', 'gridDim'];
const AXES = ['x', 'y', 'z'];

/** The thread-local geometry array of a module (created on first use). */
export function geometry(module: Module) {
  return threadLocalGlobal(
    module,
    GEOMETRY,
    llvm().ArrayType.get(llvm().Type.getInt32Ty(module.getContext()), 12),
  );
}

const DYNAMIC = 'gpuc.native.dynamic';

/**
 * The worker's dynamic shared memory (`gpu.dynamicSharedArray`): its pointer and size in bytes,
 * thread-local, set by the worker (launcher.ts) for the blocks it runs.
 */
export function dynamicShared(module: Module) {
  const context = module.getContext();
  const l = llvm();
  return threadLocalGlobal(
    module,
    DYNAMIC,
    l.StructType.get(context, [l.Type.getInt8PtrTy(context), l.Type.getInt32Ty(context)]),
  );
}

/** `gpu.dynamicSharedArray(Kind)`: the worker's buffer as `{ pointer, length }` of the kind. */
const dynamicSharedArray: IntrinsicGenerator = (cx) => {
  const l = llvm();
  const b = cx.builder;
  const context = cx.module.getContext();
  const type = cx.resultType as Extract<Type, { kind: 'array' }>;
  const element = cx.types.memory(type.element);
  const global = dynamicShared(cx.module);
  const state = b.CreateLoad(global.getValueType(), global);
  const pointer = b.CreatePointerCast(b.CreateExtractValue(state, [0]), l.PointerType.get(element, 0));
  const bytes = b.CreateExtractValue(state, [1]);
  const size = l.ConstantInt.get(l.Type.getInt32Ty(context), (bits(type.element) + 7) >> 3);
  const value = b.CreateInsertValue(l.UndefValue.get(cx.types.value(type)), pointer, [0]);
  return b.CreateInsertValue(value, b.CreateUDiv(bytes, size), [1]);
};

function readGeometry(cx: IntrinsicContext, index: number): Value {
  const l = llvm();
  const i32 = l.Type.getInt32Ty(cx.module.getContext());
  const array = geometry(cx.module);
  const pointer = cx.builder.CreateInBoundsGEP(array.getValueType(), array, [
    l.ConstantInt.get(i32, 0),
    l.ConstantInt.get(i32, index),
  ]);
  return cx.builder.CreateLoad(i32, pointer);
}

const geometryIntrinsics: Record<string, IntrinsicGenerator> = {};
FIELDS.forEach((field, f) => {
  AXES.forEach((axis, a) => {
    geometryIntrinsics[`gpu.${field}.${axis}`] = (cx) => readGeometry(cx, f * 3 + a);
  });
});
AXES.forEach((axis, a) => {
  geometryIntrinsics[`gpu.globalIdx.${axis}`] = (cx) =>
    cx.builder.CreateAdd(
      cx.builder.CreateMul(readGeometry(cx, 3 + a), readGeometry(cx, 6 + a)),
      readGeometry(cx, a),
    );
});

/** A shared array: one thread-local global per call site, as `{ pointer, length }`. */
const sharedArray: IntrinsicGenerator = (cx) => sharedArrayGlobal(cx, { threadLocal: true });

/** `console.log(format, ...)` through libc's printf. */
const print: IntrinsicGenerator = (cx, args) => {
  const l = llvm();
  const context = cx.module.getContext();
  const { format, values } = printfArguments(cx, args);
  const text = cx.builder.CreateGlobalStringPtr(format, 'gpuc.format', 0, cx.module);
  const printf = cx.module.getOrInsertFunction(
    'printf',
    l.FunctionType.get(l.Type.getInt32Ty(context), [l.Type.getInt8PtrTy(context)], true),
  );
  cx.builder.CreateCall(printf, [text, ...values]);
  return undefined;
};

function fence(cx: IntrinsicContext): undefined {
  cx.builder.CreateFence(llvm().AtomicOrdering.SequentiallyConsistent);
  return undefined;
}

/** Lanes per warp on the native target, as in the reference runner. */
export const WARP = 32;
/** Most threads in a block. */
const MAX_THREADS = 1024;

/** The thread's linear index in its block (x fastest), as the reference runner orders them. */
function threadInBlock(cx: IntrinsicContext): Value {
  const b = cx.builder;
  const [tx, ty, tz, bx, by] = [0, 1, 2, 6, 7].map((i) => readGeometry(cx, i)) as [
    Value,
    Value,
    Value,
    Value,
    Value,
  ];
  return linearIndex(b, [tx, ty, tz], [bx, by]);
}

function i32(cx: IntrinsicContext, value: number): Value {
  const l = llvm();
  return l.ConstantInt.get(l.Type.getInt32Ty(cx.module.getContext()), value);
}

/** The most 64-bit words a thread publishes at one warp operation (a TF32 matrix product's eight). */
const WORDS = 8;

/**
 * The block-wide exchange buffer, `WORDS` words per thread: two halves, used alternately by
 * successive warp operations.
 */
function lanes(module: Module) {
  const l = llvm();
  return threadLocalGlobal(
    module,
    'gpuc.native.lanes',
    l.ArrayType.get(l.Type.getInt64Ty(module.getContext()), 2 * MAX_THREADS * WORDS),
  );
}

/** A value as the 64 bits the exchange buffer holds, and back. */
function toBits(cx: IntrinsicContext, value: Value, type: Type): Value {
  const l = llvm();
  const b = cx.builder;
  const i64 = l.Type.getInt64Ty(cx.module.getContext());
  if (type.kind === 'scalar' && type.name === 'f32')
    return b.CreateZExt(b.CreateBitCast(value, l.Type.getInt32Ty(cx.module.getContext())), i64);
  if (type.kind === 'scalar' && type.name === 'f64') return b.CreateBitCast(value, i64);
  return b.CreateZExtOrTrunc(value, i64);
}

function fromBits(cx: IntrinsicContext, bits: Value, type: Type): Value {
  const l = llvm();
  const b = cx.builder;
  if (type.kind === 'scalar' && type.name === 'f32')
    return b.CreateBitCast(
      b.CreateTrunc(bits, l.Type.getInt32Ty(cx.module.getContext())),
      cx.types.value(type),
    );
  if (type.kind === 'scalar' && type.name === 'f64') return b.CreateBitCast(bits, cx.types.value(type));
  return b.CreateTrunc(bits, cx.types.value(type));
}

/** The suspend site of a barrier or warp operation: the operation, as the reference names it, and its place. */
function suspendSite(cx: IntrinsicContext): SuspendSite {
  const { function: fn, file, line } = cx.where();
  const operation = cx.inst.op === 'call' ? cx.inst.name.replace(/^gpu\./, '') : '';
  return { operation, function: fn, file, line };
}

/**
 * Publishes this thread's values (at most `WORDS` i64s), waits until every thread of the block
 * has published (a suspend point, like a barrier), and gives a reader of the other lanes' values.
 */
function exchange(cx: IntrinsicContext, words: readonly Value[]) {
  const l = llvm();
  const b = cx.builder;
  const i64 = l.Type.getInt64Ty(cx.module.getContext());
  const buffer = lanes(cx.module);
  const counter = paritySlot(b);
  const half = b.CreateAnd(b.CreateLoad(l.Type.getInt32Ty(cx.module.getContext()), counter), i32(cx, 1));
  b.CreateStore(b.CreateXor(half, i32(cx, 1)), counter);
  const base = b.CreateMul(half, i32(cx, MAX_THREADS));
  const tid = threadInBlock(cx);
  const at = (index: Value, word: number) =>
    b.CreateInBoundsGEP(buffer.getValueType(), buffer, [
      i32(cx, 0),
      b.CreateAdd(b.CreateMul(b.CreateAdd(base, index), i32(cx, WORDS)), i32(cx, word)),
    ]);
  words.forEach((bits, word) => {
    b.CreateStore(bits, at(tid, word));
  });
  emitBarrier(b, cx.module, b.GetInsertBlock()?.getParent() as LLVMFunction, suspendSite(cx));
  const lane = b.CreateSRem(tid, i32(cx, WARP));
  const warpBase = b.CreateSub(tid, lane);
  const [bx, by, bz] = [6, 7, 8].map((i) => readGeometry(cx, i)) as [Value, Value, Value];
  const blockThreads = b.CreateMul(b.CreateMul(bx, by), bz);
  const remaining = b.CreateSub(blockThreads, warpBase);
  const width = b.CreateSelect(b.CreateICmpSLT(remaining, i32(cx, WARP)), remaining, i32(cx, WARP));
  /** Word `word` of lane `source`, or of this lane where `source` is outside the warp. */
  const read = (source: Value, word = 0) => {
    const inside = b.CreateAnd(b.CreateICmpSGE(source, i32(cx, 0)), b.CreateICmpSLT(source, width));
    const index = b.CreateAdd(warpBase, b.CreateSelect(inside, source, lane));
    return b.CreateLoad(i64, at(index, word));
  };
  return { lane, width, read };
}

function shuffle(kind: ShuffleKind): IntrinsicGenerator {
  return (cx, [value, amount]) => {
    const type = cx.resultType;
    const b = cx.builder;
    const n = cx.convert(amount as Value, cx.argTypes[1] as Type, i32Type);
    const { lane, read } = exchange(cx, [
      toBits(cx, cx.convert(value as Value, cx.argTypes[0] as Type, type), type),
    ]);
    return fromBits(cx, read(shuffleSource(b, kind, lane, n, WARP)), type);
  };
}

/** Votes and ballots: every lane's predicate, combined over the warp. */
function vote(kind: 'any' | 'all' | 'ballot'): IntrinsicGenerator {
  return (cx, [predicate]) => {
    const l = llvm();
    const b = cx.builder;
    const context = cx.module.getContext();
    const i64 = l.Type.getInt64Ty(context);
    const truth =
      cx.argTypes[0]?.kind === 'scalar' && cx.argTypes[0].name === 'bool'
        ? (predicate as Value)
        : b.CreateICmpNE(predicate as Value, l.Constant.getNullValue((predicate as Value).getType()));
    const { width, read } = exchange(cx, [b.CreateZExt(truth, i64)]);
    // The warp has at most 32 lanes: unrolled, lanes past its width count as absent.
    let acc: Value = l.ConstantInt.get(i64, kind === 'all' ? 1 : 0);
    for (let k = 0; k < WARP; k++) {
      const present = b.CreateICmpSLT(i32(cx, k), width);
      const bit = b.CreateSelect(present, read(i32(cx, k)), l.ConstantInt.get(i64, kind === 'all' ? 1 : 0));
      if (kind === 'any') acc = b.CreateOr(acc, bit);
      else if (kind === 'all') acc = b.CreateAnd(acc, bit);
      else acc = b.CreateOr(acc, b.CreateShl(bit, l.ConstantInt.get(i64, k)));
    }
    return kind === 'ballot' ? acc : b.CreateICmpNE(acc, l.ConstantInt.get(i64, 0));
  };
}

const i32Type: Type = { kind: 'scalar', name: 'i32', key: 'i32' };

const laneId = (cx: IntrinsicContext) => cx.builder.CreateSRem(threadInBlock(cx), i32(cx, WARP));

/** Warp operations: each is a suspend point where the block's threads exchange values. */
const warpIntrinsics: Lowerings = {
  'gpu.warpSize': (cx) => i32(cx, WARP),
  'gpu.laneId': laneId,
  ...warpOperations(shuffle, vote),
  ...matrixLowerings(nativeMatrix(laneId, exchange)),
  ...warpgroupLowerings(emulatedWarpgroup(threadInBlock)),
};

/** The native back-end's intrinsic generators (the generic ones fill the rest). */
export const nativeIntrinsics: Lowerings = {
  ...genericIntrinsics,
  ...geometryIntrinsics,
  'gpu.threadFence': (cx) => fence(cx),
  'gpu.threadFenceBlock': (cx) => fence(cx),
  'gpu.threadFenceSystem': (cx) => fence(cx),
  'gpu.clock': (cx) => cx.call('llvm.readcyclecounter', llvm().Type.getInt64Ty(cx.module.getContext()), []),
  'gpu.sharedArray': sharedArray,
  'gpu.dynamicSharedArray': dynamicSharedArray,
  'gpu.barrier': (cx) => {
    emitBarrier(
      cx.builder,
      cx.module,
      cx.builder.GetInsertBlock()?.getParent() as LLVMFunction,
      suspendSite(cx),
    );
    return undefined;
  },
  'console.log': print,
  ...warpIntrinsics,
  ...atomicIntrinsics,
};
