/**
 * The warp matrix product on the host CPU, emulated exactly: each lane publishes its share of
 * A and B (four 64-bit words, through the warp exchange of the shuffles: one suspend point), reads the rows of A
 * and columns of B its elements of D need, and accumulates in f32 in the order of k, each
 * product exact and each addition rounded, as the reference runner does
 * (`reference/matrix.ts`). The fragment layout is codegen/matrix.ts's.
 */
import { fromHalf } from '../compiler/codegen/half.js';
import type { IntrinsicContext } from '../compiler/codegen/intrinsics.js';
import { ACCUMULATOR_ELEMENTS, laneGroup, type MatrixHardware } from '../compiler/codegen/matrix.js';
import type { FragmentType } from '../frontend/types.js';
import { llvm } from '../llvm/load.js';
import type { Value } from '../llvm/types.js';

/**
 * Publishes this lane's 64-bit words and gives a reader of word `word` of any lane: the native
 * warp exchange, one suspend point.
 */
export type Exchange = (
  cx: IntrinsicContext,
  words: readonly Value[],
) => { read: (lane: Value, word: number) => Value };

/** The native target's matrix hardware, over its lane and its warp exchange. */
export function nativeMatrix(lane: (cx: IntrinsicContext) => Value, exchange: Exchange): MatrixHardware {
  return {
    lane,
    multiplyAdd(cx, a, bFragment, c) {
      const l = llvm();
      const b = cx.builder;
      const context = cx.module.getContext();
      const [i16, i32, i64] = [
        l.Type.getInt16Ty(context),
        l.Type.getInt32Ty(context),
        l.Type.getInt64Ty(context),
      ];
      const c32 = (n: number) => l.ConstantInt.get(i32, n);
      const { g, t } = laneGroup(cx, lane(cx));
      /** Words `first` and `first + 1` of a fragment as one 64-bit value (`first` low). */
      const pairOf = (fragment: Value, first: number) =>
        b.CreateOr(
          b.CreateZExt(b.CreateExtractValue(fragment, [first]), i64),
          b.CreateShl(
            b.CreateZExt(b.CreateExtractValue(fragment, [first + 1]), i64),
            l.ConstantInt.get(i64, 32),
          ),
        );
      const type = (cx.argTypes[0] as FragmentType).element;
      /** The 16-bit float (f16 or bf16) at bit `shift` of a 64-bit value, as the f32 holding it. */
      const element = (bits: Value, shift: number) => {
        const word = b.CreateTrunc(b.CreateLShr(bits, l.ConstantInt.get(i64, shift)), i16);
        return fromHalf(
          b,
          context,
          type.name === 'f16' ? b.CreateBitCast(word, l.Type.getHalfTy(context)) : word,
          type,
        );
      };
      // One exchange of four words: A's words (0, 1) and (2, 3), then B's.
      const { read } = exchange(cx, [pairOf(a, 0), pairOf(a, 2), pairOf(bFragment, 0), pairOf(bFragment, 2)]);
      /** Word `word` of lanes 4 * group + j, j = 0..3. */
      const readGroup = (group: Value, word: number) =>
        [0, 1, 2, 3].map((j) => read(b.CreateAdd(b.CreateShl(group, c32(2)), c32(j)), word));
      // Of A, this lane's group's; of B, the groups of columns 2t and 2t + 1.
      const columns = [b.CreateShl(t, c32(1)), b.CreateAdd(b.CreateShl(t, c32(1)), c32(1))];
      const aWords = [0, 1].map((word) => readGroup(g, word));
      const bWords = [2, 3].map((word) => columns.map((column) => readGroup(column, word)));
      // A[row g + 8r][k]: word (k < 8 ? 0 : 2) + r of lane 4g + (k % 8) / 2, half k % 2.
      const aAt = (r: number, k: number) =>
        element((aWords[k >> 3] as Value[])[(k & 7) >> 1] as Value, 32 * r + 16 * (k & 1));
      // B[k][8h + 2t + m]: word 2h + (k < 8 ? 0 : 1) of lane 4(2t + m) + (k % 8) / 2, half k % 2.
      const bAt = (h: number, m: number, k: number) =>
        element(
          ((bWords[h] as Value[][])[m] as Value[])[(k & 7) >> 1] as Value,
          32 * (k >> 3) + 16 * (k & 1),
        );
      let d: Value = l.UndefValue.get(c.getType());
      for (let e = 0; e < ACCUMULATOR_ELEMENTS; e++) {
        const [h, r, m] = [e >> 2, (e >> 1) & 1, e & 1];
        let sum = b.CreateExtractValue(c, [e]);
        for (let k = 0; k < 16; k++) sum = b.CreateFAdd(sum, b.CreateFMul(aAt(r, k), bAt(h, m, k)));
        d = b.CreateInsertValue(d, sum, [e]);
      }
      return d;
    },
  };
}
