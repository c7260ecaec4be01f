/**
 * Partial derivatives of each differentiable operation: for `w = op(a, b, ...)`, the factors
 * ∂w/∂a, ∂w/∂b... as IR built on demand. Forward mode multiplies them by tangents, reverse mode
 * by the adjoint of `w`: one table serves both. A partial is built only for an argument that
 * carries a derivative, so that nothing else is read (and taped).
 */
import type { IRInstruction, KernelType } from '@gpuc/core';

type Inst = IRInstruction;

/** A partial derivative: IR, or the constants 1 and -1 (which need no multiplication). */
export type Partial = Inst | 1 | -1;

/** What a rule builds partials with: the primal values (made available) and IR operations. */
export interface PartialBuilder {
  /** The primal value of argument `i`, and of the result. */
  arg(i: number): Inst;
  result(): Inst;
  /** The primal type of argument `i`, and of the result. */
  argType(i: number): KernelType;
  resultType(): KernelType;
  constant(value: number): Inst;
  neg(a: Inst): Inst;
  add(a: Inst, b: Inst): Inst;
  sub(a: Inst, b: Inst): Inst;
  mul(a: Inst, b: Inst): Inst;
  div(a: Inst, b: Inst): Inst;
  pow(a: Inst, b: Inst): Inst;
  call(name: string, ...args: Inst[]): Inst;
  compare(operator: '==' | '>' | '>=', a: Inst, b: Inst): Inst;
  /** A boolean as 0 or 1 of a float type. */
  indicator(condition: Inst, type: KernelType): Inst;
  /** Element `i` of a tuple. */
  element(tuple: Inst, i: number): Inst;
}

/** Partials of an operation: one thunk per argument (undefined where it has none). */
export type Rule = (x: PartialBuilder) => readonly ((() => Partial) | undefined)[];

/** Calls whose derivative is zero: they step or round. */
export const ZERO_DERIVATIVE = new Set(['Math.floor', 'Math.ceil', 'Math.round', 'Math.trunc', 'Math.sign']);

/** One-argument Math functions: ∂w/∂x from x and the result w. */
const UNARY: Record<string, (x: PartialBuilder, a: Inst, w: () => Inst) => Inst> = {
  'Math.sqrt': (x, _a, w) => x.div(x.constant(0.5), w()),
  'Math.cbrt': (x, _a, w) => x.div(x.constant(1), x.mul(x.constant(3), x.mul(w(), w()))),
  'Math.exp': (_x, _a, w) => w(),
  'Math.expm1': (x, _a, w) => x.add(w(), x.constant(1)),
  'Math.log': (x, a) => x.div(x.constant(1), a),
  'Math.log1p': (x, a) => x.div(x.constant(1), x.add(a, x.constant(1))),
  'Math.log2': (x, a) => x.div(x.constant(1), x.mul(a, x.constant(Math.LN2))),
  'Math.log10': (x, a) => x.div(x.constant(1), x.mul(a, x.constant(Math.LN10))),
  'Math.sin': (x, a) => x.call('Math.cos', a),
  'Math.cos': (x, a) => x.neg(x.call('Math.sin', a)),
  'Math.tan': (x, _a, w) => x.add(x.constant(1), x.mul(w(), w())),
  'Math.asin': (x, a) => x.div(x.constant(1), x.call('Math.sqrt', x.sub(x.constant(1), x.mul(a, a)))),
  'Math.acos': (x, a) => x.neg(x.div(x.constant(1), x.call('Math.sqrt', x.sub(x.constant(1), x.mul(a, a))))),
  'Math.atan': (x, a) => x.div(x.constant(1), x.add(x.constant(1), x.mul(a, a))),
  'Math.sinh': (x, a) => x.call('Math.cosh', a),
  'Math.cosh': (x, a) => x.call('Math.sinh', a),
  'Math.tanh': (x, _a, w) => x.sub(x.constant(1), x.mul(w(), w())),
  'Math.asinh': (x, a) => x.div(x.constant(1), x.call('Math.sqrt', x.add(x.mul(a, a), x.constant(1)))),
  'Math.acosh': (x, a) => x.div(x.constant(1), x.call('Math.sqrt', x.sub(x.mul(a, a), x.constant(1)))),
  'Math.atanh': (x, a) => x.div(x.constant(1), x.sub(x.constant(1), x.mul(a, a))),
  'Math.abs': (x, a) => x.call('Math.sign', a),
};

/** Conversions between float types and the identity-like calls: derivative 1. */
const IDENTITY = new Set(['Math.fround', 'f32', 'f64', 'Number']);

/** Every Math function autodiff differentiates (those that step have zero derivatives). */
export const MATH_DERIVATIVES: readonly string[] = [
  ...Object.keys(UNARY),
  'Math.fround',
  'Math.pow',
  'Math.atan2',
  'Math.min',
  'Math.max',
  'Math.hypot',
  ...ZERO_DERIVATIVE,
];

const MATH_RULES: ReadonlySet<string> = new Set(MATH_DERIVATIVES);

/**
 * Whether an operation is a Math function (or `**`) with a rule here, however the target
 * implements it: an intrinsic, or a device function of an overlay such as the device math
 * library.
 */
export function hasMathRule(inst: Inst): boolean {
  return (
    (inst.op === 'call' && MATH_RULES.has(inst.name)) || (inst.op === 'binary' && inst.operator === '**')
  );
}

/** a ** b (and Math.pow): b a^(b-1), and a^b ln a where a > 0 (0 elsewhere, not NaN). */
const power: Rule = (x) => [
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
function extremum(count: number): Rule {
  return (x) => {
    let taken: Inst[] | undefined;
    const shares = () => {
      if (taken) return taken;
      const type = x.resultType();
      const result = x.result();
      taken = [];
      let chosen: Inst | undefined;
      for (let i = 0; i < count; i++) {
        const equal = x.indicator(x.compare('==', x.arg(i), result), type);
        const share = chosen ? x.mul(equal, x.sub(x.constant(1), chosen)) : equal;
        taken.push(share);
        chosen = chosen ? x.add(chosen, share) : share;
      }
      return taken;
    };
    return Array.from({ length: count }, (_, i) => () => shares()[i] as Inst);
  };
}

/** Math.hypot: a_i / r (0 where r is 0). */
function hypot(count: number): Rule {
  return (x) =>
    Array.from({ length: count }, (_, i) => () => {
      const r = x.result();
      return x.div(x.arg(i), x.add(r, x.indicator(x.compare('==', r, x.constant(0)), x.resultType())));
    });
}

/**
 * The rule for an operation with a float result, or undefined when it has none. `ruleCall`
 * names the partials function of a call to a function with a registered derivative.
 */
export function derivativeOf(inst: Inst, ruleCall?: string): Rule | undefined {
  switch (inst.op) {
    case 'unary':
      return inst.operator === '-' ? () => [() => -1] : inst.operator === '+' ? () => [() => 1] : undefined;
    case 'convert':
      return () => [() => 1];
    case 'binary':
      switch (inst.operator) {
        case '+':
          return () => [() => 1, () => 1];
        case '-':
          return () => [() => 1, () => -1];
        case '*':
          return (x) => [() => x.arg(1), () => x.arg(0)];
        case '/':
          return (x) => [() => x.div(x.constant(1), x.arg(1)), () => x.neg(x.div(x.result(), x.arg(1)))];
        case '%':
          return (x) => [() => 1, () => x.neg(x.call('Math.trunc', x.div(x.arg(0), x.arg(1))))];
        case '**':
          return power;
        default:
          return undefined;
      }
    case 'callvalue':
    case 'call': {
      if (ruleCall !== undefined) {
        // The rule gets the call's arguments and gives the partials: a number for a function
        // of one argument, a tuple otherwise.
        const first = inst.op === 'callvalue' ? 1 : 0;
        const count = inst.args.length - first;
        return (x) => {
          let partials: Inst | undefined;
          const all = () => {
            partials ??= x.call(ruleCall, ...inst.args.slice(first).map((_, i) => x.arg(first + i)));
            return partials;
          };
          return inst.args.map((_, i) =>
            i < first ? undefined : () => (count === 1 ? all() : x.element(all(), i - first)),
          );
        };
      }
      if (inst.op === 'callvalue') return undefined;
      const unary = UNARY[inst.name];
      if (unary) return (x) => [() => unary(x, x.arg(0), () => x.result())];
      if (IDENTITY.has(inst.name)) return () => [() => 1];
      if (inst.name === 'Math.pow') return power;
      if (inst.name === 'Math.atan2')
        return (x) => {
          const norm = () => x.add(x.mul(x.arg(0), x.arg(0)), x.mul(x.arg(1), x.arg(1)));
          return [() => x.div(x.arg(1), norm()), () => x.neg(x.div(x.arg(0), norm()))];
        };
      if (inst.name === 'Math.min' || inst.name === 'Math.max') return extremum(inst.args.length);
      if (inst.name === 'Math.hypot') return hypot(inst.args.length);
      return undefined;
    }
    default:
      return undefined;
  }
}
