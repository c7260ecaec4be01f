/**
 * Type inference: one specialization per (function, argument types), Julia-style.
 *
 * Inference copies the function's untyped IR and runs an abstract interpretation over its CFG:
 * every value starts at `never` and grows through the type lattice (`never` < literal < scalar,
 * with numeric promotion at merges) until nothing changes. Calls are dispatched through the
 * method stack as their argument types become known; device functions are inferred recursively
 * (recursion is refused). Then the IR is made concrete: literals take their final types,
 * conversions are inserted where the promotion rules call for them, and every dispatch query
 * is recorded so that a later world can check the result is still valid.
 */
import { kernelCache } from '../support/cache-limits.js';
import { serialNumbers } from '../support/serial-numbers.js';
import { isGeometryGroup } from './catalogue/gpu.js';
import { CompileError, ErrorCode } from './errors.js';
import { constantNumber, ROUNDING } from './fold.js';
import { namespaceToolchain } from './imports.js';
import {
  type BinaryOperator,
  type Block,
  emptyBlock,
  type Instruction,
  type IRFunction,
  literalValue,
  type Operation,
  type Span,
  successors,
  type Terminator,
} from './ir.js';
import { CONSTANTS, lowerFunction, writtenAsFloat } from './lower.js';
import { AmbiguityError, type Method, type MethodStack, type RuleContext } from './methods.js';
import { parseFunction } from './parse.js';
import { endAfter, foldLiteralBranches, forwardSingleMerges, removeUnreachable } from './prune.js';
import { flippedComparison, singleComparison } from './single-compare.js';
import { KernelSource, notAKernel, sourceFromFunction, sourceFromText } from './source.js';
import {
  AGGREGATE_LIMIT,
  arithmetic,
  arrayOf,
  bigLiteral,
  bool,
  CAPTURED_BYTES_LIMIT,
  concrete,
  constructorType,
  convertible,
  convertValue,
  f32,
  f64,
  fieldOf,
  floatLiteral,
  functionType,
  i32,
  indexValue,
  integerRange,
  intLiteral,
  isBig,
  isFloat,
  isHalf,
  isInteger,
  isNumeric,
  isObject,
  isSigned,
  join,
  joinComponents,
  leafCount,
  loaded,
  negativeIntLiteral,
  never,
  promote,
  type RecordType,
  record,
  type ScalarName,
  type ScalarType,
  scalar,
  show,
  stringType,
  type TupleType,
  TYPED_ARRAYS,
  type Type,
  tuple,
  u32,
  unsignedBigLiteral,
  voidType,
} from './types.js';
import { NO_CLAMPED } from './unsupported.js';
import {
  ArrayView,
  capturedType,
  describeValue,
  functionById,
  isByReference,
  isInt32Value,
  namespaceOf,
  typeOfFunction,
} from './values.js';

/** A dispatch query inference made, and what it found. */
export interface Edge {
  readonly name: string;
  readonly args: readonly Type[];
  readonly method: Method | undefined;
}

/** A function inferred for one tuple of argument types. */
export interface Specialization {
  /** Printable: `saxpy(f32, f32[], f32[], i32)`. */
  readonly key: string;
  /** The typed IR. */
  readonly fn: IRFunction;
  readonly argTypes: readonly Type[];
  readonly returnType: Type;
  /** The dispatch queries this function made (callees record their own). */
  readonly edges: readonly Edge[];
  readonly callees: readonly Specialization[];
  /** The method stack it was inferred against, and the newest world it is known valid in. */
  readonly methods: MethodStack;
  world: number;
  /** Small functions are inlined; code generation may rely on it. */
  readonly inline: boolean;
}

/** Whether a specialization, or a function it calls, calls the intrinsic or method `name`. */
export function callsByName(spec: Specialization, name: string, seen = new Set<Specialization>()): boolean {
  if (seen.has(spec)) return false;
  seen.add(spec);
  return (
    spec.edges.some((edge) => edge.name === name) || spec.callees.some((c) => callsByName(c, name, seen))
  );
}

/** What inference resolves free names against. */
export interface InferenceEnvironment {
  readonly methods: MethodStack;
  /** Host values the kernel may read by name (numbers, typed arrays, functions...). */
  readonly scope: Readonly<Record<string, unknown>>;
  readonly world: number;
  /** The target's name, for errors about intrinsics it cannot do. */
  readonly target?: string;
  /**
   * Whether the function inferred first is a kernel: its values go nowhere (JavaScript's caller
   * ignores them), so it may return one on some paths and none on others.
   */
  readonly kernel?: boolean;
}

/** The blocks where `&&` and `||` merge their operands (lowering's labels), by operator. */
const LOGICAL_JOINS: Readonly<Record<string, string>> = { 'and.end': '&&', 'or.end': '||' };

/** Functions small enough that inlining them is the policy. */
const INLINE_LIMIT = 60;
/** The most elements a local or shared array holds: its length is an `i32`. */
const MAX_ARRAY_LENGTH = 2 ** 31 - 1;

/** The `Math` functions whose result is an integer, NaN or an infinity. */
const ROUNDED: ReadonlySet<string> = new Set(['Math.floor', 'Math.ceil', 'Math.round', 'Math.trunc']);

// ---- lowering cache

/** Untyped IR per source and number of arguments passed (defaults fill the others). */
const lowered = new WeakMap<KernelSource, Map<number, IRFunction>>();
/** The same for the nullable variants (`lowerFunction`'s `nullable`), lowered where called so. */
const loweredNullable = new WeakMap<KernelSource, Map<number, IRFunction>>();
/** The key of {@link lowered}'s entry for a source lowered at its declared parameter count. */
const DECLARED = -1;
/** Untyped IR given for sources without text (`provideIR`): one for every call. */
const provided = new WeakMap<KernelSource, IRFunction>();

/**
 * Parameter ranges of parsed sources: each call of a source asks for its range, and parsing a
 * long device function (the device math library's) again at every call site cost more than
 * inferring it.
 */
const ranges = new WeakMap<KernelSource, { least: number; most: number }>();

/** How many arguments a call of a source may pass: from `least` to `most` (defaults fill the rest). */
export function parameterRange(source: KernelSource): { least: number; most: number } {
  const given = provided.get(source);
  if (given) return { least: given.params.length, most: given.params.length };
  let range = ranges.get(source);
  if (!range) {
    const { params } = parseFunction(source);
    // Those after the last parameter without a default value may be left out.
    range = Object.freeze({
      least: params.findLastIndex((p) => p.type !== 'AssignmentPattern') + 1,
      most: params.length,
    });
    ranges.set(source, range);
  }
  return range;
}
/** Held weakly: a function no longer reachable takes its source with it. */
const sources = new WeakMap<(...args: never[]) => unknown, KernelSource>();

/** A kernel or device function: a JavaScript function, source text with its file name, or a located source. */
export type FunctionInput = ((...args: never[]) => unknown) | { text: string; file: string } | KernelSource;

/** The located source of a kernel or device function however it was given. */
export function toSource(input: FunctionInput): KernelSource {
  if (input instanceof KernelSource) return input;
  if (typeof input === 'function') return sourceOf(input);
  const given: unknown = input;
  const text = (given as { text?: unknown } | null)?.text;
  const file = (given as { file?: unknown } | null)?.file;
  if (typeof text !== 'string' || typeof file !== 'string') throw notAKernel(given);
  return sourceFromText(text, file);
}

/** The source of a JavaScript device function (cached: parsing and locating run once). */
export function sourceOf(fn: (...args: never[]) => unknown): KernelSource {
  let source = sources.get(fn);
  if (!source) {
    source = sourceFromFunction(fn);
    sources.set(fn, source);
  }
  return source;
}

/**
 * Gives a source its untyped IR directly: code generated on the IR (a derivative) has no text
 * of its own. The source should locate like the function the IR came from, so that errors in
 * it point there.
 */
export function provideIR(source: KernelSource, fn: IRFunction): void {
  if (provided.has(source) || lowered.has(source)) throw new Error('gpuc: this source already has its IR');
  provided.set(source, fn);
}

/**
 * The untyped IR of a source (cached); `nullable`, of its nullable variant, which returns
 * `[value, defined]` (a source given its IR has none: undefined).
 */
export function lowerSource(source: KernelSource, arity?: number): IRFunction;
export function lowerSource(source: KernelSource, arity: number, nullable: boolean): IRFunction | undefined;
export function lowerSource(source: KernelSource, arity?: number, nullable = false): IRFunction | undefined {
  const given = provided.get(source);
  if (given) return nullable ? undefined : given;
  if (nullable) {
    let byArity = loweredNullable.get(source);
    if (!byArity) {
      byArity = new Map();
      loweredNullable.set(source, byArity);
    }
    const count = arity as number;
    const fn = byArity.get(count) ?? lowerFunction(parseFunction(source), source, count, true);
    byArity.set(count, fn);
    return fn;
  }
  // A lowering already made is found without parsing again (a cache hit costs no parse).
  const known = lowered.get(source)?.get(arity ?? DECLARED);
  if (known) return known;
  const node = parseFunction(source);
  const count = arity ?? node.params.length;
  let byArity = lowered.get(source);
  if (!byArity) {
    byArity = new Map();
    lowered.set(source, byArity);
  }
  const fn = byArity.get(count) ?? lowerFunction(node, source, count);
  byArity.set(count, fn);
  if (arity === undefined) byArity.set(DECLARED, fn);
  return fn;
}

// ---- the specialization cache

/**
 * The least recently used dropped past the `kernels` cache limit (support/cache-limits.ts): a
 * process that keeps making kernels keeps a bounded number. A specialization dropped is inferred
 * again when next asked for; callers that hold one (their callees) keep theirs.
 */
const specializations = kernelCache<Specialization>();

/** Whether a specialization's dispatch queries, and its callees', still give the same methods. */
function stillValid(spec: Specialization, world: number): boolean {
  if (spec.world === world) return true;
  for (const edge of spec.edges) {
    let now: Method | undefined;
    try {
      now = spec.methods.lookup(edge.name, edge.args, world);
    } catch {
      return false;
    }
    if (now !== edge.method) return false;
  }
  if (!spec.callees.every((callee) => stillValid(callee, world))) return false;
  spec.world = world;
  return true;
}

const sourceId = serialNumbers<KernelSource>();

/**
 * Infers a function for argument types, reusing a cached specialization while its dispatch
 * queries still give the same methods.
 */
export function specialize(
  source: KernelSource,
  argTypes: readonly Type[],
  env: InferenceEnvironment,
  stack: readonly string[] = [],
  nullable = false,
): Specialization {
  const untyped = nullable
    ? (lowerSource(source, argTypes.length, true) as IRFunction)
    : lowerSource(source, argTypes.length);
  // Type keys, not shown names: two functions of one name are two types (their ids tell them apart).
  const kernel = env.kernel && stack.length === 0 ? '|kernel' : '';
  const variant = nullable ? '|nullable' : '';
  const cacheKey = `${sourceId(source)}|${untyped.name}(${argTypes.map((t) => t.key).join(', ')})|${scopeKey(env)}${kernel}${variant}`;
  const cached = specializations().get(cacheKey);
  if (cached && cached.methods === env.methods && stillValid(cached, env.world)) return cached;
  const spec = inferFunction(untyped, argTypes, env, [...stack, cacheKey]);
  specializations().set(cacheKey, spec);
  return spec;
}

/** Infers untyped IR for argument types, without the specialization cache. */
export function inferFunction(
  untyped: IRFunction,
  argTypes: readonly Type[],
  env: InferenceEnvironment,
  stack: readonly string[] = [],
): Specialization {
  const key = `${untyped.name}(${argTypes.map(show).join(', ')})`;
  return new Inference(untyped, argTypes, key, env, stack).run();
}

const scopeKeys = new WeakMap<object, string>();
let nextScopeId = 1;

/**
 * Scopes are compared by identity and by the types of their values: a kernel compiled with
 * another scope object, or after a name in it was given a value of another type, is another job.
 */
function scopeKey(env: InferenceEnvironment): string {
  let key = scopeKeys.get(env.scope);
  if (key === undefined) {
    key = `scope${nextScopeId++}`;
    scopeKeys.set(env.scope, key);
  }
  const types = Object.keys(env.scope).map((name) => `${name}:${capturedType(env.scope[name])?.key ?? '?'}`);
  return `${key}{${types.join(',')}}`;
}

// ---- inference of one function

class Inference {
  private readonly fn: IRFunction;
  private readonly edges: Edge[] = [];
  private readonly callees = new Map<Instruction, Specialization>();
  /** Functions intrinsic rules specialized (callees that no call of this function targets). */
  private readonly ruleCallees = new Set<Specialization>();
  private readonly methods = new Map<Instruction, Method>();
  private readonly errors = new Map<Instruction, CompileError>();
  /** Integer phis compared with values outside their type's range: they are widened to f64. */
  private readonly widened = new Set<Instruction>();
  /** The arguments of intrinsic calls their rules take as indices: converted as an index is. */
  private readonly indexArguments = new Map<Instruction, Set<number>>();
  private widenedGrew = false;
  /**
   * Phis that held only literals when types converged: a variable is not a literal, so they take
   * the literal's default type (`let s = 0; s = j + u` with `j` a loop counter and `u: u32` is
   * f64, as JavaScript computes, not a u32 sum that wraps), and inference runs again.
   */
  private readonly pinned = new Set<Instruction>();
  /**
   * The instructions of array lengths folded into types (`Math.ceil(N / 32)`): once folded they
   * compute nothing, and left in the IR they would be values a target may lack (an f64 on Metal
   * and WebGPU) where the kernel has none.
   */
  private readonly foldedLengths = new Set<Instruction>();

  constructor(
    untyped: IRFunction,
    private readonly argTypes: readonly Type[],
    private readonly key: string,
    private readonly env: InferenceEnvironment,
    private readonly stack: readonly string[],
  ) {
    this.fn = cloneFunction(untyped);
  }

  private get source(): KernelSource {
    return this.fn.source;
  }

  /** Throws the error of the earliest place in the source, if any instruction has one. */
  private throwFirstError(): void {
    const [firstError] = [...this.errors.values()].sort(
      (a, b) => a.location.line - b.location.line || a.location.column - b.location.column,
    );
    if (firstError) throw firstError;
  }

  private fail(code: Parameters<KernelSource['error']>[0], message: string, span: Span): never {
    throw (span.source ?? this.source).error(code, message, span.start, span.end);
  }

  run(): Specialization {
    const { fn } = this;
    if (this.argTypes.length !== fn.params.length) {
      const where = fn.params[0]?.span ?? { start: 0, end: 1 };
      this.fail(
        ErrorCode.arity,
        `${fn.name} takes ${arguments_(fn.params.length)}, not ${this.argTypes.length}`,
        where,
      );
    }
    // 16-bit floats are array elements only; no parameter holds one.
    this.argTypes.forEach((t, i) => {
      if (isHalf(t))
        this.fail(
          ErrorCode.typeMismatch,
          `a parameter cannot be ${show(t)}: 16-bit floats are array elements (${show(t)}[]), and a scalar of one is an f32`,
          fn.params[i]?.span ?? { start: 0, end: 1 },
        );
    });
    let order = reversePostorder(fn);
    // Rounds until no type changes. An error in a round may be an artefact of types that are
    // still growing (a loop variable seen as an integer before the float assigned to it), so
    // errors are kept per instruction and only the final round's count. That round also
    // records the dispatch queries and callees, which must reflect the final types: each round
    // records afresh, so the last (which changed nothing) leaves what a round more would.
    for (let round = 0, changed = true; changed; round++) {
      if (round > 1000) {
        // An error inside a loop can keep types from settling: its instruction is `never` in one
        // round, so its operands differ in the next and it is fine, then fails again. The error
        // of either of two rounds is the answer.
        for (let again = 0; again < 2; again++) {
          this.round(order);
          this.throwFirstError();
        }
        throw new Error(`gpuc: inference of ${this.key} did not converge`);
      }
      this.forgetRecords();
      changed = this.round(order) || this.pinLiteralPhis(order);
    }
    this.throwFirstError();
    const ended = this.prune(order);
    if (ended !== undefined) order = reversePostorder(fn);
    const returnType = this.returnType(order);
    fn.returnType = returnType;
    for (const block of ended ?? []) this.leaveAfterThrow(block, returnType);
    this.materialize(order, returnType);
    const size = fn.blocks.reduce((n, b) => n + b.body.length + b.phis.length, 0);
    return {
      key: this.key,
      fn,
      argTypes: this.argTypes,
      returnType,
      edges: this.edges,
      callees: [...new Set([...this.callees.values(), ...this.ruleCallees])],
      methods: this.env.methods,
      world: this.env.world,
      inline: size <= INLINE_LIMIT,
    };
  }

  /**
   * Where an operand is written: its own span when it was computed inside the instruction's
   * expression (a constant, a sub-expression), else the instruction's (a variable's value was
   * computed where it was assigned).
   */
  private operandSpan(inst: Instruction, i: number): Span {
    const written = inst.argSpans?.[i];
    // Offsets in the instruction's own source (inlined code keeps its callee's).
    if (written) return { ...inst.span, start: written.start, end: written.end };
    const arg = inst.args[i];
    return arg &&
      arg.span.source === inst.span.source &&
      arg.span.start >= inst.span.start &&
      arg.span.end <= inst.span.end
      ? arg.span
      : inst.span;
  }

  /**
   * Forgets what earlier rounds recorded (dispatch queries, call targets, folded lengths): a
   * round's records are those of its types.
   */
  private forgetRecords(): void {
    this.edges.length = 0;
    this.callees.clear();
    this.ruleCallees.clear();
    this.methods.clear();
    this.foldedLengths.clear();
  }

  /** Refuses a record or tuple past the aggregate limit, at the value that makes it. */
  private bounded(type: Type, inst: Instruction): Type {
    if ((type.kind === 'tuple' || type.kind === 'record') && leafCount(type) > AGGREGATE_LIMIT)
      this.fail(
        ErrorCode.tooLarge,
        `this ${type.kind} holds ${leafCount(type)} values, more than the ${AGGREGATE_LIMIT} a kernel's records and tuples may hold; pass a typed array instead`,
        inst.span,
      );
    return type;
  }

  /** One pass over the blocks; whether any type changed. */
  private round(order: Block[]): boolean {
    let changed = false;
    this.widenedGrew = false;
    // Phis, then the body, without joining them in a new array each round.
    for (const block of order) {
      for (const inst of block.phis) changed = this.retype(inst) || changed;
      for (const inst of block.body) changed = this.retype(inst) || changed;
    }
    return changed || this.widenedGrew;
  }

  /** Types an instruction from its operands' current types, keeping its error; whether it changed. */
  private retype(inst: Instruction): boolean {
    let type: Type;
    try {
      type = this.evaluate(inst);
      // Most functions have no errors at all: no lookup then.
      if (this.errors.size > 0) this.errors.delete(inst);
    } catch (error) {
      if (!(error instanceof CompileError)) throw error;
      this.errors.set(inst, error);
      type = never;
    }
    if (type === inst.type) return false;
    inst.type = type;
    return true;
  }

  /** Refuses a write into `array` (`inst`'s first operand) where it is a tuple or record. */
  private mutable(array: Type, inst: Instruction): void {
    if (array.kind === 'tuple' || array.kind === 'record')
      this.fail(
        ErrorCode.invalidAssignment,
        'tuples and records are immutable in kernels',
        this.operandSpan(inst, 0),
      );
  }

  /**
   * Whether the edge from `from` to `to` is taken where `from` branches on an object's truth
   * (always true in JavaScript): false for the side a false condition takes; undefined where
   * `from` branches on no object.
   */
  private objectTruth(from: Block, to: Block): boolean | undefined {
    const t = from.terminator;
    if (t?.kind !== 'branch' || t.ifTrue === t.ifFalse || t.condition.op !== 'truthy') return undefined;
    const value = t.condition.args[0] as Instruction;
    if (!isObject(this.typeOf(value))) return undefined;
    return to === t.ifTrue;
  }

  /**
   * An object's truth (a record, tuple, array or function as a condition, `if (r)`, `!t`,
   * `r && x`) is true, as in JavaScript: the truth of a constant `true` in its place, which
   * {@link foldLiteralBranches} then folds.
   */
  private foldObjectTruths(order: Block[]): void {
    for (const block of order)
      for (const inst of block.body) {
        const value = inst.args[0];
        if (inst.op !== 'truthy' || value === undefined || !isObject(this.typeOf(value))) continue;
        const truth = Object.assign(
          { op: 'const' as const, value: true },
          { id: this.fn.nextId++, args: [], type: bool, span: inst.span, block },
        ) as Instruction;
        block.body.splice(block.body.indexOf(inst), 0, truth);
        inst.args = [truth];
      }
  }

  /**
   * Removes what the converged types show never runs ({@link foldLiteralBranches}, {@link
   * endAfter}): the blocks ended after a call that never returns, or undefined where nothing
   * changed.
   */
  private prune(order: Block[]): Block[] | undefined {
    this.foldObjectTruths(order);
    let changed = foldLiteralBranches(this.fn);
    const ended: Block[] = [];
    for (const block of order) {
      const call = block.body.find(
        (inst) => inst.type === never && this.callees.get(inst)?.returnType === never,
      );
      if (call === undefined) continue;
      endAfter(block, call);
      ended.push(block);
      changed = true;
    }
    if (!changed) return undefined;
    const reachable = new Set(reversePostorder(this.fn));
    removeUnreachable(this.fn, reachable);
    forwardSingleMerges(this.fn);
    return ended.filter((block) => reachable.has(block));
  }

  /**
   * A function whose callee threw (a device exception, reported) returns as a `throw` does:
   * nothing, or a zero of its type, so that the thread finishes.
   */
  private leaveAfterThrow(block: Block, returnType: Type): void {
    const { span } = block.terminator as Terminator;
    if (returnType === voidType || returnType === never) {
      block.terminator = { kind: 'return', value: undefined, span };
      return;
    }
    const zero = zeroOf(returnType);
    const value = Object.assign(
      zero === undefined ? { op: 'undef' as const } : { op: 'const' as const, value: zero },
      { id: this.fn.nextId++, args: [], type: returnType, span, block },
    ) as Instruction;
    block.body.push(value);
    block.terminator = { kind: 'return', value, span };
  }

  /** Pins the phis whose converged type is a literal (see {@link pinned}); whether any was new. */
  private pinLiteralPhis(order: Block[]): boolean {
    let grew = false;
    for (const block of order)
      for (const phi of block.phis)
        if (phi.type?.kind === 'literal' && !this.pinned.has(phi)) {
          this.pinned.add(phi);
          grew = true;
        }
    return grew;
  }

  private typeOf(inst: Instruction): Type {
    return inst.type ?? never;
  }

  /** The type of an instruction from its operands' current types. */
  private evaluate(inst: Instruction): Type {
    // Runs once per instruction per round: a loop, not a closure per call.
    const args: Type[] = new Array(inst.args.length);
    for (let i = 0; i < args.length; i++) args[i] = this.typeOf(inst.args[i] as Instruction);
    switch (inst.op) {
      case 'phi': {
        let type: Type = never;
        for (let i = 0; i < inst.args.length; i++) {
          const arg = inst.args[i] as Instruction;
          // `r && x` of an object `r`: JavaScript never yields `r`, as for `true && x`.
          if (this.objectTruth(inst.blocks[i] as Block, inst.block) === false) continue;
          const next = join(type, this.typeOf(arg));
          if (next === undefined) {
            const from = inst.blocks[i] as Block;
            // The merge of a `||` or `&&` as a value; a variable's (`x ||= v`) is any merge's.
            const logical = inst.value ? LOGICAL_JOINS[inst.block.label] : undefined;
            this.fail(
              ErrorCode.unstableType,
              logical
                ? `the operands of '${logical}' are ${show(type)} and ${show(this.typeOf(arg))}; as a value, '${logical}' yields one of them, so both must be numbers or both booleans (convert one explicitly)`
                : `this value is ${show(type)} on one path and ${show(this.typeOf(arg))} on another (from ${from.label})${unmerged(type, this.typeOf(arg))}; convert one explicitly`,
              inst.span,
            );
          }
          type = next;
        }
        if (this.widened.has(inst)) type = join(type, floatLiteral) ?? type;
        return this.pinned.has(inst) && type.kind === 'literal' ? concrete(type) : type;
      }
      case 'const':
        return constantType(
          inst.value,
          inst.float ??
            writtenAsFloat((inst.span.source ?? this.source).text.slice(inst.span.start, inst.span.end)),
        );
      case 'undef':
        return never;
      case 'param':
        return this.bounded(this.argTypes[inst.index] as Type, inst);
      case 'global': {
        // A string of the scope is a constant, as a string literal is: a member's key
        // (`rec[KEY]`), nothing else.
        const value = Object.hasOwn(this.env.scope, inst.name) ? this.env.scope[inst.name] : undefined;
        if (typeof value === 'string') {
          Object.assign(inst, { op: 'const', value });
          return stringType;
        }
        return this.bounded(this.globalType(inst.name, inst.span), inst);
      }
      default:
        if (args.includes(never)) return never; // an operand is not known yet
    }
    switch (inst.op) {
      case 'unary':
        return this.unaryType(inst.operator, args[0] as Type, inst.span);
      case 'binary': {
        // `x++` of a BigInt adds 1n (see `materialize`).
        const operands = inst.step && isBig(args[0] as Type) ? [args[0] as Type, bigLiteral] : args;
        this.refuseWrappedBigLiteral(inst, operands);
        const [a, b] = ARITHMETIC.has(inst.operator) ? fitLiterals(inst, operands) : operands;
        const type = this.binaryType(inst.operator, a as Type, b as Type, inst.span);
        // A float power is Math.pow, dispatched like a call: a back-end may overlay it.
        if (inst.operator === '**' && isFloat(concrete(type))) {
          const float = concrete(type);
          return this.dispatch(inst, 'Math.pow', [float, float]);
        }
        return type;
      }
      case 'compare': {
        this.refuseWrappedBigLiteral(inst, args);
        const [a, b] = args as [Type, Type];
        const comparable =
          isNumeric(a) && isNumeric(b) ? promote(a, b) : a === bool && b === bool ? bool : undefined;
        if (
          comparable === undefined ||
          (inst.operator !== '==' && inst.operator !== '!=' && comparable === bool)
        ) {
          this.fail(ErrorCode.typeMismatch, `cannot compare ${show(a)} with ${show(b)}`, inst.span);
        }
        if (inst.loopTest) {
          this.widenCounters(inst.args[0] as Instruction, inst.args[1] as Instruction);
          this.widenCounters(inst.args[1] as Instruction, inst.args[0] as Instruction);
        }
        return bool;
      }
      case 'truthy': {
        const t = args[0] as Type;
        if (t !== bool && !isNumeric(t) && !isObject(t))
          this.fail(
            ErrorCode.typeMismatch,
            `a condition must be a boolean, a number or an object, not ${show(t)}`,
            inst.span,
          );
        return bool;
      }
      case 'call':
        if (inst.keyed) return this.keyedCall(inst, inst.keyed);
        return this.callType(inst, inst.name, args);
      case 'callvalue':
        return this.callValueType(inst, args);
      case 'index': {
        // A constant string key (a const name bound to a literal, a string of the scope) names
        // a member, as written after a dot (`const k = 'x'; r[k]` is `r.x`): the read becomes
        // that member's.
        const name = this.memberKey(inst);
        if (name !== undefined) {
          Object.assign(inst, name === 'length' ? { op: 'length' } : { op: 'field', name }, {
            args: [inst.args[0]],
            argSpans: inst.argSpans?.slice(0, 1),
          });
          return this.evaluate(inst);
        }
        // `t[i] ??= v` assigns where `i` is outside: a JavaScript array (a tuple) grows there.
        if (inst.assigned === true) this.mutable(args[0] as Type, inst);
        if (this.neverRead(inst, args[0] as Type)) return this.evaluate(inst);
        return this.indexType(args[0] as Type, args[1] as Type, inst);
      }
      case 'store': {
        if (inst.undefinedValue === true) return this.undefinedStore(inst, args[0] as Type);
        const [array, index, value] = args as [Type, Type, Type];
        this.mutable(array, inst);
        // A constant key names a member (`const k = 'length'; a[k] = 1`), which no array has
        // writable.
        const name = this.memberKey(inst);
        if (name !== undefined)
          this.fail(
            ErrorCode.invalidAssignment,
            name === 'length'
              ? "an array's length cannot be assigned: arrays in kernels have a fixed length"
              : `${show(array)} has no member '${name}' to assign`,
            this.operandSpan(inst, 1),
          );
        this.indexType(array, index, inst);
        this.writable(array, this.operandSpan(inst, 0));
        const element = (array as Extract<Type, { kind: 'array' }>).element;
        if (!convertible(value, element)) {
          this.fail(
            ErrorCode.typeMismatch,
            `cannot store a ${show(value)} into a ${show(array)}`,
            this.operandSpan(inst, 2),
          );
        }
        return voidType;
      }
      case 'length': {
        const t = args[0] as Type;
        // A constant string's length (a literal's, a const bound to one, the scope's) is a
        // constant, as JavaScript's: the read becomes that number.
        const operand = inst.args[0] as Instruction;
        if (operand.op === 'const' && typeof operand.value === 'string') {
          Object.assign(inst, { op: 'const', value: operand.value.length, float: false, args: [] });
          return this.evaluate(inst);
        }
        // A record may have a field named `length` (`{ a: 1, length: 2 }.length` is 2).
        if (t.kind === 'record' && t.fields.some(([name]) => name === 'length')) {
          Object.assign(inst, { op: 'field', name: 'length' });
          return this.evaluate(inst);
        }
        if (t.kind !== 'array' && t.kind !== 'tuple')
          this.fail(ErrorCode.unknownMember, `${show(t)} has no length`, inst.span);
        return i32;
      }
      case 'field':
        if (args[0]?.kind === 'array' && /^\d+$/.test(inst.name)) return this.patternElement(inst);
        return this.fieldType(args[0] as Type, inst.name, inst.span);
      case 'record':
        return this.bounded(
          record(
            inst.names.map((name, i) => [
              name,
              this.fieldValueType(args[i] as Type, inst.args[i] as Instruction),
            ]),
          ),
          inst,
        );
      case 'tuple':
        return this.bounded(
          tuple(args.map((t, i) => this.fieldValueType(t, inst.args[i] as Instruction))),
          inst,
        );
      case 'newarray':
        // Generated IR (a derivative's tape) gives the length itself.
        if (inst.args.length > 0) inst.length = this.constantLength(inst, 0, 'a local array', inst.lengthAt);
        return arrayOf(scalar(inst.element as ScalarName), 'local', 1, inst.length);
      case 'print':
        for (const [i, t] of args.entries()) {
          if (!isNumeric(t) && t !== bool)
            this.fail(
              ErrorCode.typeMismatch,
              `console.log cannot print a ${show(t)}`,
              this.operandSpan(inst, i),
            );
        }
        return voidType;
      case 'convert': {
        // Only generated IR has conversions before inference; they name their type.
        const to = inst.to ?? (inst.type as Type);
        if (!convertible(args[0] as Type, to))
          this.fail(
            ErrorCode.typeMismatch,
            `cannot convert ${show(args[0] as Type)} to ${show(to)}`,
            inst.span,
          );
        return to;
      }
      default:
        throw new Error(`gpuc: inference does not know ${(inst as Instruction).op}`);
    }
  }

  /**
   * A loop counter must stop where JavaScript's does: an integer variable (a phi) compared, in
   * a loop's condition, with a value its type cannot hold (`i < 3e9`, an `i32` with a `u32`, a `u32` with a signed
   * value) or with a constant at the edge of its range (`i >= -2147483648`), and an unsigned
   * one compared with anything (`u >= 1` stepped down by 2 wraps past 0), could wrap before the
   * comparison fails, and loop forever. Such phis, and those the compared value is computed
   * from by `+ - *`, `? :` and calls, are widened to f64 (exact to 2^53); where that value is a
   * float, its unsigned counters only. A signed counter compared with a value
   * of its own type (`i < n` with `n: i32`) or a constant inside its range stays an integer.
   */
  private widenCounters(value: Instruction, other: Instruction): void {
    const t = concrete(this.typeOf(value));
    if (t.kind !== 'scalar' || isBig(t)) return;
    // A float compared value (`Math.max(u, -1) >= 0`, `u * 0.5 >= lo`): only the unsigned
    // counters in it are widened, which could wrap whatever they are compared with.
    const unsignedOnly = !isInteger(t);
    if (unsignedOnly && !isFloat(t)) return;
    // An unsigned counter stepped down past 0 wraps where JavaScript's goes negative, escaping
    // any bound at or near 0 (`u >= 1` with `u -= 2`, `u >= lo` with `lo` 0): always widened.
    if (!unsignedOnly && isSigned(t) && !this.mayWrap(t, other)) return;
    this.widenCountersIn(value, unsignedOnly, 0);
  }

  /** Widens the counters `inst` is computed from (see {@link widenCounters}), to a depth of 8. */
  private widenCountersIn(inst: Instruction, unsignedOnly: boolean, depth: number): void {
    if (depth > 8) return;
    // An expression's merge (`c ? u : v`) is no variable: the variables are in its arms.
    if (inst.op === 'phi' && inst.value) {
      for (const arg of inst.args) this.widenCountersIn(arg, unsignedOnly, depth + 1);
    } else if (inst.op === 'phi') {
      if (unsignedOnly && !this.isUnsignedInteger(inst)) return;
      if (this.holdsReadValues(inst, new Set())) return;
      if (!this.widened.has(inst)) {
        this.widened.add(inst);
        this.widenedGrew = true;
      }
    } else if (
      (inst.op === 'binary' && ['+', '-', '*'].includes(inst.operator)) ||
      (inst.op === 'unary' && inst.operator === '-') ||
      inst.op === 'convert' ||
      // A call of the counter (`Math.max(u, -1) >= 0`, `f(u) >= 0`) wraps with it.
      inst.op === 'call' ||
      inst.op === 'callvalue'
    ) {
      for (const arg of inst.args) this.widenCountersIn(arg, unsignedOnly, depth + 1);
    }
  }

  /**
   * Whether a variable (a phi) only ever holds values read whole, merged through other
   * variables: elements, atomics' old values, parameters and constants its type holds. None is
   * computed by arithmetic that could wrap, so it holds JavaScript's value and is no counter
   * (a compare-and-swap loop's `old = seen` on a `Uint32Array`).
   */
  private holdsReadValues(phi: Instruction, seen: Set<Instruction>): boolean {
    if (seen.has(phi)) return true;
    seen.add(phi);
    const type = this.typeOf(phi);
    // A merge not typed yet (a later block's, in the first round) is judged in a later round.
    if (type === never) return true;
    const t = concrete(type);
    if (t.kind !== 'scalar' || !isInteger(t) || isBig(t)) return false;
    const [low, high] = integerRange(t);
    return phi.args.every((arg) => {
      switch (arg.op) {
        case 'phi':
          return this.holdsReadValues(arg, seen);
        case 'index':
        case 'param':
        case 'undef':
          return true;
        case 'const':
          return (
            typeof arg.value === 'number' &&
            Number.isInteger(arg.value) &&
            arg.value >= low &&
            arg.value <= high
          );
        case 'call':
          return arg.name.startsWith('gpu.atomic');
        default:
          return false;
      }
    });
  }

  /** Whether a value is an unsigned integer of 32 bits or fewer. */
  private isUnsignedInteger(inst: Instruction): boolean {
    const p = concrete(this.typeOf(inst));
    return p.kind === 'scalar' && isInteger(p) && !isSigned(p) && !isBig(p);
  }

  /**
   * Whether a signed counter compared with `other` could wrap before the comparison fails: a
   * value its type cannot hold, or a constant at the edge of its range.
   */
  private mayWrap(t: ScalarType, other: Instruction): boolean {
    const [low, high] = integerRange(t);
    if (other.op === 'const' && typeof other.value === 'number')
      return other.value <= low || other.value >= high;
    const o = concrete(this.typeOf(other));
    if (o.kind === 'scalar' && isInteger(o) && !isBig(o)) {
      const [otherLow, otherHigh] = integerRange(o);
      return otherLow < low || otherHigh > high;
    }
    return isFloat(o);
  }

  private fieldValueType(t: Type, inst: Instruction): Type {
    if (t === voidType || t === stringType)
      this.fail(ErrorCode.typeMismatch, `a ${show(t)} cannot be stored in a record or tuple`, inst.span);
    return t.kind === 'literal' ? concrete(t) : t;
  }

  /** Fails on a write to a captured array: it was copied in at compile time. */
  private writable(array: Type, span: Span): void {
    if (array.kind === 'array' && array.space === 'constant')
      this.fail(
        ErrorCode.readOnly,
        `cannot write a ${show(array)}: arrays captured from the scope are constants (pass it as an argument, or capture it with byReference(array) where the target allows)`,
        span,
      );
  }

  /** Refuses an array captured by value past the size compiled code may hold as a constant. */
  private capturable(name: string, value: unknown, span: Span): void {
    const data = value instanceof ArrayView ? value.data : value;
    if (!ArrayBuffer.isView(data) || isByReference(value) || data.byteLength <= CAPTURED_BYTES_LIMIT) return;
    this.fail(
      ErrorCode.tooLarge,
      `the scope's '${name}' holds ${data.byteLength} bytes; an array captured from the scope is compiled into the kernel as a constant, up to ${CAPTURED_BYTES_LIMIT} bytes: pass it as an argument instead`,
      span,
    );
  }

  private globalType(name: string, span: Span): Type {
    if (Object.hasOwn(this.env.scope, name)) {
      const value = this.env.scope[name];
      const namespace = namespaceOf(value);
      if (namespace !== undefined)
        this.fail(
          ErrorCode.unsupported,
          `the scope's '${name}' is gpuc's ${namespace}: kernels reach it by its name, or by the name the kernel's file imports it as (import { ${namespace} as ${name} } from '@gpuc/core'); leave it out of the scope`,
          span,
        );
      const type = capturedType(value);
      if (type === undefined) {
        this.fail(
          ErrorCode.badArgument,
          `the scope's '${name}' (${describeValue(value)}) has no kernel type (numbers, typed arrays, functions, records and tuples do)`,
          span,
        );
      }
      this.capturable(name, value, span);
      return type;
    }
    if (this.env.methods.has(name, this.env.world)) return functionType(name, 0);
    const element = TYPED_ARRAYS[name];
    if (element !== undefined) return constructorType(scalar(element as ScalarName));
    if (name === 'Uint8ClampedArray') this.fail(ErrorCode.unsupported, NO_CLAMPED, span);
    const toolchain = namespaceToolchain(name);
    return this.fail(
      ErrorCode.unknownName,
      toolchain
        ? `'${name}' looks like ${toolchain}'s name for an imported module, which the kernel's file on disk does not show (its text was transformed in memory): import gpuc's names from '@gpuc/core' and pass device functions in the kernel's scope ({ scope: { square } }), or compile the file to disk first`
        : `'${name}' is not defined here; pass host values in the kernel's scope ({ scope: { ${name} } }) and define device functions with defineDevice`,
      span,
    );
  }

  /**
   * A BigInt literal outside the other operand's type (`u < -1n` with `u: u64`) wraps into it,
   * which changes the result of a comparison, `/ % ** << >>` (JavaScript uses the exact value);
   * refused there. (`+ - * & | ^` give the same result modulo 2^64 either way.) Two literals
   * compute in the type of their own that holds them: `10n ** 21n % 1000n` is refused.
   */
  private refuseWrappedBigLiteral(
    inst: Instruction & { op: 'binary' | 'compare' },
    types: readonly Type[],
  ): void {
    if (WRAP_EXACT.has(inst.operator) || !types.some(isLiteral)) return;
    for (let i = 0; i < types.length; i++) {
      const t = types[i] as Type;
      const other = types[1 - i] as Type;
      const arg = inst.args[i] as Instruction;
      const value = literalValue(arg);
      // A shifted literal only u64 holds stays u64 whatever the count's type (see binaryType).
      const own = i === 0 && t === unsignedBigLiteral && (inst.operator === '<<' || inst.operator === '>>');
      const into = own ? scalar('u64') : isBig(other) ? concrete(promote(t, other) ?? other) : undefined;
      if (t.kind !== 'literal' || typeof value !== 'bigint' || into === undefined) continue;
      const wrapped = into === scalar('u64') ? BigInt.asUintN(64, value) : BigInt.asIntN(64, value);
      if (wrapped === value) continue;
      this.fail(
        ErrorCode.typeMismatch,
        `${value}n is outside ${show(into)}, and '${inst.operator}' would use it wrapped to ${wrapped}n where JavaScript uses its exact value; write a value in range`,
        arg.span,
      );
    }
  }

  private unaryType(operator: string, t: Type, span: Span): Type {
    if (operator === '!') return bool;
    if (!isNumeric(t))
      this.fail(ErrorCode.typeMismatch, `the '${operator}' operator needs a number, not ${show(t)}`, span);
    if (operator === '+' && isBig(t))
      this.fail(
        ErrorCode.typeMismatch,
        'unary + is a TypeError on BigInts in JavaScript; use Number()',
        span,
      );
    // Negated, a literal only u64 holds is no u64 (lowering folds one written so).
    if (t === unsignedBigLiteral) return bigLiteral;
    if (operator === '~') return isBig(t) ? (t.kind === 'literal' ? t : arithmetic(t)) : i32;
    return arithmetic(t);
  }

  private binaryType(operator: BinaryOperator, a: Type, b: Type, span: Span): Type {
    if (!isNumeric(a) || !isNumeric(b)) {
      this.fail(
        ErrorCode.typeMismatch,
        `the '${operator}' operator needs numbers, not ${show(a)} and ${show(b)}`,
        span,
      );
    }
    // A BigInt shifted by a count of the other BigInt type (a ballot's u64 mask by
    // BigInt(lane), an i64) keeps its own type: the count is only compared and negated. So does
    // a literal only u64 holds (0xffffffffffffffffn << BigInt(lane)).
    if ((operator === '<<' || operator === '>>') && isBig(a) && isBig(b)) {
      const shifted = promote(a, b);
      if (shifted === undefined || (a === unsignedBigLiteral && concrete(shifted) !== scalar('u64')))
        return concrete(a);
    }
    const common = promote(a, b);
    if (common === undefined) {
      const why =
        isBig(a) !== isBig(b)
          ? ' (JavaScript cannot mix BigInts and numbers; convert with BigInt() or Number())'
          : '';
      this.fail(ErrorCode.typeMismatch, `no common type for ${show(a)} ${operator} ${show(b)}${why}`, span);
    }
    const big = isBig(common);
    switch (operator) {
      case '&':
      case '|':
      case '^':
      case '<<':
      case '>>':
        // JavaScript converts both operands to int32; BigInts keep their width.
        return big ? common : i32;
      case '>>>':
        if (big) this.fail(ErrorCode.typeMismatch, "BigInts have no '>>>' in JavaScript", span);
        return u32;
      case '/':
      case '**':
        // Integer division and powers give doubles in JavaScript; BigInts stay integers.
        if (big || isFloat(common)) return common;
        return common.kind === 'literal' ? floatLiteral : f64;
      default:
        return arithmetic(common);
    }
  }

  /**
   * Whether a float value is integral by construction, and so an index: a widened loop counter
   * (f64 only so that its loop stops where JavaScript's does), a `Math.floor`, `ceil`, `round`
   * or `trunc` result, a variable assigned only such values, or `+ - * %` of those and integers.
   * NaN and the infinities among them, `%` by zero's NaN and values beyond i32 convert to an
   * index outside every array (`coerceIndex`), and under `??` the guard compares the float itself
   * with the bounds first: outside, as in JavaScript.
   */
  private counterIndex(inst: Instruction, depth = 0, merging = new Set<Instruction>()): boolean {
    if (this.widened.has(inst)) return true;
    if (inst.op === 'call' && ROUNDED.has(inst.name)) return true;
    if (inst.op === 'phi' && !inst.value) {
      // A loop's variable reaches itself: assumed integral there, as its other values decide.
      if (merging.has(inst)) return true;
      merging.add(inst);
      return inst.args.every((arg) => {
        const t = this.typeOf(arg);
        return (
          arg.op === 'undef' ||
          t === never ||
          isInteger(t) ||
          (t.kind === 'literal' && !t.float && !t.big) ||
          this.counterIndex(arg, depth + 1, merging)
        );
      });
    }
    if (depth > 8 || inst.op !== 'binary' || !['+', '-', '*', '%'].includes(inst.operator)) return false;
    const counters = inst.args.map((arg) => this.counterIndex(arg, depth + 1, merging));
    return (
      counters.some(Boolean) &&
      inst.args.every((arg, i) => {
        const t = this.typeOf(arg);
        return counters[i] || isInteger(t) || (t.kind === 'literal' && !t.float && !t.big);
      })
    );
  }

  /**
   * Whether a value of type `type` is an index: an integer, or a float known to hold one (a
   * widened loop counter, a constant with an integral value: `x[-0]`, `x[8 / 2]`, `x[1.0]`).
   * Array accesses and the intrinsics indexing arrays (atomics) take the same indices.
   */
  private isIndex(type: Type, position: Instruction): boolean {
    return (
      isInteger(type) ||
      (type.kind === 'literal' && !type.float && !type.big) ||
      (isFloat(concrete(type)) && this.counterIndex(position)) ||
      (position.op === 'const' && Number.isInteger(position.value))
    );
  }

  /**
   * Whether argument `i` of a call (of type `type`) is an index; one that is is converted as an
   * index is (see {@link coerceIndex}).
   */
  private takeIndex(inst: Instruction, i: number, type: Type): boolean {
    if (!this.isIndex(type, inst.args[i] as Instruction)) return false;
    const indices = this.indexArguments.get(inst) ?? new Set<number>();
    indices.add(i);
    this.indexArguments.set(inst, indices);
    return true;
  }

  /**
   * The member an index or store's key names where it is a constant string (a const name bound
   * to a literal, a string of the scope); a number held in one is refused (index with it).
   */
  private memberKey(inst: Instruction): string | undefined {
    const key = inst.args[1] as Instruction;
    if (key.op !== 'const' || typeof key.value !== 'string') return undefined;
    const name = key.value;
    if (String(Number(name)) === name)
      this.fail(
        ErrorCode.badIndex,
        `the key '${name}' is a number held in a string: index with the number (x[${name}])`,
        this.operandSpan(inst, 1),
      );
    return name;
  }

  /**
   * JavaScript's store of `undefined` in an element outside `array` (`a[i] ??= b[j]`, both
   * outside): a BigInt array's conversion of it throws a TypeError, which a kernel does not
   * raise, so it is refused; any other array converts it to NaN or 0 and writes nothing, and
   * the store becomes a constant nothing reads.
   */
  private undefinedStore(inst: Instruction, array: Type): Type {
    if (array.kind === 'array' && isBig(array.element)) {
      const { span } = inst;
      const written = (span.source ?? this.source).text.slice(span.start, span.end);
      this.fail(
        ErrorCode.unsupported,
        `this element may be outside its array, where JavaScript assigns undefined to the ${show(array)}'s element and its conversion to a BigInt throws a TypeError; assign \`${written} ?? value\` instead`,
        span,
      );
    }
    Object.assign(inst, { op: 'const', value: 0, args: [], argSpans: undefined });
    return this.evaluate(inst);
  }

  /**
   * Whether a read under `a[i] ?? b` (lower.ts, `elementOr`) has a constant index outside its
   * array or tuple, and so never runs: it becomes a constant of the element's kind, which no
   * back-end reads, where an index outside would be a `bad-index` error (or a WGSL one).
   */
  private neverRead(inst: Instruction, array: Type): boolean {
    const position = inst.args[1] as Instruction;
    if (inst.op !== 'index' || inst.guarded !== true) return false;
    if (position.op !== 'const' || typeof position.value !== 'number') return false;
    const length =
      array.kind === 'tuple' ? array.elements.length : array.kind === 'array' ? array.length : undefined;
    if (position.value >= 0 && (length === undefined || position.value < length)) return false;
    const element =
      array.kind === 'tuple' ? array.elements[0] : array.kind === 'array' ? array.element : undefined;
    const value = element === undefined ? 0 : (zeroOf(element) ?? 0);
    Object.assign(inst, { op: 'const', value, args: [], argSpans: undefined });
    return true;
  }

  private indexType(array: Type, index: Type, inst: Instruction): Type {
    const position = inst.args[1] as Instruction;
    if (index === stringType)
      this.fail(
        ErrorCode.badIndex,
        "a key computed as the kernel runs: members are read by constant names (r.x, r['x'], or a const string) and arrays by integers",
        this.operandSpan(inst, 1),
      );
    if (!this.isIndex(index, position)) {
      this.fail(
        ErrorCode.badIndex,
        isFloat(concrete(index))
          ? `an index must be an integer, not ${show(index)}: \`/\` and \`**\` give floats even of integers (gpu.blockDim.x / 2 is f64); write (a / b) | 0 or a >> 1 for an integer`
          : `an index must be an integer, not ${show(index)}`,
        this.operandSpan(inst, 1),
      );
    }
    if (array.kind === 'tuple') {
      if (position.op !== 'const' || typeof position.value !== 'number')
        return this.variableTupleIndex(array, inst);
      const element = array.elements[position.value];
      if (element === undefined)
        this.fail(
          ErrorCode.badIndex,
          `index ${position.value} is outside ${show(array)}`,
          this.operandSpan(inst, 1),
        );
      return element;
    }
    if (array === stringType) this.fail(ErrorCode.unsupported, STRING_CHARACTERS, inst.span);
    if (array.kind !== 'array') this.fail(ErrorCode.typeMismatch, `cannot index a ${show(array)}`, inst.span);
    if (array.rank !== 1)
      this.fail(ErrorCode.badIndex, `a ${array.rank}-dimensional view is indexed with .get(i, j)`, inst.span);
    // A negative constant is outside every array: JavaScript reads undefined and writes nothing
    // there, where unchecked compiled code would reach the memory before it.
    if (position.op === 'const' && typeof position.value === 'number' && position.value < 0)
      this.fail(
        ErrorCode.badIndex,
        `index ${position.value} is outside every array (JavaScript reads undefined there and writes nothing)`,
        this.operandSpan(inst, 1),
      );
    if (array.length !== undefined && position.op === 'const' && typeof position.value === 'number') {
      if (position.value >= array.length) {
        this.fail(
          ErrorCode.badIndex,
          `index ${position.value} is outside an array of ${array.length}`,
          this.operandSpan(inst, 1),
        );
      }
    }
    return loaded(array.element);
  }

  /**
   * A tuple indexed with a variable: its elements must merge (numbers, or booleans), and the
   * element read is converted to the merged type. Code generation selects the element.
   */
  private variableTupleIndex(tuple: Extract<Type, { kind: 'tuple' }>, inst: Instruction): Type {
    let type: Type | undefined = never;
    for (const element of tuple.elements) type = type && join(type, element);
    if (type === undefined || type === never || (!isNumeric(type) && type !== bool)) {
      this.fail(
        ErrorCode.badIndex,
        `only a tuple of numbers or of booleans can be indexed with a variable; this ${show(tuple)} needs a constant index`,
        this.operandSpan(inst, 1),
      );
    }
    return type;
  }

  /**
   * Element `n` of an array an array pattern destructures (`const [a, b] = x`, `[a, b] = x`),
   * which JavaScript's iterator of a typed array yields: the element read `x[n]`, as written
   * (past the end, as any read there: unchecked, or a device exception under `boundsCheck`; a
   * `bad-index` error past a local array's fixed length), its constant index placed before it.
   */
  private patternElement(inst: Instruction & { op: 'field' }): Type {
    const [position] = this.insertTyped(inst, [{ op: 'const', value: Number(inst.name), float: false }]);
    Object.assign(inst, { op: 'index', name: undefined, args: [inst.args[0], position] });
    return this.evaluate(inst);
  }

  private fieldType(t: Type, name: string, span: Span): Type {
    if (t.kind === 'record') {
      const field = fieldOf(t, name);
      if (field !== undefined) return field;
      this.fail(ErrorCode.unknownMember, `${show(t)} has no field '${name}'`, span);
    }
    if (t.kind === 'tuple' && /^\d+$/.test(name)) {
      const element = t.elements[Number(name)];
      if (element) return element;
      this.fail(ErrorCode.unknownMember, `${show(t)} has no element ${name}`, span);
    }
    // JavaScript's string methods (charCodeAt, at, slice...) are refused as such.
    if (t === stringType && name in String.prototype)
      this.fail(ErrorCode.unsupported, `.${name}: ${STRING_CHARACTERS}`, span);
    // A view's extents and data are the host object's, not the kernel value's.
    const view =
      t.kind === 'array' && t.rank > 1
        ? ': a view in a kernel has get, set and length; pass its extents as arguments'
        : '';
    return this.fail(ErrorCode.unknownMember, `a ${show(t)} has no member '${name}'${view}`, span);
  }

  // ---- calls

  /**
   * A namespace member named by keys lowering could not read (`Math[KEY](x)`, `KEY` a string
   * of the scope): the member, as if written after a dot, once each key is a constant string.
   */
  private keyedCall(inst: Instruction & { op: 'call' }, path: readonly (string | undefined)[]): Type {
    let name = inst.name;
    let next = 0;
    for (const member of path) {
      const key = member === undefined ? (inst.args[next] as Instruction) : undefined;
      if (key !== undefined && (key.op !== 'const' || typeof key.value !== 'string'))
        this.fail(
          ErrorCode.badIndex,
          `a member of ${name} is named by a constant string key: ${name}['name'], or a const bound to one`,
          this.operandSpan(inst, next),
        );
      if (key !== undefined) next++;
      name = `${name}.${member ?? (key as Instruction & { value: string }).value}`;
    }
    const constant = inst.property ? CONSTANTS[name] : undefined;
    // Its format is read as the kernel is lowered.
    if (name === 'console.log')
      this.fail(ErrorCode.unsupported, 'console.log is called by its name here: console.log(...)', inst.span);
    if (inst.property && constant === undefined && isGeometryGroup(name)) return this.keyedGroup(inst, name);
    const rest = { args: inst.args.slice(next), argSpans: inst.argSpans?.slice(next), keyed: undefined };
    // Rounding a literal folds as lowering folds `Math.floor(7 / 2)`: an integer literal.
    const rounding = inst.property ? undefined : ROUNDING[name];
    const [only] = rest.args;
    const rounded =
      rounding && rest.args.length === 1 && only?.op === 'const' && typeof only.value === 'number'
        ? rounding(only.value)
        : undefined;
    Object.assign(
      inst,
      rounded !== undefined
        ? { op: 'const', value: rounded, float: false, ...rest, args: [], argSpans: undefined }
        : constant === undefined
          ? { name, ...rest }
          : { op: 'const', value: constant, ...rest },
    );
    return this.evaluate(inst);
  }

  /**
   * A geometry group named by a key, as a value (`const t = gpu[G]`): the record of its axes,
   * as lowering makes of `gpu.threadIdx` written out. The axes' reads go before it in its block,
   * typed now (this round has passed them).
   */
  private keyedGroup(inst: Instruction & { op: 'call' }, name: string): Type {
    const axes = ['x', 'y', 'z'];
    const reads = this.insertTyped(
      inst,
      axes.map((axis) => ({ op: 'call', name: `${name}.${axis}`, property: true })),
    );
    Object.assign(inst, { op: 'record', names: axes, args: reads, argSpans: undefined, keyed: undefined });
    return this.evaluate(inst);
  }

  /**
   * Instructions of no operands made of `ops` (each an op and its fields), typed now and placed
   * before `inst` in its block at its span: what a construct rewritten here reads first.
   */
  private insertTyped(inst: Instruction, ops: readonly Operation[]): Instruction[] {
    const made = ops.map((op) => {
      const fields = { id: this.fn.nextId++, args: [], type: undefined, span: inst.span, block: inst.block };
      const one = Object.assign({}, op, fields) as Instruction;
      one.type = this.evaluate(one);
      return one;
    });
    const body = inst.block.body;
    body.splice(body.indexOf(inst), 0, ...made);
    return made;
  }

  private callType(inst: Instruction, name: string, args: Type[]): Type {
    if (name === 'gpu.sharedArray') {
      // Typed here (the length must be a constant), generated by the back-end's intrinsic.
      this.checkArity(inst, name, args);
      const type = this.sharedArrayType(inst);
      // The length is an integer constant by now, however written (`32.0`, `64 / 2`).
      const concreteArgs = args.map((arg, i) => (i === 1 && !isInteger(concrete(arg)) ? i32 : concrete(arg)));
      const method = this.env.methods.lookup(name, concreteArgs, this.env.world);
      this.recordEdge(name, concreteArgs, method);
      if (method?.implementation.kind === 'unsupported') {
        this.fail(
          ErrorCode.unsupportedOnTarget,
          `${name} is not supported on ${method.implementation.target}`,
          inst.span,
        );
      }
      if (method) this.methods.set(inst, method);
      return type;
    }
    if (name.startsWith('.')) return this.methodCallType(inst, name.slice(1), args);
    if (Object.hasOwn(this.env.scope, name)) {
      const value = this.env.scope[name];
      if (typeof value !== 'function')
        this.fail(ErrorCode.typeMismatch, `'${name}' in the scope is not a function`, inst.span);
      return this.callFunctionValue(inst, typeOfFunction(value as (...args: never[]) => unknown), args);
    }
    const renamed = this.env.methods.has(name, this.env.world)
      ? undefined
      : renamedScopeFunction(this.env.scope, name);
    if (renamed) return this.callFunctionValue(inst, typeOfFunction(renamed), args);
    return this.dispatch(inst, name, args);
  }

  private callValueType(inst: Instruction, args: Type[]): Type {
    const [callee, ...rest] = args as [Type, ...Type[]];
    if (callee.kind !== 'function')
      this.fail(ErrorCode.typeMismatch, `a ${show(callee)} is not callable`, inst.span);
    return this.callFunctionValue(inst, callee, rest);
  }

  private callFunctionValue(
    inst: Instruction,
    callee: Extract<Type, { kind: 'function' }>,
    args: Type[],
  ): Type {
    if (callee.id === 0) return this.dispatch(inst, callee.name, args);
    const fn = functionById(callee.id) as (...args: never[]) => unknown;
    return this.callSource(inst, sourceOf(fn), args);
  }

  private dispatch(inst: Instruction, name: string, args: Type[]): Type {
    const method = this.lookupRecorded(name, args.map(concrete), inst);
    if (method === undefined) {
      if (!this.env.methods.has(name, this.env.world)) {
        if (this.env.methods.has(`${name}.x`, this.env.world))
          this.fail(
            ErrorCode.unsupported,
            `'${name}' can only be used to reach its members (${name}.x, .y, .z)`,
            inst.span,
          );
        const dot = name.lastIndexOf('.');
        this.fail(
          ErrorCode.unknownName,
          dot > 0
            ? `${name.slice(0, dot)} has no member '${name.slice(dot + 1)}' kernels know (docs/language.md lists the intrinsics)`
            : `'${name}' is not a device function or intrinsic; define it with defineDevice or pass it in the scope`,
          inst.span,
        );
      }
      if (inst.op === 'call' && inst.property === true)
        this.fail(ErrorCode.unsupported, `${name} is a function: write ${name}(...)`, inst.span);
      this.checkArity(inst, name, args);
      this.fail(ErrorCode.noMethod, `no method of ${name} takes (${args.map(show).join(', ')})`, inst.span);
    }
    this.methods.set(inst, method);
    const implementation = method.implementation;
    switch (implementation.kind) {
      case 'source':
        return this.callSource(inst, implementation.source, args);
      case 'unsupported':
        return this.fail(
          ErrorCode.unsupportedOnTarget,
          `${name} is not supported on ${implementation.target}`,
          inst.span,
        );
      case 'intrinsic': {
        // The call's value was lowered as a nullable variant's `[value, defined]`, which an
        // intrinsic has not (a method table's, called by a plain name: a back-end's).
        if ((inst.op === 'call' || inst.op === 'callvalue') && inst.nullable === true)
          this.fail(
            ErrorCode.unsupported,
            `${name} is an intrinsic, never undefined: \`??\` over this call cannot take it (call it outside the \`??\`)`,
            inst.span,
          );
        const written = inst.op === 'call' && inst.property === true;
        if (written !== (implementation.property ?? false)) {
          const form = implementation.property
            ? `a property: write ${name}`
            : `a function: write ${name}(...)`;
          this.fail(ErrorCode.unsupported, `${name} is ${form}`, inst.span);
        }
        const result = implementation.result(args, this.ruleContext(inst, name));
        if (typeof result === 'string') this.fail(ErrorCode.typeMismatch, `${name}: ${result}`, inst.span);
        return result;
      }
    }
  }

  /** Refuses a call whose argument count no method of the name takes (`Math.imul(3)`). */
  private checkArity(inst: Instruction, name: string, args: readonly Type[]): void {
    const counts = this.env.methods.arities(name, this.env.world);
    if (counts === undefined || counts.length === 0 || counts.includes(args.length)) return;
    const last = counts.pop() as number;
    const takes = counts.length > 0 ? `${counts.join(', ')} or ${arguments_(last)}` : arguments_(last);
    this.fail(ErrorCode.arity, `${name} takes ${takes}, not ${args.length}`, inst.span);
  }

  /**
   * The context an intrinsic's rule is given for a call, made once per call and name: every
   * round asks again, and what it holds reads the inference's state when used.
   */
  private ruleContext(inst: Instruction, name: string): RuleContext {
    const made = this.ruleContexts.get(inst);
    if (made?.name === name) return made.context;
    const context = this.newRuleContext(inst, name);
    this.ruleContexts.set(inst, { name, context });
    return context;
  }

  private readonly ruleContexts = new Map<Instruction, { name: string; context: RuleContext }>();

  private newRuleContext(inst: Instruction, name: string): RuleContext {
    const { env } = this;
    const first = inst.op === 'callvalue' ? 1 : 0;
    return {
      call: inst,
      refuse: (argument, message, code = ErrorCode.typeMismatch) =>
        this.fail(code, `${name}: ${message}`, this.operandSpan(inst, first + argument)),
      scope: env.scope,
      methods: env.methods,
      world: env.world,
      specialize: (callee, args) => {
        const concreteArgs = args.map(concrete);
        let source: KernelSource | undefined;
        if (callee.kind === 'function' && callee.id !== 0) {
          source = sourceOf(functionById(callee.id) as (...args: never[]) => unknown);
        } else if (callee.kind === 'function') {
          const method = this.lookupRecorded(callee.name, concreteArgs, inst);
          if (method === undefined) this.checkArity(inst, callee.name, concreteArgs);
          if (method?.implementation.kind !== 'source') {
            this.fail(
              ErrorCode.typeMismatch,
              `${callee.name}(${concreteArgs.map(show).join(', ')}) is not a device function written in JavaScript`,
              inst.span,
            );
          }
          source = method.implementation.source;
        } else {
          this.fail(ErrorCode.typeMismatch, `a ${show(callee)} is not a function`, inst.span);
        }
        // A rule's callee is an argument of the call (autodiff's f), not the function it names.
        const spec = this.specializeCallee(inst, source, concreteArgs, callee.name);
        this.ruleCallees.add(spec);
        return spec;
      },
      lookup: (name, args) => this.lookupRecorded(name, args.map(concrete), inst),
      index: (argument) =>
        this.takeIndex(inst, first + argument, this.typeOf(inst.args[first + argument] as Instruction)),
    };
  }

  private lookupRecorded(name: string, args: readonly Type[], inst: Instruction): Method | undefined {
    let method: Method | undefined;
    try {
      method = this.env.methods.lookup(name, args, this.env.world);
    } catch (error) {
      if (!(error instanceof AmbiguityError)) throw error;
      this.fail(ErrorCode.ambiguousMethod, error.message, inst.span);
    }
    this.recordEdge(name, args, method);
    return method;
  }

  private recordEdge(name: string, args: readonly Type[], method: Method | undefined): void {
    const known = this.edges.some(
      (e) =>
        e.name === name &&
        e.method === method &&
        e.args.every((t, i) => t === args[i]) &&
        e.args.length === args.length,
    );
    if (!known) this.edges.push({ name, args, method });
  }

  private callSource(inst: Instruction, source: KernelSource, args: Type[]): Type {
    const callee = this.specializeCallee(inst, source, args.map(concrete));
    this.callees.set(inst, callee);
    return callee.returnType;
  }

  /**
   * A callee's specialization, refusing wrong arity and recursion; `calledAs` names it where the
   * call is not to it by name.
   */
  private specializeCallee(
    inst: Instruction,
    source: KernelSource,
    args: readonly Type[],
    calledAs?: string,
  ): Specialization {
    // Lowered with every parameter first: what it cannot take (a rest parameter) is said at it.
    const written = lowerSource(source);
    const { least, most } = parameterRange(source);
    if (args.length < least || args.length > most) {
      // Called by name, the name the call uses (an arrow function in the scope has none of its own).
      const name = calledAs ?? (inst.op === 'call' && !inst.name.startsWith('.') ? inst.name : written.name);
      const takes = least === most ? arguments_(most) : `${least} to ${arguments_(most)}`;
      this.fail(ErrorCode.arity, `${name} takes ${takes}, not ${args.length}`, inst.span);
    }
    const nullable = (inst.op === 'call' || inst.op === 'callvalue') && inst.nullable === true;
    if (nullable && lowerSource(source, args.length, true) === undefined)
      this.fail(
        ErrorCode.unsupported,
        `${written.name} has no source text, so whether it returns undefined is unknown: \`??\` cannot take its value`,
        inst.span,
      );
    const untyped = lowerSource(source, args.length);
    const key = `${sourceId(source)}|${untyped.name}(${args.map(show).join(', ')})|${scopeKey(this.env)}`;
    if (this.stack.includes(key) || this.stack.includes(`${key}|nullable`)) {
      this.fail(
        ErrorCode.recursion,
        `${untyped.name} calls itself (directly or through others); kernels cannot recurse`,
        inst.span,
      );
    }
    return specialize(source, args, this.env, this.stack, nullable);
  }

  private methodCallType(inst: Instruction, method: string, args: Type[]): Type {
    const [receiver, ...rest] = args as [Type, ...Type[]];
    if (receiver.kind === 'array' && receiver.rank > 1 && (method === 'get' || method === 'set')) {
      const indices = method === 'get' ? rest : rest.slice(0, -1);
      if (indices.length !== receiver.rank)
        this.fail(
          ErrorCode.arity,
          `.${method} on a rank-${receiver.rank} view takes ${receiver.rank} indices`,
          inst.span,
        );
      // An index as an array access takes it (`1.0`, a counter in f64), converted the same way.
      indices.forEach((index, j) => {
        if (!this.takeIndex(inst, 1 + j, index))
          this.fail(ErrorCode.badIndex, `view indices must be integers, not ${show(index)}`, inst.span);
      });
      if (method === 'get') return loaded(receiver.element);
      this.writable(receiver, inst.span);
      const value = rest[rest.length - 1] as Type;
      if (!convertible(value, receiver.element))
        this.fail(
          ErrorCode.typeMismatch,
          `cannot store a ${show(value)} into a ${show(receiver)}`,
          inst.span,
        );
      return voidType;
    }
    return this.fail(ErrorCode.unknownMember, `a ${show(receiver)} has no method '${method}'`, inst.span);
  }

  private sharedArrayType(inst: Instruction): Type {
    const [arrayKind, length] = inst.args;
    const kind = arrayKind?.type;
    if (kind?.kind !== 'constructor')
      this.fail(
        ErrorCode.typeMismatch,
        'gpu.sharedArray takes a typed-array constructor first: gpu.sharedArray(Float32Array, 256)',
        inst.span,
      );
    if (length === undefined)
      this.fail(ErrorCode.notConstant, 'the length of a shared array must be a positive constant', inst.span);
    return arrayOf(kind.element, 'shared', 1, this.constantLength(inst, 1, 'a shared array'));
  }

  /**
   * The value of an array length operand: a constant expression over literals, `const`s and
   * numbers in the scope, folded as JavaScript computes it.
   */
  private constantLength(inst: Instruction, i: number, what: string, at?: Span): number {
    const value = constantNumber(inst.args[i] as Instruction, this.scopeNumber, 0, this.scopeLength);
    const length = this.checkLength(value, at ?? this.operandSpan(inst, i), what);
    this.foldedLengths.add(inst.args[i] as Instruction);
    return length;
  }

  /** A number the scope holds under a name (made once: lengths are asked every round). */
  private readonly scopeNumber = (name: string): number | undefined => {
    const value = this.scopeValue(name);
    return typeof value === 'number' || value instanceof Number ? Number(value) : undefined;
  };

  /** The length of an array or string the scope holds under a name. */
  private readonly scopeLength = (name: string): number | undefined => {
    const value = this.scopeValue(name);
    return Array.isArray(value) ||
      ArrayBuffer.isView(value) ||
      value instanceof ArrayView ||
      typeof value === 'string'
      ? (value as { length: number }).length
      : undefined;
  };

  private scopeValue(name: string): unknown {
    return Object.hasOwn(this.env.scope, name) ? this.env.scope[name] : undefined;
  }

  private checkLength(value: number | undefined, span: Span, what: string): number {
    if (value === undefined || !Number.isInteger(value) || value <= 0) {
      const shown = value === undefined ? '' : ` (this one is ${value})`;
      this.fail(
        ErrorCode.notConstant,
        `the length of ${what} must be a positive integer constant: a literal, a const or a scope number, or an expression of them${shown}`,
        span,
      );
    }
    // `.length` and indices are i32: a longer array would wrap them (its allocation too).
    if (value > MAX_ARRAY_LENGTH)
      this.fail(
        ErrorCode.tooLarge,
        `${what} holds at most 2^31 - 1 elements (its length is an i32), not ${value}`,
        span,
      );
    return value;
  }

  // ---- results

  private returnType(order: Block[]): Type {
    // A kernel's values go nowhere (JavaScript's caller ignores them): it may return one on some
    // paths and none on others, or values of types that do not merge.
    const kernel = this.env.kernel === true && this.stack.length === 1;
    let type: Type | undefined = never;
    let withValue: Span | undefined;
    let without: Span | undefined;
    for (const block of order) {
      const t = block.terminator;
      if (t?.kind !== 'return') continue;
      if (t.value === undefined) {
        without = t.span;
        continue;
      }
      withValue = t.span;
      const next: Type | undefined = type && join(type, this.typeOf(t.value));
      if (next === undefined && !kernel) {
        this.fail(
          ErrorCode.unstableType,
          `${this.fn.name} returns ${show(this.typeOf(t.value))} here and ${show(type ?? never)} elsewhere${unmerged(type ?? never, this.typeOf(t.value))}`,
          t.span,
        );
      }
      type = next;
    }
    if (kernel && withValue && (without || type === undefined)) {
      // Its returns keep what they computed and return nothing.
      for (const block of order) if (block.terminator?.kind === 'return') block.terminator.value = undefined;
      return voidType;
    }
    if (withValue && without)
      this.fail(
        ErrorCode.missingReturn,
        `${this.fn.name} returns a value on some paths and none on others`,
        without,
      );
    if (withValue === undefined) return without ? voidType : never;
    return concrete(type as Type);
  }

  /**
   * Rejects reads of a variable that some path leaves unassigned: a phi with an undefined
   * operand whose value reaches a real use (JavaScript would read `undefined` there).
   */
  private checkAssigned(order: Block[]): void {
    const live = new Set<Instruction>();
    const visit = (value: Instruction) => {
      if (value.op !== 'phi' || live.has(value)) return;
      live.add(value);
      for (const arg of value.args) visit(arg);
    };
    for (const block of order) {
      for (const inst of block.body) for (const arg of inst.args) visit(arg);
      const t = block.terminator;
      if (t?.kind === 'branch') visit(t.condition);
      if (t?.kind === 'return' && t.value) visit(t.value);
    }
    for (const phi of live) {
      // An expression's merge holds undef only where a nullable variant returns JavaScript's
      // `undefined` (`lowerFunction`'s `nullable`): its flag says so, and no caller reads it.
      if (phi.op === 'phi' && phi.value) continue;
      if (phi.args.some((arg) => arg.op === 'undef')) {
        this.fail(
          ErrorCode.invalidAssignment,
          'this variable may be read before it is assigned (it would be undefined)',
          phi.span,
        );
      }
    }
  }

  /** Makes the IR concrete: final literal types, conversions, resolved call targets. */
  private materialize(order: Block[], returnType: Type): void {
    this.checkAssigned(order);
    // Lowering wrote `x++` as `x + 1` not knowing x's type: a BigInt's step is 1n. (The constant
    // is the step's own, and this IR this specialization's copy.)
    for (const block of order) {
      for (const inst of block.body) {
        const one = inst.args[1];
        if (inst.op === 'binary' && inst.step && isBig(inst.type as Type) && one?.op === 'const')
          one.value = 1n;
      }
    }
    for (const block of order)
      for (const list of [block.phis, block.body])
        for (const inst of list) {
          const t = inst.type as Type;
          if (t === never || inst.op === 'undef') continue;
          if (t.kind === 'literal')
            inst.type = inst.op === 'const' ? concreteConstant(inst.value) : concrete(t);
        }
    for (const block of order) {
      for (const phi of block.phis) this.coerceOperands(phi);
      // The body is rebuilt in order, each instruction after the conversions of its operands
      // (see `coerce`): a splice per conversion was quadratic in a long block.
      const body = block.body;
      block.body = [];
      for (const inst of body) {
        this.coerceOperands(inst);
        block.body.push(inst);
      }
      const t = block.terminator;
      if (t?.kind === 'return' && t.value) t.value = this.coerce(t.value, returnType, block, t.span);
      if (t?.kind === 'branch') this.requireDefined(t.condition);
    }
    // Lengths are in the arrays' types now.
    for (const block of order)
      for (const inst of block.body) {
        if (inst.op === 'newarray') inst.args = [];
        else if (inst.op === 'call' && inst.name === 'gpu.sharedArray') inst.args = inst.args.slice(0, 1);
      }
    for (const [inst, callee] of this.callees) inst.target = { kind: 'function', specialization: callee };
    for (const [inst, method] of this.methods) {
      if (!this.callees.has(inst)) inst.target = { kind: 'intrinsic', name: method.name, method };
    }
    // Constants that conversions replaced are dead now, and so are the computations of lengths
    // nothing else uses (removed from the length's root down, as each becomes unused).
    const lengths = foldedTrees(this.foldedLengths);
    for (let removed = true; removed; ) {
      const used = usedValues(this.fn);
      removed = false;
      for (const block of this.fn.blocks)
        block.body = block.body.filter((inst) => {
          const dead = (inst.op === 'const' || lengths.has(inst)) && !used.has(inst);
          if (dead && inst.op !== 'const') removed = true;
          return !dead;
        });
    }
  }

  private requireDefined(value: Instruction): void {
    if (value.type === never || value.op === 'undef') {
      this.fail(
        ErrorCode.invalidAssignment,
        'this variable is used before it is assigned on some path',
        value.span,
      );
    }
  }

  /** Converts each operand to the type the instruction computes in. */
  private coerceOperands(inst: Instruction): void {
    const t = inst.type as Type;
    for (const arg of inst.args) if (inst.op !== 'phi') this.requireDefined(arg);
    switch (inst.op) {
      case 'phi':
        for (let i = 0; i < inst.args.length; i++) {
          const arg = inst.args[i] as Instruction;
          // A nullable variant's undefined value (its one use) takes the merge's type.
          if (arg.op === 'undef' && inst.value) arg.type = t;
          if (arg.op === 'undef' || arg.type === never) continue; // that path never reads the variable
          inst.args[i] = this.coerce(arg, t, inst.blocks[i] as Block, inst.span);
        }
        return;
      case 'unary':
        if (inst.operator !== '!') this.coerceAt(inst, 0, inst.operator === '~' && !isBig(t) ? i32 : t);
        return;
      case 'binary': {
        const to = inst.operator === '>>>' ? u32 : t;
        this.coerceAt(inst, 0, to);
        // A BigInt shift count of the other BigInt type keeps its type (and its sign).
        const count = concrete(inst.args[1]?.type as Type);
        if (!(isBig(t) && isBig(count) && count.kind === 'scalar' && count !== t)) this.coerceAt(inst, 1, to);
        return;
      }
      case 'compare': {
        if (this.singleCompare(inst)) return;
        const [a, b] = inst.args as [Instruction, Instruction];
        const common = concrete(promote(a.type as Type, b.type as Type) ?? (a.type as Type));
        this.coerceAt(inst, 0, common);
        this.coerceAt(inst, 1, common);
        return;
      }
      case 'index':
        this.coerceIndex(inst, 1);
        return;
      case 'store': {
        this.coerceIndex(inst, 1);
        const array = inst.args[0]?.type as Type;
        if (array.kind === 'array') this.coerceAt(inst, 2, array.element);
        return;
      }
      case 'call':
      case 'callvalue': {
        const first = inst.op === 'callvalue' ? 1 : 0;
        const callee = this.callees.get(inst);
        // Math.min and max of floats take a literal (a constant: their type is the arguments'
        // merged, so a scope number would have made it f64) in their own type: the f32 nearest a
        // literal orders against every f32 as the literal does, so the result is JavaScript's
        // once stored, and an f32 kernel holds no f64 constant (which WebGPU has not).
        const ordered =
          inst.op === 'call' && (inst.name === 'Math.min' || inst.name === 'Math.max') && isFloat(t);
        for (let i = first; i < inst.args.length; i++) {
          const arg = inst.args[i] as Instruction;
          if (this.indexArguments.get(inst)?.has(i)) this.coerceIndex(inst, i);
          else if (callee) this.coerceAt(inst, i, callee.argTypes[i - first] as Type);
          else if (ordered && arg.op === 'const') this.coerceAt(inst, i, t);
          else if (arg.type?.kind === 'literal') this.coerceAt(inst, i, concrete(arg.type));
        }
        return;
      }
      default:
        return;
    }
  }

  /**
   * A number compared with a number constant, whose literal type is concrete by now (so that
   * promotion would give f64 for `x < 0.1` of an f32 `x` and for `u < 256` of a u32 `u`): in the
   * number's own type where that compares as JavaScript does, so that a kernel without f64 holds
   * none (WebGPU has none). An f32 compares as `singleComparison` says (or the comparison is its
   * known answer: `x === 0.1` is false); an integer with an integer constant in its type's range
   * in that type (i32 for the narrow ones). False where the operands are not of that shape.
   */
  private singleCompare(inst: Instruction & { op: 'compare' }): boolean {
    const constantAt = (i: number) => {
      const c = inst.args[i] as Instruction;
      return c.op === 'const' && typeof c.value === 'number' ? c.value : undefined;
    };
    const side = constantAt(1) !== undefined ? 0 : constantAt(0) !== undefined ? 1 : -1;
    if (side < 0) return false;
    const value = constantAt(1 - side) as number;
    const operand = inst.args[side] as Instruction;
    const type = arithmetic(operand.type as Type);
    if (type !== f32) {
      const [low, high] = type === i32 ? [-(2 ** 31), 2 ** 31 - 1] : type === u32 ? [0, 2 ** 32 - 1] : [1, 0];
      if (!Number.isInteger(value) || value < low || value > high) return false;
      this.coerceAt(inst, 0, type);
      this.coerceAt(inst, 1, type);
      return true;
    }
    const operator = side === 0 ? inst.operator : flippedComparison(inst.operator);
    const comparison = singleComparison(operator, value);
    if (typeof comparison === 'boolean') {
      Object.assign(inst, { op: 'const', value: comparison, args: [] });
      return true;
    }
    const constant = Object.assign({ op: 'const', value: comparison.constant } as const, {
      id: this.fn.nextId++,
      args: [],
      type: f32,
      span: (inst.args[1 - side] as Instruction).span,
      block: inst.block,
    }) as Instruction;
    inst.block.body.push(constant);
    inst.args = [operand, constant];
    inst.operator = comparison.operator;
    return true;
  }

  /** Converts operand `i` of `inst` to `to` (a method, not a closure made per instruction). */
  private coerceAt(inst: Instruction, i: number, to: Type): void {
    inst.args[i] = this.coerce(inst.args[i] as Instruction, to, inst.block, inst.span);
  }

  private coerceIndex(inst: Instruction, i: number): void {
    const index = inst.args[i] as Instruction;
    // Literals, and floats integral by construction (widened counters, Math.floor results).
    if (index.type?.kind !== 'literal' && !isFloat(index.type as Type)) return;
    const converted = this.coerce(index, i32, inst.block, inst.span);
    // One NaN, infinite or beyond i32 is outside every array (see `indexValue`), not wrapped in.
    if (converted.op === 'const' && index.op === 'const' && typeof index.value === 'number')
      converted.value = indexValue(index.value);
    else if (converted.op === 'convert' && isFloat(concrete(index.type as Type))) converted.index = true;
    inst.args[i] = converted;
  }

  /**
   * A value of type `to`: the value itself, or a constant of the new type or a conversion
   * appended to `block`. That places an operand's just before its instruction, whose block
   * `materialize` is rebuilding up to it, and a phi operand's or a return value's at the end of
   * its block.
   */
  private coerce(value: Instruction, to: Type, block: Block, span: Span): Instruction {
    const from = value.type as Type;
    if (from !== to && (to.kind === 'record' || to.kind === 'tuple'))
      return this.rebuild(value, to, block, span);
    if (from === to || to.kind !== 'scalar') return value;
    if (!convertible(from, to)) {
      this.fail(ErrorCode.typeMismatch, `cannot convert ${show(from)} to ${show(to)}`, value.span);
    }
    const inserted =
      value.op === 'const'
        ? ({ op: 'const', value: convertValue(value.value, to) } as const)
        : ({ op: 'convert' } as const);
    // Object.assign, not a spread, as lowering makes instructions (see `emit` there): faster.
    const inst = Object.assign({}, inserted, {
      id: this.fn.nextId++,
      args: value.op === 'const' ? [] : [value],
      type: to,
      span: value.op === 'const' ? value.span : span,
      block,
    }) as Instruction;
    block.body.push(inst);
    return inst;
  }

  /**
   * A record or tuple of a merged type (see `join`) holding `value`'s components, each
   * converted as a merged number is: a literal's operands directly, another's read out first.
   */
  private rebuild(value: Instruction, to: RecordType | TupleType, block: Block, span: Span): Instruction {
    const from = value.type as Type;
    const keys =
      to.kind === 'record' ? to.fields.map(([name]) => name) : to.elements.map((_, i) => String(i));
    const types = to.kind === 'record' ? to.fields.map(([, t]) => t) : to.elements;
    const args = keys.map((key, i) => {
      const at = value.op === 'record' ? value.names.indexOf(key) : value.op === 'tuple' ? i : -1;
      let component = value.args[at];
      if (component === undefined) {
        const type =
          from.kind === 'record' ? fieldOf(from, key) : from.kind === 'tuple' ? from.elements[i] : undefined;
        component = Object.assign({ op: 'field', name: key } as const, {
          id: this.fn.nextId++,
          args: [value],
          type: type ?? never,
          span,
          block,
        }) as Instruction;
        block.body.push(component);
      }
      return this.coerce(component, types[i] as Type, block, span);
    });
    const made = Object.assign(
      to.kind === 'record' ? ({ op: 'record', names: keys } as const) : ({ op: 'tuple' } as const),
      {
        id: this.fn.nextId++,
        args,
        type: to,
        span,
        block,
      },
    ) as Instruction;
    block.body.push(made);
    return made;
  }
}

/**
 * Why two records or tuples do not merge: the component that does not (`; its .mean does not
 * merge`), or nothing.
 */
function unmerged(a: Type, b: Type): string {
  if (a.kind !== 'record' && a.kind !== 'tuple') return '';
  const { conflict } = joinComponents(a, b);
  return conflict ? `; its ${conflict} does not merge` : '';
}

/** Why a string's characters are not read: strings in a kernel are constants of fixed uses. */
const STRING_CHARACTERS =
  "a kernel does not read a string's characters (s[i], s.charCodeAt(i)): a string is a constant key, message or length (s.length); pass the character codes as an array";

/**
 * The type of a literal. A number is an integer literal when it is an i32 value not written as
 * a float; otherwise (`1.0`, -0, 4294967295) a float literal, so that it never wraps or loses
 * its sign when it meets an integer.
 */
function constantType(value: number | bigint | boolean | string, float: boolean): Type {
  switch (typeof value) {
    case 'boolean':
      return bool;
    case 'string':
      return stringType;
    case 'bigint':
      // One that only u64 holds is a u64 alone (merged, passed), never an i64 wrapping it.
      return value === BigInt.asIntN(64, value) || value !== BigInt.asUintN(64, value)
        ? bigLiteral
        : unsignedBigLiteral;
    default:
      if (!isInt32Value(value) || float) return floatLiteral;
      return value < 0 ? negativeIntLiteral : intLiteral;
  }
}

/**
 * Operators whose 64-bit result is JavaScript's wrapped whether or not a BigInt literal operand
 * was wrapped first (arithmetic and bitwise logic modulo 2^64).
 */
const WRAP_EXACT: ReadonlySet<string> = new Set(['+', '-', '*', '&', '|', '^']);

/** Operators whose integer operands compute in their promoted type (the rest convert each operand). */
const ARITHMETIC: ReadonlySet<string> = new Set(['+', '-', '*', '/', '%', '**']);

/**
 * The operand types an arithmetic operation promotes: an integer literal the other operand's
 * integer type cannot hold (`i % 4294967295` with `i: i32`, `u % -3` with `u: u32`) counts as a
 * float literal, so that the operation computes in f64 as JavaScript's doubles do instead of
 * wrapping the literal into that type.
 */
function fitLiterals(inst: Instruction, types: readonly Type[]): readonly Type[] {
  // Most operations have no literal operand: they keep their types (this runs every round).
  if (!types.some(isLiteral)) return types;
  const fitted = [...types];
  for (let i = 0; i < types.length; i++) {
    const t = types[i] as Type;
    const other = arithmetic(types[1 - i] as Type);
    const value = literalValue(inst.args[i] as Instruction);
    if (t.kind !== 'literal' || typeof value !== 'number' || (other !== i32 && other !== u32)) continue;
    const low = other === i32 ? -(2 ** 31) : 0;
    const high = other === i32 ? 2 ** 31 : 2 ** 32;
    if (value < low || value >= high) fitted[i] = floatLiteral;
  }
  return fitted;
}

const isLiteral = (t: Type): boolean => t.kind === 'literal';

/** The default type of a constant nothing else typed: i32 when it fits, f64 otherwise. */
function concreteConstant(value: number | bigint | boolean | string): Type {
  if (typeof value === 'bigint') return concrete(constantType(value, false));
  if (typeof value === 'number' && isInt32Value(value)) return i32;
  return f64;
}

/** Blocks in reverse postorder from the entry, the natural order for forward data flow. */
export function reversePostorder(fn: IRFunction): Block[] {
  const seen = new Set<Block>();
  const order: Block[] = [];
  // Depth first without recursion (a kernel of thousands of statements nests that deep), each
  // block with the successors it has still to visit.
  const entry = fn.blocks[0] as Block;
  const stack: [Block, Block[]][] = [[entry, successors(entry.terminator)]];
  seen.add(entry);
  while (stack.length > 0) {
    const [block, next] = stack[stack.length - 1] as [Block, Block[]];
    const succ = next.shift();
    if (succ === undefined) {
      stack.pop();
      order.push(block);
    } else if (!seen.has(succ)) {
      seen.add(succ);
      stack.push([succ, successors(succ.terminator)]);
    }
  }
  return order.reverse();
}

/** The zero constant of a scalar type (false for bool), or undefined for any other type. */
function zeroOf(type: Type): number | bigint | boolean | undefined {
  if (type === bool) return false;
  if (type.kind !== 'scalar') return undefined;
  return isBig(type) ? 0n : 0;
}

/** A deep copy of a function's IR (blocks and instructions), to type it without changing it. */
/** The values a function's instructions and terminators use. */
function usedValues(fn: IRFunction): Set<Instruction> {
  const used = new Set<Instruction>();
  for (const block of fn.blocks) {
    for (const list of [block.phis, block.body])
      for (const inst of list) for (const arg of inst.args) used.add(arg);
    const t = block.terminator;
    if (t?.kind === 'branch') used.add(t.condition);
    if (t?.kind === 'return' && t.value) used.add(t.value);
  }
  return used;
}

/** The instructions a folded length is computed by: those `constantNumber` folds, from the roots down. */
function foldedTrees(roots: Iterable<Instruction>): Set<Instruction> {
  const found = new Set<Instruction>();
  const visit = (inst: Instruction) => {
    if (found.has(inst) || !FOLDED_OPERATIONS.has(inst.op)) return;
    found.add(inst);
    for (const arg of inst.args) visit(arg);
  };
  for (const root of roots) visit(root);
  return found;
}

/**
 * The operations `constantNumber` folds, and the conversions of their operands that inference
 * adds: pure, so removing an unused one changes nothing.
 */
const FOLDED_OPERATIONS: ReadonlySet<string> = new Set([
  'const',
  'global',
  'unary',
  'binary',
  'call',
  'length',
  'convert',
]);

function cloneFunction(fn: IRFunction): IRFunction {
  const blocks = new Map<Block, Block>();
  const values = new Map<Instruction, Instruction>();
  for (const block of fn.blocks) blocks.set(block, emptyBlock(block.id, block.label));
  const copyOf = (inst: Instruction): Instruction => {
    let copy = values.get(inst);
    if (!copy) {
      // Object.assign, not a spread, as lowering makes instructions (see `emit` there): faster.
      copy = Object.assign({}, inst, {
        args: [],
        type: undefined,
        block: blocks.get(inst.block) as Block,
      }) as Instruction;
      if (copy.op === 'phi') copy.blocks = [];
      values.set(inst, copy);
    }
    return copy;
  };
  for (const block of fn.blocks) {
    const copy = blocks.get(block) as Block;
    copy.predecessors = block.predecessors.map((p) => blocks.get(p) as Block);
    copy.phis = block.phis.map(copyOf);
    copy.body = block.body.map(copyOf);
    for (const inst of [...block.phis, ...block.body]) {
      const c = copyOf(inst);
      c.args = inst.args.map(copyOf);
      if (inst.op === 'phi' && c.op === 'phi') c.blocks = inst.blocks.map((b) => blocks.get(b) as Block);
    }
    const t = block.terminator;
    if (t) {
      copy.terminator =
        t.kind === 'jump'
          ? { ...t, target: blocks.get(t.target) as Block }
          : t.kind === 'branch'
            ? {
                ...t,
                condition: copyOf(t.condition),
                ifTrue: blocks.get(t.ifTrue) as Block,
                ifFalse: blocks.get(t.ifFalse) as Block,
              }
            : t.kind === 'return'
              ? { ...t, value: t.value ? copyOf(t.value) : undefined }
              : { ...t };
    }
  }
  return {
    ...fn,
    params: fn.params.map(copyOf),
    blocks: fn.blocks.map((b) => blocks.get(b) as Block),
    returnType: undefined,
  };
}

/** "1 argument", "2 arguments". */
function arguments_(count: number): string {
  return `${count} argument${count === 1 ? '' : 's'}`;
}

/**
 * The scope's function whose own name is `name` where no key is: a minifier renames a helper's
 * binding and its calls (`function o`, `o(x)`) but keeps the scope's key (`{ square: o }`).
 */
function renamedScopeFunction(
  scope: Readonly<Record<string, unknown>>,
  name: string,
): ((...args: never[]) => unknown) | undefined {
  for (const value of Object.values(scope))
    if (typeof value === 'function' && value.name === name) return value as (...args: never[]) => unknown;
  return undefined;
}
