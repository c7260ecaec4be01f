/**
 * Two versions of a derivative whose arrays may share memory in ways that order its accesses.
 * The arrays f reads and writes may be one array passed twice, and so may the shadows (each
 * array has its one shadow), so a derivative keeps the accesses to one primal array in order
 * with those to the others, and likewise for shadows: f's loop that reads x and writes y reads
 * once per iteration, after the write before it, and a reverse loop that reads one shadow (the
 * seed of an array f writes) and adds into another (an array f reads) reads once per addition.
 * Where the call finds those arrays apart, it calls a version in which each array has an alias
 * scope of its own (alias.ts): its reads go ahead of the writes to other arrays, and its
 * additions wait for no read of another shadow (late.ts). Elsewhere, the version that keeps the
 * order.
 */
import {
  type ArrayType,
  type Compiler,
  emitDeferredCall,
  type IntrinsicContext,
  type Job,
} from '@gpuc/core/compiler';
import {
  type BasicBlock,
  type LLVMFunction,
  llvm,
  type Module,
  runPipeline,
  type Value,
} from '@gpuc/core/llvm';
import type { Derivative } from '../derive/index.js';

/** The param of a derivative's job: true in the version that runs where its arrays are apart. */
const APART = 'adArraysApart';

/**
 * Which version a derivative's job is: arrays apart (true), shared (false), or the only one.
 * Inlined, the two versions would be the same code but for their scopes, and LLVM would merge
 * them, keeping only the scopes both have: none. So the version for arrays that share memory,
 * rarely called, stays a function of its own (`noinline`; Metal, which inlines everything,
 * loses the difference).
 */
export function apartVersion(params: Job['params']): boolean | undefined {
  const apart = params[APART];
  return typeof apart === 'boolean' ? apart : undefined;
}

/**
 * The named metadata that marks a module holding the version kept out of line; linking carries
 * it into the caller's module, where one lookup finds it (every module is asked).
 */
const SHARED_VERSION = 'gpuc.ad.shared-version';

/** Keeps the version for arrays that share memory out of line (see `apartVersion`). */
export function markSharedVersion(entry: LLVMFunction, module: Module): void {
  entry.addFnAttr('noinline');
  module.getOrInsertNamedMetadata(SHARED_VERSION);
}

/**
 * Before a module that calls a version kept out of line is optimised, inlines the functions
 * that must be inlined, the annotations among them. The call's constants (a slice's length in
 * `Const(8)`) reach the version only through interprocedural constant propagation, which runs
 * before the inliner and sees no constant through an annotation's function (one for every
 * `Const` of a type, called with each). Inlined first, the constants reach the version, whose
 * loops then unroll with them, so that its tapes become registers instead of a local array
 * that every thread of the kernel reserves, though the version seldom runs.
 */
export function inlineAnnotations(module: Module, job: Job): void {
  if (module.getNamedMetadata(SHARED_VERSION)) runPipeline(module, 'always-inline', job.target);
}

/** i1: whether no two of the arrays share an element (their address ranges are disjoint). */
function apart(cx: IntrinsicContext, arrays: readonly { value: Value; type: ArrayType }[]): Value {
  const l = llvm();
  const b = cx.builder;
  const context = cx.module.getContext();
  const i64 = l.Type.getInt64Ty(context);
  const ranges = arrays.map(({ value, type }) => {
    const start = b.CreateExtractValue(value, [0]);
    const length = b.CreateZExtOrTrunc(b.CreateExtractValue(value, [1]), i64);
    const end = b.CreateGEP(cx.types.memory(type.element), start, [length]);
    return [b.CreatePtrToInt(start, i64), b.CreatePtrToInt(end, i64)] as const;
  });
  let all: Value = l.ConstantInt.getTrue(context);
  ranges.forEach(([start, end], i) => {
    for (const [otherStart, otherEnd] of ranges.slice(i + 1))
      all = b.CreateAnd(all, b.CreateOr(b.CreateICmpULE(end, otherStart), b.CreateICmpULE(otherEnd, start)));
  });
  return all;
}

/**
 * Calls a derivative with its (flattened) arguments: one deferred job where its arrays do not
 * order its accesses, else both versions and a branch on whether the arrays are apart.
 */
export function callDerivative(
  cx: IntrinsicContext,
  compiler: Compiler,
  derivative: Derivative,
  args: readonly Value[],
): Value {
  const { source, argTypes, roles, ordered } = derivative;
  const result = cx.types.value(cx.resultType);
  // Arrays that may share memory keep f's stores into a DuplicatedNoNeed array (`kept`).
  const version = (isApart?: boolean) =>
    compiler.deferred.register({
      source: isApart === false ? (derivative.kept ?? source) : source,
      argTypes,
      ...(isApart === undefined ? {} : { params: { [APART]: isApart } }),
    });
  if (!ordered) return emitDeferredCall(cx.builder, cx.module, version(), result, args);
  // Primal arrays and shadows share no memory (Duplicated's contract): pairs within each kind.
  const arrays = (kind: string) =>
    roles.flatMap((role, i) =>
      role === kind ? [{ value: args[i] as Value, type: argTypes[i] as ArrayType }] : [],
    );
  const l = llvm();
  const b = cx.builder;
  const context = cx.module.getContext();
  const fn = (b.GetInsertBlock() as BasicBlock).getParent();
  const separate = l.BasicBlock.Create(context, 'ad.arrays.apart', fn);
  const shared = l.BasicBlock.Create(context, 'ad.arrays.shared', fn);
  const joined = l.BasicBlock.Create(context, 'ad.called', fn);
  b.CreateCondBr(b.CreateAnd(apart(cx, arrays('primal')), apart(cx, arrays('shadow'))), separate, shared);
  const call = (block: BasicBlock, isApart: boolean) => {
    b.SetInsertPoint(block);
    const value = emitDeferredCall(b, cx.module, version(isApart), result, args);
    b.CreateBr(joined);
    return value;
  };
  const values = [call(separate, true), call(shared, false)] as const;
  b.SetInsertPoint(joined);
  if (cx.resultType.kind === 'void') return values[0];
  const phi = b.CreatePHI(result, 2);
  phi.addIncoming(values[0], separate);
  phi.addIncoming(values[1], shared);
  return phi;
}
