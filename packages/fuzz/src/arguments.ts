/**
 * A case's arguments: as gpuc gets them (typed arrays, views, typed scalars), as plain JavaScript
 * gets them (primitives, 16-bit float arrays as numbers), and the arrays among them, encoded, once
 * a run is over.
 */
import { f32, f64, i8, i16, u8, u16, u32 } from '@gpuc/core';
import { ArrayView, type TypedArray, view } from '@gpuc/core/compiler';
import { BFloat16Bits, Float16Bits, type HalfArray } from '@gpuc/core/host';
import { aggregateValue, decode, type Encoded, encode, type FuzzCase } from './case.js';
import { ARRAY_OF, isHalf, type Ty } from './types.js';

const WRAPPERS: Partial<Record<Ty, (x: number) => unknown>> = { f32, f64, i8, u8, i16, u16, u32 };

/** The arguments as gpuc gets them: typed arrays, numbers, typed scalars for other types. */
export function kernelArguments(c: FuzzCase): unknown[] {
  const made = new Map<string, unknown>();
  return c.params.map((p) => {
    if (p.kind === 'array') {
      if (p.alias !== undefined) return made.get(p.alias);
      const type = isHalf(p.type)
        ? HALF_ARRAYS[p.type]
        : (globalThis as unknown as Record<string, new (values: unknown[]) => unknown>)[ARRAY_OF[p.type]];
      const array = new (type as new (v: unknown[]) => TypedArray)(p.values.map(decode));
      const value = p.view ? view(array, ...p.view) : array;
      made.set(p.name, value);
      return value;
    }
    if (p.kind === 'aggregate') return aggregateValue(p);
    if (p.kind === 'key') return p.value;
    const value = decode(p.value);
    if (typeof value !== 'number') return value;
    // A plain number is i32 when it is an integer in range, f64 otherwise: wrap anything else.
    if (p.type === 'i32') return value;
    if (p.type === 'f64' && !Number.isInteger(value)) return value;
    return (WRAPPERS[p.type] as (x: number) => unknown)(value);
  });
}

const HALF_ARRAYS = { f16: Float16Bits, bf16: BFloat16Bits };

/**
 * A 16-bit float array as plain JavaScript sees it: numbers in, numbers out, each store rounded
 * (what a `Float16Array` is where the runtime has one).
 */
export function numbersOf(array: HalfArray): unknown {
  const index = (key: string | symbol) =>
    typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key) ? Number(key) : undefined;
  return new Proxy(array, {
    get: (target, key) => {
      const i = index(key);
      return i === undefined ? Reflect.get(target, key, target) : target.value(i);
    },
    set: (target, key, value) => {
      const i = index(key);
      if (i === undefined) return Reflect.set(target, key, value, target);
      target.setValue(i, Number(value));
      return true;
    },
  });
}

/**
 * `Float16Array` for a kernel's local f16 arrays as plain JavaScript runs them: the runtime's own
 * where it has one (Node 24 on), else an array of f16s as numbers, each store rounded.
 */
export const float16Array: new (length: number) => unknown =
  (globalThis as { Float16Array?: new (length: number) => unknown }).Float16Array ??
  (function Float16Array(length: number) {
    return numbersOf(new Float16Bits(length));
  } as unknown as new (
    length: number,
  ) => unknown);

/** The arguments as plain JavaScript gets them: primitives, and 16-bit arrays as numbers. */
export function plainArguments(args: readonly unknown[]): unknown[] {
  return args.map((a) =>
    a instanceof Number
      ? a.valueOf()
      : a instanceof Float16Bits || a instanceof BFloat16Bits
        ? numbersOf(a)
        : a,
  );
}

/**
 * The arrays among the arguments (a view's data), encoded (16-bit floats as the numbers their
 * bits stand for).
 */
export function arrays(args: readonly unknown[]): Encoded[][] {
  return args
    .map((a) => (a instanceof ArrayView ? a.data : a))
    .filter((a): a is ArrayLike<number | bigint> => ArrayBuffer.isView(a))
    .map((a) =>
      (a instanceof Float16Bits || a instanceof BFloat16Bits ? a.toNumbers() : Array.from(a)).map((v) =>
        encode(v),
      ),
    );
}
