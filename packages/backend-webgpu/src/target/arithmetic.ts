/**
 * JavaScript's operators on WGSL words: where WGSL's differ (u32 negation, `%` by 0 and on f32,
 * shift counts, fused products), the WGSL computes what JavaScript does.
 */
import type { IRInstruction } from '@gpuc/core/compiler';
import type { WriterContext } from './context.js';
import { need } from './helpers.js';

/** A unary operator on an operand's WGSL `x`. */
export function unary(inst: IRInstruction & { op: 'unary' }, x: string): string {
  switch (inst.operator) {
    case '-':
      // WGSL has no negation of u32: 0 - x wraps as gpuc's u32 negation does.
      return inst.type?.kind === 'scalar' && inst.type.name === 'u32' ? `(0u - ${x})` : `(-${x})`;
    case '+':
      return x;
    case '!':
      return `(!${x})`;
    default:
      return `(~${x})`;
  }
}

/** A binary operator on two values. */
export function binary(
  c: WriterContext,
  inst: IRInstruction & { op: 'binary' },
  a: IRInstruction,
  b: IRInstruction,
): string {
  const type = c.scalar(inst.type, inst.span);
  if (
    type === 'f32' &&
    (inst.operator === '+' || inst.operator === '-' || inst.operator === '*' || inst.operator === '/')
  )
    return floatArithmetic(c, inst.operator, a, b);
  const x = c.value(a);
  const y = c.value(b);
  switch (inst.operator) {
    case '*':
    case '+':
    case '-':
    case '&':
    case '|':
    case '^':
      return `(${x} ${inst.operator} ${y})`;
    case '/':
      return c.refuse(inst.span, `integer division of ${type}`);
    case '%':
      if (type === 'f32') {
        need(c.parts.helpers, 'gpuc_fmod');
        return `gpuc_fmod(${x}, ${y})`;
      }
      // JavaScript's remainder by 0 is NaN, which an integer holds as 0; WGSL's x % 0 is x, and
      // a shader-creation error where the 0 is a constant: the divisor is 1 where the result is 0.
      if (type === 'i32') {
        const zero = `${y} == 0i || ${y} == -1i`;
        return `select(${x} % select(${y}, 1i, ${zero}), 0i, ${zero})`;
      }
      return `select(${x} % select(${y}, 1u, ${y} == 0u), 0u, ${y} == 0u)`;
    case '<<':
      return `(${x} << (u32(${y}) & 31u))`;
    case '>>':
      return `(${x} >> (u32(${y}) & 31u))`;
    case '>>>':
      return `bitcast<${type}>(bitcast<u32>(${x}) >> (u32(${y}) & 31u))`;
    default:
      return c.refuse(inst.span, `'${inst.operator}'`);
  }
}

/**
 * `+ - * /` of f32, as JavaScript computes them. WGSL lets a driver assume no signed zeros, no
 * infinities and no NaNs, and lavapipe's compiler does: it turned `x - x` into 0 (Infinity -
 * Infinity is NaN), `0 * x` into 0 (-0 for a negative x, NaN for an infinite one) and `x + 0`
 * into x (+0 for a -0), also where `0` or `x` was a value it computed. Drivers may also fuse a
 * product and a sum into a multiply-add, which rounds once where JavaScript rounds twice, and
 * rearrange sums (NVIDIA's turned (x*x + z) - (y*y + z) into fma(x, x, -y*y) when z was a -0
 * read at run time). So each operand's bits pass through an integer operation with a zero read
 * at run time (`fence`, from the parameter words), which no float rule sees through: the left
 * one's an xor and the right one's a sum, so that the same value on both sides (`a[i] - a[i]`)
 * gives two values the compiler cannot prove equal.
 */
function floatArithmetic(
  c: WriterContext,
  operator: '+' | '-' | '*' | '/',
  a: IRInstruction,
  b: IRInstruction,
): string {
  const [x, y] = opaque(c, c.value(a), c.value(b));
  return `(${x} ${operator} ${y})`;
}

/** Two f32 operands no float rule sees through, nor proves equal (see {@link floatArithmetic}). */
export function opaque(c: WriterContext, x: string, y: string): [string, string] {
  c.parts.productFence = true;
  return [`bitcast<f32>(bitcast<u32>(${x}) ^ fence)`, `bitcast<f32>(bitcast<u32>(${y}) + fence)`];
}
