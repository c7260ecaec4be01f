/**
 * Code generation of intrinsics: the generators back-ends register for their targets, and the
 * generic ones that any target with LLVM's standard intrinsics can share (Math through
 * `llvm.sqrt` and friends, Number predicates, conversions).
 */

import { type LoweredName, mathLibrary } from '../../frontend/catalogue/index.js';
import type { SourceLocation } from '../../frontend/errors.js';
import { type Instruction, literalValue } from '../../frontend/ir.js';
import {
  bits,
  bool,
  i32 as i32Type,
  isBig,
  isFloat,
  isInteger,
  isSigned,
  type ScalarType,
  scalar,
  type Type,
} from '../../frontend/types.js';
import { addGlobal } from '../../llvm/globals.js';
import { linearIndex } from '../../llvm/linear-index.js';
import { llvm } from '../../llvm/load.js';
import type { IRBuilder, Type as LLVMType, Module, Value } from '../../llvm/types.js';
import type { Job } from '../job.js';
import { synchronousCopies } from './async-copy.js';
import type { TypeMapper } from './types.js';

/** What a generator may use. */
export interface IntrinsicContext {
  readonly builder: IRBuilder;
  readonly module: Module;
  readonly types: TypeMapper;
  readonly job: Job;
  /** The kernel types of the call's arguments, and of its result. */
  readonly argTypes: readonly Type[];
  readonly resultType: Type;
  /** The call in the IR (for its source location). */
  readonly inst: Instruction;
  /**
   * The call's place in the source (its function's file and text, and its offsets there): the
   * same in every specialisation of that function, where `inst` is another instruction.
   */
  readonly site: string;
  /** Where the call is: its file, line and column, and the name of the function it is in. */
  where(): SourceLocation & { readonly function: string };
  /** Converts a value between kernel types with JavaScript's store semantics. */
  convert(value: Value, from: Type, to: Type): Value;
  /** Calls an LLVM intrinsic or an external function by name. */
  call(name: string, result: LLVMType, args: readonly Value[]): Value;
  /** Code after this runs where `ok` holds; elsewhere a device exception `message` at the call. */
  require(ok: Value, message: string): void;
  /** Refuses the call: an `unsupported-on-target` compile error with `message`, at the call. */
  fail(message: string): never;
}

/**
 * Stack memory for a value, allocated in the entry block of the function the builder is in, so
 * that a loop around the code does not grow the stack.
 */
export function entryAlloca(builder: IRBuilder, type: LLVMType): Value {
  const l = llvm();
  const entry = builder.GetInsertBlock()?.getParent()?.getEntryBlock();
  if (!entry) throw new Error('gpuc: entryAlloca needs a builder inside a function');
  const first = entry.getFirstNonPHI();
  return (first ? new l.IRBuilder(first) : new l.IRBuilder(entry)).CreateAlloca(type);
}

/** The shared arrays of each module, by the call site that made them (see sharedArrayGlobal). */
const sharedSites = new WeakMap<Module, Map<string, Value>>();

/**
 * `gpu.sharedArray(Kind, length)`: a global for the call site's array in the target's shared
 * space, as `{ pointer, length }`. Where a block's threads share an OS thread (the host) it is
 * thread-local and zeroed; on GPUs it starts undefined, as shared memory does. One global per
 * place in the source (`cx.site`): a device function compiled for two argument types (or two
 * counts of arguments) has one array there, as JavaScript and CUDA's `__shared__` have.
 */
export function sharedArrayGlobal(
  cx: IntrinsicContext,
  options: { threadLocal: boolean; align?: number },
): Value {
  const l = llvm();
  const type = cx.resultType as Extract<Type, { kind: 'array' }>;
  const element = cx.types.memory(type.element);
  const storage = l.ArrayType.get(element, type.length as number);
  const space = cx.types.space('shared');
  const sites = sharedSites.get(cx.module) ?? new Map<string, Value>();
  sharedSites.set(cx.module, sites);
  const global =
    sites.get(cx.site) ??
    addGlobal(cx.module, {
      name: 'gpuc.shared',
      type: storage,
      init: options.threadLocal ? 'zero' : 'undef',
      linkage: 'internal',
      addressSpace: space,
      threadLocal: options.threadLocal,
      ...(options.align ? { alignment: options.align } : {}),
    });
  sites.set(cx.site, global);
  const b = cx.builder;
  const pointer = b.CreatePointerCast(global, l.PointerType.get(element, space));
  const value = b.CreateInsertValue(l.UndefValue.get(cx.types.value(type)), pointer, [0]);
  return b.CreateInsertValue(
    value,
    l.ConstantInt.get(l.Type.getInt32Ty(cx.module.getContext()), type.length as number),
    [1],
  );
}

/**
 * `gpu.dynamicSharedArray(Kind)` on a GPU: the external `gpuc_dynamic_shared` array in the
 * target's shared space, sized at launch, as `{ pointer, length }` of the kind; the target says
 * how many bytes the launch gave it.
 */
export function dynamicSharedArrayOf(cx: IntrinsicContext, bytes: Value, base?: Value): Value {
  const l = llvm();
  const b = cx.builder;
  const type = cx.resultType as Extract<Type, { kind: 'array' }>;
  const element = cx.types.memory(type.element);
  const space = cx.types.space('shared');
  const pointer = b.CreatePointerCast(base ?? dynamicSharedGlobal(cx), l.PointerType.get(element, space));
  const size = l.ConstantInt.get(
    l.Type.getInt32Ty(cx.module.getContext()),
    Math.max(1, bits(type.element) >> 3),
  );
  const value = b.CreateInsertValue(l.UndefValue.get(cx.types.value(type)), pointer, [0]);
  return b.CreateInsertValue(value, b.CreateUDiv(bytes, size), [1]);
}

/** The external `gpuc_dynamic_shared` array, where a target's dynamic shared memory is a symbol. */
function dynamicSharedGlobal(cx: IntrinsicContext): Value {
  const l = llvm();
  const storage = l.ArrayType.get(l.Type.getInt8Ty(cx.module.getContext()), 0);
  const global =
    cx.module.getGlobalVariable('gpuc_dynamic_shared', true) ??
    addGlobal(cx.module, {
      name: 'gpuc_dynamic_shared',
      type: storage,
      addressSpace: cx.types.space('shared'),
    });
  // At least 16 bytes; more where a lowering asked for it (CUDA's swizzled warpgroup products).
  if (global.getAlignment() < 16) global.setAlignment(16);
  return global;
}

/**
 * The portable 32-lane warp of the calling thread, from its thread index and the block's size
 * (x, y, z; all i32): its lane, the lanes of its warp that exist (the last warp of a block may
 * be partial), and their mask.
 */
export function portableWarp(
  b: IRBuilder,
  ids: readonly [Value, Value, Value],
  extents: readonly [Value, Value, Value],
  /** The lane as the hardware reports it, where it has a register for it. */
  hardwareLane?: Value,
): { lane: Value; width: Value; mask: Value } {
  const i32 = (n: number) => llvm().ConstantInt.get(ids[0].getType(), n);
  const [nx, ny, nz] = extents;
  const linear = linearIndex(b, ids, extents);
  const threads = b.CreateMul(b.CreateMul(nx, ny), nz);
  const lane = hardwareLane ?? b.CreateAnd(linear, i32(WARP - 1));
  const rest = b.CreateSub(threads, b.CreateSub(linear, lane));
  const full = b.CreateICmpUGE(rest, i32(WARP));
  const width = b.CreateSelect(full, i32(WARP), rest);
  const mask = b.CreateSelect(full, i32(-1), b.CreateSub(b.CreateShl(i32(1), width), i32(1)));
  return { lane, width, mask };
}

/** The lanes of a portable warp (the reference runner's). */
export const WARP = 32;

/** The four warp shuffles: `gpu.shuffle`, `shuffleUp`, `shuffleDown`, `shuffleXor`. */
export type ShuffleKind = 'index' | 'up' | 'down' | 'xor';

/**
 * The lane a shuffle reads, as the reference runner computes it, from the caller's lane and
 * the shuffle's second argument (both i32): it may be a lane that does not exist.
 */
export function shuffleSource(
  b: IRBuilder,
  kind: ShuffleKind,
  lane: Value,
  amount: Value,
  warp: number,
): Value {
  switch (kind) {
    case 'index':
      return b.CreateSRem(amount, llvm().ConstantInt.get(lane.getType(), warp));
    case 'up':
      return b.CreateSub(lane, amount);
    case 'down':
      return b.CreateAdd(lane, amount);
    default:
      return b.CreateXor(lane, amount);
  }
}

/**
 * A warp shuffle with the reference runner's meaning, for hardware that moves 32-bit words
 * between lanes: each thread reads the lane `shuffleSource` names, or keeps its own value where
 * that lane does not exist; 64-bit values move in two halves, narrower integers widened. `warp`
 * gives the caller's lane and the lanes that exist (and whatever `move` needs); `move` reads one
 * i32 from a lane of the warp.
 */
export function portableShuffle<W extends { lane: Value; width: Value }>(
  kind: ShuffleKind,
  warp: (cx: IntrinsicContext) => W,
  move: (cx: IntrinsicContext, word: Value, lane: Value, warp: W) => Value,
): IntrinsicGenerator {
  return (cx, [value, operand]) => {
    const l = llvm();
    const b = cx.builder;
    const context = cx.module.getContext();
    const i32 = l.Type.getInt32Ty(context);
    const i64 = l.Type.getInt64Ty(context);
    const lanes = warp(cx);
    const amount = cx.convert(operand as Value, cx.argTypes[1] as Type, i32Type);
    const source = shuffleSource(b, kind, lanes.lane, amount, WARP);
    const exists = b.CreateAnd(
      b.CreateICmpSGE(source, l.ConstantInt.get(i32, 0)),
      b.CreateICmpSLT(source, lanes.width),
    );
    // Every thread reads an existing lane (its own when the one it asked for is missing), so
    // one indexed move serves all four kinds.
    const from = b.CreateSelect(exists, source, lanes.lane);
    const word = (w: Value) => move(cx, w, from, lanes);
    const v = value as Value;
    const type = v.getType();
    let result: Value;
    if (type.isIntegerTy(32)) result = word(v);
    else if (type.isFloatTy()) result = b.CreateBitCast(word(b.CreateBitCast(v, i32)), type);
    else if (type.isDoubleTy() || type.isIntegerTy(64)) {
      const bits = type.isDoubleTy() ? b.CreateBitCast(v, i64) : v;
      const low = word(b.CreateTrunc(bits, i32));
      const high = word(b.CreateTrunc(b.CreateLShr(bits, l.ConstantInt.get(i64, 32)), i32));
      const joined = b.CreateOr(
        b.CreateZExt(low, i64),
        b.CreateShl(b.CreateZExt(high, i64), l.ConstantInt.get(i64, 32)),
      );
      result = type.isDoubleTy() ? b.CreateBitCast(joined, type) : joined;
    } else result = b.CreateTrunc(word(b.CreateZExt(v, i32)), type);
    return b.CreateSelect(exists, result, v);
  };
}

/** The votes: `gpu.voteAny`, `voteAll`, and `gpu.ballot`. */
export type VoteKind = 'any' | 'all' | 'ballot';

/**
 * The warp operations of a back-end, from its generators of a shuffle and a vote of each kind.
 * A vote's predicate reaches the back-end's generator as a `bool`: a number is made one by
 * JavaScript's truthiness (neither zero nor NaN), as every back-end must.
 */
export function warpOperations(
  shuffle: (kind: ShuffleKind) => IntrinsicGenerator,
  vote: (kind: VoteKind) => IntrinsicGenerator,
): Lowerings {
  return {
    'gpu.shuffle': shuffle('index'),
    'gpu.shuffleUp': shuffle('up'),
    'gpu.shuffleDown': shuffle('down'),
    'gpu.shuffleXor': shuffle('xor'),
    'gpu.voteAny': onTruth(vote('any')),
    'gpu.voteAll': onTruth(vote('all')),
    'gpu.ballot': onTruth(vote('ballot')),
  };
}

/** A generator of a predicate's call, given the predicate as a `bool` (JavaScript's truthiness). */
function onTruth(generate: IntrinsicGenerator): IntrinsicGenerator {
  return (cx, [value]) => {
    const type = cx.argTypes[0] as Type;
    if (type === bool) return generate(cx, [value as Value]);
    const l = llvm();
    const b = cx.builder;
    const zero = (value as Value).getType();
    const truth = isFloat(type)
      ? b.CreateFCmpONE(value as Value, l.ConstantFP.get(zero, 0))
      : b.CreateICmpNE(value as Value, l.ConstantInt.get(zero, 0));
    // The context as the generator would see a `bool` argument.
    const asBool: IntrinsicContext = Object.create(cx, { argTypes: { value: [bool] } });
    return generate(asBool, [truth]);
  };
}

/** A float function called by symbol (`sinf`, `__nv_sinf`...), its arguments converted to the result's type. */
export function floatCall(symbol: (f32: boolean) => string): IntrinsicGenerator {
  return (cx, args) => {
    const result = cx.resultType;
    const converted = args.map((arg, i) => cx.convert(arg, cx.argTypes[i] as Type, result));
    return cx.call(symbol((result as ScalarType).name === 'f32'), cx.types.value(result), converted);
  };
}

/**
 * `Math.hypot` of any number of arguments through a two-argument function (`hypot`,
 * `__nv_hypot`...): 0 for none, the magnitude of one, folded pairwise for more. `correct`, where
 * given, mends each pair's result (a vendor function's known failure).
 */
export function hypotCall(
  symbol: (f32: boolean) => string,
  correct?: (cx: IntrinsicContext, x: Value, y: Value, result: Value) => Value,
): IntrinsicGenerator {
  return (cx, args) => {
    const t = cx.resultType;
    const type = cx.types.value(t);
    const values = args.map((arg, i) => cx.convert(arg, cx.argTypes[i] as Type, t));
    if (values.length === 0) return llvm().ConstantFP.get(type, 0);
    if (values.length === 1) return cx.call(`llvm.fabs.${suffix(t)}`, type, values);
    const name = symbol((t as ScalarType).name === 'f32');
    return values.reduce((acc, v) => {
      const result = cx.call(name, type, [acc, v]);
      return correct ? correct(cx, acc, v, result) : result;
    });
  };
}

/** Generates the LLVM code of one intrinsic call from its (already generated) arguments. */
export type IntrinsicGenerator = (cx: IntrinsicContext, args: readonly Value[]) => Value | undefined;

/**
 * A back-end's lowering: code generators keyed by the catalogue's names (a misspelt key is a
 * type error). What a back-end leaves out, core's generic generators or its overlays supply.
 */
export type Lowerings = { readonly [K in LoweredName]?: IntrinsicGenerator };

/** The LLVM overload suffix of a float type (`f32`, `f64`). */
const suffix = (t: Type) => ((t as ScalarType).name === 'f32' ? 'f32' : 'f64');

/**
 * Mends a C `pow(x, y)` result into JavaScript's `x ** y`: C gives 1 for `pow(1, NaN)` and
 * `pow(-1, ±Infinity)`, JavaScript NaN for a base of ±1 to any NaN or infinite power. `x` and `y`
 * are already of the result's float type.
 */
export function javaScriptPower(cx: IntrinsicContext, x: Value, y: Value, power: Value): Value {
  const l = llvm();
  const b = cx.builder;
  const t = cx.resultType;
  const type = cx.types.value(t);
  const fabs = (v: Value) => cx.call(`llvm.fabs.${suffix(t)}`, type, [v]);
  const unitBase = b.CreateFCmpOEQ(fabs(x), l.ConstantFP.get(type, 1));
  // Unordered or equal: a NaN exponent, or an infinite one.
  const notFinite = b.CreateFCmpUEQ(fabs(y), l.ConstantFP.get(type, Number.POSITIVE_INFINITY));
  return b.CreateSelect(b.CreateAnd(unitBase, notFinite), l.ConstantFP.get(type, Number.NaN), power);
}

/**
 * `power` (a pow's result for `x ** y`) where the base is not 2 or the power not integral, and
 * otherwise two to that power exactly, built from its bits: `m * 2 ** e` is how JavaScript
 * writes ldexp, and a device's pow need not be exact there (libdevice's gave less than 2^54 for
 * `2 ** 54` on an H100). Subnormal powers and overflow to Infinity included. `x` and `y` are
 * already of the result's float type.
 */
export function exactPowerOfTwo(cx: IntrinsicContext, x: Value, y: Value, power: Value): Value {
  const l = llvm();
  const b = cx.builder;
  const t = cx.resultType;
  const f32 = suffix(t) === 'f32';
  const type = cx.types.value(t);
  const context = cx.module.getContext();
  const word = f32 ? l.Type.getInt32Ty(context) : l.Type.getInt64Ty(context);
  const [bias, fraction] = f32 ? [127, 23] : [1023, 52];
  const float = (name: string, ...v: Value[]) => cx.call(`llvm.${name}.${suffix(t)}`, type, v);
  const constant = (n: number) => l.ConstantInt.get(word, n, true);
  // Clamped first (past ±2^11 every power of two is 0 or Infinity): a float to integer
  // conversion out of range is poison.
  const clamped = float(
    'minnum',
    float('maxnum', y, l.ConstantFP.get(type, -2048)),
    l.ConstantFP.get(type, 2048),
  );
  const e = b.CreateFPToSI(clamped, word);
  // A normal power's biased exponent; a subnormal's single fraction bit; then 0 below them all.
  const normal = b.CreateShl(b.CreateAdd(e, constant(bias)), constant(fraction));
  const subnormal = b.CreateShl(constant(1), b.CreateAdd(e, constant(bias + fraction - 1)));
  const bits = b.CreateSelect(
    b.CreateICmpSGE(e, constant(1 - bias)),
    normal,
    b.CreateSelect(b.CreateICmpSGE(e, constant(1 - bias - fraction)), subnormal, constant(0)),
  );
  const two = b.CreateSelect(
    b.CreateICmpSGT(e, constant(bias)),
    l.ConstantFP.get(type, Number.POSITIVE_INFINITY),
    b.CreateBitCast(bits, type),
  );
  const ofTwo = b.CreateAnd(
    b.CreateFCmpOEQ(x, l.ConstantFP.get(type, 2)),
    b.CreateFCmpOEQ(float('trunc', y), y),
  );
  return b.CreateSelect(ofTwo, two, power);
}

/**
 * `Math.pow` and `**` of floats: LLVM's pow, with JavaScript's results where C's differ, and two
 * to an integral power exact (`exactPowerOfTwo`).
 */
const power: IntrinsicGenerator = (cx, args) => {
  const t = cx.resultType;
  const [x, y] = args.map((arg, i) => cx.convert(arg, cx.argTypes[i] as Type, t)) as [Value, Value];
  const pow = cx.call(`llvm.pow.${suffix(t)}`, cx.types.value(t), [x, y]);
  return javaScriptPower(cx, x, y, exactPowerOfTwo(cx, x, y, pow));
};

/** A float function over one LLVM intrinsic, with integer arguments converted first. */
function floatIntrinsic(name: string): IntrinsicGenerator {
  return (cx, args) => {
    const result = cx.resultType;
    const converted = args.map((arg, i) => cx.convert(arg, cx.argTypes[i] as Type, result));
    return cx.call(`llvm.${name}.${suffix(result)}`, cx.types.value(result), converted);
  };
}

/** A float function that libm provides (`sinhf` / `sinh`), for what LLVM has no intrinsic of. */
const libm = (name: string) => floatCall((f32) => (f32 ? `${name}f` : name));

/** abs, floor, ceil, trunc on integers are the identity (abs aside), on floats LLVM intrinsics. */
function preserving(name: 'fabs' | 'floor' | 'ceil' | 'trunc'): IntrinsicGenerator {
  return (cx, [x]) => {
    const t = cx.resultType;
    const value = cx.convert(x as Value, cx.argTypes[0] as Type, t);
    if (isFloat(t)) return cx.call(`llvm.${name}.${suffix(t)}`, cx.types.value(t), [value]);
    if (name !== 'fabs' || !isSigned(t as ScalarType)) return value;
    const negative = cx.builder.CreateICmpSLT(value, llvm().ConstantInt.get(cx.types.value(t), 0));
    return cx.builder.CreateSelect(negative, cx.builder.CreateNeg(value), value);
  };
}

/** min and max: floats follow JavaScript (NaN wins), integers compare by signedness. */
function extremum(max: boolean): IntrinsicGenerator {
  return (cx, args) => {
    const t = cx.resultType;
    const b = cx.builder;
    const values = args.map((arg, i) => cx.convert(arg, cx.argTypes[i] as Type, t));
    return values.reduce((acc, v) => {
      if (isFloat(t))
        return cx.call(`llvm.${max ? 'maximum' : 'minimum'}.${suffix(t)}`, cx.types.value(t), [acc, v]);
      const signed = isSigned(t as ScalarType);
      const less = signed ? b.CreateICmpSLT(acc, v) : b.CreateICmpULT(acc, v);
      return max ? b.CreateSelect(less, v, acc) : b.CreateSelect(less, acc, v);
    });
  };
}

/**
 * `Math.round`: JavaScript rounds halves up (toward +Infinity), unlike `llvm.round`: floor(x)
 * plus one when the fraction is at least one half (the fraction is exact, so 0.49999999999999994
 * stays 0). A zero result keeps x's sign (-0.4 and -0.5 give -0): x * 0 is that zero.
 */
const round: IntrinsicGenerator = (cx, [x]) => {
  const t = cx.resultType;
  const value = cx.convert(x as Value, cx.argTypes[0] as Type, t);
  if (!isFloat(t)) return value;
  const b = cx.builder;
  const type = cx.types.value(t);
  const floor = cx.call(`llvm.floor.${suffix(t)}`, type, [value]);
  const up = b.CreateFCmpOGE(b.CreateFSub(value, floor), llvm().ConstantFP.get(type, 0.5));
  const rounded = b.CreateSelect(up, b.CreateFAdd(floor, llvm().ConstantFP.get(type, 1)), floor);
  const zero = llvm().ConstantFP.get(type, 0);
  return b.CreateSelect(b.CreateFCmpOEQ(rounded, zero), b.CreateFMul(value, zero), rounded);
};

/** `Math.sign`: -1, 0 or 1 (NaN and signed zeros pass through for floats, as in JavaScript). */
const sign: IntrinsicGenerator = (cx, [x]) => {
  const t = cx.resultType;
  const b = cx.builder;
  const type = cx.types.value(t);
  const value = cx.convert(x as Value, cx.argTypes[0] as Type, t);
  const l = llvm();
  if (isFloat(t)) {
    const positive = b.CreateFCmpOGT(value, l.ConstantFP.get(type, 0));
    const negative = b.CreateFCmpOLT(value, l.ConstantFP.get(type, 0));
    return b.CreateSelect(
      positive,
      l.ConstantFP.get(type, 1),
      b.CreateSelect(negative, l.ConstantFP.get(type, -1), value),
    );
  }
  const zero = l.ConstantInt.get(type, 0);
  if (!isSigned(t as ScalarType)) return b.CreateZExt(b.CreateICmpNE(value, zero), type);
  const positive = b.CreateZExt(b.CreateICmpSGT(value, zero), type);
  const negative = b.CreateZExt(b.CreateICmpSLT(value, zero), type);
  return b.CreateSub(positive, negative);
};

/** Number predicates on floats (integers are always finite integers). */
function predicate(kind: 'isNaN' | 'isFinite' | 'isInteger'): IntrinsicGenerator {
  return (cx, [x]) => {
    const t = cx.argTypes[0] as Type;
    const b = cx.builder;
    const l = llvm();
    if (isInteger(t) || !isFloat(t))
      return l.ConstantInt.get(l.Type.getInt1Ty(cx.module.getContext()), kind === 'isNaN' ? 0 : 1);
    const value = x as Value;
    const type = cx.types.value(t);
    if (kind === 'isNaN') return b.CreateFCmpUNE(value, value);
    const infinity = l.ConstantFP.get(type, Number.POSITIVE_INFINITY);
    const finite = b.CreateFCmpOLT(cx.call(`llvm.fabs.${suffix(t)}`, type, [value]), infinity);
    if (kind === 'isFinite') return finite;
    const whole = b.CreateFCmpOEQ(cx.call(`llvm.trunc.${suffix(t)}`, type, [value]), value);
    return b.CreateAnd(finite, whole);
  };
}

/** A conversion function (`f32(x)`, `Number(x)`, `Math.fround(x)`...): store semantics. */
const conversion: IntrinsicGenerator = (cx, [x]) =>
  cx.convert(x as Value, cx.argTypes[0] as Type, cx.resultType);

/**
 * `BigInt.asIntN(bits, x)` and `BigInt.asUintN(bits, x)` of x's 64 bits, `bits` the constant
 * inference checked (0 to 64): its low `bits`, sign-extended or not.
 */
function wrapBits(signed: boolean): IntrinsicGenerator {
  return (cx, [, x]) => {
    const l = llvm();
    const b = cx.builder;
    const value = cx.convert(x as Value, cx.argTypes[1] as Type, cx.resultType);
    const type = value.getType();
    const bits = Number(literalValue(cx.inst.args[cx.inst.op === 'callvalue' ? 1 : 0] as Instruction));
    if (bits === 0) return l.ConstantInt.get(type, 0);
    if (bits === 64) return value;
    if (!signed)
      return b.CreateAnd(value, l.ConstantInt.getFromBigInt(type as never, (1n << BigInt(bits)) - 1n));
    const rest = l.ConstantInt.get(type, 64 - bits);
    return b.CreateAShr(b.CreateShl(value, rest), rest);
  };
}

/** `f16(x)`, `bf16(x)`: x rounded to the 16-bit type, as the f32 holding it. */
const halfConversion =
  (half: ScalarType): IntrinsicGenerator =>
  (cx, [x]) =>
    cx.convert(cx.convert(x as Value, cx.argTypes[0] as Type, half), half, cx.resultType);

/** An f64's lower or upper 32 bits as an i32, as a target takes them apart. */
export type WordOf = (cx: IntrinsicContext, double: Value, high: boolean) => Value;

/** Its bits as an i64, shifted and truncated: what LLVM lowers well on most targets. */
const bitsWord: WordOf = (cx, double, high) => {
  const l = llvm();
  const context = cx.module.getContext();
  const b = cx.builder;
  const bits = b.CreateBitCast(double, l.Type.getInt64Ty(context));
  const shifted = high ? b.CreateLShr(bits, l.ConstantInt.get(l.Type.getInt64Ty(context), 32)) : bits;
  return b.CreateTrunc(shifted, l.Type.getInt32Ty(context));
};

/**
 * `gpu.highWord(x)` and `gpu.lowWord(x)`: the upper (sign, exponent, top of the mantissa) and
 * lower 32 bits of x as an f64, taken apart by `wordOf` (a target's own where LLVM's lowering
 * of the bit cast goes wrong there).
 */
export function doubleWords(wordOf: WordOf = bitsWord): Lowerings {
  const word =
    (high: boolean): IntrinsicGenerator =>
    (cx, [x]) => {
      const double = cx.convert(
        x as Value,
        cx.argTypes[0] as Type,
        { kind: 'scalar', name: 'f64', key: 'f64' } as Type,
      );
      return wordOf(cx, double, high);
    };
  return { 'gpu.highWord': word(true), 'gpu.lowWord': word(false) };
}

/** `gpu.fromWords(high, low)`: the f64 with those upper and lower 32 bits. */
const fromWords: IntrinsicGenerator = (cx, [high, low]) => {
  const l = llvm();
  const context = cx.module.getContext();
  const b = cx.builder;
  const i64 = l.Type.getInt64Ty(context);
  const part = (value: Value, i: number) => {
    const t = cx.argTypes[i] as ScalarType;
    const v =
      t.name === 'i32' || t.name === 'u32'
        ? value
        : cx.convert(value, t, { kind: 'scalar', name: 'u32', key: 'u32' } as Type);
    return b.CreateZExt(v, i64);
  };
  const bits = b.CreateOr(
    b.CreateShl(part(high as Value, 0), l.ConstantInt.get(i64, 32)),
    part(low as Value, 1),
  );
  return b.CreateBitCast(bits, l.Type.getDoubleTy(context));
};

/** The intrinsics every LLVM target can generate the same way. */
export const genericIntrinsics: Lowerings = {
  ...synchronousCopies,
  // The catalogue's library functions from libm; LLVM intrinsics below where LLVM has them.
  ...Object.fromEntries(mathLibrary().map(({ name }) => [`Math.${name}`, libm(name)])),
  ...doubleWords(),
  'gpu.fromWords': fromWords,
  'gpu.fma': floatIntrinsic('fma'),
  'Math.sqrt': floatIntrinsic('sqrt'),
  'Math.sin': floatIntrinsic('sin'),
  'Math.cos': floatIntrinsic('cos'),
  'Math.exp': floatIntrinsic('exp'),
  'Math.log': floatIntrinsic('log'),
  'Math.log2': floatIntrinsic('log2'),
  'Math.log10': floatIntrinsic('log10'),
  'Math.pow': power,
  'Math.abs': preserving('fabs'),
  'Math.floor': preserving('floor'),
  'Math.ceil': preserving('ceil'),
  'Math.trunc': preserving('trunc'),
  'Math.round': round,
  'Math.sign': sign,
  'Math.min': extremum(false),
  'Math.max': extremum(true),
  'Math.fround': conversion,
  'Math.hypot': hypotCall((f32) => (f32 ? 'hypotf' : 'hypot')),
  'Math.imul': (cx, [a, b]) => {
    const x = cx.convert(a as Value, cx.argTypes[0] as Type, cx.resultType);
    const y = cx.convert(b as Value, cx.argTypes[1] as Type, cx.resultType);
    return cx.builder.CreateMul(x, y);
  },
  'Math.clz32': (cx, [a]) => {
    const l = llvm();
    const i32 = l.Type.getInt32Ty(cx.module.getContext());
    const x = cx.convert(a as Value, cx.argTypes[0] as Type, cx.resultType);
    return cx.call('llvm.ctlz.i32', i32, [x, l.ConstantInt.getFalse(cx.module.getContext())]);
  },
  'gpu.popcount': (cx, [a]) => {
    const context = cx.module.getContext();
    const i32 = llvm().Type.getInt32Ty(context);
    const type = cx.argTypes[0] as Type;
    if (isBig(type)) {
      const count = cx.call('llvm.ctpop.i64', llvm().Type.getInt64Ty(context), [a as Value]);
      return cx.builder.CreateTrunc(count, i32);
    }
    // Narrower integers extend as their sign says, as JavaScript's `x >>> 0` sees them.
    return cx.call('llvm.ctpop.i32', i32, [cx.convert(a as Value, type, i32Type)]);
  },
  'Number.isNaN': predicate('isNaN'),
  'Number.isFinite': predicate('isFinite'),
  'Number.isInteger': predicate('isInteger'),
  Number: conversion,
  BigInt: conversion,
  'BigInt.asIntN': wrapBits(true),
  'BigInt.asUintN': wrapBits(false),
  f32: conversion,
  f64: conversion,
  f16: halfConversion(scalar('f16')),
  bf16: halfConversion(scalar('bf16')),
  i8: conversion,
  u8: conversion,
  i16: conversion,
  u16: conversion,
  i32: conversion,
  u32: conversion,
  i64: conversion,
  u64: conversion,
};
