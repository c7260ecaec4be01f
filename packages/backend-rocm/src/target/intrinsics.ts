/**
 * Intrinsics on AMD GPUs: work-item and work-group ids from the AMDGPU intrinsics, sizes from
 * the HSA dispatch packet, the work-group barrier between LDS fences, shared arrays in LDS
 * (address space 3), fences at work-group, agent and system scope, the cycle counter, warp
 * operations, and core's atomics. Math is the generic LLVM intrinsics AMDGPU lowers, and for the
 * rest the device math library (see plugin.ts).
 *
 * Warps are the portable 32 lanes of the reference runner: a 64-wide wavefront holds two of
 * them. Shuffles read other lanes with `ds_bpermute` within the caller's half, votes take the
 * half's bits of the wavefront's ballot, and lanes past the end of a block do not exist.
 */

import {
  atomicIntrinsics,
  dynamicSharedArrayOf,
  type IntrinsicContext,
  type IntrinsicGenerator,
  type Lowerings,
  portableShuffle,
  portableWarp,
  type ShuffleKind,
  sharedArrayGlobal,
  WARP,
  warpOperations,
} from '@gpuc/core/compiler';
import { llvm, type Value } from '@gpuc/core/llvm';
import { AddressSpace, wavefrontSize } from './target.js';

const AXES = ['x', 'y', 'z'] as const;

/** Byte offsets in the HSA kernel dispatch packet (hsa_kernel_dispatch_packet_t). */
export const DISPATCH = Object.freeze({
  workgroupSize: [4, 6, 8],
  gridSize: [12, 16, 20],
  groupSegmentSize: 28,
});

const int = (cx: IntrinsicContext, bitsWide: 16 | 32 | 64) =>
  llvm().Type.getIntNTy(cx.module.getContext(), bitsWide);
const i32 = (cx: IntrinsicContext, value: number) => llvm().ConstantInt.get(int(cx, 32), value);

/** An `llvm.amdgcn.*` intrinsic returning an i32. */
export const amdgcn = (cx: IntrinsicContext, name: string, args: Value[] = []) =>
  cx.call(`llvm.amdgcn.${name}`, int(cx, 32), args);

/** A field of the dispatch packet, zero-extended to i32. */
function packet(cx: IntrinsicContext, offset: number, width: 16 | 32): Value {
  const l = llvm();
  const b = cx.builder;
  const context = cx.module.getContext();
  const base = cx.call('llvm.amdgcn.dispatch.ptr', l.Type.getInt8PtrTy(context, AddressSpace.constant), []);
  const field = b.CreateBitCast(
    b.CreateInBoundsGEP(l.Type.getInt8Ty(context), base, [l.ConstantInt.get(int(cx, 64), offset)]),
    l.PointerType.get(int(cx, width), AddressSpace.constant),
  );
  const value = b.CreateLoad(int(cx, width), field);
  return width === 32 ? value : b.CreateZExt(value, int(cx, 32));
}

const blockDim = (cx: IntrinsicContext, axis: number) =>
  packet(cx, DISPATCH.workgroupSize[axis] as number, 16);
const threadIdx = (cx: IntrinsicContext, axis: number) => amdgcn(cx, `workitem.id.${AXES[axis]}`);
const blockIdx = (cx: IntrinsicContext, axis: number) => amdgcn(cx, `workgroup.id.${AXES[axis]}`);

const geometry: Record<string, IntrinsicGenerator> = {};
AXES.forEach((axis, a) => {
  geometry[`gpu.threadIdx.${axis}`] = (cx) => threadIdx(cx, a);
  geometry[`gpu.blockIdx.${axis}`] = (cx) => blockIdx(cx, a);
  geometry[`gpu.blockDim.${axis}`] = (cx) => blockDim(cx, a);
  // HSA's grid size counts work-items; the launch makes it a whole number of work-groups.
  geometry[`gpu.gridDim.${axis}`] = (cx) =>
    cx.builder.CreateUDiv(packet(cx, DISPATCH.gridSize[a] as number, 32), blockDim(cx, a));
  geometry[`gpu.globalIdx.${axis}`] = (cx) =>
    cx.builder.CreateAdd(cx.builder.CreateMul(blockIdx(cx, a), blockDim(cx, a)), threadIdx(cx, a));
});

/** A fence at a synchronisation scope: `workgroup`, `agent` or the whole system. */
function fence(
  cx: IntrinsicContext,
  scope: 'workgroup' | 'agent' | '',
  ordering: 'release' | 'acquire' | 'seq',
): void {
  const l = llvm();
  const order =
    ordering === 'release'
      ? l.AtomicOrdering.Release
      : ordering === 'acquire'
        ? l.AtomicOrdering.Acquire
        : l.AtomicOrdering.SequentiallyConsistent;
  if (scope === '') cx.builder.CreateFence(order);
  else cx.builder.CreateFence(order, scope);
}

const fenceAt =
  (scope: 'workgroup' | 'agent' | ''): IntrinsicGenerator =>
  (cx) => {
    fence(cx, scope, 'seq');
    return undefined;
  };

/** The work-group barrier, with LDS made visible across it (as HIP's `__syncthreads`). */
const barrier: IntrinsicGenerator = (cx) => {
  fence(cx, 'workgroup', 'release');
  cx.call('llvm.amdgcn.s.barrier', llvm().Type.getVoidTy(cx.module.getContext()), []);
  fence(cx, 'workgroup', 'acquire');
  return undefined;
};

/**
 * `gpu.dynamicSharedArray(Kind)`: the LDS after the static allocations, sized at launch: the
 * dispatch's group segment less the kernel's static LDS.
 */
const dynamicSharedArray: IntrinsicGenerator = (cx) =>
  dynamicSharedArrayOf(
    cx,
    cx.builder.CreateSub(packet(cx, DISPATCH.groupSegmentSize, 32), amdgcn(cx, 'groupstaticsize')),
  );

/** The physical lane in the wavefront. */
export function physicalLane(cx: IntrinsicContext): Value {
  const low = amdgcn(cx, 'mbcnt.lo', [i32(cx, -1), i32(cx, 0)]);
  return wavefrontSize(cx.job.target) === 64 ? amdgcn(cx, 'mbcnt.hi', [i32(cx, -1), low]) : low;
}

/** The caller's lane in its 32-lane warp, the warp's first physical lane, and the lanes that exist. */
function warp(cx: IntrinsicContext): { lane: Value; first: Value; width: Value; mask: Value } {
  const axes = [0, 1, 2];
  const { lane, width, mask } = portableWarp(
    cx.builder,
    axes.map((a) => threadIdx(cx, a)) as [Value, Value, Value],
    axes.map((a) => blockDim(cx, a)) as [Value, Value, Value],
  );
  return { lane, first: cx.builder.CreateSub(physicalLane(cx), lane), width, mask };
}

/** `ds_bpermute`: every lane reads the 32-bit value of the physical lane it names. */
const permute = (cx: IntrinsicContext, physical: Value, value: Value) =>
  amdgcn(cx, 'ds.bpermute', [cx.builder.CreateShl(physical, i32(cx, 2)), value]);

/** The shuffles: `ds_bpermute` per 32-bit word, within the caller's half of the wavefront. */
const shuffle = (kind: ShuffleKind) =>
  portableShuffle(kind, warp, (cx, word, lane, { first }) =>
    permute(cx, cx.builder.CreateAdd(first, lane), word),
  );

/** The warp's bits of the wavefront's ballot, existing lanes only. */
function warpBallot(cx: IntrinsicContext, predicate: Value): Value {
  const b = cx.builder;
  const i64Type = int(cx, 64);
  const { first, mask } = warp(cx);
  const wide = wavefrontSize(cx.job.target) === 64;
  const ballot = cx.call(`llvm.amdgcn.ballot.i${wide ? 64 : 32}`, int(cx, wide ? 64 : 32), [predicate]);
  const all = wide ? ballot : b.CreateZExt(ballot, i64Type);
  const shifted = b.CreateLShr(all, b.CreateZExt(first, i64Type));
  return b.CreateAnd(b.CreateTrunc(shifted, int(cx, 32)), mask);
}

function vote(kind: 'any' | 'all' | 'ballot'): IntrinsicGenerator {
  return (cx, [predicate]) => {
    const b = cx.builder;
    const bitsSet = warpBallot(cx, predicate as Value);
    if (kind === 'ballot') return b.CreateZExt(bitsSet, int(cx, 64));
    if (kind === 'any') return b.CreateICmpNE(bitsSet, i32(cx, 0));
    return b.CreateICmpEQ(bitsSet, warp(cx).mask);
  };
}

/** The ROCm back-end's intrinsic generators (core's generic ones and the device math fill the rest). */
export const rocmIntrinsics: Lowerings = {
  ...geometry,
  ...atomicIntrinsics,
  'gpu.barrier': barrier,
  'gpu.sharedArray': (cx) => sharedArrayGlobal(cx, { threadLocal: false, align: 16 }),
  'gpu.dynamicSharedArray': dynamicSharedArray,
  'gpu.threadFenceBlock': fenceAt('workgroup'),
  'gpu.threadFence': fenceAt('agent'),
  'gpu.threadFenceSystem': fenceAt(''),
  'gpu.clock': (cx) => cx.call('llvm.readcyclecounter', int(cx, 64), []),
  'gpu.warpSize': (cx) => i32(cx, WARP),
  'gpu.laneId': (cx) => warp(cx).lane,
  ...warpOperations(shuffle, vote),
};
