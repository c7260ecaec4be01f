/**
 * `console.log(format, ...)` for printf-family targets: the format with JavaScript's newline,
 * and the values as C's variadic calls pass them. Every number travels as a double or a 64-bit
 * integer and its directive is rewritten to match, so `%d` of an f32 or `%f` of an i8 still print
 * the value. The host's printf and CUDA's vprintf both take what this gives.
 */
import { PRINT_DIRECTIVE } from '../../frontend/ir.js';
import { f64, isFloat, isSigned, type Type } from '../../frontend/types.js';
import { basicTypes } from '../../llvm/basic-types.js';
import type { Value } from '../../llvm/types.js';
import type { IntrinsicContext } from './intrinsics.js';

/** The rewritten format (newline included) and the promoted values. */
export function printfArguments(
  cx: IntrinsicContext,
  args: readonly Value[],
): { format: string; values: Value[] } {
  const { i64 } = basicTypes(cx.module);
  let index = 0;
  const values: Value[] = [];
  const format = ((cx.inst as { format?: string }).format ?? '').replace(
    PRINT_DIRECTIVE,
    (whole, directive: string) => {
      if (directive === '%') return whole;
      const type = cx.argTypes[index] as Type | undefined;
      const value = args[index++];
      if (!type || !value) return whole;
      if (isFloat(type) || 'fFeEgG'.includes(directive)) {
        values.push(cx.convert(value, type, f64));
        return '%g';
      }
      const signed = type.kind === 'scalar' && type.name !== 'bool' && isSigned(type);
      values.push(
        signed ? cx.builder.CreateSExtOrTrunc(value, i64) : cx.builder.CreateZExtOrTrunc(value, i64),
      );
      return signed ? '%lld' : '%llu';
    },
  );
  return { format: `${format}\n`, values };
}
