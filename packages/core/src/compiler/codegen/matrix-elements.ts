/**
 * The matrix operations (`gpu.matrix*`) of a target whose fragments hold one element per
 * register (`Target.fragments` gives how many), each at a place a formula of the lane gives
 * (`ElementPlaces`): loads (a row's run of 16-bit elements as one aligned vector access, TF32s
 * rounded as they load), stores and fills, around the target's product. ROCm's MFMA and WMMA
 * layouts are such.
 */
import type { ArrayType, FragmentType, FragmentUse, Type } from '../../frontend/types.js';
import { f32, fragmentOf } from '../../frontend/types.js';
import { llvm } from '../../llvm/load.js';
import type { Type as LLVMType, Value } from '../../llvm/types.js';
import { entryAlloca, type IntrinsicContext, type IntrinsicGenerator, type Lowerings } from './intrinsics.js';
import { isTf32, roundToTf32, tileElement } from './matrix.js';

/** The fragments of a warp's 16x16 tiles (a warpgroup's accumulator is warpgroup.ts's). */
export type WarpFragmentUse = Exclude<FragmentUse, 'warpgroup'>;

/**
 * Where a lane's elements of a fragment are, in a layout of one element per register: the
 * first at `row` and `column`, each `a * (lane & 7) + b * ((lane >> 3) & 1) + c * (lane >> 4)`
 * for its `[a, b, c]` (so `lane % 16` is `[1, 8, 0]`), element e `offset(e)` rows and columns
 * from there.
 */
export interface ElementPlaces {
  readonly row: readonly [number, number, number];
  readonly column: readonly [number, number, number];
  offset(e: number): readonly [number, number];
}

/** What a target with a layout of one element per register (`ElementPlaces`) supplies. */
export interface ElementwiseHardware {
  /** The caller's lane in its warp, 0 to 31. */
  lane(cx: IntrinsicContext): Value;
  /** Where a lane's elements of an A or B operand (16-bit or TF32) or an accumulator are. */
  places(cx: IntrinsicContext, use: WarpFragmentUse, tf32: boolean): ElementPlaces;
  /** D = A B + C on the fragments' registers (`Target.fragments`' vectors). */
  multiplyAdd(cx: IntrinsicContext, a: Value, b: Value, c: Value): Value;
}

/** The elements of a fragment in one of a target's registers (`Target.fragments`). */
export function registerCount(cx: IntrinsicContext, type: FragmentType): number {
  const shapes = cx.job.target.fragments;
  if (!shapes) throw new Error(`gpuc: ${cx.job.target.name} declares no matrix fragment registers`);
  return (
    type.use === 'accumulator' ? shapes.accumulator : type.element.name === 'f32' ? shapes.tf32 : shapes.half
  ).count;
}

const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));

/** The caller's elements of a tile: a pointer to each, its fragment's registers, and runs along rows. */
function elementPointers(
  cx: IntrinsicContext,
  hardware: ElementwiseHardware,
  args: readonly Value[],
  use: WarpFragmentUse,
) {
  const l = llvm();
  const b = cx.builder;
  const i32 = l.Type.getInt32Ty(cx.module.getContext());
  const c = (n: number) => l.ConstantInt.get(i32, n);
  const lane = hardware.lane(cx);
  const fields = [
    b.CreateAnd(lane, c(7)),
    b.CreateAnd(b.CreateLShr(lane, c(3)), c(1)),
    b.CreateLShr(lane, c(4)),
  ];
  const element = (cx.argTypes[0] as ArrayType).element;
  const tf32 = element.name === 'f32' && use !== 'accumulator';
  const places = hardware.places(cx, use, tf32);
  const origin = (coefficients: readonly number[]) =>
    coefficients.reduce<Value>(
      (sum, k, i) => (k === 0 ? sum : b.CreateAdd(sum, b.CreateMul(fields[i] as Value, c(k)))),
      c(0),
    );
  const [row, column] = [origin(places.row), origin(places.column)];
  const at = tileElement(cx, args);
  const fragment = use === 'accumulator' ? fragmentOf('accumulator', f32) : fragmentOf(use, element);
  const count = registerCount(cx, fragment);
  const bytes = cx.types.memory(element).getPrimitiveSizeInBits() / 8;
  // Runs of elements side by side in a row (16-bit operands): one access each, as aligned as
  // offset and ld (multiples of 8) and the lane's column allow.
  const runs: { first: number; length: number; align: number }[] = [];
  for (let e = 0; e < count; e++) {
    const last = runs.at(-1);
    const [dr, dc] = places.offset(e);
    const [pr, pc] = last ? places.offset(last.first + last.length - 1) : [Number.NaN, Number.NaN];
    if (!tf32 && use !== 'accumulator' && last && dr === pr && dc === pc + 1) last.length++;
    else runs.push({ first: e, length: 1, align: [8, ...places.column, dc].reduce(gcd) * bytes });
  }
  return {
    pointer: (e: number) => {
      const [dr, dc] = places.offset(e);
      return at(b.CreateAdd(row, c(dr)), b.CreateAdd(column, c(dc)));
    },
    runs: runs.map((run) => ({ ...run, align: Math.min(16, run.align & -run.align, run.length * bytes) })),
    vector: cx.types.value(fragment),
    count,
    element: cx.types.memory(element),
  };
}

/** An operand or accumulator load in a layout of one element per register. */
function loadElements(hardware: ElementwiseHardware, use: WarpFragmentUse): IntrinsicGenerator {
  return (cx, args) => {
    const l = llvm();
    const b = cx.builder;
    const { pointer, runs, vector, element } = elementPointers(cx, hardware, args, use);
    const tf32 = use !== 'accumulator' && isTf32(cx);
    const i32 = l.Type.getInt32Ty(cx.module.getContext());
    const slot = entryAlloca(b, vector);
    const i64 = l.Type.getInt64Ty(cx.module.getContext());
    for (const { first, length, align } of runs) {
      const type = length === 1 ? element : l.VectorType.get(element, length);
      const load = b.CreateLoad(tf32 ? i32 : type, pointer(first));
      if (length > 1) load.setAlignment(align);
      const value = tf32 ? b.CreateBitCast(roundToTf32(cx, load), element) : load;
      b.CreateStore(value, b.CreateInBoundsGEP(element, slot, [l.ConstantInt.get(i64, first)]));
    }
    // Through a stack slot, which SROA turns into vector operations (the LLVM binding has none).
    return b.CreateLoad(vector, slot);
  };
}

/**
 * A vector of `type` (`count` elements of `element`) from its elements, through a stack slot
 * that SROA turns into `insertelement`s (the LLVM binding builds no vector operations).
 */
export function vectorOf(
  cx: IntrinsicContext,
  type: LLVMType,
  element: LLVMType,
  elements: readonly Value[],
): Value {
  const b = cx.builder;
  const slot = entryAlloca(b, type);
  const i64 = llvm().Type.getInt64Ty(cx.module.getContext());
  elements.forEach((value, k) => {
    b.CreateStore(value, b.CreateInBoundsGEP(element, slot, [llvm().ConstantInt.get(i64, k)]));
  });
  return b.CreateLoad(type, slot);
}

/** The `count` elements of a vector, through a stack slot (SROA: `extractelement`s). */
export function elementsOf(cx: IntrinsicContext, vector: Value, element: LLVMType, count: number): Value[] {
  const b = cx.builder;
  const slot = entryAlloca(b, vector.getType());
  b.CreateStore(vector, slot);
  const i64 = llvm().Type.getInt64Ty(cx.module.getContext());
  return Array.from({ length: count }, (_, k) =>
    b.CreateLoad(element, b.CreateInBoundsGEP(element, slot, [llvm().ConstantInt.get(i64, k)])),
  );
}

/** The lowerings of a target whose fragments hold one element per register (`ElementPlaces`). */
export function elementwiseLowerings(hardware: ElementwiseHardware): Lowerings {
  return {
    'gpu.matrixLoadA': loadElements(hardware, 'a'),
    'gpu.matrixLoadB': loadElements(hardware, 'b'),
    'gpu.matrixLoadAccumulator': loadElements(hardware, 'accumulator'),
    'gpu.matrixFill': (cx, [value]) => {
      const element = cx.convert(value as Value, cx.argTypes[0] as Type, f32);
      const count = registerCount(cx, cx.resultType as FragmentType);
      return vectorOf(cx, cx.types.value(cx.resultType), element.getType(), Array(count).fill(element));
    },
    'gpu.matrixMultiplyAdd': (cx, [a, b, c]) => hardware.multiplyAdd(cx, a as Value, b as Value, c as Value),
    'gpu.matrixStore': (cx, args) => {
      const { pointer, count, element } = elementPointers(cx, hardware, args, 'accumulator');
      elementsOf(cx, args[3] as Value, element, count).forEach((value, e) => {
        cx.builder.CreateStore(value, pointer(e));
      });
      return undefined;
    },
  };
}
