/**
 * The kernel IR: functions of basic blocks in SSA form.
 *
 * Lowering produces it untyped (every `type` is undefined); inference copies it for one argument
 * type tuple, sets every value's type, inserts the conversions the promotion rules call for, and
 * resolves calls to methods. Phis sit at the top of a block; every block ends in a terminator.
 */
import type { KernelSource } from './source.js';
import type { Type } from './types.js';

/** A directive of a print format (`console.log`'s): each takes one value, `%%` none. */
export const PRINT_DIRECTIVE = /%([%dioxXfeEgGcs])/g;

/** A source span: offsets into the function's source text. */
export interface Span {
  readonly start: number;
  readonly end: number;
  /**
   * Code inlined from another function (derivatives are generated on inlined IR): the source
   * the offsets point into, and the span of the call in this function, to which line tables
   * attribute it.
   */
  readonly source?: KernelSource;
  readonly site?: Span;
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '**' | '&' | '|' | '^' | '<<' | '>>' | '>>>';
export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type UnaryOperator = '-' | '+' | '!' | '~';

/** What an instruction computes. */
export type Operation =
  /**
   * `float`: a number written as a float literal (`1.0`, `1e3`) or folded from one; without
   * it, the source text at the span decides.
   */
  | { op: 'const'; value: number | bigint | boolean | string; float?: boolean }
  | { op: 'undef' }
  | { op: 'param'; index: number; name: string }
  /** A free name: a captured host value or a function, resolved by inference. */
  | { op: 'global'; name: string }
  | { op: 'unary'; operator: UnaryOperator }
  /** `step`: the `+ 1` or `- 1` of `x++` or `x--`, whose 1 is `1n` where `x` is a BigInt. */
  | { op: 'binary'; operator: BinaryOperator; step?: boolean }
  /** `loopTest`: part of a loop's condition (a counter compared there must not wrap). */
  | { op: 'compare'; operator: CompareOperator; loopTest?: boolean }
  | { op: 'truthy' }
  /**
   * A conversion: inference inserts them typed; generated IR names the type in `to`. `index`:
   * a float index to i32 (see `indexValue`), which gives NaN, the infinities and values outside
   * the i32 range an index outside every array, where store semantics would wrap them inside.
   */
  | { op: 'convert'; to?: Type; index?: true }
  /**
   * A call by name; `property` when written as a member read (`gpu.threadIdx.x`). `keyed`: the
   * members after `name` (a namespace's) where some key is a name lowering could not read
   * (`Math[KEY](x)`, `gpu[G].x`, a string of the scope): each a name, or undefined for the next
   * leading operand, the key, which inference reads and removes.
   */
  | {
      op: 'call';
      name: string;
      property?: boolean;
      keyed?: readonly (string | undefined)[];
      /** The call of `f(a, j) ?? d`: a device function's nullable variant, `[value, defined]`. */
      nullable?: true;
    }
  | { op: 'callvalue'; nullable?: true }
  /**
   * An element read; `guarded` where `a[i] ?? b` runs it only inside the array, so that a
   * constant index outside it is no error (the read never runs); `assigned` where it is the
   * place of `a[i] ??= b`, which JavaScript assigns outside the array.
   */
  | { op: 'index'; guarded?: boolean; assigned?: boolean }
  /**
   * `undefinedValue`: JavaScript's store of `undefined` where the right side of `a[i] ??= b[j]`
   * reads outside its array (its one operand `a`; `i` is outside `a` there, so no element
   * changes). A BigInt array's conversion of `undefined` throws: inference refuses it, and
   * makes it a constant nothing reads for any other array.
   */
  | { op: 'store'; undefinedValue?: true }
  | { op: 'length' }
  | { op: 'field'; name: string }
  | { op: 'record'; names: readonly string[] }
  | { op: 'tuple' }
  /**
   * A fixed-size local array, zeroed unless `uninitialized` (storage written before it is read).
   * Lowering may leave the length as an operand (a constant expression over scope values);
   * inference evaluates it into `length` and removes the operand (`lengthAt` locates it).
   */
  | { op: 'newarray'; element: string; length: number; uninitialized?: boolean; lengthAt?: Span }
  | { op: 'print'; format: string }
  /** `value`: the merge of an expression's values (`? :`, `||`, `&&`), not of a variable. */
  | { op: 'phi'; blocks: Block[]; value?: true };

/**
 * Operations that compute their value from their operands and nothing else: no memory, no
 * call, no synchronisation (a `global` is a scope value fixed for the launch, a `length` an
 * array's fixed length). One may be computed again instead of kept, and equal operands give
 * equal values. BigInt `/` and `%` by zero and `**` of a negative exponent still raise their
 * exceptions.
 */
export const ARITHMETIC_OPERATIONS: ReadonlySet<Operation['op']> = new Set([
  'const',
  'global',
  'unary',
  'binary',
  'compare',
  'truthy',
  'convert',
  'length',
]);

/**
 * Operations that neither write memory nor call nor synchronise: the arithmetic ones, reads of
 * arrays and aggregates, aggregates built from values, parameters and undefined values. A run
 * of them changes nothing another instruction or thread can see.
 */
export const QUIET_OPERATIONS: ReadonlySet<Operation['op']> = new Set([
  ...ARITHMETIC_OPERATIONS,
  'undef',
  'param',
  'index',
  'field',
  'record',
  'tuple',
]);

export type Instruction = Operation & {
  /** The value number, unique within the function. */
  id: number;
  args: Instruction[];
  /** Set by inference. */
  type: Type | undefined;
  span: Span;
  /**
   * Where each operand is written at this use, where lowering knows (an operand's own span is
   * where its value is defined, which may be far away: `const key = 'a'; r[key]`).
   */
  argSpans?: readonly Span[];
  block: Block;
  /** Set by inference on calls: the specialization or intrinsic called. */
  target?: CallTarget;
};

/** What a call was resolved to. */
export type CallTarget =
  | { kind: 'function'; specialization: import('./infer.js').Specialization }
  | { kind: 'intrinsic'; name: string; method: import('./methods.js').Method };

/** What `gpu.unroll(k)` asks of the loop after it: unrolling by k, or fully (`gpu.unroll()`). */
export type UnrollHint = number | 'full';

/** A loop's back edge carries its loop's hint (`unroll`), which code generation turns into loop metadata. */
export type Terminator =
  | { kind: 'jump'; target: Block; span: Span; unroll?: UnrollHint }
  | { kind: 'branch'; condition: Instruction; ifTrue: Block; ifFalse: Block; span: Span; unroll?: UnrollHint }
  | { kind: 'return'; value: Instruction | undefined; span: Span }
  | { kind: 'throw'; message: string; span: Span }
  | { kind: 'unreachable'; span: Span };

export interface Block {
  id: number;
  /** A readable name: `entry`, `for.body`... */
  label: string;
  phis: Instruction[];
  body: Instruction[];
  terminator: Terminator | undefined;
  predecessors: Block[];
}

export interface IRFunction {
  name: string;
  params: Instruction[];
  blocks: Block[];
  source: KernelSource;
  /** Set by inference. */
  returnType: Type | undefined;
  /** The next free value number. */
  nextId: number;
}

/** A block with nothing in it yet. */
export function emptyBlock(id: number, label: string): Block {
  return { id, label, phis: [], body: [], terminator: undefined, predecessors: [] };
}

/** The blocks a terminator can continue to. */
export function successors(terminator: Terminator | undefined): Block[] {
  switch (terminator?.kind) {
    case 'jump':
      return [terminator.target];
    case 'branch':
      return [terminator.ifTrue, terminator.ifFalse];
    default:
      return [];
  }
}

/** The value of a number or BigInt constant, negated or not (`-3` is a negation of `3`). */
export function literalValue(inst: Instruction): number | bigint | undefined {
  if (inst.op === 'const')
    return typeof inst.value === 'number' || typeof inst.value === 'bigint' ? inst.value : undefined;
  if (inst.op !== 'unary' || inst.operator !== '-') return undefined;
  const value = literalValue(inst.args[0] as Instruction);
  return value === undefined ? undefined : -value;
}
