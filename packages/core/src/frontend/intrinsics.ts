/**
 * The portable intrinsics: what kernels reach through `gpu`, `Math`, `Number` and the scalar
 * conversion functions, declared with the rules that give their result types. Back-ends
 * implement them in overlay tables; a target that cannot do one overlays it as unsupported.
 */
import {
  any,
  arrayOf as arrayPattern,
  type Implementation,
  integer,
  type Method,
  MethodTable,
  number,
  type Pattern,
} from './methods.js';
import {
  arithmetic,
  arrayOf,
  bool,
  concrete,
  f32,
  f64,
  i32,
  i64,
  isBig,
  isFloat,
  isInteger,
  isNumeric,
  promote,
  SCALARS,
  type ScalarName,
  scalar,
  show,
  type Type,
  u32,
  voidType,
} from './types.js';

/** The table holding the portable intrinsics: the bottom of every method stack. */
export const intrinsicMethods = new MethodTable('intrinsics');

type Rule = (args: readonly Type[]) => Type | string;

function declare(
  name: string,
  signature: readonly Pattern[] | 'variadic',
  result: Rule | Type,
  property = false,
): Method {
  const rule: Rule = typeof result === 'function' ? result : () => result;
  const implementation: Implementation = { kind: 'intrinsic', result: rule, property };
  return intrinsicMethods.define(name, signature, implementation, `intrinsic ${name}`);
}

// ---- thread geometry, barriers, fences, warps, clock

for (const group of ['threadIdx', 'blockIdx', 'blockDim', 'gridDim', 'globalIdx']) {
  for (const axis of ['x', 'y', 'z']) declare(`gpu.${group}.${axis}`, [], i32, true);
}
declare('gpu.warpSize', [], i32, true);
declare('gpu.laneId', [], i32, true);
declare('gpu.barrier', [], voidType);
declare('gpu.threadFence', [], voidType);
declare('gpu.threadFenceBlock', [], voidType);
declare('gpu.threadFenceSystem', [], voidType);
declare('gpu.clock', [], i64);

/** Values a warp can exchange: 32- and 64-bit numbers. */
const shuffled: Rule = ([value]) => {
  const t = concrete(value as Type);
  return t === i32 || t === u32 || t === f32 || t === f64 || t === i64 ? t : `cannot shuffle a ${show(t)}`;
};
declare('gpu.shuffle', [number, integer], shuffled);
declare('gpu.shuffleUp', [number, integer], shuffled);
declare('gpu.shuffleDown', [number, integer], shuffled);
declare('gpu.shuffleXor', [number, integer], shuffled);
declare('gpu.voteAny', [any], bool);
declare('gpu.voteAll', [any], bool);
declare('gpu.ballot', [any], scalar('u64'));

// ---- shared memory

declare(
  'gpu.sharedArray',
  [any, integer],
  () => 'gpu.sharedArray needs a typed-array constructor and a constant length',
);
// The block's dynamic shared memory (its size given at launch), seen as an array of a kind:
// every call gives the same memory, as CUDA's `extern __shared__` does.
declare('gpu.dynamicSharedArray', [any], ([kind]) =>
  kind?.kind === 'constructor'
    ? arrayOf(kind.element, 'shared')
    : 'gpu.dynamicSharedArray takes a typed-array constructor: gpu.dynamicSharedArray(Float32Array)',
);

// ---- atomics: (array, index, value) -> the old value

const atomicValue =
  (allowFloat: boolean): Rule =>
  ([array, index, value]) => {
    if (array?.kind !== 'array') return 'the first argument of an atomic must be an array';
    if (array.space === 'constant')
      return 'atomics cannot change an array captured from the scope (a constant): pass it as an argument';
    if (!isInteger(index as Type) && !(index?.kind === 'literal' && !index.float && !index.big)) {
      return 'the index of an atomic must be an integer';
    }
    const element = array.element;
    const okElement = isInteger(element) && (element.name.endsWith('32') || element.name.endsWith('64'));
    if (!(okElement || (allowFloat && isFloat(element))))
      return `atomics on ${show(element)} arrays are not supported`;
    if (!isNumeric(value as Type) || isBig(value as Type) !== isBig(element))
      return `cannot apply a ${show(value as Type)} atomically to ${show(element)}`;
    return element;
  };
for (const op of ['Add', 'Sub'])
  declare(`gpu.atomic${op}`, [arrayPattern(), integer, number], atomicValue(true));
for (const op of ['Min', 'Max', 'And', 'Or', 'Xor', 'Exch']) {
  declare(
    `gpu.atomic${op}`,
    [arrayPattern(), integer, number],
    atomicValue(op === 'Exch' || op === 'Min' || op === 'Max'),
  );
}
declare('gpu.atomicCAS', [arrayPattern(), integer, number, number], (args) => {
  const result = atomicValue(false)(args);
  return typeof result === 'string' || isNumeric(args[3] as Type)
    ? result
    : 'the new value of atomicCAS must be a number';
});

// ---- Math

/** Float functions: floats keep their type, integers compute in f64 as JavaScript does. */
const floating: Rule = (args) => {
  let t: Type | undefined = args[0];
  for (const arg of args.slice(1)) t = t && promote(t, arg);
  if (t === undefined || isBig(t) || !isNumeric(t))
    return `expects numbers, got ${args.map(show).join(', ')}`;
  return isFloat(t) ? t : f64;
};
/** Functions that keep an integer an integer (abs, floor...) and floats their type. */
const preserving: Rule = (args) => {
  const t = args[0] as Type;
  if (!isNumeric(t) || isBig(t)) return `expects a number, got ${show(t)}`;
  return arithmetic(t);
};
const unary = [
  'sqrt',
  'cbrt',
  'exp',
  'expm1',
  'log',
  'log1p',
  'log2',
  'log10',
  'sin',
  'cos',
  'tan',
  'asin',
  'acos',
  'atan',
  'sinh',
  'cosh',
  'tanh',
  'asinh',
  'acosh',
  'atanh',
];
for (const name of unary) declare(`Math.${name}`, [number], floating);
for (const name of ['atan2', 'pow']) declare(`Math.${name}`, [number, number], floating);
for (const name of ['abs', 'sign', 'floor', 'ceil', 'round', 'trunc'])
  declare(`Math.${name}`, [number], preserving);
const extremum: Rule = (args) => {
  if (args.length === 0) return 'needs at least one argument';
  let t: Type | undefined = args[0];
  for (const arg of args.slice(1)) t = t && promote(t, arg);
  return t === undefined || !isNumeric(t) || isBig(t)
    ? `expects numbers of one kind, got ${args.map(show).join(', ')}`
    : arithmetic(t);
};
declare('Math.min', 'variadic', extremum);
declare('Math.max', 'variadic', extremum);
declare('Math.hypot', 'variadic', (args) =>
  args.length === 0 ? 'needs at least one argument' : floating(args),
);
declare('Math.imul', [number, number], i32);
declare('Math.clz32', [number], i32);
declare('Math.fround', [number], f32);
declare(
  'Math.random',
  [],
  () => 'Math.random has no device implementation; pass random numbers in, or use a generator of your own',
);

// ---- the words of an f64 (what a math library written in the kernel language needs)

const f64Only: (result: Type) => Rule =
  (result) =>
  ([x]) =>
    x === f64 || x?.kind === 'literal' ? result : `takes an f64, not ${show(x as Type)}`;
declare('gpu.highWord', [number], f64Only(i32));
declare('gpu.lowWord', [number], f64Only(u32));
declare('gpu.fromWords', [integer, integer], ([high, low]) =>
  isBig(high as Type) || isBig(low as Type) ? 'takes two 32-bit words' : f64,
);

// ---- Number predicates and conversions

for (const name of ['isNaN', 'isFinite', 'isInteger']) declare(`Number.${name}`, [number], bool);
declare('Number', [number], (args) => (isBig(args[0] as Type) ? f64 : f64));
declare('BigInt', [integer], i64);

/** `f32(x)`, `i32(x)`...: conversions with the semantics of storing into that typed array. */
for (const name of SCALARS) {
  if (name === 'bool') continue;
  const target = scalar(name as ScalarName);
  declare(name, [number], ([value]) =>
    isBig(value as Type) !== isBig(target)
      ? `${name}() cannot convert a ${show(value as Type)}; use BigInt() or Number()`
      : target,
  );
}
