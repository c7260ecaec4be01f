/**
 * The warp matrix product on the host CPU, emulated exactly: each lane publishes its share of
 * A and B (in 64-bit words, through the warp exchange of the shuffles: one suspend point), reads the rows of A
 * and columns of B its elements of D need, and accumulates in f32 in the order of k, each
 * product exact and each addition rounded, as the reference runner does
 * (`reference/matrix.ts`). The fragment layout is codegen/matrix.ts's.
 */
import { fromHalf } from '../compiler/codegen/half.js';
import type { IntrinsicContext } from '../compiler/codegen/intrinsics.js';
import {
  ACCUMULATOR_ELEMENTS,
  laneGroup,
  type MatrixHardware,
  operandWords,
} from '../compiler/codegen/matrix.js';
import type { FragmentType } from '../frontend/types.js';
import { basicTypes } from '../llvm/basic-types.js';
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
      const { i16, i32, i64 } = basicTypes(context);
      const c32 = (n: number) => l.ConstantInt.get(i32, n);
      const { g, t } = laneGroup(cx, lane(cx));
      const type = (cx.argTypes[0] as FragmentType).element;
      const words = operandWords(type);
      /** Words `first` and `first + 1` of a fragment as one 64-bit value (`first` low). */
      const pairOf = (fragment: Value, first: number) =>
        b.CreateOr(
          b.CreateZExt(b.CreateExtractValue(fragment, [first]), i64),
          b.CreateShl(
            b.CreateZExt(b.CreateExtractValue(fragment, [first + 1]), i64),
            l.ConstantInt.get(i64, 32),
          ),
        );
      // One exchange: A's words in pairs, then B's.
      const pairs = Array.from({ length: words / 2 }, (_, p) => 2 * p);
      const { read } = exchange(cx, [
        ...pairs.map((p) => pairOf(a, p)),
        ...pairs.map((p) => pairOf(bFragment, p)),
      ]);
      const reads = new Map<string, Value>();
      /** Word `word` of operand `which` (0 for A, 1 for B) of lane 4 * group + j (read once). */
      const wordOf = (which: number, group: Value, groupName: string, j: number, word: number) => {
        const key = `${which} ${groupName} ${j} ${word >> 1}`;
        let pair = reads.get(key);
        if (!pair) {
          pair = read(b.CreateAdd(b.CreateShl(group, c32(2)), c32(j)), which * (words / 2) + (word >> 1));
          reads.set(key, pair);
        }
        return b.CreateLShr(pair, l.ConstantInt.get(i64, 32 * (word & 1)));
      };
      /** The element at bit `shift` of a word (in the low bits of a 64-bit value), as an f32. */
      const element = (bits: Value, shift: number) => {
        if (type.name === 'f32') return b.CreateBitCast(b.CreateTrunc(bits, i32), l.Type.getFloatTy(context));
        const half = b.CreateTrunc(b.CreateLShr(bits, l.ConstantInt.get(i64, shift)), i16);
        return fromHalf(
          b,
          context,
          type.name === 'f16' ? b.CreateBitCast(half, l.Type.getHalfTy(context)) : half,
          type,
        );
      };
      // Where A[g + 8r][k] and B[k][8h + n] are (codegen/matrix.ts's layouts): the lane of the
      // group (of the row, of the column n) and the word; 16-bit floats pair along k.
      const tf32 = type.name === 'f32';
      const aAt = (r: number, k: number) =>
        tf32
          ? element(wordOf(0, g, 'g', k & 3, 4 * (k >> 3) + r + 2 * ((k >> 2) & 1)), 0)
          : element(wordOf(0, g, 'g', (k & 7) >> 1, 2 * (k >> 3) + r), 16 * (k & 1));
      const columns = [b.CreateShl(t, c32(1)), b.CreateAdd(b.CreateShl(t, c32(1)), c32(1))];
      const bAt = (h: number, m: number, k: number) => {
        const column = columns[m] as Value;
        return tf32
          ? element(wordOf(1, column, `n${m}`, k & 3, 4 * h + 2 * (k >> 3) + ((k >> 2) & 1)), 0)
          : element(wordOf(1, column, `n${m}`, (k & 7) >> 1, 2 * h + (k >> 3)), 16 * (k & 1));
      };
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
