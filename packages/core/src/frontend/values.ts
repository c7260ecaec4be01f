/**
 * Host values: the kernel-language type of a JavaScript value passed to a kernel or captured by
 * it, the typed scalars `f32(2)` and friends make, and multi-dimensional views of typed arrays.
 */
import { WeakValueMap } from '../support/weak-values.js';
import { bf16Bits, bf16FromBits, f16Bits, f16FromBits } from './half.js';
import {
  arrayOf,
  bool,
  constructorType,
  type FunctionType,
  f64,
  functionType,
  i32,
  i64,
  record,
  type ScalarName,
  scalar,
  TYPED_ARRAYS,
  type Type,
  type TypedArray,
  tuple,
} from './types.js';

/**
 * Whether a number is an integer literal's value: integral, in i32's range, not -0. It lives here,
 * not beside constant folding, so that the host runtime does not load the catalogue folding needs.
 */
export function isInt32Value(value: number): boolean {
  return Number.isInteger(value) && value >= -(2 ** 31) && value < 2 ** 31 && !Object.is(value, -0);
}

/**
 * A row-major multi-dimensional view of a typed array: `view(data, rows, cols)`. Kernels read
 * and write it with `get(i, j)` and `set(i, j, value)`; indices outside the shape read
 * undefined and write nothing, as typed arrays do.
 */
/**
 * A value shared by every copy of gpuc in the process: its ES module and CommonJS builds are two
 * copies when both are loaded (an `f32(2)` from one passed to a launch of the other), so state
 * and class identity go through the global symbol registry, not module variables.
 */
export function processWide<T>(name: string, make: () => T): T {
  const registry = globalThis as Record<symbol, unknown>;
  const key = Symbol.for(`@gpuc/core ${name}`);
  if (!(key in registry)) registry[key] = make();
  return registry[key] as T;
}

/** Makes `instanceof` of a class hold for instances made by any copy of gpuc (see {@link processWide}). */
function brand(cls: { prototype: object }, name: string): void {
  const key = Symbol.for(`@gpuc/core ${name}`);
  Object.defineProperty(cls.prototype, key, { value: true });
  Object.defineProperty(cls, Symbol.hasInstance, {
    value: (value: unknown) => typeof value === 'object' && value !== null && key in value,
  });
}

export class ArrayView<T extends TypedArray = TypedArray> {
  private readonly strides: number[];

  constructor(
    readonly data: T,
    readonly shape: readonly number[],
  ) {
    if (shape.length < 2 || shape.some((n) => !Number.isInteger(n) || n < 0)) {
      throw new RangeError('gpuc: a view has two or more non-negative integer dimensions');
    }
    if (shape.reduce((a, b) => a * b, 1) !== data.length) {
      throw new RangeError(
        `gpuc: a ${shape.join('x')} view needs ${shape.reduce((a, b) => a * b, 1)} elements, not ${data.length}`,
      );
    }
    this.strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  }

  /** All the elements. */
  get length(): number {
    return this.data.length;
  }

  private offset(indices: readonly number[]): number {
    let offset = 0;
    for (let d = 0; d < this.shape.length; d++) {
      const i = indices[d] as number;
      if (!(i >= 0 && i < (this.shape[d] as number))) return -1;
      offset += i * (this.strides[d] as number);
    }
    return offset;
  }

  get(...indices: number[]): T[number] | undefined {
    const at = this.offset(indices);
    return at < 0 ? undefined : this.data[at];
  }

  set(...indicesAndValue: number[]): void {
    const value = indicesAndValue.pop();
    const at = this.offset(indicesAndValue);
    if (at >= 0) (this.data as unknown as unknown[])[at] = value;
  }
}

/** A row-major view of `data` with the given dimensions. */
export function view<T extends TypedArray>(data: T, ...shape: number[]): ArrayView<T> {
  return new ArrayView(data, shape);
}

// Both weak: a function type's id lasts as long as its function, which a process may drop.
const functionIds = new WeakMap<(...args: never[]) => unknown, number>();
const functionsById = new WeakValueMap<number, (...args: never[]) => unknown>();
// A function type holds its function: while a signature or a kernel's types hold the type, the
// function its id names stays there to be compiled (a kernel's argument may be a closure that
// nothing else holds).
const functionsOfTypes = new WeakMap<FunctionType, (...args: never[]) => unknown>();
let lastFunctionId = 0;

/** The JavaScript function behind a function type's id. */
export function functionById(id: number): ((...args: never[]) => unknown) | undefined {
  return functionsById.get(id);
}

const aliases = processWide('deviceAlias', () => new WeakMap<object, string>());

/**
 * Makes a host value stand for a method or intrinsic in kernels: a kernel that reaches the
 * value through its scope calls (or passes) the method `name`, as one that names it does. A
 * plugin's host functions use it, so that one kernel text serves the compiler and the reference
 * runner (which calls the host function). Returns the value.
 */
export function deviceAlias<T extends object>(value: T, name: string): T {
  aliases.set(value, name);
  return value;
}

const namespaces = processWide('namespace', () => new WeakMap<object, string>());

/**
 * Marks gpuc's intrinsic namespace object (`gpu`): kernels reach it by name, never as a value.
 * Returns the value.
 */
export function markNamespace<T extends object>(value: T, name: string): T {
  namespaces.set(value, name);
  return value;
}

/** The namespace a value is (`'gpu'` for gpuc's gpu), or undefined. */
export function namespaceOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? namespaces.get(value) : undefined;
}

/** What a value is, for messages: `string`, `null`, `Map`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  if (typeof value === 'bigint' && valueType(value, false) === undefined) return 'bigint past 64 bits';
  return typeof value;
}

/** How a value reads in an error message: `number 42`, `the string "x"`, `a Map`. */
export function describeInMessage(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (value instanceof TypedScalar) return `${value.scalarType}(${value.valueOf()})`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 20))}`;
  if (typeof value === 'bigint')
    return `the bigint ${value}n${valueType(value, false) === undefined ? ', past 64 bits' : ''}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  if (typeof value === 'function') return `the function ${value.name || '(anonymous)'}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  const name = (value as object).constructor?.name;
  if (!name || name === 'Object') return 'an object';
  return `${/^[AEIO]/.test(name) ? 'an' : 'a'} ${name}`;
}

/** The singleton type of a JavaScript function used as a device function. */
export function typeOfFunction(fn: (...args: never[]) => unknown): FunctionType {
  const alias = aliases.get(fn);
  if (alias !== undefined) return functionType(alias, 0);
  let id = functionIds.get(fn);
  if (id === undefined) {
    id = ++lastFunctionId;
    functionIds.set(fn, id);
    functionsById.set(id, fn);
  }
  const type = functionType(fn.name || 'anonymous', id);
  functionsOfTypes.set(type, fn);
  return type;
}

/**
 * An array of 16-bit floats as their bits: a `Uint16Array` (so it passes, copies and views as
 * one, and holds the exact bits a device reads and writes) whose element type is `f16` or
 * `bf16`. Indexing it gives bits; `value(i)` and `setValue(i, x)` give and take numbers
 * (`setValue` rounds), and inside the reference runner a kernel sees numbers, as compiled code
 * does.
 */
export interface HalfArray extends Uint16Array {
  /** The number element `i` holds (undefined outside the array, as a typed array reads). */
  value(i: number): number | undefined;
  /** Stores x rounded to the element type (nothing outside the array, as a typed array writes). */
  setValue(i: number, x: number): void;
  /** Every element's number. */
  toNumbers(): number[];
}

/** A constructor of {@link HalfArray}s: of a length, of numbers (each rounded), or over memory. */
export interface HalfArrayConstructor {
  new (lengthOrValues: number | ArrayLike<number>): HalfArray;
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): HalfArray;
  /** An array of these numbers, each rounded (numbers, not bits). */
  from(values: Iterable<number> | ArrayLike<number>): HalfArray;
  /** An array of these numbers, each rounded. */
  of(...values: number[]): HalfArray;
  readonly element: 'f16' | 'bf16';
}

function halfArrayClass(name: 'Float16Bits' | 'BFloat16Bits', element: 'f16' | 'bf16'): HalfArrayConstructor {
  const [encode, decode] = element === 'f16' ? [f16Bits, f16FromBits] : [bf16Bits, bf16FromBits];
  const cls = {
    [name]: class extends Uint16Array {
      static readonly element = element;
      constructor(
        lengthOrValues: number | ArrayLike<number> | ArrayBufferLike,
        offset?: number,
        length?: number,
      ) {
        if (typeof lengthOrValues === 'number') super(lengthOrValues);
        // Over memory, as `subarray` and views of a buffer make one: the bits are already there.
        // (A shared buffer is recognised by its tag: a browser page that is not cross-origin
        // isolated has no SharedArrayBuffer global.)
        else if (
          lengthOrValues instanceof ArrayBuffer ||
          Object.prototype.toString.call(lengthOrValues) === '[object SharedArrayBuffer]'
        )
          super(lengthOrValues as ArrayBuffer, offset, length);
        else super(Array.from(lengthOrValues as ArrayLike<number>, encode));
      }
      /** An array of these numbers, each rounded (not of bits, as `Uint16Array.from` would take). */
      static override from(values: Iterable<number> | ArrayLike<number>): Uint16Array<ArrayBuffer> {
        return new this(Array.from(values)) as Uint16Array<ArrayBuffer>;
      }
      /** An array of these numbers, each rounded. */
      static override of(...values: number[]): Uint16Array<ArrayBuffer> {
        return new this(values) as Uint16Array<ArrayBuffer>;
      }
      value(i: number): number | undefined {
        const bits = this[i];
        return bits === undefined ? undefined : decode(bits);
      }
      setValue(i: number, x: number): void {
        if (Number.isInteger(i) && i >= 0 && i < this.length) this[i] = encode(x);
      }
      toNumbers(): number[] {
        return Array.from(this, decode);
      }
    },
  }[name];
  return cls as unknown as HalfArrayConstructor;
}

/** Arrays of f16 values as their bits (JavaScript before Node 24 has no `Float16Array`). */
export const Float16Bits = processWide('Float16Bits', () => halfArrayClass('Float16Bits', 'f16'));
/** Arrays of bf16 values as their bits (JavaScript has no bf16 array). */
export const BFloat16Bits = processWide('BFloat16Bits', () => halfArrayClass('BFloat16Bits', 'bf16'));

/** Whether a value is a {@link HalfArray} (of either format). */
export function isHalfArray(value: unknown): value is HalfArray {
  return value instanceof Float16Bits || value instanceof BFloat16Bits;
}

// The runtime's own constructors (Float16Array only where it has one), and gpuc's 16-bit ones.
const ARRAY_TYPES = new Map<unknown, ScalarName>([
  ...Object.entries(TYPED_ARRAYS)
    .map(([name, element]) => [(globalThis as Record<string, unknown>)[name], element as ScalarName] as const)
    .filter(([kind]) => kind !== undefined),
  [Float16Bits, 'f16'],
  [BFloat16Bits, 'bf16'],
]);

/** The element type of a typed array, by its constructor (undefined for Uint8ClampedArray). */
export function elementOfArray(array: ArrayBufferView): ScalarName | undefined {
  return elementOfConstructor(array.constructor);
}

/** The element type of a typed-array constructor (`f16` for Float16Bits), or undefined. */
export function elementOfConstructor(kind: unknown): ScalarName | undefined {
  return ARRAY_TYPES.get(kind);
}

/** A scalar with an explicit type: what `f32(2)` and friends return on the host. */
export class TypedScalar extends Number {
  constructor(
    value: number,
    readonly scalarType: ScalarName,
  ) {
    super(value);
  }
}
brand(TypedScalar, 'TypedScalar');
brand(ArrayView, 'ArrayView');

/**
 * The kernel-language type of a host value:
 * - a number is `i32` when it is an integer in i32's range (not -0), `f64` otherwise; a bigint is `i64`;
 *   a boolean is `bool`; a scalar made by `f32(2)`, `u32(7)`... has that type;
 * - a typed array is an array of its element type (Uint8ClampedArray has none);
 * - a function is its own singleton type (it becomes a device function);
 * - a plain object with fixed fields is a record, a plain array a tuple, of their values' types.
 * Anything else has no type, and undefined is returned.
 */
export function typeOfValue(value: unknown): Type | undefined {
  return valueType(value, false);
}

/**
 * The type of a value a kernel captures from its scope. Arrays in it are compile-time constants
 * (`constant` space: kernels cannot write them) unless marked with `byReference`.
 */
export function capturedType(value: unknown): Type | undefined {
  return valueType(value, true);
}

const referenced = processWide('byReference', () => new WeakSet<object>());

/**
 * Marks an array (or view) a kernel captures as shared with the host, not copied: the kernel
 * reads its contents at launch time and may write it, as plain JavaScript would. Only targets
 * that can reach host memory accept it (the native one); the compiled code is then bound to
 * this process (never cached on disk). Returns the array.
 */
export function byReference<T extends TypedArray | ArrayView>(array: T): T {
  referenced.add(array);
  return array;
}

/** Whether a value was marked with `byReference`. */
export function isByReference(value: unknown): boolean {
  return typeof value === 'object' && value !== null && referenced.has(value);
}

/**
 * @param within the records and tuples being typed around this value: one that holds itself
 *   has no type (it would be infinite).
 */
/** Faces standing for arrays (the reference runner's, recording accesses), by face. */
const faces = new WeakMap<object, object>();

/**
 * Marks `face` (a Proxy of `array`, which `ArrayBuffer.isView` does not see through) as standing
 * for the array: its type is the array's.
 */
export function markArrayFace(face: object, array: object): void {
  faces.set(face, array);
}

/**
 * The array a value stands for: the array under a face (`markArrayFace`), or the value itself.
 * Host functions kernels call (a plugin's) check arrays with `ArrayBuffer.isView` on this.
 */
export function arrayUnder<T>(value: T): T {
  const under = typeof value === 'object' && value !== null ? faces.get(value) : undefined;
  return (under as T | undefined) ?? value;
}

function valueType(value: unknown, captured: boolean, within: readonly object[] = []): Type | undefined {
  // A face is typed as its array (NaN is no face: it is not even itself).
  const under = typeof value === 'object' && value !== null ? faces.get(value) : undefined;
  if (under) return valueType(under, captured, within);
  const space = captured && !isByReference(value) ? 'constant' : 'global';
  if (value instanceof TypedScalar) return scalar(value.scalarType);
  switch (typeof value) {
    case 'number':
      return isInt32Value(value) ? i32 : f64;
    case 'bigint':
      // The 64-bit type that holds it, as a number is an i32 or an f64 by its value: 2n ** 64n - 1n
      // wrapped into an i64 would compare and divide as -1n. Past 64 bits, none holds it.
      return value === BigInt.asIntN(64, value)
        ? i64
        : value === BigInt.asUintN(64, value)
          ? scalar('u64')
          : undefined;
    case 'boolean':
      return bool;
    case 'function': {
      // A typed-array constructor (`Float16Bits` in the scope) stands for its element type.
      const element = ARRAY_TYPES.get(value);
      if (element !== undefined) return constructorType(scalar(element));
      return typeOfFunction(value as (...args: never[]) => unknown);
    }
    case 'object': {
      if (value === null) return undefined;
      if (aliases.has(value)) return functionType(aliases.get(value) as string, 0);
      if (value instanceof ArrayView) {
        const element = ARRAY_TYPES.get(value.data.constructor);
        return element ? arrayOf(scalar(element), space, value.shape.length) : undefined;
      }
      if (ArrayBuffer.isView(value)) {
        const element = ARRAY_TYPES.get(value.constructor);
        return element ? arrayOf(scalar(element), space) : undefined;
      }
      if (within.includes(value)) return undefined;
      if (Array.isArray(value)) {
        // Array.from reads a hole as undefined, which has no type.
        const elements = Array.from(value, (v) => valueType(v, captured, [...within, value]));
        return elements.every((t) => t !== undefined) ? tuple(elements as Type[]) : undefined;
      }
      if (Object.getPrototypeOf(value) === Object.prototype && !namespaces.has(value)) {
        // A getter may answer differently at each read; a record's fields are fixed values.
        const properties = Object.entries(Object.getOwnPropertyDescriptors(value));
        if (properties.some(([, p]) => !('value' in p))) return undefined;
        const fields = properties.map(
          ([k, p]) => [k, valueType(p.value, captured, [...within, value])] as const,
        );
        return fields.every(([, t]) => t !== undefined) ? record(fields as [string, Type][]) : undefined;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The JavaScript function a function type stands for (undefined for functions known by name). */
export function functionOfType(type: Type): ((...args: never[]) => unknown) | undefined {
  return type.kind === 'function' && type.id !== 0 ? functionsById.get(type.id) : undefined;
}
