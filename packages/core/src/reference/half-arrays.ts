/**
 * 16-bit float arrays as the reference runner's kernels see them: numbers, as compiled code
 * reads them (exactly), with each store rounding to the element type, as a `Float16Array` does.
 */
import { bf16Bits, bf16FromBits, f16Bits, f16FromBits } from '../frontend/half.js';
import { ArrayView, BFloat16Bits, Float16Bits, type HalfArray, isHalfArray } from '../frontend/values.js';

const seen = new WeakMap<HalfArray, unknown>();

/** Whether a property key is a typed array's element index ("0", "17"; not "-0" or "1.5"). */
export const isIndex = (key: string | symbol): key is string =>
  typeof key === 'string' && String(Number(key)) === key && Number.isInteger(Number(key));

/** The numbers-in, numbers-out face of a {@link HalfArray} (one per array). */
function numbersOf(array: HalfArray): unknown {
  const known = seen.get(array);
  if (known) return known;
  const [encode, decode] = array instanceof BFloat16Bits ? [bf16Bits, bf16FromBits] : [f16Bits, f16FromBits];
  const face = new Proxy(array, {
    get(target, key) {
      if (!isIndex(key)) return Reflect.get(target, key, target);
      const bits = target[Number(key)];
      return bits === undefined ? undefined : decode(bits);
    },
    set(target, key, value) {
      if (!isIndex(key)) return Reflect.set(target, key, value, target);
      const index = Number(key);
      // Out of range, a typed array ignores the store; a BigInt throws, as it would.
      if (index < target.length) target[index] = encode(Number(value as number));
      return true;
    },
  });
  seen.set(array, face);
  return face;
}

/**
 * `new Float16Array(length)` where the runtime has no `Float16Array` (Node before 24), as the
 * reference runner lends it to the kernels it runs: f16s as numbers, rounded as they are stored,
 * which is the local f16 array compiled code has. Its own face, so that it is not wrapped again.
 */
export function Float16ArrayStandIn(length: number): unknown {
  const face = numbersOf(new Float16Bits(length));
  seen.set(face as HalfArray, face);
  return face;
}

/**
 * A kernel argument as the reference runner passes it: a 16-bit float array (or a view of one)
 * as numbers; anything else is itself.
 */
export function halfArrayFace(value: unknown): unknown {
  if (isHalfArray(value)) return numbersOf(value);
  if (value instanceof ArrayView && isHalfArray(value.data))
    return new ArrayView(numbersOf(value.data) as HalfArray, value.shape);
  return value;
}

/** Whether a value holds a 16-bit float array (itself, a view of one, in a record or tuple). */
export function holdsHalfArray(value: unknown, within: readonly object[] = []): boolean {
  if (isHalfArray(value) || (value instanceof ArrayView && isHalfArray(value.data))) return true;
  if (typeof value !== 'object' || value === null || within.includes(value)) return false;
  const holds = (item: unknown) => holdsHalfArray(item, [...within, value]);
  if (Array.isArray(value)) return value.some(holds);
  if (Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).some(holds);
  return false;
}
