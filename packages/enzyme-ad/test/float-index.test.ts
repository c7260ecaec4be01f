// A Math.floor index in a differentiated function on the reference runner, whose derivative
// runs as JavaScript (reference/javascript.ts): one NaN or past 2^32 reads outside the array,
// as the function itself does, not element 0.
import { runReference } from '@gpuc/core';
import { describe, expect, it } from 'vitest';
import { Active, autodiff, Const, Reverse } from '../src/index.js';

function g(t: number, xs: Float64Array, p: number): number {
  let s = 0;
  for (let j = 0; j < 1; j++) s += t * (xs[Math.floor(p) + j] as number);
  return s;
}

const text = `function k(xs, p, o) {
  o[0] = autodiff(Reverse, g, Active(xs[1]), Const(xs), Const(p))[0];
  o[1] = g(xs[1], xs, p);
}`;
const scope = { g, autodiff, Reverse, Active, Const };

describe('a float index in a derivative on the reference runner', () => {
  it('reads the element JavaScript reads, and none for NaN or 2^32 (the derivative read element 0)', () => {
    for (const [p, expected] of [
      [1.5, [5, 25]],
      [-0, [3, 15]],
      [NaN, [NaN, NaN]],
      [2 ** 32, [NaN, NaN]],
      [-(2 ** 32), [NaN, NaN]],
    ] as const) {
      const o = new Float64Array(2);
      runReference({ text, file: 'float-index.js' }, { grid: 1, block: 1, scope }, [
        new Float64Array([3, 5]),
        p,
        o,
      ]);
      expect([...o], String(p)).toEqual(expected);
      expect(o[1]).toEqual(g(5, new Float64Array([3, 5]), p));
    }
  });
});
