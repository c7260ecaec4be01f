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

/**
 * An f32 as a value no float rule sees through: an integer xor with `fence`, a zero read when
 * the kernel runs. Vulkan drivers take f32 arithmetic as fast math (WGSL lets them assume no
 * NaN or infinity): lavapipe folded `x - x` to 0 (NaN of an infinity or NaN), `x !== x` to false
 * (a NaN), `(x + 1) - 1` to `x`, and NVIDIA's fused and rearranged sums of products.
 */
export function fenced(c: WriterContext, f32: string): string {
  c.parts.productFence = true;
  return `bitcast<f32>(bitcast<u32>(${f32}) ^ fence)`;
}

/**
 * An f32 operand of `+ - *`: a constant zero as a value the driver cannot know. Drivers fold
 * `x + 0`, `0 - x` and `x * 0` (lavapipe gave -0 + 0 as -0, 0 - 0 as -0, -0 * 0 as 0), which
 * JavaScript's signed zeros, NaN and infinities do not allow; the run-time zero `fence` (with
 * the sign bit for -0) keeps them.
 */
function operand(c: WriterContext, inst: IRInstruction): string {
  if (inst.op !== 'const' || inst.value !== 0) return c.value(inst);
  c.parts.productFence = true;
  return `bitcast<f32>(fence${Object.is(inst.value, -0) ? ' ^ 0x80000000u' : ''})`;
}

/** A binary operator on two values. */
export function binary(
  c: WriterContext,
  inst: IRInstruction & { op: 'binary' },
  a: IRInstruction,
  b: IRInstruction,
): string {
  const type = c.scalar(inst.type, inst.span);
  const opaque = type === 'f32' && ['+', '-', '*'].includes(inst.operator);
  const x = opaque ? operand(c, a) : c.value(a);
  const y = opaque ? operand(c, b) : c.value(b);
  switch (inst.operator) {
    case '*':
      if (type !== 'f32') return `(${x} * ${y})`;
      // Vulkan drivers may fuse a product and a sum into a multiply-add, which rounds once
      // where JavaScript rounds twice, and may rearrange sums: NVIDIA's turned
      // (x*x + z) - (y*y + z) into fma(x, x, -y*y) when z was a -0 read at run time.
      return fenced(c, `${x} * ${y}`);
    // Sums too, or `(x + 1) - 1` is reassociated into `x`; and a difference's subtrahend, or
    // `x - x` is 0 where JavaScript's is NaN for an infinity or a NaN.
    case '+':
      if (type === 'f32') return fenced(c, `${x} + ${y}`);
      return `(${x} + ${y})`;
    case '-':
      if (type === 'f32') return fenced(c, `${x} - ${b.op === 'const' ? y : fenced(c, y)}`);
      return `(${x} - ${y})`;
    case '&':
    case '|':
    case '^':
      return `(${x} ${inst.operator} ${y})`;
    case '/':
      if (type !== 'f32') return c.refuse(inst.span, `integer division of ${type}`);
      return `(${x} / ${y})`;
    case '%':
      if (type === 'f32') {
        need(c.parts.helpers, 'gpuc_fmod');
        return `gpuc_fmod(${x}, ${y})`;
      }
      // JavaScript's remainder by 0 is NaN, which an integer holds as 0; WGSL's x % 0 is x.
      if (type === 'i32') return `select(${x} % ${y}, 0i, ${y} == 0i || ${y} == -1i)`;
      return `select(${x} % ${y}, 0u, ${y} == 0u)`;
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
