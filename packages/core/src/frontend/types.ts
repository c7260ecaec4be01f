/**
 * Types of the kernel language.
 *
 * Types are interned: structurally equal types are the same object, so they compare with `===`
 * and can key maps. Numeric literals are untyped (`int literal`, `float literal`) until they meet
 * a typed operand; whatever is still untyped at the end of inference takes its default (`i32`
 * for integer literals, `f64` otherwise), which is what JavaScript's numbers would hold.
 */

import { WeakValueMap } from '../support/weak-values.js';
import { bf16Round, f16Round } from './half.js';

/** The scalar types, by name. */
export const SCALARS = [
  'bool',
  'i8',
  'u8',
  'i16',
  'u16',
  'i32',
  'u32',
  'i64',
  'u64',
  'f16',
  'bf16',
  'f32',
  'f64',
] as const;
export type ScalarName = (typeof SCALARS)[number];

/**
 * The 16-bit float types, storage only: an array element of one reads as an `f32` (exactly) and
 * a value stored into one rounds to it (see half.ts); no kernel value has one of these types.
 */
export const HALF_SCALARS: readonly ScalarName[] = ['f16', 'bf16'];

/** Where an array's elements live. */
export type AddressSpace = 'global' | 'shared' | 'local' | 'constant';

export type Type =
  | { readonly kind: 'scalar'; readonly name: ScalarName; readonly key: string }
  | {
      readonly kind: 'literal';
      readonly float: boolean;
      readonly big: boolean;
      /** An integer literal that may be negative (`-1`): a `u32` cannot hold it. */
      readonly negative?: boolean;
      /** A BigInt literal that only `u64` holds (2^63 to 2^64 - 1): alone, it is a `u64`. */
      readonly unsigned?: boolean;
      readonly key: string;
    }
  | {
      readonly kind: 'array';
      readonly element: ScalarType;
      readonly space: AddressSpace;
      /** Dimensions: 1 for typed arrays, more for views. */
      readonly rank: number;
      /** Elements, for fixed-size local and shared arrays; undefined when known only at run time. */
      readonly length: number | undefined;
      readonly key: string;
    }
  | { readonly kind: 'record'; readonly fields: readonly (readonly [string, Type])[]; readonly key: string }
  | { readonly kind: 'tuple'; readonly elements: readonly Type[]; readonly key: string }
  | { readonly kind: 'function'; readonly name: string; readonly id: number; readonly key: string }
  | { readonly kind: 'string'; readonly key: string }
  /** A typed-array constructor (`Float32Array`), as `gpu.sharedArray` takes it. */
  | { readonly kind: 'constructor'; readonly element: ScalarType; readonly key: string }
  | { readonly kind: 'void'; readonly key: string }
  | { readonly kind: 'never'; readonly key: string }
  /**
   * A warp's 16x16 matrix tile held across its lanes (`gpu.matrixLoadA` and the others): an
   * operand A or B of 16-bit floats, or an f32 accumulator; or a warpgroup's 64xN f32
   * accumulator (`gpu.matrixWarpgroupFill`), N its `columns`. Opaque: only the matrix
   * intrinsics take one.
   */
  | {
      readonly kind: 'fragment';
      readonly use: FragmentUse;
      readonly element: ScalarType;
      /** The columns of a warpgroup accumulator (64 rows); undefined for a warp's 16x16 tiles. */
      readonly columns?: number;
      readonly key: string;
    };

/**
 * What a matrix fragment is for: the left or right operand of a warp's product, its
 * accumulator, or a warpgroup's accumulator.
 */
export type FragmentUse = 'a' | 'b' | 'accumulator' | 'warpgroup';

export type ScalarType = Extract<Type, { kind: 'scalar' }>;
export type ArrayType = Extract<Type, { kind: 'array' }>;
export type RecordType = Extract<Type, { kind: 'record' }>;
export type TupleType = Extract<Type, { kind: 'tuple' }>;
export type FunctionType = Extract<Type, { kind: 'function' }>;
export type LiteralType = Extract<Type, { kind: 'literal' }>;
export type FragmentType = Extract<Type, { kind: 'fragment' }>;

/**
 * Each type once, by key, so that types compare by identity; held weakly, as function types (one
 * per device function) and the records holding them come and go with a process's kernels.
 */
const interned = new WeakValueMap<string, Type>();

function intern<T extends Type>(type: T): T {
  const existing = interned.get(type.key);
  if (existing) return existing as T;
  interned.set(type.key, Object.freeze(type) as Type);
  return type;
}

export function scalar(name: ScalarName): ScalarType {
  return intern({ kind: 'scalar', name, key: name });
}

export const bool = scalar('bool');
export const i32 = scalar('i32');
export const u32 = scalar('u32');
export const i64 = scalar('i64');
export const f32 = scalar('f32');
export const f64 = scalar('f64');
export const intLiteral: LiteralType = intern({
  kind: 'literal',
  float: false,
  big: false,
  key: 'int literal',
});
export const negativeIntLiteral: LiteralType = intern({
  kind: 'literal',
  float: false,
  big: false,
  negative: true,
  key: 'negative int literal',
});
export const floatLiteral: LiteralType = intern({
  kind: 'literal',
  float: true,
  big: false,
  key: 'float literal',
});
export const bigLiteral: LiteralType = intern({
  kind: 'literal',
  float: false,
  big: true,
  key: 'bigint literal',
});
export const unsignedBigLiteral: LiteralType = intern({
  kind: 'literal',
  float: false,
  big: true,
  unsigned: true,
  key: 'u64 bigint literal',
});
export const stringType: Type = intern({ kind: 'string', key: 'string' });
export const voidType: Type = intern({ kind: 'void', key: 'void' });
/** The type of an expression that does not complete (a throw). */
export const never: Type = intern({ kind: 'never', key: 'never' });

export function arrayOf(
  element: ScalarType,
  space: AddressSpace = 'global',
  rank = 1,
  length?: number,
): ArrayType {
  const dims = rank === 1 ? '[]' : `[${','.repeat(rank - 1)}]`;
  const where = space === 'global' ? '' : ` ${space}`;
  const size = length === undefined ? '' : `(${length})`;
  return intern({
    kind: 'array',
    element,
    space,
    rank,
    length,
    key: `${element.name}${dims}${where}${size}`,
  });
}

export function record(fields: readonly (readonly [string, Type])[]): RecordType {
  const key = `{${fields.map(([name, type]) => `${name}: ${type.key}`).join(', ')}}`;
  return intern({ kind: 'record', fields, key });
}

export function tuple(elements: readonly Type[]): TupleType {
  return intern({ kind: 'tuple', elements, key: `[${elements.map((t) => t.key).join(', ')}]` });
}

export function constructorType(element: ScalarType): Type {
  return intern({ kind: 'constructor', element, key: `${element.name}[] constructor` });
}

/** The matrix fragment for `use` of `element`s (`f16`/`bf16` operands, `f32` accumulators). */
export function fragmentOf(use: FragmentUse, element: ScalarType): FragmentType {
  const what = use === 'accumulator' ? 'accumulator' : `${use.toUpperCase()} operand`;
  return intern({ kind: 'fragment', use, element, key: `matrix ${what} (${element.name} 16x16)` });
}

/** A warpgroup's 64 x `columns` f32 accumulator (`gpu.matrixWarpgroup*`). */
export function warpgroupAccumulator(columns: number): FragmentType {
  return intern({
    kind: 'fragment',
    use: 'warpgroup',
    element: f32,
    columns,
    key: `warpgroup matrix accumulator (f32 64x${columns})`,
  });
}

export function functionType(name: string, id: number): FunctionType {
  return intern({ kind: 'function', name, id, key: `function ${name}#${id}` });
}

// Not type guards: a false answer says nothing about whether the type is a scalar.
export const isFloat = (t: Type): boolean => t.kind === 'scalar' && (t.name[0] === 'f' || t.name === 'bf16');
export const isInteger = (t: Type): boolean => t.kind === 'scalar' && t.name !== 'bool' && !isFloat(t);
/** Whether a scalar is a 16-bit float (`f16`, `bf16`), a storage-only type. */
export const isHalf = (t: Type): boolean => t.kind === 'scalar' && HALF_SCALARS.includes(t.name);
export const isSigned = (t: ScalarType): boolean => t.name[0] === 'i';
export const isNumeric = (t: Type): boolean => isInteger(t) || isFloat(t) || t.kind === 'literal';
export const is64 = (t: ScalarType): boolean => t.name === 'i64' || t.name === 'u64';

/** The least and greatest values of an integer type of at most 32 bits. */
export function integerRange(t: ScalarType): [number, number] {
  const n = bits(t);
  return isSigned(t) ? [-(2 ** (n - 1)), 2 ** (n - 1) - 1] : [0, 2 ** n - 1];
}

/** Bits of a scalar (bool: 1). */
export function bits(t: ScalarType): number {
  let n = bitsByName.get(t.name);
  if (n === undefined) {
    n = t.name === 'bool' ? 1 : Number(t.name.replace(/^[a-z]+/, ''));
    bitsByName.set(t.name, n);
  }
  return n;
}

/** Widths by scalar name, read once each: inference asks for them per operand per round. */
const bitsByName = new Map<string, number>();

/** The type a value read from an array of `element` has: 16-bit floats read as `f32`. */
export function loaded(element: ScalarType): ScalarType {
  return isHalf(element) ? f32 : element;
}

/** A type as values compute in it: 16-bit floats as `f32`, anything else itself. */
const computed = (t: Type): Type => (t.kind === 'scalar' ? loaded(t) : t);

/**
 * The most scalars a record or tuple may hold: each is a separate value in generated code
 * (and a variable index selects among them), so compile time grows with the count; larger
 * tables belong in typed arrays.
 */
export const AGGREGATE_LIMIT = 1024;

/**
 * The most bytes of an array captured from the scope by value: it becomes a constant of the
 * kernel's code, whose compile time grows with its size (about 7 µs an element); larger arrays
 * are arguments.
 */
export const CAPTURED_BYTES_LIMIT = 1 << 20;

/** The scalars (and arrays, functions...) a type holds, counting through records and tuples. */
export function leafCount(t: Type): number {
  if (t.kind === 'tuple') return t.elements.reduce((n, e) => n + leafCount(e), 0);
  if (t.kind === 'record') return t.fields.reduce((n, [, f]) => n + leafCount(f), 0);
  return 1;
}

/** Whether a type holds an f64 anywhere (as itself, an array's elements, a field). */
export function holdsF64(t: Type): boolean {
  switch (t.kind) {
    case 'scalar':
      return t.name === 'f64';
    case 'array':
      return t.element.name === 'f64';
    case 'record':
      return t.fields.some(([, field]) => holdsF64(field));
    case 'tuple':
      return t.elements.some(holdsF64);
    default:
      return false;
  }
}

/** The type an untyped value takes when nothing else decides it. */
export function concrete(t: Type): Type {
  if (t.kind === 'literal') return t.big ? (t.unsigned ? scalar('u64') : i64) : t.float ? f64 : i32;
  return t;
}

/** Whether a type holds JavaScript BigInts (64-bit integers and bigint literals). */
export const isBig = (t: Type): boolean =>
  (t.kind === 'scalar' && is64(t)) || (t.kind === 'literal' && t.big);

/**
 * The common type of two numeric operands (arithmetic, comparison, joins at control-flow
 * merges), or undefined when there is none. The rules keep results what JavaScript computes:
 * - BigInts (`i64`, `u64`, bigint literals) never mix with numbers, as JavaScript throws;
 * - a literal takes the other side's type, except that a float literal with an integer, or a
 *   negative integer literal with `u32`, gives `f64`;
 * - floats win over integers (the wider float);
 * - integers narrower than 32 bits compute as `i32` (exact, like C's integer promotion);
 * - `i32` with `u32` computes in `f64`, exact as JavaScript's doubles;
 * - `i64` with `u64` has no common type.
 */
export function promote(first: Type, second: Type): Type | undefined {
  // 16-bit floats compute as the f32s they read as.
  const [a, b] = [computed(first), computed(second)];
  if (a === b) return a;
  if (isBig(a) !== isBig(b)) return undefined;
  if (a.kind === 'literal' && b.kind === 'literal')
    return a.float || b.float ? floatLiteral : a.negative || a.unsigned ? a : b;
  if (a.kind === 'literal') return promoteLiteral(a, b);
  if (b.kind === 'literal') return promoteLiteral(b, a);
  if (a.kind !== 'scalar' || b.kind !== 'scalar' || a.name === 'bool' || b.name === 'bool') return undefined;
  if (isFloat(a) || isFloat(b)) {
    if (isFloat(a) && isFloat(b)) return bits(a) >= bits(b) ? a : b;
    return isFloat(a) ? a : b;
  }
  if (isBig(a)) return undefined; // i64 with u64
  const widen = (t: ScalarType) => (bits(t) < 32 ? i32 : t);
  const [x, y] = [widen(a), widen(b)];
  return x === y ? x : f64;
}

function promoteLiteral(literal: LiteralType, other: Type): Type | undefined {
  if (other.kind !== 'scalar' || other.name === 'bool') return undefined;
  // A float literal, or a negative one with a u32, is exact only in f64.
  if ((literal.float && isInteger(other)) || (literal.negative && other === u32)) return f64;
  return bits(other) < 32 && isInteger(other) ? i32 : other;
}

/** The type arithmetic on one operand computes in: small integers widen to `i32`. */
export function arithmetic(t: Type): Type {
  return t.kind === 'scalar' && isInteger(t) && bits(t) < 32 ? i32 : t;
}

/**
 * The join of two types at a control-flow merge: `never` is the identity, numbers promote,
 * except that `f32` with an integer type is `f64`. A merged variable holds one of its values
 * unchanged, as in JavaScript, and only `f64` holds every `f32` and every 32-bit integer; with
 * `f32` the join would not be associative either (`i32 ⊔ u32` is `f64`, so `f32 ⊔ i32` cannot
 * be `f32` if the order of the paths is not to matter). Records with the same field names (in
 * the first's order where both share it, else in the order of the names) and tuples of the same
 * length join component by component; every other type joins only itself.
 */
export function join(first: Type, second: Type): Type | undefined {
  const [a, b] = [computed(first), computed(second)];
  if (a === never) return b;
  if (b === never) return a;
  if (a === b) return a;
  if (a.kind === 'record' || a.kind === 'tuple') return joinComponents(a, b).type;
  if (!isNumeric(a) || !isNumeric(b)) return undefined;
  if ((a === f32 && isInteger(b) && !isBig(b)) || (b === f32 && isInteger(a) && !isBig(a))) return f64;
  return promote(a, b);
}

/**
 * The join of a record or tuple with another type, component by component, or else the path of
 * the first component that does not join (`.mean`, `[1].x`; empty where the shapes differ).
 */
export function joinComponents(a: RecordType | TupleType, b: Type): { type?: Type; conflict: string } {
  if (a.kind === 'record' && b.kind === 'record') {
    if (b.fields.length !== a.fields.length) return { conflict: '' };
    const names = a.fields.map(([name]) => name);
    // Fields in another order: in the order of their names, so that the join is commutative.
    const same = names.every((name, i) => b.fields[i]?.[0] === name);
    const order = same ? names : names.toSorted();
    const pairs = order.map((name) => [`.${name}`, fieldOf(a, name), fieldOf(b, name)] as const);
    const joined = joinPairs(pairs);
    if (typeof joined === 'string') return { conflict: joined };
    return { type: record(order.map((name, i) => [name, joined[i] as Type])), conflict: '' };
  }
  if (a.kind === 'tuple' && b.kind === 'tuple' && a.elements.length === b.elements.length) {
    const joined = joinPairs(a.elements.map((t, i) => [`[${i}]`, t, b.elements[i]] as const));
    if (typeof joined === 'string') return { conflict: joined };
    return { type: tuple(joined), conflict: '' };
  }
  return { conflict: '' };
}

/** The joins of pairs of components, or the path of the first that does not join (empty if absent). */
function joinPairs(
  pairs: readonly (readonly [string, Type | undefined, Type | undefined])[],
): Type[] | string {
  const joined: Type[] = [];
  for (const [path, t, u] of pairs) {
    if (t === undefined || u === undefined) return '';
    const j = join(t, u);
    if (j === undefined) {
      const inner = t.kind === 'record' || t.kind === 'tuple' ? joinComponents(t, u).conflict : '';
      return path + inner;
    }
    joined.push(j);
  }
  return joined;
}

/** The type of a record's field, if it has one of that name. */
export const fieldOf = (t: RecordType, name: string): Type | undefined =>
  t.fields.find(([n]) => n === name)?.[1];

/**
 * Whether a value converts to a type, as storing it into a typed array of that type would (a
 * boolean stores as 0 or 1, except into BigInt arrays, where JavaScript throws).
 */
export function convertible(from: Type, to: Type): boolean {
  if (from === to) return true;
  if (to.kind !== 'scalar') return false;
  if (to.name === 'bool') return from.kind === 'scalar' && from.name === 'bool';
  if (from.kind === 'scalar' && from.name === 'bool') return !isBig(to);
  return isNumeric(from) && isBig(from) === isBig(to);
}

/** Parses a type written as text: `f32`, `f32[]`, `i32[,]` (rank 2), `bool`. */
export function parseType(text: string): Type | undefined {
  const match = /^\s*([a-z0-9]+)\s*(\[(,*)\])?\s*$/.exec(text);
  if (!match) return undefined;
  const name = match[1] as ScalarName;
  if (!(SCALARS as readonly string[]).includes(name)) return undefined;
  const element = scalar(name);
  return match[2] === undefined ? element : arrayOf(element, 'global', (match[3]?.length ?? 0) + 1);
}

/** Writes a type as the language document does. */
export function show(t: Type): string {
  switch (t.kind) {
    case 'function':
      return `function ${t.name}`;
    default:
      return t.key;
  }
}

/** The element type of a JavaScript typed array, as kernels name it (not the 16-bit floats'). */
export type ElementName = 'f32' | 'f64' | 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64';

/** A typed-array constructor. */
export type ArrayConstructor = { new (length: number): TypedArray; readonly name: string };

/** The typed-array constructor of each element type. */
export const ARRAY_CONSTRUCTORS = {
  f32: Float32Array,
  f64: Float64Array,
  i8: Int8Array,
  u8: Uint8Array,
  i16: Int16Array,
  u16: Uint16Array,
  i32: Int32Array,
  u32: Uint32Array,
  i64: BigInt64Array,
  u64: BigUint64Array,
} as const satisfies Record<ElementName, ArrayConstructor>;

/**
 * A number index as i32, as a float index converts (a `convert` marked `index`): the index
 * itself (truncated, -0 as 0) inside the i32 range, else -1, outside every array as bounds
 * checks compare it (unsigned), where JavaScript reads `undefined` at a NaN, infinite or huge
 * index; ToInt32 would wrap those inside (x[NaN] and x[2 ** 32] would read x[0]).
 */
export function indexValue(value: number): number {
  return value >= -(2 ** 31) && value < 2 ** 31 ? Math.trunc(value) | 0 : -1;
}

/** A value converted to a scalar type as a store into a typed array of that type would. */
export function convertValue<V extends number | bigint | boolean | string>(
  value: V,
  to: Type,
): V | number | bigint {
  if (to.kind !== 'scalar') return value;
  if (typeof value === 'bigint')
    return to.name === 'u64' ? BigInt.asUintN(64, value) : BigInt.asIntN(64, value);
  // A boolean stores into a number array as 1 or 0.
  if (typeof value === 'boolean' && to.name !== 'bool' && !is64(to)) return value ? 1 : 0;
  if (typeof value !== 'number') return value;
  switch (to.name) {
    case 'f32':
      return Math.fround(value);
    case 'f16':
      return f16Round(value);
    case 'bf16':
      return bf16Round(value);
    case 'f64':
    case 'bool':
    case 'i64':
    case 'u64':
      return value;
    default: {
      const slot = new ARRAY_CONSTRUCTORS[to.name](1);
      slot[0] = value;
      return slot[0] as number;
    }
  }
}

/**
 * The typed-array constructors kernels know, by name, with their element types. `Float16Array`
 * is JavaScript's where the runtime has one (Node 24 on); elsewhere f16 arrays are
 * `Float16Bits`, and bf16 arrays always `BFloat16Bits` (values.ts).
 */
export const TYPED_ARRAYS: Record<string, string> = {
  Float16Array: 'f16',
  Float16Bits: 'f16',
  BFloat16Bits: 'bf16',
  Float32Array: 'f32',
  Float64Array: 'f64',
  Int8Array: 'i8',
  Uint8Array: 'u8',
  Int16Array: 'i16',
  Uint16Array: 'u16',
  Int32Array: 'i32',
  Uint32Array: 'u32',
  BigInt64Array: 'i64',
  BigUint64Array: 'u64',
};

/** Every typed-array kind a kernel can take. */
export type TypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/**
 * Whether values of a type are JavaScript objects, always truthy: records and tuples (objects and
 * arrays), typed arrays and views, functions and typed-array constructors, matrix fragments.
 */
export function isObject(t: Type): boolean {
  return (
    t.kind === 'record' ||
    t.kind === 'tuple' ||
    t.kind === 'array' ||
    t.kind === 'function' ||
    t.kind === 'constructor' ||
    t.kind === 'fragment'
  );
}
