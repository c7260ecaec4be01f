/**
 * `Number`'s predicates and the conversions: `Number(x)`, `BigInt(x)`, and `f32(x)`, `i32(x)`...
 * with the semantics of storing into that typed array (the reference runner's wrappers).
 */
import { integer, number } from '../methods.js';
import {
  bool,
  f64,
  i64,
  isBig,
  loaded,
  SCALARS,
  type ScalarName,
  scalar,
  show,
  type Type,
} from '../types.js';
import { type Entry, family } from './entry.js';

/** The conversion functions, one per scalar type but `bool`. */
export type ConversionName = Exclude<ScalarName, 'bool'>;

const conversions = family(
  SCALARS.filter((name): name is ConversionName => name !== 'bool'),
  (name): Entry => {
    const target = scalar(name);
    // `f16(x)` and `bf16(x)` round to the 16-bit type and give the f32 holding the result.
    const result = loaded(target);
    return {
      signature: [number],
      result: ([value]) =>
        isBig(value as Type) !== isBig(target)
          ? `${name}() cannot convert a ${show(value as Type)}; use BigInt() or Number()`
          : result,
      // A conversion between float types passes derivatives through.
      ...(name === 'f32' || name === 'f64' ? { derivative: 'identity' as const } : {}),
    };
  },
);

/** The `Number` predicates and the conversions. */
export const NUMBERS = {
  'Number.isNaN': { signature: [number], result: bool, reference: Number.isNaN },
  'Number.isFinite': { signature: [number], result: bool, reference: Number.isFinite },
  'Number.isInteger': { signature: [number], result: bool, reference: Number.isInteger },
  Number: { signature: [number], result: f64, reference: Number, derivative: 'identity' },
  BigInt: { signature: [integer], result: i64, reference: BigInt },
  ...conversions,
} satisfies Record<string, Entry>;
