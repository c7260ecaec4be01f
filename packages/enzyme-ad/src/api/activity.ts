/**
 * Activity annotations and modes on the host, named as in Enzyme so that its users feel at
 * home.
 *
 * Each argument of a differentiated call says how it takes part: `Const` (no derivative),
 * `Active` (a number whose derivative the call returns), `Duplicated` (a value with a shadow
 * that receives, in reverse mode, or supplies, in forward mode, its derivative) and
 * `DuplicatedNoNeed` (the same, where what f writes into the value is not needed). The
 * functions here are what a kernel run as JavaScript calls; compiled kernels reach the methods
 * of the same names (each host function stands for its method, so a scope may hold it too).
 */

import { arrayUnder, deviceAlias, type TypedScalar } from '@gpuc/core/compiler';
import type { TypedArray } from '@gpuc/core/host';

/** Arrays that can carry a shadow. */
export type ShadowArray = TypedArray;

/** A number, or a typed scalar such as `f32(2)`. */
export type Scalar = number | TypedScalar;

/** An argument that takes no part in differentiation. */
export interface ConstArg<T> {
  readonly activity: 'const';
  readonly value: T;
}

/** A number whose derivative the call returns. */
export interface ActiveArg {
  readonly activity: 'active';
  readonly value: Scalar;
}

/** A value and its shadow, which accumulates (reverse) or supplies (forward) the derivative. */
export interface DuplicatedArg<T extends Scalar | ShadowArray> {
  readonly activity: 'duplicated' | 'duplicated_no_need';
  readonly value: T;
  readonly shadow: T;
}

export type Annotated = ConstArg<unknown> | ActiveArg | DuplicatedArg<Scalar | ShadowArray>;

/** A mode of differentiation: `Reverse` or `Forward`. */
export interface ModeValue {
  readonly mode: 'forward' | 'reverse';
}

/** Reverse mode: derivatives of the result with respect to the Active arguments and shadows. */
export const Reverse: ModeValue = deviceAlias(Object.freeze({ mode: 'reverse' as const }), 'Reverse');

/** Forward mode: the tangent of the result, given the tangents of Duplicated arguments. */
export const Forward: ModeValue = deviceAlias(Object.freeze({ mode: 'forward' as const }), 'Forward');

const isScalar = (value: unknown): value is Scalar => typeof value === 'number' || value instanceof Number;

/** The argument takes no part in differentiation. */
export function Const<T>(value: T): ConstArg<T> {
  return Object.freeze({ activity: 'const', value });
}
deviceAlias(Const, 'Const');

/** The number argument is differentiated with respect to; its derivative is returned. */
export function Active(value: Scalar): ActiveArg {
  if (!isScalar(value)) throw new TypeError('gpuc: Active takes a number (use Duplicated for arrays)');
  return Object.freeze({ activity: 'active', value });
}
deviceAlias(Active, 'Active');

function duplicated<T extends Scalar | ShadowArray>(
  activity: DuplicatedArg<T>['activity'],
  value: T,
  shadow: T,
): DuplicatedArg<T> {
  const name = activity === 'duplicated' ? 'Duplicated' : 'DuplicatedNoNeed';
  if (isScalar(value)) {
    if (!isScalar(shadow)) throw new TypeError(`gpuc: ${name} of a number takes a number as its tangent`);
  } else if (!ArrayBuffer.isView(arrayUnder(value)) || value.constructor !== shadow?.constructor) {
    throw new TypeError(`gpuc: ${name} takes a typed array and a shadow of the same type`);
  } else if (value.length !== (shadow as ShadowArray).length) {
    throw new RangeError(
      `gpuc: ${name}'s shadow has ${(shadow as ShadowArray).length} elements, the value ${value.length}`,
    );
  } else if (value.buffer === (shadow as ShadowArray).buffer) {
    throw new RangeError(`gpuc: ${name}'s shadow must not share memory with the value`);
  }
  return Object.freeze({ activity, value, shadow });
}

/** A value with its shadow. */
export function Duplicated<T extends Scalar | ShadowArray>(value: T, shadow: T): DuplicatedArg<T> {
  return duplicated('duplicated', value, shadow);
}
deviceAlias(Duplicated, 'Duplicated');

/**
 * A value with its shadow, where the caller does not need what f writes into the value: for an
 * array f writes but never reads back (an output whose derivative alone is wanted), the
 * derivative leaves out f's writes into it, so that it keeps its contents and the gradient moves
 * less memory; where f reads it back, or another of f's arrays shares its memory, f's writes are
 * kept. Its contents after the call are thus f's or its own. Otherwise the same as `Duplicated`.
 *
 * @example
 * ```ts
 * // dy holds ∂L/∂y; dx receives ∂L/∂x; y is not written.
 * autodiff(Reverse, prefixSum, Duplicated(x, dx), DuplicatedNoNeed(y, dy), Const(n));
 * ```
 */
export function DuplicatedNoNeed<T extends Scalar | ShadowArray>(value: T, shadow: T): DuplicatedArg<T> {
  return duplicated('duplicated_no_need', value, shadow);
}
deviceAlias(DuplicatedNoNeed, 'DuplicatedNoNeed');

/** Whether a value is an activity annotation. */
export function isAnnotated(value: unknown): value is Annotated {
  const activity = (value as { activity?: unknown } | null)?.activity;
  return (
    activity === 'const' ||
    activity === 'active' ||
    activity === 'duplicated' ||
    activity === 'duplicated_no_need'
  );
}

/** Whether a value is a mode. */
export function isMode(value: unknown): value is ModeValue {
  return value === Reverse || value === Forward;
}
