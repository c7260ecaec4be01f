// gpu.fma's derivative, from its catalogue entry: ∂/∂a = b, ∂/∂b = a, ∂/∂c = 1.
import { describe, expect, it } from 'vitest';
import { Active, autodiff, Const, Duplicated, Forward, Reverse } from '../src/index.js';

// Built from text: vitest rewrites the names of imports inside functions defined here.
const f = new Function('return function f(a, b, c) { return gpu.fma(a, b, c) * a; }')() as (
  a: number,
  b: number,
  c: number,
) => number;

describe('the derivative of gpu.fma', () => {
  it('is (b, a, 1) in reverse mode', () => {
    // f = (a b + c) a: ∂f/∂a = 2 a b + c, ∂f/∂b = a², ∂f/∂c = a.
    expect(autodiff(Reverse, f, Active(3), Active(2), Active(5))).toEqual([17, 9, 3]);
  });

  it('gives the tangent in forward mode', () => {
    expect(autodiff(Forward, f, Const(3), Duplicated(2, 1), Const(5))).toBe(9);
  });
});
