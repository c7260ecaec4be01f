/**
 * 64-bit integers (`i64`, `u64`: BigInts, and `gpu.ballot`'s mask) in WGSL, which has none: each
 * value a vec2u of its high and low words, computed modulo 2^64 as gpuc defines BigInt
 * arithmetic (`+ - * / % ** & | ^ ~ << >>`, comparisons, `gpu.popcount`), a division by zero
 * or a negative exponent a device exception, as JavaScript throws. `Number(x)` of an integer has no WGSL value (WGSL has no f64): it is converted where it
 * is used as a 32-bit word, through the double JavaScript would round it to.
 */
import type { IRInstruction, KernelType, Span } from '@gpuc/core/compiler';
import type { WordType } from '../webgpu/layout.js';
import type { WriterContext } from './context.js';
import { need } from './helpers.js';
import { throwIf } from './throws.js';

/** The 64-bit integer types. */
export type Wide = 'i64' | 'u64';

/** The 64-bit integer type a kernel type is, if it is one. */
export function wideOf(type: KernelType | undefined): Wide | undefined {
  return type?.kind === 'scalar' && (type.name === 'i64' || type.name === 'u64') ? type.name : undefined;
}

/** A 64-bit constant (any integer, wrapped modulo 2^64). */
export function wideLiteral(value: bigint | number | boolean): string {
  const bits = BigInt.asUintN(64, typeof value === 'bigint' ? value : BigInt(Number(value)));
  return `vec2u(${bits >> 32n}u, ${bits & 0xffffffffn}u)`;
}

/** A value as a 64-bit integer: a BigInt kept, a 32-bit integer or boolean extended. */
export function widen(c: WriterContext, inst: IRInstruction, span: Span): string {
  if (inst.op === 'const' && (typeof inst.value === 'bigint' || Number.isInteger(inst.value)))
    return wideLiteral(inst.value as bigint | number);
  if (wideOf(inst.type)) return c.value(inst);
  const type = c.scalar(inst.type, span);
  const x = c.value(inst);
  if (type === 'i32') return `vec2u(select(0u, 0xffffffffu, ${x} < 0i), bitcast<u32>(${x}))`;
  if (type === 'u32') return `vec2u(0u, ${x})`;
  if (type === 'bool') return `vec2u(0u, select(0u, 1u, ${x}))`;
  return c.refuse(span, `a BigInt of an ${type}`);
}

/**
 * An integer's double, `Number(x)` or the conversion where an integer meets a double (`i / 2`):
 * a value WGSL cannot hold, converted where it is used.
 */
export function isNumberOfInteger(inst: IRInstruction): boolean {
  const double = inst.op === 'convert' && inst.type?.kind === 'scalar' && inst.type.name === 'f64';
  if (!double && (inst.op !== 'call' || inst.name !== 'Number' || inst.target?.kind === 'function'))
    return false;
  const arg = inst.args[0]?.type;
  return arg?.kind === 'scalar' && ['i32', 'u32', 'bool', 'i64', 'u64'].includes(arg.name);
}

/** `Number(x)` of an integer converted to a word type, as JavaScript converts the double. */
export function numberTo(c: WriterContext, inst: IRInstruction, to: WordType, span: Span): string {
  const arg = inst.args[0] as IRInstruction;
  const wide = wideOf(arg.type);
  // A 32-bit integer is its double exactly.
  if (!wide) return c.coerce(arg, to, span);
  const x = c.value(arg);
  const signed = wide === 'i64';
  if (to === 'bool') return `any(${x} != vec2u(0u, 0u))`;
  if (to === 'f32') {
    need(c.parts.helpers, 'gpuc_number_f32');
    return `gpuc_number_f32(${x}, ${signed})`;
  }
  need(c.parts.helpers, 'gpuc_number_word');
  const word = `gpuc_number_word(${x}, ${signed})`;
  return to === 'u32' ? word : `bitcast<i32>(${word})`;
}

/** The binary operators on 64-bit values, by the helper that computes each (or an expression). */
function wideBinary(c: WriterContext, inst: IRInstruction & { op: 'binary' }, wide: Wide): string {
  const [a, b] = inst.args as [IRInstruction, IRInstruction];
  const x = widen(c, a, inst.span);
  const y = widen(c, b, inst.span);
  const call = (helper: string, ...args: string[]) => {
    need(c.parts.helpers, helper);
    return `${helper}(${args.join(', ')})`;
  };
  switch (inst.operator) {
    case '&':
    case '|':
    case '^':
      return `(${x} ${inst.operator} ${y})`;
    case '+':
      return call('gpuc_add_wide', x, y);
    case '-':
      return call('gpuc_sub_wide', x, y);
    case '*':
      return call('gpuc_mul64', x, y);
    case '<<':
    case '>>':
      return call(
        'gpuc_bigshift',
        x,
        y,
        `${inst.operator === '<<'}`,
        `${wide === 'i64'}`,
        `${wideOf(b.type) === 'i64'}`,
      );
    case '/':
    case '%':
      // JavaScript throws for a BigInt divided by zero.
      throwIf(c, `all(${y} == vec2u(0u, 0u))`, 'RangeError: Division by zero', inst.span);
      return call('gpuc_divmod64', x, y, `${wide === 'i64'}`, `${inst.operator === '%'}`);
    case '**':
      if (wide === 'i64')
        throwIf(c, `bitcast<i32>(${y}.x) < 0i`, 'RangeError: Exponent must be non-negative', inst.span);
      return call('gpuc_pow64', x, y);
    default:
      return c.refuse(inst.span, `BigInt ${inst.operator}`);
  }
}

/** A comparison of two 64-bit values. */
function wideCompare(c: WriterContext, inst: IRInstruction & { op: 'compare' }, wide: Wide): string {
  const [a, b] = inst.args as [IRInstruction, IRInstruction];
  const x = widen(c, a, inst.span);
  const y = widen(c, b, inst.span);
  if (inst.operator === '==') return `all(${x} == ${y})`;
  if (inst.operator === '!=') return `any(${x} != ${y})`;
  need(c.parts.helpers, 'gpuc_cmp64');
  return `(gpuc_cmp64(${x}, ${y}, ${wide === 'i64'}) ${inst.operator} 0i)`;
}

/** The calls whose result is a 64-bit conversion of their argument. */
const CONVERSIONS = new Set(['BigInt', 'u64', 'i64']);

/**
 * An instruction on or of 64-bit values, its value assigned: true where it was one (and written),
 * false for any other.
 */
export function wideInstruction(c: WriterContext, inst: IRInstruction): boolean {
  const result = wideOf(inst.type);
  const operand = wideOf(inst.args?.[0]?.type);
  switch (inst.op) {
    case 'binary':
      if (!result) return false;
      c.assign(inst, wideBinary(c, inst, result));
      return true;
    case 'unary':
      if (!result) return false;
      if (inst.operator === '~') c.assign(inst, `(~${c.value(inst.args[0] as IRInstruction)})`);
      else if (inst.operator === '-') {
        need(c.parts.helpers, 'gpuc_sub_wide');
        c.assign(inst, `gpuc_sub_wide(vec2u(0u, 0u), ${c.value(inst.args[0] as IRInstruction)})`);
      } else c.refuse(inst.span, `BigInt ${inst.operator}`);
      return true;
    case 'compare':
      if (!operand) return false;
      c.assign(inst, wideCompare(c, inst, operand));
      return true;
    case 'truthy':
      if (!operand) return false;
      c.assign(inst, `any(${c.value(inst.args[0] as IRInstruction)} != vec2u(0u, 0u))`);
      return true;
    case 'convert':
      if (!result) return false;
      c.assign(inst, widen(c, inst.args[0] as IRInstruction, inst.span));
      return true;
    case 'undef':
      if (result && c.hasVar(inst)) c.emit(`v${inst.id} = vec2u(0u, 0u);`);
      return result !== undefined;
    case 'call':
      if (inst.target?.kind === 'function') return false;
      if (result && CONVERSIONS.has(inst.name)) {
        c.assign(inst, widen(c, inst.args[0] as IRInstruction, inst.span));
        return true;
      }
      if (operand && inst.name === 'gpu.popcount') {
        const x = c.value(inst.args[0] as IRInstruction);
        c.assign(inst, `i32(countOneBits(${x}.x) + countOneBits(${x}.y))`);
        return true;
      }
      // Converted where it is used (numberTo).
      return isNumberOfInteger(inst);
    default:
      return false;
  }
}
