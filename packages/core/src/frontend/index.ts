/**
 * The kernel-language front end: JavaScript functions to typed, specialised SSA IR.
 *
 * Pipeline: source -> parse (oxc) -> lower (untyped SSA, cached per source) -> infer (typed IR,
 * one specialization per argument-type tuple, cached and revalidated per world).
 */

import { ErrorCode } from './errors.js';
import { type FunctionInput, parameterRange, type Specialization, specialize, toSource } from './infer.js';
import { intrinsicMethods } from './intrinsics.js';
import { currentWorld, type Method, MethodStack, MethodTable, type Pattern } from './methods.js';
import type { KernelSource } from './source.js';
import { parseType, type Type } from './types.js';
import { describeValue, typeOfValue } from './values.js';

export type { FunctionInput };

/** Device functions defined by applications: the global method table. */
export const globalMethods = new MethodTable('global');

/** Functions of gpuc's own runtime, which every back-end inherits without naming it. */
export const runtimeMethods = new MethodTable('runtime');

/** The stacks made so far, by their overlays: a trie over the tables, weak in each. */
interface StackNode {
  stack?: MethodStack;
  readonly next: WeakMap<MethodTable, StackNode>;
}
const stacks: StackNode = { next: new WeakMap() };

/**
 * The stack a job sees: back-end overlays over the global, runtime and intrinsic tables. The
 * same overlays give the same stack, which the specialization cache needs to reuse what it
 * inferred with it (a new stack per compile inferred every kernel again).
 */
export function methodStack(overlays: readonly MethodTable[] = []): MethodStack {
  let node = stacks;
  for (const table of overlays) {
    let next = node.next.get(table);
    if (next === undefined) {
      next = { next: new WeakMap() };
      node.next.set(table, next);
    }
    node = next;
  }
  node.stack ??= new MethodStack([...overlays, globalMethods, runtimeMethods, intrinsicMethods]);
  return node.stack;
}

const defaultStack = methodStack();

/** One object for "no scope", since scopes key caches by identity. */
const EMPTY_SCOPE: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * Defines a device function in the global table, callable from kernels by its name. Without a
 * signature it accepts any arguments (each call is specialised on its types); a signature of
 * type patterns restricts it, and several methods of one name dispatch on their signatures.
 */
export function defineDevice(
  fn: FunctionInput,
  options: { name?: string; signature?: readonly Pattern[] } = {},
): Method {
  const source = toSource(fn);
  const name =
    options.name ??
    (typeof fn === 'function' ? fn.name : undefined) ??
    /function\s+([\w$]+)/.exec(source.text)?.[1];
  if (!name) throw new Error('gpuc: a device function needs a name (name it, or pass options.name)');
  const define = (count: number) =>
    globalMethods.define(
      name,
      options.signature ?? Array.from({ length: count }, () => ({ kind: 'any' }) as const),
      { kind: 'source', source },
      `${source.file}: ${name}`,
    );
  // A call may leave out the parameters with defaults: a method for each count of arguments.
  const { least, most } = parameterRange(source);
  if (!options.signature) for (let count = least; count < most; count++) define(count);
  return define(most);
}

/** How many parameters a function's source declares. */
export function countParams(source: KernelSource): number {
  return parameterRange(source).most;
}

/** How to infer a kernel. */
export interface InferOptions {
  /** Host values the kernel reads by name. */
  scope?: Readonly<Record<string, unknown>>;
  /** The method stack (default: no back-end overlays). */
  methods?: MethodStack;
  /** The target's name, for errors about intrinsics it cannot do. */
  target?: string;
}

/**
 * Infers a kernel for explicit argument types (`['f32', 'f32[]', 'i32']` or Type objects) or
 * for the host values it will be launched with.
 */
export function inferKernel(
  kernel: FunctionInput,
  args: { types: readonly (Type | string)[] } | { values: readonly unknown[] },
  options: InferOptions = {},
): Specialization {
  const source = toSource(kernel);
  const types =
    'types' in args
      ? args.types.map((t, i) => {
          const type = typeof t === 'string' ? parseType(t) : t;
          if (!type)
            throw source.error(
              ErrorCode.badArgument,
              `argument ${i + 1}: '${String(t)}' is not a type`,
              0,
              1,
            );
          return type;
        })
      : args.values.map((value, i) => {
          const type = typeOfValue(value);
          if (!type)
            throw source.error(
              ErrorCode.badArgument,
              `argument ${i + 1} (${describeValue(value)}) has no kernel type`,
              0,
              1,
            );
          return type;
        });
  return specialize(source, types, {
    methods: options.methods ?? defaultStack,
    scope: options.scope ?? EMPTY_SCOPE,
    world: currentWorld(),
    kernel: true,
    ...(options.target ? { target: options.target } : {}),
  });
}

export {
  CATALOGUE,
  catalogueEntries,
  type Derivative,
  type Entry as CatalogueEntry,
  type IntrinsicName,
  isIntrinsicName,
  type LibraryFunction,
  type LoweredName,
  type MathName,
  mathLibrary,
  type Partial,
  type PartialBuilder,
  type Partials,
  PRINT,
} from './catalogue/index.js';
export { CompileError, ErrorCode, type SourceLocation } from './errors.js';
export { bf16Round, f16Round } from './half.js';
export type { Edge, InferenceEnvironment, Specialization } from './infer.js';
export { lowerSource, provideIR, reversePostorder, sourceOf, specialize, toSource } from './infer.js';
export {
  ARITHMETIC_OPERATIONS,
  type BinaryOperator,
  type Block as IRBlock,
  type CallTarget,
  type CompareOperator,
  emptyBlock,
  type Instruction as IRInstruction,
  type IRFunction,
  type Operation as IROperation,
  QUIET_OPERATIONS,
  type Span,
  successors,
  type Terminator as IRTerminator,
  type UnaryOperator,
} from './ir.js';
export {
  AmbiguityError,
  any,
  arrayOf,
  currentWorld,
  exactly,
  float,
  integer,
  type Method,
  MethodStack,
  MethodTable,
  number,
  type Pattern,
  type RuleContext,
} from './methods.js';
export { printFunction } from './print.js';
export { KernelSource, sourceFromFunction, sourceFromText } from './source.js';
export {
  type ArrayType,
  arrayOf as arrayType,
  bits,
  bool,
  concrete as concreteType,
  convertible,
  convertValue,
  type FragmentType,
  type FunctionType,
  f32 as f32Type,
  f64 as f64Type,
  fieldOf,
  i32 as i32Type,
  indexValue,
  isFloat,
  isInteger,
  isSigned,
  parseType,
  type RecordType,
  record as recordType,
  SCALARS as SCALAR_NAMES,
  type ScalarName,
  type ScalarType,
  scalar as scalarType,
  show,
  type TupleType,
  TYPED_ARRAYS,
  type Type as KernelType,
  type TypedArray,
  tuple as tupleType,
  voidType,
} from './types.js';
export {
  ArrayView,
  arrayUnder,
  BFloat16Bits,
  byReference,
  capturedType,
  deviceAlias,
  elementOfArray,
  Float16Bits,
  functionById,
  functionOfType,
  type HalfArray,
  type HalfArrayConstructor,
  isByReference,
  isHalfArray,
  TypedScalar,
  typeOfFunction,
  typeOfValue,
  view,
} from './values.js';
export { verifyFunction } from './verify.js';
