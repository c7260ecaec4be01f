/**
 * `Number`'s predicates and the conversions: `Number(x)`, `BigInt(x)`, and `f32(x)`, `i32(x)`...
 * with the semantics of storing into that typed array (the reference runner's wrappers).
 */

import type { Instruction } from '../ir.js';
import { literalValue } from '../ir.js';
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
import { type Entry, family, type Rule } from './entry.js';

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

/**
 * `BigInt.asIntN(bits, x)` and `BigInt.asUintN(bits, x)`: x modulo 2^bits, as signed or unsigned.
 * Of at most 64 bits, the result depends only on x modulo 2^64, which is what a kernel's `i64`
 * or `u64` holds (its arithmetic wraps), so it is JavaScript's even where x's exact value left
 * 64 bits (`BigInt.asUintN(64, a * b)`). Hence the bits: a constant from 0 to 64.
 */
const wrapped =
  (name: string, result: Type): Rule =>
  ([, value], context) => {
    const first = context.call.op === 'callvalue' ? 1 : 0;
    const argument = context.call.args[first] as Instruction | undefined;
    const bits = argument && literalValue(argument);
    if (typeof bits !== 'number' || !Number.isInteger(bits) || bits < 0 || bits > 64)
      return context.refuse(
        0,
        `${name} takes a constant number of bits from 0 to 64 (a kernel's BigInts have 64)`,
      );
    return isBig(value as Type)
      ? result
      : context.refuse(1, `${name} takes a BigInt (i64 or u64), not ${show(value as Type)}`);
  };

/**
 * A `Number` predicate: of a BigInt JavaScript answers false (a BigInt is no Number, whatever
 * its value: `Number.isInteger(1n)`), which no kernel means to ask, so it is refused.
 */
const predicate: Rule = ([value]) =>
  isBig(value as Type)
    ? 'a BigInt is no Number, so JavaScript answers false whatever its value; ask it of Number(x), or compare the BigInt'
    : bool;

/** The `Number` predicates and the conversions. */
export const NUMBERS = {
  'Number.isNaN': { signature: [number], result: predicate, reference: Number.isNaN },
  'Number.isFinite': { signature: [number], result: predicate, reference: Number.isFinite },
  'Number.isInteger': { signature: [number], result: predicate, reference: Number.isInteger },
  Number: { signature: [number], result: f64, reference: Number, derivative: 'identity' },
  BigInt: { signature: [integer], result: i64, reference: BigInt },
  'BigInt.asIntN': {
    signature: [integer, integer],
    result: wrapped('BigInt.asIntN', i64),
    reference: BigInt.asIntN,
  },
  'BigInt.asUintN': {
    signature: [integer, integer],
    result: wrapped('BigInt.asUintN', scalar('u64')),
    reference: BigInt.asUintN,
  },
  ...conversions,
} satisfies Record<string, Entry>;
