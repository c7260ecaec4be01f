/**
 * The warp matrix operations (`gpu.matrix*`) on Apple GPUs, with simdgroup matrices: a warp is a
 * SIMD group (32 threads, as for the shuffles), and a 16x16 fragment is 2x2 simdgroup 8x8
 * matrices, the tile at rows 8r and columns 8c being matrix 2r + c. AIR holds an 8x8 matrix as
 * one `<64 x T>` value of the SIMD group, whose threads each own two elements (Metal Shading
 * Language Specification, section "SIMD-group matrix functions"; how the elements spread over the
 * threads is the hardware's, and no kernel sees it). The calls are those Apple's Metal compiler
 * emits for MSL's `simdgroup_load`, `make_filled_simdgroup_matrix`,
 * `simdgroup_multiply_accumulate` and `simdgroup_store` (read in AIR that public projects
 * disassembled from metallibs):
 * - `air.simdgroup_matrix_8x8_load.v64T.p<space>T(T addrspace(space)* first, <2 x i64> <ld, 8>,
 *   <2 x i64> <1, ld>, <2 x i64> zeroinitializer)`: the matrix whose element (r, c) is
 *   `first[r * ld + c]`, from device (1) or threadgroup (3) memory; `..._store` the same way back;
 * - `air.simdgroup_matrix_8x8_init_filled.v64f32.f32(float)`;
 * - `air.simdgroup_matrix_8x8_multiply_accumulate.v64f32.v64A.v64B.v64f32(a, b, c)`: a b + c,
 *   with f16 (`half`) or f32 operands and f32 accumulators.
 * A product is eight of those: each 8x8 of D over the two of k, in order.
 *
 * TF32 operands load as f32 matrices and round each element a thread owns, the first two of its
 * `<64 x float>` as AIR's `thread_elements()` reads them. bf16 operands are refused: the AIR
 * gpuc writes has no `bfloat` type. So are tiles of arrays captured from the scope (constant
 * memory, which the simdgroup loads do not read). Compiled, never run: no Apple GPU here.
 */
import {
  entryAlloca,
  type FragmentShapes,
  type IntrinsicContext,
  type IntrinsicGenerator,
  type KernelType,
  type Lowerings,
  type MethodTable,
  matrixRefusals,
  roundToTf32,
  scalarType,
  tileElement,
  vectorOf,
} from '@gpuc/core/compiler';
import { basicTypes, type Type as LLVMType, llvm, type Value } from '@gpuc/core/llvm';
import { airCall } from './calls.js';

/** A fragment: four 8x8 matrices of 64 elements each. */
export const METAL_FRAGMENTS: FragmentShapes = {
  half: { count: 64, tiles: 4 },
  tf32: { count: 64, tiles: 4 },
  accumulator: { count: 64, tiles: 4 },
};

/** The 8x8 matrices of a fragment: index 2r + c at rows 8r, columns 8c. */
const TILES = [0, 1, 2, 3] as const;

/** A convergent AIR call: every thread of the SIMD group takes part. */
const air = (cx: IntrinsicContext, name: string, result: LLVMType, args: Value[]) =>
  airCall(cx.builder, cx.module, name, result, args, true);

/** `T` of the AIR names and types: `f16` / `half`, `f32` / `float`. */
function element(cx: IntrinsicContext, name: string): { suffix: string; type: LLVMType } {
  const context = cx.module.getContext();
  return name === 'f16'
    ? { suffix: 'f16', type: llvm().Type.getHalfTy(context) }
    : { suffix: 'f32', type: llvm().Type.getFloatTy(context) };
}

/** The shape vectors of a load or store of the tile (`<ld, 8>`, `<1, ld>`, the origin). */
function shape(cx: IntrinsicContext, ld: Value): Value[] {
  const l = llvm();
  const i64 = l.Type.getInt64Ty(cx.module.getContext());
  const pair = l.VectorType.get(i64, 2);
  const stride = cx.convert(ld, cx.argTypes[2] as KernelType, scalarType('i64'));
  const eight = l.ConstantInt.get(i64, 8);
  return [
    vectorOf(cx, pair, i64, [stride, eight]),
    vectorOf(cx, pair, i64, [l.ConstantInt.get(i64, 1), stride]),
    l.Constant.getNullValue(pair),
  ];
}

/** The tile's array space as AIR names pointers (`p1`, `p3`), refusing constant memory. */
function space(cx: IntrinsicContext, name: string): number {
  const array = cx.argTypes[0] as { kind: 'array'; space: string };
  if (array.space === 'constant')
    cx.fail(
      `${name} is not supported on Metal for arrays captured from the scope (simdgroup matrices load from device and threadgroup memory): pass the array as an argument`,
    );
  return cx.types.space(array.space as 'global');
}

/** Each 8x8 matrix's first element of a tile. */
const firsts = (cx: IntrinsicContext, args: readonly Value[]) => {
  const at = tileElement(cx, args);
  const i32 = llvm().Type.getInt32Ty(cx.module.getContext());
  const c = (n: number) => llvm().ConstantInt.get(i32, n);
  return TILES.map((t) => at(c(8 * (t >> 1)), c(8 * (t & 1))));
};

/** Rounds the two elements a thread owns of an f32 matrix to TF32. */
function roundOwned(cx: IntrinsicContext, matrix: Value): Value {
  const l = llvm();
  const b = cx.builder;
  const context = cx.module.getContext();
  const { i32, i64, f32: float } = basicTypes(context);
  // Through a stack slot (SROA: extractelement and insertelement of floats, the matrix's own type).
  const slot = entryAlloca(b, matrix.getType());
  b.CreateStore(matrix, slot);
  for (const k of [0, 1]) {
    const at = b.CreateInBoundsGEP(float, slot, [l.ConstantInt.get(i64, k)]);
    const bits = b.CreateBitCast(b.CreateLoad(float, at), i32);
    b.CreateStore(b.CreateBitCast(roundToTf32(cx, bits), float), at);
  }
  return b.CreateLoad(matrix.getType(), slot);
}

function load(name: string): IntrinsicGenerator {
  return (cx, args) => {
    const l = llvm();
    const array = cx.argTypes[0] as { element: { name: string } };
    const { suffix, type } = element(cx, array.element.name);
    const vector = l.VectorType.get(type, 64);
    const at = space(cx, name);
    const sizes = shape(cx, args[2] as Value);
    let fragment: Value = l.UndefValue.get(cx.types.value(cx.resultType));
    firsts(cx, args).forEach((first, t) => {
      let matrix = air(cx, `air.simdgroup_matrix_8x8_load.v64${suffix}.p${at}${suffix}`, vector, [
        first,
        ...sizes,
      ]);
      if (name !== 'gpu.matrixLoadAccumulator' && suffix === 'f32') matrix = roundOwned(cx, matrix);
      fragment = cx.builder.CreateInsertValue(fragment, matrix, [t]);
    });
    return fragment;
  };
}

const store: IntrinsicGenerator = (cx, args) => {
  const at = space(cx, 'gpu.matrixStore');
  const sizes = shape(cx, args[2] as Value);
  const fragment = args[3] as Value;
  const voidType = llvm().Type.getVoidTy(cx.module.getContext());
  firsts(cx, args).forEach((first, t) => {
    air(cx, `air.simdgroup_matrix_8x8_store.v64f32.p${at}f32`, voidType, [
      cx.builder.CreateExtractValue(fragment, [t]),
      first,
      ...sizes,
    ]);
  });
  return undefined;
};

const fill: IntrinsicGenerator = (cx, [value]) => {
  const l = llvm();
  const float = l.Type.getFloatTy(cx.module.getContext());
  const x = cx.convert(value as Value, cx.argTypes[0] as KernelType, scalarType('f32'));
  const matrix = air(cx, 'air.simdgroup_matrix_8x8_init_filled.v64f32.f32', l.VectorType.get(float, 64), [x]);
  let fragment: Value = l.UndefValue.get(cx.types.value(cx.resultType));
  for (const t of TILES) fragment = cx.builder.CreateInsertValue(fragment, matrix, [t]);
  return fragment;
};

/** D = A B + C: each 8x8 of D (2i + j) accumulates A's (2i + k) times B's (2k + j), k = 0, 1. */
const multiplyAdd: IntrinsicGenerator = (cx, [a, bFragment, c]) => {
  const l = llvm();
  const b = cx.builder;
  const operand = (cx.argTypes[0] as { element: { name: string } }).element.name;
  const { suffix } = element(cx, operand);
  const name = `air.simdgroup_matrix_8x8_multiply_accumulate.v64f32.v64${suffix}.v64${suffix}.v64f32`;
  const part = (fragment: Value, t: number) => b.CreateExtractValue(fragment, [t]);
  let d: Value = l.UndefValue.get((c as Value).getType());
  for (const t of TILES) {
    const [i, j] = [t >> 1, t & 1];
    let accumulator = part(c as Value, t);
    for (const k of [0, 1])
      accumulator = air(cx, name, accumulator.getType(), [
        part(a as Value, 2 * i + k),
        part(bFragment as Value, 2 * k + j),
        accumulator,
      ]);
    d = b.CreateInsertValue(d, accumulator, [t]);
  }
  return d;
};

/** The Metal back-end's matrix lowerings. */
export const metalMatrix: Lowerings = {
  'gpu.matrixLoadA': load('gpu.matrixLoadA'),
  'gpu.matrixLoadB': load('gpu.matrixLoadB'),
  'gpu.matrixLoadAccumulator': load('gpu.matrixLoadAccumulator'),
  'gpu.matrixFill': fill,
  'gpu.matrixMultiplyAdd': multiplyAdd,
  'gpu.matrixStore': store,
};

/** The refusal of bf16 operands (made when the plugin is applied). */
export const bf16Refusals = (): MethodTable =>
  matrixRefusals('Metal for bf16 operands (the AIR gpuc writes has no bfloat type)', {
    elements: [scalarType('bf16')],
  });

/** The refusal of the warpgroup matrix operations (made when the plugin is applied). */
export const warpgroupRefusals = (): MethodTable =>
  matrixRefusals('Metal (the warpgroup matrix operations are wgmma, which CUDA has on sm_90a alone)', {
    prefix: 'gpu.matrixWarpgroup',
  });
