/**
 * Partial derivatives of each differentiable operation: for `w = op(a, b, ...)`, the factors
 * ∂w/∂a, ∂w/∂b... as IR built on demand. Forward mode multiplies them by tangents, reverse mode
 * by the adjoint of `w`: one table serves both. A partial is built only for an argument that
 * carries a derivative, so that nothing else is read (and taped). The derivatives of intrinsics
 * (Math's functions, conversions) are core's catalogue's; the operators' are here.
 */
import {
  CATALOGUE,
  catalogueEntries,
  type IRInstruction,
  isIntrinsicName,
  type Partial,
  type PartialBuilder,
} from '@gpuc/core/compiler';

export type { Partial, PartialBuilder };

type Inst = IRInstruction;

/** Partials of an operation: one thunk per argument (undefined where it has none). */
export type Rule = (x: PartialBuilder) => readonly ((() => Partial) | undefined)[];

/** Calls whose derivative is zero: they step or round. */
export const ZERO_DERIVATIVE: ReadonlySet<string> = new Set(
  catalogueEntries().flatMap(([name, { derivative }]) => (derivative === 'zero' ? [name] : [])),
);

/** Every Math function autodiff differentiates (those that step have zero derivatives). */
export const MATH_DERIVATIVES: readonly string[] = catalogueEntries().flatMap(([name, { derivative }]) =>
  name.startsWith('Math.') && derivative !== undefined ? [name] : [],
);

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
          return intrinsicRule('Math.pow', 2);
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
      return intrinsicRule(inst.name, inst.args.length);
    }
    default:
      return undefined;
  }
}

/** The rule of an intrinsic called with `count` arguments, from its derivative in the catalogue (none where it is zero). */
function intrinsicRule(name: string, count: number): Rule | undefined {
  const derivative = isIntrinsicName(name) ? CATALOGUE[name].derivative : undefined;
  if (derivative === 'identity') return () => [() => 1];
  if (typeof derivative === 'function') return (x) => derivative(x, count);
  return undefined;
}
