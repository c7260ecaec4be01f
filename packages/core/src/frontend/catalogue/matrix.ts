/**
 * The warp matrix operations (`gpu.matrix*`): a warp multiplies 16x16 tiles of 16-bit floats
 * (f16 or bf16) into an f32 accumulator on tensor cores (or their emulation). A tile lives in a fragment, an
 * opaque value spread over the warp's lanes; these entries are all a kernel can do with one.
 * The reference runner's `gpu` object (`reference/matrix.ts`) defines what each does.
 */
import { any, arrayOf as arrayPattern, number } from '../methods.js';
import { type FragmentUse, f32, fragmentOf, isBig, isHalf, show, type Type, voidType } from '../types.js';
import type { Entry, Rule } from './entry.js';
import { withIndices } from './indices.js';

/** The side of a tile: fragments hold 16x16 elements, a product is 16x16x16. */
export const TILE = 16;

/** The index arguments of a load or store (counted from the first). */
const TILE_INDICES = { 1: 'the offset of a tile', 2: 'the leading dimension of a tile' };

/** The array of a load or store, or why it is not one (its offset and leading dimension are indices). */
function tileIn([array]: readonly Type[], writes: boolean): string | undefined {
  if (array?.kind !== 'array' || array.rank !== 1)
    return 'the first argument must be a one-dimensional typed array';
  if (writes && array.space === 'constant')
    return 'cannot change an array captured from the scope (a constant): pass it as an argument';
  return undefined;
}

/**
 * `gpu.matrixLoadA/B(array, offset, ld)`: an operand from a row-major tile of f16 or bf16, or of
 * f32 (multiplied in TF32: each rounded to 10 bits of mantissa).
 */
const operand =
  (use: FragmentUse): Rule =>
  (args) => {
    const wrong = tileIn(args, false);
    if (wrong) return wrong;
    const element = (args[0] as Extract<Type, { kind: 'array' }>).element;
    return isHalf(element) || element === f32
      ? fragmentOf(use, element)
      : `takes an f16, bf16 or f32 array (Float16Array, Float16Bits, BFloat16Bits, Float32Array), not ${show(args[0] as Type)}`;
  };

const accumulator = fragmentOf('accumulator', f32);

/** Why the array, offset and leading dimension are not an f32 tile, or undefined. */
function f32Tile(args: readonly Type[], writes: boolean): string | undefined {
  const wrong = tileIn(args, writes);
  if (wrong) return wrong;
  const element = (args[0] as Extract<Type, { kind: 'array' }>).element;
  return element === f32 ? undefined : `takes an f32 array, not ${show(args[0] as Type)}`;
}

const isFragment = (t: Type | undefined, use: FragmentUse): boolean =>
  t?.kind === 'fragment' && t.use === use;

/** The matrix entries of the `gpu` namespace. */
export const MATRIX = {
  // Offsets and leading dimensions are any number, so that a fraction is refused as an index is.
  'gpu.matrixLoadA': {
    signature: [arrayPattern(), number, number],
    result: withIndices(TILE_INDICES, operand('a')),
  },
  'gpu.matrixLoadB': {
    signature: [arrayPattern(), number, number],
    result: withIndices(TILE_INDICES, operand('b')),
  },
  'gpu.matrixLoadAccumulator': {
    signature: [arrayPattern(), number, number],
    result: withIndices(TILE_INDICES, (args) => f32Tile(args, false) ?? accumulator),
  },
  'gpu.matrixFill': {
    signature: [number],
    result: ([value]) =>
      value !== undefined && !isBig(value) ? accumulator : 'takes a number (not a BigInt)',
  },
  'gpu.matrixMultiplyAdd': {
    signature: [any, any, any],
    result: ([a, b, c]) => {
      if (!isFragment(a, 'a') || !isFragment(b, 'b') || !isFragment(c, 'accumulator'))
        return 'takes an A operand, a B operand and an accumulator (of gpu.matrixLoadA, gpu.matrixLoadB, and gpu.matrixFill or gpu.matrixMultiplyAdd)';
      return (a as Extract<Type, { kind: 'fragment' }>).element ===
        (b as Extract<Type, { kind: 'fragment' }>).element
        ? accumulator
        : 'the operands must have one element type';
    },
  },
  'gpu.matrixStore': {
    signature: [arrayPattern(), number, number, any],
    result: withIndices(TILE_INDICES, (args) =>
      isFragment(args[3], 'accumulator')
        ? (f32Tile(args, true) ?? voidType)
        : 'stores an accumulator (of gpu.matrixMultiplyAdd, gpu.matrixFill or gpu.matrixLoadAccumulator)',
    ),
  },
} satisfies Record<string, Entry>;
