/**
 * The `gpu` namespace's intrinsics: thread geometry, barriers, fences, the clock, warps, shared
 * memory, atomics, and the words of an f64. The reference runner's `gpu` object
 * (`reference/gpu.ts`) defines what each does.
 */
import { ErrorCode } from '../errors.js';
import { any, arrayOf as arrayPattern, integer, number } from '../methods.js';
import {
  arrayOf,
  bool,
  concrete,
  f64,
  i32,
  i64,
  isBig,
  isFloat,
  isHalf,
  isInteger,
  isNumeric,
  promote,
  scalar,
  show,
  type Type,
  u32,
  voidType,
} from '../types.js';
import { ASYNC_COPY } from './async-copy.js';
import { type AtomicUse, atomicValueProblem } from './atomic-value.js';
import { type Entry, family, type Rule } from './entry.js';
import { refuseIndex, withIndices } from './indices.js';
import { MATRIX } from './matrix.js';
import { WARPGROUP } from './warpgroup.js';

const GROUPS = ['threadIdx', 'blockIdx', 'blockDim', 'gridDim', 'globalIdx'] as const;
const AXES = ['x', 'y', 'z'] as const;

/** Whether a name is one of the five thread-geometry groups (`gpu.threadIdx`...), which have x, y and z. */
export function isGeometryGroup(name: string): boolean {
  return GROUPS.some((group) => name === `gpu.${group}`);
}

/** `gpu.threadIdx.x` and the other fourteen thread-geometry properties. */
export type GeometryName = `gpu.${(typeof GROUPS)[number]}.${(typeof AXES)[number]}`;

const geometry = family(
  GROUPS.flatMap((group) => AXES.map((axis) => `gpu.${group}.${axis}` as GeometryName)),
  () => ({ signature: [], result: i32, property: true }),
);

/**
 * Values a warp can exchange: numbers of every type (narrower integers move widened). A boolean
 * is refused, here and by the reference runner alike: shuffle a number (`p ? 1 : 0`).
 */
const shuffled: Rule = ([value]) => {
  const t = concrete(value as Type);
  if (isInteger(t) || isFloat(t)) return t;
  return `cannot shuffle a ${show(t)}; warps exchange numbers${t === bool ? ' (shuffle p ? 1 : 0)' : ''}`;
};

/** A shuffle's lane argument (the lane, or the distance or mask that gives it): an index. */
const LANE = { 1: 'the lane argument of a shuffle' };

/** The atomic operations `gpu.atomic<op>(array, index, value)`, each giving the element's old value. */
export const ATOMIC_OPERATIONS = ['Add', 'Sub', 'Min', 'Max', 'And', 'Or', 'Xor', 'Exch'] as const;

/**
 * An atomic's type: its element's. `use` says what the operation does with the value (argument
 * 2); one whose conversion to the element could change the result is refused there.
 */
const atomicValue =
  (allowFloat: boolean, use: AtomicUse): Rule =>
  ([array, index, value], context) => {
    if (array?.kind !== 'array') return 'the first argument of an atomic must be an array';
    // JavaScript indexes a view with .get and .set: `view[i]` is no element of it.
    if (array.rank > 1) return 'an atomic takes an array, not a view: pass the array the view was made of';
    if (array.space === 'constant')
      return 'atomics cannot change an array captured from the scope (a constant): pass it as an argument';
    // A float index that may hold a fraction (`v * bins`, an f64) is refused at the index, as in `a[i]`.
    if (!context.index(1)) refuseIndex(context, 1, index, 'the index of an atomic');
    const at = context.call.args[1];
    if (at?.op === 'const' && typeof at.value === 'number' && at.value < 0)
      return context.refuse(1, `index ${at.value} is outside every array`, ErrorCode.badIndex);
    const element = array.element;
    const okElement = isInteger(element) && (element.name.endsWith('32') || element.name.endsWith('64'));
    if (!(okElement || (allowFloat && isFloat(element) && !isHalf(element))))
      return `atomics on ${show(element)} arrays are not supported`;
    if (!isNumeric(value as Type) || isBig(value as Type) !== isBig(element))
      return `cannot apply a ${show(value as Type)} atomically to ${show(element)}`;
    const problem = atomicValueProblem(use, element, value as Type, context.call.args[2]);
    return problem === undefined ? element : context.refuse(2, problem);
  };

const atomics = family(
  ATOMIC_OPERATIONS.map((op) => `gpu.atomic${op}` as const),
  (name) => ({
    // The index is any number so that a float one is refused with the reason, not as no method.
    signature: [arrayPattern(), number, number],
    // The bitwise operations are on integers only.
    result: atomicValue(
      !['gpu.atomicAnd', 'gpu.atomicOr', 'gpu.atomicXor'].includes(name),
      name.slice('gpu.atomic'.length) as AtomicUse,
    ),
  }),
);

/**
 * The words of a number's double, as JavaScript reads any number (an f32 or an integer converts
 * to its double exactly); a BigInt is no double.
 */
const ofDouble: (result: Type) => Rule =
  (result) =>
  ([x]) =>
    isBig(x as Type) ? `takes a number (its double), not ${show(x as Type)}` : result;

/** `gpu.fma`'s type: the operands' promoted type, f64 where that is an integer (as Math's). */
const fused: Rule = (args) => {
  let t: Type | undefined = args[0];
  for (const arg of args.slice(1)) t = t && promote(t, arg as Type);
  if (t === undefined || isBig(t) || !isNumeric(t))
    return `expects numbers, got ${args.map(show).join(', ')}`;
  return isFloat(t) && t.kind === 'scalar' ? t : f64;
};

/** The `gpu` entries. */
export const GPU = {
  ...geometry,
  'gpu.warpSize': { signature: [], result: i32, property: true },
  'gpu.laneId': { signature: [], result: i32, property: true },
  'gpu.barrier': { signature: [], result: voidType },
  'gpu.threadFence': { signature: [], result: voidType },
  'gpu.threadFenceBlock': { signature: [], result: voidType },
  'gpu.threadFenceSystem': { signature: [], result: voidType },
  'gpu.clock': { signature: [], result: i64 },
  // a * b + c rounded once (IEEE fusedMultiplyAdd), in the operands' promoted float type.
  'gpu.fma': {
    signature: [number, number, number],
    result: fused,
    derivative: (x) => [() => x.arg(1), () => x.arg(0), () => 1],
  },
  'gpu.shuffle': { signature: [any, number], result: withIndices(LANE, shuffled) },
  'gpu.shuffleUp': { signature: [any, number], result: withIndices(LANE, shuffled) },
  'gpu.shuffleDown': { signature: [any, number], result: withIndices(LANE, shuffled) },
  'gpu.shuffleXor': { signature: [any, number], result: withIndices(LANE, shuffled) },
  'gpu.voteAny': { signature: [any], result: bool },
  'gpu.voteAll': { signature: [any], result: bool },
  'gpu.ballot': { signature: [any], result: scalar('u64') },
  // Bits of an integer's two's complement: 32 bits for number types (narrower ones extended as
  // their sign says), 64 for BigInt types (a ballot's lanes, say).
  'gpu.popcount': { signature: [integer], result: i32, derivative: 'zero' },
  // Typed by inference (the length must be a constant); the rule answers only other calls.
  'gpu.sharedArray': {
    // The length is any number: inference folds it and checks it is a positive integer
    // (`Math.ceil(SIZE / 32)` and `2 ** 8` are f64 constants).
    signature: [any, number],
    result: () => 'gpu.sharedArray needs a typed-array constructor and a constant length',
  },
  // The block's dynamic shared memory (its size given at launch), seen as an array of a kind:
  // every call gives the same memory, as CUDA's `extern __shared__` does.
  'gpu.dynamicSharedArray': {
    signature: [any],
    result: ([kind]) =>
      kind?.kind === 'constructor'
        ? arrayOf(kind.element, 'shared')
        : 'gpu.dynamicSharedArray takes a typed-array constructor: gpu.dynamicSharedArray(Float32Array)',
  },
  ...atomics,
  'gpu.atomicCAS': {
    signature: [arrayPattern(), number, number, number],
    result: (args, context) => {
      // The compare value is compared as it is (with \`===\` on floats: a NaN never matches, -0
      // matches 0); the new one is stored, converted as compiled.
      const result = atomicValue(true, 'compare')(args, context);
      if (typeof result === 'string') return result;
      const stored = args[3] as Type;
      return isNumeric(stored) && isBig(stored) === isBig(result)
        ? result
        : `cannot store a ${show(stored)} atomically into ${show(result)}`;
    },
  },
  // The words of an f64 (what a math library written in the kernel language needs).
  'gpu.highWord': { signature: [number], result: ofDouble(i32) },
  'gpu.lowWord': { signature: [number], result: ofDouble(u32) },
  // Each word any number, converted as JavaScript's `>>> 0` does (`0xffffffff` is a float literal).
  'gpu.fromWords': {
    signature: [number, number],
    result: ([high, low]) => (isBig(high as Type) || isBig(low as Type) ? 'takes two 32-bit words' : f64),
  },
  ...MATRIX,
  ...WARPGROUP,
  ...ASYNC_COPY,
} satisfies Record<string, Entry>;
