/**
 * Intrinsics on NVIDIA GPUs: the thread geometry from PTX special registers, the block barrier,
 * shared arrays in address space 3, fences, the cycle counter, printf through `vprintf`, warp
 * shuffles and votes (the `.sync` forms, over the lanes of the warp that exist), core's
 * atomics, and every `Math` function through libdevice (`__nv_sin`, `__nv_sinf`...).
 *
 * Warps follow the reference runner: 32 consecutive threads of the block in linear order (x
 * fastest), as on the hardware. In a block whose size is not a multiple of 32 the last warp is
 * partial: its missing lanes count as absent (a shuffle from one returns the caller's value).
 */

import {
  atomicIntrinsics,
  doubleWords,
  dynamicSharedArrayOf,
  entryAlloca,
  exactPowerOfTwo,
  type FragmentType,
  floatCall,
  hypotCall,
  type IntrinsicContext,
  type IntrinsicGenerator,
  javaScriptPower,
  type Lowerings,
  type MathName,
  type MatrixHardware,
  mathLibrary,
  matrixLowerings,
  portableShuffle,
  portableWarp,
  printfArguments,
  type ShuffleKind,
  sharedArrayGlobal,
  type WordOf,
  warpOperations,
} from '@gpuc/core/compiler';
import { llvm, type Value } from '@gpuc/core/llvm';
import { asyncCopies } from './async-copy.js';
import { warpgroupMatrix } from './warpgroup.js';

const REGISTERS = { threadIdx: 'tid', blockIdx: 'ctaid', blockDim: 'ntid', gridDim: 'nctaid' } as const;
const AXES = ['x', 'y', 'z'] as const;
const WARP = 32;

const i32 = (cx: IntrinsicContext, value: number) =>
  llvm().ConstantInt.get(llvm().Type.getInt32Ty(cx.module.getContext()), value);

/** A PTX special register (`%tid.x`, `%laneid`...). */
function register(cx: IntrinsicContext, name: string): Value {
  return cx.call(`llvm.nvvm.read.ptx.sreg.${name}`, llvm().Type.getInt32Ty(cx.module.getContext()), []);
}

const geometry: Record<string, IntrinsicGenerator> = {};
for (const [field, reg] of Object.entries(REGISTERS)) {
  for (const axis of AXES) geometry[`gpu.${field}.${axis}`] = (cx) => register(cx, `${reg}.${axis}`);
}
for (const axis of AXES) {
  geometry[`gpu.globalIdx.${axis}`] = (cx) =>
    cx.builder.CreateAdd(
      cx.builder.CreateMul(register(cx, `ctaid.${axis}`), register(cx, `ntid.${axis}`)),
      register(cx, `tid.${axis}`),
    );
}

/** A shared array: an internal global in shared memory per call site, as `{ pointer, length }`. */
const sharedArray: IntrinsicGenerator = (cx) => sharedArrayGlobal(cx, { threadLocal: false, align: 16 });

/**
 * `gpu.dynamicSharedArray(Kind)`: the block's dynamic shared memory (an external shared array,
 * sized at launch) as `{ pointer, length }` of the kind, its length from `%dynamic_smem_size`.
 */
const dynamicSharedArray: IntrinsicGenerator = (cx) => {
  const i32Type = llvm().Type.getInt32Ty(cx.module.getContext());
  const sizeType = llvm().FunctionType.get(i32Type, [], false);
  const asm = llvm().InlineAsm.get(sizeType, 'mov.u32 $0, %dynamic_smem_size;', '=r', false);
  return dynamicSharedArrayOf(cx, cx.builder.CreateCall(sizeType, asm, []));
};

/**
 * An f64's words unpacked by `mov.b64 {lo, hi}`. LLVM makes `gpu.lowWord` stored to a 32-bit
 * element a 32-bit store of the f64's 64-bit register (`st.global.b32 [p], %rd` after
 * `selp.f64 %rd`), which the PTX ISA truncates but which NVIDIA's driver (580, H100) converted
 * as a number: `lowWord(199)` stored 199 and `lowWord(Infinity)` 0xffffffff, found by the
 * fuzzer. The unpack is one move, opaque to LLVM's combines.
 */
const unpackedWord: WordOf = (cx, double, high) => {
  const l = llvm();
  const context = cx.module.getContext();
  const i32Type = l.Type.getInt32Ty(context);
  const type = l.FunctionType.get(l.StructType.get(context, [i32Type, i32Type]), [double.getType()], false);
  const words = cx.builder.CreateCall(
    type,
    l.InlineAsm.get(type, 'mov.b64 {$0, $1}, $2;', '=r,=r,d', false),
    [double],
  );
  return cx.builder.CreateExtractValue(words, [high ? 1 : 0]);
};

/** `console.log` through the device's `vprintf(format, arguments)`: the values packed in a buffer. */
const print: IntrinsicGenerator = (cx, args) => {
  const l = llvm();
  const context = cx.module.getContext();
  const b = cx.builder;
  const i8ptr = l.Type.getInt8PtrTy(context);
  const { format, values } = printfArguments(cx, args);
  const text = b.CreateGlobalStringPtr(format, 'gpuc.format', 0, cx.module);
  let buffer: Value = l.Constant.getNullValue(i8ptr);
  if (values.length > 0) {
    // Every value is 8 bytes (a double or a 64-bit integer): the struct needs no padding.
    const struct = l.StructType.get(
      context,
      values.map((v) => v.getType()),
    );
    const slot = entryAlloca(b, struct);
    values.forEach((v, i) => {
      b.CreateStore(v, b.CreateInBoundsGEP(struct, slot, [i32(cx, 0), i32(cx, i)]));
    });
    buffer = b.CreatePointerCast(slot, i8ptr);
  }
  const vprintf = cx.module.getOrInsertFunction(
    'vprintf',
    l.FunctionType.get(l.Type.getInt32Ty(context), [i8ptr, i8ptr], false),
  );
  b.CreateCall(vprintf, [text, buffer]);
  return undefined;
};

/** A memory barrier: `membar.cta`, `.gl` or `.sys`. */
const fence =
  (level: 'cta' | 'gl' | 'sys'): IntrinsicGenerator =>
  (cx) => {
    cx.call(`llvm.nvvm.membar.${level}`, llvm().Type.getVoidTy(cx.module.getContext()), []);
    return undefined;
  };

/** The thread's lane, how many lanes its warp has (fewer than 32 at the end of a block), and their mask. */
function warp(cx: IntrinsicContext): { lane: Value; width: Value; mask: Value } {
  const [tx, ty, tz, nx, ny, nz] = ['tid.x', 'tid.y', 'tid.z', 'ntid.x', 'ntid.y', 'ntid.z'].map((r) =>
    register(cx, r),
  ) as [Value, Value, Value, Value, Value, Value];
  return portableWarp(cx.builder, [tx, ty, tz], [nx, ny, nz], register(cx, 'laneid'));
}

/**
 * `gpu.shuffle(v, lane)`, `shuffleUp(v, d)`, `shuffleDown(v, d)`, `shuffleXor(v, m)`: one
 * `shfl.sync.idx` per 32-bit word over the lanes of the warp that exist.
 */
const shuffle = (kind: ShuffleKind) =>
  portableShuffle(kind, warp, (cx, word, lane, { mask }) =>
    cx.call('llvm.nvvm.shfl.sync.idx.i32', word.getType(), [mask, word, lane, i32(cx, WARP - 1)]),
  );

/** `gpu.voteAny`, `voteAll` and `ballot` over the lanes that exist. */
function vote(kind: 'any' | 'all' | 'ballot'): IntrinsicGenerator {
  return (cx, [predicate]) => {
    const l = llvm();
    const context = cx.module.getContext();
    const { mask } = warp(cx);
    const p = predicate as Value;
    if (kind === 'ballot') {
      const bits = cx.call('llvm.nvvm.vote.ballot.sync', l.Type.getInt32Ty(context), [mask, p]);
      return cx.builder.CreateZExt(bits, l.Type.getInt64Ty(context));
    }
    return cx.call(`llvm.nvvm.vote.${kind}.sync`, l.Type.getInt1Ty(context), [mask, p]);
  };
}

/** The f32 functions libdevice has fast, approximate versions of (`__nv_fast_sinf`...). */
const FAST: ReadonlySet<string> = new Set<MathName>([
  'sin',
  'cos',
  'tan',
  'tanh',
  'exp',
  'log',
  'log2',
  'log10',
]);

/**
 * libdevice's version of a float function: `__nv_<name>` for f64, `__nv_<name>f` for f32, and
 * with the `fastMath` param `__nv_fast_<name>f` where there is one (hardware approximations,
 * as nvcc's `--use_fast_math` gives).
 */
function libdevice(name: string): IntrinsicGenerator {
  const precise = floatCall((f32) => `__nv_${name}${f32 ? 'f' : ''}`);
  const fast = floatCall((f32) => (f32 ? `__nv_fast_${name}f` : `__nv_${name}`));
  return (cx, args) => (cx.job.params.fastMath === true && FAST.has(name) ? fast : precise)(cx, args);
}

/**
 * `Math.pow` with JavaScript's exact integers: libdevice's pow is within 2 ulps even where the
 * result is an integer (`3 ** 1` gave 2.9999999999999996 on an H100, so `(3 ** k) | 0` was 2),
 * while JavaScript's is exact there. An integral base to a non-negative integral power whose
 * result is below 2^51 (2^22 for f32), where 2 ulps are less than a half, is rounded to the
 * nearest integer, which is then the exact power. Two to an integral power (`m * 2 ** e`, how
 * ldexp is written) is exact at every exponent, as on every target (core's `exactPowerOfTwo`):
 * libdevice's pow was below 2^54 for `2 ** 54` on an H100. A base of ±1 to a NaN or infinite
 * power is NaN, as in JavaScript (libdevice follows C: 1).
 */
function exactPow(cx: IntrinsicContext, args: readonly Value[]): Value {
  const l = llvm();
  const b = cx.builder;
  const t = cx.resultType;
  const f32 = (t as { name?: string }).name === 'f32';
  const type = cx.types.value(t);
  const unary = (name: string, v: Value) => cx.call(`llvm.${name}.${f32 ? 'f32' : 'f64'}`, type, [v]);
  const [x, y] = args.map((arg, i) => cx.convert(arg, cx.argTypes[i] as never, t)) as [Value, Value];
  const power = cx.call(f32 ? '__nv_powf' : '__nv_pow', type, [x, y]);
  const integral = (v: Value) => b.CreateFCmpOEQ(unary('trunc', v), v);
  const exact = b.CreateAnd(
    b.CreateAnd(integral(x), integral(y)),
    b.CreateAnd(
      b.CreateFCmpOGE(y, l.ConstantFP.get(type, 0)),
      b.CreateFCmpOLT(unary('fabs', power), l.ConstantFP.get(type, f32 ? 2 ** 22 : 2 ** 51)),
    ),
  );
  const rounded = b.CreateSelect(exact, unary('rint', power), power);
  return javaScriptPower(cx, x, y, exactPowerOfTwo(cx, x, y, rounded));
}

/**
 * `Math.pow` of `f32` under `fastMath`: libdevice's fast approximation, whose ulps fast math gives
 * up, still with JavaScript's special values (a base of ±1 to a NaN or infinite power is NaN),
 * which are no matter of accuracy.
 */
function fastPow(cx: IntrinsicContext, args: readonly Value[]): Value {
  const t = cx.resultType;
  const type = cx.types.value(t);
  const [x, y] = args.map((arg, i) => cx.convert(arg, cx.argTypes[i] as never, t)) as [Value, Value];
  return javaScriptPower(cx, x, y, cx.call('__nv_fast_powf', type, [x, y]));
}

/**
 * libdevice's hypot overflows to Infinity where the result is the largest finite value or within
 * an ulp of it (`Math.hypot(x, Number.MAX_VALUE)` with a small `x`; its square root of the scaled
 * sum rounds up past the range). Where it gives Infinity for finite arguments, the result is
 * computed again as `big * sqrt(1 + (small / big)^2)`, which stays finite when the result is.
 */
function finiteHypot(cx: IntrinsicContext, x: Value, y: Value, result: Value): Value {
  const l = llvm();
  const b = cx.builder;
  const type = result.getType();
  const suffix = type.isFloatTy() ? 'f32' : 'f64';
  const call = (name: string, args: Value[]) => cx.call(`llvm.${name}.${suffix}`, type, args);
  const [ax, ay] = [call('fabs', [x]), call('fabs', [y])];
  const big = call('maxnum', [ax, ay]);
  const q = b.CreateFDiv(call('minnum', [ax, ay]), big);
  const again = b.CreateFMul(big, call('sqrt', [call('fma', [q, q, l.ConstantFP.get(type, 1)])]));
  const infinity = l.ConstantFP.get(type, Number.POSITIVE_INFINITY);
  const overflowed = b.CreateAnd(b.CreateFCmpOEQ(result, infinity), b.CreateFCmpOLT(big, infinity));
  return b.CreateSelect(overflowed, again, result);
}

/**
 * The warp matrix product on tensor cores: two `mma.sync.aligned.m16n8k16.row.col` of f16 or
 * bf16, or four `m16n8k8` of TF32 (sm_80 on),
 * one per half of B's and the accumulator's columns, through NVVM's intrinsic so that LLVM
 * schedules around it. The fragments' registers are already in its layout (core's matrix.ts);
 * ldmatrix loads operands from shared memory straight into it.
 */
const tensorCores: MatrixHardware = {
  lane: (cx) => register(cx, 'laneid'),
  multiplyAdd(cx, a, bFragment, c) {
    const l = llvm();
    const b = cx.builder;
    const context = cx.module.getContext();
    const float = l.Type.getFloatTy(context);
    const quad = l.StructType.get(context, [float, float, float, float]);
    const element = (cx.argTypes[0] as FragmentType).element.name;
    // f16 pairs go in as <2 x half>, bf16 pairs and TF32s as the i32 that holds them.
    const pair = l.VectorType.get(l.Type.getHalfTy(context), 2);
    const word = (fragment: Value, k: number) => {
      const bits = b.CreateExtractValue(fragment, [k]);
      return element === 'f16' ? b.CreateBitCast(bits, pair) : bits;
    };
    /** One mma on accumulator half h: A's words `aWords`, B's `bWords`, C's four floats. */
    const mma = (name: string, aWords: number[], bWords: number[], accumulator: Value[]) => {
      const result = cx.call(name, quad, [
        ...aWords.map((k) => word(a, k)),
        ...bWords.map((k) => word(bFragment, k)),
        ...accumulator,
      ]);
      return [0, 1, 2, 3].map((k) => b.CreateExtractValue(result, [k]));
    };
    let d: Value = l.UndefValue.get(c.getType());
    for (const h of [0, 1]) {
      let accumulator = [0, 1, 2, 3].map((k) => b.CreateExtractValue(c, [4 * h + k]));
      if (element === 'f32') {
        // TF32: m16n8k8, the two halves of k in order.
        for (const kh of [0, 1])
          accumulator = mma(
            'llvm.nvvm.mma.m16n8k8.row.col.tf32',
            [0, 1, 2, 3].map((i) => 4 * kh + i),
            [4 * h + 2 * kh, 4 * h + 2 * kh + 1],
            accumulator,
          );
      } else {
        const name =
          element === 'f16'
            ? 'llvm.nvvm.mma.m16n8k16.row.col.f32.f32'
            : 'llvm.nvvm.mma.m16n8k16.row.col.bf16';
        accumulator = mma(name, [0, 1, 2, 3], [2 * h, 2 * h + 1], accumulator);
      }
      accumulator.forEach((value, k) => {
        d = b.CreateInsertValue(d, value, [4 * h + k]);
      });
    }
    return d;
  },
  // ldmatrix (sm_75 on): eight rows of 16 bytes per matrix, four matrices, one per word.
  loadShared(cx, row, transpose) {
    const i32Type = llvm().Type.getInt32Ty(cx.module.getContext());
    const quad = llvm().StructType.get(cx.module.getContext(), [i32Type, i32Type, i32Type, i32Type]);
    const name = `llvm.nvvm.ldmatrix.sync.aligned.m8n8.x4${transpose ? '.trans' : ''}.b16.p3`;
    return cx.call(name, quad, [row]);
  },
};

/** The CUDA back-end's intrinsic generators (core's generic ones fill the rest). */
export const cudaIntrinsics: Lowerings = {
  ...geometry,
  ...atomicIntrinsics,
  // Every function the catalogue gives to a math library, from libdevice.
  ...Object.fromEntries(mathLibrary().map(({ name }) => [`Math.${name}`, libdevice(name)])),
  'Math.pow': (cx, args) =>
    cx.job.params.fastMath === true && (cx.resultType as { name?: string }).name === 'f32'
      ? fastPow(cx, args)
      : exactPow(cx, args),
  'Math.hypot': hypotCall((f32) => (f32 ? '__nv_hypotf' : '__nv_hypot'), finiteHypot),
  'gpu.barrier': (cx) => {
    cx.call('llvm.nvvm.barrier0', llvm().Type.getVoidTy(cx.module.getContext()), []);
    return undefined;
  },
  'gpu.sharedArray': sharedArray,
  'gpu.dynamicSharedArray': dynamicSharedArray,
  'gpu.threadFenceBlock': fence('cta'),
  'gpu.threadFence': fence('gl'),
  'gpu.threadFenceSystem': fence('sys'),
  'gpu.clock': (cx) =>
    cx.call('llvm.nvvm.read.ptx.sreg.clock64', llvm().Type.getInt64Ty(cx.module.getContext()), []),
  ...doubleWords(unpackedWord),
  'gpu.warpSize': (cx) => i32(cx, WARP),
  'gpu.laneId': (cx) => register(cx, 'laneid'),
  ...warpOperations(shuffle, vote),
  ...matrixLowerings(tensorCores),
  ...warpgroupMatrix,
  ...asyncCopies,
  'console.log': print,
};
