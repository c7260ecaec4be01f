/**
 * The warpgroup matrix operations on Hopper (`sm_90a`): each product is one
 * `wgmma.mma_async.sync.aligned.m64nNk16.f32.f16.f16` (`.bf16.bf16`) with A and B read from shared
 * memory through matrix descriptors, the accumulator in the instruction's own register layout
 * (core's codegen/warpgroup.ts); commit and wait are `wgmma.commit_group` and `wgmma.wait_group`.
 * Every other architecture refuses them with a coded error, since wgmma exists on sm_90a only.
 *
 * The operand tiles are in the no-swizzle ("interleaved") core-matrix layout (core's
 * catalogue/warpgroup.ts): A K-major, B N-major (`imm-trans-b` 1), both with core matrices 128
 * bytes apart along k (the leading-dimension byte offset) and 256 bytes apart along M or N (the
 * stride-dimension byte offset).
 *
 * `gpu.matrixWarpgroupMultiplyAddSwizzled` reads W-byte swizzled tiles (W = 32, 64, 128; the
 * catalogue says where their elements are): the descriptor's layout type (bits 62-63: 3, 2, 1),
 * A's stride-dimension offset 8W (one atom of 8 rows to the next; its leading one unused, 1),
 * B's leading-dimension offset 16W (one strip of W / 2 columns to the next) and stride-dimension
 * offset 8W (8 rows of k to the next). The hardware swizzles addresses, so the shared arrays of
 * such a kernel are aligned to 8W bytes.
 */
import {
  type ArrayType,
  type FragmentType,
  type IRInstruction as Instruction,
  type IntrinsicContext,
  i32Type,
  type Job,
  type Lowerings,
  type MethodTable,
  matrixRefusals,
  QUIET_OPERATIONS,
  type KernelType as Type,
  type WarpgroupHardware,
  warpgroupElements,
  warpgroupLowerings,
  warpgroupSwizzle,
} from '@gpuc/core/compiler';
import { linearIndex, llvm, type Value } from '@gpuc/core/llvm';
import { pendingGroups } from './pending-groups.js';

/** The compute capability of Hopper, whose architecture-specific PTX (`sm_90a`) has wgmma. */
export const HOPPER = 90;
/** The one architecture with wgmma. */
export const WARPGROUP_ARCH = 'sm_90a';

/** The refusals for every architecture but sm_90a (made when the plugin is applied). */
export const withoutWarpgroupRefusals = () =>
  matrixRefusals(
    'CUDA without sm_90a (the warpgroup matrix operations are wgmma, which only sm_90a has: a compute capability 9.0 device, or the params computeCapability 90 and archSpecific true)',
    { prefix: 'gpu.matrixWarpgroup' },
  );

/** The overlay a job needs: the refusals where its architecture is not sm_90a. */
export function warpgroupOverlays(refusals: MethodTable, job: Job): MethodTable[] {
  return job.target.cpu === WARPGROUP_ARCH ? [] : [refusals];
}

/** A descriptor's fields but the start address: byte offsets (each encoded >> 4) and layout type. */
const fields = (leading: number, stride: number, layout = 0): bigint =>
  (BigInt(layout) << 62n) | (BigInt(stride >> 4) << 32n) | (BigInt(leading >> 4) << 16n);

/** The plain layout's fields: core matrices 128 bytes apart along k, 256 along M or N. */
const PLAIN = fields(128, 256);

/** The descriptors' layout types of the swizzles, by their bytes. */
const LAYOUT_TYPES: Readonly<Record<number, number>> = { 128: 1, 64: 2, 32: 3 };

/** The fields of A's and B's descriptors for tiles swizzled by `bytes` (0: the plain layout). */
export function descriptorFields(bytes: number): readonly [bigint, bigint] {
  if (!bytes) return [PLAIN, PLAIN];
  const layout = LAYOUT_TYPES[bytes] as number;
  return [fields(16, 8 * bytes, layout), fields(16 * bytes, 8 * bytes, layout)];
}

/**
 * Aligns the module's shared arrays to `bytes` at least, where swizzled products read them (the
 * swizzle is of addresses; the offsets the catalogue allows are from the array's start).
 */
function alignShared(cx: IntrinsicContext, bytes: number): void {
  const space = cx.types.space('shared');
  for (const global of cx.module.getGlobalVariables())
    if (global.getAddressSpace() === space && global.getAlignment() < bytes) global.setAlignment(bytes);
}

const i32Of = (cx: IntrinsicContext) => llvm().Type.getInt32Ty(cx.module.getContext());

function register(cx: IntrinsicContext, name: string): Value {
  return cx.call(`llvm.nvvm.read.ptx.sreg.${name}`, i32Of(cx), []);
}

/** The thread's linear index in its block (x fastest). */
function linearThread(cx: IntrinsicContext): Value {
  const b = cx.builder;
  const [tx, ty, tz, nx, ny] = ['tid.x', 'tid.y', 'tid.z', 'ntid.x', 'ntid.y'].map((r) =>
    register(cx, r),
  ) as [Value, Value, Value, Value, Value];
  return linearIndex(b, [tx, ty, tz], [nx, ny]);
}

/** The matrix descriptor of the tile at element `offset` of a shared array, with `fields`. */
function descriptor(
  cx: IntrinsicContext,
  array: Value,
  offset: Value,
  position: number,
  fields: bigint,
): Value {
  const l = llvm();
  const b = cx.builder;
  const i64 = l.Type.getInt64Ty(cx.module.getContext());
  const start = cx.convert(offset, cx.argTypes[position + 1] as Type, i32Type);
  const element = (cx.argTypes[position] as ArrayType).element;
  const at = b.CreateInBoundsGEP(cx.types.memory(element), b.CreateExtractValue(array, [0]), [
    b.CreateSExt(start, i64),
  ]);
  // The start address in shared memory, bits 4 to 17 (a shared address is below 256 KiB).
  const address = b.CreateLShr(
    b.CreateAnd(b.CreatePtrToInt(at, i64), l.ConstantInt.get(i64, 0x3ffff)),
    l.ConstantInt.get(i64, 4),
  );
  return b.CreateOr(address, l.ConstantInt.getFromBigInt(i64, fields));
}

/** Registers `{$first, ..., $(first + count - 1)}` of an asm string. */
const registers = (first: number, count: number) =>
  `{${Array.from({ length: count }, (_, i) => `$${first + i}`).join(', ')}}`;

/**
 * Inline asm over an accumulator's registers, read and written in place (outputs tied to
 * inputs), with `inputs` (constraints and values) after them; gives the new registers.
 */
function overAccumulator(
  cx: IntrinsicContext,
  text: string,
  c: Value,
  elements: number,
  inputs: readonly (readonly [string, Value])[],
): Value {
  const l = llvm();
  const b = cx.builder;
  const float = l.Type.getFloatTy(cx.module.getContext());
  const floats = Array.from({ length: elements }, () => float);
  const result = l.StructType.get(cx.module.getContext(), floats);
  const type = l.FunctionType.get(result, [...inputs.map(([, v]) => v.getType()), ...floats], false);
  const constraints = [
    ...floats.map(() => '=f'),
    ...inputs.map(([constraint]) => constraint),
    ...floats.map((_, i) => `${i}`),
    '~{memory}',
  ].join(',');
  const asm = l.InlineAsm.get(type, text, constraints, true);
  const call = b.CreateCall(type, asm, [
    ...inputs.map(([, v]) => v),
    ...floats.map((_, i) => b.CreateExtractValue(c, [i])),
  ]);
  let d: Value = l.UndefValue.get(c.getType());
  for (let i = 0; i < elements; i++) d = b.CreateInsertValue(d, b.CreateExtractValue(call, [i]), [i]);
  return d;
}

/** A statement of inline asm with side effects and no operands. */
function statement(cx: IntrinsicContext, text: string): void {
  const l = llvm();
  const type = l.FunctionType.get(l.Type.getVoidTy(cx.module.getContext()), [], false);
  cx.builder.CreateCall(type, l.InlineAsm.get(type, text, '~{memory}', true), []);
}

/**
 * Whether a product directly follows another in its block, only arithmetic and reads between:
 * then nothing has written shared memory or touched the accumulators since that product's
 * fences, and chained products of one shape need none of their own (PTX orders them).
 */
function followsProduct(cx: IntrinsicContext): boolean {
  const body = cx.inst.block.body;
  for (let i = body.indexOf(cx.inst) - 1; i >= 0; i--) {
    const earlier = body[i] as Instruction;
    if (
      earlier.target?.kind === 'intrinsic' &&
      earlier.target.name.startsWith('gpu.matrixWarpgroupMultiplyAdd')
    )
      return true;
    if (!QUIET_OPERATIONS.has(earlier.op)) return false;
  }
  return false;
}

const hopper: WarpgroupHardware = {
  thread: linearThread,
  multiplyAdd(cx, [a, aOffset, bArray, bOffset, c]) {
    const type = cx.argTypes[4] as FragmentType;
    const elements = warpgroupElements(type);
    const element = (cx.argTypes[0] as ArrayType).element.name;
    const bytes = warpgroupSwizzle(cx);
    if (bytes) alignShared(cx, 8 * bytes);
    const [aFields, bFields] = descriptorFields(bytes);
    const descriptors = [
      descriptor(cx, a as Value, aOffset as Value, 0, aFields),
      descriptor(cx, bArray as Value, bOffset as Value, 2, bFields),
    ];
    const one = llvm().ConstantInt.get(i32Of(cx), 1);
    // Shared memory written by ordinary stores and copies (the generic proxy) is made visible to
    // wgmma's reads (the async proxy) first, and the accumulator's registers to the warpgroup's
    // products (wgmma.fence), unless a product just did. scale-d 1 (accumulate), A and B
    // unscaled, A K-major, B N-major.
    const fences = followsProduct(cx) ? [] : ['fence.proxy.async.shared::cta;', 'wgmma.fence.sync.aligned;'];
    const text = [
      '{',
      '.reg .pred p;',
      `setp.ne.b32 p, $${elements + 2}, 0;`,
      ...fences,
      `wgmma.mma_async.sync.aligned.m64n${type.columns}k16.f32.${element}.${element} ${registers(0, elements)}, $${elements}, $${elements + 1}, p, 1, 1, 0, 1;`,
      '}',
    ].join('\n');
    return overAccumulator(cx, text, c as Value, elements, [
      ['l', descriptors[0] as Value],
      ['l', descriptors[1] as Value],
      ['r', one],
    ]);
  },
  commit(cx) {
    statement(cx, 'wgmma.commit_group.sync.aligned;');
  },
  wait(cx, pending, c) {
    const elements = warpgroupElements(cx.argTypes[1] as FragmentType);
    // The accumulator goes through the wait, so that nothing reads its registers before it.
    return overAccumulator(cx, `wgmma.wait_group.sync.aligned $${elements};`, c, elements, [
      ['n', pendingGroups(cx, pending)],
    ]);
  },
};

/** The warpgroup lowerings on CUDA (refused before code generation except on sm_90a). */
export const warpgroupMatrix: Lowerings = warpgroupLowerings(hopper);
