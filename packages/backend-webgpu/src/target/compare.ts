/**
 * Comparisons JavaScript makes exactly where no WGSL type holds both operands (docs/language.md,
 * "Promotion"): an `i32` with a `u32`, a 32-bit integer or an `f32` with a double constant
 * neither holds (`u < -1`, `i < 2.5`, `x < 0.1`), which the front end types as `f64` comparisons,
 * and an `f32` with a 32-bit integer, which it types as `f32` (the integer rounded). Each is
 * written in the operands' own types, as the integers' order or the f32 neighbours of the
 * constant decide it.
 */
import { flippedComparison, type IRInstruction, singleComparison } from '@gpuc/core/compiler';
import { opaque } from './arithmetic.js';
import type { WriterContext } from './context.js';
import { constantOf, literal } from './words.js';

type Operator = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** A 32-bit integer operand: its WGSL value, its type and its range. */
interface Integer {
  readonly x: string;
  readonly type: 'i32' | 'u32';
  readonly min: number;
  readonly max: number;
}

/** The result of `left OP right` where the order of the two is known. */
function ordered(operator: Operator, order: -1 | 1): string {
  const lower = operator === '<' || operator === '<=' || operator === '!=';
  const higher = operator === '>' || operator === '>=' || operator === '!=';
  return String(order < 0 ? lower : higher);
}

/** `Number(x)` of an i32, a u32 or a bool (false and true are 0 and 1), or undefined. */
function integerOf(c: WriterContext, inst: IRInstruction): Integer | undefined {
  if (
    inst.op !== 'convert' &&
    (inst.op !== 'call' || inst.name !== 'Number' || inst.target?.kind === 'function')
  )
    return undefined;
  const from = inst.args[0] as IRInstruction | undefined;
  const type = from?.type?.kind === 'scalar' ? from.type.name : undefined;
  if (from === undefined || (type !== 'i32' && type !== 'u32' && type !== 'bool')) return undefined;
  const x = c.value(from);
  if (type === 'i32') return { x, type, min: -(2 ** 31), max: 2 ** 31 - 1 };
  if (type === 'u32') return { x, type, min: 0, max: 2 ** 32 - 1 };
  return { x: `select(0u, 1u, ${x})`, type: 'u32', min: 0, max: 1 };
}

/** An f32 widened to a double: the f32 value, or undefined. */
export function singleOf(inst: IRInstruction): IRInstruction | undefined {
  const from = inst.op === 'convert' ? inst.args[0] : undefined;
  return from?.type?.kind === 'scalar' && from.type.name === 'f32' ? from : undefined;
}

/** An integer and a constant it is compared with: where the constant sits in its range. */
function integerWithConstant(operator: Operator, n: Integer, k: number): string {
  if (Number.isNaN(k)) return String(operator === '!=');
  if (k < n.min) return ordered(operator, 1);
  if (k > n.max) return ordered(operator, -1);
  if (Number.isInteger(k)) return `(${n.x} ${operator} ${literal(n.type, k)})`;
  // Between two integers: x < 2.5 is x <= 2, x > 2.5 is x >= 3, and it equals none.
  if (operator === '==' || operator === '!=') return String(operator === '!=');
  if (operator === '<' || operator === '<=') return `(${n.x} <= ${literal(n.type, Math.floor(k))})`;
  return `(${n.x} >= ${literal(n.type, Math.ceil(k))})`;
}

/** An i32 and a u32: a negative i32 is below every u32, the rest compare as u32. */
function mixedIntegers(operator: Operator, a: Integer, b: Integer): string {
  if (a.type === b.type) return `(${a.x} ${operator} ${b.x})`;
  const [signed, order] = a.type === 'i32' ? [a.x, -1 as const] : [b.x, 1 as const];
  const [x, y] = a.type === 'i32' ? [`bitcast<u32>(${a.x})`, b.x] : [a.x, `bitcast<u32>(${b.x})`];
  return `select((${x} ${operator} ${y}), ${ordered(operator, order)}, (${signed} < 0i))`;
}

/**
 * An f32 and a double constant: no f32 lies strictly between the constant and its two f32
 * neighbours, so the comparison with the nearer neighbour on the right side is exact.
 */
function singleWithConstant(c: WriterContext, operator: Operator, x: string, k: number): string {
  if (Number.isNaN(k)) return String(operator === '!=');
  const single = singleComparison(operator, k);
  if (typeof single === 'boolean') return String(single);
  return floatCompare(c, single.operator as Operator, x, literal('f32', single.constant));
}

/**
 * An f32 and a 32-bit integer the front end rounded to f32 (`f`): rounding keeps the order, so
 * the f32 comparison is right unless the two tie; then the f32 is an integer within the
 * integer's range or just above it (2^31 for 2147483647), and compares with it as one.
 */
function singleWithInteger(
  c: WriterContext,
  operator: Operator,
  x: string,
  rounded: string,
  n: Integer,
  integerLeft: boolean,
): string {
  const op = integerLeft ? operator : (flippedComparison(operator) as Operator);
  const limit = literal('f32', n.max + 1);
  const tie = `select((${n.x} ${op} ${n.type}(${x})), ${ordered(op, -1)}, (${x} >= ${limit}))`;
  const [l, r] = integerLeft ? [rounded, x] : [x, rounded];
  return `select(${floatCompare(c, operator, l, r)}, ${tie}, ${floatCompare(c, '==', x, rounded)})`;
}

/**
 * A comparison. A driver that assumes no NaNs may compare f32 values as if none were there:
 * lavapipe's computed `!=` as an ordered comparison, false where a NaN is compared (so `x !== x`,
 * JavaScript's test for NaN, was false), and could fold `x >= x` into true. So f32 operands are
 * opaque as arithmetic's are, and `!=` is the negation of `==`.
 */
export function compare(
  c: WriterContext,
  inst: IRInstruction & { op: 'compare' },
  a: IRInstruction,
  b: IRInstruction,
): string {
  const exact = exactCompare(c, inst.operator, a, b);
  if (exact !== undefined) return exact;
  const float = a.type?.kind === 'scalar' && a.type.name === 'f32';
  if (!float) return `(${c.value(a)} ${inst.operator} ${c.value(b)})`;
  return floatCompare(c, inst.operator, c.value(a), c.value(b));
}

/** Two f32 values compared (see {@link compare}). */
function floatCompare(c: WriterContext, operator: Operator, x: string, y: string): string {
  const [p, q] = opaque(c, x, y);
  if (operator !== '!=') return `(${p} ${operator} ${q})`;
  return `!(${p} == ${q})`;
}

/**
 * A comparison of operands of the shapes above, written exactly; undefined for any other (an
 * f64 comparison of other operands is then refused where its operands are used).
 */
function exactCompare(
  c: WriterContext,
  operator: Operator,
  a: IRInstruction,
  b: IRInstruction,
): string | undefined {
  const name = a.type?.kind === 'scalar' ? a.type.name : undefined;
  if (name === 'f32') {
    const left = a.op === 'convert' ? integerOf(c, a) : undefined;
    const right = b.op === 'convert' ? integerOf(c, b) : undefined;
    if (left && !right) return singleWithInteger(c, operator, c.value(b), c.value(a), left, true);
    if (right && !left) return singleWithInteger(c, operator, c.value(a), c.value(b), right, false);
    return undefined;
  }
  if (name !== 'f64') return undefined;
  const [p, q] = [constantOf(a, c.parts.scope), constantOf(b, c.parts.scope)];
  if (typeof p === 'number' && typeof q === 'number') return String(compareNumbers(operator, p, q));
  if (typeof p === 'number' || typeof q === 'number') {
    // The constant on the right.
    const [value, k, op] =
      typeof q === 'number' ? [a, q, operator] : [b, p as number, flippedComparison(operator) as Operator];
    const n = integerOf(c, value);
    if (n) return integerWithConstant(op, n, k);
    const single = singleOf(value);
    return single && singleWithConstant(c, op, c.value(single), k);
  }
  const [m, n] = [integerOf(c, a), integerOf(c, b)];
  return m && n ? mixedIntegers(operator, m, n) : undefined;
}

/** JavaScript's comparison of two numbers. */
function compareNumbers(operator: Operator, p: number, q: number): boolean {
  switch (operator) {
    case '==':
      return p === q;
    case '!=':
      return p !== q;
    case '<':
      return p < q;
    case '<=':
      return p <= q;
    case '>':
      return p > q;
    default:
      return p >= q;
  }
}
