/**
 * Method tables, dispatch and the world counter.
 *
 * A method table maps a name to methods: a signature of type patterns and an implementation (a
 * device function written in the kernel language, or an intrinsic whose result type a rule
 * gives). Dispatch picks the most specific applicable method; two equally specific ones are an
 * ambiguity. A job sees a stack of tables (its back-end's overlays over the global table over
 * the runtime and intrinsic tables), and the first table with an applicable method answers.
 *
 * Every change to any table advances the world counter. Inference records the dispatch queries
 * it made; a result is still valid in a later world when the same queries give the same
 * methods, so redefining a device function invalidates exactly the kernels that reached it.
 */
import type { ErrorCode } from './errors.js';
import type { Specialization } from './infer.js';
import type { Instruction } from './ir.js';
import type { KernelSource } from './source.js';
import { isFloat, isInteger, type Type } from './types.js';

/** A pattern a method's parameter accepts. */
export type Pattern =
  | { kind: 'any' }
  | { kind: 'type'; type: Type }
  | { kind: 'integer' }
  | { kind: 'float' }
  | { kind: 'number' }
  | { kind: 'array'; element?: Pattern };

export const any: Pattern = { kind: 'any' };
export const integer: Pattern = { kind: 'integer' };
export const float: Pattern = { kind: 'float' };
export const number: Pattern = { kind: 'number' };
export const exactly = (type: Type): Pattern => ({ kind: 'type', type });
export const arrayOf = (element?: Pattern): Pattern =>
  element ? { kind: 'array', element } : { kind: 'array' };

function matches(pattern: Pattern, type: Type): boolean {
  switch (pattern.kind) {
    case 'any':
      return true;
    case 'type':
      return pattern.type === type;
    case 'integer':
      return isInteger(type) || (type.kind === 'literal' && !type.float);
    case 'float':
      return isFloat(type) || (type.kind === 'literal' && type.float);
    case 'number':
      return isInteger(type) || isFloat(type) || type.kind === 'literal';
    case 'array':
      return (
        type.kind === 'array' && (pattern.element === undefined || matches(pattern.element, type.element))
      );
  }
}

/** Whether every type `a` accepts, `b` accepts too. */
function within(a: Pattern, b: Pattern): boolean {
  if (b.kind === 'any') return true;
  if (a.kind === 'any') return false;
  if (a.kind === 'type') return matches(b, a.type);
  if (b.kind === 'type') return false;
  if (a.kind === 'integer' || a.kind === 'float') return b.kind === a.kind || b.kind === 'number';
  if (a.kind === 'number') return b.kind === 'number';
  if (a.kind === 'array' && b.kind === 'array') {
    return b.element === undefined || (a.element !== undefined && within(a.element, b.element));
  }
  return false;
}

/** How a method is implemented. */
export type Implementation =
  /** A device function in the kernel language. */
  | { kind: 'source'; source: KernelSource; fn?: (...args: never[]) => unknown }
  /**
   * An intrinsic: its result type for the argument types, or an error message. Back-ends attach
   * code generation to it in their overlays.
   */
  | {
      kind: 'intrinsic';
      result: (args: readonly Type[], context: RuleContext) => Type | string;
      /** Read as a property (`gpu.threadIdx.x`) rather than called. */
      property?: boolean;
      data?: unknown;
    }
  /** An intrinsic a target cannot do: calling it is an error naming the target. */
  | { kind: 'unsupported'; target: string };

/**
 * What an intrinsic's result rule may ask of inference, for intrinsics that take functions
 * (automatic differentiation types a derivative from the function it differentiates).
 */
export interface RuleContext {
  /** The call being typed; its argument types are final in inference's last round. */
  readonly call: Instruction;
  /**
   * Fails the call with a `type-mismatch` (or `code`) placed at argument `argument` (counted
   * from the intrinsic's first), for a rule whose reason lies in one argument.
   */
  refuse(argument: number, message: string, code?: ErrorCode): never;
  /**
   * Infers a function value (a function type) for argument types. The result counts among the
   * caller's callees: a change to its source or its methods recompiles the caller.
   */
  specialize(callee: Type, args: readonly Type[]): Specialization;
  /** Dispatches a name in the caller's method stack, recorded like the caller's own calls. */
  lookup(name: string, args: readonly Type[]): Method | undefined;
  /**
   * Whether argument `argument` is an index an array access takes (an integer, or a float known
   * to hold one: `1.0`, a widened loop counter); one that is is converted as an index is.
   */
  index(argument: number): boolean;
  /** The host values the kernel reads by name. */
  readonly scope: Readonly<Record<string, unknown>>;
  /** The method stack and world the caller is inferred in. */
  readonly methods: MethodStack;
  readonly world: number;
}

export interface Method {
  readonly id: number;
  readonly name: string;
  /** Parameter patterns; `variadic` methods accept any count (checked by their rule). */
  readonly signature: readonly Pattern[] | 'variadic';
  readonly implementation: Implementation;
  readonly table: MethodTable;
  /** The world in which it was defined, and the one in which it was deleted or replaced. */
  readonly defined: number;
  deleted: number;
  /** Where it was defined, for ambiguity messages. */
  readonly origin: string;
}

let world = 1;
let nextMethodId = 1;

/** The current world: it advances with every change to any method table. */
export function currentWorld(): number {
  return world;
}

/** Two methods of a name are equally specific for a call: the error lists both. */
export class AmbiguityError extends Error {
  constructor(
    readonly methods: readonly Method[],
    name: string,
  ) {
    super(`the call to ${name} is ambiguous between ${methods.map((m) => m.origin).join(' and ')}`);
  }
}

function moreSpecific(a: Method, b: Method): boolean {
  if (a.signature === 'variadic' || b.signature === 'variadic') return a.signature !== 'variadic';
  const bs = b.signature;
  let strictly = false;
  for (let i = 0; i < a.signature.length; i++) {
    const pa = a.signature[i] as Pattern;
    const pb = bs[i] as Pattern;
    if (!within(pa, pb)) return false;
    if (!within(pb, pa)) strictly = true;
  }
  return strictly;
}

function applicable(method: Method, args: readonly Type[], at: number): boolean {
  if (method.defined > at || method.deleted <= at) return false;
  if (method.signature === 'variadic') return true;
  return (
    method.signature.length === args.length && method.signature.every((p, i) => matches(p, args[i] as Type))
  );
}

/** A named collection of methods. */
export class MethodTable {
  private readonly methods = new Map<string, Method[]>();

  constructor(readonly name: string) {}

  /** Adds a method; one with an identical signature is replaced (deleted in the new world). */
  define(
    name: string,
    signature: readonly Pattern[] | 'variadic',
    implementation: Implementation,
    origin?: string,
  ): Method {
    world++;
    const list = this.methods.get(name) ?? [];
    for (const old of list) {
      if (old.deleted === Number.POSITIVE_INFINITY && sameSignature(old.signature, signature))
        old.deleted = world;
    }
    const method: Method = {
      id: nextMethodId++,
      name,
      signature,
      implementation,
      table: this,
      defined: world,
      deleted: Number.POSITIVE_INFINITY,
      origin: origin ?? `${this.name}:${name}(${describeSignature(signature)})`,
    };
    list.push(method);
    this.methods.set(name, list);
    return method;
  }

  /** Removes a method from this world on. */
  delete(method: Method): void {
    if (method.table !== this) throw new Error(`gpuc: ${method.origin} is not in table ${this.name}`);
    if (method.deleted !== Number.POSITIVE_INFINITY) return;
    world++;
    method.deleted = world;
  }

  /** Whether any method of this name exists now. */
  has(name: string, at = world): boolean {
    return (this.methods.get(name) ?? []).some((m) => m.defined <= at && m.deleted > at);
  }

  /** The signatures of the methods of this name in a world. */
  signatures(name: string, at = world): (readonly Pattern[] | 'variadic')[] {
    return (this.methods.get(name) ?? [])
      .filter((m) => m.defined <= at && m.deleted > at)
      .map((m) => m.signature);
  }

  /**
   * The most specific method applicable to the argument types in a world, or undefined. Throws
   * an AmbiguityError when two applicable methods are equally specific.
   */
  lookup(name: string, args: readonly Type[], at = world): Method | undefined {
    const candidates = (this.methods.get(name) ?? []).filter((m) => applicable(m, args, at));
    const best = candidates.filter((m) => !candidates.some((other) => other !== m && moreSpecific(other, m)));
    if (best.length > 1) throw new AmbiguityError(best, name);
    return best[0];
  }
}

function sameSignature(a: readonly Pattern[] | 'variadic', b: readonly Pattern[] | 'variadic'): boolean {
  if (a === 'variadic' || b === 'variadic') return a === b;
  return a.length === b.length && a.every((p, i) => within(p, b[i] as Pattern) && within(b[i] as Pattern, p));
}

function describePattern(p: Pattern): string {
  switch (p.kind) {
    case 'type':
      return p.type.key;
    case 'array':
      return p.element ? `${describePattern(p.element)}[]` : 'array';
    default:
      return p.kind;
  }
}

function describeSignature(signature: readonly Pattern[] | 'variadic'): string {
  return signature === 'variadic' ? '...' : signature.map(describePattern).join(', ');
}

/** A stack of tables, searched top first. */
export class MethodStack {
  constructor(readonly tables: readonly MethodTable[]) {}

  lookup(name: string, args: readonly Type[], at = world): Method | undefined {
    for (const table of this.tables) {
      const found = table.lookup(name, args, at);
      if (found) return found;
    }
    return undefined;
  }

  has(name: string, at = world): boolean {
    return this.tables.some((t) => t.has(name, at));
  }

  /**
   * The argument counts the methods of a name take in a world, fewest first, or undefined when
   * one of them is variadic (any count).
   */
  arities(name: string, at = world): number[] | undefined {
    const counts = new Set<number>();
    for (const table of this.tables)
      for (const signature of table.signatures(name, at)) {
        if (signature === 'variadic') return undefined;
        counts.add(signature.length);
      }
    return [...counts].sort((a, b) => a - b);
  }
}
