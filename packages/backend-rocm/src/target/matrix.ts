/**
 * The warp matrix operations (`gpu.matrix*`) on AMD GPUs: MFMA on CDNA (gfx90a, gfx940 to gfx942,
 * gfx950; 64-wide wavefronts), WMMA on RDNA 3 and 4 (gfx11, gfx12; 32-wide wavefronts). A warp is
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
 * across all 64 lanes of a wavefront, two warps, where lane l supplies A's row l % 16 and B's
 * column l % 16 at k slots 4 (l >> 4) to 4 (l >> 4) + 3, and holds D's rows 4 (l >> 4) + e at
 * column l % 16. So that each warp keeps its own tiles in its own lanes, an instruction computes
 * eight rows of both warps' products at once: the rows of D held by warp w's lanes (8w to
 * 8w + 7) are its rows, the k slots its lanes supply (8w to 8w + 7) its k, and where the row of
 * A a lane supplies belongs to the other warp, the lane supplies zeros (half of A's lanes, so
 * half the multiplier's work is spent on zeros). A 16x16x16 product is then four MFMAs, (row
 * half R, k half K): A holds 16 elements, row 8R + (j & 7), column 8K + 4q + e % 4 (e = 8R +
 * 4K + e % 4); B 8, row 8K + 4q + e % 4, column i (e = 4K + e % 4); the accumulator 8, row
 * 8R + 4q + e % 4, column i (e = 4R + e % 4). TF32 products use `v_mfma_f32_16x16x4f32` on
 * the TF32-rounded f32s (each product of two TF32s is exact in f32, as on tensor cores; gfx942's
 * xf32 instructions are left out: gfx950 drops them), eight per row half, two k per warp each:
 * A's element 8R + c at row 8R + (j & 7), column 2c + q; B's c at row 2c + q, column i.
 * Every instruction takes all 64 lanes whatever the EXEC mask, so a product runs in whole-wavefront
 * mode (LLVM's `set.inactive` and `strict.wwm`, as its atomic optimiser uses them): lanes not at
 * the call (the other warp at another call, skipping the product, or past the end of a block of
 * 32 threads) supply zeros, and each warp at the call gets its own product, whatever the other
 * does. Loads, stores and fills are per lane.
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
import { llvm, type TargetDescription, type Value } from '@gpuc/core/llvm';
import { physicalLane } from './intrinsics.js';
import { isRDNA, wavefrontSize } from './target.js';

/** The matrix instructions of a GPU: MFMA, gfx11's or gfx12's WMMA, or none. */
export type MatrixUnit = 'mfma' | 'wmma11' | 'wmma12';

/** The CDNA GPUs with the 16x16x16 f16 and bf16 MFMAs. */
const MFMA_GPUS = new Set(['gfx90a', 'gfx940', 'gfx941', 'gfx942', 'gfx950']);

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
  mfma: { half: { count: 16 }, tf32: { count: 16 }, accumulator: { count: 8 } },
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
const LOW = [1, 0, 0] as const;
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
  if (use === 'accumulator') return place(Q(4), I, (e) => [8 * (e >> 2) + (e & 3), 0]);
  if (tf32)
    return use === 'a'
      ? place(LOW, Q(1), (e) => [8 * (e >> 3), 2 * (e & 7)])
      : place(Q(1), I, (e) => [2 * e, 0]);
  return use === 'a'
    ? place(LOW, Q(4), (e) => [8 * (e >> 3), 8 * ((e >> 2) & 1) + (e & 3)])
    : place(Q(4), I, (e) => [8 * (e >> 2) + (e & 3), 0]);
}

/**
 * The MFMAs of a product's row half R, in order: the first of the `count` elements of A and of
 * B each takes (`count` 4 for 16x16x16, 1 for 16x16x4 f32); the accumulator is elements 4R to
 * 4R + 3 throughout.
 */
export function mfmaSteps(R: number, tf32: boolean): { a: number; b: number; count: number }[] {
  return tf32
    ? Array.from({ length: 8 }, (_, c) => ({ a: 8 * R + c, b: c, count: 1 }))
    : [0, 1].map((K) => ({ a: 8 * R + 4 * K, b: 4 * K, count: 4 }));
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
 * MFMA: four 16x16x16 instructions (sixteen 16x16x4 f32 for TF32), each on eight rows of both
 * warps' products, in whole-wavefront mode: lanes not at the call (the other warp elsewhere, or
 * past the end of the block) supply zeros (`set.inactive`), so that each warp present gets its
 * own product whatever the other does.
 */
function mfma(cx: IntrinsicContext, a: Value, bFragment: Value, c: Value): Value {
  const l = llvm();
  const b = cx.builder;
  const context = cx.module.getContext();
  const [i32, float] = [l.Type.getInt32Ty(context), l.Type.getFloatTy(context)];
  const k = (n: number) => l.ConstantInt.get(i32, n);
  const lane = physicalLane(cx);
  // A lane supplies A's row lane % 16, which is its own warp's where bit 3 of the lane is the warp.
  const own = b.CreateICmpEQ(b.CreateAnd(b.CreateLShr(lane, k(3)), k(1)), b.CreateLShr(lane, k(5)));
  const { name, type, suffix } = operandElement(cx);
  const tf32 = name === 'f32';
  const aElements = elementsOf(cx, a, type, 16);
  const bElements = elementsOf(cx, bFragment, type, 8);
  const cElements = elementsOf(cx, c, float, 8);
  const quad = l.VectorType.get(float, 4);
  const group = (elements: Value[], first: number, n: number) =>
    n === 1
      ? (elements[first] as Value)
      : vectorOf(cx, l.VectorType.get(type, n), type, elements.slice(first, first + n));
  const mangled = (n: number) => (n === 1 ? suffix : `v${n}${suffix}`);
  /** The value in the lanes at the call, zero in the others (computed in whole-wavefront mode). */
  const orZero = (value: Value, n: number) =>
    cx.call(`llvm.amdgcn.set.inactive.${mangled(n)}`, value.getType(), [
      value,
      l.Constant.getNullValue(value.getType()),
    ]);
  const flags = [k(0), k(0), k(0)];
  const out: Value[] = [];
  for (const R of [0, 1]) {
    let accumulator = vectorOf(cx, quad, float, cElements.slice(4 * R, 4 * R + 4));
    for (const step of mfmaSteps(R, tf32)) {
      const instruction = tf32
        ? 'llvm.amdgcn.mfma.f32.16x16x4f32'
        : `llvm.amdgcn.mfma.f32.16x16x16${name === 'f16' ? 'f16' : 'bf16.1k'}`;
      const aGroup = group(aElements, step.a, step.count);
      accumulator = cx.call(instruction, quad, [
        orZero(b.CreateSelect(own, aGroup, l.Constant.getNullValue(aGroup.getType())), step.count),
        orZero(group(bElements, step.b, step.count), step.count),
        accumulator,
        ...flags,
      ]);
    }
    // The lanes at the call take their rows of D back out of whole-wavefront mode.
    out.push(...elementsOf(cx, cx.call('llvm.amdgcn.strict.wwm.v4f32', quad, [accumulator]), float, 4));
  }
  return vectorOf(cx, c.getType(), float, out);
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

/** The refusals (made when the plugin is applied): every operation, and TF32 operands on RDNA. */
export function matrixRefusalTables(): { none: MethodTable; noTf32: MethodTable } {
  return {
    none: matrixRefusals(
      'ROCm on this GPU (the matrix operations need MFMA, on gfx90a, gfx940, gfx941, gfx942 and gfx950, or WMMA in 32-wide wavefronts, on gfx11 and gfx12)',
    ),
    noTf32: matrixRefusals(
      'ROCm on RDNA (WMMA multiplies f16 and bf16 only: no TF32 operands from f32 arrays)',
      [f32Type],
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
  return unit === 'mfma' ? [] : [tables.noTf32];
}
