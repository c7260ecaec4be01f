/**
 * JavaScript's integer division idiom on 32-bit integers, `(a / b) | 0`, `(a / b) >>> 0`, `~~(a / b)`
 * and the quotient stored into an Int32Array or a Uint32Array (docs/language.md, "Operators").
 * The quotient is a double, which WGSL has not; converted to a word it is the integers'
 * truncated quotient modulo 2^32 (the double's rounding never carries a quotient of two 32-bit
 * integers past an integer: its distance to one is at least 1/|b|, its ulp below that), and 0
 * where the divisor is 0 (±Infinity and NaN convert to 0). So such a quotient is never a WGSL
 * value (wgsl.ts folds it), only converted where it is used; used as a double, it is refused.
 */
import type { IRInstruction } from '@gpuc/core/compiler';
import type { WriterContext } from './context.js';
import { need } from './helpers.js';
import { isNumberOfInteger } from './wide.js';
import { constantOf } from './words.js';

/** A 32-bit integer operand: its sign and magnitude as WGSL (a bool and a u32). */
type Operand = readonly [negative: string, magnitude: string];

/**
 * An operand as a sign and a magnitude, or undefined where it is no 32-bit integer's double
 * (without `c`, only whether it is one).
 */
function operand(
  scope: Readonly<Record<string, unknown>>,
  c: WriterContext | undefined,
  inst: IRInstruction,
): Operand | undefined {
  const known = constantOf(inst, scope);
  if (typeof known === 'number')
    return Number.isInteger(known) && Math.abs(known) <= 0xffffffff
      ? [String(known < 0 || Object.is(known, -0)), `${Math.abs(known)}u`]
      : undefined;
  if (!isNumberOfInteger(inst)) return undefined;
  const integer = inst.args[0] as IRInstruction;
  const type = integer.type?.kind === 'scalar' ? integer.type.name : undefined;
  if (type !== 'i32' && type !== 'u32') return undefined;
  if (c === undefined) return ['', ''];
  const x = c.value(integer);
  if (type === 'u32') return ['false', x];
  return [`(${x} < 0i)`, `select(bitcast<u32>(${x}), 0u - bitcast<u32>(${x}), ${x} < 0i)`];
}

/**
 * Whether a value is a double quotient of two 32-bit integers (or integral constants of their
 * size, numbers of the `scope` included).
 */
export function isIntegerQuotient(inst: IRInstruction, scope: Readonly<Record<string, unknown>>): boolean {
  if (inst.op !== 'binary' || inst.operator !== '/') return false;
  if (inst.type?.kind !== 'scalar' || inst.type.name !== 'f64') return false;
  return inst.args.every((arg) => operand(scope, undefined, arg) !== undefined);
}

/** Such a quotient converted to a word, as a store into an Int32Array or a Uint32Array converts it. */
export function quotientTo(c: WriterContext, inst: IRInstruction, to: 'i32' | 'u32'): string {
  const [a, b] = inst.args.map((arg) => operand(c.parts.scope, c, arg) as Operand) as [Operand, Operand];
  need(c.parts.helpers, 'gpuc_quotient');
  const word = `gpuc_quotient(${a[0]}, ${a[1]}, ${b[0]}, ${b[1]})`;
  return to === 'u32' ? word : `bitcast<i32>(${word})`;
}
