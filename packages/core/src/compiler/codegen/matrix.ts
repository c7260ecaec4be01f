/**
 * The warp matrix operations (`gpu.matrix*`) on LLVM targets whose warps have 32 lanes. A
 * fragment is held across the lanes in the layout of PTX's `mma.m16n8k16` (a 16x16x16 product
 * is two of those, one per half of B's and the accumulator's columns). With `g` the lane / 4
 * and `t` the lane % 4, a lane holds:
 * - of A, `[4 x i32]`, each two 16-bit floats (the lower column in the low half): rows g and
 *   g + 8 at columns 2t, 2t + 1 (words 0, 1), and the same rows at columns 2t + 8, 2t + 9
 *   (words 2, 3);
 * - of B, `[4 x i32]`, each two 16-bit floats down a column (the lower row low): column g at
 *   rows 2t, 2t + 1 and 2t + 8, 2t + 9 (words 0, 1), column g + 8 likewise (words 2, 3);
 * - of the accumulator, `[8 x float]`: for each half h of the columns, rows g and g + 8 at
 *   columns 8h + 2t and 8h + 2t + 1 (elements 4h to 4h + 3).
 * f32 operands multiply in TF32 with `mma.m16n8k8` (four per product, by halves of k and of the
 * columns), each element rounded to TF32 as it loads (10 bits of mantissa, to nearest, ties
 * away from zero, as `cvt.rna.tf32.f32`), one per word, `[8 x i32]`:
 * - of A, word 4kh + i: row g + 8 (i % 2), column 8kh + t + 4 (i / 2);
 * - of B, word 4h + 2kh + j: row 8kh + t + 4j, column 8h + g.
 * `matrixLowerings` is this layout's loads and stores, for a target supplying its lane and the
 * product (CUDA's `mma.sync`, the native target's exact emulation). A target whose instructions
 * want another layout (ROCm's MFMA and WMMA, Metal's simdgroup matrices) declares its fragments'
 * registers (`Target.fragments`, `FragmentShapes`) and lowers the operations itself, with
 * matrix-elements.ts where each register is one element at a place a formula gives.
 */
import { catalogueEntries } from '../../frontend/catalogue/index.js';
import { any, arrayOf, exactly, MethodTable } from '../../frontend/methods.js';
import type { ArrayType, FragmentType, ScalarType, Type } from '../../frontend/types.js';
import { f32, i32 as i32Type } from '../../frontend/types.js';
import { llvm } from '../../llvm/load.js';
import type { LLVMContext, Type as LLVMType, Value } from '../../llvm/types.js';
import type { IntrinsicContext, IntrinsicGenerator, Lowerings } from './intrinsics.js';

/**
 * A fragment's registers in a lane: `count` elements as one vector (`<count x T>`, T the element
 * as LLVM holds it: `half` for f16, `i16` for bf16's bits, `float` for TF32 and accumulators),
 * or an array of `tiles` such vectors.
 */
export interface FragmentShape {
  readonly count: number;
  readonly tiles?: number;
}

/** A target's fragment registers, where they are not PTX mma's (above); plain data. */
export interface FragmentShapes {
  /** An operand of 16-bit floats (f16 or bf16). */
  readonly half: FragmentShape;
  /** An operand of TF32s (from f32 arrays). */
  readonly tf32: FragmentShape;
  readonly accumulator: FragmentShape;
}

/** The LLVM type of one element of a fragment as registers hold it. */
function registerElement(context: LLVMContext, element: ScalarType): LLVMType {
  const l = llvm();
  if (element.name === 'f16') return l.Type.getHalfTy(context);
  if (element.name === 'bf16') return l.Type.getInt16Ty(context);
  return l.Type.getFloatTy(context);
}

/** The LLVM type of a fragment in a lane: `shapes`' where a target gives them, else PTX mma's. */
export function fragmentRegisters(
  context: LLVMContext,
  type: FragmentType,
  shapes?: FragmentShapes,
): LLVMType {
  const l = llvm();
  if (!shapes)
    return type.use === 'accumulator'
      ? l.ArrayType.get(l.Type.getFloatTy(context), ACCUMULATOR_ELEMENTS)
      : l.ArrayType.get(l.Type.getInt32Ty(context), operandWords(type.element));
  const shape =
    type.use === 'accumulator' ? shapes.accumulator : type.element.name === 'f32' ? shapes.tf32 : shapes.half;
  const vector = l.VectorType.get(registerElement(context, type.element), shape.count);
  return shape.tiles === undefined ? vector : l.ArrayType.get(vector, shape.tiles);
}

/** What a target adds to the shared matrix code. */
export interface MatrixHardware {
  /** The caller's lane in its warp, 0 to 31. */
  lane(cx: IntrinsicContext): Value;
  /** D = A B + C on the fragments' registers (`[4 x i32]`, `[4 x i32]`, `[8 x float]`). */
  multiplyAdd(cx: IntrinsicContext, a: Value, b: Value, c: Value): Value;
  /**
   * Where the hardware loads operands from shared memory itself: the four words of this lane
   * (as four i32s of a struct or array), given the address of row `lane % 16`, column
   * `8 * (lane / 16)` of the tile; `transpose` for B, whose words run down columns.
   */
  loadShared?(cx: IntrinsicContext, row: Value, transpose: boolean): Value;
}

/**
 * The matrix operations that read or write a tile `(array, offset, ld, ...)`: under
 * `boundsCheck`, code generation checks the tile's corners, whichever back-end lowers them.
 */
export const TILE_INTRINSICS: ReadonlySet<string> = new Set([
  'gpu.matrixLoadA',
  'gpu.matrixLoadB',
  'gpu.matrixLoadAccumulator',
  'gpu.matrixStore',
]);

/** The words of an operand of `element`s per lane: two 16-bit floats or one TF32 each. */
export const operandWords = (element: ScalarType): number => (element.name === 'f32' ? 8 : 4);
/** The elements of an accumulator per lane. */
export const ACCUMULATOR_ELEMENTS = 8;

/** An f32's bits rounded to TF32 (nearest, ties away from zero; NaN kept), as i32 bits. */
export function roundToTf32(cx: IntrinsicContext, bits: Value): Value {
  const l = llvm();
  const b = cx.builder;
  const i32 = l.Type.getInt32Ty(cx.module.getContext());
  const c = (n: number) => l.ConstantInt.get(i32, n);
  // Adding half the dropped 13 bits' weight to the magnitude rounds ties away from zero; the
  // largest finite values round to Infinity, as they do in TF32.
  const rounded = b.CreateAnd(b.CreateAdd(bits, c(0x1000)), c(-0x2000));
  const nan = b.CreateICmpUGT(b.CreateAnd(bits, c(0x7fffffff)), c(0x7f800000));
  return b.CreateSelect(nan, bits, rounded);
}

/** A TF32 operand: each word one element at (row, column) of `place(word)`, rounded. */
function loadTf32(
  cx: IntrinsicContext,
  hardware: MatrixHardware,
  args: readonly Value[],
  place: (word: number) => { row: [Value, number]; column: [Value, number] },
): Value {
  const b = cx.builder;
  const { at, i32 } = tileAccess(cx, hardware, args);
  let fragment: Value = llvm().UndefValue.get(cx.types.value(cx.resultType));
  for (let word = 0; word < 8; word++) {
    const { row, column } = place(word);
    fragment = b.CreateInsertValue(fragment, roundToTf32(cx, b.CreateLoad(i32, at(...row, ...column))), [
      word,
    ]);
  }
  return fragment;
}

/** The caller's group (`g`, lane / 4) and place in it (`t`, lane % 4). */
export function laneGroup(cx: IntrinsicContext, lane: Value): { g: Value; t: Value } {
  const b = cx.builder;
  const i32 = llvm().Type.getInt32Ty(cx.module.getContext());
  return {
    g: b.CreateLShr(lane, llvm().ConstantInt.get(i32, 2)),
    t: b.CreateAnd(lane, llvm().ConstantInt.get(i32, 3)),
  };
}

/**
 * Where a lane's pairs are: rows g + dr, columns 2t + dc (A, accumulators), or rows 2t + dr,
 * columns g + dc (B), for its four words of an operand and four pairs of an accumulator.
 */
const PAIRS = [
  [0, 0],
  [8, 0],
  [0, 8],
  [8, 8],
] as const;

/** A pointer to element (row, column) of the tile `(array, offset, ld)` of a load or store. */
export function tileElement(
  cx: IntrinsicContext,
  [array, offset, ld]: readonly Value[],
): (row: Value, column: Value) => Value {
  const l = llvm();
  const b = cx.builder;
  const context = cx.module.getContext();
  const arrayType = cx.argTypes[0] as ArrayType;
  const stride = cx.convert(ld as Value, cx.argTypes[2] as Type, i32Type);
  const start = cx.convert(offset as Value, cx.argTypes[1] as Type, i32Type);
  const data = b.CreateExtractValue(array as Value, [0]);
  return (row, column) => {
    const index = b.CreateAdd(start, b.CreateAdd(b.CreateMul(row, stride), column));
    return b.CreateInBoundsGEP(cx.types.memory(arrayType.element), data, [
      b.CreateSExt(index, l.Type.getInt64Ty(context)),
    ]);
  };
}

/**
 * The caller's elements of the tile at `offset` with leading dimension `ld`: pointers to
 * element (g + dr, 2t + dc), the first of a pair along a row, and to (2t + dr, g + dc), down a
 * column.
 */
function tileAccess(cx: IntrinsicContext, hardware: MatrixHardware, args: readonly Value[]) {
  const l = llvm();
  const b = cx.builder;
  const i32 = l.Type.getInt32Ty(cx.module.getContext());
  const c = (n: number) => l.ConstantInt.get(i32, n);
  const at = tileElement(cx, args);
  const { g, t } = laneGroup(cx, hardware.lane(cx));
  const twoT = b.CreateShl(t, c(1));
  const lane = b.CreateAdd(b.CreateShl(g, c(2)), t);
  return {
    /** Element (row + dr, column + dc), rows and columns as a lane value and a constant. */
    at: (row: Value, dr: number, column: Value, dc: number) =>
      at(b.CreateAdd(row, c(dr)), b.CreateAdd(column, c(dc))),
    g,
    t,
    /** The address of the row of this lane in the hardware's shared-memory load. */
    sharedRow: () => at(b.CreateAnd(lane, c(15)), b.CreateShl(b.CreateLShr(lane, c(4)), c(3))),
    alongRow: (dr: number, dc: number) => at(b.CreateAdd(g, c(dr)), b.CreateAdd(twoT, c(dc))),
    downColumn: (dr: number, dc: number) => at(b.CreateAdd(twoT, c(dr)), b.CreateAdd(g, c(dc))),
    c,
    i32,
  };
}

/** An operand through the hardware's shared-memory load, where it has one and the tile is shared. */
function sharedOperand(
  cx: IntrinsicContext,
  hardware: MatrixHardware,
  args: readonly Value[],
  transpose: boolean,
) {
  if (!hardware.loadShared || (cx.argTypes[0] as ArrayType).space !== 'shared') return undefined;
  const b = cx.builder;
  const words = hardware.loadShared(cx, tileAccess(cx, hardware, args).sharedRow(), transpose);
  let fragment: Value = llvm().UndefValue.get(cx.types.value(cx.resultType));
  for (let word = 0; word < 4; word++)
    fragment = b.CreateInsertValue(fragment, b.CreateExtractValue(words, [word]), [word]);
  return fragment;
}

/** Whether an operand load is of f32s, multiplied in TF32. */
export const isTf32 = (cx: IntrinsicContext) => (cx.argTypes[0] as ArrayType).element.name === 'f32';

function loadA(hardware: MatrixHardware): IntrinsicGenerator {
  return (cx, args) => {
    if (isTf32(cx)) {
      const { g, t } = laneGroup(cx, hardware.lane(cx));
      return loadTf32(cx, hardware, args, (w) => ({
        row: [g, 8 * (w & 1)],
        column: [t, 8 * (w >> 2) + 4 * ((w >> 1) & 1)],
      }));
    }
    const shared = sharedOperand(cx, hardware, args, false);
    if (shared) return shared;
    const b = cx.builder;
    const { alongRow, i32 } = tileAccess(cx, hardware, args);
    let fragment: Value = llvm().UndefValue.get(cx.types.value(cx.resultType));
    // Two 16-bit floats side by side in a row: one aligned 32-bit load.
    PAIRS.forEach(([dr, dc], word) => {
      const load = b.CreateLoad(i32, alongRow(dr, dc));
      load.setAlignment(4);
      fragment = b.CreateInsertValue(fragment, load, [word]);
    });
    return fragment;
  };
}

function loadB(hardware: MatrixHardware): IntrinsicGenerator {
  return (cx, args) => {
    if (isTf32(cx)) {
      const { g, t } = laneGroup(cx, hardware.lane(cx));
      return loadTf32(cx, hardware, args, (w) => ({
        row: [t, 8 * ((w >> 1) & 1) + 4 * (w & 1)],
        column: [g, 8 * (w >> 2)],
      }));
    }
    const shared = sharedOperand(cx, hardware, args, true);
    if (shared) return shared;
    const l = llvm();
    const b = cx.builder;
    const { downColumn, c, i32 } = tileAccess(cx, hardware, args);
    const i16 = l.Type.getInt16Ty(cx.module.getContext());
    const half = (dr: number, dc: number) => b.CreateZExt(b.CreateLoad(i16, downColumn(dr, dc)), i32);
    let fragment: Value = l.UndefValue.get(cx.types.value(cx.resultType));
    // Two rows of one column: two 16-bit loads, the upper row in the high half.
    PAIRS.forEach(([dr, dc], word) => {
      const pair = b.CreateOr(half(dr, dc), b.CreateShl(half(dr + 1, dc), c(16)));
      fragment = b.CreateInsertValue(fragment, pair, [word]);
    });
    return fragment;
  };
}

function loadAccumulator(hardware: MatrixHardware): IntrinsicGenerator {
  return (cx, args) => {
    const l = llvm();
    const b = cx.builder;
    const { alongRow, i32 } = tileAccess(cx, hardware, args);
    const context = cx.module.getContext();
    const [i64, float] = [l.Type.getInt64Ty(context), l.Type.getFloatTy(context)];
    let fragment: Value = l.UndefValue.get(cx.types.value(cx.resultType));
    PAIRS.forEach(([dr, dc], pair) => {
      // Two f32s side by side: one aligned 64-bit load.
      const load = b.CreateLoad(i64, alongRow(dr, dc));
      load.setAlignment(8);
      const low = b.CreateBitCast(b.CreateTrunc(load, i32), float);
      const high = b.CreateBitCast(b.CreateTrunc(b.CreateLShr(load, l.ConstantInt.get(i64, 32)), i32), float);
      fragment = b.CreateInsertValue(fragment, low, [2 * pair]);
      fragment = b.CreateInsertValue(fragment, high, [2 * pair + 1]);
    });
    return fragment;
  };
}

function store(hardware: MatrixHardware): IntrinsicGenerator {
  return (cx, args) => {
    const l = llvm();
    const b = cx.builder;
    const { alongRow, i32 } = tileAccess(cx, hardware, args);
    const i64 = l.Type.getInt64Ty(cx.module.getContext());
    const fragment = args[3] as Value;
    const bits = (k: number) => b.CreateZExt(b.CreateBitCast(b.CreateExtractValue(fragment, [k]), i32), i64);
    PAIRS.forEach(([dr, dc], pair) => {
      const word = b.CreateOr(bits(2 * pair), b.CreateShl(bits(2 * pair + 1), l.ConstantInt.get(i64, 32)));
      b.CreateStore(word, alongRow(dr, dc)).setAlignment(8);
    });
    return undefined;
  };
}

/** `gpu.matrixFill(x)`: every element x, rounded to f32. */
const fill: IntrinsicGenerator = (cx, [value]) => {
  const l = llvm();
  const element = cx.convert(value as Value, cx.argTypes[0] as Type, f32);
  let fragment: Value = l.UndefValue.get(cx.types.value(cx.resultType));
  for (let k = 0; k < ACCUMULATOR_ELEMENTS; k++)
    fragment = cx.builder.CreateInsertValue(fragment, element, [k]);
  return fragment;
};

/** The matrix lowerings of a target with 32-lane warps, over its lane and its product. */
export function matrixLowerings(hardware: MatrixHardware): Lowerings {
  return {
    'gpu.matrixLoadA': loadA(hardware),
    'gpu.matrixLoadB': loadB(hardware),
    'gpu.matrixLoadAccumulator': loadAccumulator(hardware),
    'gpu.matrixFill': fill,
    'gpu.matrixMultiplyAdd': (cx, [a, b, c]) => hardware.multiplyAdd(cx, a as Value, b as Value, c as Value),
    'gpu.matrixStore': store(hardware),
  };
}

/**
 * A method table refusing every matrix operation on a target that does not lower them, with an
 * `unsupported-on-target` error naming `target` (and why): a back-end's overlay. With `prefix`,
 * only those whose name starts with it (`gpu.matrixWarpgroup`: the warpgroup ones); with
 * `elements`, only the operand loads from arrays of those (the forms the target cannot lower).
 * Make it when the plugin is applied: a job sees only methods older than its world.
 */
export function matrixRefusals(
  target: string,
  only: { readonly prefix?: string; readonly elements?: readonly ScalarType[] } = {},
): MethodTable {
  const table = new MethodTable(`no matrix operations on ${target}`);
  const refuse = (name: string, signature: Parameters<MethodTable['define']>[1]) =>
    table.define(name, signature, { kind: 'unsupported', target }, `matrix operations on ${target}`);
  if (only.elements) {
    for (const name of ['gpu.matrixLoadA', 'gpu.matrixLoadB'])
      for (const element of only.elements) refuse(name, [arrayOf(exactly(element)), any, any]);
    return table;
  }
  for (const [name, { signature }] of catalogueEntries()) {
    if (!name.startsWith(only.prefix ?? 'gpu.matrix') || signature === 'variadic') continue;
    refuse(name, signature);
  }
  return table;
}
