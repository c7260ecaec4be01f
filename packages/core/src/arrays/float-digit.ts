/**
 * The radix sort's digit of a float key, a device function of the sort's kernels: the f64's
 * bits (an f32 widens exactly) turned into an unsigned key that orders as the numbers do (a
 * negative's bits all flipped, a positive's sign bit set), NaN the greatest key, so that it
 * sorts last, as `TypedArray.prototype.sort` puts it.
 */
import { f64, gpu } from '../reference/gpu.js';

/** The 8 bits at `shift` (0 to 56) of `x`'s ordered key. */
export function gpucFloatDigit(x: number, shift: number): number {
  const v = f64(x);
  let high = gpu.highWord(v);
  let low = gpu.lowWord(v);
  if (Number.isNaN(v)) {
    high = -1;
    low = 4294967295;
  } else if (high < 0) {
    high = ~high;
    low = ~low >>> 0;
  } else {
    high = high ^ -2147483648;
  }
  return shift >= 32 ? (high >>> (shift - 32)) & 255 : (low >>> shift) & 255;
}
