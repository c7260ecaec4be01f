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
import type { Entry, Rule } from './entry.js';
import { withIndices } from './indices.js';

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

/**
 * The swizzled layouts (`gpu.matrixWarpgroupMultiplyAddSwizzled`), named by their row width in
 * bytes, W = 32, 64 or 128 (E = W / 2 elements). A tile lies in atoms of 8 rows of W bytes each,
 * and inside every 8W bytes of its array the 16-byte chunks of each row are permuted: element x
 * of the array (counted from its start) holds what the plain layout puts at `swizzled(W, x)`,
 * its chunk index (bits 3 and up of x) XORed with its row index in the atom (bits 6 and up),
 * in as many bits as a row has chunks (W / 16). So 8 threads that copy one row's chunks each
 * touch all of shared memory's banks, and wgmma reads its tiles without conflicts.
 *
 * A (64 x 16, K-major) from `aOffset`: row r at `(r >> 3) * 4W + (r & 7) * E`, its 16 k
 * consecutive: a slice of an A tile that is E wide in k (a 128-byte-swizzled 64 x 64 tile holds
 * four products' A, at offsets 0, 16, 32 and 48 of its first row). B (16 x N, N-major, N a
 * multiple of E) from `bOffset`: column n of row k at `(n / E) * 16E + (k >> 3) * 4W + (k & 7)
 * * E + n % E`, the tile dense: 16 rows of each E-wide strip of columns, the strips one after
 * another. `aOffset` modulo 4W (the elements of an atom) must be a multiple of 16 below E and
 * `bOffset` a multiple of 4W; the swizzle is of the addresses, so on a GPU the array starts at
 * a multiple of 8W bytes (CUDA aligns shared arrays that swizzled products read so).
 */
export const WARPGROUP_SWIZZLES = [32, 64, 128] as const;

/** Where the plain layout's element `x` of an array is in a `bytes`-swizzled one (both from its start). */
export const swizzled = (bytes: number, x: number): number => x ^ (((x >> 6) & ((bytes >> 4) - 1)) << 3);
/** Where element (row, k) of a `bytes`-swizzled A tile is before swizzling, from its offset. */
export const swizzledAIndex = (bytes: number, row: number, k: number): number =>
  (row >> 3) * 4 * bytes + (row & 7) * (bytes >> 1) + k;
/** Where element (k, column) of a `bytes`-swizzled B tile is before swizzling, from its offset. */
export const swizzledBIndex = (bytes: number, k: number, column: number): number => {
  const width = bytes >> 1;
  return Math.floor(column / width) * 16 * width + (k >> 3) * 4 * bytes + (k & 7) * width + (column % width);
};
/** Why the offsets of a `bytes`-swizzled product break the layout's rules, or undefined. */
export function swizzleProblem(bytes: number, aOffset: number, bOffset: number): string | undefined {
  const atom = 4 * bytes;
  const a = ((aOffset % atom) + atom) % atom;
  if (a % WARPGROUP_DEPTH !== 0 || a >= bytes >> 1)
    return `a ${bytes}-byte swizzled A tile starts in the first row of an atom (its offset modulo ${atom} a multiple of 16 below ${bytes >> 1}), not at ${aOffset}`;
  if (bOffset % atom !== 0)
    return `a ${bytes}-byte swizzled B tile starts at an atom (an offset that is a multiple of ${atom}), not at ${bOffset}`;
  return undefined;
}
/** The elements an A tile of a `bytes`-swizzled product reads from its offset (it starts in an atom's first row). */
export const swizzledAExtent = (bytes: number, aOffset: number): number =>
  WARPGROUP_ROWS * (bytes >> 1) - (aOffset % (4 * bytes));

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

/** The type of a product's accumulator, or why its operands are wrong. */
const product: Rule = ([a, , b, , c], context) => {
  const wrong = operandProblem(a) ?? operandProblem(b);
  if (wrong) return wrong;
  if ((a as ArrayType).element !== (b as ArrayType).element)
    return `the operands must have one element type, not ${show(a as Type)} and ${show(b as Type)}`;
  return isWarpgroup(c) ? c : context.refuse(4, `takes ${ACCUMULATOR} as its fifth argument`);
};

/** The index arguments of a product (counted from the first): its tiles' offsets. */
const PRODUCT_INDICES = { 1: 'the offset of the A tile', 3: 'the offset of the B tile' };

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
    signature: [arrayPattern(), number, arrayPattern(), number, any],
    result: withIndices(PRODUCT_INDICES, product),
  },
  'gpu.matrixWarpgroupMultiplyAddSwizzled': {
    signature: [arrayPattern(), number, arrayPattern(), number, any, integer],
    result: withIndices(PRODUCT_INDICES, (args, context) => {
      const first = context.call.op === 'callvalue' ? 1 : 0;
      const argument = context.call.args[first + 5] as Instruction | undefined;
      const bytes = argument && literalValue(argument);
      if (!(WARPGROUP_SWIZZLES as readonly unknown[]).includes(bytes))
        return context.refuse(5, 'the swizzle of a warpgroup product is a constant 32, 64 or 128 (bytes)');
      const c = product(args, context);
      if (typeof c !== 'string' && ((c as FragmentType).columns as number) % ((bytes as number) >> 1) !== 0)
        return `a ${bytes as number}-byte swizzled product has a multiple of ${(bytes as number) >> 1} columns, not ${(c as FragmentType).columns}`;
      return c;
    }),
  },
  'gpu.matrixWarpgroupStore': {
    signature: [arrayPattern(), number, number, any],
    result: withIndices(
      { 1: 'the offset of a store', 2: 'the leading dimension of a store' },
      ([array, , , c]) => {
        if (!isWarpgroup(c)) return `stores ${ACCUMULATOR}`;
        if (array?.kind !== 'array' || array.rank !== 1 || array.element !== f32)
          return `stores into a one-dimensional f32 array, not ${array ? show(array) : 'nothing'}`;
        if (array.space === 'constant')
          return 'cannot change an array captured from the scope (a constant): pass it as an argument';
        return voidType;
      },
    ),
  },
  'gpu.matrixWarpgroupCommit': { signature: [], result: voidType },
  'gpu.matrixWarpgroupWait': {
    signature: [number, any],
    result: ([, c], context) => (isWarpgroup(c) ? c : context.refuse(1, `takes ${ACCUMULATOR}`)),
  },
} satisfies Record<string, Entry>;
