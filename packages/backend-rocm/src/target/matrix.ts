/**
 * The warp matrix operations (`gpu.matrix*`) on AMD GPUs: MFMA on CDNA (gfx90a, gfx942, gfx950;
 * 64-wide wavefronts), WMMA on RDNA 3 and 4 (gfx11, gfx12; 32-wide wavefronts). A warp is
 * the portable 32 lanes on every one of them, as for the shuffles (intrinsics.ts). Fragments hold
 * one element per register, in the lane's place `j` in its warp (the physical lane's low 5 bits),
 * with `i` = j % 16 and `q` = j >> 4.
 *
 * WMMA, gfx11 ("RDNA3 ISA", section "Wave Matrix Multiply Accumulate (WMMA)", wave32 VGPR
 * layouts): `v_wmma_f32_16x16x16_f16` / `_bf16` on the whole warp. A: 16 elements, row i, every
 * column (lanes 16 to 31 repeat lanes 0 to 15, as the instruction wants); B: column i, every row;
 * accumulator: 8 elements, row 2e + q, column i.
 *
 * WMMA, gfx12 ("RDNA4 ISA", the same section): no repetition. A: 8 elements, row i, columns
 * 8q + e; B: rows 8q + e, column i; accumulator: row 8q + e, column i.
 *
 * MFMA ("AMD Instinct MI300 (CDNA3) ISA", section "Dependent and independent matrix operations"
 * and the dense MFMA VGPR layouts, 16x16x16 f16/bf16 and 16x16x4 f32): one instruction multiplies
 * across all 64 lanes of a wavefront, two warps, where MFMA lane m supplies A's row m % 16 and
 * B's column m % 16 at k 4 (m >> 4) + e (16x16x16) or m >> 4 (16x16x4), and holds D's rows
 * 4 (m >> 4) + e at column m % 16. A warp's fragments hold the registers of two MFMA lanes in
 * each of its lanes j: lane j's (the low half of the registers) and lane j + 32's (the high
 * half). A: 8 elements, row i, columns 4q + e (e < 4) and 8 + 4q + e % 4; B: rows 4q + e and
 * 8 + 4q + e % 4, column i; the accumulator likewise, rows 4q + e and 8 + 4q + e % 4, column i.
 * TF32 products use `v_mfma_f32_16x16x4f32` on the TF32-rounded f32s (each product of two TF32s
 * is exact in f32, as on tensor cores; gfx942's xf32 instructions are left out: gfx950 drops
 * them), four per warp (k = 4c + (m >> 4) in the c-th): A 8 elements, row i, columns 4c + q
 * (e = c < 4) and 4c + 2 + q (e = 4 + c); B the same rows, column i. A product is one MFMA per
 * warp of the wavefront (four for TF32), each on that warp's tiles alone: for warp 0's, each
 * lane of the upper half supplies the high half of the registers of its partner (the lane 32
 * away) in warp 0, for warp 1's each lower lane the low half of its partner's, and the high
 * halves of D go back the other way (`ds_bpermute`, twelve 32-bit words a product). Since the
 * MFMAs and the exchange read every lane, a product needs both warps of the wavefront at the
 * same `gpu.matrixMultiplyAdd` (blocks of a multiple of 64 threads; no warp skipping a product
 * the other does), else the launch stops with a device exception at the call. (Running the
 * product in whole-wavefront mode, `set.inactive` and `strict.wwm`, would lift that, but LLVM 22
 * crashes allocating its registers in large kernels, such as bench/cuda/tensor-cores.ts' for
 * gfx942.)
 * Loads, stores and fills are per lane.
 *
 * RDNA GPUs compiled for 64-wide wavefronts, earlier GCN and CDNA (gfx908: no bf16 MFMA of this
 * shape) and RDNA 1 and 2 refuse the matrix operations, and RDNA refuses TF32 operands (WMMA has
 * no 32-bit float form), each with an `unsupported-on-target` error at the call.
 */
import {
  type ElementPlaces,
  type ElementwiseHardware,
  elementsOf,
  elementwiseLowerings,
  type FragmentShapes,
  f32Type,
  type IntrinsicContext,
  type Lowerings,
  type MethodTable,
  matrixRefusals,
  vectorOf,
} from '@gpuc/core/compiler';
import { basicTypes, type Type as LLVMType, llvm, type TargetDescription, type Value } from '@gpuc/core/llvm';
import { physicalLane } from './intrinsics.js';
import { isRDNA, wavefrontSize } from './target.js';

/** The matrix instructions of a GPU: MFMA, gfx11's or gfx12's WMMA, or none. */
export type MatrixUnit = 'mfma' | 'wmma11' | 'wmma12';

/** The CDNA GPUs with the 16x16x16 f16 and bf16 MFMAs. */
const MFMA_GPUS = new Set(['gfx90a', 'gfx942', 'gfx950']);

/** A target's matrix instructions, or undefined where the matrix operations are refused. */
export function matrixUnit(target: TargetDescription): MatrixUnit | undefined {
  if (MFMA_GPUS.has(target.cpu)) return 'mfma';
  if (!isRDNA(target.cpu) || wavefrontSize(target) !== 32) return undefined;
  if (target.cpu.startsWith('gfx11')) return 'wmma11';
  if (target.cpu.startsWith('gfx12')) return 'wmma12';
  return undefined;
}

/** Each unit's fragment registers (the layouts above). */
const SHAPES: Record<MatrixUnit, FragmentShapes> = {
  mfma: { half: { count: 8 }, tf32: { count: 8 }, accumulator: { count: 8 } },
  wmma11: { half: { count: 16 }, tf32: { count: 16 }, accumulator: { count: 8 } },
  wmma12: { half: { count: 8 }, tf32: { count: 8 }, accumulator: { count: 8 } },
};

/** A target's fragment registers (`Target.fragments`), where it lowers the matrix operations. */
export const matrixFragments = (target: TargetDescription): FragmentShapes | undefined => {
  const unit = matrixUnit(target);
  return unit && SHAPES[unit];
};

/** `[a, b, c]` of `a * (j & 7) + b * ((j >> 3) & 1) + c * (j >> 4)` (core's ElementPlaces). */
const I = [1, 8, 0] as const;
const Q = (c: number) => [0, 0, c] as const;
const NONE = [0, 0, 0] as const;

/** Where each unit's elements are (see the opening comment). */
export function matrixPlaces(unit: MatrixUnit, use: 'a' | 'b' | 'accumulator', tf32: boolean): ElementPlaces {
  const place = (
    row: ElementPlaces['row'],
    column: ElementPlaces['column'],
    offset: ElementPlaces['offset'],
  ): ElementPlaces => ({ row, column, offset });
  if (unit === 'wmma11') {
    if (use === 'a') return place(I, NONE, (e) => [0, e]);
    if (use === 'b') return place(NONE, I, (e) => [e, 0]);
    return place(Q(1), I, (e) => [2 * e, 0]);
  }
  if (unit === 'wmma12') {
    if (use === 'a') return place(I, Q(8), (e) => [0, e]);
    return use === 'b' ? place(Q(8), I, (e) => [e, 0]) : place(Q(8), I, (e) => [e, 0]);
  }
  // MFMA: the low half of the registers, then the high half (the MFMA lane 32 further).
  const halves = (e: number) => 8 * (e >> 2) + (e & 3);
  if (use === 'accumulator') return place(Q(4), I, (e) => [halves(e), 0]);
  if (tf32)
    return use === 'a'
      ? place(I, Q(1), (e) => [0, 4 * (e & 3) + 2 * (e >> 2)])
      : place(Q(1), I, (e) => [4 * (e & 3) + 2 * (e >> 2), 0]);
  return use === 'a' ? place(I, Q(4), (e) => [0, halves(e)]) : place(Q(4), I, (e) => [halves(e), 0]);
}

/** The unit of a lowering's job (never undefined: refused jobs do not reach the lowerings). */
const unitOf = (cx: IntrinsicContext) => matrixUnit(cx.job.target) as MatrixUnit;

/** The element type of a product's operands as the intrinsics name it, and its LLVM type. */
function operandElement(cx: IntrinsicContext) {
  const l = llvm();
  const context = cx.module.getContext();
  const name = (cx.argTypes[0] as Extract<(typeof cx.argTypes)[0], { kind: 'fragment' }>).element.name;
  if (name === 'f16') return { name, type: l.Type.getHalfTy(context), suffix: 'f16' };
  if (name === 'bf16') return { name, type: l.Type.getInt16Ty(context), suffix: 'i16' };
  return { name, type: l.Type.getFloatTy(context), suffix: 'f32' };
}

/** WMMA: one instruction on the warp's registers as they are. */
function wmma(cx: IntrinsicContext, unit: 'wmma11' | 'wmma12', a: Value, b: Value, c: Value): Value {
  const { name, suffix } = operandElement(cx);
  const count = SHAPES[unit].half.count;
  return cx.call(
    `llvm.amdgcn.wmma.f32.16x16x16.${name === 'f16' ? 'f16' : 'bf16'}.v8f32.v${count}${suffix}`,
    c.getType(),
    [a, b, c],
  );
}

/**
 * The exchange between the two warps of a wavefront around an MFMA product, given `pick` (the
 * first value in the upper half's lanes, the second in the lower's) and `swap` (each lane's
 * partner's value): every lane sends one word and keeps two. For an operand, from a fragment's
 * low and high words, warp 0's MFMA operand and warp 1's; for the result, from warp 0's and
 * warp 1's MFMA results, the low and high words of the lane's own accumulator.
 */
export function exchange<T>(pick: (upper: T, lower: T) => T, swap: (x: T) => T, first: T, second: T): [T, T] {
  const received = swap(pick(first, second));
  return [pick(received, first), pick(second, received)];
}

/** The device exception of a product without the whole wavefront (above). */
export const WAVEFRONT_MESSAGE =
  'gpu.matrixMultiplyAdd on CDNA needs both warps of the 64-lane wavefront at the call (blocks of a multiple of 64 threads)';

/** MFMA: one per warp of the wavefront (four for TF32), after a check that both are here. */
function mfma(cx: IntrinsicContext, a: Value, bFragment: Value, c: Value): Value {
  const l = llvm();
  const b = cx.builder;
  const context = cx.module.getContext();
  const { i32, i64, f32: float } = basicTypes(context);
  const k = (n: number) => l.ConstantInt.get(i32, n);
  // Both warps of the wavefront here: the MFMAs read every lane's registers.
  const here = cx.call('llvm.amdgcn.ballot.i64', i64, [l.ConstantInt.get(l.Type.getInt1Ty(context), 1)]);
  cx.require(b.CreateICmpEQ(here, l.ConstantInt.get(i64, -1)), WAVEFRONT_MESSAGE);
  const { name, type } = operandElement(cx);
  const tf32 = name === 'f32';
  const quad = l.VectorType.get(float, 4);
  const lane = physicalLane(cx);
  const upper = b.CreateICmpUGE(lane, k(32));
  const partner = b.CreateShl(b.CreateXor(lane, k(32)), k(2));
  const pick = (ifUpper: Value, otherwise: Value) => b.CreateSelect(upper, ifUpper, otherwise);
  const swap = (word: Value) => cx.call('llvm.amdgcn.ds.bpermute', i32, [partner, word]);
  /** A fragment's 32-bit words. */
  const words = (fragment: Value, count: number, element: LLVMType) =>
    elementsOf(cx, fragment, element, count).map((x) => (element === i32 ? x : b.CreateBitCast(x, i32)));
  const operandWords = (fragment: Value) =>
    tf32 ? words(fragment, 8, float) : words(b.CreateBitCast(fragment, l.VectorType.get(i32, 4)), 4, i32);
  /** Each warp's MFMA operand words of a fragment: [warp 0's, warp 1's]. */
  const operands = (all: Value[]) => {
    const half = all.length / 2;
    const pairs = all.slice(0, half).map((low, n) => exchange(pick, swap, low, all[half + n] as Value));
    return [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
  };
  const [aWords, bWords, cWords] = [
    operands(operandWords(a)),
    operands(operandWords(bFragment)),
    operands(words(c, 8, float)),
  ];
  /** Warp w's product, on the words given it. */
  const product = (w: 0 | 1): Value[] => {
    let accumulator = vectorOf(
      cx,
      quad,
      float,
      (cWords[w] as Value[]).map((x) => b.CreateBitCast(x, float)),
    );
    const [aw, bw] = [aWords[w] as Value[], bWords[w] as Value[]];
    if (tf32) {
      for (let step = 0; step < 4; step++)
        accumulator = cx.call('llvm.amdgcn.mfma.f32.16x16x4f32', quad, [
          b.CreateBitCast(aw[step] as Value, float),
          b.CreateBitCast(bw[step] as Value, float),
          accumulator,
          k(0),
          k(0),
          k(0),
        ]);
    } else {
      const operand = (ws: Value[]) =>
        b.CreateBitCast(vectorOf(cx, l.VectorType.get(i32, 2), i32, ws), l.VectorType.get(type, 4));
      accumulator = cx.call(`llvm.amdgcn.mfma.f32.16x16x16${name === 'f16' ? 'f16' : 'bf16.1k'}`, quad, [
        operand(aw),
        operand(bw),
        accumulator,
        k(0),
        k(0),
        k(0),
      ]);
    }
    return elementsOf(cx, accumulator, float, 4).map((x) => b.CreateBitCast(x, i32));
  };
  const [zero, one] = [product(0), product(1)];
  const results = zero.map((word, n) => exchange(pick, swap, word, one[n] as Value));
  const result = vectorOf(cx, l.VectorType.get(i32, 8), i32, [
    ...results.map((r) => r[0]),
    ...results.map((r) => r[1]),
  ]);
  return b.CreateBitCast(result, c.getType());
}

const hardware: ElementwiseHardware = {
  lane: (cx) =>
    cx.builder.CreateAnd(
      physicalLane(cx),
      llvm().ConstantInt.get(llvm().Type.getInt32Ty(cx.module.getContext()), 31),
    ),
  places: (cx, use, tf32) => matrixPlaces(unitOf(cx), use, tf32),
  multiplyAdd(cx, a, b, c) {
    const unit = unitOf(cx);
    return unit === 'mfma' ? mfma(cx, a, b, c) : wmma(cx, unit, a, b, c);
  },
};

/** The ROCm back-end's matrix lowerings (every unit; a job's target picks). */
export const rocmMatrix: Lowerings = elementwiseLowerings(hardware);

/**
 * The refusals (made when the plugin is applied): every operation, TF32 operands on RDNA, and
 * the warpgroup operations everywhere.
 */
export function matrixRefusalTables(): { none: MethodTable; noTf32: MethodTable; warpgroup: MethodTable } {
  return {
    none: matrixRefusals(
      'ROCm on this GPU (the matrix operations need MFMA, on gfx90a, gfx942 and gfx950, or WMMA in 32-wide wavefronts, on gfx11 and gfx12)',
    ),
    noTf32: matrixRefusals(
      'ROCm on RDNA (WMMA multiplies f16 and bf16 only: no TF32 operands from f32 arrays)',
      { elements: [f32Type] },
    ),
    warpgroup: matrixRefusals(
      'ROCm (the warpgroup matrix operations are wgmma, which CUDA has on sm_90a alone)',
      {
        prefix: 'gpu.matrixWarpgroup',
      },
    ),
  };
}

/** The overlays of a job: by its GPU's matrix unit. */
export function matrixOverlays(
  tables: ReturnType<typeof matrixRefusalTables>,
  target: TargetDescription,
): MethodTable[] {
  const unit = matrixUnit(target);
  if (!unit) return [tables.none];
  return unit === 'mfma' ? [tables.warpgroup] : [tables.noTf32, tables.warpgroup];
}
