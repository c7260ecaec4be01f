/**
 * Constant folding with JavaScript's exact semantics: lowering folds operators on numeric
 * literals (so `65536 * 65536` is 4294967296 and `-0` keeps its sign, where typed integer
 * arithmetic would wrap), and inference evaluates the constants a length needs
 * (`gpu.sharedArray(Float32Array, 32 * 33)`, a scope number, a `const N = 16`).
 */
import { catalogueEntries } from './catalogue/index.js';
import type { BinaryOperator, Instruction, UnaryOperator } from './ir.js';

/**
 * `Math`'s functions that round to an integer, folded on a numeric literal (`Math.floor(7 / 2)`
 * is 3, as if written so), however the function is named (`Math[K]` with `K` a const or scope
 * string): the integer literal a wait count or a length takes, typed as one.
 */
export const ROUNDING: Readonly<Record<string, (x: number) => number>> = {
  'Math.floor': Math.floor,
  'Math.ceil': Math.ceil,
  'Math.trunc': Math.trunc,
  'Math.round': Math.round,
};

/** JavaScript's `a op b` on numbers. */
export function foldBinary(operator: BinaryOperator, a: number, b: number): number {
  switch (operator) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    case '**':
      return a ** b;
    case '&':
      return a & b;
    case '|':
      return a | b;
    case '^':
      return a ^ b;
    case '<<':
      return a << b;
    case '>>':
      return a >> b;
    case '>>>':
      return a >>> b;
  }
}

/** JavaScript's unary `op a` on a number (`!` is a condition, never folded here). */
export function foldUnary(operator: Exclude<UnaryOperator, '!'>, a: number): number {
  switch (operator) {
    case '-':
      return -a;
    case '+':
      return a;
    case '~':
      return ~a;
  }
}

/** Math's functions that fold: pure, and computed by the host as JavaScript defines them. */
const FOLDABLE_MATH: ReadonlyMap<string, (...args: number[]) => number> = new Map(
  catalogueEntries().flatMap(([name, { fold, reference }]) =>
    fold && reference ? [[name, reference as (...args: number[]) => number]] : [],
  ),
);

/**
 * The number a value is at compile time, or undefined: constants, operators and Math's pure
 * functions on constants, names `lookup` resolves (scope numbers), and the lengths of names
 * `lookupLength` resolves (captured arrays).
 */
export function constantNumber(
  inst: Instruction,
  lookup: (name: string) => number | undefined,
  depth = 0,
  lookupLength: (name: string) => number | undefined = () => undefined,
): number | undefined {
  if (depth > 100) return undefined;
  switch (inst.op) {
    case 'const':
      return typeof inst.value === 'number' ? inst.value : undefined;
    case 'global':
      return lookup(inst.name);
    case 'unary': {
      const a = inst.args[0] && constantNumber(inst.args[0], lookup, depth + 1, lookupLength);
      return a === undefined || inst.operator === '!' ? undefined : foldUnary(inst.operator, a);
    }
    case 'binary': {
      const [left, right] = inst.args as [Instruction, Instruction];
      const a = constantNumber(left, lookup, depth + 1, lookupLength);
      const b = a === undefined ? undefined : constantNumber(right, lookup, depth + 1, lookupLength);
      return a === undefined || b === undefined ? undefined : foldBinary(inst.operator, a, b);
    }
    case 'call': {
      // Math's pure functions, as the host computes them (a length must be exact anyway).
      const fn = inst.property ? undefined : FOLDABLE_MATH.get(inst.name);
      if (fn === undefined) return undefined;
      const args = inst.args.map((arg) => constantNumber(arg, lookup, depth + 1, lookupLength));
      return args.every((a) => a !== undefined) ? fn(...(args as number[])) : undefined;
    }
    case 'length': {
      // The length of a captured array, tuple or string (`new Float32Array(table.length)`), or
      // of a string literal.
      const array = inst.args[0] as Instruction;
      if (array.op === 'const') return typeof array.value === 'string' ? array.value.length : undefined;
      return array.op === 'global' ? lookupLength(array.name) : undefined;
    }
    default:
      return undefined;
  }
}
