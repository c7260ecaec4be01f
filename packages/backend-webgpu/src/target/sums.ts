/**
 * JavaScript's wrapping idiom on 32-bit integers whose sum the front end makes a double: an
 * `i32` with a `u32` or with a constant past its range, `(h + 0xe6546b64) | 0`, `(seed + P1 + P2)
 * >>> 0`, such a sum stored into an Int32Array or a Uint32Array (docs/language.md, "Promotion":
 * `i32` with `u32` computes in `f64`). A sum or difference of 32-bit integers and integral
 * constants within 2^32 is exact in a double, and converted to a word it is the sum modulo 2^32:
 * the wrapping `u32` sum of the terms' bits. So such a sum is never a WGSL value (wgsl.ts folds
 * it), only converted where it is used; used as a double, it is refused.
 */
import type { IRInstruction, Span } from '@gpuc/core/compiler';
import type { WriterContext } from './context.js';
import { isNumberOfInteger } from './wide.js';
import { constantOf, literal } from './words.js';

/** Terms a sum may have: far fewer than 2^20 terms of magnitude below 2^32 stay below 2^53. */
const MAX_TERMS = 2 ** 20;

/** A term of such a sum: an integral constant within 2^32, or `Number` of an i32, u32 or bool. */
function isTerm(inst: IRInstruction, scope: Readonly<Record<string, unknown>>): boolean {
  const known = constantOf(inst, scope);
  if (typeof known === 'number') return Number.isInteger(known) && Math.abs(known) <= 0xffffffff;
  if (!isNumberOfInteger(inst)) return false;
  const type = inst.args[0]?.type;
  return type?.kind === 'scalar' && ['i32', 'u32', 'bool'].includes(type.name);
}

/** How many terms a double sum of terms has, or undefined where it is no such sum. */
function terms(inst: IRInstruction, scope: Readonly<Record<string, unknown>>): number | undefined {
  if (inst.op !== 'binary' || (inst.operator !== '+' && inst.operator !== '-')) return undefined;
  if (inst.type?.kind !== 'scalar' || inst.type.name !== 'f64') return undefined;
  let count = 0;
  for (const arg of inst.args) {
    const n = isTerm(arg, scope) ? 1 : terms(arg, scope);
    if (n === undefined) return undefined;
    count += n;
  }
  return count <= MAX_TERMS ? count : undefined;
}

/** Whether a value is a double sum or difference of 32-bit integers (see the module's comment). */
export function isIntegerSum(inst: IRInstruction, scope: Readonly<Record<string, unknown>>): boolean {
  return terms(inst, scope) !== undefined;
}

/** Such a sum converted to a word, as `| 0`, `>>> 0` or a store into an Int32Array or Uint32Array does. */
export function sumTo(c: WriterContext, inst: IRInstruction, to: 'i32' | 'u32', span: Span): string {
  const bits = (term: IRInstruction): string => {
    const known = constantOf(term, c.parts.scope);
    if (typeof known === 'number') return literal('u32', known);
    if (isNumberOfInteger(term)) return c.coerce(term.args[0] as IRInstruction, 'u32', span);
    const [a, b] = term.args as [IRInstruction, IRInstruction];
    const minus = term.op === 'binary' && term.operator === '-';
    return `(${bits(a)} ${minus ? '-' : '+'} ${bits(b)})`;
  };
  const word = bits(inst);
  return to === 'u32' ? word : `bitcast<i32>(${word})`;
}
