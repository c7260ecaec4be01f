/**
 * Activity annotations, named as in Enzyme so that its users feel at home.
 *
 * Each argument of a differentiated call says how it takes part: `Const` (no derivative),
 * `Active` (a scalar whose derivative is returned), `Duplicated` (a value with a shadow that
 * receives or supplies its derivative) and `DuplicatedNoNeed` (the same, when the primal result
 * is not needed). In device code they are plain function calls, so a kernel using them still
 * runs as ordinary JavaScript.
 */

import type { TypedArray } from '@gpuc/core';

/** Arrays that can carry a shadow. */
export type ShadowArray = TypedArray;

/** An argument that takes no part in differentiation. */
export interface ConstArg<T> {
  readonly activity: 'const';
  readonly value: T;
}

/** A scalar whose derivative the call returns. */
export interface ActiveArg {
  readonly activity: 'active';
  readonly value: number;
}

/** A value and its shadow, which accumulates (reverse) or supplies (forward) the derivative. */
export interface DuplicatedArg<T extends number | ShadowArray> {
  readonly activity: 'duplicated' | 'duplicated_no_need';
  readonly value: T;
  readonly shadow: T;
}

export type Annotated = ConstArg<unknown> | ActiveArg | DuplicatedArg<number | ShadowArray>;

/** The kind of differentiation. */
export type Mode = 'forward' | 'reverse';

/** The argument takes no part in differentiation. */
export function Const<T>(value: T): ConstArg<T> {
  return Object.freeze({ activity: 'const', value });
}

/** The scalar argument is differentiated with respect to; its derivative is returned. */
export function Active(value: number): ActiveArg {
  if (typeof value !== 'number')
    throw new TypeError('gpuc: Active takes a number (use Duplicated for arrays)');
  return Object.freeze({ activity: 'active', value });
}

function duplicated<T extends number | ShadowArray>(
  activity: DuplicatedArg<T>['activity'],
  value: T,
  shadow: T,
): DuplicatedArg<T> {
  const name = activity === 'duplicated' ? 'Duplicated' : 'DuplicatedNoNeed';
  if (typeof value === 'number') {
    if (typeof shadow !== 'number')
      throw new TypeError(`gpuc: ${name} of a number takes a number as its tangent`);
  } else if (!ArrayBuffer.isView(value) || value.constructor !== shadow?.constructor) {
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

/** A value with its shadow; the primal result is computed too. */
export function Duplicated<T extends number | ShadowArray>(value: T, shadow: T): DuplicatedArg<T> {
  return duplicated('duplicated', value, shadow);
}

/** A value with its shadow, when the caller does not need the primal result. */
export function DuplicatedNoNeed<T extends number | ShadowArray>(value: T, shadow: T): DuplicatedArg<T> {
  return duplicated('duplicated_no_need', value, shadow);
}

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

/**
 * The key of a derivative job: the same function, mode and activities (and, once the compiler
 * passes them, argument types) are compiled once. Printable, for logs and caches.
 */
export function derivativeKey(
  functionName: string,
  mode: Mode,
  args: readonly Annotated[],
  types: readonly string[] = [],
): string {
  if (mode === 'forward' && args.some((arg) => arg.activity === 'active')) {
    throw new TypeError('gpuc: forward mode takes Duplicated tangents, not Active arguments');
  }
  const activities = args.map((arg, i) => (types[i] ? `${arg.activity}:${types[i]}` : arg.activity));
  return `${mode}(${functionName}; ${activities.join(', ')})`;
}
