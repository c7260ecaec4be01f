/**
 * `Math`'s functions: JavaScript's own are their definition (the reference runner calls them),
 * with the rules that type them, their derivatives, and which the device math library
 * implements.
 */
import type { Instruction } from '../ir.js';
import { number } from '../methods.js';
import { arithmetic, f32, f64, i32, isBig, isFloat, isNumeric, promote, show, type Type } from '../types.js';
import type { Entry, PartialBuilder, Partials, Rule } from './entry.js';

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

/** Functions of numbers with a fixed result type: JavaScript throws a TypeError for a BigInt. */
const numeric =
  (result: Type): Rule =>
  (args) =>
    args.some((t) => isBig(t as Type)) ? `expects numbers, got ${args.map(show).join(', ')}` : result;

const extremum: Rule = (args) => {
  if (args.length === 0) return 'needs at least one argument';
  let t: Type | undefined = args[0];
  for (const arg of args.slice(1)) t = t && promote(t, arg);
  return t === undefined || !isNumeric(t) || isBig(t)
    ? `expects numbers of one kind, got ${args.map(show).join(', ')}`
    : arithmetic(t);
};

/** A function of one argument whose derivative is built from x and the result w. */
const unary =
  (partial: (x: PartialBuilder, a: Instruction, w: () => Instruction) => Instruction): Partials =>
  (x) => [() => partial(x, x.arg(0), () => x.result())];

/** `reciprocal(x, d)` is 1 / d. */
const reciprocal = (x: PartialBuilder, d: Instruction) => x.div(x.constant(1), d);

/** 1 - a² */
const oneMinusSquare = (x: PartialBuilder, a: Instruction) => x.sub(x.constant(1), x.mul(a, a));

/** a ** b (and `**`): b a^(b-1), and a^b ln a where a > 0 (0 elsewhere, not NaN). */
const power: Partials = (x) => [
  () => x.mul(x.arg(1), x.pow(x.arg(0), x.sub(x.arg(1), x.constant(1)))),
  () => {
    const a = x.arg(0);
    const type = x.argType(0);
    const safe = x.add(x.call('Math.abs', a), x.indicator(x.compare('==', a, x.constant(0)), type));
    return x.mul(
      x.mul(x.result(), x.call('Math.log', safe)),
      x.indicator(x.compare('>', a, x.constant(0)), type),
    );
  },
];

/** Math.min and Math.max: the first argument equal to the result takes the derivative. */
const chosen: Partials = (x, count) => {
  let taken: Instruction[] | undefined;
  const shares = () => {
    if (taken) return taken;
    const type = x.resultType();
    const result = x.result();
    taken = [];
    let sum: Instruction | undefined;
    for (let i = 0; i < count; i++) {
      const equal = x.indicator(x.compare('==', x.arg(i), result), type);
      const share = sum ? x.mul(equal, x.sub(x.constant(1), sum)) : equal;
      taken.push(share);
      sum = sum ? x.add(sum, share) : share;
    }
    return taken;
  };
  return Array.from({ length: count }, (_, i) => () => shares()[i] as Instruction);
};

/** A float function of one argument: JavaScript's, its derivative, and how the library has it. */
const float1 = (
  reference: (x: number) => number,
  derivative: Partials,
  library?: Entry['library'],
): Entry => ({ signature: [number], result: floating, reference, derivative, library });

const LIBRARY = { arity: 1 } as const;
const SINGLE = { arity: 1, single: true } as const;

/** A function that keeps integers integers (`zero` derivative where it steps: floor...). */
const preserve = (reference: (x: number) => number, derivative: Entry['derivative'], fold = true): Entry => ({
  signature: [number],
  result: preserving,
  reference,
  derivative,
  fold,
});

/** The `Math` entries. */
export const MATH = {
  'Math.sqrt': {
    ...float1(
      Math.sqrt,
      unary((x, _a, w) => x.div(x.constant(0.5), w())),
    ),
    fold: true,
  },
  'Math.cbrt': float1(
    Math.cbrt,
    unary((x, _a, w) => reciprocal(x, x.mul(x.constant(3), x.mul(w(), w())))),
    SINGLE,
  ),
  'Math.exp': float1(
    Math.exp,
    unary((_x, _a, w) => w()),
    LIBRARY,
  ),
  'Math.expm1': float1(
    Math.expm1,
    unary((x, _a, w) => x.add(w(), x.constant(1))),
    SINGLE,
  ),
  'Math.log': float1(
    Math.log,
    unary((x, a) => reciprocal(x, a)),
    LIBRARY,
  ),
  'Math.log1p': float1(
    Math.log1p,
    unary((x, a) => reciprocal(x, x.add(a, x.constant(1)))),
    SINGLE,
  ),
  'Math.log2': {
    ...float1(
      Math.log2,
      unary((x, a) => reciprocal(x, x.mul(a, x.constant(Math.LN2)))),
      LIBRARY,
    ),
    fold: true,
  },
  'Math.log10': float1(
    Math.log10,
    unary((x, a) => reciprocal(x, x.mul(a, x.constant(Math.LN10)))),
    LIBRARY,
  ),
  'Math.sin': float1(
    Math.sin,
    unary((x, a) => x.call('Math.cos', a)),
    LIBRARY,
  ),
  'Math.cos': float1(
    Math.cos,
    unary((x, a) => x.neg(x.call('Math.sin', a))),
    LIBRARY,
  ),
  'Math.tan': float1(
    Math.tan,
    unary((x, _a, w) => x.add(x.constant(1), x.mul(w(), w()))),
    LIBRARY,
  ),
  'Math.asin': float1(
    Math.asin,
    unary((x, a) => reciprocal(x, x.call('Math.sqrt', oneMinusSquare(x, a)))),
    LIBRARY,
  ),
  'Math.acos': float1(
    Math.acos,
    unary((x, a) => x.neg(reciprocal(x, x.call('Math.sqrt', oneMinusSquare(x, a))))),
    LIBRARY,
  ),
  'Math.atan': float1(
    Math.atan,
    unary((x, a) => reciprocal(x, x.add(x.constant(1), x.mul(a, a)))),
    LIBRARY,
  ),
  'Math.sinh': float1(
    Math.sinh,
    unary((x, a) => x.call('Math.cosh', a)),
    LIBRARY,
  ),
  'Math.cosh': float1(
    Math.cosh,
    unary((x, a) => x.call('Math.sinh', a)),
    LIBRARY,
  ),
  'Math.tanh': float1(
    Math.tanh,
    unary((x, _a, w) => x.sub(x.constant(1), x.mul(w(), w()))),
    LIBRARY,
  ),
  'Math.asinh': float1(
    Math.asinh,
    unary((x, a) => reciprocal(x, x.call('Math.sqrt', x.add(x.mul(a, a), x.constant(1))))),
    LIBRARY,
  ),
  'Math.acosh': float1(
    Math.acosh,
    unary((x, a) => reciprocal(x, x.call('Math.sqrt', x.sub(x.mul(a, a), x.constant(1))))),
    LIBRARY,
  ),
  'Math.atanh': float1(
    Math.atanh,
    unary((x, a) => reciprocal(x, oneMinusSquare(x, a))),
    LIBRARY,
  ),
  'Math.atan2': {
    signature: [number, number],
    result: floating,
    reference: Math.atan2,
    derivative: (x) => {
      const norm = () => x.add(x.mul(x.arg(0), x.arg(0)), x.mul(x.arg(1), x.arg(1)));
      return [() => x.div(x.arg(1), norm()), () => x.neg(x.div(x.arg(0), norm()))];
    },
    library: { arity: 2 },
  },
  'Math.pow': {
    signature: [number, number],
    result: floating,
    reference: Math.pow,
    derivative: power,
    library: { arity: 2 },
    fold: true,
  },
  'Math.abs': preserve(
    Math.abs,
    unary((x, a) => x.call('Math.sign', a)),
  ),
  'Math.sign': preserve(Math.sign, 'zero', false),
  'Math.floor': preserve(Math.floor, 'zero'),
  'Math.ceil': preserve(Math.ceil, 'zero'),
  'Math.round': preserve(Math.round, 'zero'),
  'Math.trunc': preserve(Math.trunc, 'zero'),
  'Math.min': {
    signature: 'variadic',
    result: extremum,
    reference: Math.min,
    derivative: chosen,
    fold: true,
  },
  'Math.max': {
    signature: 'variadic',
    result: extremum,
    reference: Math.max,
    derivative: chosen,
    fold: true,
  },
  'Math.hypot': {
    signature: 'variadic',
    result: (args, context) => (args.length === 0 ? 'needs at least one argument' : floating(args, context)),
    reference: Math.hypot,
    // a_i / r (0 where r is 0).
    derivative: (x, count) =>
      Array.from({ length: count }, (_, i) => () => {
        const r = x.result();
        return x.div(x.arg(i), x.add(r, x.indicator(x.compare('==', r, x.constant(0)), x.resultType())));
      }),
    library: { arity: 2 },
  },
  'Math.imul': { signature: [number, number], result: numeric(i32), reference: Math.imul },
  'Math.clz32': { signature: [number], result: numeric(i32), reference: Math.clz32 },
  'Math.fround': {
    signature: [number],
    result: numeric(f32),
    reference: Math.fround,
    derivative: 'identity',
  },
  'Math.random': {
    signature: [],
    result: () =>
      'Math.random has no device implementation; pass random numbers in, or use a generator of your own',
    reference: Math.random,
  },
} satisfies Record<string, Entry>;
