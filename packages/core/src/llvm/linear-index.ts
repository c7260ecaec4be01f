/**
 * The linear number of a place in a 3-D box, x fastest: `x + nx * (y + ny * z)`. It is the
 * reference runner's thread order, so every target numbers threads in a block, blocks in a grid
 * and work-items the same way through this one formula.
 */
import type { IRBuilder, Value } from './types.js';

/**
 * `x + nx * (y + ny * z)` of integers of one type: a place (`ids`) in a box of `extents` (the
 * box's depth, `extents[2]`, does not enter the formula and may be left out).
 */
export function linearIndex(
  b: IRBuilder,
  [x, y, z]: readonly [Value, Value, Value],
  [nx, ny]: readonly [Value, Value, Value?],
): Value {
  return b.CreateAdd(x, b.CreateMul(nx, b.CreateAdd(y, b.CreateMul(ny, z))));
}
