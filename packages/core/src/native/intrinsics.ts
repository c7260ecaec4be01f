/**
 * Intrinsics on the host CPU.
 *
 * The launcher runs a block's threads one after another on one OS thread and keeps the current
 * thread's geometry in a thread-local array the intrinsics read. Shared memory is a thread-local
 * global per call site (the threads of a block share the OS thread). Atomics are LLVM atomics.
 * What sequential threads cannot do (barriers, warp exchanges) is overlaid as unsupported until
 * the native back-end runs blocks as coroutines.
 */
import {
  genericIntrinsics,
  type IntrinsicContext,
  type IntrinsicGenerator,
} from '../compiler/codegen/intrinsics.js';
import type { Type } from '../frontend/types.js';
import { f64, isFloat, isSigned, type ScalarType } from '../frontend/types.js';
import { llvm } from '../llvm/load.js';
import type { LLVMFunction, Module, Value } from '../llvm/types.js';
import { emitBarrier } from './coroutine.js';

/** The geometry array: threadIdx, blockIdx, blockDim, gridDim, three i32 each. */
export const GEOMETRY = 'gpuc.native.geometry';
const FIELDS = ['threadIdx', 'blockIdx', 'blockDim', 'gridDim'];
const AXES = ['x', 'y', 'z'];

/** The thread-local geometry array of a module (created on first use). */
export function geometry(module: Module) {
  const l = llvm();
  const existing = module.getGlobalVariable(GEOMETRY, true);
  if (existing) return existing;
  const type = l.ArrayType.get(l.Type.getInt32Ty(module.getContext()), 12);
  return l.GlobalVariable.Create(
    module,
    type,
    false,
    l.GlobalValue.LinkageTypes.InternalLinkage,
    l.Constant.getNullValue(type),
    GEOMETRY,
    0,
    l.GlobalVariable.ThreadLocalMode.GeneralDynamicTLSModel,
  );
}

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

/** An atomic read-modify-write on `array[index]`, returning the old value. */
function atomic(op: string): IntrinsicGenerator {
  return (cx, [array, index, value]) => {
    const l = llvm();
    const b = cx.builder;
    const arrayType = cx.argTypes[0] as Extract<Type, { kind: 'array' }>;
    const element = arrayType.element;
    const operand = cx.convert(value as Value, cx.argTypes[2] as Type, element);
    const pointer = elementPointer(cx, array as Value, index as Value);
    const { BinOp } = l.AtomicRMWInst;
    const signed = !isFloat(element) && isSigned(element as ScalarType);
    if (isFloat(element) && (op === 'Min' || op === 'Max')) {
      throw new Error(`gpuc: atomic${op} on floats is not implemented on the native target yet`);
    }
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
    return b.CreateAtomicRMW(binop, pointer, operand, null, l.AtomicOrdering.SequentiallyConsistent);
  };
}

function elementPointer(cx: IntrinsicContext, array: Value, index: Value): Value {
  const l = llvm();
  const b = cx.builder;
  const arrayType = cx.argTypes[0] as Extract<Type, { kind: 'array' }>;
  const indexType = cx.argTypes[1] as Type;
  const i64 = l.Type.getInt64Ty(cx.module.getContext());
  const offset =
    indexType.kind === 'scalar' && isSigned(indexType)
      ? b.CreateSExtOrTrunc(index, i64)
      : b.CreateZExtOrTrunc(index, i64);
  return b.CreateInBoundsGEP(cx.types.memory(arrayType.element), b.CreateExtractValue(array, [0]), [offset]);
}

const compareAndSwap: IntrinsicGenerator = (cx, [array, index, compare, value]) => {
  const l = llvm();
  const element = (cx.argTypes[0] as Extract<Type, { kind: 'array' }>).element;
  const pointer = elementPointer(cx, array as Value, index as Value);
  const expected = cx.convert(compare as Value, cx.argTypes[2] as Type, element);
  const replacement = cx.convert(value as Value, cx.argTypes[3] as Type, element);
  const seqCst = l.AtomicOrdering.SequentiallyConsistent;
  const pair = cx.builder.CreateAtomicCmpXchg(pointer, expected, replacement, null, seqCst, seqCst);
  return cx.builder.CreateExtractValue(pair, [0]);
};

/** A shared array: one thread-local global per call site, as `{ pointer, length }`. */
const sharedArray: IntrinsicGenerator = (cx) => {
  const l = llvm();
  const type = cx.resultType as Extract<Type, { kind: 'array' }>;
  const element = cx.types.memory(type.element);
  const storage = l.ArrayType.get(element, type.length as number);
  const global = l.GlobalVariable.Create(
    cx.module,
    storage,
    false,
    l.GlobalValue.LinkageTypes.InternalLinkage,
    l.Constant.getNullValue(storage),
    'gpuc.shared',
    0,
    l.GlobalVariable.ThreadLocalMode.GeneralDynamicTLSModel,
  );
  const b = cx.builder;
  const pointer = b.CreatePointerCast(global, l.PointerType.get(element, 0));
  const value = b.CreateInsertValue(l.UndefValue.get(cx.types.value(type)), pointer, [0]);
  return b.CreateInsertValue(
    value,
    l.ConstantInt.get(l.Type.getInt32Ty(cx.module.getContext()), type.length as number),
    [1],
  );
};

/** `console.log(format, ...)` through libc's printf, with JavaScript's newline. */
const print: IntrinsicGenerator = (cx, args) => {
  const l = llvm();
  const context = cx.module.getContext();
  const i8ptr = l.Type.getInt8PtrTy(context);
  const i64 = l.Type.getInt64Ty(context);
  const inst = cx.inst as { format?: string };
  let index = 0;
  const values: Value[] = [];
  // Every number is passed as a double or a 64-bit integer, and its directive adjusted to match.
  const format = (inst.format ?? '').replace(/%([%dioxXfeEgGcs])/g, (whole, directive: string) => {
    if (directive === '%') return whole;
    const type = cx.argTypes[index];
    const value = args[index++];
    if (!type || !value) return whole;
    if (isFloat(type) || 'fFeEgG'.includes(directive)) {
      values.push(cx.convert(value, type, f64));
      return '%g';
    }
    const signed = type.kind === 'scalar' && type.name !== 'bool' && isSigned(type);
    values.push(signed ? cx.builder.CreateSExtOrTrunc(value, i64) : cx.builder.CreateZExtOrTrunc(value, i64));
    return signed ? '%lld' : '%llu';
  });
  const text = cx.builder.CreateGlobalStringPtr(`${format}\n`, 'gpuc.format', 0, cx.module);
  const printf = cx.module.getOrInsertFunction(
    'printf',
    l.FunctionType.get(l.Type.getInt32Ty(context), [i8ptr], true),
  );
  cx.builder.CreateCall(printf, [text, ...values]);
  return undefined;
};

/** The native back-end's intrinsic generators (the generic ones fill the rest). */
export const nativeIntrinsics: Record<string, IntrinsicGenerator> = {
  ...genericIntrinsics,
  ...geometryIntrinsics,
  'gpu.threadFence': (cx) => fence(cx),
  'gpu.threadFenceBlock': (cx) => fence(cx),
  'gpu.threadFenceSystem': (cx) => fence(cx),
  'gpu.clock': (cx) => cx.call('llvm.readcyclecounter', llvm().Type.getInt64Ty(cx.module.getContext()), []),
  'gpu.sharedArray': sharedArray,
  'gpu.barrier': (cx) => {
    emitBarrier(cx.builder, cx.module, cx.builder.GetInsertBlock()?.getParent() as LLVMFunction);
    return undefined;
  },
  'gpu.atomicCAS': compareAndSwap,
  'console.log': print,
  ...Object.fromEntries(
    ['Add', 'Sub', 'Min', 'Max', 'And', 'Or', 'Xor', 'Exch'].map((op) => [`gpu.atomic${op}`, atomic(op)]),
  ),
};

function fence(cx: IntrinsicContext): undefined {
  cx.builder.CreateFence(llvm().AtomicOrdering.SequentiallyConsistent);
  return undefined;
}

/** Intrinsics the native target cannot do yet: warp exchanges (blocks run one thread at a time between barriers). */
export const NATIVE_UNSUPPORTED = [
  'gpu.shuffle',
  'gpu.shuffleUp',
  'gpu.shuffleDown',
  'gpu.shuffleXor',
  'gpu.voteAny',
  'gpu.voteAll',
  'gpu.ballot',
  'gpu.laneId',
  'gpu.warpSize',
];
