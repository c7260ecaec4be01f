/**
 * An f32 compared with a number constant, as JavaScript compares them: in f64, exactly. The
 * same answer comes from an f32 comparison, which every target has (WebGPU has no f64), with
 * the constant itself where an f32 equals it (or it is NaN), else with its f32 neighbour on the
 * compared side: a constant between two f32s lies strictly between them, so `x < 0.1` is
 * `x <= below` and `x > 0.1` is `x >= above`, and no f32 equals it.
 */
import { nextFloat32 } from './floats.js';
import type { CompareOperator } from './ir.js';

/** `x operator constant` of an f32 `x` as an f32 comparison, or its answer (`==`, `!=`). */
export function singleComparison(
  operator: CompareOperator,
  constant: number,
): { operator: CompareOperator; constant: number } | boolean {
  const rounded = Math.fround(constant);
  if (rounded === constant || Number.isNaN(constant)) return { operator, constant };
  const [below, above] =
    rounded < constant ? [rounded, nextFloat32(rounded, 1)] : [nextFloat32(rounded, -1), rounded];
  switch (operator) {
    case '==':
      return false;
    case '!=':
      return true;
    case '<':
    case '<=':
      return { operator: '<=', constant: below };
    default:
      return { operator: '>=', constant: above };
  }
}

/** The operator with its operands swapped: `c < x` is `x > c`. */
export function flippedComparison(operator: CompareOperator): CompareOperator {
  const flipped: Partial<Record<CompareOperator, CompareOperator>> = {
    '<': '>',
    '<=': '>=',
    '>': '<',
    '>=': '<=',
  };
  return flipped[operator] ?? operator;
}
