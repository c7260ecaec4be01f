/**
 * The native launcher: `<kernel>_launch`, an exported C function that takes the kernel's
 * arguments flattened (an array as its data pointer and length, a view with its extents too),
 * the grid and block sizes and a worker count, and runs every thread of the grid on that many
 * cores, stopping at the first device exception.
 */

import { entryAlloca } from '../compiler/codegen/intrinsics.js';
import type { TypeMapper } from '../compiler/codegen/types.js';
import type { RuntimeRegistry } from '../compiler/runtime.js';
import type { Type } from '../frontend/types.js';
import { members } from '../host/arguments.js';
import { basicTypes } from '../llvm/basic-types.js';
import { addGlobal } from '../llvm/globals.js';
import { llvm } from '../llvm/load.js';
import { declareFunction } from '../llvm/module.js';
import type {
  BasicBlock,
  IRBuilder,
  LLVMFunction,
  Type as LLVMType,
  Module,
  PHINode,
  Value,
} from '../llvm/types.js';
import { BY_REFERENCE } from './capture.js';
import { dynamicShared, geometry, WARP } from './intrinsics.js';
import { BARRIER_KIND, doneSite, siteField, siteSlot } from './sites.js';
import { BLOCK_PARAMETERS, isCompact } from './workitems.js';

/** How one kernel argument crosses the C boundary. */
export type FlatParameter = { kind: 'scalar'; type: Type } | { kind: 'array'; element: Type; rank: number };

/**
 * The flattened C parameters of a kernel, for the host side to call the launcher with: a scalar
 * is one, an array its data pointer, length and extents, a record or tuple its members' in
 * order, and a function (a singleton type, with no run-time content) none.
 */
export function flatParameters(argTypes: readonly Type[]): FlatParameter[] {
  return argTypes.flatMap((t): FlatParameter[] => {
    if (t.kind === 'scalar') return [{ kind: 'scalar', type: t }];
    if (t.kind === 'array') return [{ kind: 'array', element: t.element, rank: t.rank }];
    return flatParameters(members(t));
  });
}

/**
 * The status of the last device exception (set by the runtime, read by the launcher and the
 * host) and its accessors, defined in the kernel's module so that it links with no runtime.
 */
function buildStatus(module: Module): void {
  const l = llvm();
  const context = module.getContext();
  const { i32, ptr } = basicTypes(context);
  const mark = l.MDNode.get(context, []);
  const global = (name: string, type: LLVMType) => addGlobal(module, { name, type, init: 'zero' });
  const status = global('gpuc.status', i32);
  const message = global('gpuc.message', ptr);
  const fn = global('gpuc.function', ptr);
  const file = global('gpuc.file', ptr);
  const line = global('gpuc.line', i32);
  const define = (name: string, result: LLVMType, body: (b: IRBuilder) => void) => {
    const f = l.Function.Create(
      l.FunctionType.get(result, [], false),
      l.Function.LinkageTypes.ExternalLinkage,
      name,
      module,
    );
    f.setMetadata('gpuc.export', mark);
    // Read by the host once a launch: compile them quickly, not well.
    f.addFnAttr('optnone');
    f.addFnAttr('noinline');
    body(new l.IRBuilder(l.BasicBlock.Create(context, 'entry', f)));
    return f;
  };
  define('gpuc_status', i32, (b) => b.CreateRet(b.CreateLoad(i32, status)));
  define('gpuc_message', ptr, (b) => b.CreateRet(b.CreateLoad(ptr, message)));
  define('gpuc_function', ptr, (b) => b.CreateRet(b.CreateLoad(ptr, fn)));
  define('gpuc_file', ptr, (b) => b.CreateRet(b.CreateLoad(ptr, file)));
  define('gpuc_line', i32, (b) => b.CreateRet(b.CreateLoad(i32, line)));
  define('gpuc_reset', l.Type.getVoidTy(context), (b) => {
    b.CreateStore(l.ConstantInt.get(i32, 0), status);
    b.CreateStore(l.Constant.getNullValue(ptr), message);
    b.CreateRetVoid();
  });
}

/** The exported C name of a kernel's launcher. */
export function launcherName(entry: string): string {
  return `${entry}_launch`;
}

/** The launcher's C parameters for the kernel's arguments (see `flatParameters`). */
function cParameters(module: Module, argTypes: readonly Type[], types: TypeMapper): LLVMType[] {
  const l = llvm();
  const { i32 } = basicTypes(module);
  return flatParameters(argTypes).flatMap((param) => {
    if (param.kind === 'scalar')
      return [
        param.type.kind === 'scalar' && param.type.name === 'bool'
          ? l.Type.getInt8Ty(module.getContext())
          : types.value(param.type),
      ];
    return [
      l.PointerType.get(types.memory(param.element), 0),
      i32,
      ...Array.from({ length: param.rank > 1 ? param.rank : 0 }, () => i32),
    ];
  });
}

/** The kernel's arguments rebuilt from the flat C values (see `flatParameters`). */
function kernelArguments(
  b: IRBuilder,
  flat: readonly Value[],
  argTypes: readonly Type[],
  types: TypeMapper,
): Value[] {
  const l = llvm();
  let next = 0;
  const build = (t: Type): Value => {
    if (t.kind === 'scalar') {
      const value = flat[next++] as Value;
      return t.name === 'bool' ? b.CreateICmpNE(value, l.Constant.getNullValue(value.getType())) : value;
    }
    const fields =
      t.kind === 'array'
        ? Array.from({ length: 2 + (t.rank > 1 ? t.rank : 0) }, () => flat[next++] as Value)
        : members(t).map(build);
    let value: Value = l.UndefValue.get(types.value(t));
    fields.forEach((field, i) => {
      value = b.CreateInsertValue(value, field, [i]);
    });
    return value;
  };
  return argTypes.map(build);
}

/** What a block schedule sees inside a worker. */
export interface WorkerContext {
  /** At the worker's start by `prepare`; inside the block loop by `runBlock`; at the exit by `finish`. */
  readonly b: IRBuilder;
  readonly worker: LLVMFunction;
  readonly kernelArgs: readonly Value[];
  /** The kernel's arguments as the launcher received them (see `flatParameters`). */
  readonly flat: readonly Value[];
  /** gx, gy, gz, bx, by, bz. */
  readonly size: readonly Value[];
  /** The address of a geometry slot (thread 0-2, block 3-5, blockDim 6-8, gridDim 9-11). */
  slot(index: number): Value;
  /** Where to go when a thread raised a device exception. */
  readonly exit: BasicBlock;
  /** Branches to `exit` if any thread of the launch raised an exception; continues after. */
  stopIfFailed(): void;
}

/** How a worker runs one block: set up once, run a block (block indices stored), clean up. */
export type BlockSchedule = (cx: WorkerContext) => { runBlock(): void; finish?(): void };

/**
 * `<entry>_worker(frame)`: claims runs of blocks from the launch's shared counter until
 * none is left or a thread raised an exception, and runs each with `schedule`. The geometry is
 * thread-local, so workers on several cores never see each other's indices.
 */
function buildWorker(
  module: Module,
  kernel: LLVMFunction,
  argTypes: readonly Type[],
  types: TypeMapper,
  frameFields: readonly LLVMType[],
  flatCount: number,
  schedule: BlockSchedule,
): LLVMFunction {
  const l = llvm();
  const context = module.getContext();
  const { i32, i64, ptr: i8ptr } = basicTypes(context);
  const worker = l.Function.Create(
    l.FunctionType.get(i8ptr, [i8ptr], false),
    l.Function.LinkageTypes.InternalLinkage,
    `${kernel.getName()}_worker`,
    module,
  );
  // The launcher calls it too: one copy of the block loop, not an inlined second one.
  worker.addFnAttr('noinline');
  worker.addFnAttr('nounwind');
  const b = new l.IRBuilder(l.BasicBlock.Create(context, 'entry', worker));
  const frameType = l.StructType.get(context, frameFields as LLVMType[]);
  const frame = b.CreateBitCast(worker.getArg(0), l.PointerType.get(frameType, 0));
  const field = (i: number) =>
    b.CreateInBoundsGEP(frameType, frame, [l.ConstantInt.get(i32, 0), l.ConstantInt.get(i32, i)]);
  const load = (i: number) => b.CreateLoad(frameFields[i] as LLVMType, field(i));
  const flat = Array.from({ length: flatCount }, (_, i) => load(i));
  const kernelArgs = kernelArguments(b, flat, argTypes, types);
  const size = Array.from({ length: 6 }, (_, i) => load(flatCount + i));
  const workers = load(flatCount + 6);
  const counter = field(flatCount + 8);
  // This worker's dynamic shared memory, for every block it runs (uninitialised, as on GPUs).
  const sharedBytes = load(flatCount + 7);
  const dynamic = dynamicShared(module);
  const memory = b.CreateCall(declareFunction(module, 'malloc', i8ptr, [i64]), [
    b.CreateZExt(sharedBytes, i64),
  ]);
  b.CreateStore(
    b.CreateInsertValue(
      b.CreateInsertValue(l.UndefValue.get(dynamic.getValueType()), memory, [0]),
      sharedBytes,
      [1],
    ),
    dynamic,
  );
  const geo = geometry(module);
  const slot = (index: number) =>
    b.CreateInBoundsGEP(geo.getValueType(), geo, [l.ConstantInt.get(i32, 0), l.ConstantInt.get(i32, index)]);
  // blockDim and gridDim do not change during the launch.
  for (let a = 0; a < 3; a++) {
    b.CreateStore(size[3 + a] as Value, slot(6 + a));
    b.CreateStore(size[a] as Value, slot(9 + a));
  }
  const exit = l.BasicBlock.Create(context, 'exit', worker);
  const status = module.getGlobalVariable('gpuc.status', true) as Value;
  const stopIfFailed = () => {
    // Another worker may set it at any time: an atomic read, a plain load on every CPU.
    const read = b.CreateLoad(i32, status);
    read.setAtomic(l.AtomicOrdering.Monotonic);
    const go = l.BasicBlock.Create(context, 'go', worker);
    b.CreateCondBr(b.CreateICmpNE(read, l.ConstantInt.get(i32, 0)), exit, go);
    b.SetInsertPoint(go);
  };
  const steps = schedule({ b, worker, kernelArgs, flat, size, slot, exit, stopIfFailed });

  const [gx, gy, gz] = size.slice(0, 3).map((v) => b.CreateZExt(v as Value, i64)) as [Value, Value, Value];
  const blocks = b.CreateMul(b.CreateMul(gx, gy), gz);
  // About 32 claims per worker: few enough that the shared counter costs nothing next to the
  // blocks, enough that a worker with slow blocks, or one the system pauses on a busy machine,
  // leaves the rest to the others (with 8, the tail cost a loaded two-core machine 10-30%).
  const share = b.CreateUDiv(blocks, b.CreateMul(b.CreateZExt(workers, i64), l.ConstantInt.get(i64, 32)));
  const one = l.ConstantInt.get(i64, 1);
  const chunk = b.CreateSelect(b.CreateICmpUGT(share, one), share, one);
  const claim = l.BasicBlock.Create(context, 'claim', worker);
  b.CreateBr(claim);
  b.SetInsertPoint(claim);
  const first = b.CreateAtomicRMW(
    l.AtomicRMWInst.BinOp.Add,
    counter,
    chunk,
    null,
    l.AtomicOrdering.Monotonic,
  );
  const claimed = l.BasicBlock.Create(context, 'claimed', worker);
  b.CreateCondBr(b.CreateICmpULT(first, blocks), claimed, exit);
  b.SetInsertPoint(claimed);
  const end = b.CreateAdd(first, chunk);
  const last = b.CreateSelect(b.CreateICmpULT(end, blocks), end, blocks);
  // x varies fastest, as blocks are numbered on GPUs: divided out once a claim, then counted on
  // (a 64-bit division per block cost saxpy a fifth of its time).
  const firstIndex = [
    b.CreateURem(first, gx),
    b.CreateURem(b.CreateUDiv(first, gx), gy),
    b.CreateUDiv(first, b.CreateMul(gx, gy)),
  ].map((v) => b.CreateTrunc(v, i32));
  const run = l.BasicBlock.Create(context, 'block', worker);
  const next = l.BasicBlock.Create(context, 'block.next', worker);
  b.CreateBr(run);
  b.SetInsertPoint(run);
  const index = b.CreatePHI(i64, 2);
  index.addIncoming(first, claimed);
  const blockIndex = firstIndex.map((start) => {
    const phi = b.CreatePHI(i32, 2);
    phi.addIncoming(start, claimed);
    return phi;
  });
  stopIfFailed();
  blockIndex.forEach((v, a) => {
    b.CreateStore(v, slot(3 + a));
  });
  steps.runBlock();
  b.CreateBr(next);
  b.SetInsertPoint(next);
  const following = b.CreateAdd(index, one);
  index.addIncoming(following, next);
  const [x, y, z] = blockIndex as [PHINode, PHINode, PHINode];
  const zero32 = l.ConstantInt.get(i32, 0);
  const one32 = l.ConstantInt.get(i32, 1);
  const nextX = b.CreateAdd(x, one32);
  const wrapX = b.CreateICmpEQ(nextX, size[0] as Value);
  const nextY = b.CreateSelect(wrapX, b.CreateAdd(y, one32), y);
  const wrapY = b.CreateICmpEQ(nextY, size[1] as Value);
  [
    b.CreateSelect(wrapX, zero32, nextX),
    b.CreateSelect(wrapY, zero32, nextY),
    b.CreateSelect(wrapY, b.CreateAdd(z, one32), z),
  ].forEach((v, a) => {
    blockIndex[a]?.addIncoming(v, next);
  });
  b.CreateCondBr(b.CreateICmpULT(following, last), run, claim);
  b.SetInsertPoint(exit);
  steps.finish?.();
  b.CreateCall(declareFunction(module, 'free', l.Type.getVoidTy(context), [i8ptr]), [memory]);
  b.CreateRet(l.Constant.getNullValue(i8ptr));
  return worker;
}

/**
 * `<entry>_launch(args..., gx, gy, gz, bx, by, bz, workers, sharedBytes)`: puts the arguments in a frame on
 * its stack, starts `workers - 1` threads running the worker over it, runs the worker itself,
 * and joins them. Blocks are claimed a run at a time, so uneven blocks still share the cores out.
 * A thread that cannot be created leaves its blocks to the others.
 */
function buildLaunch(
  module: Module,
  kernel: LLVMFunction,
  argTypes: readonly Type[],
  types: TypeMapper,
  schedule: BlockSchedule,
): LLVMFunction {
  const l = llvm();
  const context = module.getContext();
  const { i32, i64, ptr: i8ptr, void: voidType } = basicTypes(context);
  buildStatus(module);
  const cParams = cParameters(module, argTypes, types);
  // The arguments, the grid and block sizes, the worker count, the dynamic shared bytes, and the
  // next unclaimed block.
  const frameFields = [...cParams, ...Array.from({ length: 8 }, () => i32), i64];
  const frameType = l.StructType.get(context, frameFields);
  const worker = buildWorker(module, kernel, argTypes, types, frameFields, cParams.length, schedule);
  const launcher = l.Function.Create(
    l.FunctionType.get(voidType, [...cParams, ...Array.from({ length: 8 }, () => i32)], false),
    l.Function.LinkageTypes.ExternalLinkage,
    launcherName(kernel.getName()),
    module,
  );
  launcher.setMetadata('gpuc.export', l.MDNode.get(context, []));
  // Cold code, run once a launch: quick to compile matters more than fast.
  launcher.addFnAttr('optnone');
  launcher.addFnAttr('noinline');
  const b = new l.IRBuilder(l.BasicBlock.Create(context, 'entry', launcher));
  const frame = b.CreateAlloca(frameType);
  const field = (i: number) =>
    b.CreateInBoundsGEP(frameType, frame, [l.ConstantInt.get(i32, 0), l.ConstantInt.get(i32, i)]);
  for (let i = 0; i < cParams.length + 8; i++) b.CreateStore(launcher.getArg(i), field(i));
  b.CreateStore(l.ConstantInt.get(i64, 0), field(cParams.length + 8));
  const workers = launcher.getArg(cParams.length + 6);
  // pthread_t is an unsigned long on the 64-bit Linux and macOS targets gpuc runs on.
  const threads = b.CreateAlloca(i64, workers);
  const created = b.CreateAlloca(i32);
  b.CreateStore(l.ConstantInt.get(i32, 0), created);
  const create = declareFunction(module, 'pthread_create', i32, [
    l.PointerType.get(i64, 0),
    i8ptr,
    worker.getType(),
    i8ptr,
  ]);
  const join = declareFunction(module, 'pthread_join', i32, [i64, l.PointerType.get(i8ptr, 0)]);
  const argument = b.CreateBitCast(frame, i8ptr);
  countedLoop(b, launcher, b.CreateSub(workers, l.ConstantInt.get(i32, 1)), () => {
    const n = b.CreateLoad(i32, created);
    const started = b.CreateCall(create, [
      b.CreateInBoundsGEP(i64, threads, [n]),
      l.Constant.getNullValue(i8ptr),
      worker,
      argument,
    ]);
    b.CreateStore(
      b.CreateAdd(n, b.CreateZExt(b.CreateICmpEQ(started, l.ConstantInt.get(i32, 0)), i32)),
      created,
    );
  });
  b.CreateCall(worker, [argument]);
  countedLoop(b, launcher, b.CreateLoad(i32, created), (t) => {
    b.CreateCall(join, [
      b.CreateLoad(i64, b.CreateInBoundsGEP(i64, threads, [t])),
      l.Constant.getNullValue(l.PointerType.get(i8ptr, 0)),
    ]);
  });
  b.CreateRetVoid();
  return launcher;
}

/**
 * `<kernel>.block.disjoint`: the work-item loops called with the kernel's flat arguments, every
 * array's data pointer `noalias`, for launches whose arrays share no memory. Inlined, the loops
 * then need no run-time checks that a store to one array does not feed a load from another:
 * checks that would run at each row of a block's threads, and of which LLVM makes at most eight
 * (a 3x3 stencil needs nine, and stayed scalar).
 */
function disjointBlock(
  module: Module,
  kernel: LLVMFunction,
  block: LLVMFunction,
  argTypes: readonly Type[],
  types: TypeMapper,
): LLVMFunction {
  const l = llvm();
  const context = module.getContext();
  const { i32 } = basicTypes(context);
  const params = cParameters(module, argTypes, types);
  const fn = l.Function.Create(
    l.FunctionType.get(
      l.Type.getVoidTy(context),
      [...params, ...Array.from({ length: BLOCK_PARAMETERS }, () => i32)],
      false,
    ),
    l.Function.LinkageTypes.InternalLinkage,
    `${kernel.getName()}.block.disjoint`,
    module,
  );
  fn.addFnAttr('nounwind');
  params.forEach((type, i) => {
    if (type.isPointerTy()) fn.addParamAttr(i, 'noalias');
  });
  const b = new l.IRBuilder(l.BasicBlock.Create(context, 'entry', fn));
  const flat = params.map((_, i) => fn.getArg(i) as Value);
  const rest = Array.from({ length: BLOCK_PARAMETERS }, (_, k) => fn.getArg(params.length + k) as Value);
  b.CreateCall(block, [...kernelArguments(b, flat, argTypes, types), ...rest]);
  b.CreateRetVoid();
  // Both copies of the loops go into the worker: the disjoint one, through this function.
  block.addFnAttr('alwaysinline');
  fn.addFnAttr('alwaysinline');
  return fn;
}

/**
 * Whether the arrays among the flat arguments cover disjoint bytes (an array of no elements
 * overlaps nothing), computed once a launch.
 */
function arraysDisjoint(
  b: IRBuilder,
  module: Module,
  argTypes: readonly Type[],
  types: TypeMapper,
  flat: readonly Value[],
): Value {
  const l = llvm();
  const { i64 } = basicTypes(module);
  const layout = module.getDataLayout();
  const ranges: [Value, Value][] = [];
  let next = 0;
  for (const param of flatParameters(argTypes)) {
    if (param.kind === 'scalar') {
      next++;
      continue;
    }
    const start = b.CreatePtrToInt(flat[next] as Value, i64);
    const length = b.CreateZExt(flat[next + 1] as Value, i64);
    const bytes = b.CreateMul(
      length,
      l.ConstantInt.get(i64, layout.getTypeAllocSize(types.memory(param.element))),
    );
    ranges.push([start, b.CreateAdd(start, bytes)]);
    next += 2 + (param.rank > 1 ? param.rank : 0);
  }
  let disjoint: Value = l.ConstantInt.getTrue(module.getContext());
  ranges.forEach(([start, end], i) => {
    for (const [otherStart, otherEnd] of ranges.slice(i + 1)) {
      const apart = b.CreateOr(b.CreateICmpULE(end, otherStart), b.CreateICmpULE(otherEnd, start));
      const empty = b.CreateOr(b.CreateICmpEQ(start, end), b.CreateICmpEQ(otherStart, otherEnd));
      disjoint = b.CreateAnd(disjoint, b.CreateOr(apart, empty));
    }
  });
  return disjoint;
}

/**
 * The launcher of a kernel without barriers: each block is one call of its work-item loops
 * (`<kernel>.block`, see workitems.ts) over every thread of the block, through
 * `<kernel>.block.disjoint` when the launch's arrays share no memory.
 */
export function buildLauncher(
  module: Module,
  kernel: LLVMFunction,
  block: LLVMFunction,
  argTypes: readonly Type[],
  types: TypeMapper,
): LLVMFunction {
  const l = llvm();
  const { i32 } = basicTypes(module);
  // With one array there is nothing for it to overlap, and a large kernel is not worth copying;
  // arrays captured by reference may be arguments too, where the check cannot see them.
  const arrays = flatParameters(argTypes).filter((p) => p.kind === 'array').length;
  const copy = arrays > 1 && isCompact(block) && !module.getNamedMetadata(BY_REFERENCE);
  const disjointLoops = copy ? disjointBlock(module, kernel, block, argTypes, types) : undefined;
  return buildLaunch(module, kernel, argTypes, types, (cx) => {
    const disjoint = disjointLoops && arraysDisjoint(cx.b, module, argTypes, types, cx.flat);
    return {
      runBlock() {
        const { b } = cx;
        const blockIdx = [3, 4, 5].map((s) => b.CreateLoad(i32, cx.slot(s)));
        const rest = [...blockIdx, ...cx.size.slice(3, 6), ...cx.size.slice(0, 3)] as Value[];
        if (!disjointLoops || !disjoint) {
          b.CreateCall(block, [...(cx.kernelArgs as Value[]), ...rest]);
          return;
        }
        const apart = l.BasicBlock.Create(module.getContext(), 'block.disjoint', cx.worker);
        const shared = l.BasicBlock.Create(module.getContext(), 'block.aliased', cx.worker);
        const done = l.BasicBlock.Create(module.getContext(), 'block.ran', cx.worker);
        b.CreateCondBr(disjoint, apart, shared);
        b.SetInsertPoint(apart);
        b.CreateCall(disjointLoops, [...(cx.flat as Value[]), ...rest]);
        b.CreateBr(done);
        b.SetInsertPoint(shared);
        b.CreateCall(block, [...(cx.kernelArgs as Value[]), ...rest]);
        b.CreateBr(done);
        b.SetInsertPoint(done);
      },
    };
  });
}

/** A counted loop `for (i = 0; i < count; i++) body(i)`; leaves the builder after it. */
function countedLoop(b: IRBuilder, fn: LLVMFunction, count: Value, body: (i: Value) => void): void {
  const l = llvm();
  const context = fn.getParent()?.getContext() as never;
  const { i32 } = basicTypes(context);
  const before = b.GetInsertBlock() as BasicBlock;
  const header = l.BasicBlock.Create(context, 'for', fn);
  const inside = l.BasicBlock.Create(context, 'for.body', fn);
  const after = l.BasicBlock.Create(context, 'for.end', fn);
  b.CreateBr(header);
  b.SetInsertPoint(header);
  const i = b.CreatePHI(i32, 2);
  i.addIncoming(l.ConstantInt.get(i32, 0), before);
  b.CreateCondBr(b.CreateICmpSLT(i, count), inside, after);
  b.SetInsertPoint(inside);
  body(i);
  i.addIncoming(b.CreateAdd(i, l.ConstantInt.get(i32, 1)), b.GetInsertBlock() as BasicBlock);
  b.CreateBr(header);
  b.SetInsertPoint(after);
}

/**
 * The launcher of a kernel with barriers: per block, every thread's coroutine runs to its first
 * suspend point, then passes resume threads until all are done. When every thread waits at the
 * same kind of operation, all of them go on; otherwise each warp whose threads all wait at the
 * same warp operation goes on (the rest of the block skipped it). When no thread can go on (a
 * barrier some threads skipped or left early, warp operations that differ), the launch stops
 * with a device exception at the waiting thread's line, in the reference runner's words.
 */
export function buildCoroutineLauncher(
  module: Module,
  kernel: LLVMFunction,
  coroutine: LLVMFunction,
  argTypes: readonly Type[],
  types: TypeMapper,
  runtime: RuntimeRegistry,
): LLVMFunction {
  const l = llvm();
  const context = module.getContext();
  const { i1, i32, i64, ptr: i8ptr, void: voidType } = basicTypes(context);
  const done = declareFunction(module, 'llvm.coro.done', i1, [i8ptr]);
  const resume = declareFunction(module, 'llvm.coro.resume', voidType, [i8ptr]);
  const destroy = declareFunction(module, 'llvm.coro.destroy', voidType, [i8ptr]);
  const constant = (value: number) => l.ConstantInt.get(i32, value, true);
  return buildLaunch(module, kernel, argTypes, types, (cx) => {
    const { b, worker } = cx;
    const [bx, by, bz] = [cx.size[3], cx.size[4], cx.size[5]] as [Value, Value, Value];
    const threads = b.CreateMul(b.CreateMul(bx, by), bz);
    // Per worker: each thread's coroutine handle (null when it has none) and the site it waits at.
    const calloc = declareFunction(module, 'calloc', i8ptr, [i64, i64]);
    const array = () =>
      b.CreateBitCast(
        b.CreateCall(calloc, [b.CreateZExt(threads, i64), l.ConstantInt.get(i64, 8)]),
        l.PointerType.get(i8ptr, 0),
      );
    const handles = array();
    const sites = array();
    const handleAt = (t: Value) => b.CreateInBoundsGEP(i8ptr, handles, [t]);
    const block = (name: string) => l.BasicBlock.Create(context, name, worker);
    const destroyAll = () =>
      countedLoop(b, worker, threads, (t) => {
        const handle = b.CreateLoad(i8ptr, handleAt(t));
        const live = block('destroy');
        const next = block('destroy.next');
        b.CreateCondBr(b.CreateIsNull(handle), next, live);
        b.SetInsertPoint(live);
        b.CreateCall(destroy, [handle]);
        b.CreateStore(l.Constant.getNullValue(i8ptr), handleAt(t));
        b.CreateBr(next);
        b.SetInsertPoint(next);
      });
    const siteAt = (t: Value) => b.CreateInBoundsGEP(i8ptr, sites, [t]);
    const slot = siteSlot(module);
    const finishedSite = doneSite(module, b);
    const kindAt = (t: Value) => siteField(b, module, b.CreateLoad(i8ptr, siteAt(t)), 'kind');
    const setThread = (t: Value) => {
      b.CreateStore(b.CreateURem(t, bx), cx.slot(0));
      b.CreateStore(b.CreateURem(b.CreateUDiv(t, bx), by), cx.slot(1));
      b.CreateStore(b.CreateUDiv(t, b.CreateMul(bx, by)), cx.slot(2));
    };
    /** After thread t ran: where it waits, or the finished site. */
    const record = (t: Value) => {
      const handle = b.CreateLoad(i8ptr, handleAt(t));
      const waiting = b.CreateLoad(i8ptr, slot);
      b.CreateStore(b.CreateSelect(b.CreateCall(done, [handle]), finishedSite, waiting), siteAt(t));
    };
    const resumeThread = (t: Value) => {
      setThread(t);
      b.CreateCall(resume, [b.CreateLoad(i8ptr, handleAt(t))]);
      cx.stopIfFailed();
      record(t);
    };
    return {
      runBlock() {
        countedLoop(b, worker, threads, (t) => {
          setThread(t);
          b.CreateStore(b.CreateCall(coroutine, cx.kernelArgs as Value[]), handleAt(t));
          cx.stopIfFailed();
          record(t);
        });
        const pass = block('pass');
        const uniform = block('pass.uniform');
        const all = block('pass.all');
        const mixed = block('pass.mixed');
        const diverged = block('pass.diverged');
        const finished = block('block.done');
        const flag = entryAlloca(b, i1);
        b.CreateBr(pass);
        // Does every thread wait at the same kind of operation (or is every thread done)?
        b.SetInsertPoint(pass);
        const first = kindAt(constant(0));
        b.CreateStore(l.ConstantInt.getTrue(context), flag);
        countedLoop(b, worker, threads, (t) => {
          b.CreateStore(b.CreateAnd(b.CreateLoad(i1, flag), b.CreateICmpEQ(kindAt(t), first)), flag);
        });
        b.CreateCondBr(b.CreateLoad(i1, flag), uniform, mixed);
        b.SetInsertPoint(uniform);
        b.CreateCondBr(b.CreateICmpSLT(first, constant(0)), finished, all);
        b.SetInsertPoint(all);
        countedLoop(b, worker, threads, resumeThread);
        b.CreateBr(pass);
        // Otherwise each warp whose threads all wait at one warp operation goes on.
        b.SetInsertPoint(mixed);
        const progressed = entryAlloca(b, i1);
        b.CreateStore(l.ConstantInt.getFalse(context), progressed);
        const warps = b.CreateUDiv(b.CreateAdd(threads, constant(WARP - 1)), constant(WARP));
        countedLoop(b, worker, warps, (w) => {
          const base = b.CreateMul(w, constant(WARP));
          const remaining = b.CreateSub(threads, base);
          const width = b.CreateSelect(b.CreateICmpSLT(remaining, constant(WARP)), remaining, constant(WARP));
          const kind = kindAt(base);
          const warpOperation = b.CreateAnd(
            b.CreateICmpSGE(kind, constant(0)),
            b.CreateICmpNE(kind, constant(BARRIER_KIND)),
          );
          b.CreateStore(warpOperation, flag);
          countedLoop(b, worker, width, (lane) => {
            const same = b.CreateICmpEQ(kindAt(b.CreateAdd(base, lane)), kind);
            b.CreateStore(b.CreateAnd(b.CreateLoad(i1, flag), same), flag);
          });
          const go = block('warp.go');
          const next = block('warp.next');
          b.CreateCondBr(b.CreateLoad(i1, flag), go, next);
          b.SetInsertPoint(go);
          countedLoop(b, worker, width, (lane) => resumeThread(b.CreateAdd(base, lane)));
          b.CreateStore(l.ConstantInt.getTrue(context), progressed);
          b.CreateBr(next);
          b.SetInsertPoint(next);
        });
        b.CreateCondBr(b.CreateLoad(i1, progressed), pass, diverged);
        b.SetInsertPoint(diverged);
        reportDivergence(cx, runtime, threads, (t) => b.CreateLoad(i8ptr, siteAt(t)), finishedSite);
        b.CreateBr(cx.exit);
        b.SetInsertPoint(finished);
        destroyAll();
      },
      finish() {
        // After an exception, the frames of the block that raised it.
        destroyAll();
        const free = declareFunction(module, 'free', voidType, [i8ptr]);
        b.CreateCall(free, [b.CreateBitCast(handles, i8ptr)]);
        b.CreateCall(free, [b.CreateBitCast(sites, i8ptr)]);
      },
    };
  });
}

/**
 * Raises the device exception of a block whose threads wait at different operations: the
 * operations of the first waiting thread and of the first that differs from it, and "or none"
 * when some threads finished, as the reference runner words it, at the first waiting thread's
 * line. The message is formatted into memory that stays with the report.
 */
function reportDivergence(
  cx: WorkerContext,
  runtime: RuntimeRegistry,
  threads: Value,
  siteOf: (t: Value) => Value,
  finishedSite: Value,
): void {
  const l = llvm();
  const { b, module } = { b: cx.b, module: cx.worker.getParent() as Module };
  const context = module.getContext();
  const { i32, i64, ptr: i8ptr } = basicTypes(context);
  const [first, other, none] = [i8ptr, i8ptr, l.Type.getInt1Ty(context)].map((t) => entryAlloca(b, t)) as [
    Value,
    Value,
    Value,
  ];
  b.CreateStore(finishedSite, first);
  b.CreateStore(finishedSite, other);
  b.CreateStore(l.ConstantInt.getFalse(context), none);
  countedLoop(b, cx.worker, threads, (t) => {
    const site = siteOf(t);
    const finished = b.CreateICmpEQ(site, finishedSite);
    b.CreateStore(b.CreateOr(b.CreateLoad(l.Type.getInt1Ty(context), none), finished), none);
    const a = b.CreateLoad(i8ptr, first);
    const noFirst = b.CreateICmpEQ(a, finishedSite);
    b.CreateStore(b.CreateSelect(b.CreateAnd(noFirst, b.CreateNot(finished)), site, a), first);
    const differs = b.CreateICmpNE(siteField(b, module, site, 'kind'), siteField(b, module, a, 'kind'));
    const o = b.CreateLoad(i8ptr, other);
    const take = b.CreateAnd(
      b.CreateAnd(b.CreateNot(noFirst), b.CreateNot(finished)),
      b.CreateAnd(differs, b.CreateICmpEQ(o, finishedSite)),
    );
    b.CreateStore(b.CreateSelect(take, site, o), other);
  });
  const a = b.CreateLoad(i8ptr, first);
  const o = b.CreateLoad(i8ptr, other);
  const text = (value: string) => b.CreateGlobalStringPtr(value, 'gpuc.native.divergence', 0, module);
  const size = 256;
  const message = b.CreateCall(declareFunction(module, 'malloc', i8ptr, [i64]), [
    l.ConstantInt.get(i64, size),
  ]);
  const snprintf = module.getOrInsertFunction('snprintf', l.FunctionType.get(i32, [i8ptr, i64, i8ptr], true));
  b.CreateCall(snprintf, [
    message,
    l.ConstantInt.get(i64, size),
    text(
      'threads of the block reached different collective operations (%s%s%s%s): a barrier or warp operation under divergent control flow',
    ),
    siteField(b, module, a, 'operation'),
    b.CreateSelect(b.CreateICmpEQ(o, finishedSite), text(''), text(', ')),
    siteField(b, module, o, 'operation'),
    b.CreateSelect(b.CreateLoad(l.Type.getInt1Ty(context), none), text(', or none'), text('')),
  ]);
  runtime.call(b, module, 'report_exception', [message]);
  runtime.call(b, module, 'report_exception_frame', [
    l.ConstantInt.get(i32, 0),
    siteField(b, module, a, 'function'),
    siteField(b, module, a, 'file'),
    siteField(b, module, a, 'line'),
  ]);
  runtime.call(b, module, 'signal_exception', []);
}
