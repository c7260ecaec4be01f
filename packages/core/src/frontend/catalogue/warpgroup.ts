/**
 * The warpgroup matrix operations (`gpu.matrixWarpgroup*`): the four warps of a warpgroup (128
 * threads) multiply a 64x16 tile of A by a 16xN tile of B, both 16-bit floats in shared memory
 * in the core-matrix layout below, into a 64xN f32 accumulator held across the warpgroup's
 * threads. A product is issued and runs asynchronously: `gpu.matrixWarpgroupCommit` closes a
 * group of products and `gpu.matrixWarpgroupWait` waits for all but the newest groups. The
 * reference runner's `gpu` object (`reference/warpgroup.ts`) defines what each does.
 */
import { type Instruction, literalValue } from '../ir.js';
import { any, arrayOf as arrayPattern, integer, number } from '../methods.js';
import {
  type ArrayType,
  type FragmentType,
  f32,
  isBig,
  isHalf,
  show,
  type Type,
  voidType,
  warpgroupAccumulator,
} from '../types.js';
import type { Entry } from './entry.js';

/** The rows of a warpgroup's accumulator and of its A tile: 16 per warp. */
export const WARPGROUP_ROWS = 64;
/** The threads of a warpgroup: four warps, consecutive in the block's linear order. */
export const WARPGROUP_THREADS = 128;
/** The depth of one product (k), in elements. */
export const WARPGROUP_DEPTH = 16;
/** The most columns of an accumulator (wgmma's largest N). */
export const WARPGROUP_MAX_COLUMNS = 256;

/**
 * The core-matrix layout of an operand tile in shared memory. The tile (A: 64 x 16, rows m and
 * columns k; B: 16 x N, rows k and columns n) is cut into 8x8 core matrices of 64 consecutive
 * elements each, row-major inside (8 rows of 16 bytes, as a 16-byte copy of a row-major matrix
 * writes them). The two core matrices of one 8-row strip of A (k 0-7, then 8-15), or of one
 * 8-column strip of B (rows k 0-7, then 8-15), follow one another, 128 elements a strip, and
 * the strips follow one another down A's rows or along B's columns: `aIndex` and `bIndex`.
 */
const CORE = 8;
/** Elements of a core matrix, and of a pair of them (one 8-row strip of A, 8-column strip of B). */
const CORE_ELEMENTS = CORE * CORE;
const STRIP_ELEMENTS = 2 * CORE_ELEMENTS;

/** Where element (row, k) of an A tile is, from its offset (`k` 0 to 15). */
export const aIndex = (row: number, k: number): number =>
  (row >> 3) * STRIP_ELEMENTS + (k >> 3) * CORE_ELEMENTS + (row & 7) * CORE + (k & 7);
/** Where element (k, column) of a B tile is, from its offset (`k` 0 to 15). */
export const bIndex = (k: number, column: number): number =>
  (column >> 3) * STRIP_ELEMENTS + (k >> 3) * CORE_ELEMENTS + (k & 7) * CORE + (column & 7);

/** What offsets of operand tiles and of stores (and stores' leading dimensions) are multiples of. */
export const WARPGROUP_ALIGNMENT = 8;

/** Whether a number is the columns of an accumulator: a multiple of 8 from 8 to 256. */
export const isWarpgroupColumns = (n: unknown): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= 8 && n <= WARPGROUP_MAX_COLUMNS && n % 8 === 0;

const isWarpgroup = (t: Type | undefined): t is FragmentType =>
  t?.kind === 'fragment' && t.use === 'warpgroup';

const ACCUMULATOR =
  'a warpgroup accumulator (of gpu.matrixWarpgroupFill, gpu.matrixWarpgroupMultiplyAdd or gpu.matrixWarpgroupWait)';

/** Why a tile argument is not a shared array of 16-bit floats, or undefined. */
function operandProblem(array: Type | undefined): string | undefined {
  if (array?.kind !== 'array' || array.rank !== 1 || array.space !== 'shared' || !isHalf(array.element))
    return `reads A and B from shared arrays of f16 or bf16 (gpu.sharedArray(Float16Bits, n), gpu.dynamicSharedArray(BFloat16Bits)), not ${array ? show(array) : 'nothing'}`;
  return undefined;
}

/** The warpgroup matrix entries of the `gpu` namespace. */
export const WARPGROUP = {
  'gpu.matrixWarpgroupFill': {
    signature: [number, integer],
    result: ([value], context) => {
      if (value === undefined || isBig(value)) return 'takes a number (not a BigInt)';
      // A literal, a constant bound to one, or a number of the scope.
      const argument = context.call.args[1] as Instruction;
      const columns = argument.op === 'global' ? context.scope[argument.name] : literalValue(argument);
      return isWarpgroupColumns(columns)
        ? warpgroupAccumulator(columns)
        : context.refuse(
            1,
            'the columns of a warpgroup accumulator must be a constant multiple of 8 from 8 to 256 (64, 128, 256...)',
          );
    },
  },
  'gpu.matrixWarpgroupMultiplyAdd': {
    signature: [arrayPattern(), integer, arrayPattern(), integer, any],
    result: ([a, , b, , c], context) => {
      const wrong = operandProblem(a) ?? operandProblem(b);
      if (wrong) return wrong;
      if ((a as ArrayType).element !== (b as ArrayType).element)
        return `the operands must have one element type, not ${show(a as Type)} and ${show(b as Type)}`;
      return isWarpgroup(c) ? c : context.refuse(4, `takes ${ACCUMULATOR} as its fifth argument`);
    },
  },
  'gpu.matrixWarpgroupStore': {
    signature: [arrayPattern(), integer, integer, any],
    result: ([array, , , c]) => {
      if (!isWarpgroup(c)) return `stores ${ACCUMULATOR}`;
      if (array?.kind !== 'array' || array.rank !== 1 || array.element !== f32)
        return `stores into a one-dimensional f32 array, not ${array ? show(array) : 'nothing'}`;
      if (array.space === 'constant')
        return 'cannot change an array captured from the scope (a constant): pass it as an argument';
      return voidType;
    },
  },
  'gpu.matrixWarpgroupCommit': { signature: [], result: voidType },
  'gpu.matrixWarpgroupWait': {
    signature: [integer, any],
    result: ([, c], context) => (isWarpgroup(c) ? c : context.refuse(1, `takes ${ACCUMULATOR}`)),
  },
} satisfies Record<string, Entry>;
