/**
 * What the catalogue says of one intrinsic: how the front end types a call, what the reference
 * runner evaluates, its derivative, and the device math library function that implements it
 * where a back-end has no lowering of its own. Back-ends add only their lowering (code
 * generation, in the compiler layer), keyed by the entry's name.
 */
import type { Instruction } from '../ir.js';
import type { Pattern, RuleContext } from '../methods.js';
import type { Type } from '../types.js';

/** The result type of a call for its argument types, or why it cannot be called so. */
export type Rule = (args: readonly Type[], context: RuleContext) => Type | string;

/** A partial derivative: IR, or the constants 1 and -1 (which need no multiplication). */
export type Partial = Instruction | 1 | -1;

/**
 * What a derivative builds partials with: the primal values (made available) and IR
 * operations. Automatic differentiation (`@gpuc/enzyme-ad`) implements it.
 */
export interface PartialBuilder {
  /** The primal value of argument `i`, and of the result. */
  arg(i: number): Instruction;
  result(): Instruction;
  /** The primal type of argument `i`, and of the result. */
  argType(i: number): Type;
  resultType(): Type;
  constant(value: number): Instruction;
  neg(a: Instruction): Instruction;
  add(a: Instruction, b: Instruction): Instruction;
  sub(a: Instruction, b: Instruction): Instruction;
  mul(a: Instruction, b: Instruction): Instruction;
  div(a: Instruction, b: Instruction): Instruction;
  pow(a: Instruction, b: Instruction): Instruction;
  call(name: string, ...args: Instruction[]): Instruction;
  compare(operator: '==' | '>' | '>=', a: Instruction, b: Instruction): Instruction;
  /** A boolean as 0 or 1 of a float type. */
  indicator(condition: Instruction, type: Type): Instruction;
  /** Element `i` of a tuple. */
  element(tuple: Instruction, i: number): Instruction;
}

/**
 * The partials ∂w/∂a, ∂w/∂b... of `w = f(a, b, ...)` for a call of `count` arguments: one thunk
 * per argument (undefined where it has none), so that only what a derivative needs is built.
 */
export type Partials = (x: PartialBuilder, count: number) => readonly ((() => Partial) | undefined)[];

/**
 * An intrinsic's derivative: zero (it steps or rounds), one (a conversion between float
 * types), or its partials.
 */
export type Derivative = 'zero' | 'identity' | Partials;

/** One intrinsic, declared once. */
export interface Entry {
  /** Its parameters' patterns; `variadic` takes any count (its rule checks them). */
  readonly signature: readonly Pattern[] | 'variadic';
  /** Its result type, or the rule that gives it (or an error message) from the arguments. */
  readonly result: Rule | Type;
  /** Read as a property (`gpu.threadIdx.x`) rather than called. */
  readonly property?: boolean;
  /**
   * JavaScript's own function where that is the definition (`Math.sin`): what the reference
   * runner evaluates, and what the front end folds constants with. Entries without one are
   * defined by the reference runner's `gpu` object or its scalar conversions.
   */
  readonly reference?: (...args: never[]) => unknown;
  /** The front end computes calls on constants at compile time (with `reference`). */
  readonly fold?: boolean;
  /** Its derivative, where it has one. */
  readonly derivative?: Derivative;
  /**
   * Implemented by the device math library (`@gpuc/core/devicemath/`) as `gpuc_<name>` of
   * `arity` arguments (a variadic function folds through it pairwise), and `gpuc_<name>f` in f32
   * where `single` says so; vendor libraries (libm, libdevice) have a function of that name too.
   */
  readonly library?: { readonly arity: 1 | 2; readonly single?: boolean };
}

/** Entries of one form, by name. */
export function family<const N extends string>(
  names: readonly N[],
  entry: (name: N) => Entry,
): Record<N, Entry> {
  return Object.fromEntries(names.map((name) => [name, entry(name)])) as Record<N, Entry>;
}
