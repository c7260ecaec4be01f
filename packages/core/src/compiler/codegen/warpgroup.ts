/**
 * The warpgroup matrix operations (`gpu.matrixWarpgroup*`) on LLVM targets. An accumulator of
 * 64 x N f32s is held across the warpgroup's 128 threads in the layout of PTX's
 * `wgmma.mma_async.m64nNk16` accumulator: thread T of the warpgroup, in warp w = T / 32 with
 * g = (T % 32) / 4 and t = T % 4, holds N / 2 floats, element e at row 16w + g + 8 ((e / 2) % 2)
 * and column 8 (e / 4) + 2t + e % 2. Filling and storing are the same code on every target; a
 * target supplies the product (CUDA's wgmma, the native target's exact emulation below) and the
 * grouping and waiting.
 */
import {
  aIndex,
  bIndex,
  swizzledAIndex,
  swizzledBIndex,
  WARPGROUP_DEPTH,
} from '../../frontend/catalogue/warpgroup.js';
import { type Instruction, literalValue } from '../../frontend/ir.js';
import type { ArrayType, FragmentType, Type } from '../../frontend/types.js';
import { f32, i32 as i32Type } from '../../frontend/types.js';
import { llvm } from '../../llvm/load.js';
import type { Value } from '../../llvm/types.js';
import { fromHalf } from './half.js';
import type { IntrinsicContext, IntrinsicGenerator, Lowerings } from './intrinsics.js';

/** What a target adds to the shared warpgroup code. */
export interface WarpgroupHardware {
  /** The caller's linear index in its block (x fastest). */
  thread(cx: IntrinsicContext): Value;
  /**
   * Issues `c + A B` (`args`: A's array and offset, B's, then c's registers; the tiles swizzled
   * as `warpgroupSwizzle` says) and gives its registers.
   */
  multiplyAdd(cx: IntrinsicContext, args: readonly Value[]): Value;
  /** Closes the group of products issued since the last commit. */
  commit(cx: IntrinsicContext): void;
  /** Waits for all but the newest `pending` groups; gives `c`'s registers, read after the wait. */
  wait(cx: IntrinsicContext, pending: Value, c: Value): Value;
}

/** The swizzle of a product's tiles in bytes (`gpu.matrixWarpgroupMultiplyAddSwizzled`'s constant), or 0. */
export function warpgroupSwizzle(cx: IntrinsicContext): number {
  if (cx.argTypes.length < 6) return 0;
  const first = cx.inst.op === 'callvalue' ? 1 : 0;
  return Number(literalValue(cx.inst.args[first + 5] as Instruction));
}

/** The f32s a thread holds of a warpgroup accumulator: N / 2. */
export const warpgroupElements = (type: FragmentType): number => (type.columns ?? 0) / 2;

/** The row and column of element `e` of the caller's share, from its linear thread index. */
export function accumulatorPlace(cx: IntrinsicContext, thread: Value) {
  const b = cx.builder;
  const i32 = llvm().Type.getInt32Ty(cx.module.getContext());
  const c = (n: number) => llvm().ConstantInt.get(i32, n);
  const lane = b.CreateAnd(thread, c(31));
  // Rows 16w + g of warp w of the warpgroup; columns 2t.
  const row = b.CreateAdd(
    b.CreateShl(b.CreateAnd(b.CreateLShr(thread, c(5)), c(3)), c(4)),
    b.CreateLShr(lane, c(2)),
  );
  const column = b.CreateShl(b.CreateAnd(lane, c(3)), c(1));
  return {
    row,
    column,
    rowOf: (e: number) => b.CreateAdd(row, c(8 * ((e >> 1) & 1))),
    columnOf: (e: number) => b.CreateAdd(column, c(8 * (e >> 2) + (e & 1))),
    c,
    i32,
  };
}

/** `gpu.matrixWarpgroupFill(x, n)`: every element x, rounded to f32. */
const fill: IntrinsicGenerator = (cx, [value]) => {
  const element = cx.convert(value as Value, cx.argTypes[0] as Type, f32);
  let fragment: Value = llvm().UndefValue.get(cx.types.value(cx.resultType));
  for (let e = 0; e < warpgroupElements(cx.resultType as FragmentType); e++)
    fragment = cx.builder.CreateInsertValue(fragment, element, [e]);
  return fragment;
};

/**
 * `gpu.matrixWarpgroupStore(array, offset, ld, c)`: each pair of neighbours stored side by side,
 * the first 8-byte aligned, which LLVM's load-store vectoriser makes one 64-bit store.
 */
function store(hardware: WarpgroupHardware): IntrinsicGenerator {
  return (cx, args) => {
    const l = llvm();
    const b = cx.builder;
    const [array, offset, ld, fragment] = args as [Value, Value, Value, Value];
    const context = cx.module.getContext();
    const [i64, float] = [l.Type.getInt64Ty(context), l.Type.getFloatTy(context)];
    const { rowOf, columnOf } = accumulatorPlace(cx, hardware.thread(cx));
    const start = cx.convert(offset, cx.argTypes[1] as Type, i32Type);
    const stride = cx.convert(ld, cx.argTypes[2] as Type, i32Type);
    const data = b.CreateExtractValue(array, [0]);
    for (let e = 0; e < warpgroupElements(cx.argTypes[3] as FragmentType); e += 2) {
      const index = b.CreateAdd(start, b.CreateAdd(b.CreateMul(rowOf(e), stride), columnOf(e)));
      const at = b.CreateInBoundsGEP(float, data, [b.CreateSExt(index, i64)]);
      b.CreateStore(b.CreateExtractValue(fragment, [e]), at).setAlignment(8);
      const next = b.CreateInBoundsGEP(float, at, [l.ConstantInt.get(i64, 1)]);
      b.CreateStore(b.CreateExtractValue(fragment, [e + 1]), next).setAlignment(4);
    }
    return undefined;
  };
}

/** The warpgroup lowerings of a target, over its product and its grouping. */
export function warpgroupLowerings(hardware: WarpgroupHardware): Lowerings {
  return {
    'gpu.matrixWarpgroupFill': fill,
    'gpu.matrixWarpgroupMultiplyAdd': (cx, args) => hardware.multiplyAdd(cx, args),
    'gpu.matrixWarpgroupMultiplyAddSwizzled': (cx, args) => hardware.multiplyAdd(cx, args),
    'gpu.matrixWarpgroupStore': store(hardware),
    'gpu.matrixWarpgroupCommit': (cx) => {
      hardware.commit(cx);
      return undefined;
    },
    'gpu.matrixWarpgroupWait': (cx, [pending, c]) => hardware.wait(cx, pending as Value, c as Value),
  };
}

/**
 * The product emulated exactly, for a target without warpgroup tensor cores (the native one):
 * A and B are in shared memory, which every thread of the block reads, so each thread computes
 * its own elements of `c + A B` when it calls, in f32 in the order of k (each product of two
 * 16-bit floats exact, each addition rounded), as the reference runner does. Products finish as
 * they are issued, so grouping and waiting do nothing.
 */
export function emulatedWarpgroup(thread: (cx: IntrinsicContext) => Value): WarpgroupHardware {
  return {
    thread,
    multiplyAdd(cx, [a, aOffset, bArray, bOffset, c]) {
      const l = llvm();
      const b = cx.builder;
      const context = cx.module.getContext();
      const element = (cx.argTypes[0] as ArrayType).element;
      const memory = cx.types.memory(element);
      const i64 = l.Type.getInt64Ty(context);
      const { row, column, c: constant } = accumulatorPlace(cx, thread(cx));
      const bytes = warpgroupSwizzle(cx);
      /** Element `start + index` of a shared array of 16-bit floats (at its swizzled place), as an f32. */
      const read = (array: Value, start: Value, index: Value) => {
        let x = b.CreateAdd(start, index);
        // x ^ (((x >> 6) & (chunks - 1)) << 3): the catalogue's `swizzled`.
        if (bytes)
          x = b.CreateXor(
            x,
            b.CreateShl(b.CreateAnd(b.CreateLShr(x, constant(6)), constant((bytes >> 4) - 1)), constant(3)),
          );
        const at = b.CreateInBoundsGEP(memory, b.CreateExtractValue(array, [0]), [b.CreateSExt(x, i64)]);
        return fromHalf(b, context, b.CreateLoad(memory, at), element);
      };
      const aStart = cx.convert(aOffset as Value, cx.argTypes[1] as Type, i32Type);
      const bStart = cx.convert(bOffset as Value, cx.argTypes[3] as Type, i32Type);
      const [aAt, bAt] = bytes
        ? [
            (r: number, k: number) => swizzledAIndex(bytes, r, k),
            (k: number, n: number) => swizzledBIndex(bytes, k, n),
          ]
        : [aIndex, bIndex];
      // The caller's rows of A (row and row + 8; each layout is linear in the row inside an
      // 8-row strip) and its columns of B (column and column + 1 of each 8-column strip, which
      // lies inside one strip of the swizzled layouts too), element k of each.
      const rows = [0, 8].map((dr) => {
        const r = b.CreateAdd(row, constant(dr));
        const base = b.CreateAdd(
          b.CreateMul(b.CreateLShr(r, constant(3)), constant(aAt(8, 0))),
          b.CreateMul(b.CreateAnd(r, constant(7)), constant(aAt(1, 0))),
        );
        return Array.from({ length: WARPGROUP_DEPTH }, (_, k) =>
          read(a as Value, aStart, b.CreateAdd(base, constant(aAt(0, k)))),
        );
      });
      const elements = warpgroupElements(cx.argTypes[4] as FragmentType);
      let d: Value = l.UndefValue.get(cx.types.value(cx.argTypes[4] as Type));
      for (let e = 0; e < elements; e += 2) {
        const columns = [0, 1].map((dc) => {
          // Columns 8 (e / 4) + 2t + dc: 2t + dc < 8, so the layout is linear in it.
          const base = b.CreateAdd(column, constant(bAt(0, 8 * (e >> 2)) + dc));
          return Array.from({ length: WARPGROUP_DEPTH }, (_, k) =>
            read(bArray as Value, bStart, b.CreateAdd(base, constant(bAt(k, 0)))),
          );
        });
        for (const dc of [0, 1]) {
          const aRow = rows[(e >> 1) & 1] as Value[];
          const bColumn = columns[dc] as Value[];
          let sum = b.CreateExtractValue(c as Value, [e + dc]);
          for (let k = 0; k < WARPGROUP_DEPTH; k++)
            sum = b.CreateFAdd(sum, b.CreateFMul(aRow[k] as Value, bColumn[k] as Value));
          d = b.CreateInsertValue(d, sum, [e + dc]);
        }
      }
      return d;
    },
    commit: () => undefined,
    wait: (_cx, _pending, c) => c,
  };
}
