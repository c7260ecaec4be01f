/**
 * What the generator knows of the kernel it writes: its variables, local arrays, records and
 * tuples, device functions and array parameters (with their roles, views and atomic plans), and
 * the small facts about element types that every part of the generator shares.
 */
import { BLOCK, type Helper } from '../case.js';
import {
  type ElementType,
  isBigInt,
  isNarrow,
  join,
  NUMBER_TYPES,
  type NumberType,
  readAs,
  type Ty,
} from '../types.js';
import { type Expr, line } from './text.js';

export interface Variable {
  readonly name: string;
  readonly t: Ty;
  readonly mutable: boolean;
  /** A `const` bound to a literal: gpuc types it as that literal. */
  readonly lit?: boolean;
  /**
   * Declared of a narrower type, `f64` only where paths join (a widening loop's variable): a
   * narrower value assigned last in a block would narrow it again at the loop's head.
   */
  readonly joined?: boolean;
}

/**
 * Element types of local arrays (those a device function's array parameter takes too); `f16` is a
 * `new Float16Array(n)` (docs/language.md "Half precision"), its elements read as `f32`.
 */
export const LOCAL_TYPES = [
  'f64',
  'f32',
  'i32',
  'u8',
  'i16',
  'u32',
  'i64',
  'i8',
  'u16',
  'u64',
  'f16',
] as const;
export type LocalType = (typeof LOCAL_TYPES)[number];

/**
 * A shared or captured array (and a table a device function takes); 16-bit float ones (inputs,
 * shared arrays) read as `f32`.
 */
export interface LocalArray {
  readonly name: string;
  readonly t: ElementType;
  readonly length: number;
}

/** A local array (or one a device function takes by reference). */
export interface Local extends Omit<LocalArray, 't'> {
  readonly t: LocalType;
}

export interface Aggregate {
  readonly name: string;
  /** Field names (a record) or undefined (a tuple). */
  readonly fields?: readonly string[];
  readonly types: readonly Ty[];
  /** A tuple that a variable may index: the merged type of its elements. */
  readonly merged?: Ty;
}

export type Mode = 'free' | 'sibling' | 'none';

/**
 * What a device function returns: a value, a record or tuple of values, or nothing (`void`: it
 * writes a local array of the caller's, and leaves by `return;` or its end).
 */
export type Result = Ty | Shape | 'void';

/** A record's or tuple's members: their types, and a record's field names. */
export type Shape = Omit<Aggregate, 'name'>;

/**
 * A device function's parameter that takes more than a number: a local array of the caller's
 * (read and written, by reference), an array or a view no thread writes (read only), or a record or
 * tuple.
 */
export type Passed =
  | { readonly array: LocalType }
  | { readonly table: ElementType }
  | { readonly view: ViewOf }
  | { readonly aggregate: Shape };

/** A view no thread writes: its element type and its number of dimensions (2 or 3). */
export interface ViewOf {
  readonly name: string;
  readonly t: ElementType;
  readonly dims: number;
}

/** Whether two records (or tuples) have the same members. */
export const sameShape = (a: Shape, b: Shape): boolean =>
  a.types.join() === b.types.join() && a.fields?.join() === b.fields?.join();

/** A device function of the kernel's scope; a parameter may take another such function. */
export interface DeviceFunction extends Helper {
  readonly params: readonly (Ty | { readonly fn: DeviceFunction } | Passed)[];
  readonly result: Result;
  /** How many of the last parameters have default values (a call may leave them out). */
  readonly defaults?: number;
  /** It reaches itself: only the call {@link Functions.recursion} writes calls it. */
  readonly recursive?: boolean;
  /** Written for any argument types (or none: it always throws): only the calls its idiom writes call it. */
  readonly generic?: boolean;
}

/**
 * An array parameter's role. `output`: zeros, each thread stores its element at the end;
 * `input`: each thread reads, and may update, only its own element; `table`: an input any thread
 * reads at any index (vector loads) and none writes; `atomic`: changed only by atomics of one
 * kind, whose order cannot change the final contents; `wide`: an output of 4 elements (2 of 64
 * bits) per thread, written side by side at the end (vector stores), read by none.
 */
export type Role = 'output' | 'input' | 'table' | 'atomic' | 'wide';

export interface ArrayParam {
  readonly name: string;
  readonly t: ElementType;
  readonly role: Role;
  readonly atomic?: AtomicPlan;
  /**
   * Passed as `view(data, 4, 4)` (or `view(data, 2, 2, 4)`): read with `.get(r, c)`, written
   * with `.set(r, c, x)`.
   */
  readonly view?: readonly number[];
  /** An input passed as the same array as this output. */
  readonly alias?: string;
}

/**
 * The atomics an `atomic` array takes: one operation, whose results in any order of the threads
 * are the same (integer `+ -` wrap alike in any order; float sums of small dyadic values are
 * exact); `Exch` and `CAS` with one value (and compare) that every thread uses.
 */
export interface AtomicPlan {
  readonly op: 'Add' | 'Min' | 'Max' | 'And' | 'Or' | 'Xor' | 'Exch' | 'CAS';
  /** The one value of `Exch` and `CAS`, and `CAS`'s compare. */
  readonly uniform?: string;
  readonly compare?: string;
  /**
   * Each thread's atomics on its own element `i` only: then any values (NaN, -0, any exchange)
   * and the old values the atomics return are the same in any order of the threads.
   */
  readonly own?: boolean;
  /** Each atomic written as a compare-and-swap loop from a plain read (an integer array's). */
  readonly loop?: boolean;
}

/** The dynamic shared memory of a kernel that uses it: 8 elements of the widest type. */
export const DYNAMIC_SHARED_BYTES = 8 * BLOCK;

/** The shapes of a view parameter: its 16 elements as 4 rows of 4, or 2 planes of 2 rows of 4. */
export const VIEW = [4, 4] as const;

export const VIEW3 = [2, 2, 4] as const;

/** The indices of element `i` of a view, row-major. */
export const viewIndex = (a: ArrayParam): string =>
  a.view?.length === 3 ? 'i >> 3, (i >> 2) & 1, i & 3' : 'i >> 2, i & 3';

/** The thread's own element of an array parameter (of a view, row `i >> 2`, column `i & 3`). */
export const own = (a: ArrayParam): string => (a.view ? `${a.name}.get(${viewIndex(a)})` : `${a.name}[i]`);

/** The store of `e` into the thread's own element of an output. */
export const ownStore = (a: ArrayParam, e: Expr): string =>
  a.view ? line(`${a.name}.set(${viewIndex(a)}, `, e, ');') : line(`${a.name}[i] = `, e, ';');

/** Element types of wide outputs, and how many elements a thread writes side by side. */
export const WIDE_TYPES = ['f32', 'i32', 'u32', 'f64', 'i64', 'u64'] as const;

export type WideType = (typeof WIDE_TYPES)[number];

export const widthOf = (t: ElementType): number => (t === 'f64' || isBigInt(t as Ty) ? 2 : 4);

/** Whether a statement may read an array's elements: atomic and wide arrays change under others. */
export const readable = (a: ArrayParam): boolean => a.role !== 'atomic' && a.role !== 'wide';

/** The step of `++` and `--` in type `t`. */
export const one = (t: Ty): string => (isBigInt(t) ? '1n' : '1');

/** The type an element computes in: its read type, narrow integers as `i32`. */
export function computedAs(t: ElementType): Exclude<Ty, 'bool'> {
  const read = readAs(t);
  return isNarrow(read) ? 'i32' : read;
}

/** Element types atomics take (docs/language.md "Intrinsics"). */
export const ATOMIC_TYPES = ['i32', 'u32', 'i64', 'u64', 'f32', 'f64'] as const;

export type AtomicType = (typeof ATOMIC_TYPES)[number];

export function zero(t: Exclude<Ty, 'bool'>): number | bigint {
  return isBigInt(t) ? 0n : 0;
}

/** The field names of a record of `count` members: `a`, `b`, `c`... */
export const fieldNames = (count: number): string[] =>
  Array.from({ length: count }, (_, k) => String.fromCharCode(97 + k));

/**
 * The type a tuple of `types` reads at a variable index: the join of numbers, or the one type
 * all share (undefined: none, the tuple is read by constant indices only).
 */
export function mergedType(types: readonly Ty[]): Ty | undefined {
  if (types.every((e) => (NUMBER_TYPES as readonly Ty[]).includes(e))) return join(types as NumberType[]);
  return types.every((e) => e === types[0]) ? types[0] : undefined;
}

/** The compound assignment operators (`op=`) of a value of type `t` that the generator writes. */
export function assignOperators(t: Ty): string[] {
  if (isBigInt(t)) return ['+', '-', '*', '&', '|', '^'];
  if (t === 'i32') return ['+', '-', '*', '%', '&', '|', '^', '<<', '>>'];
  return t === 'u32' ? ['+', '-', '*', '%', '>>>'] : ['+', '-', '*', '/', '%'];
}
