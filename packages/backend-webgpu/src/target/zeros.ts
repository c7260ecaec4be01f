/**
 * JavaScript's -0 for integer values in WGSL, as core's LLVM code generation keeps it
 * (docs/language.md, "Where integers can disagree with JavaScript"): JavaScript computes `-x`,
 * `a % b` and `a * b` in doubles, which can give -0, so each integer value that may be -0 gets a
 * bool beside it, and a conversion of an integer to f32 gives -0 where it is set.
 */
import type { IRInstruction, Span } from '@gpuc/core/compiler';
import type { WordType } from '../webgpu/layout.js';

/** What the flags are made of: each value's WGSL expression and flag. */
export interface FlagContext {
  /** A value as a WGSL expression. */
  value(inst: IRInstruction): string;
  /** A value's flag as a WGSL expression (`false` for one that is never -0). */
  flag(inst: IRInstruction): string;
  /** A value converted to a word type (a literal of another type among `Math.max`'s arguments). */
  coerce(inst: IRInstruction, to: WordType, span: Span): string;
}

/** Whether a value is an integer that JavaScript may hold as -0 (i32 and u32). */
export function tracked(inst: IRInstruction): boolean {
  const t = inst.type;
  return t?.kind === 'scalar' && (t.name === 'i32' || t.name === 'u32');
}

/** The flag of an instruction's result, or undefined where it is never -0. */
export function negativeZero(inst: IRInstruction, result: string, c: FlagContext): string | undefined {
  if (!tracked(inst)) return undefined;
  const signed = inst.type?.kind === 'scalar' && inst.type.name === 'i32';
  const zero = signed ? '0i' : '0u';
  const [a, b] = inst.args as IRInstruction[];
  const x = () => c.value(a as IRInstruction);
  const y = () => c.value(b as IRInstruction);
  const f = (of: IRInstruction | undefined) => c.flag(of as IRInstruction);
  // Negative as a double: below zero (i32 only), or -0.
  const negative = (v: string, of: IRInstruction | undefined) => (signed ? `(${v} < 0i || ${f(of)})` : f(of));
  if (inst.op === 'unary' && inst.operator === '-') return `(${x()} == ${zero} && !${f(a)})`;
  if (inst.op === 'binary') {
    switch (inst.operator) {
      case '+':
        return `(${f(a)} && ${f(b)})`;
      case '-':
        return `(${f(a)} && ${y()} == ${zero} && !${f(b)})`;
      case '*':
        return `((${x()} == ${zero} || ${y()} == ${zero}) && (${negative(x(), a)} != ${negative(y(), b)}))`;
      case '%':
        // The sign of the dividend; a zero divisor gives +0 (JavaScript: NaN, documented).
        return `(${result} == ${zero} && ${y()} != ${zero} && ${negative(x(), a)})`;
      default:
        return undefined;
    }
  }
  if (inst.op !== 'call' || inst.target?.kind !== 'intrinsic') return undefined;
  switch (inst.name) {
    case 'Math.floor':
    case 'Math.ceil':
    case 'Math.trunc':
    case 'Math.round':
    case 'Math.sign':
      return f(a);
    case 'Math.min':
      // A zero minimum is -0 when any argument is.
      return `(${result} == ${zero} && (${inst.args.map(f).join(' || ')}))`;
    case 'Math.max':
      // A zero maximum is -0 only when every zero argument is.
      return `(${result} == ${zero} && ${inst.args.map((arg) => `(${c.coerce(arg, signed ? 'i32' : 'u32', inst.span)} != ${zero} || ${f(arg)})`).join(' && ')})`;
    default:
      return undefined;
  }
}
