/**
 * Launch extents, as every runner takes them: `256`, `[16, 16]` or `[8, 8, 4]`.
 */

/** A grid or block extent: x, or x, y and z, where a missing axis is 1. */
export type Dim = number | readonly [number, number?, number?];

/** The three extents of a `Dim`, each checked to be a positive 32-bit integer. */
export function dim3(d: Dim): [number, number, number] {
  const [x, y = 1, z = 1] = typeof d === 'number' ? [d] : d;
  for (const n of [x, y, z]) {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1)
      throw new RangeError(`gpuc: launch sizes must be positive 32-bit integers, got ${String(d)}`);
  }
  return [x, y, z];
}
